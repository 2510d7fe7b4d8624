"""What became final: the session's two-run finality check, the close-time remainder and the
actions that final violations trigger.

A violation is final when a rule's reference check returns it with the same key just before
"now" and :data:`FAR_AHEAD` after it (and the kind's guard agrees); each is reported once,
counted per rule in the unit's ``emitted`` multiset.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

from cx_rules.kinds.base import RefViolation, Row
from cx_rules.messages import localise_text
from cx_rules.models.outputs import Action, Violation
from cx_rules.outputs.waivers import waiver_for
from cx_rules.streaming.outputs import (
    DeadlineAlert,
    DeadlineWarning,
    Output,
    SuppressedAction,
    WaivedFinding,
)
from cx_rules.streaming.session.base import SessionState
from cx_rules.streaming.state import CompiledRule, Ident, Key, violation_key

FAR_AHEAD = timedelta(weeks=1, days=1, hours=1, minutes=1, seconds=1)
"""How far after "now" the second run looks. A violation whose text depends on "now" (a wait's
length, "nothing happened by <date>") reads differently there: at least one unit of every
field of a duration or a date changes."""


class Verdicts(SessionState):
    """Settling a unit's (a case's or a customer's) rules, finishing them at ``close``, and
    attaching the next-best actions to what was found."""

    # ---- finality ------------------------------------------------------------------------

    def _settle(self, rule: CompiledRule, rows: list[Row], emitted: dict[int, Counter[Key]],
                alerted: set[Ident], a1: datetime, alert_at: datetime | None,
                ) -> tuple[list[Output], bool, bool]:
        """Report what became final; returns (outputs, still open, overdue and not alerted).

        A violation is final when the check returns it with the same key at ``a1`` (just
        before the current event time) and far after it, and the kind's guard agrees.
        """
        done = emitted.get(rule.index)
        far = rule.check(rule.params, rows, self._profiles, self._calendar, a1 + FAR_AHEAD)
        fresh: dict[Key, list[RefViolation]] = {}
        for v in far:
            fresh.setdefault(violation_key(v), []).append(v)
        if done:
            for key, n in done.items():
                if key in fresh:
                    del fresh[key][:n]
                    if not fresh[key]:
                        del fresh[key]
        out: list[Output] = []
        still_open = overdue = False
        if fresh:
            near = Counter(violation_key(v) for v in rule.check(
                rule.params, rows, self._profiles, self._calendar, a1))
            for key, items in fresh.items():
                n = min(len(items), near.get(key, 0))
                if n and rule.stream.final(rule.params, items[0], rows, a1):
                    if done is None:
                        done = emitted[rule.index] = Counter()
                    done[key] += n
                    first = rule.violation(items[0], self._language(items[0]["customer_id"]))
                    out.extend(first for _ in range(n))
                    near[key] -= n
                if len(items) > n:
                    still_open = True
            if rule.timed:  # something past due at a1 and not alerted: alert at next advance
                left = near - done if done else +near
                overdue = any((rule.index, k[0], k[2]) not in alerted for k in left)
        if alert_at is not None and rule.at_risk is not None:
            out.extend(self._warnings(rule, rows, alerted, alert_at))
        if alert_at is not None and still_open:
            for v in rule.check(rule.params, rows, self._profiles, self._calendar, alert_at):
                ident = rule.ident(v)
                if ident in alerted or (done and done.get(violation_key(v))):
                    continue
                alerted.add(ident)
                out.append(DeadlineAlert(
                    as_of=alert_at,
                    violation=rule.violation(v, self._language(v["customer_id"]))))
        return out, still_open, overdue

    def _warnings(self, rule: CompiledRule, rows: list[Row], alerted: set[Ident],
                  now: datetime) -> list[Output]:
        """One :class:`DeadlineWarning` per wait past its warning point at ``now`` (its ident
        is kept apart from the deadline alerts' by a negative rule index)."""
        assert rule.at_risk is not None
        out: list[Output] = []
        for v in rule.at_risk(rule.params, rows, self._profiles, self._calendar, now):
            ident = (-1 - rule.index, v["case_id"], tuple(v["interaction_ids"]))
            if ident in alerted:
                continue
            alerted.add(ident)
            out.append(DeadlineWarning(
                as_of=now, rule_id=rule.rule_id, case_id=v["case_id"],
                customer_id=v["customer_id"], interaction_ids=tuple(v["interaction_ids"]),
                observed=v["observed"], warning_point=v["limit"],
                message=localise_text(v["message"], self._language(v["customer_id"]))))
        return out

    # ---- closing -------------------------------------------------------------------------

    def _finish(self, rule: CompiledRule, rows: list[Row], emitted: dict[int, Counter[Key]],
                end: datetime) -> list[Output]:
        final = rule.check(rule.params, rows, self._profiles, self._calendar, end)
        done = Counter(emitted.get(rule.index) or {})
        out: list[Output] = []
        for v in final:
            key = violation_key(v)
            if done.get(key):
                done[key] -= 1
                continue
            out.append(rule.violation(v, self._language(v["customer_id"])))
        for key, n in (+done).items():
            self.inconsistencies.append(f"{rule.rule_id}: reported {n}x but not in the final "
                                        f"result: {key}")
        return self._with_actions(out)

    # ---- actions -------------------------------------------------------------------------

    def _with_actions(self, found: list[Output]) -> list[Output]:
        """``found`` with the ruleset's waivers applied (a waived finding is returned as a
        :class:`WaivedFinding`, with no action), then each counted one's action."""
        if not found or not (self._actions.has_specs or self.ruleset.exceptions):
            return found
        out: list[Output] = []
        for item in found:
            v = item.violation if isinstance(item, DeadlineAlert) else item
            if not isinstance(v, Violation):
                out.append(item)
                continue
            events = self._event_rows(v)
            if self.ruleset.exceptions and isinstance(item, Violation | DeadlineAlert):
                taken = waiver_for(v, self.ruleset, self._today(), self._event_facts(events))
                if taken is not None:
                    out.append(WaivedFinding(finding=item, waiver=taken[0],
                                             reason=taken[1].reason, until=taken[1].until))
                    continue
            out.append(item)
            if self._actions.has_specs:
                first = v.interaction_ids[0] if v.interaction_ids else None
                event = next((r for r in events if r["interaction_id"] == first), None)
                out.extend(self._shown(self._actions.propose(v, event)))
        return out

    def _shown(self, offered: Action | SuppressedAction | None) -> list[Output]:
        """An offered action as output: a suppressed one only with ``show_suppressed``."""
        if offered is None or (isinstance(offered, SuppressedAction)
                               and not self.show_suppressed):
            return []
        return [offered]

    def _propositions(self, now: datetime) -> list[Output]:
        """The ruleset's propositions that hold at ``now`` (see :class:`ActionPolicy`)."""
        if not self.ruleset.propositions:
            return []
        return [o for offered in self._actions.propositions(now) for o in self._shown(offered)]

    def _today(self) -> date:
        return (self._clock_fn() if self._clock_fn else datetime.now(UTC)).date()

    def _event_rows(self, v: Violation) -> list[Row]:
        """The finding's events the session still holds, in the case's order."""
        wanted = set(v.interaction_ids)
        rows: list[Row] = []
        for case_id in {self._ids.get(i) for i in wanted} - {None}:
            case = self._cases.get(str(case_id))
            rows.extend(r for r in (case.rows if case is not None else ())
                        if r["interaction_id"] in wanted)
        return rows

    def _event_facts(self, rows: list[Row]) -> list[tuple[str | None, str | None]]:
        """``(agent_id, channel)`` of each of the finding's events."""
        return [(None if r.get("agent_id") is None else str(r["agent_id"]),
                 None if r.get("channel") is None else str(r["channel"])) for r in rows]
