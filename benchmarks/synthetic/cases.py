"""Cases and their rows: sizes, customers, topics, channels, flags, start times, roles and
the delays between touchpoints (everything structural, before timestamps and texts)."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl

from benchmarks.synthetic.part import Part
from benchmarks.synthetic.rng import Rng
from benchmarks.synthetic.times import DAY, SECOND, OffsetTable, seconds_to_us
from benchmarks.synthetic.vocab import (
    ANSWER,
    CASE_SIZE_WEIGHTS,
    CHASE,
    CHAT,
    CLAIM_KEYS,
    CUST,
    EMAIL,
    FOLLOW_UP,
    INVITE,
    LIVE_CHANNELS,
    MARKETING,
    MAX_CASE_ROWS,
    MIN_CASE_ROWS,
    OPEN,
    OPEN_CHANNEL_WEIGHTS,
    PENDING,
    PHONE,
    PRIORITY_WEIGHTS,
    PRODUCTS,
    REPLY,
    RESOLVE,
    SMS,
    SOCIAL,
    TOPIC_WEIGHTS,
    VA,
    VERIFIED_TOPICS,
    VIP_PRIORITY_WEIGHTS,
)


def case_sizes(n_rows: int, rng: Rng) -> pl.Series:
    """Case sizes (2..12) adding up to exactly ``n_rows``."""
    candidates = n_rows // MIN_CASE_ROWS + 1
    sizes = (
        pl.select(pl.int_range(candidates, dtype=pl.UInt64).alias("_key"))
        .select((rng.choice("case_size", CASE_SIZE_WEIGHTS) + MIN_CASE_ROWS).alias("k"))
        .to_series()
        .cast(pl.Int64)
    )
    before = sizes.cum_sum() - sizes
    count = int((before < n_rows).sum())
    values = sizes.head(count).to_list()
    values[-1] = n_rows - int(before[count - 1])
    if values[-1] == 1:  # fold a one-row remainder into the previous case
        if values[-2] < MAX_CASE_ROWS:
            values[-2] += 1
            values.pop()
        else:
            values[-2] -= 1
            values[-1] = 2
    return pl.Series("k", values, dtype=pl.Int64)


def case_table(
    sizes: pl.Series,
    customers: pl.DataFrame,
    part: Part,
    rng: Rng,
    rates: dict[str, float],
    tz: OffsetTable,
) -> pl.DataFrame:
    """One row per case: size, customer, topic, channels, flags and start time (µs)."""
    n = sizes.len()
    c = rng.uniform
    n_agents = min(999, max(8, customers.height // 40))
    start_day = datetime.combine(part.start.astimezone(UTC).date(), datetime.min.time(), UTC)
    start_day_us = int(start_day.timestamp()) * SECOND
    start_weekday = part.start.astimezone(UTC).weekday()
    df = pl.DataFrame({
        "_key": pl.int_range(n, dtype=pl.UInt64, eager=True) + part.case_offset,
        "ci": pl.int_range(n, eager=True),
        "k": sizes,
    }).lazy()
    df = df.with_columns(
        (c("case/repeat") < rates["repeat"]).alias("_rep_draw"),
        (c("case/cust") * customers.height).floor().cast(pl.Int64).alias("_cust_draw"),
        rng.choice("case/topic", TOPIC_WEIGHTS).alias("_topic_draw"),
        rng.choice("case/channel", OPEN_CHANNEL_WEIGHTS).alias("_ch_draw"),
        (c("case/same_channel") < 0.5).alias("_same_channel"),
    ).with_columns(
        (pl.col("_rep_draw") & (pl.col("ci") > 0)).alias("_rep1"),
    ).with_columns(
        (pl.col("_rep1") & ~pl.col("_rep1").shift(1, fill_value=False)).alias("repeat"),
    ).with_columns(
        pl.col("repeat").shift(-1, fill_value=False).alias("parent"),
        pl.when(pl.col("repeat")).then(pl.col("_cust_draw").shift(1))
        .otherwise(pl.col("_cust_draw")).alias("cust"),
        pl.when(pl.col("repeat")).then(pl.col("_topic_draw").shift(1))
        .otherwise(pl.col("_topic_draw")).alias("topic"),
        pl.when(pl.col("repeat") & pl.col("_same_channel")).then(pl.col("_ch_draw").shift(1))
        .otherwise(pl.col("_ch_draw")).alias("ch0"),
    )
    cust = customers.select(
        pl.col("_tier").alias("tier"), pl.col("_tz").alias("tz"),
        pl.col("_night_owl").alias("night_owl"), pl.col("_pref").alias("pref"),
    ).with_row_index("cust").with_columns(pl.col("cust").cast(pl.Int64))
    df = df.join(cust.lazy(), on="cust", how="left", maintain_order="left")
    vip = pl.col("tier") == 2
    answered = ~pl.col("unanswered")
    df = df.with_columns(
        pl.when(vip).then(rng.choice("case/prio_vip", VIP_PRIORITY_WEIGHTS))
        .otherwise(rng.choice("case/prio", PRIORITY_WEIGHTS)).alias("priority"),
        (
            (pl.col("k") <= 3) & ~pl.col("parent")
            & (c("case/unanswered") < rates["unanswered"])
        ).alias("unanswered"),
    ).with_columns(
        (answered & (pl.col("parent") | (c("case/resolved") < rates["resolved"])))
        .alias("resolved"),
        (answered & (c("case/slow") < rates["slow"])).alias("slow"),
    )
    resolved = pl.col("resolved")
    df = df.with_columns(
        (resolved & (c("case/invite") < rates["invite"])).alias("invite"),
        (c("case/answer") < rates["answer"]).alias("_answer"),
        (resolved & (c("case/follow_up") < rates["follow_up"])).alias("follow_up"),
        (answered & (c("case/marketing") < rates["marketing"])).alias("marketing"),
    ).with_columns((pl.col("invite") & pl.col("_answer")).alias("answer"))
    # drop tails until the conversation keeps at least an opening and a reply
    tails = ("marketing", "answer", "follow_up", "invite")
    for name in tails:
        total = pl.sum_horizontal([pl.col(t).cast(pl.Int64) for t in tails])
        df = df.with_columns(
            (pl.col(name) & (pl.col("k") - total >= 2)).alias(name)
        )
    total = pl.sum_horizontal([pl.col(t).cast(pl.Int64) for t in tails])
    df = df.with_columns((pl.col("k") - total).alias("m"))
    claim_topic = pl.col("topic").is_in(list(CLAIM_KEYS))
    has_claim = answered & claim_topic & (c("case/claims") < rates["claims"])
    df = df.with_columns(
        pl.when(answered & (pl.col("m") >= 5) & (c("case/switch") < rates["switch"]))
        .then(pl.when((pl.col("m") >= 6) & (c("case/switch_at") < 0.5)).then(4).otherwise(2))
        .otherwise(MAX_CASE_ROWS + 1).alias("switch_at"),
        rng.choice("case/ch1", (40, 25, 25, 10)).alias("_ch1_draw"),
        has_claim.alias("has_claim"),
        (has_claim & (pl.col("m") >= 4) & (c("case/contradict") < rates["contradict"]))
        .alias("contradict"),
        (
            answered & ~has_claim & (pl.col("m") >= 4)
            & (c("case/promise") < rates["promise"])
        ).alias("promise"),
        (c("case/promise_kept") < rates["promise_kept"]).alias("kept"),
        (
            answered & pl.col("topic").is_in(list(VERIFIED_TOPICS))
            & (c("case/verify_fail") < rates["verify_fail"])
        ).alias("verify_fail"),
        (c("case/agent") * n_agents).floor().cast(pl.Int64).alias("agent"),
        (c("case/agent2") * n_agents).floor().cast(pl.Int64).alias("agent2"),
        (c("case/handover") < 0.3).alias("handover"),
        rng.choice("case/followup_channel", (80, 20)).alias("_fu_pref"),
        rng.choice("case/mkt_channel", (60, 30, 10)).alias("_mkt"),
        (c("case/product") * len(PRODUCTS)).floor().cast(pl.Int32).alias("product"),
        rng.integers("case/order", 10000, 100000).alias("order"),
        rng.integers("case/last4", 0, 10000).alias("last4"),
        (c("case/claim_value") * 1e6).floor().cast(pl.Int64).alias("claim_draw"),
        # start: a day in the period and a local time of day
        rng.integers("case/day", 0, part.days).alias("_day"),
        (c("case/weekend_shift") < 0.55).alias("_weekday_bias"),
        (c("case/night") < 0.6).alias("_at_night"),
        c("case/tod1").alias("_t1"),
        c("case/tod2").alias("_t2"),
        c("case/start_jitter").alias("_sj"),
    )
    alt_channels = pl.lit(pl.Series([EMAIL, PHONE, CHAT, SOCIAL], dtype=pl.Int32))
    ch1 = alt_channels.gather(pl.col("_ch1_draw").cast(pl.UInt32))
    ch1_next = alt_channels.gather(((pl.col("_ch1_draw") + 1) % 4).cast(pl.UInt32))
    weekday = (pl.col("_day") + start_weekday) % 7
    day = pl.when(pl.col("_weekday_bias") & (weekday >= 5)).then(
        pl.col("_day") - (weekday - 4)
    ).otherwise(pl.col("_day")).clip(0, None)
    night = pl.col("night_owl") & pl.col("_at_night")
    tod_h = pl.when(night).then(20.0 + 7.0 * pl.col("_t1")).otherwise(
        8.0 + 12.0 * (pl.col("_t1") + pl.col("_t2")) / 2.0
    )
    naive = start_day_us + day * DAY + seconds_to_us(3600.0 * tod_h)
    df = df.with_columns(
        pl.when(ch1 == pl.col("ch0")).then(ch1_next).otherwise(ch1).alias("ch1"),
        pl.when(pl.col("_fu_pref") == 0).then(pl.col("pref")).otherwise(pl.col("ch0"))
        .alias("fu_channel"),
        pl.lit(pl.Series([EMAIL, SMS, PHONE], dtype=pl.Int32))
        .gather(pl.col("_mkt").cast(pl.UInt32)).alias("mkt_channel"),
        tz.to_utc(naive, pl.col("tz")).alias("start_us"),
        pl.col("ch0").is_in(list(LIVE_CHANNELS)).alias("live"),
    )
    # physical order by (approximate) start, so that rows end up nearly in time order and the
    # final sort by timestamp moves data only locally; ``ci`` stays the case's identity
    approx = pl.when(pl.col("repeat")).then(pl.col("start_us").shift(1) + 3 * DAY).otherwise(
        pl.col("start_us")
    )
    df = df.with_columns(approx.alias("_approx")).sort("_approx", "ci")
    df = df.with_columns((pl.col("k").cum_sum() - pl.col("k")).alias("off"))
    return df.select([pl.col(name).cast(dtype) for name, dtype in CASE_DTYPES.items()]).collect()


CASE_DTYPES: dict[str, pl.DataType] = {
    "ci": pl.Int32(), "k": pl.Int8(), "m": pl.Int8(), "off": pl.Int64(), "cust": pl.Int32(),
    "topic": pl.Int8(), "priority": pl.Int8(), "tier": pl.Int8(), "tz": pl.Int8(),
    "ch0": pl.Int8(), "ch1": pl.Int8(), "fu_channel": pl.Int8(), "mkt_channel": pl.Int8(),
    "switch_at": pl.Int8(), "repeat": pl.Boolean(), "unanswered": pl.Boolean(),
    "resolved": pl.Boolean(), "slow": pl.Boolean(), "invite": pl.Boolean(),
    "answer": pl.Boolean(), "follow_up": pl.Boolean(), "marketing": pl.Boolean(),
    "has_claim": pl.Boolean(), "contradict": pl.Boolean(), "promise": pl.Boolean(),
    "kept": pl.Boolean(), "verify_fail": pl.Boolean(), "agent": pl.Int16(),
    "agent2": pl.Int16(), "handover": pl.Boolean(), "product": pl.Int8(),
    "order": pl.Int32(), "last4": pl.Int16(), "claim_draw": pl.Int32(),
    "start_us": pl.Int64(), "live": pl.Boolean(),
}
"""Case-level columns (physical order: by approximate start) and their compact dtypes."""
ROW_CASE_COLUMNS: tuple[str, ...] = (
    "ci", "k", "m", "cust", "topic", "priority", "tier", "ch0", "ch1", "fu_channel",
    "mkt_channel", "switch_at", "repeat", "unanswered", "resolved", "slow", "invite", "answer",
    "follow_up", "has_claim", "contradict", "promise", "kept", "verify_fail", "agent", "agent2",
    "handover", "product", "order", "last4",
)
"""Case columns repeated on every row of the case."""


def row_key(part: Part) -> pl.Expr:
    """A unique random-stream key per row, from its case number and position."""
    return (pl.col("ci").cast(pl.UInt64) + part.case_offset) * (MAX_CASE_ROWS + 1) + pl.col(
        "j"
    ).cast(pl.UInt64)


def row_table(cases: pl.DataFrame, part: Part, rng: Rng, rates: dict[str, float]) -> pl.DataFrame:
    """One row per touchpoint (sorted by case, position) with role, channel and delays."""
    c = rng.uniform
    base = cases.select(
        *ROW_CASE_COLUMNS, pl.int_ranges(0, pl.col("k"), dtype=pl.Int8).alias("j")
    ).explode("j")
    df = base.lazy().with_columns(
        row_key(part).alias("_key"),
    )
    j, m = pl.col("j"), pl.col("m")
    r = j - m
    c1 = pl.col("invite").cast(pl.Int64)
    c2 = c1 + pl.col("answer").cast(pl.Int64)
    c3 = c2 + pl.col("follow_up").cast(pl.Int64)
    role = (
        pl.when(j >= m).then(
            pl.when(r < c1).then(INVITE).when(r < c2).then(ANSWER).when(r < c3)
            .then(FOLLOW_UP).otherwise(MARKETING)
        )
        .when(j == 0).then(OPEN)
        .when(pl.col("unanswered")).then(CHASE)
        .when(j == m - 1).then(pl.when(pl.col("resolved")).then(RESOLVE).otherwise(PENDING))
        .when(j % 2 == 1).then(REPLY)
        .otherwise(CUST)
    )
    df = df.with_columns(role.cast(pl.Int8).alias("role"))
    role_c = pl.col("role")
    channel = (
        pl.when(role_c.is_in([INVITE, ANSWER])).then(EMAIL)
        .when(role_c == FOLLOW_UP).then(pl.col("fu_channel"))
        .when(role_c == MARKETING).then(pl.col("mkt_channel"))
        .when(j >= pl.col("switch_at")).then(pl.col("ch1"))
        .otherwise(pl.col("ch0"))
    )
    df = df.with_columns(channel.cast(pl.Int8).alias("channel"))
    ch = pl.col("channel").cast(pl.UInt32)
    # delays (seconds) before this row, per role and channel: log-normal
    out_median = pl.Series([5400, 45, 60, 1800, 1200, 10800, 120, 14400, 900, 5], dtype=pl.Float64)
    out_sigma = pl.Series([1.0, 0.6, 0.8, 1.0, 0.9, 1.0, 0.6, 1.0, 0.8, 0.3])
    in_median = pl.Series([14400, 50, 40, 900, 1800, 14400, 60, 14400, 60, 20], dtype=pl.Float64)
    z = rng.normal("row/delay")
    outbound_conv = role_c.is_in([REPLY, PENDING, RESOLVE])
    out_delay = pl.lit(out_median).gather(ch) * (pl.lit(out_sigma).gather(ch) * z).exp()
    out_delay = (
        out_delay
        * pl.when(pl.col("slow") & (j == 1)).then(10.0 + 50.0 * c("row/slow")).otherwise(1.0)
        * pl.when(pl.col("priority") == 3).then(0.5).otherwise(1.0)
        * pl.when(pl.col("tier") == 2).then(0.7).otherwise(1.0)
        + pl.when(pl.col("promise") & ~pl.col("kept") & (j == 3))
        .then(86400.0 * (1.0 + 2.0 * c("row/late")))
        .otherwise(0.0)
    )
    in_delay = pl.lit(in_median).gather(ch) * (1.1 * z).exp()
    delay = (
        pl.when(outbound_conv).then(out_delay)
        .when(role_c == CHASE).then(72000.0 * (0.6 * z).exp())
        .when(j == pl.col("switch_at")).then(93600.0 * (0.5 * z).exp())
        .when(role_c == CUST).then(in_delay)
        .otherwise(0.0)
    )
    is_agent = outbound_conv & (pl.col("channel") != VA)
    df = df.with_columns(
        seconds_to_us(delay.clip(1.0, 30.0 * 86400.0)).alias("delay"),
        (is_agent & (c("row/bh") < rates["business_hours"])).alias("bh"),
        seconds_to_us(9000.0 * c("row/jitter")).alias("jitter"),
    )
    return df.collect()
