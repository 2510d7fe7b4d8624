"""Deadline alerting: the timer that wakes each unit (a case or a customer) when its output can
next change by time alone, and the re-check at that time, which reports what became final and
a :class:`~cx_rules.streaming.outputs.DeadlineAlert` for each wait or promise past its limit.

Units whose kind cannot say when it changes (no ``next_change``) are polled at every
``advance`` instead.
"""

from __future__ import annotations

from datetime import datetime

from cx_rules.kinds.base import Row
from cx_rules.streaming.outputs import Output
from cx_rules.streaming.session.base import US, epoch_us
from cx_rules.streaming.session.verdicts import Verdicts
from cx_rules.streaming.state import CaseState, CompiledRule, CustomerState
from cx_rules.streaming.timers import DEADLINE


class Deadlines(Verdicts):
    """Arming a unit's deadline timer, and re-checking the unit when it fires."""

    # ---- arming --------------------------------------------------------------------------

    def _arm_unit(self, key: str, rules: list[CompiledRule], rows: list[Row], after: datetime,
                  now: datetime, overdue: bool, *, lateness_shift: bool = False) -> None:
        """Set the unit's deadline timer to the next moment its output can change by time."""
        due: datetime | None = now if overdue else None
        poll = False
        for rule in rules:
            if not rule.timed:
                continue
            if rule.stream.next_change is None:
                poll = True
                continue
            t = rule.stream.next_change(rule.params, rows, self._calendar, after)
            if t is not None and lateness_shift and t <= now:
                t = t + self.max_lateness + US  # when "now minus lateness" passes it
            if t is not None and (due is None or t < due):
                due = t
            w = self._next_warning(rule, rows, after)
            if w is not None and (due is None or w < due):
                due = w
        if poll:
            self._poll.add(key)
        else:
            self._poll.discard(key)
        if due is None:
            self._timers.disarm(key)
        else:
            self._timers.arm(key, DEADLINE, epoch_us(due), epoch_us(now))

    def _next_warning(self, rule: CompiledRule, rows: list[Row], after: datetime
                      ) -> datetime | None:
        """When the next wait of these rows passes its warning point (after ``after``)."""
        hook = rule.stream.next_warning
        if rule.at_risk is None or hook is None:
            return None
        return hook(rule.params, rows, self._calendar, after)

    # ---- time passing --------------------------------------------------------------------

    def _recheck_case(self, case: CaseState, now: datetime) -> list[Output]:
        a1 = self._a1()
        out: list[Output] = []
        case_rules = case.rules_for(self._case_rules)
        for rule in case_rules:
            found, _, _ = self._settle(rule, case.rows, case.emitted, case.alerted, a1, now)
            out.extend(found)
        self._rearm("k:" + case.case_id, case_rules, case.rows, a1, now)
        return self._with_actions(out)

    def _recheck_customer(self, customer: CustomerState, now: datetime) -> list[Output]:
        a1 = self._a1()
        rows = customer.rows()
        out: list[Output] = []
        for rule in self._customer_rules:
            found, _, _ = self._settle(rule, rows, customer.emitted, customer.alerted, a1, now)
            out.extend(found)
        self._rearm("u:" + customer.customer_id, self._customer_rules, rows, a1, now)
        return self._with_actions(out)

    def _rearm(self, key: str, rules: list[CompiledRule], rows: list[Row], a1: datetime,
               now: datetime) -> None:
        """After a check at ``now``: wake up for the next alert, or when a1 passes a change."""
        self._arm_unit(key, rules, rows, a1, now, False, lateness_shift=True)
        alert = None
        for rule in rules:
            if rule.timed and rule.stream.next_change is not None:
                t = rule.stream.next_change(rule.params, rows, self._calendar, now)
                if t is not None and (alert is None or t < alert):
                    alert = t
                w = self._next_warning(rule, rows, now)
                if w is not None and (alert is None or w < alert):
                    alert = w
        due = self._timers.due(key)
        if alert is not None and (due is None or epoch_us(alert) < due):
            self._timers.arm(key, DEADLINE, epoch_us(alert), epoch_us(now))
