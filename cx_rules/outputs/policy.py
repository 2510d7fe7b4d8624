"""The contact policy's conditions and words, written once for the batch arbitration, its
reference and the streaming session.

- **Reasons**: every suppression reason is one ``str.format`` template here (:data:`REASONS`);
  the reference and the session call :func:`reason`, the vectorised plan
  :func:`reason_expr`, so the three cannot word a reason differently.
- **Engagement policies** of an action (``eligibility``, ``applicability``, ``suitability``,
  in that order): each is an expression over the triggering event's fields,
  ``customer.<field>`` and ``now`` (the time the candidate is created). A candidate for which
  one is not true (false, or unknown because a field it reads is missing) is suppressed as
  ``not eligible: <expression>`` (``applicable``, ``suitable``).
- **Context weights** (``contact_policy.context_weights``): each entry whose ``when`` is true
  for the candidate, and that names its action (``actions``) or group (``group``) or neither,
  multiplies its ``weight`` term (together with the tier weight).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl

from cx_rules.durations import to_us
from cx_rules.expr import Expr, evaluate_row, referenced_fields, to_polars
from cx_rules.kinds.base import CHANNELS
from cx_rules.kinds.scope import parse_action_expr, profile_fields
from cx_rules.messages import Catalogue, Message, template_expr
from cx_rules.models.ruleset import ActionSpec, ContactPolicy, ContextWeight

CATALOGUE = Catalogue(__package__ or "cx_rules.outputs")
"""The suppression reasons' catalogue (``cx_rules/outputs/locale``)."""

OUTCOME_WORDS = ("rejected", "ignored")
ENGAGEMENT_WORDS = ("eligible", "applicable", "suitable")

REASONS: dict[str, Message] = {
    "opted_out": CATALOGUE.message("customer opted out of {channel}",
                                   terms={"channel": CHANNELS}),
    "consent": CATALOGUE.message("marketing action without the customer's marketing consent"),
    "quiet_hours": CATALOGUE.message(
        "expires before the customer's quiet hours ({quiet_hours} {timezone}) end"),
    "outcomes": CATALOGUE.message(
        "the customer {word} it {seen} time(s) in the last {within} "
        "(suppress_after: {word} {limit})",
        terms={"word": OUTCOME_WORDS}, durations=("within",)),
    "contact_limit": CATALOGUE.message(
        "contact limit: at most {count} proactive contact(s) per {per}", durations=("per",)),
    "channel_limit": CATALOGUE.message(
        "contact limit: at most {count} proactive contact(s) on {channel} per {per}",
        terms={"channel": CHANNELS}, durations=("per",)),
    "cap": CATALOGUE.message("lower priority than {cap} other action(s) for this customer"),
    "open_cap": CATALOGUE.message("{cap} other action(s) for this customer are still open "
                                  "(max_actions_per_customer)"),
    "engagement": CATALOGUE.message("not {word}: {expression}",
                                    terms={"word": ENGAGEMENT_WORDS}),
}
"""Every suppression reason, by name: a message of the outputs' catalogue, so a report in
another language translates it (:func:`cx_rules.messages.localise_matching`)."""

ENGAGEMENT: tuple[tuple[str, str], ...] = (
    ("eligibility", "eligible"), ("applicability", "applicable"), ("suitability", "suitable"))
"""The engagement policies in the order they are tested, with the word of their reason."""


def reason(name: str, **values: Any) -> str:
    """The reason ``name`` with its values (the reference and streaming form)."""
    return REASONS[name].render(**values)


def reason_expr(name: str, **values: pl.Expr | str | int) -> pl.Expr:
    """The reason ``name`` as a polars expression (columns where the values vary by row)."""
    return template_expr(REASONS[name].template, **values)


def expression_values(event: Mapping[str, Any] | None, profile: Mapping[str, Any],
                      now: datetime) -> dict[str, Any]:
    """What an engagement policy or context weight reads, row by row: the triggering event's
    fields, the profile as ``customer_<field>`` and ``now``."""
    values: dict[str, Any] = {k: v for k, v in (event or {}).items() if k != "customer_id"}
    return {**values, **profile_fields(profile), "now": now}


def contact_window(contact: datetime, per: timedelta) -> int:
    """The tumbling window (counted from the Unix epoch) a contact at ``contact`` falls in."""
    delta = contact - datetime(1970, 1, 1, tzinfo=UTC)
    return to_us(delta) // to_us(per)


def engagement_tests(spec: ActionSpec, profile_only: bool = False
                     ) -> Iterator[tuple[str, str, Expr]]:
    """(reason word, expression text, compiled expression) of each policy the action has."""
    for attr, word in ENGAGEMENT:
        text = getattr(spec, attr)
        if text is not None:
            yield word, text, parse_action_expr(text, profile_only)


def engagement_reason(spec: ActionSpec, values: Mapping[str, Any],
                      profile_only: bool = False) -> str | None:
    """Why a candidate fails its action's engagement policies (``values``: the event's fields,
    ``customer_<field>`` and ``now``), or None when it passes them all."""
    for word, text, expr in engagement_tests(spec, profile_only):
        if evaluate_row(expr, values) is not True:
            return reason("engagement", word=word, expression=text)
    return None


def engagement_reason_column(specs: Mapping[str, ActionSpec], action: pl.Expr,
                             profile_only: bool = False) -> pl.Expr:
    """The vectorised :func:`engagement_reason` of each row, by its ``action`` id."""
    out: pl.Expr = pl.lit(None, pl.String)
    for action_id, spec in specs.items():
        failed: pl.Expr = pl.lit(None, pl.String)
        for word, text, expr in reversed(list(engagement_tests(spec, profile_only))):
            failed = pl.when(to_polars(expr).fill_null(False).not_()).then(
                pl.lit(reason("engagement", word=word, expression=text))).otherwise(failed)
        out = pl.when(action == action_id).then(failed).otherwise(out)
    return out


def _names(weight: ContextWeight, action_id: str, group: str | None) -> bool:
    return ((weight.actions is None or action_id in weight.actions)
            and (weight.group is None or weight.group == group))


def context_factor(policy: ContactPolicy, spec: ActionSpec, values: Mapping[str, Any]) -> float:
    """The product of the context weights that hold for this candidate (1.0 for none)."""
    factor = 1.0
    for weight in policy.context_weights:
        if _names(weight, spec.id, spec.group) and \
                evaluate_row(parse_action_expr(weight.when), values) is True:
            factor *= weight.weight
    return factor


def context_factor_column(policy: ContactPolicy, action: pl.Expr, group: pl.Expr) -> pl.Expr:
    """The vectorised :func:`context_factor` of each row, by its ``action`` id and ``group``."""
    factor: pl.Expr = pl.lit(1.0)
    for weight in policy.context_weights:
        applies = to_polars(parse_action_expr(weight.when)).fill_null(False)
        if weight.actions is not None:
            applies = applies & action.is_in(weight.actions)
        if weight.group is not None:
            applies = applies & (group == weight.group).fill_null(False)
        factor = factor * pl.when(applies).then(pl.lit(weight.weight)).otherwise(pl.lit(1.0))
    return factor


def fields_read(specs: Mapping[str, ActionSpec], policy: ContactPolicy) -> set[str]:
    """The columns the engagement policies and context weights read (``customer_tier``,
    ``channel``, ``now``...)."""
    exprs = [e for spec in specs.values() for _, _, e in engagement_tests(spec)]
    exprs += [parse_action_expr(w.when) for w in policy.context_weights]
    return {column for e in exprs for column in referenced_fields(e)}


__all__ = [
    "ENGAGEMENT",
    "REASONS",
    "contact_window",
    "context_factor",
    "context_factor_column",
    "engagement_reason",
    "engagement_reason_column",
    "engagement_tests",
    "expression_values",
    "fields_read",
    "reason",
    "reason_expr",
]
