"""engine: compile a ruleset into one polars plan per rule and run them together."""

from cx_rules.engine.run import RuleTiming, run_rules

__all__ = ["RuleTiming", "run_rules"]
