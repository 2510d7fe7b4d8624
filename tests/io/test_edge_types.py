"""Types checked at the edge: a column or value of the wrong type is converted with a warning
that says so, or its row is rejected with the reason; never read silently as something else."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cx_rules.errors import InputError
from cx_rules.io import load_interactions
from cx_rules.streaming.events import canonical_event

T0 = datetime(2026, 1, 5, 9, tzinfo=UTC)
NOW = datetime(2026, 2, 1, tzinfo=UTC)


def columns(**over: list[Any]) -> dict[str, list[Any]]:
    base: dict[str, list[Any]] = {
        "interaction_id": ["1", "2", "3"], "case_id": ["c1", "c1", "c2"],
        "customer_id": ["u1", "u1", "u2"],
        "timestamp": [T0, T0 + timedelta(minutes=30), T0 + timedelta(hours=1)],
        "channel": ["chat"] * 3, "direction": ["inbound", "outbound", "inbound"],
        "actor": ["customer", "agent", "customer"], "text": ["hi", "hello", "x"]}
    base.update(over)
    return base


def parquet(tmp_path: Path, **over: list[Any]) -> Path:
    path = tmp_path / "log.parquet"
    pl.DataFrame(columns(**over)).write_parquet(path)
    return path


def reasons(log: Any) -> list[str]:
    return [str(r) for r in log.rejects["reason"]]


def test_integer_ids_are_read_as_their_digits_with_a_warning(tmp_path: Path) -> None:
    log = load_interactions(parquet(tmp_path, case_id=[10, 10, 2**62]), now=NOW)
    assert log.interactions["case_id"].to_list() == ["10", "10", str(2**62)]
    assert any("case_id: column 'case_id' holds integers (Int64), read as their digits" in w
               for w in log.warnings)


def test_float_ids_whole_are_read_fractional_rejected(tmp_path: Path) -> None:
    log = load_interactions(parquet(tmp_path, customer_id=[119242.0, None, 1.5]), now=NOW)
    assert log.interactions["customer_id"].to_list() == ["119242"]
    assert reasons(log) == ["customer_id: missing",
                            "customer_id: '1.5' is not text or a whole number"]
    assert log.rows_read == log.interactions.height + log.rejects.height
    assert any("floating-point numbers (Float64)" in w for w in log.warnings)


def test_boolean_ids_are_rejected_per_row(tmp_path: Path) -> None:
    log = load_interactions(parquet(tmp_path, customer_id=[True, False, None]), now=NOW)
    assert log.interactions.height == 0
    assert reasons(log) == ["customer_id: a boolean (true/false), not text"] * 2 \
        + ["customer_id: missing"]


@pytest.mark.parametrize(("value", "reason"), [
    ([{"a": 1}, {"a": 2}, None], "text: a JSON object, not text"),
    ([["a"], [], None], "text: a list, not text"),
])
def test_nested_text_in_parquet_is_rejected(tmp_path: Path, value: list[Any],
                                            reason: str) -> None:
    log = load_interactions(parquet(tmp_path, text=value), now=NOW)
    assert reasons(log) == [reason, reason]
    assert log.interactions["interaction_id"].to_list() == ["3"]  # a missing text is fine


def test_integer_timestamps_are_epoch_time_and_say_so(tmp_path: Path) -> None:
    seconds = [int(T0.timestamp()) + 60 * m for m in (0, 30, 60)]
    log = load_interactions(parquet(tmp_path, timestamp=[s * 1000 for s in seconds]), now=NOW)
    assert log.interactions["timestamp"].to_list() == [
        T0, T0 + timedelta(minutes=30), T0 + timedelta(hours=1)]
    assert any("timestamp: column 'timestamp' holds numbers (Int64), read as Unix epoch time"
               in w for w in log.warnings)


def write_jsonl(tmp_path: Path, records: list[dict[str, Any]]) -> Path:
    path = tmp_path / "log.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def records(**over: list[Any]) -> list[dict[str, Any]]:
    cols = columns(**over)
    cols["timestamp"] = [t.isoformat() if isinstance(t, datetime) else t
                         for t in cols["timestamp"]]
    return [dict(zip(cols, values, strict=True)) for values in zip(*cols.values(), strict=True)]


def test_json_objects_lists_and_booleans_in_ids_or_text_are_rejected(tmp_path: Path) -> None:
    rows = records(text=["hi", {"body": "hello"}, "ok"], case_id=["c1", "c1", ["c2"]])
    log = load_interactions(write_jsonl(tmp_path, rows), now=NOW)
    assert reasons(log) == ["text: a JSON object, not text",
                            "case_id: a JSON list, not text"]
    assert log.interactions["interaction_id"].to_list() == ["1"]
    rows = records(customer_id=[True, True, False])
    log = load_interactions(write_jsonl(tmp_path, rows), now=NOW)
    assert reasons(log) == ["customer_id: a boolean (true/false), not text"] * 3


def test_text_that_only_looks_like_json_is_text(tmp_path: Path) -> None:
    rows = records(text=["[URGENT] my order", "{not json", "[1, 2"])
    log = load_interactions(write_jsonl(tmp_path, rows), now=NOW)
    assert log.rejects.height == 0
    assert log.interactions["text"].to_list() == ["[URGENT] my order", "{not json", "[1, 2"]


def test_a_list_of_tags_still_makes_a_topic(tmp_path: Path) -> None:
    rows = [{**r, "topic": ["billing", "refund"]} for r in records()]
    log = load_interactions(write_jsonl(tmp_path, rows), now=NOW)
    assert log.rejects.height == 0
    assert set(log.interactions["topic"]) == {"billing;refund"}


@pytest.mark.parametrize(("field", "value", "message"), [
    ("text", {"a": 1}, "a JSON object, not text"),
    ("case_id", ["c"], "a JSON list, not text"),
    ("customer_id", True, "a boolean (true/false), not text"),
])
def test_a_streamed_event_of_the_wrong_type_names_the_field(field: str, value: Any,
                                                           message: str) -> None:
    event = {**records()[0], field: value}
    with pytest.raises(InputError) as info:
        canonical_event(event, now=NOW)
    assert info.value.field == field
    assert message in str(info.value)


def test_control_characters_in_text_are_reported_with_their_rows(tmp_path: Path) -> None:
    log = load_interactions(parquet(tmp_path, text=["a\x00b", "tab\tand\nnewline", "\x1b[2J"]),
                            now=NOW)
    assert log.interactions.height == 3  # kept as written: rules may need the text
    notes = [w for w in log.warnings if "control characters" in w]
    assert len(notes) == 1
    assert "text: 2 row(s)" in notes[0] and "row 1, 3" in notes[0]


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner,
                                                                max_size=3),
    max_leaves=6)


@given(st.lists(JSON_VALUES, min_size=1, max_size=8))
def test_any_json_value_as_text_is_evaluated_or_rejected(values: list[Any]) -> None:
    import tempfile

    rows = [{**records()[0], "interaction_id": str(i), "text": v} for i, v in enumerate(values)]
    with tempfile.TemporaryDirectory() as folder:
        log = load_interactions(write_jsonl(Path(folder), rows), now=NOW)
    assert log.rows_read == len(values) == log.interactions.height + log.rejects.height
    kept = dict(zip(log.interactions["interaction_id"], log.interactions["text"], strict=True))
    for i, v in enumerate(values):
        if isinstance(v, dict | list):
            assert str(i) not in kept, (v, reasons(log))
        elif isinstance(v, bool):  # rejected, or (among strings) read as the word
            assert kept.get(str(i), str(v).lower()) == str(v).lower()
        else:
            assert str(i) in kept, (v, reasons(log))
