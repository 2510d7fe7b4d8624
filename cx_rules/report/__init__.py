"""report: render a :class:`~cx_rules.app.result.Result` for people (text) or machines (json...)."""

from cx_rules.report.registry import REPORTERS, Reporter, get_reporter

__all__ = ["REPORTERS", "Reporter", "get_reporter"]
