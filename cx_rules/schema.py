"""Polars schemas of the canonical frames that flow between io, engine and outputs."""

from __future__ import annotations

import polars as pl

UTC_TS = pl.Datetime("us", "UTC")
CLAIMS = pl.List(pl.Struct({"key": pl.String, "value": pl.String}))

INTERACTION_SCHEMA: dict[str, pl.DataType] = {
    "interaction_id": pl.String(),
    "case_id": pl.String(),
    "customer_id": pl.String(),
    "timestamp": UTC_TS,
    "channel": pl.String(),
    "direction": pl.String(),
    "actor": pl.String(),
    "agent_id": pl.String(),
    "text": pl.String(),
    "topic": pl.String(),
    "priority": pl.String(),
    "status": pl.String(),
    "purpose": pl.String(),
    "claims": CLAIMS,
    "promise_due": UTC_TS,
    "csat": pl.Float64(),
    "sentiment": pl.Float64(),
    "identity_verified": pl.Boolean(),
    "reply_not_in_log": pl.Boolean(),
}
"""The canonical interaction record (DESIGN.md section 2)."""

REQUIRED_INTERACTION_FIELDS: tuple[str, ...] = (
    "interaction_id",
    "case_id",
    "customer_id",
    "timestamp",
    "channel",
    "direction",
    "actor",
)

OPTIONAL_INTERACTION_FIELDS: tuple[str, ...] = tuple(
    name for name in INTERACTION_SCHEMA if name not in REQUIRED_INTERACTION_FIELDS)
"""The fields a log may lack: a rule that needs one cannot apply to a log without it."""

SOURCE_COLUMNS: dict[str, pl.DataType] = {"_source": pl.String(), "_row": pl.Int64()}
"""Where each row came from: file name and 1-based data row number (for error locations)."""

CUSTOMER_SCHEMA: dict[str, pl.DataType] = {
    "customer_id": pl.String(),
    "name": pl.String(),
    "tier": pl.String(),
    "segment": pl.String(),
    "preferred_channel": pl.String(),
    "language": pl.String(),
    "timezone": pl.String(),
    "quiet_hours": pl.String(),
    "marketing_consent": pl.Boolean(),
    "opted_out_channels": pl.List(pl.String),
    "lifetime_value": pl.Float64(),
}

VIOLATION_CORE_SCHEMA: dict[str, pl.DataType] = {
    "case_id": pl.String(),
    "customer_id": pl.String(),
    "interaction_ids": pl.List(pl.String),
    "timestamp": UTC_TS,
    "observed": pl.String(),
    "limit": pl.String(),
    "message": pl.String(),
}
"""What every rule kind's plan must return, one row per violation."""

VIOLATION_SCHEMA: dict[str, pl.DataType] = {
    "rule_id": pl.String(),
    "ruleset": pl.String(),
    "ruleset_version": pl.String(),
    "kind": pl.String(),
    "category": pl.String(),
    "severity": pl.String(),
    **VIOLATION_CORE_SCHEMA,
    "action_id": pl.String(),
    "action_priority": pl.Int64(),
}

REJECT_SCHEMA: dict[str, pl.DataType] = {
    "source": pl.String(),
    "row": pl.Int64(),
    "interaction_id": pl.String(),
    "reason": pl.String(),
}


def empty_frame(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """An empty DataFrame with the given schema."""
    return pl.DataFrame(schema=schema)
