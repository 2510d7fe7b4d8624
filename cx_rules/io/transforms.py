"""Whole-frame transforms that a mapping names with ``transform: NAME``.

A transform is ``function(raw: LazyFrame) -> LazyFrame``. It runs on the raw frame (the
export's own columns, all text for CSV/JSONL) before the mapping's ``columns`` are applied, and
may add canonical columns (``case_id``, ``customer_id``...) or rows (one event per ticket
milestone). Contract:

* keep every ``_``-prefixed column (``_row``, ``_source``, ``_reject``, ``_too_long``); a row
  that the transform adds takes them from the input row it comes from, so every output row
  names a real row of the file;
* never drop a row: a row the transform cannot use gets a reason instead, in ``_reject`` (the
  row's only reason: the row is not an interaction at all) or in ``_problem`` (a field-level
  reason such as ``customer_id: ...``, reported with the row's other problems);
* problems that are not one row's fault (a reply cycle) are reported with
  ``warnings.warn(InputWarning(...))``; :func:`cx_rules.io.load_interactions` collects them.

Built-in transforms are in :data:`TRANSFORMS` (the generic ones) and
:data:`cx_rules.io.vendors.VENDOR_TRANSFORMS` (help-desk vendors' exports); more can be
installed through the entry-point group ``cx_rules.transforms`` (name -> function).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from functools import cache
from importlib.metadata import entry_points

import polars as pl

from cx_rules.errors import InputError
from cx_rules.io.parsing import clean_text

Transform = Callable[[pl.LazyFrame], pl.LazyFrame]
TRANSFORM_GROUP = "cx_rules.transforms"

TRUE_WORDS = ("true", "t", "yes", "y", "1")
_TS_FORMATS = ("%a %b %d %H:%M:%S %z %Y", "%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z")
_MAX_EXAMPLES = 5


class InputWarning(UserWarning):
    """Something in an input file worth telling the user; nothing was lost."""


def id_text(expr: pl.Expr) -> pl.Expr:
    """An id as text; ``119242.0`` (an id that went through a float column) becomes ``119242``."""
    text = clean_text(expr)
    return pl.when(text.str.contains(r"^\d+\.0+$")).then(text.str.replace(r"\.0+$", "")) \
        .otherwise(text)


def need_columns(names: list[str], columns: tuple[str, ...], transform: str) -> None:
    missing = [c for c in columns if c not in names]
    if missing:
        raise InputError(f"transform {transform} needs column(s) {', '.join(missing)}; "
                         f"the file has {', '.join(n for n in names if not n.startswith('_'))}")


def _loose_timestamp(expr: pl.Expr) -> pl.Expr:
    """A best-effort parse used only to order events inside a transform (never validated)."""
    text = clean_text(expr)
    return pl.coalesce([
        text.str.to_datetime(f, strict=False, time_zone="UTC", time_unit="us")
        for f in _TS_FORMATS
    ])


def add_problem(df: pl.DataFrame, reason: pl.Expr) -> pl.Expr:
    """``_problem`` with ``reason`` added (a field-level reason, reported with the row's other
    problems; ``_reject`` instead would make it the row's only reason)."""
    if "_problem" not in df.columns:
        return reason.alias("_problem")
    return pl.concat_str([pl.col("_problem"), reason], separator="; ", ignore_nulls=True) \
        .alias("_problem")


# --- twitter_threads ---------------------------------------------------------------------------


def twitter_threads(raw: pl.LazyFrame) -> pl.LazyFrame:
    """Tweet-style support threads: one row per tweet, replies point at their parent.

    Adds ``case_id`` (the id of the thread's root tweet, reached by following
    ``in_response_to_tweet_id`` up), ``customer_id`` (the root's author if the root is inbound,
    else the thread's first inbound author, else the first ``@handle`` the brand's earliest
    tweet in the thread addresses) and ``agent_id`` (the author of outbound tweets, i.e. the
    brand handle).

    A parent that is not in the file makes the earliest present ancestor the root (reported in
    one warning). A tweet with no ``in_response_to_tweet_id`` that another tweet lists in its
    ``response_tweet_id`` hangs under that tweet. Reply cycles (a -> b -> a) are broken at the
    smallest tweet id (numeric order for numeric ids), which becomes the root, with a warning.
    The roots are found by pointer jumping over an index array (``O(n log depth)``, no
    recursion), so a chain of a million replies is fine.
    """
    names = raw.collect_schema().names()
    need_columns(names, ("tweet_id", "author_id", "inbound", "in_response_to_tweet_id"),
          "twitter_threads")
    df = raw.collect()
    has = set(names)
    nodes = (
        df.lazy()
        .select(
            id_text(pl.col("tweet_id")).alias("_id"),
            id_text(pl.col("in_response_to_tweet_id")).alias("_parent"),
            clean_text(pl.col("author_id")).alias("_author"),
            clean_text(pl.col("inbound")).str.to_lowercase().is_in(TRUE_WORDS).alias("_inbound"),
            (_loose_timestamp(pl.col("created_at")) if "created_at" in has
             else pl.lit(None, pl.Datetime("us", "UTC"))).alias("_ts"),
            (clean_text(pl.col("text")) if "text" in has
             else pl.lit(None, pl.String)).alias("_body"),
            (clean_text(pl.col("response_tweet_id")) if "response_tweet_id" in has
             else pl.lit(None, pl.String)).alias("_children"),
        )
        .filter(pl.col("_id").is_not_null())
        .unique(subset="_id", keep="first", maintain_order=True)
        .sort(pl.col("_id").str.len_chars(), pl.col("_id"))
        .with_row_index("_k")
        .with_columns(pl.col("_k").cast(pl.Int64))
        .collect()
    )
    keys = nodes.lazy().select(pl.col("_id").alias("_key"), pl.col("_k").alias("_pk"))
    linked = (
        nodes.lazy()
        .join(keys, left_on="_parent", right_on="_key", how="left", maintain_order="left")
        .with_columns(pl.when(pl.col("_pk") != pl.col("_k")).then(pl.col("_pk")).alias("_pk"))
    )
    # parents recovered from the parents' own response_tweet_id lists
    listed = (
        nodes.lazy()
        .select(pl.col("_k").alias("_lk"), pl.col("_children").str.split(",").alias("_child"))
        .explode("_child")
        .select("_lk", id_text(pl.col("_child")).alias("_child"))
        .join(keys, left_on="_child", right_on="_key", how="inner")
        .filter(pl.col("_pk") != pl.col("_lk"))
        .group_by("_pk")
        .agg(pl.col("_lk").min())
    )
    nodes = (
        linked.join(listed, left_on="_k", right_on="_pk", how="left", maintain_order="left")
        .with_columns(pl.coalesce(["_pk", "_lk"]).alias("_pk"))
        .drop("_lk")
        .sort("_k")
        .collect()
    )
    nodes = nodes.with_columns(_reply_missing(nodes).alias("_missing"))
    roots, cycles = _thread_roots(nodes["_pk"])
    nodes = nodes.with_columns(roots.alias("_root"))
    _warn_threads(nodes, cycles)
    company = _company_authors(nodes)
    nodes = nodes.with_columns(
        (pl.col("_inbound") & pl.col("_author").is_in(company)).alias("_flip"),
        (pl.col("_inbound") & ~pl.col("_author").is_in(company)).alias("_inbound"))
    threads = _thread_customers(nodes)
    root_id = pl.col("_id").gather(pl.col("_root"))
    per_tweet = (
        nodes.with_columns(_addressee(company).alias("_who"))
        .join(threads, on="_root", how="left")
        .select(
            pl.col("_id"),
            # one case per (thread, customer): the thread's own customer keeps the root's id
            pl.when(pl.col("_who").is_null() | (pl.col("_who") == pl.col("customer_id")))
            .then(root_id).otherwise(root_id + pl.lit("/") + pl.col("_who")).alias("case_id"),
            pl.coalesce(["_who", "customer_id"]).alias("customer_id"),
            pl.when(~pl.col("_inbound")).then(pl.col("_author")).alias("agent_id"),
            pl.col("_flip").alias("__cx_flip"),
            pl.when(pl.col("_inbound") & pl.col("_missing")).then(True)
            .alias("reply_not_in_log"),
        )
    )
    out = (
        df.with_columns(id_text(pl.col("tweet_id")).alias("__cx_id"))
        .drop([c for c in ("case_id", "customer_id", "agent_id", "reply_not_in_log")
               if c in df.columns])
        .join(per_tweet, left_on="__cx_id", right_on="_id", how="left", maintain_order="left")
        .drop("__cx_id")
    )
    # an account that behaves as the company is outbound even where the export says inbound
    out = out.with_columns(
        pl.when(pl.col("__cx_flip").fill_null(False)).then(pl.lit("false"))
        .otherwise(pl.col("inbound").cast(pl.String)).alias("inbound"),
    ).drop("__cx_flip")
    no_customer = pl.when(pl.col("case_id").is_not_null() & pl.col("customer_id").is_null()) \
        .then(pl.lit("customer_id: the thread has no customer tweet and no @mention to name one"))
    return out.with_columns(add_problem(out, no_customer)).lazy()


def _thread_roots(parent: pl.Series) -> tuple[pl.Series, pl.Series]:
    """Root index of every node of a parent-pointer forest, and whether it sat in a cycle.

    ``parent[i]`` is the index of node i's parent or null for a root. Pointer jumping: each
    round every node jumps to its pointer's pointer, so ``ceil(log2(depth))`` rounds reach the
    roots. Nodes that never reach a root hang off a cycle; after ``log2(n) + 1`` rounds the
    pointer is on the cycle and the tracked minimum covers it all, so the cycle's smallest
    index becomes the root of everything attached to it.
    """
    n = parent.len()
    index = pl.int_range(0, n, dtype=pl.Int64, eager=True)
    state = pl.DataFrame({"ptr": parent, "mn": index, "is_root": parent.is_null()}).with_columns(
        pl.coalesce([pl.col("ptr"), pl.int_range(0, pl.len(), dtype=pl.Int64)]).alias("ptr")
    )
    for _ in range(max(n, 1).bit_length() + 1):
        if state.select(pl.col("is_root").gather(pl.col("ptr")).all()).item():
            break
        state = state.with_columns(
            pl.col("ptr").gather(pl.col("ptr")),
            pl.min_horizontal(pl.col("mn"), pl.col("mn").gather(pl.col("ptr"))),
        )
    result = state.select(
        pl.when(pl.col("is_root").gather(pl.col("ptr"))).then(pl.col("ptr"))
        .otherwise(pl.col("mn").gather(pl.col("ptr"))).alias("root"),
        (~pl.col("is_root").gather(pl.col("ptr"))).alias("cycle"),
    )
    return result["root"], result["cycle"]


def _warn_threads(nodes: pl.DataFrame, cycles: pl.Series) -> None:
    self_replies = nodes.filter(pl.col("_parent") == pl.col("_id"))
    if self_replies.height:
        shown = ", ".join(self_replies["_id"].head(_MAX_EXAMPLES).to_list())
        warnings.warn(InputWarning(
            f"{self_replies.height} tweet(s) reply to themselves (e.g. {shown}); each is "
            "treated as the root of its thread"), stacklevel=3)
    orphans = nodes.filter(pl.col("_parent").is_not_null() & pl.col("_pk").is_null()
                           & (pl.col("_parent") != pl.col("_id")))
    if orphans.height:
        shown = ", ".join(orphans["_id"].head(_MAX_EXAMPLES).to_list())
        warnings.warn(InputWarning(
            f"{orphans.height} tweet(s) reply to a tweet that is not in the file (e.g. {shown}); "
            "each starts its thread (the earliest tweet present becomes the root)"),
            stacklevel=3)
    if cycles.any():
        looped = nodes.filter(cycles)
        roots = looped.select(pl.col("_root").unique(maintain_order=True))["_root"]
        shown = ", ".join(nodes["_id"].gather(roots.head(_MAX_EXAMPLES)).to_list())
        warnings.warn(InputWarning(
            f"{roots.len()} reply cycle(s) ({looped.height} tweet(s) in or below them; tweets "
            "that answer each other in a loop); each was broken at its smallest tweet id, which "
            f"became the thread root: {shown}"), stacklevel=3)


COMPANY_REPLIES_TO = 3
"""An account marked inbound that replies to this many different authors acts as the company."""


def _reply_missing(nodes: pl.DataFrame) -> pl.Series:
    """Tweets whose ``response_tweet_id`` names replies of which none is in the file."""
    listed = (
        nodes.lazy()
        .select("_k", pl.col("_children").str.split(",").alias("_child"))
        .explode("_child")
        .select("_k", id_text(pl.col("_child")).alias("_child"))
        .filter(pl.col("_child").is_not_null())
        .with_columns(pl.col("_child").is_in(nodes["_id"].implode()).alias("_held"))
        .group_by("_k")
        .agg(pl.col("_held").any())
    )
    return (nodes.lazy().select("_k").join(listed, on="_k", how="left", maintain_order="left")
            .select(~pl.col("_held").fill_null(True)).collect().to_series())


def _company_authors(nodes: pl.DataFrame) -> list[str]:
    """Accounts that are the company: every author of an outbound tweet, and accounts that
    the export marks inbound but that answer many different customers (a second brand
    handle, a community moderator)."""
    outbound = nodes.filter(~pl.col("_inbound") & pl.col("_author").is_not_null())["_author"]
    parent = pl.col("_pk")
    answering = (
        nodes.with_columns(pl.when(parent.is_not_null())
                           .then(pl.col("_author").gather(parent.fill_null(0)))
                           .alias("_to"))
        .filter(pl.col("_inbound") & pl.col("_to").is_not_null()
                & (pl.col("_to") != pl.col("_author")))
        .group_by("_author").agg(pl.col("_to").n_unique().alias("_n"))
        .filter(pl.col("_n") >= COMPANY_REPLIES_TO)["_author"]
    )
    return sorted(set(outbound.to_list()) | set(answering.to_list()))


def _addressee(company: list[str]) -> pl.Expr:
    """The customer a tweet belongs to: its author for a customer tweet; for a company tweet
    the author of the customer tweet it replies to, else the first @mention that is not the
    company (anonymised handles are @numbers), else null (the thread's customer)."""
    parent = pl.col("_pk")
    parent_author = pl.when(parent.is_not_null()).then(
        pl.col("_author").gather(parent.fill_null(0)))
    parent_inbound = pl.when(parent.is_not_null()).then(
        pl.col("_inbound").gather(parent.fill_null(0)))
    mention = (
        pl.col("_body").str.extract_all(r"@\w+")
        .list.eval(pl.element().str.slice(1).filter(~pl.element().str.slice(1).is_in(company)))
        .list.first()
    )
    return (pl.when(pl.col("_inbound")).then(pl.col("_author"))
            .when(parent_inbound.fill_null(False)).then(parent_author)
            .otherwise(mention))


def _thread_customers(nodes: pl.DataFrame) -> pl.DataFrame:
    """``_root`` -> ``customer_id`` for every thread."""
    order = [pl.col("_ts"), pl.col("_k")]
    root_author = nodes.filter(
        (pl.col("_k") == pl.col("_root")) & pl.col("_inbound")
    ).select("_root", pl.col("_author").alias("_c1"))
    first_inbound = (
        nodes.filter(pl.col("_inbound") & pl.col("_author").is_not_null())
        .sort(order, nulls_last=True)
        .group_by("_root", maintain_order=True)
        .agg(pl.col("_author").first().alias("_c2"))
    )
    mentions = (
        nodes.filter(~pl.col("_inbound"))
        .with_columns(pl.col("_body").str.extract(r"@(\w+)", 1).alias("_mention"))
        .filter(pl.col("_mention").is_not_null() & (pl.col("_mention") != pl.col("_author")))
        .sort(order, nulls_last=True)
        .group_by("_root", maintain_order=True)
        .agg(pl.col("_mention").first().alias("_c3"))
    )
    return (
        nodes.select(pl.col("_root").unique())
        .join(root_author, on="_root", how="left")
        .join(first_inbound, on="_root", how="left")
        .join(mentions, on="_root", how="left")
        .select("_root", pl.coalesce(["_c1", "_c2", "_c3"]).alias("customer_id"))
    )


# --- ticket_rows -------------------------------------------------------------------------------


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


TRANSFORMS: dict[str, Transform] = {
    "twitter_threads": twitter_threads,
    "ticket_rows": ticket_rows,
    "helpdesk_comments": helpdesk_comments,
}
"""Built-in transforms by name."""


@cache
def _installed() -> dict[str, Transform]:
    found: dict[str, Transform] = {}
    for ep in entry_points(group=TRANSFORM_GROUP):
        try:
            obj = ep.load()
        except Exception:  # a broken plugin must not break reading
            continue
        if callable(obj):
            found[ep.name] = obj
    return found


def _vendor() -> dict[str, Transform]:
    from cx_rules.io.vendors import VENDOR_TRANSFORMS  # they build on this module's helpers

    return VENDOR_TRANSFORMS


def get_transform(name: str) -> Transform | None:
    """A built-in transform (the generic ones here, the help-desk vendors' in
    :mod:`cx_rules.io.vendors`), or one installed through the ``cx_rules.transforms`` group."""
    return TRANSFORMS.get(name) or _vendor().get(name) or _installed().get(name)


def transform_names() -> list[str]:
    """Every known transform name."""
    return sorted({*TRANSFORMS, *_vendor(), *_installed()})
