"""Reference twins of :mod:`cx_rules.outputs`: arbitration and scores, row by row."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from cx_rules.durations import format_duration
from cx_rules.expr import evaluate_row
from cx_rules.kinds.base import Row
from cx_rules.kinds.contact import quiet_until
from cx_rules.kinds.scope import parse_action_expr
from cx_rules.models.ruleset import ContactLimit, Ruleset
from cx_rules.outputs.actions import action_specs, lever_of
from cx_rules.outputs.outcomes import OutcomeHistory, suppress_reason
from cx_rules.outputs.policy import (
    contact_window,
    context_factor,
    engagement_reason,
    expression_values,
    reason,
)

UNASSIGNED = "(unassigned)"






def arbitrate(violations: list[Row], interactions: list[Row], customers: list[Row],
              ruleset: Ruleset, outcomes: list[Row] | None = None,
              as_of: datetime | None = None) -> tuple[list[Row], list[Row]]:
    """(suggested, suppressed) actions, following the documented policy step by step."""
    policy = ruleset.contact_policy
    history = None
    if outcomes is not None:
        history = OutcomeHistory({c["customer_id"]: c.get("segment") for c in customers})
        history.extend(outcomes)
    specs = action_specs(ruleset)
    by_id = {r["interaction_id"]: r for r in interactions}
    profiles = {c["customer_id"]: c for c in customers}
    triggers = [(v["rule_id"], v["customer_id"], v["case_id"], v["timestamp"],
                 v["interaction_ids"][0] if v["interaction_ids"] else None)
                for v in violations if v["rule_id"] in specs]
    if as_of is not None:
        for prop in ruleset.propositions:
            test = parse_action_expr(prop.when, True)
            for customer, profile in profiles.items():
                if evaluate_row(test, expression_values(None, profile, as_of)) is True:
                    triggers.append((prop.id, customer, None, as_of, None))
    groups: dict[tuple[str, str | None, str], list[dict[str, Any]]] = defaultdict(list)
    for rule_id, customer, case, at, first in triggers:
        spec = specs[rule_id]
        profile = profiles.get(customer, {})
        event = by_id.get(first) if first is not None else None
        values = expression_values(event, profile, at)
        weight = policy.tier_weights.get(profile.get("tier") or "", 1.0) \
            * context_factor(policy, spec, values)
        channel = (spec.channel.value if spec.channel else None) or profile.get(
            "preferred_channel") or (event["channel"] if event else None)
        expires = at + spec.expires if spec.expires else None
        lever = lever_of(ruleset, spec.group)
        groups[(customer, case, spec.id)].append({
            "score": spec.priority * weight * spec.value * lever,
            "weight": weight, "value": spec.value, "lever": lever,
            "rule_id": rule_id, "channel": channel,
            "purpose": spec.purpose.value, "proactive": spec.proactive,
            "mandatory": spec.mandatory, "engagement": engagement_reason(spec, values),
            "timestamp": at, "expires": expires, "priority": spec.priority,
        })
    merged: list[dict[str, Any]] = []
    for (customer, case, action), cands in groups.items():
        best = min(cands, key=lambda c: (c["engagement"] is not None, -c["score"],
                                         c["rule_id"]))
        expiries = [c["expires"] for c in cands if c["expires"] is not None]
        profile = profiles.get(customer, {})
        why = best["engagement"]
        if why is None and policy.respect_opt_outs \
                and best["channel"] in (profile.get("opted_out_channels") or []):
            why = reason("opted_out", channel=best["channel"])
        if why is None and policy.respect_marketing_consent and best["purpose"] == "marketing" \
                and profile.get("marketing_consent") is not True:
            why = reason("consent")
        created = min(c["timestamp"] for c in cands)
        expires_at = max(expiries) if expiries else None
        send_after = None
        if policy.respect_quiet_hours and best["purpose"] != "transactional" \
                and not best["mandatory"]:
            send_after = quiet_until(created, profile.get("timezone"), profile.get("quiet_hours"))
        propensity = None
        if history is not None:
            propensity = history.propensity(action, customer, created, policy.propensity_prior)
            rule = policy.suppress_after
            if why is None and rule is not None and not best["mandatory"]:
                why = suppress_reason(
                    rule, history.recent(customer, action, "rejected", created, rule.within),
                    history.recent(customer, action, "ignored", created, rule.within))
        if why is None and send_after is not None and expires_at is not None \
                and expires_at <= send_after:
            why = reason("quiet_hours", quiet_hours=profile["quiet_hours"],
                         timezone=profile.get("timezone") or "UTC")
        merged.append({
            "action_id": action, "customer_id": customer, "case_id": case,
            "score": best["score"] * (1.0 if propensity is None else propensity),
            "priority": best["priority"], "weight": best["weight"], "value": best["value"],
            "lever": best["lever"], "propensity": propensity,
            "reason_rule_ids": sorted({c["rule_id"] for c in cands}),
            "channel": best["channel"], "purpose": best["purpose"],
            "proactive": best["proactive"], "mandatory": best["mandatory"],
            "created_at": created, "send_after": send_after,
            "expires_at": expires_at, "suppressed_reason": why,
        })

    def order(a: dict[str, Any]) -> tuple[Any, ...]:
        return (-a["score"], a["created_at"], a["case_id"] or "", a["action_id"])

    limits: list[tuple[str | None, ContactLimit, str]] = []
    if policy.proactive_limit is not None:
        limit = policy.proactive_limit
        limits.append((None, limit, reason("contact_limit", count=limit.count,
                                           per=format_duration(limit.per))))
    for on, limit in policy.channel_limits.items():
        limits.append((on.value, limit, reason("channel_limit", count=limit.count,
                                               channel=on.value,
                                               per=format_duration(limit.per))))
    for on_channel, limit, text in limits:
        buckets: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
        for a in merged:
            if a["suppressed_reason"] is None and a["proactive"] and not a["mandatory"] \
                    and (on_channel is None or a["channel"] == on_channel):
                window = contact_window(a["send_after"] or a["created_at"], limit.per)
                buckets[(a["customer_id"], window)].append(a)
        for bucket in buckets.values():
            for a in sorted(bucket, key=order)[limit.count:]:
                a["suppressed_reason"] = text
    per_customer: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for a in merged:
        if a["suppressed_reason"] is None and not a["mandatory"]:
            per_customer[a["customer_id"]].append(a)
    cap = policy.max_actions_per_customer
    for actions in per_customer.values():
        for a in sorted(actions, key=order)[cap:]:
            a["suppressed_reason"] = reason("cap", cap=cap)
    return ([a for a in merged if a["suppressed_reason"] is None],
            [a for a in merged if a["suppressed_reason"] is not None])


def scores(violations: list[Row], interactions: list[Row], ruleset: Ruleset,
           dimension: str) -> dict[str, tuple[int, int, float, float]]:
    """entity -> (cases, violations, points_lost, score)."""
    weights = {s.value: w for s, w in ruleset.scoring.weights.items()}
    by_id = {r["interaction_id"]: r for r in interactions}
    ordered = sorted(interactions, key=lambda r: (r["case_id"], r["timestamp"],
                                                  r["interaction_id"]))
    case_customer: dict[str, str] = {}
    for r in ordered:
        case_customer.setdefault(r["case_id"], r["customer_id"])
    cases: dict[str, set[str]] = defaultdict(set)
    if dimension == "case":
        for case in case_customer:
            cases[case].add(case)
    elif dimension == "customer":
        for case, customer in case_customer.items():
            cases[customer].add(case)
    elif dimension == "category":
        for cat in {r.category.value for r in ruleset.enabled_rules}:
            cases[cat] = set(case_customer)
    else:
        key = "agent_id" if dimension == "agent" else "channel"
        for r in interactions:
            if r[key] is not None:
                cases[r[key]].add(r["case_id"])
        if dimension == "agent":
            cases[UNASSIGNED] = set(case_customer)
    lost: dict[str, list[float]] = defaultdict(list)
    for v in violations:
        points = weights.get(v["severity"], 0.0)
        if dimension in ("case", "customer", "category"):
            entities = [v[{"case": "case_id", "customer": "customer_id",
                           "category": "category"}[dimension]]]
        elif dimension == "channel":
            first = by_id.get(v["interaction_ids"][0])
            entities = [first["channel"] if first else None]
        else:
            agents = {by_id[i]["agent_id"] for i in v["interaction_ids"]
                      if i in by_id and by_id[i]["agent_id"] is not None}
            entities = sorted(agents) or [UNASSIGNED]
        for entity in entities:
            lost[entity].append(points)
    out: dict[str, tuple[int, int, float, float]] = {}
    for entity, case_set in cases.items():
        n = len(case_set)
        pts = sum(lost.get(entity, []))
        count = len(lost.get(entity, []))
        if dimension == "agent" and entity == UNASSIGNED and count == 0:
            continue
        out[entity] = (n, count, pts, min(100.0, max(0.0, 100.0 - pts / n)))
    return out
