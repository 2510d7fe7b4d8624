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

import polars as pl

from cx_rules.durations import format_duration, to_us
from cx_rules.kinds.contact import (
    customer_zones,
    in_window,
    local_minute,
    local_time_after,
    window_end,
)
from cx_rules.models.ruleset import Ruleset
from cx_rules.outputs.outcomes import propensities, recent_outcomes
from cx_rules.schema import UTC_TS

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


def _specs(ruleset: Ruleset) -> pl.DataFrame:
    rows = [
        {
            "rule_id": rule.id,
            "_spec_channel": rule.action.channel.value if rule.action.channel else None,
            "_expires_us": to_us(rule.action.expires) if rule.action.expires else None,
            "proactive": rule.action.proactive,
            "purpose": rule.action.purpose.value,
            "mandatory": rule.action.mandatory,
            "value": rule.action.value,
            "lever": lever_of(ruleset, rule.action.group),
        }
        for rule in ruleset.rules if rule.action is not None
    ]
    return pl.DataFrame(rows, schema={"rule_id": pl.String, "_spec_channel": pl.String,
                                      "_expires_us": pl.Int64, "proactive": pl.Boolean,
                                      "purpose": pl.String, "mandatory": pl.Boolean,
                                      "value": pl.Float64, "lever": pl.Float64})


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


def candidates(violations: pl.DataFrame, interactions: pl.DataFrame,
               customers: pl.DataFrame | None, ruleset: Ruleset) -> pl.LazyFrame:
    """One scored candidate per violation of a rule that has an action."""
    policy = ruleset.contact_policy
    first_channel = interactions.lazy().select(
        pl.col("interaction_id").alias("_first_id"), pl.col("channel").alias("_event_channel")
    )
    weights = {k: float(v) for k, v in policy.tier_weights.items()}
    return (
        violations.lazy()
        .filter(pl.col("action_id").is_not_null())
        .select("rule_id", "action_id", "action_priority", "case_id", "customer_id", "timestamp",
                pl.col("interaction_ids").list.first().alias("_first_id"))
        .join(_specs(ruleset).lazy(), on="rule_id", how="left", maintain_order="left")
        .join(first_channel, on="_first_id", how="left", maintain_order="left")
        .join(_profiles(customers), on="customer_id", how="left", maintain_order="left")
        .with_columns(
            pl.coalesce("_spec_channel", "preferred_channel", "_event_channel").alias("channel"),
            pl.col("tier").replace_strict(weights, default=1.0, return_dtype=pl.Float64)
            .alias("weight"),
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


def arbitrate(violations: pl.DataFrame, interactions: pl.DataFrame,
              customers: pl.DataFrame | None, ruleset: Ruleset,
              outcomes: pl.DataFrame | None = None) -> Actions:
    """Candidates → de-duplicated, policy-checked, rate-limited, capped actions. With
    ``outcomes`` (see :mod:`cx_rules.outputs.outcomes`), each score is multiplied by the
    action's propensity and ``suppress_after`` applies."""
    policy = ruleset.contact_policy
    merged = (
        candidates(violations, interactions, customers, ruleset)
        # stable: among equal (score, rule) candidates the first violation's channel wins,
        # as in the reference; an unstable sort made that choice vary from run to run
        .sort(["score", "rule_id"], descending=[True, False], maintain_order=True)
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
    reasons: list[pl.Expr] = []
    if policy.respect_opt_outs:
        reasons.append(
            pl.when(pl.col("opted_out_channels").list.contains(pl.col("channel")).fill_null(False))
            .then(pl.lit("customer opted out of ") + pl.col("channel"))
        )
    if policy.respect_marketing_consent:
        reasons.append(
            pl.when((pl.col("purpose") == "marketing")
                    & pl.col("marketing_consent").ne_missing(True))
            .then(pl.lit("marketing action without the customer's marketing consent"))
        )
    if from_outcomes is not None:
        reasons.append(from_outcomes)
    if policy.respect_quiet_hours:
        reasons.append(
            pl.when(pl.col("expires_at") <= pl.col("send_after"))
            .then(pl.lit("expires before the customer's quiet hours (") + pl.col("quiet_hours")
                  + pl.lit(" ") + pl.col("timezone").fill_null("UTC") + pl.lit(") end"))
        )
    merged = merged.with_columns(
        pl.coalesce(reasons).alias("suppressed_reason") if reasons
        else pl.lit(None, pl.String).alias("suppressed_reason")
    )
    allowed = pl.col("suppressed_reason").is_null() & ~pl.col("mandatory")
    order = [pl.col("score"), pl.col("created_at"), pl.col("case_id"), pl.col("action_id")]
    if policy.proactive_limit is not None:
        limit = policy.proactive_limit
        contact = pl.coalesce("send_after", "created_at")
        window = (contact.dt.epoch("us") // to_us(limit.per)).alias("_window")
        rank: pl.Expr = (
            pl.when(allowed & pl.col("proactive"))
            .then(pl.int_range(pl.len()).sort_by(order, descending=[True, False, False, False])
                  .arg_sort().over(["customer_id", allowed & pl.col("proactive"), window]))
        )
        merged = merged.with_columns(
            pl.when(allowed & (rank >= limit.count))
            .then(pl.lit(f"contact limit: at most {limit.count} proactive contact(s) per "
                         f"{format_duration(limit.per)}"))
            .otherwise(pl.col("suppressed_reason")).alias("suppressed_reason")
        )
    cap = policy.max_actions_per_customer
    capped = pl.col("suppressed_reason").is_null() & ~pl.col("mandatory")
    rank = pl.int_range(pl.len()).sort_by(order, descending=[True, False, False, False]) \
        .arg_sort().over(["customer_id", capped])
    merged = merged.with_columns(
        pl.when(capped & (rank >= cap))
        .then(pl.lit(f"lower priority than {cap} other action(s) for this customer"))
        .otherwise(pl.col("suppressed_reason")).alias("suppressed_reason")
    )
    final = merged.select(pl.col(n).cast(t) for n, t in ACTION_SCHEMA.items()).collect()
    final = final.sort(["customer_id", "score", "created_at", "case_id", "action_id"],
                       descending=[False, True, False, False, False])
    return Actions(final.filter(pl.col("suppressed_reason").is_null()),
                   final.filter(pl.col("suppressed_reason").is_not_null()))
