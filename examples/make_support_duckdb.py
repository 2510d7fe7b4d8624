"""Build examples/support.duckdb: a small help desk in the Fivetran Zendesk schema.

The tables are the CSV files in examples/fivetran_zendesk/ (written after the connector's
published column documentation: ticket, ticket_comment, user, ticket_field_history,
schedule, schedule_holiday, sla_policy_history, sla_policy_metric_history) plus
zendesk__sla_policies, the SLA verdicts the dbt package fivetran/dbt_zendesk computes. Column
types are the warehouse's (ids BIGINT, times TIMESTAMP in UTC, flags BOOLEAN), as Fivetran
loads them. Run it from the repository's root::

    python examples/make_support_duckdb.py          # -> examples/support.duckdb
    python examples/make_support_duckdb.py out.duckdb
"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

HERE = Path(__file__).resolve().parent
TABLES = HERE / "fivetran_zendesk"
TIMES = {"created_at", "updated_at", "created", "updated", "sla_policy_updated_at",
         "sla_applied_at", "sla_breach_at"}
DATES = {"start_date", "end_date"}
FLAGS = {"public", "active", "business_hours", "in_business_hours", "is_active_sla",
         "is_sla_breach"}
INTEGERS = {"id", "ticket_id", "user_id", "requester_id", "submitter_id", "assignee_id",
            "group_id", "schedule_id", "sla_policy_id", "start_time", "end_time", "target",
            "position", "sla_elapsed_time"}


def _typed(table: str, frame: pl.DataFrame) -> pl.DataFrame:
    def cast(name: str) -> pl.Expr:
        col = pl.col(name)
        if name in TIMES:
            return col.str.to_datetime("%Y-%m-%d %H:%M:%S", time_unit="us")
        if name in DATES:
            return col.str.to_date("%Y-%m-%d")
        if name in FLAGS:
            return col == "true"
        if name in INTEGERS and not (table == "zendesk__sla_policies" and name == "id"):
            return col.cast(pl.Int64)
        return col

    return frame.select(cast(c) for c in frame.columns)


def tables() -> dict[str, pl.DataFrame]:
    """Every table, typed, by name."""
    return {p.stem: _typed(p.stem, pl.read_csv(p, infer_schema=False))
            for p in sorted(TABLES.glob("*.csv"))}


def build(target: Path) -> Path:
    import duckdb

    target.unlink(missing_ok=True)
    con = duckdb.connect(str(target))
    try:
        for name, frame in tables().items():
            con.register("frame_view", frame.to_arrow())
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM frame_view')
            con.unregister("frame_view")
    finally:
        con.close()
    return target


if __name__ == "__main__":
    out = build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "support.duckdb")
    print(f"wrote {out}")
