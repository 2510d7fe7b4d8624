"""What customers did with earlier actions, as the arbitration uses it: propensity and
suppression after rejections.

**Propensity** of action ``a`` for a customer in segment ``s``, at the time ``t`` a candidate
is created, from the outcomes strictly before ``t`` (an outcome never ranks an action
proposed before it happened):

- per action, a Beta(A, B) prior (``contact_policy.propensity_prior``: A = ``accepted``,
  B = ``not_accepted``, default 1 and 1) updated by the outcomes of ``a`` of every customer:
  ``p_a = (A + accepted_a) / (A + B + shown_a)``, where *shown* counts accepted, rejected
  and ignored alike;
- per action and segment, the segment's own outcomes shrunk toward ``p_a`` with the prior's
  weight ``k = A + B``: ``p_as = (k · p_a + accepted_as) / (k + shown_as)``. A segment with a
  few outcomes stays near the action's rate; one with many follows its own. A customer with
  no segment gets ``p_a``.

**suppress_after** ``{rejected: N, ignored: M, within: D}``: a candidate is suppressed when
the customer rejected (or ignored) the same action at least N (M) times in ``[t - D, t)``.
Mandatory actions are exempt.

:func:`propensities` and :func:`recent_outcomes` are the vectorised forms used by
:func:`cx_rules.outputs.actions.arbitrate`; :class:`OutcomeHistory` answers the same two
questions for one candidate (the reference arbitration and the streaming session).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

import polars as pl

from cx_rules.durations import format_duration, to_us
from cx_rules.models.ruleset import ContactPolicy, PropensityPrior, SuppressAfter
from cx_rules.outputs.policy import reason, reason_expr

__all__ = ["OutcomeHistory", "propensities", "recent_outcomes", "suppress_reason"]


def _rate(prior: PropensityPrior, accepted: float, shown: float) -> float:
    return (prior.accepted + accepted) / (prior.accepted + prior.not_accepted + shown)


def _shrunk(prior: PropensityPrior, base: float, accepted: float, shown: float) -> float:
    k = prior.accepted + prior.not_accepted
    return (k * base + accepted) / (k + shown)


def suppress_reason(rule: SuppressAfter, rejected: int, ignored: int) -> str | None:
    """The suppression text for these counts, or None when they are under the limits."""
    for word, limit, seen in (("rejected", rule.rejected, rejected),
                              ("ignored", rule.ignored, ignored)):
        if limit is not None and seen >= limit:
            return reason("outcomes", word=word, seen=seen, limit=limit,
                          within=format_duration(rule.within))
    return None


class OutcomeHistory:
    """Outcomes, added in any order, queried for one candidate at a time."""

    def __init__(self, segments: Mapping[str, str | None] | None = None) -> None:
        self._segments = dict(segments or {})
        self._shown: dict[tuple[str, str | None], list[datetime]] = defaultdict(list)
        self._accepted: dict[tuple[str, str | None], list[datetime]] = defaultdict(list)
        self._by_customer: dict[tuple[str, str, str], list[datetime]] = defaultdict(list)
        self.rows: list[tuple[str, str, datetime, str]] = []
        """Every outcome added, in the order it came (a snapshot keeps them)."""

    def add(self, customer_id: str, action_id: str, timestamp: datetime, outcome: str) -> None:
        self.rows.append((customer_id, action_id, timestamp, outcome))
        segment = self._segments.get(customer_id)
        for key in ((action_id, None), *([(action_id, segment)] if segment else [])):
            bisect.insort(self._shown[key], timestamp)
            if outcome == "accepted":
                bisect.insort(self._accepted[key], timestamp)
        bisect.insort(self._by_customer[(customer_id, action_id, outcome)], timestamp)

    def extend(self, rows: Iterable[Mapping[str, object]]) -> None:
        for r in rows:
            ts = r["timestamp"]
            assert isinstance(ts, datetime)
            self.add(str(r["customer_id"]), str(r["action_id"]), ts, str(r["outcome"]))

    @staticmethod
    def _before(times: list[datetime], t: datetime) -> int:
        return bisect.bisect_left(times, t)

    def propensity(self, action_id: str, customer_id: str, before: datetime,
                   prior: PropensityPrior) -> float:
        """``p_as`` (or ``p_a`` without a segment) from the outcomes before ``before``."""
        key = (action_id, None)
        base = _rate(prior, self._before(self._accepted[key], before),
                     self._before(self._shown[key], before))
        segment = self._segments.get(customer_id)
        if not segment:
            return base
        seg = (action_id, segment)
        return _shrunk(prior, base, self._before(self._accepted[seg], before),
                       self._before(self._shown[seg], before))

    def recent(self, customer_id: str, action_id: str, outcome: str, before: datetime,
               within: timedelta) -> int:
        """How many times in ``[before - within, before)`` the customer gave ``outcome``."""
        times = self._by_customer[(customer_id, action_id, outcome)]
        return self._before(times, before) - self._before(times, before - within)


def _cumulative(outcomes: pl.LazyFrame, by: list[str]) -> pl.LazyFrame:
    """Per ``by`` group and distinct time: the outcomes up to and including that time."""
    return (outcomes.group_by(*by, "timestamp").agg(
        pl.len().alias("_n"), (pl.col("outcome") == "accepted").sum().alias("_acc"))
        .sort("timestamp")
        .with_columns(pl.col("_n").cum_sum().over(by).alias("_shown"),
                      pl.col("_acc").cum_sum().over(by).alias("_accepted"))
        .drop("_n", "_acc"))


def propensities(candidates: pl.LazyFrame, outcomes: pl.DataFrame,
                 segments: pl.LazyFrame, prior: PropensityPrior) -> pl.LazyFrame:
    """``candidates`` (``action_id``, ``customer_id``, ``created_at``, ``_key``) with
    ``propensity`` from the outcomes strictly before each ``created_at``. Outcomes that carry
    their customer's ``segment`` already (a partition sees every outcome, but only its own
    customers' profiles) are not joined to ``segments``."""
    seg_of = segments.select("customer_id", pl.col("segment").alias("_segment"))
    found = (outcomes.lazy().rename({"segment": "_segment"}) if "segment" in outcomes.columns
             else outcomes.lazy().join(seg_of, on="customer_id", how="left"))
    keys = candidates.select("_key", "action_id", "customer_id", "created_at").join(
        seg_of, on="customer_id", how="left").sort("created_at")

    def asof(by: list[str], suffix: str) -> pl.LazyFrame:
        table = _cumulative(found.filter(pl.all_horizontal(pl.col(b).is_not_null()
                                                            for b in by)), by)
        return keys.join_asof(table.rename({"_shown": f"_shown{suffix}",
                                            "_accepted": f"_acc{suffix}"}),
                              left_on="created_at", right_on="timestamp", by=by,
                              strategy="backward", allow_exact_matches=False,
                              check_sortedness=False).select(
            "_key", pl.col(f"_shown{suffix}").fill_null(0),
            pl.col(f"_acc{suffix}").fill_null(0))

    k = prior.accepted + prior.not_accepted
    base = (prior.accepted + pl.col("_acc_a")) / (k + pl.col("_shown_a"))
    both = (keys.select("_key", "_segment")
            .join(asof(["action_id"], "_a"), on="_key")
            .join(asof(["action_id", "_segment"], "_s"), on="_key", how="left"))
    return both.select("_key", pl.when(pl.col("_segment").is_null()).then(base).otherwise(
        (k * base + pl.col("_acc_s").fill_null(0)) / (k + pl.col("_shown_s").fill_null(0)))
        .alias("propensity"))


def recent_outcomes(candidates: pl.LazyFrame, outcomes: pl.DataFrame,
                    policy: ContactPolicy) -> pl.LazyFrame:
    """``_key`` with ``suppressed_by_outcomes``: the suppress_after reason, or null."""
    rule = policy.suppress_after
    assert rule is not None
    within = to_us(rule.within)
    hits = (candidates.select("_key", "customer_id", "action_id", "created_at")
            .join(outcomes.lazy(), on=["customer_id", "action_id"], how="inner")
            .filter((pl.col("timestamp") < pl.col("created_at"))
                    & (pl.col("timestamp") >= pl.col("created_at")
                       - pl.duration(microseconds=within)))
            .group_by("_key").agg((pl.col("outcome") == "rejected").sum().alias("_rej"),
                                  (pl.col("outcome") == "ignored").sum().alias("_ign")))
    reasons: list[pl.Expr] = []
    for word, limit, column in (("rejected", rule.rejected, "_rej"),
                                ("ignored", rule.ignored, "_ign")):
        if limit is not None:
            reasons.append(pl.when(pl.col(column) >= limit).then(reason_expr(
                "outcomes", word=word, seen=pl.col(column), limit=limit,
                within=format_duration(rule.within))))
    return hits.select("_key", pl.coalesce(reasons).alias("suppressed_by_outcomes"))
