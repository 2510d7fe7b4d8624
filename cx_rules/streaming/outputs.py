"""What a streaming session returns besides final violations: alerts, actions and errors."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from cx_rules.durations import format_duration
from cx_rules.errors import InputError
from cx_rules.expr import evaluate_row
from cx_rules.kinds.base import Row
from cx_rules.kinds.contact import quiet_until
from cx_rules.kinds.scope import parse_action_expr
from cx_rules.models.enums import Channel
from cx_rules.models.outputs import Action, Violation
from cx_rules.models.ruleset import ActionSpec, Ruleset
from cx_rules.outputs.actions import action_specs, lever_of
from cx_rules.outputs.outcomes import OutcomeHistory, suppress_reason
from cx_rules.outputs.policy import (
    contact_window,
    context_factor,
    engagement_reason,
    expression_values,
    reason,
)


class DeadlineAlert(BaseModel):
    """A *provisional* violation: at ``as_of`` this wait, promise or window is past its limit.

    ``violation`` is what the batch engine would report if the log ended at ``as_of``. It is
    not final: the reply may still come (then a final "took 9m 12s" violation follows), or the
    message will change (the wait grows). Each wait/promise is alerted once; ``close()``
    reports the final form.
    """

    model_config = ConfigDict(frozen=True)

    provisional: Literal[True] = True
    as_of: datetime
    violation: Violation


class DeadlineWarning(BaseModel):
    """A wait still open past its rule's warning point (``warn_at``), not yet past its limit:
    returned by ``advance`` once per wait, before any :class:`DeadlineAlert`. Never a
    violation, and it proposes no action."""

    model_config = ConfigDict(frozen=True)

    provisional: Literal[True] = True
    as_of: datetime
    rule_id: str
    case_id: str
    customer_id: str
    interaction_ids: tuple[str, ...]
    observed: str
    warning_point: str
    message: str


class LateEventError(InputError):
    """An event older than the session's lateness bound: it was not applied."""


class LimitError(InputError):
    """An event beyond one of the session's :class:`~cx_rules.io.limits.Limits` (events per
    case, cases per customer): it was not applied, and the message says how to raise it."""


class EvictedCaseError(InputError):
    """An event for a case the session already finalised and evicted: it was not applied."""


class WaivedFinding(BaseModel):
    """A violation (or a provisional alert) that one of the ruleset's ``exceptions:`` waives:
    returned instead of it, so it is seen and counted apart, and it proposes no action.
    ``waiver`` is the exception's index in the ruleset."""

    model_config = ConfigDict(frozen=True)

    finding: Violation | DeadlineAlert
    waiver: int
    reason: str
    until: date


class SuppressedAction(BaseModel):
    """An action the contact policy did not let through, with the reason (returned only by a
    ``Session(..., show_suppressed=True)``; always counted in ``stats``)."""

    model_config = ConfigDict(frozen=True)

    action: Action
    reason: str


Output = (Violation | Action | SuppressedAction | DeadlineAlert | DeadlineWarning
          | WaivedFinding)


class ActionPolicy:
    """Next-best actions for a stream, first come first served.

    Each violation (or alert) of a rule with an ``action`` proposes it once per customer, case
    and action, and each proposition once per customer when its ``when`` holds (at an
    ``advance`` or at ``close``). The checks are the batch arbitration's, in its order:
    engagement policies (a candidate that fails them may be proposed again by a later
    violation, as batch prefers a candidate that passes), opt-outs, marketing consent,
    ``suppress_after``, quiet hours (deferral to ``send_after``, or suppression when the
    action expires first), the proactive and per-channel contact limits (tumbling windows
    from the Unix epoch by contact time), and ``max_actions_per_customer``. The stream cannot
    rank a customer's actions against ones that have not happened yet, so the cap admits the
    first ``max_actions_per_customer`` actions still open (not expired) for the customer,
    instead of the best ones. Mandatory actions are neither limited nor capped.
    """

    def __init__(self, ruleset: Ruleset, profiles: dict[str, Row]) -> None:
        self._ruleset = ruleset
        self._profiles = profiles
        self._specs = action_specs(ruleset)
        self.given: set[tuple[str, str | None, str]] = set()
        self.refused: set[tuple[str, str | None, str]] = set()
        """Keys whose candidates so far failed an engagement policy (reported once)."""
        self.proactive: dict[tuple[str, int], int] = defaultdict(int)
        self.per_channel: dict[tuple[str, str, int], int] = defaultdict(int)
        self.open: dict[str, list[datetime | None]] = defaultdict(list)
        """Per customer, the expiry of each non-mandatory action given (None: never)."""
        self.suppressed = 0
        self.history: OutcomeHistory | None = None
        """What customers did with earlier actions (``Session.record_outcome``)."""

    def use_outcomes(self) -> None:
        """Weigh actions by their propensity from now on (outcomes given, maybe none yet)."""
        if self.history is None:
            self.history = OutcomeHistory({c: p.get("segment")
                                           for c, p in self._profiles.items()})

    def record(self, customer_id: str, action_id: str, timestamp: datetime,
               outcome: str) -> None:
        self.use_outcomes()
        assert self.history is not None
        self.history.add(customer_id, action_id, timestamp, outcome)

    @property
    def has_specs(self) -> bool:
        """Whether any rule or proposition proposes an action at all."""
        return bool(self._specs)

    def forget_case(self, customer_id: str, case_id: str) -> None:
        """Drop what was remembered about an evicted case."""
        for spec in self._specs.values():
            self.given.discard((customer_id, case_id, spec.id))
            self.refused.discard((customer_id, case_id, spec.id))

    def forget_windows_before(self, created: datetime) -> None:
        """Drop contact counts of windows that ended before ``created``, and actions expired
        by then."""
        policy = self._ruleset.contact_policy
        if policy.proactive_limit is not None and self.proactive:
            current = contact_window(created, policy.proactive_limit.per)
            self.proactive = defaultdict(int, {k: n for k, n in self.proactive.items()
                                               if k[1] >= current})
        if self.per_channel:
            self.per_channel = defaultdict(int, {
                k: n for k, n in self.per_channel.items()
                if k[2] >= contact_window(created, policy.channel_limits[Channel(k[1])].per)})
        for customer in list(self.open):
            live = [e for e in self.open[customer] if e is None or e > created]
            if live:
                self.open[customer] = live
            else:
                del self.open[customer]

    def propose(self, violation: Violation, event: Row | None
                ) -> Action | SuppressedAction | None:
        """The action a violation proposes (or why it is suppressed); None when its rule has
        no action or the action was already given for this case."""
        if violation.timestamp is None:
            return None
        return self._offer(violation.rule_id, violation.customer_id, violation.case_id,
                           violation.timestamp, event)

    def propositions(self, now: datetime) -> list[Action | SuppressedAction]:
        """The propositions that hold at ``now`` for customers not yet offered them."""
        out: list[Action | SuppressedAction] = []
        for prop in self._ruleset.propositions:
            test = parse_action_expr(prop.when, True)
            for customer, profile in self._profiles.items():
                if (customer, None, prop.action.id) in self.given:
                    continue
                if evaluate_row(test, expression_values(None, profile, now)) is True:
                    offered = self._offer(prop.id, customer, None, now, None)
                    if offered is not None:
                        out.append(offered)
        return out

    def _offer(self, rule_id: str, customer: str, case: str | None, created: datetime,
               event: Row | None) -> Action | SuppressedAction | None:
        spec = self._specs.get(rule_id)
        if spec is None:
            return None
        key = (customer, case, spec.id)
        if key in self.given:
            return None
        policy = self._ruleset.contact_policy
        profile: dict[str, Any] = self._profiles.get(customer) or {}
        values = expression_values(event, profile, created)
        channel = (spec.channel.value if spec.channel else None) or \
            profile.get("preferred_channel") or (event or {}).get("channel")
        expires = created + spec.expires if spec.expires else None
        send_after = None
        if policy.respect_quiet_hours and not spec.mandatory \
                and spec.purpose.value != "transactional":
            send_after = quiet_until(created, profile.get("timezone"),
                                     profile.get("quiet_hours"))
        propensity = None
        if self.history is not None:
            propensity = self.history.propensity(spec.id, customer, created,
                                                 policy.propensity_prior)
        weight = policy.tier_weights.get(profile.get("tier") or "", 1.0) \
            * context_factor(policy, spec, values)
        lever = lever_of(self._ruleset, spec.group)
        action = Action(
            action_id=spec.id, customer_id=customer, case_id=case,
            score=spec.priority * weight * spec.value * lever
            * (1.0 if propensity is None else propensity),
            propensity=propensity, reason_rule_ids=(rule_id,), channel=channel,
            expires_at=expires, send_after=send_after, priority=spec.priority, weight=weight,
            value=spec.value, lever=lever, created_at=created)
        refused = engagement_reason(spec, values)
        if refused is not None:
            if key in self.refused:
                return None
            self.refused.add(key)
            return self._suppress(action, refused)
        self.given.add(key)
        why = self._policy_reason(spec, action, profile, created)
        if why is not None:
            return self._suppress(action, why)
        if not spec.mandatory:
            self.open[customer].append(expires)
            if spec.proactive:
                contact = send_after or created
                if (limit_all := policy.proactive_limit) is not None:
                    self.proactive[(customer, contact_window(contact, limit_all.per))] += 1
                limit = policy.channel_limits.get(Channel(channel)) if channel else None
                if limit is not None and channel is not None:
                    self.per_channel[(customer, channel, contact_window(contact, limit.per))] += 1
        return action

    def _policy_reason(self, spec: ActionSpec, action: Action, profile: dict[str, Any],
                       created: datetime) -> str | None:
        """Why the contact policy stops an action that passed its engagement policies."""
        policy = self._ruleset.contact_policy
        customer, channel = action.customer_id, action.channel
        if policy.respect_opt_outs and channel in (profile.get("opted_out_channels") or []):
            return reason("opted_out", channel=channel)
        if policy.respect_marketing_consent and spec.purpose.value == "marketing" \
                and profile.get("marketing_consent") is not True:
            return reason("consent")
        rule = policy.suppress_after
        if self.history is not None and rule is not None and not spec.mandatory:
            why = suppress_reason(rule, *(self.history.recent(customer, spec.id, word, created,
                                                              rule.within)
                                          for word in ("rejected", "ignored")))
            if why is not None:
                return why
        if action.send_after is not None and action.expires_at is not None \
                and action.expires_at <= action.send_after:
            return reason("quiet_hours", quiet_hours=profile["quiet_hours"],
                          timezone=profile.get("timezone") or "UTC")
        if spec.mandatory:
            return None
        contact = action.send_after or created
        limit = policy.proactive_limit
        if spec.proactive and limit is not None and \
                self.proactive[(customer, contact_window(contact, limit.per))] >= limit.count:
            return reason("contact_limit", count=limit.count, per=format_duration(limit.per))
        on = policy.channel_limits.get(Channel(channel)) if channel else None
        if spec.proactive and on is not None and channel is not None and \
                self.per_channel[(customer, channel, contact_window(contact, on.per))] >= on.count:
            return reason("channel_limit", count=on.count, channel=channel,
                          per=format_duration(on.per))
        cap = policy.max_actions_per_customer
        if sum(1 for e in self.open.get(customer, ()) if e is None or e > created) >= cap:
            return reason("open_cap", cap=cap)
        return None

    def _suppress(self, action: Action, why: str) -> SuppressedAction:
        self.suppressed += 1
        return SuppressedAction(action=action, reason=why)

    def state(self) -> dict[str, Any]:
        return {"given": sorted(self.given, key=repr), "refused": sorted(self.refused, key=repr),
                "proactive": [[c, w, n] for (c, w), n in self.proactive.items()],
                "per_channel": [[c, ch, w, n] for (c, ch, w), n in self.per_channel.items()],
                "open": {c: [None if e is None else e.isoformat() for e in v]
                         for c, v in self.open.items()},
                "suppressed": self.suppressed,
                "outcomes": None if self.history is None else [
                    [c, a, t.isoformat(), o] for c, a, t, o in self.history.rows]}

    def load(self, data: dict[str, Any]) -> None:
        self.given = {(a, b, c) for a, b, c in data["given"]}
        self.refused = {(a, b, c) for a, b, c in data.get("refused") or []}
        self.proactive = defaultdict(int, {(c, w): n for c, w, n in data["proactive"]})
        self.per_channel = defaultdict(int, {(c, ch, w): n for c, ch, w, n
                                             in data.get("per_channel") or []})
        self.open = defaultdict(list, {c: [None if e is None else datetime.fromisoformat(e)
                                           for e in v]
                                       for c, v in (data.get("open") or {}).items()})
        self.suppressed = data["suppressed"]
        if data.get("outcomes") is not None:
            self.use_outcomes()
        for c, a, t, o in data.get("outcomes") or []:
            self.record(c, a, datetime.fromisoformat(t), o)
