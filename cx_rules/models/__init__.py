"""Pydantic models of the canonical records, rulesets and outputs."""

from cx_rules.models.enums import (
    Actor,
    Category,
    Channel,
    Direction,
    Priority,
    Purpose,
    QueueEvent,
    Severity,
    Status,
)
from cx_rules.models.interaction import CustomerProfile, Interaction
from cx_rules.models.outputs import Action, Violation
from cx_rules.models.ruleset import ActionSpec, Ruleset, RulesetTest, RuleSpec

__all__ = [
    "Action",
    "ActionSpec",
    "Actor",
    "Category",
    "Channel",
    "CustomerProfile",
    "Direction",
    "Interaction",
    "Priority",
    "Purpose",
    "QueueEvent",
    "RuleSpec",
    "Ruleset",
    "RulesetTest",
    "Severity",
    "Status",
    "Violation",
]
