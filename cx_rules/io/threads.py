"""``twitter_threads``: a tweet export (reply links between tweets) as one case per (thread,
customer), with company accounts told apart from customers and replies cut off by the export
marked (``reply_not_in_log``)."""

from __future__ import annotations

import warnings

import polars as pl

from cx_rules.io.parsing import clean_text
from cx_rules.io.transform_base import (
    MAX_EXAMPLES,
    TRUE_WORDS,
    InputWarning,
    add_problem,
    id_text,
    loose_timestamp,
    need_columns,
)


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
            (loose_timestamp(pl.col("created_at")) if "created_at" in has
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
        shown = ", ".join(self_replies["_id"].head(MAX_EXAMPLES).to_list())
        warnings.warn(InputWarning(
            f"{self_replies.height} tweet(s) reply to themselves (e.g. {shown}); each is "
            "treated as the root of its thread"), stacklevel=3)
    orphans = nodes.filter(pl.col("_parent").is_not_null() & pl.col("_pk").is_null()
                           & (pl.col("_parent") != pl.col("_id")))
    if orphans.height:
        shown = ", ".join(orphans["_id"].head(MAX_EXAMPLES).to_list())
        warnings.warn(InputWarning(
            f"{orphans.height} tweet(s) reply to a tweet that is not in the file (e.g. {shown}); "
            "each starts its thread (the earliest tweet present becomes the root)"),
            stacklevel=3)
    if cycles.any():
        looped = nodes.filter(cycles)
        roots = looped.select(pl.col("_root").unique(maintain_order=True))["_root"]
        shown = ", ".join(nodes["_id"].gather(roots.head(MAX_EXAMPLES)).to_list())
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
