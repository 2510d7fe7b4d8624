"""ServiceNow incident audit log: one row per change of an incident."""

from __future__ import annotations

import warnings

import polars as pl

from cx_rules.io.parsing import clean_text
from cx_rules.io.transform_base import InputWarning, id_text, need_columns
from cx_rules.io.vendors.common import lower, order_time

_EVENT_COLUMNS = ("interaction_id", "case_id", "direction", "actor", "agent_id", "timestamp")
_MAX_EXAMPLES = 5


def servicenow_audit(raw: pl.LazyFrame) -> pl.LazyFrame:
    """ServiceNow incident audit rows (``number``, ``incident_state``, ``sys_mod_count``,
    ``sys_updated_at``, ``opened_at``, ``assigned_to`` ...) -> one event per row.

    ``interaction_id`` is ``NUMBER:sys_mod_count`` (``NUMBER:rowN`` where the count is
    missing); ``case_id`` the incident number. The incident's creation row (``sys_mod_count``
    0; without a count, a first row in state New) is the caller's request: inbound, customer,
    at ``opened_at`` (else ``sys_updated_at``). Every later row is a change made on the
    incident: outbound, agent, ``agent_id`` = ``assigned_to`` (who holds it after the
    change), at ``sys_updated_at``; its ``incident_state`` is the status after that event.
    An incident whose creation row is not in the file (a partial or sampled log) has no
    inbound event, so no first response is measured for it (one warning names them).
    """
    names = raw.collect_schema().names()
    need_columns(names, ("number", "incident_state", "sys_updated_at"), "servicenow_audit")
    has = set(names)

    def col(name: str) -> pl.Expr:
        return clean_text(pl.col(name)) if name in has else pl.lit(None, pl.String)

    df = raw.collect().drop([c for c in _EVENT_COLUMNS if c in names])
    number = id_text(pl.col("number"))
    count = col("sys_mod_count")
    numeric = count.str.contains(r"^\d+$").fill_null(False)
    work = df.with_columns(
        number.alias("__cx_n"),
        pl.when(numeric).then(count.cast(pl.Int64, strict=False)).alias("__cx_k"),
        order_time(pl.col("sys_updated_at")).alias("__cx_t"),
    )
    # position of each row within its incident, in (count, time, row) order
    order = (pl.int_range(pl.len()) + 1).over("__cx_n", order_by=["__cx_k", "__cx_t", "_row"],
                                               nulls_last=True)
    work = work.with_columns(order.alias("__cx_o"))
    creation = pl.when(pl.col("__cx_k").is_not_null()).then(pl.col("__cx_k") == 0).otherwise(
        (pl.col("__cx_o") == 1) & (lower(pl.col("incident_state")) == "new")).fill_null(False)
    work = work.with_columns(creation.alias("__cx_c"))
    # at most one creation row per incident: the first one
    work = work.with_columns((pl.col("__cx_c") & (
        pl.col("__cx_o") == pl.col("__cx_o").filter(pl.col("__cx_c")).min().over("__cx_n")
    )).fill_null(False).alias("__cx_c"))
    _warn_partial(work)
    c = pl.col("__cx_c")
    out = work.with_columns(
        pl.when(pl.col("__cx_k").is_not_null())
        .then(pl.col("__cx_n") + pl.lit(":") + pl.col("__cx_k").cast(pl.String))
        .otherwise(pl.col("__cx_n") + pl.lit(":row") + pl.col("_row").cast(pl.String))
        .alias("interaction_id"),
        pl.col("__cx_n").alias("case_id"),
        pl.when(c).then(pl.lit("inbound")).otherwise(pl.lit("outbound")).alias("direction"),
        pl.when(c).then(pl.lit("customer")).otherwise(pl.lit("agent")).alias("actor"),
        pl.when(~c).then(col("assigned_to")).alias("agent_id"),
        pl.when(c).then(pl.coalesce([col("opened_at"), col("sys_updated_at")]))
        .otherwise(col("sys_updated_at")).alias("timestamp"),
    )
    return out.drop("__cx_n", "__cx_k", "__cx_t", "__cx_o", "__cx_c").lazy()


def _warn_partial(work: pl.DataFrame) -> None:
    without = (work.filter(pl.col("__cx_n").is_not_null())
               .group_by("__cx_n", maintain_order=True).agg(pl.col("__cx_c").any())
               .filter(~pl.col("__cx_c"))["__cx_n"])
    if without.len():
        shown = ", ".join(without.head(_MAX_EXAMPLES).to_list())
        warnings.warn(InputWarning(
            f"{without.len()} incident(s) have no creation row (sys_mod_count 0) in the file "
            f"(e.g. {shown}): a partial audit log; they have no inbound request, so no first "
            "response is measured for them"), stacklevel=3)
