"""Turn cases, rows and times into the canonical interaction columns: ids, actors, texts
with their placeholders filled, claims, csat, sentiment, status and purpose."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from benchmarks.synthetic.cases import row_key
from benchmarks.synthetic.part import Part
from benchmarks.synthetic.rng import Rng, ids, label
from benchmarks.synthetic.templates import KIND, PLACEHOLDERS, template_table
from benchmarks.synthetic.times import as_utc
from benchmarks.synthetic.vocab import (
    AGENT_NAMES,
    ANSWER,
    BERLIN,
    BILLING,
    BRAND,
    BRAND_HANDLE,
    CALLBACK,
    CHANNELS,
    CHASE,
    CUST,
    CUSTOMER_ROLES,
    DELIVERY,
    EMAIL,
    INBOUND_ROLES,
    INTERACTION_SCHEMA,
    MARKETING,
    OPEN,
    PENDING,
    PHONE,
    PII_CARDS,
    PII_IBANS,
    PRICES,
    PRIORITIES,
    PRODUCTS,
    REFUND,
    REFUND_DAYS_ALT,
    REPLY,
    RESOLVE,
    SOCIAL,
    SYSTEM_ROLES,
    TOPICS,
    VA,
    VERIFIED_TOPICS,
)


def _n_agents(n_customers: int) -> int:
    return min(999, max(8, n_customers // 40))


def _scatter_subset(
    target: pl.Series, src: pl.DataFrame, mask: pl.Series, expr: pl.Expr
) -> pl.Series:
    """Evaluate ``expr`` only on the rows of ``src`` where ``mask`` is set and put the results
    into ``target`` (string work on a small subset instead of the whole column)."""
    idx = mask.arg_true()
    if idx.len() == 0:
        return target
    needed = dict.fromkeys(expr.meta.root_names())
    sub = pl.DataFrame([src.get_column(name).gather(idx) for name in needed])
    values = sub.select(expr.cast(target.dtype)).to_series()
    return target.scatter(idx, values)


ROLE_KINDS = tuple(KIND[k] for k in (
    "open", "cust", "chase", "reply", "pending", "resolve", "invite", "answer", "follow_up",
    "marketing",
))
PREFIXES: tuple[str, ...] = (
    "", "{handle} ", BRAND_HANDLE + " ", "Hi {first}! ", "Call notes: ", "Caller: ",
)
SUFFIXES: tuple[str, ...] = ("", " Best regards, {agent}, " + BRAND)
ACTORS: tuple[str, ...] = ("customer", "agent", "bot", "system")
STATUSES: tuple[str, ...] = ("open", "pending", "resolved", "closed")
PURPOSES: tuple[str | None, ...] = (None, "service", "transactional", "marketing")
ALL_PLACEHOLDERS = (*PLACEHOLDERS, "{handle}")


def _mask_of(texts: Sequence[str]) -> list[int]:
    return [
        sum(1 << b for b, p in enumerate(ALL_PLACEHOLDERS) if p in text) for text in texts
    ]


def assemble(
    cases: pl.DataFrame,
    rows: pl.DataFrame,
    ts: pl.Series,
    due: pl.Series,
    customers: pl.DataFrame,
    part: Part,
    rng: Rng,
    rates: dict[str, float],
    widths: tuple[int, int, int],
) -> pl.DataFrame:
    """Turn roles, codes and times into the canonical columns, sorted by timestamp."""
    c = rng.uniform
    table = template_table()
    n_agents = _n_agents(customers.height)
    agent_width = 2 if n_agents < 100 else 3
    # case ids follow the order in which cases started; claim values per case
    start = ts.gather(cases["off"])
    meta = pl.DataFrame({"ci": cases["ci"], "start": start, "d": cases["claim_draw"]})
    d = pl.col("d")
    base_date = as_utc(pl.col("start")).dt.date() + pl.duration(days=2 + d % 4)
    meta = meta.sort("ci").select(  # row i describes case ci == i
        ids(
            "c", pl.struct("start", "ci").rank("ordinal").cast(pl.Int64) + part.case_offset,
            widths[1],
        ).alias("case_id"),
        base_date.dt.strftime("%Y-%m-%d").alias("date_base"),
        (base_date + pl.duration(days=2 + (d // 4) % 3)).dt.strftime("%Y-%m-%d")
        .alias("date_alt"),
        label(d % len(PRICES), PRICES).alias("price_base"),
        label((d % len(PRICES) + 1 + (d // 7) % 3) % len(PRICES), PRICES).alias("price_alt"),
        label(d % len(REFUND_DAYS_ALT), REFUND_DAYS_ALT).alias("refund_alt"),
    )
    # rows into time order (a stable sort keeps case order for equal timestamps)
    rows = rows.select(
        "ci", "j", "k", "cust", "topic", "priority", "ch0", "switch_at", "repeat", "resolved",
        "slow", "has_claim", "contradict", "promise", "kept", "verify_fail", "product", "order",
        "last4", "role", "channel",
        pl.when(pl.col("handover") & (pl.col("j") >= 5)).then(pl.col("agent2"))
        .otherwise(pl.col("agent")).alias("_agent"),
        pl.Series("ts", ts), pl.Series("due", due),
    )
    rows = rows[rows.select(pl.arg_sort_by("ts", maintain_order=True)).to_series()]

    def by_case(name: str) -> pl.Expr:
        return pl.lit(meta[name]).gather(pl.col("ci").cast(pl.UInt32))

    def by_customer(name: str) -> pl.Expr:
        return pl.lit(customers[name]).gather(pl.col("cust").cast(pl.UInt32))

    role, j, ch, topic = pl.col("role"), pl.col("j"), pl.col("channel"), pl.col("topic")
    inbound = role.is_in(list(INBOUND_ROLES))
    is_bot = (ch == VA) & role.is_in([REPLY, PENDING])
    actor = (
        pl.when(role.is_in(list(CUSTOMER_ROLES))).then(0)
        .when(role.is_in(list(SYSTEM_ROLES))).then(3)
        .when(is_bot).then(2)
        .otherwise(1)
    )
    lf = rows.lazy().with_columns(actor.alias("actor"), row_key(part).alias("_key"))
    is_agent = pl.col("actor") == 1
    lf = lf.with_columns((role.is_in([REPLY, PENDING, RESOLVE]) & is_agent).alias("_conv_out"))
    conv_out = pl.col("_conv_out")
    lf = lf.with_columns(
        (conv_out & pl.col("has_claim") & ((j == 1) | pl.col("contradict")
                                           | (c("r/claim") < 0.35))).alias("_claim_row")
    )
    claim_row = pl.col("_claim_row")
    kept = pl.col("kept")
    pii_kind = rng.integers("r/pii_kind", 0, 4)  # card, iban, email, phone
    kind = (
        pl.when(conv_out & (ch == SOCIAL)
                & (c("r/pii") < rates["pii"])).then(KIND["pii_card"] + pii_kind)
        .when(pl.col("promise") & (j == 1)).then(KIND["promise"])
        .when(pl.col("promise") & (j == 3) & kept).then(KIND["promise_kept"])
        .when(pl.col("promise") & (j == 3)).then(KIND["promise_late"])
        .when(conv_out & (j == 1) & pl.col("verify_fail")).then(KIND["account"])
        .when(conv_out & (j == 3) & topic.is_in(list(VERIFIED_TOPICS))
              & (c("r/account") < 0.2)).then(KIND["account"])
        .when(claim_row).then(KIND["claim"])
        .when(is_bot).then(KIND["bot"])
        .when(j == pl.col("switch_at")).then(KIND["switch"])
        .when(pl.col("repeat") & (j == 0)).then(KIND["repeat"])
        .otherwise(pl.lit(pl.Series(ROLE_KINDS, dtype=pl.Int32)).gather(role.cast(pl.UInt32)))
    )
    lf = lf.with_columns((kind * len(TOPICS) + topic).cast(pl.UInt32).alias("_pool"))
    pool = pl.col("_pool")
    template = pl.lit(pl.Series(table.offsets, dtype=pl.Int64)).gather(pool) + (
        c("r/template") * pl.lit(pl.Series(table.sizes, dtype=pl.Int64)).gather(pool)
    ).floor().cast(pl.Int64)
    social, email = ch == SOCIAL, ch == EMAIL
    call = ch.is_in([PHONE, CALLBACK])
    prefix = (
        pl.when(social & ~inbound).then(1)
        .when(social).then(2)
        .when(email & is_agent).then(3)
        .when(call & ~inbound).then(4)
        .when(call).then(5)
        .otherwise(0)
    )
    suffix = (email & is_agent).cast(pl.Int64)
    bad_mood = (
        pl.col("slow") | pl.col("repeat") | pl.col("contradict")
        | (pl.col("promise") & ~kept) | (pl.col("switch_at") < pl.col("k"))
        | pl.col("verify_fail")
    )
    csat = pl.when(role == ANSWER).then(
        pl.when(bad_mood).then(rng.choice("r/csat_bad", (30, 25, 20, 15, 10)))
        .otherwise(rng.choice("r/csat_good", (3, 4, 10, 33, 50))) + 1
    )
    upset = (role == CHASE) | (j == pl.col("switch_at")) | (pl.col("repeat") & (j == 0))
    sentiment = pl.when(role.is_in(list(CUSTOMER_ROLES)) & (c("r/has_sentiment") < 0.6)).then(
        (
            0.2 + 0.35 * rng.normal("r/sentiment")
            - pl.when(upset).then(0.45).otherwise(0.0)
            - pl.when(pl.col("slow") & (j >= 2)).then(0.3).otherwise(0.0)
        ).clip(-1.0, 1.0).round(2)
    )
    verified = pl.when(topic.is_in(list(VERIFIED_TOPICS)) & (role != MARKETING)).then(
        (j > 0) & ~pl.col("verify_fail")
    )
    status = (
        pl.when(role.is_in([OPEN, CUST, CHASE])).then(0)
        .when(role.is_in([REPLY, PENDING])).then(1)
        .when(role == RESOLVE).then(2)
        .when((role == MARKETING) & ~pl.col("resolved")).then(1)
        .otherwise(3)
    )
    purpose = (
        pl.when(inbound).then(0)
        .when(role == MARKETING).then(3)
        .when((role == RESOLVE) & topic.is_in([REFUND, DELIVERY]) & (c("r/purpose") < 0.5))
        .then(2)
        .otherwise(1)
    )
    lf = lf.with_columns(
        template.alias("_template"),
        prefix.alias("_prefix"),
        suffix.alias("_suffix"),
        csat.cast(pl.Int64).alias("_csat"),
    )
    texts = pl.Series(table.texts, dtype=pl.String)
    masks = pl.Series(_mask_of(table.texts), dtype=pl.Int64)
    prefix_masks = pl.Series(_mask_of(PREFIXES), dtype=pl.Int64)
    suffix_masks = pl.Series(_mask_of(SUFFIXES), dtype=pl.Int64)
    tpl, pre, suf = (pl.col(n).cast(pl.UInt32) for n in ("_template", "_prefix", "_suffix"))
    frame = lf.with_columns(
        ids("i", pl.int_range(1, pl.len() + 1, dtype=pl.Int64) + part.row_offset, widths[0])
        .alias("interaction_id"),
        by_case("case_id").alias("case_id"),
        by_customer("customer_id").alias("customer_id"),
        as_utc(pl.col("ts")).alias("timestamp"),
        label(ch, CHANNELS).alias("channel_s"),
        pl.when(inbound).then(pl.lit("inbound")).otherwise(pl.lit("outbound")).alias("direction"),
        label(pl.col("actor"), ACTORS).alias("actor_s"),
        pl.when(is_agent).then(ids("a", pl.col("_agent") + 1, agent_width)).alias("agent_id"),
        pl.concat_str(
            label(pre, PREFIXES), pl.lit(texts).gather(tpl), label(suf, SUFFIXES)
        ).alias("text"),
        (pl.lit(masks).gather(tpl) | pl.lit(prefix_masks).gather(pre)
         | pl.lit(suffix_masks).gather(suf)).alias("_mask"),
        pl.when(role != MARKETING).then(label(topic, TOPICS)).alias("topic_s"),
        pl.when(role != MARKETING).then(label(pl.col("priority"), PRIORITIES))
        .alias("priority_s"),
        label(status, STATUSES).alias("status"),
        label(purpose, PURPOSES).alias("purpose"),
        as_utc(pl.col("due")).alias("promise_due"),
        pl.col("_csat").cast(pl.Float64).alias("csat"),
        sentiment.alias("sentiment"),
        verified.alias("identity_verified"),
    )
    df = frame.collect().rechunk()
    # claims and placeholders: string work only on the rows that need it
    use_alt = pl.col("contradict") & (j >= 3)
    claim_value = (
        pl.when(topic == DELIVERY).then(
            pl.when(use_alt).then(by_case("date_alt")).otherwise(by_case("date_base")))
        .when(topic == BILLING).then(
            pl.when(use_alt).then(by_case("price_alt")).otherwise(by_case("price_base")))
        .otherwise(pl.when(use_alt).then(by_case("refund_alt")).otherwise(pl.lit("14")))
    )
    claim_key = (
        pl.when(topic == DELIVERY).then(pl.lit("delivery_date"))
        .when(topic == BILLING).then(pl.lit("price"))
        .otherwise(pl.lit("refund_days"))
    )
    src = df.select(pl.exclude(pl.String))
    claims = _scatter_subset(
        pl.Series("claims", [None] * df.height, dtype=pl.String), src, df["_claim_row"],
        pl.lit('{"') + claim_key + pl.lit('": "') + claim_value + pl.lit('"}'),
    )
    values: dict[str, pl.Expr] = {
        "{first}": by_customer("_first"),
        "{handle}": by_customer("_handle"),
        "{agent}": label(pl.col("_agent") % len(AGENT_NAMES), AGENT_NAMES),
        "{order}": pl.lit("NW-") + pl.col("order").cast(pl.String),
        "{product}": label(pl.col("product"), PRODUCTS),
        "{claim}": claim_value,
        "{due}": as_utc(pl.col("due")).dt.convert_time_zone(BERLIN).dt.strftime(
            "%a %d %b, %H:%M"
        ),
        "{pii}": (
            pl.when(pii_kind == 0).then(label(rng.integers("r/card", 0, 4), PII_CARDS))
            .when(pii_kind == 1).then(label(rng.integers("r/iban", 0, 4), PII_IBANS))
            .when(pii_kind == 2).then(by_customer("_email"))
            .otherwise(by_customer("_phone"))
        ),
        "{prev_channel}": label(pl.col("ch0"), [x.replace("_", " ") for x in CHANNELS]),
        "{csat}": pl.col("_csat").cast(pl.String),
        "{last4}": pl.col("last4").cast(pl.String).str.zfill(4),
    }
    text = df["text"]
    mask = df["_mask"]
    for bit, placeholder in enumerate(ALL_PLACEHOLDERS):
        has = (mask // (1 << bit)) % 2 == 1
        text = _scatter_subset(
            text, src.with_columns(text.alias("_text")), has,
            pl.col("_text").str.replace_all(placeholder, values[placeholder].fill_null(""),
                                            literal=True),
        )
    return df.select(
        "interaction_id", "case_id", "customer_id", "timestamp",
        pl.col("channel_s").alias("channel"), "direction", pl.col("actor_s").alias("actor"),
        "agent_id", pl.lit(text).alias("text"), pl.col("topic_s").alias("topic"),
        pl.col("priority_s").alias("priority"), "status", "purpose",
        pl.lit(claims).alias("claims"), "promise_due", "csat", "sentiment", "identity_verified",
    ).cast(INTERACTION_SCHEMA)  # type: ignore[arg-type]
