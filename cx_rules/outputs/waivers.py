"""Waivers (a ruleset's ``exceptions:``): the findings a team accepted, apart from the rest.

:func:`apply_waivers` splits the violations into the ones that count and the waived ones,
each waived finding with the waiver that took it (``waiver``: its index, ``waiver_reason``,
``waiver_until``), so a report lists them separately and the counts add up: violations found
= counted + waived. A waiver past its ``until`` date no longer applies and is reported as
expired, so its findings count again and the team sees why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import polars as pl

from cx_rules.models.outputs import Violation
from cx_rules.models.ruleset import Ruleset, Waiver

__all__ = ["Waived", "apply_waivers", "expired_notes", "waiver_for"]


@dataclass(frozen=True)
class Waived:
    counted: pl.DataFrame
    """The violations that count (and fail a run)."""
    waived: pl.DataFrame
    """The waived ones, with ``waiver``, ``waiver_reason`` and ``waiver_until``."""
    expired: tuple[str, ...]
    """One note per waiver past its date."""


def _rule_ids(ruleset: Ruleset, waiver: Waiver) -> list[str]:
    return [r.id for r in ruleset.rules if set(r.names) & set(waiver.rules)]


def _extra(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(pl.lit(None, pl.Int64).alias("waiver"),
                              pl.lit(None, pl.String).alias("waiver_reason"),
                              pl.lit(None, pl.Date).alias("waiver_until"))


def expired_notes(ruleset: Ruleset, today: date) -> tuple[str, ...]:
    """One note per waiver past its ``until`` date on ``today``."""
    return tuple(
        f"exception {i} ({', '.join(w.rules)}: {w.reason}) expired on {w.until.isoformat()}; "
        "its findings count again" for i, w in enumerate(ruleset.exceptions) if w.until < today)


def apply_waivers(violations: pl.DataFrame, interactions: pl.DataFrame, ruleset: Ruleset,
                  today: date) -> Waived:
    """Split ``violations`` by the ruleset's waivers in force on ``today``."""
    expired = expired_notes(ruleset, today)
    live = [(i, w) for i, w in enumerate(ruleset.exceptions) if w.until >= today]
    if not live or violations.height == 0:
        return Waived(violations, _extra(violations.clear()), expired)
    rows = violations.with_row_index("__v")
    events = None
    if any(w.agents or w.channels for _, w in live):
        events = rows.select("__v", "interaction_ids").explode("interaction_ids").join(
            interactions.select("interaction_id", "agent_id", "channel"),
            left_on="interaction_ids", right_on="interaction_id", how="left")
    taken = pl.Series("waiver", [None] * rows.height, dtype=pl.Int64)
    for index, waiver in live:
        mask = rows["rule_id"].is_in(_rule_ids(ruleset, waiver))
        if waiver.cases:
            mask &= rows["case_id"].is_in(waiver.cases)
        if waiver.customers:
            mask &= rows["customer_id"].is_in(waiver.customers)
        for column, wanted in (("agent_id", waiver.agents),
                               ("channel", [c.value for c in waiver.channels])):
            if wanted and events is not None:
                hit = events.filter(pl.col(column).cast(pl.String).is_in(wanted))["__v"]
                mask &= rows["__v"].is_in(hit.unique().to_list())
        newly = taken.is_null() & mask  # the first waiver that matches takes the finding
        taken = taken.zip_with(~newly, pl.Series("waiver", [index] * rows.height,
                                                 dtype=pl.Int64))
    reasons = {i: w.reason for i, w in live}
    untils = {i: w.until for i, w in live}
    marked = rows.with_columns(taken.alias("waiver"))
    waived = marked.filter(pl.col("waiver").is_not_null()).with_columns(
        pl.col("waiver").replace_strict(reasons, return_dtype=pl.String).alias("waiver_reason"),
        pl.col("waiver").replace_strict(untils, return_dtype=pl.Date).alias("waiver_until"),
    ).drop("__v")
    counted = marked.filter(pl.col("waiver").is_null()).drop("__v", "waiver")
    return Waived(counted, waived, expired)


def waiver_for(violation: Violation, ruleset: Ruleset, today: date,
               events: Iterable[tuple[str | None, str | None]]) -> tuple[int, Waiver] | None:
    """The waiver (index, waiver) that takes one finding, as :func:`apply_waivers` would: the
    first in force on ``today`` whose rules, cases, customers, agents and channels all match.
    ``events`` are the ``(agent_id, channel)`` of the finding's events (for the streaming
    session, which judges one finding at a time)."""
    seen = list(events)
    agents = {a for a, _ in seen if a is not None}
    channels = {c for _, c in seen if c is not None}
    for index, waiver in enumerate(ruleset.exceptions):
        if waiver.until < today or violation.rule_id not in _rule_ids(ruleset, waiver):
            continue
        if waiver.cases and violation.case_id not in waiver.cases:
            continue
        if waiver.customers and violation.customer_id not in waiver.customers:
            continue
        if waiver.agents and not agents & set(waiver.agents):
            continue
        if waiver.channels and not channels & {c.value for c in waiver.channels}:
            continue
        return index, waiver
    return None
