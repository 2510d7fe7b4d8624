"""Readers and normalization: every row is evaluated or rejected with file, row and reason."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cx_rules import evaluate, load_ruleset
from cx_rules.errors import InputError
from cx_rules.io import load_customers, load_interactions
from tests.strategies import BASE, interactions

HEADER = "interaction_id,case_id,customer_id,timestamp,channel,direction,actor,text,claims\n"


def write(tmp_path: Path, text: str | bytes, name: str = "log.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_good_rows_are_canonical(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER
                 + 'i1,c1,u1,2026-03-02T10:00:00+01:00,Chat,inbound,customer,hi,"{""price"": 10}"\n'
                 + "i2,c1,u1,2026-03-02T09:05:00Z,chat,outbound,agent,hello,\n")
    log = load_interactions(path)
    assert log.rows_read == 2 and log.rejects.is_empty()
    df = log.interactions
    assert df["timestamp"].dtype == pl.Datetime("us", "UTC")
    assert df["channel"].to_list() == ["chat", "chat"]
    assert df["claims"].to_list()[0] == [{"key": "price", "value": "10"}]
    assert str(df["timestamp"][0]) == "2026-03-02 09:00:00+00:00"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("i1,c1,u1,yesterday,chat,inbound,customer,,", "timestamp: cannot parse 'yesterday'"),
        ("i1,c1,u1,2026-03-02 10:00:00,chat,inbound,customer,,", "has no UTC offset"),
        ("i1,c1,u1,2026-03-02T10:00:00Z,fax,inbound,customer,,", "channel: unknown value 'fax'"),
        ("i1,c1,u1,2026-03-02T10:00:00Z,chat,sideways,customer,,", "direction: unknown value"),
        (",c1,u1,2026-03-02T10:00:00Z,chat,inbound,customer,,", "interaction_id: missing"),
        ("i1,c1,u1,2026-03-02T10:00:00Z,chat,inbound,customer,,[1]", "claims: not a JSON object"),
    ],
)
def test_bad_rows_are_rejected_with_reason(tmp_path: Path, line: str, reason: str) -> None:
    path = write(tmp_path, HEADER + "i0,c0,u0,2026-03-02T09:00:00Z,chat,inbound,customer,,\n"
                 + line + "\n")
    log = load_interactions(path)
    assert log.rows_read == 2
    assert log.interactions.height == 1
    assert log.rejects["row"].to_list() == [2]
    assert reason in log.rejects["reason"][0]
    assert log.rejects["source"][0] == str(path)


def test_assume_tz_accepts_naive_timestamps(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "i1,c1,u1,2026-03-02 10:00:00,chat,inbound,customer,,\n")
    log = load_interactions(path, assume_tz="Europe/Berlin")
    assert str(log.interactions["timestamp"][0]) == "2026-03-02 09:00:00+00:00"


def test_duplicate_ids_keep_the_first(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "i1,c1,u1,2026-03-02T10:00:00Z,chat,inbound,customer,a,\n"
                 + "i1,c1,u1,2026-03-02T10:01:00Z,chat,inbound,customer,b,\n")
    log = load_interactions(path)
    assert log.interactions["text"].to_list() == ["a"]
    assert "duplicate 'i1' (first at" in log.rejects["reason"][0]


def test_non_utf8_bytes_reject_only_that_row(tmp_path: Path) -> None:
    data = (HEADER + "i1,c1,u1,2026-03-02T10:00:00Z,chat,inbound,customer,ok,\n").encode()
    data += b"i2,c1,u1,2026-03-02T10:00:00Z,chat,inbound,customer,caf\xe9,\n"
    log = load_interactions(write(tmp_path, data))
    assert log.interactions["interaction_id"].to_list() == ["i1"]
    assert "not valid UTF-8" in log.rejects["reason"][0]


def test_missing_columns_and_empty_file_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing required column.*timestamp"):
        load_interactions(write(tmp_path, "interaction_id,case_id\n1,2\n"))
    with pytest.raises(InputError, match="empty"):
        load_interactions(write(tmp_path, "", "empty.csv"))
    with pytest.raises(InputError, match="no such file"):
        load_interactions(tmp_path / "nope.csv")


def test_jsonl_and_parquet_read_the_same(tmp_path: Path) -> None:
    rows = [
        {"interaction_id": "i1", "case_id": "c1", "customer_id": "u1",
         "timestamp": "2026-03-02T10:00:00+00:00", "channel": "email", "direction": "inbound",
         "actor": "customer", "claims": {"price": 10}, "csat": 4},
    ]
    jl = write(tmp_path, "\n".join(json.dumps(r) for r in rows) + "\n", "log.jsonl")
    a = load_interactions(jl).interactions
    pq = tmp_path / "log.parquet"
    a.drop("_source", "_row").write_parquet(pq)
    b = load_interactions(pq).interactions
    assert a.drop("_source").equals(b.drop("_source"))
    assert a["csat"].to_list() == [4.0]


def test_records_and_models_are_accepted() -> None:
    from datetime import UTC, datetime

    from cx_rules.models import Interaction

    item = Interaction(interaction_id="i1", case_id="c1", customer_id="u1",
                       timestamp=datetime(2026, 3, 2, tzinfo=UTC), channel="chat",
                       direction="inbound", actor="customer", claims={"price": "9"})
    log = load_interactions([item])
    assert log.interactions["claims"].to_list() == [[{"key": "price", "value": "9"}]]


def test_customers_are_validated(tmp_path: Path) -> None:
    path = write(tmp_path, "customer_id,timezone,quiet_hours,opted_out_channels,marketing_consent\n"
                 "u1,Europe/Berlin,21:00-08:00,sms;email,true\n"
                 "u2,Mars/Olympus,,,\n"
                 "u3,,25:00-08:00,,maybe\n", "customers.csv")
    table = load_customers(path)
    assert table.profiles["customer_id"].to_list() == ["u1"]
    assert table.profiles["opted_out_channels"].to_list() == [["sms", "email"]]
    reasons = table.rejects["reason"].to_list()
    assert "unknown time zone 'Mars/Olympus'" in reasons[0]
    assert "quiet_hours" in reasons[1] and "marketing_consent" in reasons[1]


CELL = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@given(st.lists(st.lists(CELL, min_size=9, max_size=9), min_size=1, max_size=8))
def test_any_csv_content_is_evaluated_or_rejected(tmp_path_factory: pytest.TempPathFactory,
                                                  cells: list[list[str]]) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "log.csv"
    pl.DataFrame(cells, schema=HEADER.strip().split(","), orient="row").write_csv(path)
    log = load_interactions(path)
    assert log.rows_read == len(cells)
    assert log.interactions.height + log.rejects.height == log.rows_read


def test_enum_lookup_path_matches_the_row_path(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Big frames parse enums once per distinct value; small ones row by row: same result."""
    import importlib

    normalize_module = importlib.import_module("cx_rules.io.fields")

    path = write(tmp_path, HEADER
                 + "i1,c1,u1,2026-03-02T10:00:00Z, Chat ,INBOUND,customer,,\n"
                 + "i2,c1,u1,2026-03-02T10:01:00Z,fax,outbound,agent,,\n"
                 + "i3,c1,u1,2026-03-02T10:02:00Z,,outbound,,,\n"
                 + "i4,c1,u1,2026-03-02T10:03:00Z,email,outbound,robot,,\n")
    small = load_interactions(path)
    monkeypatch.setattr(normalize_module, "SMALL_FRAME", 0)
    big = load_interactions(path)
    assert small.interactions.equals(big.interactions)
    assert small.rejects.equals(big.rejects)
    assert small.interactions["channel"].to_list() == ["chat"]
    assert big.rejects["reason"].to_list() == [
        "channel: unknown value 'fax' (expected one of email, chat, phone, sms, social, web, "
        "in_person, self_service, callback, virtual_assistant)",
        "channel: missing; actor: missing",
        "actor: unknown value 'robot' (expected one of customer, agent, bot, system)",
    ]


def test_a_frame_written_by_cx_rules_reads_back(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "i1,c1,u1,2026-03-02T10:00:00Z,chat,inbound,customer,hi,\n")
    first = load_interactions(path).interactions
    first.write_parquet(tmp_path / "again.parquet")  # with its _source and _row columns
    again = load_interactions(tmp_path / "again.parquet").interactions
    assert again.drop("_source").equals(first.drop("_source"))


# --- JSON lines with optional fields on some lines only -----------------------------------------

OPTIONAL_FIELDS = ["claims", "priority", "status", "promise_due", "csat", "sentiment",
                   "identity_verified", "purpose", "topic"]


def _json_value(name: str, value: object) -> object:
    if name == "claims" and value is not None:
        return {c["key"]: c["value"] for c in value}  # type: ignore[attr-defined]
    if hasattr(value, "isoformat"):
        return value.isoformat()  # type: ignore[union-attr]
    return value


SPARSE_RULESET = load_ruleset("cx-baseline@2.1.0")
"""The rules the sparse-JSONL property compares by (loaded once: this test is about reading
every line, and 2.1.0 reads no text, so each example costs a fraction of 2.2.0's)."""


@settings(max_examples=20)  # each example evaluates the whole baseline twice (~0.8 s)
@given(rows=interactions(max_cases=4, max_events=5), data=st.data())
@example(rows=[{"interaction_id": f"i{n}", "case_id": "c1", "customer_id": "u1",
                "timestamp": BASE + timedelta(minutes=n), "channel": "chat",
                "direction": "inbound" if n % 2 else "outbound",
                "actor": "customer" if n % 2 else "agent",
                "claims": [{"key": "price", "value": "10"}] if n in (3, 7) else None}
               for n in range(10)],
         data=None)  # the example: claims on 2 lines of 10
def test_sparse_jsonl_reads_every_line(tmp_path_factory: pytest.TempPathFactory,
                                       rows: list[dict[str, object]],
                                       data: st.DataObject | None) -> None:
    """Each line carries any subset of the optional fields (absent, or an explicit null):
    every line is evaluated, and the findings equal those of the same rows as dicts."""
    lines, records = [], []
    for row in rows:
        keep = set(OPTIONAL_FIELDS) if data is None else set(data.draw(
            st.sets(st.sampled_from(OPTIONAL_FIELDS)), label="fields"))
        line: dict[str, object] = {}
        for name, value in row.items():
            if name in OPTIONAL_FIELDS and (name not in keep or value is None):
                if data is not None and name in keep and data.draw(st.booleans(), label="null"):
                    line[name] = None  # an explicit null, not just an absent key
                continue
            line[name] = _json_value(name, value)
        lines.append(json.dumps(line, ensure_ascii=False))
        records.append({k: line.get(k) for k in row})
    path = tmp_path_factory.mktemp("sparse") / "log.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ruleset = SPARSE_RULESET
    from_file = evaluate(path, ruleset)
    from_dicts = evaluate(records, ruleset)
    s = from_file.summary
    assert s.rows_read == len(rows) == s.rows_evaluated + s.rows_rejected
    assert s.rows_rejected == 0, from_file.rejects.to_dicts()
    columns = ["rule_id", "case_id", "interaction_ids", "observed", "limit", "message"]
    assert sorted(map(str, from_file.violations.select(columns).rows())) == \
        sorted(map(str, from_dicts.violations.select(columns).rows()))


def test_cli_jsonl_with_claims_on_two_lines_of_ten(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    path.write_text("".join(json.dumps({
        "interaction_id": f"i{n}", "case_id": "c1", "customer_id": "u1",
        "timestamp": f"2026-03-02T10:0{n}:00Z", "channel": "chat",
        "direction": "inbound" if n % 2 else "outbound",
        "actor": "customer" if n % 2 else "agent",
        **({"claims": {"price": "10"}} if n in (3, 7) else {})}) + "\n" for n in range(10)),
        encoding="utf-8")
    from click.testing import CliRunner

    from cx_rules.cli import cli
    out = CliRunner().invoke(cli, ["lint", str(path), "--fail-on", "none"])
    assert out.exit_code == 0, out.output
    assert "rows read 10 = evaluated 10 + rejected 0" in out.output
