"""Annotations and SARIF point at the event's physical line, with paths relative to the
working folder: a CSV's header is line 1, a quoted value may span lines, blank lines count."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import polars as pl
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from cx_rules.cli import cli
from cx_rules.io.readers import read_csv, record_lines
from tests.cli.test_cli import RULESET

HEADER = "interaction_id,case_id,customer_id,timestamp,channel,direction,actor,text\n"


def event(i: int, case: str, minute: int, direction: str, text: str) -> str:
    actor = "customer" if direction == "inbound" else "agent"
    return (f"e{i},{case},u1,2026-01-05T09:{minute:02d}:00+00:00,chat,{direction},{actor},"
            f"{text}\n")


def write_log(folder: Path) -> Path:
    # e1 (line 2) answered late by e2, whose text spans three lines; then a blank line; then
    # case c2 opened by e3 (line 7) and answered late by e4
    path = folder / "log.csv"
    path.write_text(HEADER + event(1, "c1", 0, "inbound", "hello")
                    + event(2, "c1", 10, "outbound", '"one\ntwo\nthree"')
                    + "\n"
                    + event(3, "c2", 20, "inbound", "again")
                    + event(4, "c2", 30, "outbound", "sorry"), encoding="utf-8")
    (folder / "rs.yaml").write_text(RULESET, encoding="utf-8")
    return path


def run(folder: Path, fmt: str, log: str) -> str:
    out = CliRunner().invoke(cli, ["lint", log, "-r", str(folder / "rs.yaml"), "--format", fmt,
                                   "--fail-on", "none"])
    assert out.exit_code == 0, out.output
    return out.output


def test_github_lines_are_physical_and_paths_relative(tmp_path: Path, monkeypatch: object) -> None:
    write_log(tmp_path)
    monkeypatch.chdir(tmp_path)  # type: ignore[attr-defined]
    lines = [line for line in run(tmp_path, "github", str(tmp_path / "log.csv")).splitlines()
             if line.startswith("::error")]
    assert [line.split("::")[1].split(",title")[0] for line in lines] == [
        "error file=log.csv,line=2", "error file=log.csv,line=7"]


def test_sarif_lines_uris_and_rule_help(tmp_path: Path, monkeypatch: object) -> None:
    (tmp_path / "data").mkdir()
    write_log(tmp_path / "data")
    monkeypatch.chdir(tmp_path)  # type: ignore[attr-defined]
    doc = json.loads(run(tmp_path / "data", "sarif", "data/log.csv"))
    run_ = doc["runs"][0]
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    places = [r["locations"][0]["physicalLocation"] for r in run_["results"]]
    assert [p["artifactLocation"] for p in places] == [
        {"uri": "data/log.csv", "uriBaseId": "%SRCROOT%"}] * 2
    assert [p["region"]["startLine"] for p in places] == [2, 7]
    [rule] = run_["tool"]["driver"]["rules"]
    assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
    assert "## Parameters" in rule["help"]["markdown"] and "`limit`" in rule["help"]["markdown"]
    assert rule["helpUri"].startswith("https://")


def test_parquet_rows_have_a_file_but_no_line(tmp_path: Path, monkeypatch: object) -> None:
    write_log(tmp_path)
    frame = read_csv(tmp_path / "log.csv").collect().drop("_row", "_reject").filter(
        pl.col("interaction_id").is_not_null())
    frame.write_parquet(tmp_path / "log.parquet")
    monkeypatch.chdir(tmp_path)  # type: ignore[attr-defined]
    doc = json.loads(run(tmp_path, "sarif", "log.parquet"))
    places = [r["locations"][0]["physicalLocation"] for r in doc["runs"][0]["results"]]
    assert places and all("region" not in p for p in places)
    assert all(p["artifactLocation"]["uri"] == "log.parquet" for p in places)


def test_json_lines_count_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "log.jsonl"
    path.write_text('{"a": 1}\n\n\n{"a": 2}\n  \n{"a": 3}\n', encoding="utf-8")
    assert record_lines(path, {1, 2, 3}) == {1: 1, 2: 4, 3: 6}


# (no bare CR inside a value: the reader reads one as a line break)
CELLS = st.text(alphabet=st.sampled_from(list('ab,"\n x')), max_size=6)


@given(st.lists(st.tuples(CELLS, CELLS), min_size=1, max_size=8),
       st.sampled_from(["\n", "\r\n"]))
def test_each_rows_line_starts_that_record(rows: list[tuple[str, str]], ending: str) -> None:
    """Parsing the file from the reported line gives the row polars read as that number."""
    import tempfile

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=ending)
    writer.writerow(["k", "v"])
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_bytes(buffer.getvalue().encode("utf-8"))
        read = read_csv(path).collect()
        found = record_lines(path, set(read["_row"].to_list()))
        text = path.read_bytes().decode("utf-8")
    physical = io.StringIO(text, newline="").readlines()
    assert set(found) == set(read["_row"].to_list())
    for record in read.iter_rows(named=True):
        start = found[record["_row"]]
        first = next(csv.reader(physical[start - 1:]), [])
        assert [c or None for c in first] + [None] * (2 - len(first)) == [
            record["k"], record["v"]], (record, start, physical)
