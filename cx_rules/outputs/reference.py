"""Reference twins of :mod:`cx_rules.outputs`: arbitration and scores, row by row."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from cx_rules.durations import format_duration, to_us
from cx_rules.kinds.base import Row
from cx_rules.kinds.contact import quiet_until
from cx_rules.models.ruleset import Ruleset
from cx_rules.outputs.actions import lever_of
from cx_rules.outputs.outcomes import OutcomeHistory, suppress_reason

UNASSIGNED = "(unassigned)"


def arbitrate(violations: list[Row], interactions: list[Row], customers: list[Row],
              ruleset: Ruleset, outcomes: list[Row] | None = None
              ) -> tuple[list[Row], list[Row]]:
    """(suggested, suppressed) actions, following the documented policy step by step."""
    policy = ruleset.contact_policy
    history = None
    if outcomes is not None:
        history = OutcomeHistory({c["customer_id"]: c.get("segment") for c in customers})
        history.extend(outcomes)
    specs = {r.id: r.action for r in ruleset.rules if r.action is not None}
    channel_of = {r["interaction_id"]: r["channel"] for r in interactions}
    profiles = {c["customer_id"]: c for c in customers}
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for v in violations:
        spec = specs.get(v["rule_id"])
        if spec is None:
            continue
        profile = profiles.get(v["customer_id"], {})
        weight = policy.tier_weights.get(profile.get("tier") or "", 1.0)
        channel = (spec.channel.value if spec.channel else None) or profile.get(
            "preferred_channel") or channel_of.get(v["interaction_ids"][0])
        expires = v["timestamp"] + spec.expires if spec.expires else None
        groups[(v["customer_id"], v["case_id"], spec.id)].append({
            "score": spec.priority * weight * spec.value * lever_of(ruleset, spec.group),
            "weight": weight, "value": spec.value, "lever": lever_of(ruleset, spec.group),
            "rule_id": v["rule_id"],
            "channel": channel,
            "purpose": spec.purpose.value, "proactive": spec.proactive,
            "mandatory": spec.mandatory,
            "timestamp": v["timestamp"], "expires": expires, "priority": spec.priority,
        })
    merged: list[dict[str, Any]] = []
    for (customer, case, action), cands in groups.items():
        best = min(cands, key=lambda c: (-c["score"], c["rule_id"]))
        expiries = [c["expires"] for c in cands if c["expires"] is not None]
        profile = profiles.get(customer, {})
        reason = None
        if policy.respect_opt_outs and best["channel"] in (profile.get("opted_out_channels") or []):
            reason = f"customer opted out of {best['channel']}"
        if reason is None and policy.respect_marketing_consent and best["purpose"] == "marketing" \
                and profile.get("marketing_consent") is not True:
            reason = "marketing action without the customer's marketing consent"
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
            if reason is None and rule is not None and not best["mandatory"]:
                reason = suppress_reason(
                    rule, history.recent(customer, action, "rejected", created, rule.within),
                    history.recent(customer, action, "ignored", created, rule.within))
        if reason is None and send_after is not None and expires_at is not None \
                and expires_at <= send_after:
            reason = (f"expires before the customer's quiet hours ({profile['quiet_hours']} "
                      f"{profile.get('timezone') or 'UTC'}) end")
        merged.append({
            "action_id": action, "customer_id": customer, "case_id": case,
            "score": best["score"] * (1.0 if propensity is None else propensity),
            "priority": best["priority"], "weight": best["weight"], "value": best["value"],
            "lever": best["lever"], "propensity": propensity,
            "reason_rule_ids": sorted({c["rule_id"] for c in cands}),
            "channel": best["channel"], "purpose": best["purpose"],
            "proactive": best["proactive"], "mandatory": best["mandatory"],
            "created_at": created, "send_after": send_after,
            "expires_at": expires_at, "suppressed_reason": reason,
        })

    def order(a: dict[str, Any]) -> tuple[Any, ...]:
        return (-a["score"], a["created_at"], a["case_id"], a["action_id"])

    if policy.proactive_limit is not None:
        limit = policy.proactive_limit
        buckets: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
        for a in merged:
            if a["suppressed_reason"] is None and a["proactive"] and not a["mandatory"]:
                contact = a["send_after"] or a["created_at"]
                epoch_us = to_us(contact - contact.replace(
                    year=1970, month=1, day=1, hour=0, minute=0, second=0, microsecond=0))
                buckets[(a["customer_id"], epoch_us // to_us(limit.per))].append(a)
        for bucket in buckets.values():
            for a in sorted(bucket, key=order)[limit.count:]:
                a["suppressed_reason"] = (f"contact limit: at most {limit.count} proactive "
                                          f"contact(s) per {format_duration(limit.per)}")
    per_customer: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for a in merged:
        if a["suppressed_reason"] is None and not a["mandatory"]:
            per_customer[a["customer_id"]].append(a)
    cap = policy.max_actions_per_customer
    for actions in per_customer.values():
        for a in sorted(actions, key=order)[cap:]:
            a["suppressed_reason"] = f"lower priority than {cap} other action(s) for this customer"
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
