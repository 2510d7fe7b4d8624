"""The summary of one evaluation, built in one place whatever engine ran it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import polars as pl

from cx_rules.models.ruleset import Ruleset
from cx_rules.schema import CONTEXT_REASON


@dataclass(frozen=True)
class Summary:
    """Counts of one evaluation. ``rows_read == rows_evaluated + rows_context +
    rows_rejected`` always."""

    ruleset: str
    ruleset_version: str
    as_of: datetime | None
    rows_read: int
    rows_evaluated: int
    rows_rejected: int
    cases: int
    customers: int
    customer_rows_read: int
    customer_rows_rejected: int
    violations: int
    by_severity: dict[str, int]
    by_category: dict[str, int]
    by_rule: dict[str, int]
    seconds: float
    warnings: tuple[str, ...] = ()
    """Things worth knowing that lost no row (e.g. a reply cycle broken in a tweet export)."""
    not_applicable: dict[str, str] = field(default_factory=dict)
    """Rules that could not apply to this log, by rule id, with the reason (the log has no
    ``status``...): they report nothing, which says nothing about what happened."""

    as_of_source: str = ""
    """How ``as_of`` (the end of the log, "now" for open waits) was chosen."""
    open_waits: int = 0
    """Customer waits no company reply (agent or bot) ended before ``as_of``."""
    cut_off_waits: int = 0
    """Of the open waits, those whose reply the export names but does not hold (a sampled or
    cut export): answered at an unknown time, so no rule reports them as unanswered."""

    sla_comparison: dict[str, int] = field(default_factory=dict)
    """The export's own SLA verdicts against ours (:mod:`cx_rules.app.vendor_sla`); empty
    when the export carries none."""
    sla_examples: dict[str, list[str]] = field(default_factory=dict)
    """Case ids of the disagreements in :attr:`sla_comparison` (``breached_by_export_only``,
    ``breached_by_us_only``), a few of each."""
    waived: int = 0
    """Findings waived by the ruleset's exceptions: counted apart, never in ``violations``."""
    rows_context: int = 0
    """Rows that are not interactions but were read for what they say about them (a ticket
    row read through its comments, a user's role, a field change, the help desk's own SLA
    events): listed with the rejects (reason ``context: ...``), never counted as rejected."""
    outcome_rows_read: int = 0
    outcome_rows_rejected: int = 0
    """The outcomes input (``--outcomes``): rows read and rejected (read = used + rejected)."""
    phase_seconds: dict[str, float] = field(default_factory=dict)
    """Wall-clock seconds per phase of a local run: ``reading``, ``rules`` and ``findings``
    (waivers and counts); empty for the partitioned engines."""

    def rows_sentence(self) -> str:
        """``rows read 78 = evaluated 32 + context 45 + rejected 1`` (context only when some
        rows were read as context)."""
        context = f" + context {self.rows_context:,}" if self.rows_context else ""
        return (f"rows read {self.rows_read:,} = evaluated {self.rows_evaluated:,}{context} + "
                f"rejected {self.rows_rejected:,}")

    def end_of_log(self) -> str:
        """One sentence on where the log ends and what is still open there (every report
        prints it, so "not reported" is never read as "did not happen")."""
        when = f"{self.as_of:%Y-%m-%d %H:%M %Z}" if self.as_of else "unknown"
        text = f"log ends {when} ({self.as_of_source or 'as given'}); "
        if not self.open_waits:
            return text + "no customer wait still open"
        text += f"{self.open_waits} customer wait(s) still open"
        if self.cut_off_waits:
            text += (f", {self.cut_off_waits} of them answered by a reply the export names but "
                     "does not hold (unknown, not reported as unanswered)")
        return text

    def sla_comparison_text(self) -> str | None:
        """The export's own SLA verdicts against ours, in one sentence (None: none given)."""
        from cx_rules.app.vendor_sla import describe

        return describe(self.sla_comparison, self.sla_examples)

    def to_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["as_of"] = self.as_of.isoformat() if self.as_of else None
        data["warnings"] = list(self.warnings)
        data["not_applicable"] = dict(self.not_applicable)
        data["sla_comparison"] = dict(self.sla_comparison)
        data["sla_examples"] = {k: list(v) for k, v in self.sla_examples.items()}
        data["phase_seconds"] = dict(self.phase_seconds)
        return data

    @classmethod
    def build(
        cls, ruleset: Ruleset, as_of: datetime | None, *, rows_read: int, rows_evaluated: int,
        rows_rejected: int, cases: int, customers: int, customer_rows_read: int,
        customer_rows_rejected: int, by_severity: Mapping[str, int],
        by_category: Mapping[str, int], by_rule: Mapping[str, int], seconds: float,
        warnings: Sequence[str] = (), not_applicable: Mapping[str, str] | None = None,
        as_of_source: str = "", open_waits: int = 0, cut_off_waits: int = 0,
        sla_comparison: Mapping[str, int] | None = None,
        sla_examples: Mapping[str, Sequence[str]] | None = None, waived: int = 0,
        phase_seconds: Mapping[str, float] | None = None, outcome_rows_read: int = 0,
        outcome_rows_rejected: int = 0, rows_context: int = 0,
    ) -> Summary:
        """The one place a summary is made, from additive counts (one process or the sum of
        partitions): the counts are ordered largest first, the warnings kept once each."""
        return cls(
            ruleset=ruleset.ruleset, ruleset_version=ruleset.version, as_of=as_of,
            rows_read=rows_read, rows_evaluated=rows_evaluated, rows_rejected=rows_rejected,
            cases=cases, customers=customers, customer_rows_read=customer_rows_read,
            customer_rows_rejected=customer_rows_rejected,
            violations=sum(by_rule.values()), by_severity=ordered_counts(by_severity),
            by_category=ordered_counts(by_category), by_rule=ordered_counts(by_rule),
            seconds=seconds, warnings=tuple(dict.fromkeys(warnings)),
            not_applicable=dict(not_applicable or {}),
            as_of_source=as_of_source, open_waits=open_waits, cut_off_waits=cut_off_waits,
            sla_comparison=dict(sla_comparison or {}),
            sla_examples={k: list(v) for k, v in (sla_examples or {}).items()}, waived=waived,
            outcome_rows_read=outcome_rows_read, outcome_rows_rejected=outcome_rows_rejected,
            rows_context=rows_context,
            phase_seconds={k: round(v, 6) for k, v in (phase_seconds or {}).items()},
        )


def context_rows(rejects: pl.DataFrame) -> int:
    """How many of ``rejects`` are rows read as context (see :attr:`Summary.rows_context`)."""
    if rejects.is_empty():
        return 0
    return int(rejects["reason"].str.starts_with(CONTEXT_REASON).sum())


AS_OF_GIVEN = "given by the caller (--as-of)"
AS_OF_LAST_EVENT = "the last event in the log"
AS_OF_CLOCK = "the clock (the log has no event)"


def choose_as_of(given: datetime | None, last_event: datetime | None
                 ) -> tuple[datetime, str]:
    """The end of the log, in UTC, and how it was chosen: the caller's, else the last event's
    time, else the clock (an empty log)."""
    if given is not None:
        if given.tzinfo is None:
            raise ValueError("as_of must be timezone-aware")
        return given.astimezone(UTC), AS_OF_GIVEN
    if last_event is not None:
        return last_event.astimezone(UTC), AS_OF_LAST_EVENT
    return datetime.now(UTC), AS_OF_CLOCK


def ordered_counts(counts: Mapping[str, int]) -> dict[str, int]:
    """Non-zero counts, largest first, then by name."""
    return {k: v for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if v}


def counts(frame: pl.DataFrame, column: str) -> dict[str, int]:
    """Value counts of a column as a plain dict, largest first."""
    if frame.is_empty():
        return {}
    table = frame.group_by(column).len().sort(["len", column], descending=[True, False])
    return {str(k): int(v) for k, v in table.iter_rows()}
