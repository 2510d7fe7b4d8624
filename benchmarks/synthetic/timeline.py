"""Timestamps of every row of a log, case position by case position, and promise due times."""

from __future__ import annotations

import polars as pl

from benchmarks.synthetic.part import Part
from benchmarks.synthetic.rng import Rng
from benchmarks.synthetic.times import (
    DAY,
    MINUTE,
    OffsetTable,
    into_business_hours,
    seconds_to_us,
)
from benchmarks.synthetic.vocab import MAX_CASE_ROWS


def _walk(
    ts: pl.Series, rows: pl.DataFrame, off: pl.Series, m: pl.Series, tz: OffsetTable
) -> None:
    """Fill in the conversation rows 1..m-1 of the given cases, one position at a time."""
    delay, bh, jitter = rows["delay"], rows["bh"], rows["jitter"]
    for step in range(1, MAX_CASE_ROWS):
        live = m > step
        if not live.any():
            break
        idx = off.filter(live) + step
        new = ts.gather(idx - 1) + delay.gather(idx)
        ts.scatter(idx, into_business_hours(new, jitter.gather(idx), bh.gather(idx), tz))


def _tails(ts: pl.Series, cases: pl.DataFrame, draws: pl.DataFrame, tz: OffsetTable) -> None:
    """Time the rows after the conversation: survey invite/answer, follow-up, marketing."""
    base = ts.gather(cases["off"] + cases["m"] - 1)
    pos = cases["off"] + cases["m"]
    invite = cases["invite"]
    answer = cases["answer"]
    follow_up = cases["follow_up"]
    marketing = cases["marketing"]
    t_invite = base + draws["invite_gap"]
    t_answer = t_invite + draws["answer_gap"]
    t_follow = into_business_hours(
        base + draws["follow_gap"], draws["follow_jitter"], pl.Series([True] * cases.height),
        tz,
    )
    mkt = pl.DataFrame({
        "naive": ((base + draws["mkt_days"] * DAY) // DAY) * DAY + draws["mkt_tod"],
        "tz": cases["tz"], "base": base,
    }).select(tz.to_utc(pl.col("naive"), pl.col("tz")).alias("t"), "base")
    t_mkt = mkt.select(
        pl.when(pl.col("t") > pl.col("base")).then(pl.col("t"))
        .otherwise(pl.col("t") + DAY)
    ).to_series()
    i_pos = pos
    a_pos = pos + 1
    f_pos = pos + invite.cast(pl.Int64) + answer.cast(pl.Int64)
    k_pos = f_pos + follow_up.cast(pl.Int64)
    for flag, where, value in (
        (invite, i_pos, t_invite), (answer, a_pos, t_answer), (follow_up, f_pos, t_follow),
        (marketing, k_pos, t_mkt),
    ):
        if flag.any():
            ts.scatter(where.filter(flag), value.filter(flag))


def row_times(
    cases: pl.DataFrame,
    rows: pl.DataFrame,
    part: Part,
    rng: Rng,
    rates: dict[str, float],
    tz: OffsetTable,
) -> tuple[pl.Series, pl.Series]:
    """Timestamps of every row and the promise due times (µs, null where no promise)."""
    c = rng.uniform
    z = rng.normal("case/answer_gap")
    draws = (
        cases.lazy()
        .with_columns((pl.col("ci").cast(pl.UInt64) + part.case_offset).alias("_key"))
        .select(
            seconds_to_us(9000.0 * c("t/start_jitter")).alias("start_jitter"),
            seconds_to_us(86400.0 * (0.5 + 5.5 * c("t/repeat_gap"))).alias("repeat_gap"),
            seconds_to_us(600 + 6600 * c("t/invite_gap")).alias("invite_gap"),
            seconds_to_us((10800.0 * z.exp()).clip(60.0, 20 * 86400.0)).alias("answer_gap"),
            seconds_to_us(86400.0 * (1.0 + 2.5 * c("t/follow_gap"))).alias("follow_gap"),
            seconds_to_us(10800.0 * c("t/follow_jitter")).alias("follow_jitter"),
            (2 + (10 * c("t/mkt_days")).floor()).cast(pl.Int64).alias("mkt_days"),
            seconds_to_us(
                3600.0 * pl.when(c("t/mkt_quiet") < rates["quiet_marketing"])
                .then(21.0 + 2.75 * c("t/mkt_tod"))
                .otherwise(9.5 + 9.5 * c("t/mkt_tod"))
            ).alias("mkt_tod"),
            seconds_to_us(3600.0 * (0.5 + 5.5 * c("t/kept_after"))).alias("kept_after"),
            seconds_to_us(3600.0 * (1.0 + 3.0 * c("t/promised_in"))).alias("promised_in"),
        )
        .collect()
    )
    ts = pl.zeros(rows.height, dtype=pl.Int64, eager=True).alias("ts")
    first = ~cases["repeat"]
    for subset in (first, cases["repeat"]):
        if not subset.any():
            continue
        sub = cases.filter(subset)
        sub_draws = draws.filter(subset)
        if subset is first:
            start = sub["start_us"]
        else:  # a repeat contact: days after the previous case (same customer) was resolved
            position = pl.zeros(cases.height, dtype=pl.Int64, eager=True).scatter(
                cases["ci"], pl.int_range(cases.height, eager=True)
            )
            parent = cases[position.gather(sub["ci"] - 1)]
            start = ts.gather(parent["off"] + parent["m"] - 1) + sub_draws["repeat_gap"]
        start = into_business_hours(start, sub_draws["start_jitter"], sub["live"], tz)
        ts.scatter(sub["off"], start)
        _walk(ts, rows, sub["off"], sub["m"], tz)
        _tails(ts, sub, sub_draws, tz)
    # promises: kept → due after the next outbound; broken → due long before it
    prom = cases.filter(cases["promise"])
    due = pl.Series("due", [None] * rows.height, dtype=pl.Int64)
    if prom.height:
        d = draws.filter(cases["promise"])
        t1 = ts.gather(prom["off"] + 1)
        t3 = ts.gather(prom["off"] + 3)
        raw = (t3 + d["kept_after"]).zip_with(prom["kept"], t1 + d["promised_in"])
        quarter = 15 * MINUTE
        due.scatter(prom["off"] + 1, ((raw + quarter - 1) // quarter) * quarter)
    return ts, due
