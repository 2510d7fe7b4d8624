"""``ticket_rows`` (one row per ticket: one event per milestone) and ``helpdesk_comments``
(one row per comment, plus the ticket's solved event)."""

from __future__ import annotations

import warnings

import polars as pl

from cx_rules.io.parsing import clean_text
from cx_rules.io.transform_base import (
    InputWarning,
    id_text,
    need_columns,
)


def ticket_rows(raw: pl.LazyFrame) -> pl.LazyFrame:
    """One row per ticket -> up to three events per ticket.

    ``TICKET:created`` (inbound, customer, at ``created_at``, text = ``subject``),
    ``TICKET:first_reply`` (outbound, agent, at ``first_reply_at``, when set; ``agent_id`` from
    an ``assignee_id``/``agent_id`` column if the export has one) and ``TICKET:solved``
    (outbound, system, status ``resolved`` — ``closed`` when the ticket's status is closed — at
    ``solved_at``, when set). The file's other columns are carried on every event. A ticket
    whose status says solved but has no ``solved_at`` gets no resolution event (one warning).
    """
    names = raw.collect_schema().names()
    need_columns(names, ("ticket_id", "created_at"), "ticket_rows")
    has = set(names)

    def col(name: str) -> pl.Expr:
        return clean_text(pl.col(name)) if name in has else pl.lit(None, pl.String)

    agent = next((c for c in ("assignee_id", "agent_id", "assignee") if c in has), None)
    status = col("status").str.to_lowercase()
    df = raw.collect()
    solved_no_time = df.filter(status.is_in(["solved", "resolved", "closed"])
                               & col("solved_at").is_null()).height
    if solved_no_time:
        warnings.warn(InputWarning(
            f"{solved_no_time} ticket(s) have status solved/closed but no solved_at; "
            "no resolution event was added for them"), stacklevel=3)
    tid = id_text(pl.col("ticket_id"))
    carried = [c for c in df.columns if c not in _TICKET_EVENT_COLUMNS]

    def event(kind: str, order: int, ts: str, direction: str, actor: str,
              state: pl.Expr, text: pl.Expr, agent_id: pl.Expr) -> pl.DataFrame:
        frame = df if order == 0 else df.filter(col(ts).is_not_null())
        return frame.select(
            *carried,
            (tid + pl.lit(f":{kind}")).alias("interaction_id"),
            tid.alias("case_id"),
            pl.col(ts).alias("timestamp"),
            pl.lit(direction).alias("direction"),
            pl.lit(actor).alias("actor"),
            state.cast(pl.String).alias("status"),
            text.cast(pl.String).alias("text"),
            agent_id.cast(pl.String).alias("agent_id"),
            pl.lit(order, pl.Int8).alias("__cx_event"),
        )

    none = pl.lit(None, pl.String)
    events = [event("created", 0, "created_at", "inbound", "customer", none, col("subject"), none)]
    if "first_reply_at" in has:
        events.append(event("first_reply", 1, "first_reply_at", "outbound", "agent", none, none,
                             col(agent) if agent else none))
    if "solved_at" in has:
        events.append(event("solved", 2, "solved_at", "outbound", "system",
                            pl.when(status == "closed").then(pl.lit("closed"))
                            .otherwise(pl.lit("resolved")), none, none))
    return pl.concat(events).sort("_row", "__cx_event", maintain_order=True) \
        .drop("__cx_event").lazy()


_TICKET_EVENT_COLUMNS = ("interaction_id", "case_id", "timestamp", "direction", "actor",
                         "status", "text", "agent_id")


# --- helpdesk_comments -------------------------------------------------------------------------


def helpdesk_comments(raw: pl.LazyFrame) -> pl.LazyFrame:
    """Help-desk comment export: one row per comment, ticket fields repeated on every row.

    The ``status`` column of such exports is the ticket's status *at export time*, so it says
    nothing about the comment; it is cleared on comment rows, and each ticket with a
    ``solved_at`` gets one event ``TICKET:solved`` (author_role ``system``, status ``solved``
    or ``closed`` for a closed ticket, at ``solved_at``) carrying the first such row's
    ``_row``. Without a ``solved_at`` column
    the frame is left as it is.
    """
    names = raw.collect_schema().names()
    need_columns(names, ("ticket_id", "comment_id"), "helpdesk_comments")
    if "solved_at" not in names:
        return raw
    df = raw.collect()
    tid = id_text(pl.col("ticket_id"))
    solved = (
        df.with_columns(tid.alias("__cx_tid"))
        .filter(clean_text(pl.col("solved_at")).is_not_null() & pl.col("__cx_tid").is_not_null())
        .unique(subset="__cx_tid", keep="first", maintain_order=True)
        .drop("__cx_tid")
    )
    changes = {
        "comment_id": tid + pl.lit(":solved"),
        "created_at": pl.col("solved_at"),
        "status": pl.when(clean_text(pl.col("status")).str.to_lowercase() == "closed")
        .then(pl.lit("closed")).otherwise(pl.lit("solved")) if "status" in df.columns
        else pl.lit("solved"),
        "author_role": pl.lit("system"),
        "author_id": pl.lit(None, pl.String),
        "public": pl.lit(True) if df.schema.get("public") == pl.Boolean else pl.lit("true"),
        "body": pl.lit(None, pl.String),
        "_reject": pl.lit(None, pl.String),
        "_too_long": pl.lit(None, pl.String),
    }
    solved = solved.with_columns(
        [expr.cast(df.schema.get(name, pl.String)).alias(name)
         for name, expr in changes.items() if name in df.columns]
    ).with_columns(pl.lit(1, pl.Int8).alias("__cx_event"))
    comments = df.with_columns(pl.lit(0, pl.Int8).alias("__cx_event"))
    if "status" in df.columns:
        comments = comments.with_columns(pl.lit(None, df.schema["status"]).alias("status"))
    solved = solved.select(comments.columns)
    return pl.concat([comments, solved]).sort("_row", "__cx_event", maintain_order=True) \
        .drop("__cx_event").lazy()
