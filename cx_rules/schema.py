"""Polars schemas of the canonical frames that flow between io, engine and outputs.

The interaction and customer schemas are derived from the pydantic models (through
:mod:`cx_rules.models.record`), never written out a second time.
"""

from __future__ import annotations

import polars as pl

from cx_rules.models.record import (
    CUSTOMER_FIELDS,
    INTERACTION_FIELDS,
    OPTIONAL_INTERACTION_FIELDS,
    REQUIRED_INTERACTION_FIELDS,
    RecordField,
    ValueKind,
)

UTC_TS = pl.Datetime("us", "UTC")
CLAIMS = pl.List(pl.Struct({"key": pl.String, "value": pl.String}))

_DTYPES: dict[ValueKind, pl.DataType] = {
    "text": pl.String(), "label": pl.String(), "enum": pl.String(), "timestamp": UTC_TS,
    "number": pl.Float64(), "flag": pl.Boolean(), "map": CLAIMS, "list": pl.List(pl.String),
}
"""The polars dtype of each value kind (a map is a list of key/value structs: polars has no
map type, and the list keeps the claims of a row in one column)."""


def polars_schema(fields: tuple[RecordField, ...]) -> dict[str, pl.DataType]:
    """The polars schema of a record's fields, in declaration order."""
    return {f.name: _DTYPES[f.kind] for f in fields}


INTERACTION_SCHEMA: dict[str, pl.DataType] = polars_schema(INTERACTION_FIELDS)
"""The canonical interaction record (DESIGN.md section 2), from
:class:`~cx_rules.models.Interaction`."""

SOURCE_COLUMNS: dict[str, pl.DataType] = {"_source": pl.String(), "_row": pl.Int64()}
"""Where each row came from: file name and 1-based data row number (for error locations)."""

CUSTOMER_SCHEMA: dict[str, pl.DataType] = polars_schema(CUSTOMER_FIELDS)
"""The customer profiles, from :class:`~cx_rules.models.CustomerProfile`."""

VIOLATION_CORE_SCHEMA: dict[str, pl.DataType] = {
    "case_id": pl.String(),
    "customer_id": pl.String(),
    "interaction_ids": pl.List(pl.String),
    "timestamp": UTC_TS,
    "observed": pl.String(),
    "limit": pl.String(),
    "message": pl.String(),
    "message_id": pl.String(),
    "message_args": pl.List(pl.String),
}
"""What every rule kind's plan must return, one row per violation. ``message`` is the English
text; ``message_id`` (its catalogue template, null for a text of the ruleset's own) and
``message_args`` (the template's values in field order) let a report render it in another
language (:mod:`cx_rules.messages`). A plan gives ``message`` as a
:meth:`cx_rules.messages.Message.expr` struct, or as plain text, and :func:`violation_rows`
makes the three columns."""

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

CONTEXT_REASON = "context: "
"""How a reject's reason starts when its row is not an interaction but was read for what it
says about them (a ticket row read through its comments, a user's role, a field change, the
help desk's own SLA events): counted apart from real rejects, listed with them."""


def context_reason(reason: str) -> str:
    """The reason of a row read as context, not an interaction."""
    return CONTEXT_REASON + reason


REJECT_SCHEMA: dict[str, pl.DataType] = {
    "source": pl.String(),
    "row": pl.Int64(),
    "interaction_id": pl.String(),
    "reason": pl.String(),
}


__all__ = [
    "CLAIMS",
    "CONTEXT_REASON",
    "CUSTOMER_SCHEMA",
    "INTERACTION_SCHEMA",
    "OPTIONAL_INTERACTION_FIELDS",
    "REJECT_SCHEMA",
    "REQUIRED_INTERACTION_FIELDS",
    "SOURCE_COLUMNS",
    "UTC_TS",
    "VIOLATION_CORE_SCHEMA",
    "VIOLATION_SCHEMA",
    "context_reason",
    "empty_frame",
    "polars_schema",
]


def empty_frame(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """An empty DataFrame with the given schema."""
    return pl.DataFrame(schema=schema)
