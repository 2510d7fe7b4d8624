"""The ruleset file format (``rulesets/NAME/VERSION.yaml``) as pydantic models.

The models check structure only; each rule's ``params`` are checked against its rule kind's own
parameter model by :mod:`cx_rules.ruleset.load`, which also maps errors to YAML lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

from cx_rules.calendar import Calendar
from cx_rules.durations import Duration, PositiveDuration, format_duration
from cx_rules.models.enums import Category, Channel, Priority, Purpose, Severity, Status

SEMVER = r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$"
RULE_ID = r"^[a-z0-9][a-z0-9_.-]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ActionSpec(_Strict):
    """The next-best action a rule proposes when it is violated."""

    id: str = Field(pattern=RULE_ID)
    priority: int = Field(default=50, ge=0, le=100)
    channel: Channel | None = None
    """Channel to use; ``None`` means the customer's preferred channel, else the case's channel."""
    expires: Duration | None = None
    proactive: bool = True
    """A proactive action is a contact the customer did not ask for; contact limits apply."""
    purpose: Purpose = Purpose.SERVICE
    """Why the contact is made; marketing actions need the customer's marketing consent."""
    value: float = Field(default=1.0, ge=0)
    """The business value of the action relative to the others (a factor of its score)."""
    group: str | None = Field(default=None, pattern=RULE_ID)
    """The action group whose lever (``contact_policy.levers``) weighs it."""
    mandatory: bool = False
    """A contact that must be made (a legal notice, a safety recall): it is not deferred by
    quiet hours, and contact limits and the per-customer cap neither count nor stop it
    (opt-outs and marketing consent still apply)."""
    eligibility: str | None = None
    """Engagement policy: who may get the action at all, an expression over the customer
    (``customer.<field>``) and ``now`` (e.g. ``customer.tier != "free"``). Not true (false or
    unknown): suppressed as not eligible."""
    applicability: str | None = None
    """Engagement policy: whether the action applies where it arose, an expression over the
    triggering event's fields (``channel``, ``topic``, ``priority``...), the customer and
    ``now`` (e.g. ``topic == "billing"``). Not true: suppressed as not applicable."""
    suitability: str | None = None
    """Engagement policy: whether the action suits this customer now, the same fields (e.g.
    ``customer.lifetime_value >= 500``). Not true: suppressed as not suitable."""
    description: str | None = None


class Defaults(_Strict):
    severity: Severity = Severity.WARNING


class RuleSpec(_Strict):
    """One rule: which kind of check, how it is scored, and its kind-specific parameters."""

    id: str = Field(pattern=RULE_ID)
    kind: str = Field(min_length=1)
    category: Category
    severity: Severity | None = None
    description: str | None = None
    enabled: bool = True
    params: dict[str, Any] = Field(default_factory=dict)
    action: ActionSpec | None = None
    where: str | None = None
    """The cases the rule applies to: an expression (the ``condition`` language) on the
    case's first event and ``customer.<field>``; a case where it is not true is out of scope."""
    _params: BaseModel | None = PrivateAttr(default=None)
    _where_not: tuple[str, ...] = PrivateAttr(default=())
    """Expressions that must *not* be true on the case's first event (the ``where`` of the
    SLA policies before the one this rule was made from)."""
    _scope: Any = PrivateAttr(default=None)
    """The compiled ``where``/``where_not`` (set when the ruleset is loaded)."""
    _policy: int | None = PrivateAttr(default=None)
    """The index of the SLA policy this rule was made from, if any."""

    @property
    def scope(self) -> Any:
        """The compiled case scope (None: every case)."""
        return self._scope

    @property
    def where_not(self) -> tuple[str, ...]:
        return self._where_not

    @property
    def policy(self) -> int | None:
        return self._policy

    @property
    def names(self) -> tuple[str, str, str]:
        """What a selector or waiver may call it by: its id, its kind and its category."""
        return (self.id, self.kind, self.category.value)

    @property
    def parsed_params(self) -> BaseModel:
        """The params validated by the rule kind's model (set when the ruleset is loaded)."""
        if self._params is None:
            raise RuntimeError(f"rule {self.id!r} was not compiled; load it with load_ruleset")
        return self._params


class ScoringSpec(_Strict):
    """How many points a violation of each severity costs (scores start at 100)."""

    weights: dict[Severity, float] = Field(
        default_factory=lambda: {
            Severity.INFO: 0.0,
            Severity.WARNING: 5.0,
            Severity.ERROR: 15.0,
            Severity.CRITICAL: 40.0,
        }
    )


class ContactLimit(_Strict):
    count: int = Field(ge=0)
    per: Duration


class ContextWeight(_Strict):
    """A context weight: where ``when`` holds (an expression over the triggering event, the
    customer and ``now``), the score of the actions it names is multiplied by ``weight``."""

    when: str
    weight: float = Field(ge=0)
    actions: list[str] | None = None
    """Only these action ids (default: every action)."""
    group: str | None = Field(default=None, pattern=RULE_ID)
    """Only actions of this group (``action.group``)."""


class SuppressAfter(_Strict):
    """Stop offering an action to a customer who turned it down: after ``rejected`` rejections
    (or ``ignored`` ignores) of it in the ``within`` before the new one is created."""

    rejected: int | None = Field(default=None, ge=1)
    ignored: int | None = Field(default=None, ge=1)
    within: PositiveDuration

    @model_validator(mode="after")
    def _some_count(self) -> SuppressAfter:
        if self.rejected is None and self.ignored is None:
            raise ValueError("suppress_after needs rejected: N or ignored: N (or both)")
        return self


class PropensityPrior(_Strict):
    """The Beta prior of an action's acceptance rate, as pseudo-counts: with no outcomes the
    propensity is ``accepted / (accepted + not_accepted)`` (default 1/(1+1) = 0.5), and each
    observed outcome moves it as one more count would."""

    accepted: float = Field(default=1.0, gt=0)
    not_accepted: float = Field(default=1.0, gt=0)


class ContactPolicy(_Strict):
    """Limits on the next-best actions sent to one customer."""

    max_actions_per_customer: int = Field(default=3, ge=1)
    suppress_after: SuppressAfter | None = None
    """With outcomes given: suppress an action the customer rejected or ignored too often."""
    propensity_prior: PropensityPrior = Field(default_factory=PropensityPrior)
    """With outcomes given: the prior of each action's propensity (see
    :mod:`cx_rules.outputs.outcomes`)."""
    levers: dict[str, float] = Field(default_factory=dict)
    """A business lever per action group (``action.group``): a factor of the score of every
    action of the group (1.0 for groups not listed), to push or hold back, e.g., retention
    offers for a quarter without editing each rule."""
    proactive_limit: ContactLimit | None = None
    """At most ``count`` proactive actions per customer in each ``per`` window (tumbling)."""
    channel_limits: dict[Channel, ContactLimit] = Field(default_factory=dict)
    """Per channel: at most ``count`` proactive actions per customer on that channel in each
    ``per`` window (tumbling, by contact time), e.g. ``{sms: {count: 1, per: 1d}}``."""
    context_weights: list[ContextWeight] = Field(default_factory=list)
    """Context weights: each entry whose ``when`` holds multiplies the ``weight`` term (with
    the tier weight) of the actions it names."""
    respect_quiet_hours: bool = True
    """An action that would reach the customer inside their quiet hours (profile
    ``quiet_hours`` in their ``timezone``) waits for the end of them (``send_after``), or is
    suppressed when it expires first; transactional and mandatory actions are exempt."""
    respect_opt_outs: bool = True
    respect_marketing_consent: bool = True
    tier_weights: dict[str, float] = Field(
        default_factory=lambda: {"vip": 2.0, "gold": 1.5, "standard": 1.0}
    )
    """Value weight of a customer by profile tier (unknown tiers weigh 1.0)."""


class Proposition(_Strict):
    """An action that exists without a violation: proposed for every customer with a profile
    for whom ``when`` holds at ``as_of`` (an expression over ``customer.<field>`` and
    ``now``), e.g. a renewal reminder from ``customer.renewal_due``. It goes through the same
    arbitration as the actions of violated rules (case-less: ``case_id`` is empty)."""

    id: str = Field(pattern=RULE_ID)
    """Named in the action's ``reason_rule_ids``; must differ from every rule id."""
    when: str
    action: ActionSpec
    description: str | None = None


class ExpectedViolation(_Strict):
    rule: str
    case_id: str | None = None
    customer_id: str | None = None
    count: int | None = Field(default=None, ge=0)


class ExpectedAction(_Strict):
    action: str
    customer_id: str | None = None
    case_id: str | None = None


class Expectation(_Strict):
    violations: list[ExpectedViolation] = Field(default_factory=list)
    actions: list[ExpectedAction] | None = None
    exact: bool = True
    """With ``exact``, any violation not listed fails the test."""


class RulesetTest(_Strict):
    """A test case of the ruleset itself: a small inline log and what it must produce."""

    name: str
    interactions: list[dict[str, Any]]
    customers: list[dict[str, Any]] = Field(default_factory=list)
    as_of: AwareDatetime | None = None
    expect: Expectation


SLA_METRICS = ("first_reply", "next_reply", "periodic_update", "resolution", "requester_wait",
               "agent_work")
CASE_METRICS = ("resolution", "requester_wait", "agent_work")

Targets = dict[Priority | Literal["default"], PositiveDuration]
"""Limits per priority, ``default`` for every priority not listed."""


class SlaPolicy(_Strict):
    """An SLA policy as help desks define them: the first policy (in order) whose ``where`` is
    true on a case's first event applies to that case, with a target per metric and priority.

    Each target becomes a ``response_time`` rule named ``<name>-<metric>`` (``vip-chat-first-
    reply``), scoped to the cases this policy applies to."""

    name: str = Field(pattern=RULE_ID)
    where: str | None = None
    """The cases it applies to (default: every case not taken by an earlier policy)."""
    hours: Literal["calendar", "business"] = "calendar"
    first_reply: Targets | None = None
    next_reply: Targets | None = None
    periodic_update: Targets | None = None
    resolution: Targets | None = None
    requester_wait: Targets | None = None
    agent_work: Targets | None = None
    paused_while: list[Status] = Field(default_factory=list)
    """Statuses that stop the resolution clock (`[pending, on_hold]`)."""
    warn_at: str | None = None
    """Warning point of every target (`75%` or `15m`)."""
    severity: Severity | None = None
    action: ActionSpec | None = None
    description: str | None = None

    @field_validator(*SLA_METRICS)
    @classmethod
    def _has_default(cls, value: Targets | None) -> Targets | None:
        if value is not None and "default" not in value:
            raise ValueError("give a 'default' target (the limit for every priority not "
                             "listed)")
        return value

    @model_validator(mode="after")
    def _targets(self) -> SlaPolicy:
        if all(getattr(self, m) is None for m in SLA_METRICS):
            raise ValueError("an SLA policy needs a target: " + ", ".join(SLA_METRICS))
        return self

    def rules(self) -> list[RuleSpec]:
        """The ``response_time`` rules of this policy, one per target."""
        out = []
        for metric in SLA_METRICS:
            targets = getattr(self, metric)
            if targets is None:
                continue
            text = {str(k): format_duration(v).replace(" ", "") for k, v in targets.items()}
            params: dict[str, Any] = {"metric": metric, "limit": text.pop("default"),
                                      "hours": self.hours}
            if text:
                params["by_priority"] = text
            if self.warn_at is not None:
                params["warn_at"] = self.warn_at
            if metric in CASE_METRICS and self.paused_while:
                params["paused_while"] = [s.value for s in self.paused_while]
            out.append(RuleSpec(
                id=f"{self.name}-{metric.replace('_', '-')}", kind="response_time",
                category=Category.RESOLUTION if metric in CASE_METRICS else Category.SPEED,
                severity=self.severity, action=self.action, params=params, where=self.where,
                description=self.description or f"SLA policy {self.name}: {metric} target.",
            ))
        return out


class Waiver(_Strict):
    """A finding the team has accepted for now (conftest's exceptions): which rules, for which
    cases, customers, agents or channels, why, and until when. A waived finding is counted and
    listed apart, never dropped; after ``until`` the waiver stops applying and says so."""

    rules: list[str] = Field(min_length=1)
    """Rule ids, kinds or categories it waives (like ``--select``)."""
    cases: list[str] = Field(default_factory=list)
    """Only findings of these cases (empty: any case)."""
    customers: list[str] = Field(default_factory=list)
    """Only findings of these customers (empty: any customer)."""
    agents: list[str] = Field(default_factory=list)
    """Only findings whose events include one by these agents (empty: any agent)."""
    channels: list[Channel] = Field(default_factory=list)
    """Only findings whose events include one on these channels (empty: any channel)."""
    until: date
    """The last day it applies (UTC); required, so that no waiver is forever."""
    reason: str = Field(min_length=3)
    """Why the finding is accepted (an incident, a ticket, a decision), shown with it."""


@dataclass(frozen=True)
class RuleOrigin:
    """Where a rule of a ruleset that ``extends`` another comes from.

    ``how`` is ``inherited`` (the parent's rule as it is), ``overridden`` (the parent's rule
    with the ``keys`` this ruleset gives), ``replaced`` (this ruleset defines the id anew,
    ``kind`` included) or ``added`` (an id the parent does not have). ``earlier`` is the
    rule's origin in the parent, when the parent extends a ruleset too."""

    how: Literal["inherited", "overridden", "replaced", "added"]
    parent: str
    """The parent's ``name@version``."""
    keys: tuple[str, ...] = ()
    earlier: RuleOrigin | None = None

    def text(self) -> str:
        """``overridden (severity, params.limit) from cx-baseline@2.1.0``, and so on."""
        if self.how == "added":
            return f"added (not in {self.parent})"
        if self.how == "replaced":
            return f"replaced (defined anew, the rule of {self.parent} is not used)"
        keys = f" ({', '.join(self.keys)})" if self.keys else ""
        text = f"{self.how}{keys} from {self.parent}"
        return text + (f"; in {self.parent}: {self.earlier.text()}" if self.earlier else "")


MAX_RULES = 1_000
"""The most rules a ruleset may hold, SLA policies' rules included (every rule is a plan the
engine builds and runs: a generated ruleset of 100,000 rules is refused before any work)."""


class Ruleset(_Strict):
    """A named, versioned set of rules of customer expectations."""

    ruleset: str = Field(pattern=RULE_ID)
    version: str = Field(pattern=SEMVER)
    description: str | None = None
    calendar: Calendar | None = None
    defaults: Defaults = Field(default_factory=Defaults)
    scoring: ScoringSpec = Field(default_factory=ScoringSpec)
    contact_policy: ContactPolicy = Field(default_factory=ContactPolicy)
    rules: list[RuleSpec] = Field(default_factory=list)
    sla_policies: list[SlaPolicy] = Field(default_factory=list)
    """Ordered SLA policies: each case gets the first whose ``where`` matches (their rules
    join ``rules``)."""
    propositions: list[Proposition] = Field(default_factory=list)
    """Actions proposed from the customer's profile, without a violation."""
    tests: list[RulesetTest] = Field(default_factory=list)
    exceptions: list[Waiver] = Field(default_factory=list)
    """Waivers of findings (see :class:`Waiver`)."""
    _source: str | None = PrivateAttr(default=None)
    _rule_lines: dict[str, int] = PrivateAttr(default_factory=dict)
    _test_lines: list[int] = PrivateAttr(default_factory=list)
    _rule_sources: dict[str, str] = PrivateAttr(default_factory=dict)
    _origins: dict[str, RuleOrigin] = PrivateAttr(default_factory=dict)
    _parent: Ruleset | None = PrivateAttr(default=None)
    _extends: tuple[str, int] | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _expand_policies(self) -> Ruleset:
        """Turn each SLA policy into its rules, scoped so that a case gets the first policy
        whose ``where`` matches it."""
        if not self.rules and not self.sla_policies and not self.propositions:
            raise ValueError("a ruleset needs rules, sla_policies or propositions")
        earlier: list[str] = []
        for index, policy in enumerate(self.sla_policies):
            if index and self.sla_policies[index - 1].where is None:
                raise ValueError(f"sla_policies: {policy.name!r} comes after the catch-all "
                                 f"policy {self.sla_policies[index - 1].name!r} (no where) and "
                                 "can never apply")
            for rule in policy.rules():
                rule._where_not = tuple(earlier)
                rule._policy = index
                self.rules.append(rule)
            if policy.where is not None:
                earlier.append(policy.where)
        return self

    @model_validator(mode="after")
    def _not_too_many(self) -> Ruleset:
        if len(self.rules) > MAX_RULES:
            raise ValueError(f"{len(self.rules)} rules (SLA policies' included); a ruleset may "
                             f"hold at most {MAX_RULES}")
        return self

    @model_validator(mode="after")
    def _waivers_name_rules(self) -> Ruleset:
        names = {n for r in self.rules for n in r.names}
        for i, waiver in enumerate(self.exceptions):
            unknown = [n for n in waiver.rules if n not in names]
            if unknown:
                raise ValueError(f"exceptions[{i}]: {unknown[0]!r} is no rule id, kind or "
                                 "category of this ruleset (it would waive nothing)")
        return self

    @model_validator(mode="after")
    def _unique_rule_ids(self) -> Ruleset:
        seen: set[str] = set()
        for rule in self.rules:
            if rule.id in seen:
                raise ValueError(f"duplicate rule id {rule.id!r}")
            seen.add(rule.id)
        return self

    @property
    def source(self) -> str | None:
        """The file the ruleset was loaded from, if any."""
        return self._source

    def rule_line(self, rule_id: str) -> int | None:
        """The YAML line where a rule is defined (for SARIF and error locations), in the file
        :meth:`rule_source` names."""
        return self._rule_lines.get(rule_id)

    def rule_source(self, rule_id: str) -> str | None:
        """The file where a rule is defined: this ruleset's own file, or for an inherited rule
        the parent's (an overridden rule is where its override is written)."""
        return self._rule_sources.get(rule_id, self._source)

    def rule_origin(self, rule_id: str) -> RuleOrigin | None:
        """Inherited, overridden, replaced or added (None: the ruleset extends nothing)."""
        return self._origins.get(rule_id)

    @property
    def parent(self) -> Ruleset | None:
        """The resolved ruleset this one ``extends`` (None: it extends nothing)."""
        return self._parent

    @property
    def extends(self) -> tuple[str, int] | None:
        """``extends:`` as written in the file, and its YAML line."""
        return self._extends

    @property
    def ancestors(self) -> tuple[Ruleset, ...]:
        """The parent, its parent and so on (nearest first)."""
        chain: list[Ruleset] = []
        node = self._parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return tuple(chain)

    def test_line(self, index: int) -> int | None:
        """The YAML line where the ``index``-th inline test is defined."""
        return self._test_lines[index] if index < len(self._test_lines) else None

    def severity_of(self, rule: RuleSpec) -> Severity:
        return rule.severity or self.defaults.severity

    @property
    def enabled_rules(self) -> list[RuleSpec]:
        return [r for r in self.rules if r.enabled]

    @property
    def label(self) -> str:
        return f"{self.ruleset}@{self.version}"
