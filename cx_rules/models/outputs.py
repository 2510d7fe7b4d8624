"""What an evaluation produces: violations and next-best actions."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from cx_rules.models.enums import Category, Severity


class Violation(BaseModel):
    """One broken customer expectation, with the events that show it."""

    model_config = ConfigDict(frozen=True)

    rule_id: str
    ruleset: str
    ruleset_version: str
    category: Category
    severity: Severity
    case_id: str
    customer_id: str
    interaction_ids: tuple[str, ...]
    timestamp: datetime | None = None
    observed: str
    limit: str
    message: str
    message_id: str | None = None
    """The catalogue template of ``message`` (its English text with the values as fields;
    None for a text of the ruleset's own)."""
    message_args: tuple[str, ...] | None = None
    """The template's values, in field order."""

    def key(self) -> tuple[str, str, str, tuple[str, ...], str]:
        """Identity used to compare engines: rule, case, customer, events and what was observed."""
        return (self.rule_id, self.case_id, self.customer_id, self.interaction_ids, self.observed)


class Action(BaseModel):
    """A next-best action proposed for a customer."""

    model_config = ConfigDict(frozen=True)

    action_id: str
    customer_id: str
    case_id: str | None
    score: float
    reason_rule_ids: tuple[str, ...]
    channel: str | None = None
    expires_at: datetime | None = None
    send_after: datetime | None = None
    """Not before this time: the end of the customer's quiet hours it was created in."""
    propensity: float | None = None
    """The action's propensity from recorded outcomes (None when there are none)."""
    priority: int | None = None
    """The score's terms: ``score = priority x weight x value x lever (x propensity)``."""
    weight: float | None = None
    """The tier weight times the context weights that hold."""
    value: float | None = None
    lever: float | None = None
    created_at: datetime | None = None
    """When the violation (or proposition) that proposed it happened."""
