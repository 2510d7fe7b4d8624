"""Floors: the smallest hand-written polars query that finds the same violations as a rule.

A floor answers one question: how fast *could* this rule be with polars on this machine? It
computes only the violation keys (``case_id`` and ``interaction_ids``), with no messages, no
observed/limit text and no generality beyond the parameters it is given. ``benchmarks/run.py``
times each rule kind's plan against its floor on the same sorted canonical frame and checks
that both return exactly the same keys, so the ratio ``kind / floor`` is the overhead of the
kind's implementation (its generality, its message building and its choice of operations).

The floors lean on the order every kind receives: rows sorted by ``case_id``, ``timestamp``,
``interaction_id``. With that order, "per case" means "between two case boundaries", so the
floors use running sums, forward/backward fills and shifts over whole columns instead of
window functions (``over``) or joins on string keys.

Floors exist for the parameters the shipped baseline uses; :func:`floor_for` returns None
for a rule it cannot reproduce (the benchmark then reports no ratio for that rule).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import polars as pl

from cx_rules.calendar import Calendar
from cx_rules.durations import to_us
from cx_rules.kinds.personalization.contacts import CALL_WORDS
from cx_rules.kinds.phrases import normalised
from cx_rules.models.enums import RESOLVED_STATUSES
from cx_rules.models.ruleset import RuleSpec

UTC_US = pl.Datetime("us", "UTC")
KEY_SCHEMA: dict[str, pl.DataType] = {
    "case_id": pl.String(),
    "interaction_ids": pl.List(pl.String),
}


@dataclass(frozen=True)
class FloorInput:
    """What a floor reads: the canonical frame sorted by case, time and id (the engine's
    order), the customer profiles, the ruleset calendar and ``as_of``."""

    interactions: pl.DataFrame
    customers: pl.DataFrame | None
    calendar: Calendar | None
    as_of: datetime


Floor = Callable[[Any, FloorInput], pl.LazyFrame]


# ---------------------------------------------------------------------------------------------
# Shared column tricks on the sorted frame
# ---------------------------------------------------------------------------------------------

NEW_CASE = (pl.col("case_id") != pl.col("case_id").shift(1)).fill_null(True)
"""True on the first row of each case (the frame is sorted by case)."""


def per_case_before(flag: pl.Expr, new_case: pl.Expr = NEW_CASE) -> pl.Expr:
    """How many earlier rows of the same case have ``flag`` (a running count reset per case)."""
    n = flag.cast(pl.Int64)
    before = n.cum_sum() - n
    return before - pl.when(new_case).then(before).forward_fill()


def fill_within_case(value: pl.Expr, sentinel: Any) -> pl.Expr:
    """Forward-fill ``value`` without crossing into the next case (null until first value)."""
    seeded = pl.when(NEW_CASE & value.is_null()).then(pl.lit(sentinel)).otherwise(value)
    filled = seeded.forward_fill()
    return pl.when(filled != pl.lit(sentinel)).then(filled)


def keys(frame: pl.LazyFrame, ids: pl.Expr) -> pl.LazyFrame:
    """The floor's output: case_id and the list of interaction ids."""
    return frame.select(pl.col("case_id"), ids.alias("interaction_ids"))


_DAY_US = 86_400_000_000
_EPOCH_MONDAY_DAYS = 4
"""1970-01-05, the Monday the business clock counts days from, in days since 1970-01-01."""


def _business_from_local(cal: Calendar, local_us: pl.Expr) -> pl.Expr:
    """The business clock of :func:`cx_rules.calendar.business_clock_us`, from local wall-clock
    microseconds (computed once, as a column: deriving the local time inside the expression for
    every use is what makes the shared clock slow)."""
    day = local_us // _DAY_US - _EPOCH_MONDAY_DAYS
    sec = local_us - (local_us // _DAY_US) * _DAY_US
    weekday = day % 7
    prefix = [0]
    for d in range(6):
        prefix.append(prefix[-1] + cal.day_us(d))
    before = (day // 7) * cal.week_us + pl.lit(pl.Series(prefix, dtype=pl.Int64)).gather(weekday)
    within = pl.lit(0, pl.Int64)
    for d, intervals in enumerate(cal.schedule):
        for start, end in intervals:
            part = (sec - start * 1_000_000).clip(0, (end - start) * 1_000_000)
            within = within + pl.when(weekday == d).then(part).otherwise(0)
    holidays = cal._holiday_days
    if holidays:
        lost = [0]
        for h in holidays:
            lost.append(lost[-1] + cal.day_us(h % 7))
        idx = pl.lit(pl.Series(holidays, dtype=pl.Int64)).search_sorted(day, side="left")
        within = pl.when(day.is_in(holidays)).then(0).otherwise(within)
        before = before - pl.lit(pl.Series(lost, dtype=pl.Int64)).gather(idx)
    return before + within


def with_clock(frame: pl.LazyFrame, columns: dict[str, str], calendar: Calendar | None,
               business: bool) -> pl.LazyFrame:
    """Add, for each ``source -> target`` in ``columns``, the clock value (microseconds) of
    the source timestamp column: wall clock, or business clock of the calendar."""
    if not (business and calendar is not None):
        return frame.with_columns(pl.col(s).dt.epoch("us").alias(t) for s, t in columns.items())
    local = frame.with_columns(
        pl.col(s).dt.convert_time_zone(calendar.timezone).dt.replace_time_zone(None)
        .dt.epoch("us").alias(t) for s, t in columns.items()
    )
    return local.with_columns(_business_from_local(calendar, pl.col(t)).alias(t)
                              for t in columns.values())


# ---------------------------------------------------------------------------------------------
# response_time
# ---------------------------------------------------------------------------------------------


def wait_starts(lf: pl.LazyFrame, reply_actors: list[str]) -> pl.LazyFrame:
    """Every wait (see :mod:`cx_rules.kinds.waits`) with its end: case_id, customer_id,
    interaction_id and timestamp of the start, channel, ``_prio`` (the case's last priority so
    far), ``_c`` (case number), ``end_id``/``end_ts`` of the reply and ``_answered``."""
    ts = pl.col("timestamp")
    case_no = NEW_CASE.cum_sum().alias("_c")
    reply = (pl.col("direction") == "outbound") & pl.col("actor").is_in(reply_actors)
    inbound = (pl.col("direction") == "inbound") & (pl.col("actor") == "customer")
    rows = lf.select(
        "case_id", "customer_id", "interaction_id", "timestamp", "channel", case_no,
        inbound.alias("_in"),
        per_case_before(reply).alias("_rb"),
        fill_within_case(pl.col("priority"), "").alias("_prio"),
        pl.when(reply).then(pl.col("interaction_id")).backward_fill().alias("end_id"),
        pl.when(reply).then(ts).backward_fill().alias("end_ts"),
        pl.when(reply).then(case_no).backward_fill().alias("_end_c"),
    ).filter(pl.col("_in"))
    first_of = (
        (pl.col("_c") != pl.col("_c").shift(1)) | (pl.col("_rb") != pl.col("_rb").shift(1))
    ).fill_null(True)
    return rows.filter(first_of).with_columns(
        (pl.col("_end_c") == pl.col("_c")).fill_null(False).alias("_answered"))


def response_time(params: Any, inp: FloorInput) -> pl.LazyFrame:
    """Waits for a first reply, next reply or resolution that exceed the limit."""
    lf = inp.interactions.lazy()
    ts = pl.col("timestamp")
    business = params.hours == "business"
    as_of = pl.lit(inp.as_of).cast(UTC_US)
    limits = {p.value: to_us(d) for p, d in params.by_priority.items()}
    default = to_us(params.limit)
    case_no = NEW_CASE.cum_sum().alias("_c")
    if params.metric == "resolution":
        resolved = pl.col("status").is_in(RESOLVED_STATUSES)
        waits = lf.select(
            "case_id", "interaction_id", "timestamp", "channel", NEW_CASE.alias("_new"), case_no,
            pl.when(resolved).then(pl.col("interaction_id")).backward_fill().alias("end_id"),
            pl.when(resolved).then(ts).backward_fill().alias("end_ts"),
            pl.when(resolved).then(case_no).backward_fill().alias("_end_c"),
            pl.col("priority").backward_fill().alias("_prio"),
            pl.when(pl.col("priority").is_not_null()).then(case_no).backward_fill()
            .alias("_prio_c"),
        ).filter(pl.col("_new")).with_columns(
            pl.when(pl.col("_prio_c") == pl.col("_c")).then(pl.col("_prio")).alias("_prio"),
            (pl.col("_end_c") == pl.col("_c")).fill_null(False).alias("_answered"),
        )
    else:
        starts = wait_starts(lf, [a.value for a in params.reply_by])
        episode0 = (pl.col("_c") != pl.col("_c").shift(1)).fill_null(True)
        waits = starts.filter(episode0 if params.metric == "first_reply" else ~episode0)
    if params.channels is not None:
        waits = waits.filter(pl.col("channel").is_in([c.value for c in params.channels]))
    answered = pl.col("_answered")
    waits = waits.with_columns(
        pl.when(answered).then(pl.col("end_ts")).otherwise(as_of).alias("_end"))
    waits = with_clock(waits, {"timestamp": "_t0", "_end": "_t1"}, inp.calendar, business)
    limit = pl.col("_prio").replace_strict(limits, default=default, return_dtype=pl.Int64)
    late = (pl.col("_t1") - pl.col("_t0")) > limit
    if not params.unanswered:
        late = late & answered
    return keys(waits.filter(late), pl.when(answered)
                .then(pl.concat_list("interaction_id", "end_id"))
                .otherwise(pl.concat_list("interaction_id")))


# ---------------------------------------------------------------------------------------------
# consistency
# ---------------------------------------------------------------------------------------------


def consistency(params: Any, inp: FloorInput) -> pl.LazyFrame:
    """A claim that differs from the previous claim of the same key (per case or customer)."""
    scope = "case_id" if params.scope == "case" else "customer_id"
    said = inp.interactions.lazy().filter(
        (pl.col("direction") == "outbound")
        & pl.col("actor").is_in([a.value for a in params.actors])
        & pl.col("claims").is_not_null()
    ).select("case_id", "customer_id", "interaction_id", "timestamp", "claims")
    said = said.explode("claims").unnest("claims").filter(
        pl.col("key").is_not_null() & pl.col("value").is_not_null())
    if params.keys is not None:
        said = said.filter(pl.col("key").is_in(params.keys))
    norm = pl.col("value").str.strip_chars().str.replace_all(r"\s+", " ").str.to_lowercase()
    ordered = said.with_columns(norm.alias("_norm")).sort(
        scope, "key", "timestamp", "interaction_id", "case_id", maintain_order=True)
    same = (pl.col(scope) == pl.col(scope).shift(1)) & (pl.col("key") == pl.col("key").shift(1))
    hit = same & (pl.col("_norm") != pl.col("_norm").shift(1))
    if params.window is not None:
        gap = pl.col("timestamp").dt.epoch("us") - pl.col("timestamp").shift(1).dt.epoch("us")
        hit = hit & (gap <= to_us(params.window))
    found = ordered.with_columns(
        hit.fill_null(False).alias("_hit"),
        pl.col("interaction_id").shift(1).alias("_prev"),
    ).filter(pl.col("_hit"))
    return keys(found, pl.concat_list("_prev", "interaction_id"))


# ---------------------------------------------------------------------------------------------
# repeat_contact
# ---------------------------------------------------------------------------------------------


def repeat_contact(params: Any, inp: FloorInput) -> pl.LazyFrame:
    """A new case soon after a resolution (same topic), or a channel switch within a case."""
    lf = inp.interactions.lazy()
    inbound = (pl.col("direction") == "inbound") & (pl.col("actor") == "customer")
    if params.mode == "channel_switch":
        rows = lf.select(
            "case_id", "interaction_id", "channel", NEW_CASE.cum_sum().alias("_c"),
            inbound.alias("_in"),
        ).filter(pl.col("_in"))
        first = (pl.col("_c") != pl.col("_c").shift(1)).fill_null(True)
        rows = rows.with_columns(
            pl.when(first).then(pl.col("channel")).forward_fill().alias("_first_ch"),
            pl.when(first).then(pl.col("interaction_id")).forward_fill().alias("_first_id"),
        )
        if params.channels is not None:
            rows = rows.filter(pl.col("_first_ch").is_in([c.value for c in params.channels]))
        switched = rows.filter(pl.col("channel") != pl.col("_first_ch"))
        switched = switched.filter(
            (pl.col("_c") != pl.col("_c").shift(1)).fill_null(True))
        return keys(switched, pl.concat_list("_first_id", "interaction_id"))
    resolved = pl.col("status").is_in(RESOLVED_STATUSES)
    base = lf.select(
        "case_id", "customer_id", "interaction_id", "timestamp", "channel",
        NEW_CASE.cum_sum().alias("_c"), inbound.alias("_in"), resolved.alias("_res"),
        # the case topic: first non-null topic of the case, spread to every row of the case
        pl.when(pl.col("topic").is_not_null()).then(NEW_CASE.cum_sum()).backward_fill()
        .alias("_tc"),
        pl.col("topic").backward_fill().alias("_t"),
    ).with_columns(
        # topic of the case = at the case's first row, the next non-null topic if same case
        pl.when(NEW_CASE).then(pl.when(pl.col("_tc") == pl.col("_c")).then(pl.col("_t")))
        .alias("_case_topic_at_start"),
    ).with_columns(
        pl.when(NEW_CASE).then(pl.col("_case_topic_at_start").fill_null(""))
        .forward_fill().alias("_topic"),
    ).with_columns(pl.when(pl.col("_topic") != "").then(pl.col("_topic")).alias("_topic"))
    starts = base.filter(pl.col("_in")).filter(
        (pl.col("_c") != pl.col("_c").shift(1)).fill_null(True))
    if params.channels is not None:
        starts = starts.filter(pl.col("channel").is_in([c.value for c in params.channels]))
    by = ["customer_id"]
    res = base.filter(pl.col("_res")).select(
        "customer_id", "_topic", pl.col("interaction_id").alias("res_id"),
        pl.col("timestamp").alias("res_ts"))
    if params.same_topic:
        starts = starts.filter(pl.col("_topic").is_not_null())
        res = res.filter(pl.col("_topic").is_not_null())
        by.append("_topic")
    res = res.sort("res_ts", "res_id").filter(pl.struct(*by, "res_ts").is_last_distinct())
    matched = starts.select("case_id", "interaction_id", "timestamp", *by).sort(
        "timestamp").join_asof(
        res, left_on="timestamp", right_on="res_ts", by=by, strategy="backward",
        allow_exact_matches=False, check_sortedness=False)
    gap = pl.col("timestamp").dt.epoch("us") - pl.col("res_ts").dt.epoch("us")
    found = matched.filter(pl.col("res_ts").is_not_null() & (gap <= to_us(params.window)))
    return keys(found, pl.concat_list("res_id", "interaction_id"))


# ---------------------------------------------------------------------------------------------
# follow_up
# ---------------------------------------------------------------------------------------------


def follow_up(params: Any, inp: FloorInput) -> pl.LazyFrame:
    """A resolved case without (or, with ``require: false``, with) a follow-up in time."""
    resolved = pl.col("status").is_in(RESOLVED_STATUSES)
    actors = (pl.col("direction") == "outbound") & pl.col("actor").is_in(
        [a.value for a in params.actors])
    first_of_case = (pl.col("_c") != pl.col("_c").shift(1)).fill_null(True)
    rows = inp.interactions.lazy().select(
        "case_id", "interaction_id", "timestamp", NEW_CASE.cum_sum().alias("_c"),
        resolved.alias("_res"), actors.alias("_f"),
        pl.when(NEW_CASE).then(pl.col("channel")).forward_fill().alias("_case_ch"))
    if params.channels is not None:
        rows = rows.filter(pl.col("_case_ch").is_in([c.value for c in params.channels]))
    res = rows.filter(pl.col("_res")).filter(first_of_case).select(
        "case_id", "_c", pl.col("interaction_id").alias("res_id"),
        pl.col("timestamp").alias("res_ts"))
    gap = pl.col("timestamp").dt.epoch("us") - pl.col("res_ts").dt.epoch("us")
    follow = rows.filter(pl.col("_f")).select("_c", "interaction_id", "timestamp").join(
        res.select("_c", "res_id", "res_ts"), on="_c", how="inner", maintain_order="left"
    ).filter((gap > 0) & (gap <= to_us(params.within))).filter(first_of_case)
    if not params.require:
        return keys(follow.join(res.select("_c", "case_id"), on="_c"),
                    pl.concat_list("res_id", "interaction_id"))
    as_of = pl.lit(inp.as_of).cast(UTC_US)
    missing = res.join(follow.select("_c"), on="_c", how="anti").filter(
        as_of >= pl.col("res_ts") + pl.lit(params.within))
    return keys(missing, pl.concat_list("res_id"))


# ---------------------------------------------------------------------------------------------
# promise_kept
# ---------------------------------------------------------------------------------------------


def promise_kept(params: Any, inp: FloorInput) -> pl.LazyFrame:
    """A promise whose next company message came after the due time (or never, once due)."""
    lf = inp.interactions.lazy().with_columns(NEW_CASE.cum_sum().alias("_c"))
    promises = lf.filter(
        (pl.col("direction") == "outbound") & pl.col("promise_due").is_not_null())
    if params.channels is not None:
        promises = promises.filter(pl.col("channel").is_in([c.value for c in params.channels]))
    promises = promises.select(
        "case_id", "_c", "interaction_id", "timestamp",
        (pl.col("promise_due") + pl.lit(params.grace)).alias("_due"))
    fulfil = lf.filter(
        (pl.col("direction") == "outbound")
        & pl.col("actor").is_in([a.value for a in params.fulfil_by])
    ).select("_c", pl.col("interaction_id").alias("f_id"), pl.col("timestamp").alias("f_ts"))
    fulfil = fulfil.filter(
        ((pl.col("_c") != pl.col("_c").shift(1)) | (pl.col("f_ts") != pl.col("f_ts").shift(1)))
        .fill_null(True)).sort("f_ts")
    matched = promises.sort("timestamp").join_asof(
        fulfil, left_on="timestamp", right_on="f_ts", by="_c", strategy="forward",
        allow_exact_matches=False, check_sortedness=False)
    as_of = pl.lit(inp.as_of).cast(UTC_US)
    kept = pl.col("f_ts").is_not_null()
    bad = (kept & (pl.col("f_ts") > pl.col("_due"))) | (~kept & (as_of > pl.col("_due")))
    return keys(matched.filter(bad), pl.when(kept)
                .then(pl.concat_list("interaction_id", "f_id"))
                .otherwise(pl.concat_list("interaction_id")))


# ---------------------------------------------------------------------------------------------
# pii_exposure
# ---------------------------------------------------------------------------------------------


def pii_exposure(params: Any, inp: FloorInput) -> pl.LazyFrame:
    """Messages on the watched channels whose text holds personal data. The detection itself
    (patterns, checksums, precedence) is the library's :func:`cx_rules.pii.find_pii_expr`:
    hand-writing it again would only copy it; the floor leaves out everything around it."""
    from cx_rules.pii import PASSES, find_pii_expr

    cond = pl.col("channel").is_in([c.value for c in params.channels]) & pl.col(
        "text").is_not_null()
    if params.direction != "any":
        cond = cond & (pl.col("direction") == params.direction)
    if params.actors is not None:
        cond = cond & pl.col("actor").is_in([a.value for a in params.actors])
    if not {"email", "phone"} & set(params.entities):
        # without the loose patterns, a text can only hold a finding if one of the requested
        # patterns matches it at all: one cheap scan leaves the detector a few rows
        patterns = [p.replace(r"\b", r"(?-u:\b)") for e, p in PASSES if e in params.entities]
        cond = cond & pl.col("text").str.contains("|".join(f"(?:{p})" for p in patterns))
    rows = inp.interactions.lazy().filter(cond).select("case_id", "interaction_id", "text")
    found = rows.filter(find_pii_expr(pl.col("text"), params.entities, params.allow)
                        .list.len() > 0)
    return keys(found, pl.concat_list("interaction_id"))


# ---------------------------------------------------------------------------------------------
# consent and personalization (profiles joined on customer_id)
# ---------------------------------------------------------------------------------------------


def _wrote_here_before(candidates: pl.LazyFrame, lf: pl.LazyFrame) -> pl.LazyFrame:
    """Add ``_here``: the customer wrote inbound on the candidate's channel earlier in its case
    (in the sorted order). Only the few candidate rows are looked up, against the first inbound
    position per (case, channel)."""
    inbound = (pl.col("direction") == "inbound") & (pl.col("actor") == "customer")
    first_in = lf.filter(inbound).group_by("case_id", "channel").agg(
        pl.col("_pos").min().alias("_first_in"))
    return candidates.join(first_in, on=["case_id", "channel"], how="left").with_columns(
        (pl.col("_first_in") < pl.col("_pos")).fill_null(False).alias("_here"))


def _local_minute(frame: pl.LazyFrame, zones: list[str]) -> pl.LazyFrame:
    """Add ``_minute``: minute of the day in the customer's zone (null zone = UTC)."""
    parts = [frame.filter(pl.col("timezone").is_null() | ~pl.col("timezone").is_in(zones))
             .with_columns(pl.lit("UTC").alias("_zone"))]
    parts += [frame.filter(pl.col("timezone") == z).with_columns(pl.lit(z).alias("_zone"))
              for z in zones]
    out = []
    for z, part in zip(["UTC", *zones], parts, strict=True):
        local = pl.col("timestamp").dt.convert_time_zone(z)
        out.append(part.with_columns(
            (local.dt.hour().cast(pl.Int64) * 60 + local.dt.minute().cast(pl.Int64))
            .alias("_minute")).drop("_zone"))
    return pl.concat(out)


def consent(params: Any, inp: FloorInput) -> pl.LazyFrame:
    """Opted-out channel, marketing without consent, marketing in the customer's quiet hours."""
    if inp.customers is None:
        return pl.LazyFrame(schema=KEY_SCHEMA)
    lf = inp.interactions.lazy().with_row_index("_pos")
    profiles = inp.customers.lazy().select(
        "customer_id", "opted_out_channels", "marketing_consent", "timezone", "quiet_hours")
    rows = lf.filter(
        (pl.col("direction") == "outbound")
        & pl.col("actor").is_in([a.value for a in params.actors])
    ).select("_pos", "case_id", "customer_id", "interaction_id", "timestamp", "channel",
             pl.col("purpose").fill_null("service")).join(profiles, on="customer_id",
                                                           how="inner")
    parts: list[pl.LazyFrame] = []
    if "opt_out" in params.checks:
        opted = rows.filter(pl.col("opted_out_channels").list.contains(pl.col("channel"))
                            .fill_null(False))
        opted = _wrote_here_before(opted, lf).filter(
            ~(pl.col("_here") & (pl.col("purpose") == "service")))
        parts.append(keys(opted, pl.concat_list("interaction_id")))
    if "marketing_consent" in params.checks:
        parts.append(keys(rows.filter((pl.col("purpose") == "marketing")
                                      & pl.col("marketing_consent").ne_missing(True)),
                          pl.concat_list("interaction_id")))
    if "quiet_hours" in params.checks:
        zones = sorted(z for z in inp.customers["timezone"].drop_nulls().unique().to_list()
                       if z != "UTC")
        quiet = rows.filter(
            pl.col("purpose").is_in([p.value for p in params.quiet_hours_purposes])
            & pl.col("quiet_hours").is_not_null())
        quiet = _local_minute(quiet, zones)
        window = pl.col("quiet_hours")
        start = window.str.slice(0, 2).cast(pl.Int64) * 60 + window.str.slice(3, 2).cast(
            pl.Int64)
        end = window.str.slice(6, 2).cast(pl.Int64) * 60 + window.str.slice(9, 2).cast(pl.Int64)
        minute = pl.col("_minute")
        inside = (pl.when(start < end).then((minute >= start) & (minute < end))
                  .when(start > end).then((minute >= start) | (minute < end)).otherwise(False))
        parts.append(keys(quiet.filter(inside), pl.concat_list("interaction_id")))
    return pl.concat(parts)


def personalization(params: Any, inp: FloorInput) -> pl.LazyFrame:
    """VIP waits, negative feedback, ignored channel preferences, frequent contact."""
    lf = inp.interactions.lazy()
    if params.trigger == "negative_feedback":
        low = ((pl.col("csat") <= params.csat_at_most).fill_null(False)
               | (pl.col("sentiment") <= params.sentiment_at_most).fill_null(False))
        return keys(lf.filter((pl.col("direction") == "inbound") & low),
                    pl.concat_list("interaction_id"))
    if params.trigger == "frequent_contact":
        inbound = (pl.col("direction") == "inbound") & (pl.col("actor") == "customer")
        starts = lf.filter(inbound).filter(
            (pl.col("case_id") != pl.col("case_id").shift(1)).fill_null(True)
        ).select("case_id", "customer_id", "interaction_id", "timestamp").sort(
            "customer_id", "timestamp")
        counted = starts.rolling("timestamp", period=params.window, closed="right",
                                 group_by="customer_id").agg(
            pl.col("case_id").last(), pl.col("interaction_id").last(), pl.len().alias("_n"))
        # rolling yields one row per start (the last in each window is the start itself)
        return keys(counted.filter(pl.col("_n") >= params.min_cases),
                    pl.concat_list("interaction_id"))
    if inp.customers is None:
        return pl.LazyFrame(schema=KEY_SCHEMA)
    if params.trigger == "vip_waiting":
        vips = inp.customers.lazy().filter(pl.col("tier").is_in(params.tiers)).select(
            "customer_id")
        waits = wait_starts(lf, [a.value for a in params.reply_by]).join(
            vips, on="customer_id", how="semi")
        waits = waits.with_columns(pl.when(pl.col("_answered")).then(pl.col("end_ts"))
                                   .otherwise(pl.lit(inp.as_of).cast(UTC_US)).alias("_end"))
        waits = with_clock(waits, {"timestamp": "_t0", "_end": "_t1"}, inp.calendar,
                           params.hours == "business")
        late = waits.filter((pl.col("_t1") - pl.col("_t0")) > to_us(params.limit))
        return keys(late, pl.when(pl.col("_answered"))
                    .then(pl.concat_list("interaction_id", "end_id"))
                    .otherwise(pl.concat_list("interaction_id")))
    # preferred_channel_ignored
    lf = lf.with_row_index("_pos")
    preferred = inp.customers.lazy().select(
        "customer_id", pl.col("preferred_channel").alias("_pref")).filter(
        pl.col("_pref").is_not_null())
    feed = pl.col("event").is_not_null() & (
        pl.col("text").is_null() | (pl.col("text").str.strip_chars() == ""))
    rows = lf.filter(
        (pl.col("direction") == "outbound")
        & pl.col("actor").is_in([a.value for a in params.actors]) & ~feed
    ).select("_pos", "case_id", "customer_id", "interaction_id", "channel", "timestamp").join(
        preferred, on="customer_id", how="inner").filter(pl.col("_pref") != pl.col("channel"))
    rows = _wrote_here_before(rows, lf).filter(~pl.col("_here"))
    # a call announced by an earlier outbound text of the case keeps that promise
    calls = ("phone", "callback")
    call_cases = rows.filter(pl.col("channel").is_in(calls)).select("case_id").unique()
    announced = lf.join(call_cases, on="case_id", how="semi").filter(
        (pl.col("direction") == "outbound")
        & normalised(pl.col("text")).str.contains(CALL_WORDS).fill_null(False)
    ).group_by("case_id").agg(pl.col("timestamp").min().alias("_said"))
    said_before = (pl.col("_said") < pl.col("timestamp")).fill_null(False)
    rows = rows.join(announced, on="case_id", how="left").filter(
        ~(pl.col("channel").is_in(calls) & said_before))
    return keys(rows, pl.concat_list("interaction_id"))


# ---------------------------------------------------------------------------------------------
# condition
# ---------------------------------------------------------------------------------------------

BASELINE_CONDITIONS: dict[str, pl.Expr] = {
    'direction == "outbound" and actor == "agent" and identity_verified == false '
    'and text matches "(?i)(your (account|balance|address|order history)|account number)"': (
        (pl.col("direction") == "outbound") & (pl.col("actor") == "agent")
        & (pl.col("identity_verified") == False)  # noqa: E712 - polars comparison, null stays null
        & pl.col("text").str.contains(
            r"(?i)(your (account|balance|address|order history)|account number)")
    ),
}
"""Hand-translated ``when`` expressions of the shipped rulesets."""


def condition(params: Any, inp: FloorInput) -> pl.LazyFrame:
    """The rows for which the hand-translated condition is true."""
    expr = BASELINE_CONDITIONS[" ".join(params.when.split())]
    hits = inp.interactions.lazy().filter(expr.fill_null(False))
    return keys(hits, pl.concat_list("interaction_id"))


# ---------------------------------------------------------------------------------------------
# Registry and comparison helpers
# ---------------------------------------------------------------------------------------------

FLOORS: dict[str, Floor] = {
    "response_time": response_time,
    "consistency": consistency,
    "repeat_contact": repeat_contact,
    "follow_up": follow_up,
    "promise_kept": promise_kept,
    "condition": condition,
    "pii_exposure": pii_exposure,
    "consent": consent,
    "personalization": personalization,
}


def supported(rule: RuleSpec) -> bool:
    """Whether a floor exists for this rule (its kind and its parameters)."""
    if rule.kind not in FLOORS:
        return False
    if rule.kind == "condition":
        params: Any = rule.parsed_params
        return " ".join(params.when.split()) in BASELINE_CONDITIONS
    return True


def floor_for(rule: RuleSpec) -> Floor | None:
    """The floor of a rule, or None when there is none for its kind or parameters."""
    return FLOORS[rule.kind] if supported(rule) else None


def violation_keys(frame: pl.DataFrame) -> Counter[tuple[str, tuple[str, ...]]]:
    """(case_id, interaction_ids) of every violation row, counted."""
    return Counter(
        (case, tuple(ids)) for case, ids in frame.select("case_id", "interaction_ids").iter_rows()
    )
