"""The customer profiles of a synthetic log (one draw per customer, vectorised)."""

from __future__ import annotations

import polars as pl

from benchmarks.synthetic.part import Part
from benchmarks.synthetic.rng import Rng, digits, ids, label
from benchmarks.synthetic.vocab import (
    CHANNELS,
    FIRST_NAMES,
    LANGUAGES,
    LAST_NAMES,
    LOCALES,
    OPT_OUT_WEIGHTS,
    OPT_OUTS,
    PHONE_PREFIX,
    PREFERRED,
    PREFERRED_WEIGHTS,
    QUIET_HOURS,
    QUIET_WEIGHTS,
    SEGMENT_WEIGHTS,
    SEGMENTS,
    TIER_WEIGHTS,
    TIERS,
    TIMEZONES,
)


def customer_profiles(
    n: int, part: Part, rng: Rng, rates: dict[str, float], width: int
) -> pl.DataFrame:
    """Customer profiles plus private columns (``_``-prefixed) used to write texts."""
    locale_lang = [LANGUAGES.index(lang) for lang, _, _ in LOCALES]
    locale_tz = [TIMEZONES.index(tz) for _, tz, _ in LOCALES]
    first_names = [n for lang in LANGUAGES for n in FIRST_NAMES[lang]]
    last_names = [n for lang in LANGUAGES for n in LAST_NAMES[lang]]
    per_lang = len(FIRST_NAMES["de"])
    c = rng.uniform
    base = pl.select(
        (pl.int_range(n, dtype=pl.UInt64) + part.customer_offset).alias("_key")
    ).lazy()
    df = base.with_columns(
        rng.choice("c/locale", [w for _, _, w in LOCALES]).alias("_locale"),
        rng.choice("c/tier", TIER_WEIGHTS).alias("_tier"),
        rng.choice("c/segment", SEGMENT_WEIGHTS).alias("_segment"),
        rng.choice("c/preferred", PREFERRED_WEIGHTS).alias("_pref_i"),
        rng.choice("c/quiet", QUIET_WEIGHTS).alias("_quiet"),
        rng.choice("c/optout", OPT_OUT_WEIGHTS).alias("_optout"),
        (c("c/consent") < 0.65).alias("marketing_consent"),
        (c("c/night") < rates["night_owl"]).alias("_night_owl"),
        (c("c/first") * per_lang).cast(pl.Int32).alias("_fi"),
        (c("c/last") * per_lang).cast(pl.Int32).alias("_li"),
        rng.normal("c/ltv").alias("_z"),
    ).with_columns(
        pl.lit(pl.Series(locale_lang, dtype=pl.Int32)).gather(pl.col("_locale")).alias("_lang"),
        pl.lit(pl.Series(locale_tz, dtype=pl.Int32)).gather(pl.col("_locale")).alias("_tz"),
        pl.lit(pl.Series(list(PREFERRED), dtype=pl.Int32)).gather(pl.col("_pref_i"))
        .alias("_pref"),
    ).with_columns(
        label(pl.col("_lang") * per_lang + pl.col("_fi"), first_names).alias("_first"),
        label(pl.col("_lang") * per_lang + pl.col("_li"), last_names).alias("_last"),
    )
    optout = label(pl.col("_optout"), OPT_OUTS)
    pref = label(pl.col("_pref"), CHANNELS)
    df = df.with_columns(
        ids("u", pl.col("_key") + 1, width).alias("customer_id"),
        (pl.col("_first") + " " + pl.col("_last")).alias("name"),
        label(pl.col("_tier"), TIERS).alias("tier"),
        label(pl.col("_segment"), SEGMENTS).alias("segment"),
        pref.alias("preferred_channel"),
        label(pl.col("_lang"), LANGUAGES).alias("language"),
        label(pl.col("_tz"), TIMEZONES).alias("timezone"),
        label(pl.col("_quiet"), QUIET_HOURS).alias("quiet_hours"),
        # never opt out of the channel the customer prefers
        pl.when(optout.str.split(";").list.contains(pref)).then(pl.lit(""))
        .otherwise(optout).alias("opted_out_channels"),
        (
            (400.0 * (0.9 * pl.col("_z")).exp())
            * pl.lit(pl.Series([1.0, 3.0, 10.0])).gather(pl.col("_tier").cast(pl.UInt32))
        ).round(2).alias("lifetime_value"),
        (
            pl.col("_first").str.to_lowercase() + "." + pl.col("_last").str.to_lowercase()
            + digits(c("c/mail"), 2) + "@example.com"
        ).alias("_email"),
        (
            pl.lit("@") + pl.col("_first").str.to_lowercase() + "_"
            + pl.col("_last").str.to_lowercase().str.slice(0, 3) + digits(c("c/handle"), 2)
        ).alias("_handle"),
        (
            label(pl.col("_lang"), [PHONE_PREFIX[lang] for lang in LANGUAGES])
            + digits(c("c/phone1"), 3) + " " + digits(c("c/phone2"), 4)
        ).alias("_phone"),
    )
    return df.collect()
