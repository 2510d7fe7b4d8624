"""engine: compile a ruleset into one polars plan per rule and run them together."""

from cx_rules.engine.run import RuleTiming, Run, run_log, run_rules

__all__ = ["RuleTiming", "Run", "run_log", "run_rules"]
