"""Eviction: forgetting a resolved or closed case once its retention has passed.

A dormant case is dropped when its retention timer fires and nothing it holds can still
change: its final violations were reported, and customer-wide rules give the same result
without its rows (or the difference is booked as reported). A case whose violations still
depend on "now" is *held* (no longer routed, kept for ``close``); an event for either raises
:class:`~cx_rules.streaming.outputs.EvictedCaseError` in ``observe``.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from cx_rules.kinds.base import Row
from cx_rules.streaming.outputs import Output
from cx_rules.streaming.session.base import US, case_hash, epoch_us
from cx_rules.streaming.session.verdicts import FAR_AHEAD, Verdicts
from cx_rules.streaming.state import CaseState, CompiledRule, CustomerState, Key, violation_key
from cx_rules.streaming.timers import RETENTION


class Eviction(Verdicts):
    """Evicting (or holding) a dormant case when its retention timer fires."""

    def _try_evict(self, key: str, now: datetime) -> list[Output]:
        case = self._cases.get(key[2:])
        if case is None or case.held or not case.dormant or self.retention is None:
            return []
        assert case.last_ts is not None and self._horizon is not None
        if self._horizon - case.last_ts < self.retention:
            due = case.last_ts + self.retention + self.max_lateness + US
            self._timers.arm(key, RETENTION, epoch_us(due), epoch_us(now))
            return []
        a1 = self._a1()
        out: list[Output] = []
        case_open = False
        for rule in self._case_rules:
            found, still_open, _ = self._settle(rule, case.rows, case.emitted, case.alerted,
                                                a1, None)
            out.extend(found)
            case_open = case_open or still_open
        customer = self._customers[case.customer_id]
        ids = case.ids()
        shifts: list[tuple[int, Counter[Key], Counter[Key]]] = []
        if self._customer_rules:
            rows = customer.rows()
            rest = [r for r in rows if r["case_id"] != case.case_id]
            for rule in self._customer_rules:
                found, _, _ = self._settle(rule, rows, customer.emitted, customer.alerted,
                                           a1, None)
                out.extend(found)
                shift = self._eviction_shift(rule, rows, rest, customer.emitted, a1)
                if shift is None:
                    # a customer-wide violation not yet final rests on this case: keep it
                    self._timers.arm(key, RETENTION, epoch_us(now + self.retention), epoch_us(now))
                    return self._with_actions(out)
                shifts.append((rule.index, *shift))
        for index, lost, spurious in shifts:
            emitted = customer.emitted.setdefault(index, Counter())
            emitted.subtract(lost)
            emitted.update(spurious)
            customer.emitted[index] = +emitted
        self._evict(case, customer, ids, hold=case_open)
        return self._with_actions(out)

    def _eviction_shift(self, rule: CompiledRule, rows: list[Row], rest: list[Row],
                        emitted: dict[int, Counter[Key]], a1: datetime,
                        ) -> tuple[Counter[Key], Counter[Key]] | None:
        """What a customer-wide rule finds with the case's rows and without them.

        Returns ``(lost, spurious)``: violations that rest on the case (already reported, so
        forgotten with it) and violations that only its absence produces (a customer's
        earlier cases counted one short); the latter are marked as reported so that neither
        a later check nor ``close`` reports them. None when a violation that rests on the
        case is not final yet: the case must stay."""
        far = a1 + FAR_AHEAD
        with_case = Counter(violation_key(v) for v in rule.check(
            rule.params, rows, self._profiles, self._calendar, far))
        without = Counter(violation_key(v) for v in rule.check(
            rule.params, rest, self._profiles, self._calendar, far))
        lost = with_case - without
        if lost - (emitted.get(rule.index) or Counter()):
            return None
        return lost, without - with_case

    def _evict(self, case: CaseState, customer: CustomerState, ids: set[str], *,
               hold: bool) -> None:
        cid = case.case_id
        del customer.cases[cid]
        self._evicted.add(case_hash(cid))
        if hold:
            case.held = True
            self.stats["cases_held"] += 1
        else:
            del self._cases[cid]
            for iid in ids:
                self._ids.pop(iid, None)
            self._timers.disarm("k:" + cid)
            self._poll.discard("k:" + cid)
            self._actions.forget_case(case.customer_id, cid)
        self.stats["cases_evicted"] += 1
        for counter in customer.emitted.values():
            for key in [k for k in counter if not ids.isdisjoint(k[2])]:
                del counter[key]
        customer.alerted = {a for a in customer.alerted if ids.isdisjoint(a[2])}
        if not customer.cases:
            del self._customers[customer.customer_id]
            self._timers.disarm("u:" + customer.customer_id)
            self._poll.discard("u:" + customer.customer_id)
