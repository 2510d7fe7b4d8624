"""The pydantic models are the one definition of the record: everything else is read off them."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest
from pydantic import Field

from cx_rules.io import load_interactions
from cx_rules.models import Interaction
from cx_rules.models.record import (
    ENUMS,
    INTERACTION_FIELDS,
    OPTIONAL_INTERACTION_FIELDS,
    REQUIRED_INTERACTION_FIELDS,
    record_fields,
)
from cx_rules.schema import INTERACTION_SCHEMA, polars_schema
from cx_rules.streaming.events import canonical_event


def test_every_model_field_is_in_the_polars_schema_in_order() -> None:
    assert list(INTERACTION_SCHEMA) == list(Interaction.model_fields)
    assert set(REQUIRED_INTERACTION_FIELDS) | set(OPTIONAL_INTERACTION_FIELDS) == set(
        Interaction.model_fields)
    assert set(REQUIRED_INTERACTION_FIELDS) == {
        name for name, info in Interaction.model_fields.items() if info.is_required()}


def test_value_kinds_give_the_dtypes_the_engines_rely_on() -> None:
    assert INTERACTION_SCHEMA["timestamp"] == pl.Datetime("us", "UTC")
    assert INTERACTION_SCHEMA["promise_due"] == pl.Datetime("us", "UTC")
    assert INTERACTION_SCHEMA["csat"] == pl.Float64
    assert INTERACTION_SCHEMA["identity_verified"] == pl.Boolean
    assert INTERACTION_SCHEMA["claims"] == pl.List(
        pl.Struct({"key": pl.String, "value": pl.String}))
    assert ENUMS["channel"][0] == "email"
    assert "pending" in ENUMS["status"]


def test_every_field_has_a_description() -> None:
    missing = [f.name for f in INTERACTION_FIELDS if not f.description]
    assert missing == []


def _full_event() -> dict[str, object]:
    return {
        "interaction_id": "i1", "case_id": "c1", "customer_id": "u1",
        "timestamp": "2026-03-02T10:00:00Z", "channel": "chat", "direction": "outbound",
        "actor": "agent", "agent_id": "a1", "text": "hello", "topic": "billing",
        "priority": "high", "status": "pending", "purpose": "service",
        "claims": {"price": "10"}, "promise_due": "2026-03-03T10:00:00Z", "csat": 4.0,
        "sentiment": 0.5, "identity_verified": True, "reply_not_in_log": False, "sla_met": True, "sla_metrics": "first_reply",
        "queue_event": "queued", "event": "shipped",
    }


def test_streaming_and_batch_read_every_field_alike() -> None:
    event = _full_event()
    assert set(event) == set(Interaction.model_fields), "the fixture must cover every field"
    now = datetime(2026, 3, 4, tzinfo=UTC)
    streamed = canonical_event(event, now=now)
    log = load_interactions([event], now=now)
    assert log.rejects.height == 0
    batch = log.interactions.row(0, named=True)
    for name in Interaction.model_fields:
        value = batch[name]
        if isinstance(value, datetime):
            value = value.astimezone(UTC)
        assert streamed[name] == value, name
        assert value is not None, name


def test_a_new_field_on_a_model_derives_its_kind_and_dtype() -> None:
    class Extended(Interaction):
        queue: str | None = Field(default=None, json_schema_extra={"repeats": True},
                                  description="The help desk's queue.")
        wait_seconds: float | None = Field(default=None, description="Seconds in queue.")

    fields = {f.name: f for f in record_fields(Extended)}
    assert fields["queue"].kind == "label"
    assert fields["wait_seconds"].kind == "number"
    assert not fields["queue"].required
    assert polars_schema(record_fields(Extended))["wait_seconds"] == pl.Float64


def test_a_field_type_with_no_value_kind_is_refused() -> None:
    class Odd(Interaction):
        blob: bytes | None = None

    with pytest.raises(TypeError, match="blob"):
        record_fields(Odd)
