"""Declarative mapping features for vendor exports: null tokens, vendor timestamp formats,
vendor labels in value tables, nested JSON paths and column renames."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cx_rules.errors import InputError
from cx_rules.io import load_interactions
from cx_rules.io.mapping import Mapping, load_mapping

BASE = {"name": "t", "constants": {"direction": "inbound", "actor": "customer"}}


def mapping(**extra: object) -> Mapping:
    return Mapping.model_validate({**BASE, **extra})


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_null_values_make_vendor_tokens_missing(tmp_path: Path) -> None:
    log = write_csv(tmp_path / "a.csv",
                    "id,case,cust,ch,at,prio\n"
                    "1,C1,u1,email,2026-04-03T09:00:00Z,?\n"
                    "2,C1,?,email,2026-04-03T09:01:00Z,high\n"
                    "3,C1, NULL ,email,2026-04-03T09:02:00Z,low\n")
    m = mapping(null_values=["?", "NULL"], columns={
        "interaction_id": "id", "case_id": "case", "customer_id": "cust", "channel": "ch",
        "timestamp": "at", "priority": "prio"})
    result = load_interactions(log, m)
    assert result.interactions["interaction_id"].to_list() == ["1"]
    assert result.interactions["priority"].to_list() == [None]  # '?' is missing, not a value
    assert result.rejects["reason"].to_list() == ["customer_id: missing"] * 2
    assert result.rows_read == 3


@pytest.mark.parametrize("text, expected", [
    ("03-04-2026 09:05:07", datetime(2026, 4, 3, 7, 5, 7, tzinfo=UTC)),
    ("03-04-2026 09:05", datetime(2026, 4, 3, 7, 5, tzinfo=UTC)),
    ("3-4-2026 9:05", datetime(2026, 4, 3, 7, 5, tzinfo=UTC)),
    ("2026-04-03 09:05:00", datetime(2026, 4, 3, 7, 5, tzinfo=UTC)),  # ISO still read
])
def test_day_first_naive_formats_use_assume_tz(tmp_path: Path, text: str,
                                               expected: datetime) -> None:
    log = write_csv(tmp_path / "a.csv", f"interaction_id,case_id,customer_id,channel,t\n"
                                        f"1,C1,u1,email,{text}\n")
    m = mapping(columns={"timestamp": "t"},
                timestamp_formats=["%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M"])
    berlin = load_interactions(log, m, "Europe/Berlin")
    assert berlin.interactions["timestamp"].to_list() == [expected]
    # a format without an offset is naive: never silently UTC
    naive = load_interactions(log, m)
    assert naive.interactions.height == 0
    assert "has no UTC offset" in naive.rejects["reason"][0]


def test_a_format_with_an_offset_needs_no_assume_tz(tmp_path: Path) -> None:
    log = write_csv(tmp_path / "a.csv", "interaction_id,case_id,customer_id,channel,t\n"
                                        "1,C1,u1,email,03.04.2026 09:05 +0200\n")
    m = mapping(columns={"timestamp": "t"}, timestamp_formats=["%d.%m.%Y %H:%M %z"])
    got = load_interactions(log, m).interactions["timestamp"].to_list()
    assert got == [datetime(2026, 4, 3, 7, 5, tzinfo=UTC)]


@pytest.mark.parametrize("formats, message", [
    (["%d-%m-%Q"], "unknown directive '%Q'"),
    (["%d %H:%M"], "has no year"),
])
def test_bad_timestamp_formats_name_the_field(tmp_path: Path, formats: list[str],
                                              message: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(f"name: t\ntimestamp_formats: {json.dumps(formats)}\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_mapping(path)
    assert "timestamp_formats.0" in str(caught.value) and message in str(caught.value)
    assert str(path) in str(caught.value)


def test_vendor_labels_in_value_tables(tmp_path: Path) -> None:
    log = write_csv(tmp_path / "a.csv",
                    "interaction_id,case_id,customer_id,channel,timestamp,priority,status\n"
                    "1,C1,u1,email,2026-04-03T09:00:00Z,1 - Critical,Awaiting User Info\n"
                    "2,C1,u1,email,2026-04-03T09:01:00Z, 2 - HIGH ,Resolved\n"
                    "3,C1,u1,email,2026-04-03T09:02:00Z,9 - Whatever,Closed\n")
    m = mapping(values={
        "priority": {"1 - Critical": "urgent", "2 - High": "high"},
        "status": {"Awaiting User Info": "pending", "Resolved": "resolved"}})
    result = load_interactions(log, m)
    assert result.interactions["priority"].to_list() == ["urgent", "high"]
    assert result.interactions["status"].to_list() == ["pending", "resolved"]
    assert "priority: unknown value '9 - whatever'" in result.rejects["reason"][0]


def test_nested_json_paths_in_columns(tmp_path: Path) -> None:
    rows = [
        {"id": 1, "ticket": "T1", "author": {"id": 55, "role": "end-user"},
         "via": {"channel": "email", "source": {"from": {"address": "a@example.com"}}},
         "at": "2026-04-03T09:00:00Z", "tags": [{"name": "billing"}]},
        {"id": 2, "ticket": "T1", "author": {"id": "?"}, "via": {"channel": "chat"},
         "at": "2026-04-03T09:01:00Z"},
        {"id": 3, "ticket": "T1", "author": None, "via": "not an object",
         "at": "2026-04-03T09:02:00Z"},
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    m = mapping(null_values=["?"], columns={
        "interaction_id": "id", "case_id": "ticket", "customer_id": "author.id",
        "channel": "via.channel", "timestamp": "at", "topic": "tags.0.name"})
    result = load_interactions(path, m)
    df = result.interactions
    assert df["customer_id"].to_list() == ["55"]
    assert df["channel"].to_list() == ["email"]
    assert df["topic"].to_list() == ["billing"]
    assert result.rejects["reason"].to_list() == [
        "customer_id: missing", "channel: missing; customer_id: missing"]


def test_a_flattened_column_named_like_a_path_wins(tmp_path: Path) -> None:
    log = write_csv(tmp_path / "a.csv",
                    'interaction_id,case_id,customer_id,timestamp,via,via.channel\n'
                    '1,C1,u1,2026-04-03T09:00:00Z,"{""channel"": ""chat""}",email\n')
    m = mapping(columns={"channel": "via.channel"})
    assert load_interactions(log, m).interactions["channel"].to_list() == ["email"]
    # and a JSON text cell in a CSV is read through the path when there is no such column
    log2 = write_csv(tmp_path / "b.csv",
                     'interaction_id,case_id,customer_id,timestamp,via\n'
                     '1,C1,u1,2026-04-03T09:00:00Z,"{""channel"": ""chat""}"\n')
    assert load_interactions(log2, m).interactions["channel"].to_list() == ["chat"]


def test_rename_runs_before_everything_else(tmp_path: Path) -> None:
    log = write_csv(tmp_path / "a.csv", "Ticket ID,Contact,Source,Created\n"
                                        "7,u1,Email,2026-04-03T09:00:00Z\n")
    m = mapping(rename={"Ticket ID": "case_id", "Contact": "customer_id", "Source": "channel",
                        "Created": "timestamp"}, columns={"interaction_id": "case_id"})
    df = load_interactions(log, m).interactions
    assert df.select("interaction_id", "case_id", "customer_id", "channel").row(0) == (
        "7", "7", "u1", "email")
    clash = mapping(rename={"Contact": "Source"})
    with pytest.raises(InputError, match=r"rename to 'Source'.*already has a column"):
        load_interactions(log, clash)
