"""Next-best actions: candidates from violated rules, arbitrated under a contact policy.

Every violation of a rule with an ``action:`` proposes that action for the customer. The
candidates are then, in this order and all in one vectorized plan:

1. **scored**: ``priority x weight x value x lever x propensity``, each term a column of the
   output: ``weight`` is the profile tier's weight from ``contact_policy.tier_weights`` (1.0
   for unknown tiers or customers without a profile), ``value`` the action's own business
   value, ``lever`` its group's lever (``contact_policy.levers``, 1.0 when not listed),
   ``propensity`` the action's acceptance
   rate from the outcomes input (:mod:`cx_rules.outputs.outcomes`; null, and not a factor,
   without one);
2. **de-duplicated** per customer, case and action (highest score wins; every rule behind it
   is kept in ``reason_rule_ids``);
3. **suppressed** where the contact policy forbids the contact: the chosen channel is one the
   customer opted out of, or a marketing action lacks marketing consent;
4. **deferred** with ``respect_quiet_hours``: an action created inside the customer's quiet
   hours (their time zone, UTC when unknown) gets ``send_after``, the end of those hours, and
   is suppressed when it expires by then; transactional and mandatory actions are exempt;
5. **rate-limited**: with ``proactive_limit {count, per}``, at most ``count`` proactive
   actions per customer in each ``per`` window (tumbling windows from the Unix epoch, by the
   time the contact is made: ``send_after``, else ``created_at``), best score first;
6. **capped**: per customer the top ``max_actions_per_customer`` by score.

Mandatory actions are neither counted nor stopped by steps 5 and 6.

Suppressed candidates are kept in a second frame with the reason (``--show-suppressed``), so
nothing disappears without an explanation. The channel is the action's own ``channel``, else
the customer's preferred channel, else the channel of the event that triggered it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import polars as pl

from cx_rules.collecting import ENGINE
from cx_rules.durations import format_duration, to_us
from cx_rules.expr import to_polars
from cx_rules.kinds.base import with_customer_fields
from cx_rules.kinds.contact import (
    customer_zones,
    in_window,
    local_minute,
    local_time_after,
    window_end,
)
from cx_rules.kinds.scope import parse_action_expr
from cx_rules.models.ruleset import ActionSpec, Ruleset
from cx_rules.outputs.outcomes import propensities, recent_outcomes
from cx_rules.outputs.policy import (
    ENGAGEMENT,
    context_factor_column,
    engagement_reason_column,
    fields_read,
    reason_expr,
)
from cx_rules.schema import INTERACTION_SCHEMA, UTC_TS

ACTION_SCHEMA: dict[str, pl.DataType] = {
    "action_id": pl.String(),
    "customer_id": pl.String(),
    "case_id": pl.String(),
    "score": pl.Float64(),
    "priority": pl.Int64(),
    "weight": pl.Float64(),
    "value": pl.Float64(),
    "lever": pl.Float64(),
    "propensity": pl.Float64(),
    "reason_rule_ids": pl.List(pl.String),
    "channel": pl.String(),
    "purpose": pl.String(),
    "proactive": pl.Boolean(),
    "mandatory": pl.Boolean(),
    "created_at": UTC_TS,
    "send_after": UTC_TS,
    "expires_at": UTC_TS,
    "suppressed_reason": pl.String(),
}


@dataclass(frozen=True)
class Actions:
    """Suggested actions (best first per customer) and the suppressed ones with reasons."""

    suggested: pl.DataFrame
    suppressed: pl.DataFrame


def action_specs(ruleset: Ruleset) -> dict[str, ActionSpec]:
    """The action of each rule that has one and of each proposition, by rule (proposition) id."""
    specs = {rule.id: rule.action for rule in ruleset.rules if rule.action is not None}
    specs.update({p.id: p.action for p in ruleset.propositions})
    return specs


def _specs(ruleset: Ruleset) -> pl.DataFrame:
    rows = [
        {
            "rule_id": rule_id,
            "_spec_channel": spec.channel.value if spec.channel else None,
            "_expires_us": to_us(spec.expires) if spec.expires else None,
            "proactive": spec.proactive,
            "purpose": spec.purpose.value,
            "mandatory": spec.mandatory,
            "value": spec.value,
            "lever": lever_of(ruleset, spec.group),
            "_group": spec.group,
        }
        for rule_id, spec in action_specs(ruleset).items()
    ]
    return pl.DataFrame(rows, schema={"rule_id": pl.String, "_spec_channel": pl.String,
                                      "_expires_us": pl.Int64, "proactive": pl.Boolean,
                                      "purpose": pl.String, "mandatory": pl.Boolean,
                                      "value": pl.Float64, "lever": pl.Float64,
                                      "_group": pl.String})


def lever_of(ruleset: Ruleset, group: str | None) -> float:
    """The lever of an action group (1.0 for no group or one the policy does not list)."""
    return ruleset.contact_policy.levers.get(group, 1.0) if group else 1.0


def _profiles(customers: pl.DataFrame | None) -> pl.LazyFrame:
    cols: dict[str, pl.DataType] = {
        "customer_id": pl.String(), "tier": pl.String(), "preferred_channel": pl.String(),
        "opted_out_channels": pl.List(pl.String), "marketing_consent": pl.Boolean(),
        "timezone": pl.String(), "quiet_hours": pl.String(), "segment": pl.String()}
    if customers is None:
        return pl.LazyFrame(schema=cols)
    return customers.lazy().select(list(cols))


def _propositions(ruleset: Ruleset, customers: pl.DataFrame | None,
                  as_of: datetime | None) -> pl.LazyFrame | None:
    """Trigger rows of the propositions: one per customer with a profile for whom ``when``
    holds at ``as_of`` (created at ``as_of``, no case, no triggering event)."""
    if not ruleset.propositions or customers is None or as_of is None:
        return None
    profiles = with_customer_fields(customers.lazy().select("customer_id"), customers.lazy()
                                    ).with_columns(pl.lit(as_of, UTC_TS).alias("now"))
    parts = [
        profiles.filter(to_polars(parse_action_expr(p.when, True)).fill_null(False)).select(
            pl.lit(p.id).alias("rule_id"), pl.lit(p.action.id).alias("action_id"),
            pl.lit(p.action.priority, pl.Int64).alias("action_priority"),
            pl.lit(None, pl.String).alias("case_id"), pl.col("customer_id"),
            pl.col("now").alias("timestamp"), pl.lit(None, pl.String).alias("_first_id"))
        for p in ruleset.propositions
    ]
    return pl.concat(parts)


def _triggering_events(interactions: pl.DataFrame, base: pl.LazyFrame,
                       columns: list[pl.Expr]) -> pl.LazyFrame:
    """``_first_id`` and ``columns`` of the events that triggered a candidate: the log is
    narrowed to them first (a semi join keyed on the few candidates), so the join that follows
    hashes the candidates' events, not every event of the log."""
    return interactions.lazy().select(pl.col("interaction_id").alias("_first_id"), *columns) \
        .join(base.select("_first_id").unique(), on="_first_id", how="semi")


def _context(base: pl.LazyFrame, interactions: pl.DataFrame, customers: pl.DataFrame | None,
             ruleset: Ruleset) -> pl.LazyFrame | None:
    """``_v`` with ``_context`` (the context weights' factor) and ``_engagement`` (why the
    candidate fails its engagement policies, or null); None when the ruleset has neither."""
    specs = action_specs(ruleset)
    policy = ruleset.contact_policy
    if not policy.context_weights and not any(
            getattr(spec, attr) for spec in specs.values() for attr, _ in ENGAGEMENT):
        return None
    read = fields_read(specs, policy)
    frame = base.select("_v", "rule_id", "action_id", "_group", "_first_id", "customer_id",
                        pl.col("timestamp").alias("now"))
    events = [c for c in INTERACTION_SCHEMA if c in read and c != "customer_id"]
    if events:
        frame = frame.join(_triggering_events(interactions, base, [pl.col(c) for c in events]),
                           on="_first_id", how="left", maintain_order="left")
    if any(c.startswith("customer_") for c in read):
        frame = with_customer_fields(frame, None if customers is None else customers.lazy())
    return frame.select(
        "_v",
        context_factor_column(policy, pl.col("action_id"), pl.col("_group")).alias("_context"),
        engagement_reason_column(specs, pl.col("rule_id")).alias("_engagement"))


def candidates(violations: pl.DataFrame, interactions: pl.DataFrame,
               customers: pl.DataFrame | None, ruleset: Ruleset,
               as_of: datetime | None = None) -> pl.LazyFrame:
    """One scored candidate per violation of a rule that has an action, and per customer a
    proposition holds for (with ``as_of``)."""
    policy = ruleset.contact_policy
    weights = {k: float(v) for k, v in policy.tier_weights.items()}
    base = (
        violations.lazy()
        .filter(pl.col("action_id").is_not_null())
        .select("rule_id", "action_id", "action_priority", "case_id", "customer_id", "timestamp",
                pl.col("interaction_ids").list.first().alias("_first_id"))
    )
    first_channel = _triggering_events(interactions, base, [pl.col("channel")
                                                             .alias("_event_channel")])
    propositions = _propositions(ruleset, customers, as_of)
    if propositions is not None:
        base = pl.concat([base, propositions])
    base = (base.with_row_index("_v")
            .join(_specs(ruleset).lazy(), on="rule_id", how="left", maintain_order="left"))
    context = _context(base, interactions, customers, ruleset)
    if context is None:
        base = base.with_columns(pl.lit(1.0).alias("_context"),
                                 pl.lit(None, pl.String).alias("_engagement"))
    else:
        base = base.join(context, on="_v", how="left", maintain_order="left")
    return (
        base
        .join(first_channel, on="_first_id", how="left", maintain_order="left")
        .join(_profiles(customers), on="customer_id", how="left", maintain_order="left")
        .with_columns(
            pl.coalesce("_spec_channel", "preferred_channel", "_event_channel").alias("channel"),
            (pl.col("tier").replace_strict(weights, default=1.0, return_dtype=pl.Float64)
             * pl.col("_context")).alias("weight"),
        )
        .with_columns((pl.col("action_priority").cast(pl.Float64) * pl.col("weight")
                       * pl.col("value") * pl.col("lever")).alias("score"))
    )


def _send_after(customers: pl.DataFrame | None, respect: bool) -> pl.Expr:
    """``send_after``: the end of the customer's quiet hours for an action created inside
    them (null otherwise, and always null when the policy does not respect quiet hours)."""
    if not respect or customers is None:
        return pl.lit(None, UTC_TS).alias("send_after")
    zones = customer_zones(customers.lazy())
    created, zone, window = pl.col("created_at"), pl.col("timezone"), pl.col("quiet_hours")
    exempt = (pl.col("purpose") == "transactional") | pl.col("mandatory")
    quiet = window.is_not_null() & ~exempt & in_window(local_minute(created, zone, zones),
                                                       window)
    return pl.when(quiet.fill_null(False)).then(
        local_time_after(created, zone, zones, window_end(window))).alias("send_after")


def _with_outcomes(merged: pl.LazyFrame, outcomes: pl.DataFrame | None,
                   customers: pl.DataFrame | None, ruleset: Ruleset
                   ) -> tuple[pl.LazyFrame, pl.Expr | None]:
    """``merged`` with ``propensity`` (null without outcomes) and the score multiplied by it,
    and the suppress_after reason (None when it does not apply)."""
    if outcomes is None:
        return merged.with_columns(pl.lit(None, pl.Float64).alias("propensity")), None
    policy = ruleset.contact_policy
    segments = _profiles(customers).select("customer_id", "segment")
    merged = merged.join(propensities(merged, outcomes, segments, policy.propensity_prior),
                         on="_key", how="left", maintain_order="left").with_columns(
        (pl.col("score") * pl.col("propensity")).alias("score"))
    if policy.suppress_after is None:
        return merged, None
    merged = merged.join(recent_outcomes(merged, outcomes, policy), on="_key", how="left",
                         maintain_order="left")
    return merged, pl.when(~pl.col("mandatory")).then(pl.col("suppressed_by_outcomes"))


def _contact_window(per_us: int) -> pl.Expr:
    """The tumbling window (from the Unix epoch) of the time the contact is made."""
    return pl.coalesce("send_after", "created_at").dt.epoch("us") // per_us


def _limited(merged: pl.LazyFrame, order: list[pl.Expr], count: int, per_us: int,
             reason: pl.Expr, on_channel: str | None = None) -> pl.LazyFrame:
    """At most ``count`` allowed, proactive, non-mandatory actions per customer (on one
    channel) per window, best first; the others get ``reason``."""
    counted = (pl.col("suppressed_reason").is_null() & ~pl.col("mandatory")
               & pl.col("proactive"))
    if on_channel is not None:
        counted = counted & (pl.col("channel") == on_channel).fill_null(False)
    rank = pl.when(counted).then(
        pl.int_range(pl.len()).sort_by(order, descending=[True, False, False, False])
        .arg_sort().over(["customer_id", counted, _contact_window(per_us)]))
    return merged.with_columns(
        pl.when(counted & (rank >= count)).then(reason)
        .otherwise(pl.col("suppressed_reason")).alias("suppressed_reason"))


def arbitrate(violations: pl.DataFrame, interactions: pl.DataFrame,
              customers: pl.DataFrame | None, ruleset: Ruleset,
              outcomes: pl.DataFrame | None = None, as_of: datetime | None = None) -> Actions:
    """Candidates → de-duplicated, policy-checked, rate-limited, capped actions. With
    ``outcomes`` (see :mod:`cx_rules.outputs.outcomes`), each score is multiplied by the
    action's propensity and ``suppress_after`` applies; with ``as_of`` (and profiles), the
    ruleset's propositions add their candidates."""
    policy = ruleset.contact_policy
    merged = (
        candidates(violations, interactions, customers, ruleset, as_of)
        # a candidate that passes its engagement policies first, then the best score; stable:
        # among equal candidates the first violation's channel wins, as in the reference
        .sort([pl.col("_engagement").is_not_null(), "score", "rule_id"],
              descending=[False, True, False], maintain_order=True)
        .group_by(["customer_id", "case_id", "action_id"], maintain_order=True)
        .agg(
            pl.col("score").first(),
            pl.col("action_priority").first().alias("priority"),
            pl.col("weight").first(),
            pl.col("value").first(),
            pl.col("lever").first(),
            pl.col("rule_id").unique().sort().alias("reason_rule_ids"),
            pl.col("channel").first(),
            pl.col("purpose").first(),
            pl.col("proactive").first(),
            pl.col("mandatory").first(),
            pl.col("_engagement").first(),
            pl.col("timestamp").min().alias("created_at"),
            (pl.col("timestamp") + pl.duration(microseconds=pl.col("_expires_us"))).max()
            .alias("expires_at"),
            pl.col("opted_out_channels").first(),
            pl.col("marketing_consent").first(),
            pl.col("timezone").first(),
            pl.col("quiet_hours").first(),
        )
    )
    merged = merged.with_columns(_send_after(customers, policy.respect_quiet_hours))
    merged, from_outcomes = _with_outcomes(merged.with_row_index("_key"), outcomes, customers,
                                           ruleset)
    reasons: list[pl.Expr] = [pl.col("_engagement")]
    if policy.respect_opt_outs:
        reasons.append(
            pl.when(pl.col("opted_out_channels").list.contains(pl.col("channel")).fill_null(False))
            .then(reason_expr("opted_out", channel=pl.col("channel")))
        )
    if policy.respect_marketing_consent:
        reasons.append(
            pl.when((pl.col("purpose") == "marketing")
                    & pl.col("marketing_consent").ne_missing(True))
            .then(reason_expr("consent"))
        )
    if from_outcomes is not None:
        reasons.append(from_outcomes)
    if policy.respect_quiet_hours:
        reasons.append(
            pl.when(pl.col("expires_at") <= pl.col("send_after"))
            .then(reason_expr("quiet_hours", quiet_hours=pl.col("quiet_hours"),
                              timezone=pl.col("timezone").fill_null("UTC")))
        )
    merged = merged.with_columns(pl.coalesce(reasons).alias("suppressed_reason"))
    order = [pl.col("score"), pl.col("created_at"), pl.col("case_id"), pl.col("action_id")]
    if policy.proactive_limit is not None:
        limit = policy.proactive_limit
        merged = _limited(merged, order, limit.count, to_us(limit.per), reason_expr(
            "contact_limit", count=limit.count, per=format_duration(limit.per)))
    for channel, limit in policy.channel_limits.items():
        merged = _limited(merged, order, limit.count, to_us(limit.per), reason_expr(
            "channel_limit", count=limit.count, channel=channel.value,
            per=format_duration(limit.per)), on_channel=channel.value)
    cap = policy.max_actions_per_customer
    capped = pl.col("suppressed_reason").is_null() & ~pl.col("mandatory")
    rank = pl.int_range(pl.len()).sort_by(order, descending=[True, False, False, False]) \
        .arg_sort().over(["customer_id", capped])
    merged = merged.with_columns(
        pl.when(capped & (rank >= cap)).then(reason_expr("cap", cap=cap))
        .otherwise(pl.col("suppressed_reason")).alias("suppressed_reason")
    )
    final = merged.select(pl.col(n).cast(t) for n, t in ACTION_SCHEMA.items()).collect(
        engine=ENGINE)
    final = final.sort(["customer_id", "score", "created_at", "case_id", "action_id"],
                       descending=[False, True, False, False, False], nulls_last=True)
    return Actions(final.filter(pl.col("suppressed_reason").is_null()),
                   final.filter(pl.col("suppressed_reason").is_not_null()))
