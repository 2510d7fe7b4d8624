"""The streaming session's state: what a session holds, its configuration and its clock.

:class:`SessionState` is built from the :class:`~cx_rules.streaming.session.Session`
constructor's arguments; the session's other parts (verdicts, deadlines, eviction and the
public API) are written against its fields. Timers count microseconds since the epoch
(:func:`epoch_us`).
"""

from __future__ import annotations

import hashlib
import itertools
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import polars as pl

from cx_rules.io import load_outcomes
from cx_rules.io.limits import DEFAULT_LIMITS, Limits
from cx_rules.kinds.base import Row, durations_in
from cx_rules.messages import language_code
from cx_rules.models.ruleset import Ruleset
from cx_rules.ruleset.load import load_ruleset
from cx_rules.streaming.outputs import ActionPolicy
from cx_rules.streaming.state import CaseState, CompiledRule, CustomerState
from cx_rules.streaming.timers import DurableTimers, HeapTimers, Timers

US = timedelta(microseconds=1)
MIN_RETENTION = timedelta(days=1)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def epoch_us(ts: datetime) -> int:
    """``ts`` in microseconds since the epoch (the unit of the timers)."""
    delta = ts - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def case_hash(case_id: str) -> int:
    """The 64-bit digest an evicted case is remembered by."""
    return int.from_bytes(hashlib.blake2b(case_id.encode(), digest_size=8).digest(), "big")


def _profiles(customers: Any) -> tuple[dict[str, Row], pl.DataFrame | None]:
    if customers is None:
        return {}, None
    from cx_rules.io import load_customers

    if isinstance(customers, dict):
        customers = list(customers.values())
    table = load_customers(customers)
    return {p["customer_id"]: p for p in table.profiles.iter_rows(named=True)}, table.rejects


class SessionState:
    """A session's fields (see :class:`~cx_rules.streaming.session.Session` for the
    arguments), the retention it derives from its rules, and its clock."""

    def __init__(
        self,
        ruleset: Ruleset | str | Path,
        customers: Any = None,
        *,
        max_lateness: timedelta = timedelta(0),
        retention: timedelta | Literal["auto"] | None = "auto",
        timers: Literal["durable", "heap"] = "durable",
        limits: Limits = DEFAULT_LIMITS,
        clock: Callable[[], datetime] | None = None,
        outcomes: Any = None,
        show_suppressed: bool = False,
        language: str = "en",
    ) -> None:
        self.ruleset = ruleset if isinstance(ruleset, Ruleset) else load_ruleset(ruleset)
        if max_lateness < timedelta(0):
            raise ValueError("max_lateness must not be negative")
        self.max_lateness = max_lateness
        self._limits = limits
        self._clock_fn = clock
        self._calendar = self.ruleset.calendar
        self._profiles, self.customer_rejects = _profiles(customers)
        rules = [CompiledRule.compile(self.ruleset, i, spec)
                 for i, spec in enumerate(self.ruleset.enabled_rules)]
        self._rules = rules
        self._case_rules = [r for r in rules if r.scope != "customer"]
        self._customer_rules = [r for r in rules if r.scope == "customer"]
        self.retention = self._retention(retention)
        self._timer_kind = timers
        self._timers: Timers = DurableTimers() if timers == "durable" else HeapTimers()
        self._actions = ActionPolicy(self.ruleset, self._profiles)
        self.language = language
        """The language of the messages: a catalogue language, or ``customer`` (each
        customer's profile ``language``, English when unknown)."""
        self.show_suppressed = show_suppressed
        """Return each suppressed action (a :class:`SuppressedAction` with the reason) too."""
        self.outcome_rejects: pl.DataFrame | None = None
        if outcomes is not None:  # given, even empty: propensities apply (as in batch)
            table = load_outcomes(outcomes)
            self.outcome_rejects = table.rejects
            self._actions.use_outcomes()
            for r in table.outcomes.iter_rows(named=True):
                self._actions.record(r["customer_id"], r["action_id"], r["timestamp"],
                                     r["outcome"])
        self._cases: dict[str, CaseState] = {}
        self._customers: dict[str, CustomerState] = {}
        self._ids: dict[str, str] = {}
        self._evicted: set[int] = set()
        self._buffer: list[tuple[datetime, str, int, Row]] = []
        self._pending_events: Counter[str] = Counter()
        """Buffered (not yet applied) events per case id, for the events-per-case limit."""
        self._pending_cases: dict[str, set[str]] = {}
        """Customer id -> buffered case ids that have no state yet (cases-per-customer)."""
        self._seq = itertools.count()
        self._last: tuple[datetime, str] | None = None
        self._horizon: datetime | None = None
        """Every event before this time has been applied; an older one is late."""
        self._max_ts: datetime | None = None
        self._now: datetime | None = None
        self._poll: set[str] = set()
        self._closed = False
        self.stats: Counter[str] = Counter()
        self.inconsistencies: list[str] = []
        """Violations emitted as final that the batch result at ``close`` does not contain
        (should stay empty; a non-empty list means a kind's finality declaration is wrong)."""

    # ---- configuration -------------------------------------------------------------------

    def _language(self, customer_id: str) -> str:
        """The language of the messages about this customer."""
        if self.language != "customer":
            return language_code(self.language)
        return language_code((self._profiles.get(customer_id) or {}).get("language"))

    def _retention(self, retention: timedelta | Literal["auto"] | None) -> timedelta | None:
        if retention != "auto":
            return retention
        if any(r.stream.unbounded(r.params) for r in self._rules):
            return None
        longest = max((d for r in self._rules for d in durations_in(r.params)),
                      default=timedelta(0))
        return max(longest, MIN_RETENTION)

    # ---- clock ---------------------------------------------------------------------------

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError("the session is closed")

    def _raise_horizon(self, value: datetime) -> None:
        if self._horizon is None or value > self._horizon:
            self._horizon = value

    def _default_end(self) -> datetime | None:
        if self._max_ts is None:
            return self._now
        return max(self._max_ts, self._now) if self._now else self._max_ts

    def _finality_floor(self) -> datetime | None:
        """The latest "now" a final violation was decided at."""
        if self._now is None:
            return None
        return self._now - self.max_lateness - US

    def _a1(self) -> datetime:
        assert self._horizon is not None
        return self._horizon - US
