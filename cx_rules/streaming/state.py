"""The per-case and per-customer state a session keeps, and the compiled rules it runs."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cx_rules.kinds.base import Check, RefViolation, Row, Scope, StreamHooks
from cx_rules.messages import localise_text, message_of
from cx_rules.models.enums import Category, Severity
from cx_rules.models.outputs import Violation
from cx_rules.models.ruleset import Ruleset, RuleSpec
from cx_rules.streaming.kinds import at_risk_check, reference_check, stream_kind

Key = tuple[Any, ...]
"""A violation's identity for equivalence: case, customer, events, time, observed, limit,
message (everything the batch engine reports that depends on the log)."""
Ident = tuple[int, str, tuple[str, ...]]
"""What an alert is about: rule index, case and events (its text changes with time)."""


def violation_key(v: RefViolation) -> Key:
    return (v["case_id"], v["customer_id"], tuple(v["interaction_ids"]), v["timestamp"],
            v["observed"], v["limit"], v["message"])


def _scoped(check: Check, scope: Any) -> Check:
    """``check`` on the rows of the cases a rule's ``where`` admits."""
    def scoped(params: Any, rows: list[Row], profiles: dict[str, Row], calendar: Any,
               as_of: datetime) -> list[RefViolation]:
        return check(params, scope.rows(rows, profiles), profiles, calendar, as_of)

    return scoped


@dataclass(frozen=True)
class CompiledRule:
    """One enabled rule with everything the hot path needs precomputed."""

    index: int
    spec: RuleSpec
    params: Any
    check: Check
    stream: StreamHooks
    scope: Scope
    timed: bool
    rule_id: str
    ruleset: str
    version: str
    category: Category
    severity: Severity
    channels: frozenset[str] | None
    """A case needs a row on one of these for the rule to find anything (None: any)."""
    at_risk: Check | None = None
    """The kind's row-wise at-risk check (``warn_at``), for the session's warnings."""

    @classmethod
    def compile(cls, ruleset: Ruleset, index: int, spec: RuleSpec) -> CompiledRule:
        stream = stream_kind(spec.kind)
        params = spec.parsed_params
        check, at_risk = reference_check(spec.kind), at_risk_check(spec.kind)
        scope = stream.scope(params)
        if spec.scope is not None:  # where: the rule sees only the cases it admits
            check = _scoped(check, spec.scope)
            at_risk = _scoped(at_risk, spec.scope) if at_risk is not None else None
            scope = "case" if scope == "event" else scope  # the case's first event decides
        return cls(
            index=index, spec=spec, params=params, check=check,
            stream=stream, scope=scope, timed=stream.time_dependent(params),
            rule_id=spec.id, ruleset=ruleset.ruleset, version=ruleset.version,
            category=spec.category, severity=ruleset.severity_of(spec),
            channels=stream.channels(params), at_risk=at_risk,
        )

    def violation(self, v: RefViolation, language: str = "en") -> Violation:
        """The session's violation, its message in ``language``."""
        message_id, args = message_of(v["message"])
        return Violation.model_construct(
            rule_id=self.rule_id, ruleset=self.ruleset, ruleset_version=self.version,
            category=self.category, severity=self.severity, case_id=v["case_id"],
            customer_id=v["customer_id"], interaction_ids=tuple(v["interaction_ids"]),
            timestamp=v["timestamp"], observed=v["observed"], limit=v["limit"],
            message=str(localise_text(v["message"], language)), message_id=message_id,
            message_args=tuple(args) if args is not None else None,
        )

    def ident(self, v: RefViolation) -> Ident:
        return (self.index, v["case_id"], tuple(v["interaction_ids"]))


@dataclass
class CaseState:
    """A case's retained rows (in time order) and what was already reported about it."""

    case_id: str
    customer_id: str
    rows: list[Row] = field(default_factory=list)
    last_ts: datetime | None = None
    dormant: bool = False
    """Its latest status is resolved or closed."""
    held: bool = False
    """Evicted from routing but kept for ``close()``: it has violations that depend on "now"."""
    emitted: dict[int, Counter[Key]] = field(default_factory=dict)
    alerted: set[Ident] = field(default_factory=set)
    channels: set[str] = field(init=False)
    """The channels of its rows."""

    def __post_init__(self) -> None:
        self.channels = {r["channel"] for r in self.rows}

    def add(self, row: Row) -> None:
        self.rows.append(row)
        self.channels.add(row["channel"])

    def rules_for(self, rules: list[CompiledRule]) -> list[CompiledRule]:
        """The rules that can find something in this case (by its channels)."""
        seen = self.channels
        return [r for r in rules if r.channels is None or not r.channels.isdisjoint(seen)]

    def ids(self) -> set[str]:
        return {r["interaction_id"] for r in self.rows}


@dataclass
class CustomerState:
    """A customer's live cases and what customer-wide rules already reported."""

    customer_id: str
    cases: dict[str, CaseState] = field(default_factory=dict)
    emitted: dict[int, Counter[Key]] = field(default_factory=dict)
    alerted: set[Ident] = field(default_factory=set)

    def rows(self) -> list[Row]:
        """Every retained row in the engine's order: case, then time, then id."""
        cases = self.cases
        if len(cases) == 1:
            return next(iter(cases.values())).rows
        return [r for cid in sorted(cases) for r in cases[cid].rows]
