"""What a streaming session returns besides final violations: alerts, actions and errors."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from cx_rules.errors import InputError
from cx_rules.kinds.base import Row
from cx_rules.kinds.contact import quiet_until
from cx_rules.models.outputs import Action, Violation
from cx_rules.models.ruleset import Ruleset
from cx_rules.outputs.actions import lever_of
from cx_rules.outputs.outcomes import OutcomeHistory, suppress_reason


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


Output = Violation | Action | DeadlineAlert | DeadlineWarning | WaivedFinding


class ActionPolicy:
    """Next-best actions for a stream, first come first served.

    Each violation (or alert) of a rule with an ``action`` proposes it once per customer, case
    and action; the contact policy's opt-out and marketing-consent checks, its quiet hours
    (deferral to ``send_after``, or suppression when the action expires first) and its
    proactive contact limit (tumbling windows from the Unix epoch by contact time, as in
    batch) suppress candidates; mandatory actions are not limited. The
    batch ``max_actions_per_customer`` ranking needs every candidate of the log at once and is
    not applied here (``cx-rules suggest`` does it).
    """

    def __init__(self, ruleset: Ruleset, profiles: dict[str, Row]) -> None:
        self._ruleset = ruleset
        self._profiles = profiles
        self._specs = {r.id: r.action for r in ruleset.rules if r.action is not None}
        self.given: set[tuple[str, str, str]] = set()
        self.proactive: dict[tuple[str, int], int] = defaultdict(int)
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
        """Whether any rule proposes an action at all."""
        return bool(self._specs)

    def forget_case(self, customer_id: str, case_id: str) -> None:
        """Drop what was remembered about an evicted case."""
        for spec in self._specs.values():
            self.given.discard((customer_id, case_id, spec.id))

    def forget_windows_before(self, created: datetime) -> None:
        """Drop proactive-contact counts of windows that ended before ``created``."""
        limit = self._ruleset.contact_policy.proactive_limit
        if limit is None or not self.proactive:
            return
        per = int(limit.per.total_seconds() * 1_000_000)
        current = int(created.timestamp() * 1_000_000) // per
        self.proactive = defaultdict(int, {k: n for k, n in self.proactive.items()
                                           if k[1] >= current})

    def propose(self, violation: Violation, event_channel: str | None) -> Action | None:
        spec = self._specs.get(violation.rule_id)
        if spec is None:
            return None
        key = (violation.customer_id, violation.case_id, spec.id)
        if key in self.given:
            return None
        self.given.add(key)
        policy = self._ruleset.contact_policy
        profile: dict[str, Any] = self._profiles.get(violation.customer_id) or {}
        channel = (spec.channel.value if spec.channel else None) or \
            profile.get("preferred_channel") or event_channel
        if policy.respect_opt_outs and channel in (profile.get("opted_out_channels") or []):
            self.suppressed += 1
            return None
        if policy.respect_marketing_consent and spec.purpose.value == "marketing" \
                and profile.get("marketing_consent") is not True:
            self.suppressed += 1
            return None
        created = violation.timestamp
        expires = created + spec.expires if spec.expires and created else None
        send_after = None
        if policy.respect_quiet_hours and created is not None and not spec.mandatory \
                and spec.purpose.value != "transactional":
            send_after = quiet_until(created, profile.get("timezone"),
                                     profile.get("quiet_hours"))
            if send_after is not None and expires is not None and expires <= send_after:
                self.suppressed += 1
                return None
        propensity = None
        if self.history is not None and created is not None:
            propensity = self.history.propensity(spec.id, violation.customer_id, created,
                                                 policy.propensity_prior)
            rule = policy.suppress_after
            if rule is not None and not spec.mandatory and suppress_reason(
                    rule, *(self.history.recent(violation.customer_id, spec.id, word, created,
                                                rule.within)
                            for word in ("rejected", "ignored"))) is not None:
                self.suppressed += 1
                return None
        contact = send_after or created
        if spec.proactive and not spec.mandatory and policy.proactive_limit is not None \
                and contact is not None:
            per = int(policy.proactive_limit.per.total_seconds() * 1_000_000)
            window = (violation.customer_id, int(contact.timestamp() * 1_000_000) // per)
            if self.proactive[window] >= policy.proactive_limit.count:
                self.suppressed += 1
                return None
            self.proactive[window] += 1
        weight = policy.tier_weights.get(profile.get("tier") or "", 1.0)
        return Action(
            action_id=spec.id, customer_id=violation.customer_id, case_id=violation.case_id,
            score=spec.priority * weight * spec.value * lever_of(self._ruleset, spec.group)
            * (1.0 if propensity is None else propensity),
            propensity=propensity, reason_rule_ids=(violation.rule_id,), channel=channel,
            expires_at=expires, send_after=send_after,
        )

    def state(self) -> dict[str, Any]:
        return {"given": sorted(self.given),
                "proactive": [[c, w, n] for (c, w), n in self.proactive.items()],
                "suppressed": self.suppressed,
                "outcomes": None if self.history is None else [
                    [c, a, t.isoformat(), o] for c, a, t, o in self.history.rows]}

    def load(self, data: dict[str, Any]) -> None:
        self.given = {(a, b, c) for a, b, c in data["given"]}
        self.proactive = defaultdict(int, {(c, w): n for c, w, n in data["proactive"]})
        self.suppressed = data["suppressed"]
        if data.get("outcomes") is not None:
            self.use_outcomes()
        for c, a, t, o in data.get("outcomes") or []:
            self.record(c, a, datetime.fromisoformat(t), o)
