"""The streaming :class:`Session` (see :mod:`cx_rules.streaming` for the contract)."""

from cx_rules.models.outputs import Action, Violation
from cx_rules.streaming.outputs import DeadlineAlert, EvictedCaseError, LateEventError
from cx_rules.streaming.session.session import Session

__all__ = ["Action", "DeadlineAlert", "EvictedCaseError", "LateEventError", "Session",
           "Violation"]
