"""Plain JSON documents (.json): an array of records, or an object wrapping them."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cx_rules.errors import InputError
from cx_rules.io import Limits, load_interactions
from cx_rules.io.readers import read_raw

ROWS = [
    {"interaction_id": "1", "case_id": "C1", "customer_id": "u1", "channel": "email",
     "direction": "inbound", "actor": "customer", "timestamp": "2026-04-03T09:00:00Z",
     "text": "Здравствуйте, где мой заказ?"},
    {"interaction_id": "2", "case_id": "C1", "customer_id": "u1", "channel": "email",
     "direction": "outbound", "actor": "agent", "timestamp": "2026-04-03T09:30:00Z",
     "text": "Sifarişiniz yoldadır.", "agent_id": "a1"},  # noqa: RUF001
]


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


@pytest.mark.parametrize("wrap", [
    lambda rows: rows,
    lambda rows: {"ticket_events": rows, "next_page": None, "count": 2, "end_of_stream": True},
    lambda rows: {"type": "conversation.list", "conversations": rows, "pages": {"page": 1}},
    lambda rows: {"records": rows, "totalSize": 2, "done": True},
])
def test_array_or_wrapped_records_are_read(tmp_path: Path, wrap: object) -> None:
    log = load_interactions(write(tmp_path / "log.json", wrap(ROWS)))  # type: ignore[operator]
    assert log.rows_read == 2 and log.rejects.height == 0
    assert log.interactions["text"].to_list() == [r["text"] for r in ROWS]


def test_one_object_with_an_id_is_one_record(tmp_path: Path) -> None:
    record = {**ROWS[0], "id": 7, "tags": ["a", "b"]}
    log = load_interactions(write(tmp_path / "one.json", record))
    assert log.rows_read == 1 and log.interactions["interaction_id"].to_list() == ["1"]


def test_json_lines_in_a_json_file_are_still_read(tmp_path: Path) -> None:
    path = tmp_path / "lines.json"
    path.write_text("".join(json.dumps(r) + "\n" for r in ROWS) + "not json\n",
                    encoding="utf-8")
    log = load_interactions(path)
    assert log.rows_read == 3 and log.interactions.height == 2
    assert log.rejects["reason"].to_list() == ["line is not valid JSON"]


def test_a_record_that_is_not_an_object_is_rejected(tmp_path: Path) -> None:
    log = load_interactions(write(tmp_path / "mixed.json", [ROWS[0], 5, "x", ROWS[1]]))
    assert log.rows_read == 4
    assert log.rejects.select("row", "reason").rows() == [
        (2, "record is a JSON number, not an object"),
        (3, "record is a JSON string, not an object")]


@pytest.mark.parametrize("text, message", [
    ('[\n  {"a": 1},\n  {"a": 2\n]\n', r"log.json: line 4, column 1: not valid JSON"),
    ('{"records": [{"a": 1}, ]}', r"log.json: line 1, column 24: not valid JSON"),
    ("[]", "the JSON array is empty"),
    ('{"ticket_events": [], "count": 0}', "holds no records .'ticket_events' is empty"),
    ('{"a": [{"x": 1}], "b": [{"y": 2}]}', "several lists .'a', 'b'."),
    ("hello", "is not JSON: it starts with 'h'"),
])
def test_broken_documents_are_clear_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "log.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_raw(path)


def test_document_size_is_bounded(tmp_path: Path) -> None:
    path = write(tmp_path / "big.json", ROWS * 50)
    with pytest.raises(InputError, match=r"JSON document; at most 1 KiB are parsed"):
        read_raw(path, limits=Limits(max_document_bytes=1024))


values = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
    st.dictionaries(st.sampled_from(["id", "type", "body"]), st.integers(0, 99) | st.text(max_size=5),
                    max_size=3),
    st.lists(st.integers(0, 9), max_size=3),
    st.lists(st.fixed_dictionaries({"id": st.integers(0, 9), "public": st.booleans()}), max_size=2),
)
records = st.lists(st.dictionaries(st.sampled_from(["id", "ticket_id", "via", "body", "author",
                                                    "child_events", "n"]), values, min_size=1),
                   min_size=1, max_size=8)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=records, wrapped=st.booleans())
def test_json_document_and_json_lines_give_the_same_frame(
        tmp_path_factory: pytest.TempPathFactory, rows: list[dict[str, object]],
        wrapped: bool) -> None:
    folder = tmp_path_factory.mktemp("same")
    lines = folder / "log.jsonl"
    lines.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                     encoding="utf-8")
    doc = write(folder / "log.json", {"ticket_events": rows, "count": len(rows)} if wrapped
                else rows)
    a = read_raw(lines).drop("_source").collect()
    b = read_raw(doc).drop("_source").collect()
    assert a.columns == b.columns
    assert a.to_dicts() == b.to_dicts()
    assert a.height == len(rows)
    assert all(t == pl.String for n, t in b.schema.items() if n != "_row")
