"""cx-rules: check how a company treats its customers.

Public API::

    from cx_rules import load_ruleset, evaluate
    result = evaluate("examples/sample_log.csv", load_ruleset("cx-baseline"),
                      customers="examples/customers.csv")
    result.violations      # polars DataFrame, one row per violation
    result.summary         # counts that add up: rows_read == rows_evaluated + rows_rejected

Names are imported lazily so that ``import cx_rules.pii`` (or the CLI's ``--help``) stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "evaluate": "cx_rules.app.evaluate",
    "DatabaseSource": "cx_rules.io.database",
    "load_ruleset": "cx_rules.ruleset.load",
    "Result": "cx_rules.app.result",
    "Summary": "cx_rules.app.summary",
    "CxError": "cx_rules.errors",
    "InputError": "cx_rules.errors",
    "RulesetError": "cx_rules.errors",
    "Action": "cx_rules.models",
    "CustomerProfile": "cx_rules.models",
    "Interaction": "cx_rules.models",
    "Ruleset": "cx_rules.models",
    "RuleSpec": "cx_rules.models",
    "Violation": "cx_rules.models",
    "Session": "cx_rules.streaming",
}

__all__ = [
    "Action",
    "CustomerProfile",
    "CxError",
    "DatabaseSource",
    "InputError",
    "Interaction",
    "Result",
    "RuleSpec",
    "Ruleset",
    "RulesetError",
    "Session",
    "Summary",
    "Violation",
    "__version__",
    "evaluate",
    "load_ruleset",
]

if TYPE_CHECKING:
    from cx_rules.app.evaluate import evaluate
    from cx_rules.app.result import Result
    from cx_rules.app.summary import Summary
    from cx_rules.errors import CxError, InputError, RulesetError
    from cx_rules.io.database import DatabaseSource
    from cx_rules.models import (
        Action,
        CustomerProfile,
        Interaction,
        Ruleset,
        RuleSpec,
        Violation,
    )
    from cx_rules.ruleset.load import load_ruleset
    from cx_rules.streaming import Session


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'cx_rules' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
