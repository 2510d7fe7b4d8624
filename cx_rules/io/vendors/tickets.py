"""Help-desk ticket exports with one row per ticket (Zendesk's and Freshdesk's CSV exports),
read through the generic ``ticket_rows`` transform."""

from __future__ import annotations

import polars as pl

from cx_rules.io.parsing import clean_text, shown
from cx_rules.io.tickets import ticket_rows
from cx_rules.io.transform_base import add_problem, need_columns

_AWARE = ("%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z", "%Y-%m-%dT%H:%M:%S%.fZ",
          "%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M %z", "%Y-%m-%dT%H:%M%z")
_NAIVE = ("%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M")


def ticket_export_rows(raw: pl.LazyFrame) -> pl.LazyFrame:
    """``ticket_rows`` for vendor ticket exports (after the mapping's ``rename``).

    Two things the vendors' exports say differently first: a ticket closed without a
    resolution time is solved at ``closed_at`` (``solved_at`` is taken from ``closed_at``
    where it is empty), and an export that gives the first reply as a duration
    (``first_reply_minutes``, Zendesk's "First reply time in minutes") instead of a time gets
    ``first_reply_at`` = ``created_at`` + those minutes: in UTC when ``created_at`` has an
    offset, else as a naive local time (read with ``--assume-tz`` like the other times; a
    daylight-saving change between the two shifts it by the change). A value that is not a
    number of minutes is a problem of the ticket's events, not a ticket without a reply.
    """
    names = raw.collect_schema().names()
    need_columns(names, ("ticket_id", "created_at"), "ticket_export_rows")
    frame = raw
    if "closed_at" in names:
        solved = pl.col("solved_at") if "solved_at" in names else pl.lit(None, pl.String)
        frame = frame.with_columns(pl.coalesce([clean_text(solved), clean_text(
            pl.col("closed_at"))]).alias("solved_at"))
    if "first_reply_minutes" in names and "first_reply_at" not in names:
        df = frame.collect()
        text = clean_text(pl.col("created_at"))
        minutes_text = clean_text(pl.col("first_reply_minutes"))
        minutes = minutes_text.cast(pl.Float64, strict=False)
        bad = minutes_text.is_not_null() & (minutes.is_null() | (minutes < 0)
                                            | ~minutes.is_finite())
        delta = pl.duration(microseconds=(minutes * 60e6).round().cast(pl.Int64, strict=False))
        aware = pl.coalesce([text.str.to_datetime(f, strict=False, time_zone="UTC",
                                                  time_unit="us") for f in _AWARE])
        naive = pl.coalesce([text.str.to_datetime(f, strict=False, time_unit="us")
                             for f in _NAIVE])
        ok = minutes.is_not_null() & ~bad
        df = df.with_columns(
            pl.when(ok & aware.is_not_null())
            .then((aware + delta).dt.strftime("%Y-%m-%dT%H:%M:%SZ"))
            .when(ok & naive.is_not_null())
            .then((naive + delta).dt.strftime("%Y-%m-%dT%H:%M:%S"))
            .alias("first_reply_at"),
            add_problem(df, pl.when(bad).then(pl.lit("first_reply_minutes: ") + shown(
                minutes_text) + pl.lit(" is not a number of minutes"))),
        )
        frame = df.lazy()
    return ticket_rows(frame)
