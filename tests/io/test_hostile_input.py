"""Hostile and broken input: a clear error or a per-row rejection, in bounded time and memory,
and always ``rows read = evaluated + rejected``."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cx_rules.cli import cli
from cx_rules.errors import CxError, InputError, RulesetError
from cx_rules.io import Limits, NormalizedLog, load_customers, load_interactions
from cx_rules.ruleset.load import MAX_RULESET_BYTES, load_ruleset

HEADER = "interaction_id,case_id,customer_id,timestamp,channel,direction,actor,text"
ROOT = Path(__file__).resolve().parents[2]


def row(i: int, text: str = "hello", ts: str = "2026-03-02T10:00:00Z") -> str:
    return f"i{i},c1,u1,{ts},chat,inbound,customer,{text}"


def write(tmp_path: Path, data: str | bytes, name: str = "log.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def adds_up(log: NormalizedLog) -> None:
    assert log.rows_read == log.interactions.height + log.rejects.height
    assert log.rejects["reason"].null_count() == 0


def lint(*args: str) -> tuple[int, str]:
    out = CliRunner().invoke(cli, ["lint", *args, "-r", str(ROOT / "tests/data/speed.yaml")])
    return out.exit_code, out.output


# --- huge values, huge headers -----------------------------------------------------------------


def test_a_field_over_the_limit_rejects_only_its_row(tmp_path: Path) -> None:
    """48 MiB on one line: the row is rejected by the 1 MiB field limit, the others survive."""
    path = tmp_path / "long.csv"
    with path.open("wb") as handle:
        handle.write(f"{HEADER}\n{row(1)}\n".encode())
        handle.write(row(2, '"').encode())
        block = b'spam, eggs and ""ham"" ' * 4096
        for _ in range(48 * 1024 * 1024 // len(block)):
            handle.write(block)
        handle.write(f'"\n{row(3)}\n'.encode())
    started = time.perf_counter()
    log = load_interactions(path)
    assert time.perf_counter() - started < 20
    adds_up(log)
    assert log.interactions["interaction_id"].to_list() == ["i1", "i3"]
    reason = log.rejects.row(0, named=True)
    assert reason["row"] == 2 and reason["interaction_id"] == "i2"
    assert reason["reason"].startswith("text: field longer than 1 MiB (")
    assert len(reason["reason"]) < 100  # the value itself is never echoed


def test_the_field_limit_is_a_parameter(tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEADER}\n{row(1, 'x' * 2000)}\n{row(2, 'short')}\n")
    log = load_interactions(path, limits=Limits(max_field_bytes=1000))
    assert log.rejects["reason"].to_list() == ["text: field longer than 1000 bytes (2000 bytes)"]
    assert load_interactions(path).rejects.is_empty()


def test_a_gigabyte_line_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    """A line over Limits.max_line_bytes (64 MiB) is found by a streaming pre-scan: the reader
    stops after ~80 MiB without ever holding the line; measured in a child process."""
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.write(f"{HEADER}\n{row(1)}\n".encode())
        handle.write(row(2, "").encode())
        chunk = b"A" * (1024 * 1024)
        for _ in range(96):
            handle.write(chunk)
        handle.write(b"\n")
    script = textwrap.dedent(f"""
        import resource, time
        from cx_rules.io import load_interactions
        from cx_rules.errors import InputError
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        try:
            load_interactions({str(path)!r})
        except InputError as exc:
            print("ERROR", exc)
        print("SECONDS", time.perf_counter() - started)
        print("GROWTH_MB", (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120, check=True).stdout
    assert "line 3 is longer than 64 MiB" in out
    values = dict(line.split(" ", 1) for line in out.splitlines() if " " in line)
    assert float(values["SECONDS"]) < 10
    assert float(values["GROWTH_MB"]) < 100  # a 16 MiB buffer, never the 96 MiB line


def test_the_line_limit_is_a_parameter(tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEADER}\n{row(1, 'x' * 3_000_000)}\n")
    with pytest.raises(InputError, match=r"line 2 is longer than 2 MiB"):
        load_interactions(path, limits=Limits(max_line_bytes=2 * 1024 * 1024))


@pytest.mark.parametrize(("names", "message"), [
    ([f"column_number_{i}" for i in range(1_000_000)], "header line is longer than 4 MiB"),
    (["c"] * 1_000_000, "has 1000000 columns; at most 10000"),
])
def test_a_million_column_names_fail_fast(tmp_path: Path, names: list[str], message: str) -> None:
    path = write(tmp_path, ",".join(names) + "\n")
    started = time.perf_counter()
    with pytest.raises(InputError, match=message):
        load_interactions(path)
    assert time.perf_counter() - started < 2


def test_a_data_row_with_a_million_fields_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEADER}\n{row(1)}\n" + ",".join(["x"] * 1_000_000) + "\n")
    with pytest.raises(InputError, match=r"row 2 has 1000000 fields; at most 10000"):
        load_interactions(path)


# --- encodings, line endings, quoting ----------------------------------------------------------


def test_byte_order_mark_is_skipped(tmp_path: Path) -> None:
    log = load_interactions(write(tmp_path, b"\xef\xbb\xbf" + f"{HEADER}\n{row(1)}\n".encode()))
    assert log.interactions["interaction_id"].to_list() == ["i1"]
    jsonl = write(tmp_path, b"\xef\xbb\xbf" + json.dumps({
        "interaction_id": "j1", "case_id": "c1", "customer_id": "u1",
        "timestamp": "2026-03-02T10:00:00Z", "channel": "chat", "direction": "inbound",
        "actor": "customer"}).encode() + b"\n", "log.jsonl")
    assert load_interactions(jsonl).interactions["interaction_id"].to_list() == ["j1"]


def test_mixed_line_endings(tmp_path: Path) -> None:
    data = f"{HEADER}\r\n{row(1)}\n{row(2)}\r{row(3)}\r\n{row(4, 'bad', 'never')}\r{row(5)}"
    log = load_interactions(write(tmp_path, data))
    adds_up(log)
    assert log.interactions["interaction_id"].to_list() == ["i1", "i2", "i3", "i5"]
    assert log.rejects["row"].to_list() == [4]
    assert log.interactions["text"].to_list() == ["hello"] * 4


def test_quoted_newlines_keep_record_numbers(tmp_path: Path) -> None:
    """``row N`` is the N-th data record, however many lines its quoted fields span."""
    data = (f"{HEADER}\n" + row(1, '"first line\nsecond line\r\nthird, with a comma"') + "\n"
            + row(2, '"a ""quoted"" word"') + "\n" + row(3, "x", "not a time") + "\n")
    log = load_interactions(write(tmp_path, data))
    adds_up(log)
    assert log.interactions["text"].to_list() == [
        "first line\nsecond line\r\nthird, with a comma", 'a "quoted" word']
    assert log.rejects["row"].to_list() == [3]


def test_non_utf8_bytes_reject_only_their_rows(tmp_path: Path) -> None:
    data = (f"{HEADER}\n{row(1)}\n".encode() + row(2, "caf").encode() + b"\xe9\n"
            + row(3, "\xff").encode("latin-1") + b"\n" + f"{row(4)}\n".encode())
    log = load_interactions(write(tmp_path, data))
    adds_up(log)
    assert log.interactions["interaction_id"].to_list() == ["i1", "i4"]
    assert log.rejects["reason"].to_list() == ["row has bytes that are not valid UTF-8"] * 2
    good = (b'{"interaction_id": "j1", "case_id": "c1", "customer_id": "u1", "timestamp": '
            b'"2026-03-02T10:00:00Z", "channel": "chat", "direction": "inbound", '
            b'"actor": "customer", "text": "ok"}\n')
    bad_jsonl = good + good.replace(b'"j1"', b'"j2"').replace(b'"ok"', b'"caf\xe9"')
    log = load_interactions(write(tmp_path, bad_jsonl, "log.jsonl"))
    adds_up(log)
    assert "not valid UTF-8" in log.rejects.filter(pl.col("row") == 2)["reason"].item()


def test_rows_with_more_fields_than_the_header_are_rejected(tmp_path: Path) -> None:
    data = (f"{HEADER}\n{row(1)},unquoted, comma\n{row(2)}\n{row(3)},\n"
            f"{row(4)},,,late value\n")
    log = load_interactions(write(tmp_path, data))
    adds_up(log)
    assert log.interactions["interaction_id"].to_list() == ["i2", "i3"]  # a trailing , is empty
    assert log.rejects["row"].to_list() == [1, 4]
    assert "row has 10 fields but the header has 8" in log.rejects["reason"][0]


def test_blank_lines_and_unterminated_quotes(tmp_path: Path) -> None:
    log = load_interactions(write(tmp_path, f"{HEADER}\n{row(1)}\n\n{row(2)}\n"))
    adds_up(log)
    assert log.rejects["reason"].to_list() == ["empty row (no values)"]
    with pytest.raises(InputError, match="a quoted field is never closed"):
        load_interactions(write(tmp_path, f'{HEADER}\n{row(1, chr(34) + "oops")}\n{row(2)}\n'))


def test_duplicate_and_blank_header_names(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="'case_id' appears more than once"):
        load_interactions(write(tmp_path, f"{HEADER},case_id\n{row(1)},c2\n"))
    log = load_interactions(write(tmp_path, f" {HEADER.replace(',', ' , ')} ,,notes,notes\n"
                                            f"{row(1)},x,n1,n2\n"))
    assert log.interactions["interaction_id"].to_list() == ["i1"]


# --- timestamps --------------------------------------------------------------------------------


def test_timestamps_in_many_formats_and_zones(tmp_path: Path) -> None:
    stamps = {
        "iso-offset": "2026-03-02T11:00:00+01:00",
        "iso-offset-no-colon": "2026-03-02T11:00:00+0100",
        "iso-z": "2026-03-02T10:00:00Z",
        "iso-space-fraction": "2026-03-02 10:00:00.000Z",
        "rfc2822": '"Mon, 02 Mar 2026 05:00:00 -0500"',
        "rfc2822-gmt": '"Mon, 2 Mar 2026 10:00:00 GMT"',
        "rfc2822-est": '"Mon, 2 Mar 2026 05:00:00 EST"',
        "twitter": "Mon Mar 02 10:00:00 +0000 2026",
        "epoch-s": "1772445600",
        "epoch-ms": "1772445600000",
        "naive": "2026-03-02 11:00:00",
    }
    data = f"{HEADER}\n" + "\n".join(
        f"{name},c1,u1,{ts},chat,inbound,customer," for name, ts in stamps.items()) + "\n"
    path = write(tmp_path, data)
    log = load_interactions(path, assume_tz="Europe/Berlin")
    adds_up(log)
    assert log.rejects.is_empty(), log.rejects
    assert set(log.interactions["timestamp"]) == {datetime(2026, 3, 2, 10, tzinfo=UTC)}
    strict = load_interactions(path)
    assert strict.rejects["interaction_id"].to_list() == ["naive"]
    assert "has no UTC offset (add one, or pass --assume-tz ZONE)" in strict.rejects["reason"][0]


def test_bad_zone_and_dst_gaps(tmp_path: Path) -> None:
    path = write(tmp_path, f"{HEADER}\n{row(1, ts='2026-03-29 02:30:00')}\n{row(2)}\n")
    log = load_interactions(path, assume_tz="Europe/Berlin")
    assert "does not exist in Europe/Berlin" in log.rejects["reason"][0]
    with pytest.raises(InputError, match="unknown time zone 'Mars/Olympus'"):
        load_interactions(path, assume_tz="Mars/Olympus")


def test_future_timestamps_are_rejected_with_a_tolerance(tmp_path: Path) -> None:
    now = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    data = (f"{HEADER}\n{row(1, ts='2026-03-03T11:59:00Z')}\n"
            f"{row(2, ts='2026-03-03T12:01:00Z')}\n{row(3, ts='2099-01-01T00:00:00Z')}\n")
    path = write(tmp_path, data)
    log = load_interactions(path, now=now)
    adds_up(log)
    assert log.interactions["interaction_id"].to_list() == ["i1"]
    assert log.rejects["reason"][0].startswith("timestamp: in the future (2026-03-03 12:01:00 UTC")
    assert "after now + 1d" in log.rejects["reason"][0]
    assert load_interactions(path, now=now,
                             limits=Limits(future_tolerance=timedelta(days=365 * 80))
                             ).rejects.is_empty()
    assert load_interactions(path, now=now, limits=Limits(future_tolerance=None)).rejects.is_empty()


def test_typed_parquet_timestamps_and_epochs_stay_typed(tmp_path: Path) -> None:
    base = {"interaction_id": ["p1", "p2"], "case_id": ["c1", "c1"], "customer_id": ["u1", "u1"],
            "channel": ["chat"] * 2, "direction": ["inbound"] * 2, "actor": ["customer"] * 2}
    pl.DataFrame({**base, "timestamp": [1772445600, 1772445600123]}).write_parquet(
        tmp_path / "epoch.parquet")
    log = load_interactions(tmp_path / "epoch.parquet")
    assert log.interactions["timestamp"].to_list() == [
        datetime(2026, 3, 2, 10, tzinfo=UTC), datetime(2026, 3, 2, 10, 0, 0, 123000, tzinfo=UTC)]


# --- numbers and duplicates --------------------------------------------------------------------


def test_nan_and_inf_scores_are_rejected(tmp_path: Path) -> None:
    data = (f"{HEADER},csat,sentiment\n{row(1)},NaN,0.5\n{row(2)},4,inf\n{row(3)},-Infinity,\n"
            f"{row(4)},5,-0.25\n")
    log = load_interactions(write(tmp_path, data))
    adds_up(log)
    assert log.interactions["interaction_id"].to_list() == ["i4"]
    assert log.rejects["reason"].to_list() == [
        "csat: 'NaN' is not a finite number", "sentiment: 'inf' is not a finite number",
        "csat: '-Infinity' is not a finite number"]
    frame = pl.DataFrame({"interaction_id": ["f1", "f2"], "case_id": ["c", "c"],
                          "customer_id": ["u", "u"], "timestamp": ["2026-03-02T10:00:00Z"] * 2,
                          "channel": ["chat"] * 2, "direction": ["inbound"] * 2,
                          "actor": ["customer"] * 2, "csat": [float("nan"), 3.0]})
    assert load_interactions(frame).rejects["interaction_id"].to_list() == ["f1"]


def test_duplicate_ids_within_and_across_files(tmp_path: Path) -> None:
    a = write(tmp_path, f"{HEADER}\n{row(1)}\n{row(1, 'again')}\n", "a.csv")
    b = write(tmp_path, f"{HEADER}\n{row(1, 'later')}\n{row(2)}\n", "b.csv")
    log = load_interactions([a, b])
    adds_up(log)
    assert log.rows_read == 4
    assert log.interactions["interaction_id"].to_list() == ["i1", "i2"]
    reasons = sorted(log.rejects["reason"].to_list())
    assert reasons[0].startswith("interaction_id: duplicate 'i1' (also in an earlier file)")
    assert "(first at " in reasons[1] and "a.csv row 1)" in reasons[1]


# --- files that are not logs at all ------------------------------------------------------------


@pytest.mark.parametrize(("name", "data", "message"), [
    ("empty.csv", b"", "file is empty"),
    ("header.csv", f"{HEADER}\n".encode(), "has no data rows"),
    ("header_no_newline.csv", HEADER.encode(), "has no data rows"),
    ("blank_header.csv", b"\n\ni1,c1\n", r"the first line \(the header\) is empty"),
    ("image.csv", b"\x89PNG\r\n\x1a\n" + os.urandom(512), "looks like a PNG image"),
    ("noise.csv", b"\x00\xff" + os.urandom(4096), "looks like a binary file"),
    ("book.csv", b"PK\x03\x04" + os.urandom(64), "ZIP archive"),
    # compressed files are read (tests/io/test_compressed.py): their content is checked
    ("log.csv.gz", gzip.compress(b"a,b\n1,2\n"), "missing required column"),
    ("packed.csv", gzip.compress(b"a,b\n1,2\n"), "missing required column"),
    ("log.csv.gz", gzip.compress(b"a,b\n1,2\n")[:12], "cannot decompress"),
    ("log.tar.bz2", b"BZh91AY&SY" + os.urandom(64), "unknown file format 'bz2'"),
    ("utf16.csv", f"{HEADER}\n{row(1)}\n".encode("utf-16"), "UTF-16"),
    ("log.parquet", f"{HEADER}\n{row(1)}\n".encode(), "not a Parquet file"),
    ("log.jsonl", b'{"a": 1}\n[1, 2\n', "missing required column"),
    ("log.xlsx", b"PK\x03\x04", "unknown file format 'xlsx'"),
])
def test_files_that_are_not_logs_are_clear_errors(tmp_path: Path, name: str, data: bytes,
                                                   message: str) -> None:
    path = write(tmp_path, data, name)
    with pytest.raises(InputError, match=message) as info:
        load_interactions(path)
    assert str(path) in str(info.value)
    code, output = lint(str(path))
    assert code == 2 and output.startswith(f"error: {path}") and "Traceback" not in output


def test_a_directory_a_missing_file_and_a_device(tmp_path: Path) -> None:
    # a folder is read as its log files (tests/io/test_inputs.py); one without any is an error
    with pytest.raises(InputError, match="the folder has no log file"):
        load_interactions(tmp_path)
    with pytest.raises(InputError, match="no such file"):
        load_interactions(tmp_path / "nope.csv")
    if Path("/dev/zero").exists():
        with pytest.raises(InputError, match="not a regular file"):
            load_interactions("/dev/zero")
    code, output = lint(str(tmp_path))
    assert code == 2 and "the folder has no log file" in output


def test_customer_files_get_the_same_protection(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="has no data rows"):
        load_customers(write(tmp_path, "customer_id,timezone\n", "c.csv"))
    table = load_customers(write(tmp_path, "customer_id,timezone\nu1,UTC,extra\nu2,UTC\n\n",
                                 "c2.csv"))
    assert table.profiles["customer_id"].to_list() == ["u2"]
    assert table.rows_read == table.profiles.height + table.rejects.height == 3


# --- rulesets ----------------------------------------------------------------------------------


def test_ruleset_yaml_bomb_is_refused(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{','.join(['*' + prev] * 9)}]")
    path = write(tmp_path, "\n".join(lines) + "\n", "bomb.yaml")
    started = time.perf_counter()
    with pytest.raises(RulesetError, match="aliases"):
        load_ruleset(path)
    assert time.perf_counter() - started < 2


def test_a_huge_ruleset_is_refused_without_reading_it(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:  # sparse: 100 MB on paper, nothing on disk
        handle.truncate(100 * 1024 * 1024)
    assert path.stat().st_size > MAX_RULESET_BYTES

    def no_reading(*args: object, **kwargs: object) -> str:
        raise AssertionError("the ruleset was read")

    monkeypatch.setattr(Path, "read_text", no_reading)
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    started = time.perf_counter()
    with pytest.raises(RulesetError, match="larger than 10 MiB"):
        load_ruleset(path)
    assert time.perf_counter() - started < 1


# --- fuzzing -----------------------------------------------------------------------------------

CSVISH = st.text(alphabet=st.sampled_from(list('ab1-:TZ ,,,""\n\n\r\t\x00;{}é\ufffd*^$')),
                 max_size=200)


def _read_or_input_error(path: Path) -> None:
    try:
        log = load_interactions(path)
    except InputError:
        return
    adds_up(log)


@settings(max_examples=60)
@given(st.binary(max_size=600))
@example(b"*,\x80")  # a column named like polars' wildcard, and a byte that is not UTF-8
@example(b"^a$,b\n1,2\n")
@example(b'{"*": 1, "^x$": {"a": 1}}\n')
def test_fuzz_random_bytes(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    folder = tmp_path_factory.mktemp("bytes")
    for name in ("log.csv", "log.jsonl", "log.parquet"):
        path = folder / name
        path.write_bytes(data)
        _read_or_input_error(path)


@settings(max_examples=80)
@given(st.sampled_from(["", HEADER + "\n", HEADER + ",csat,claims\n", "a,b\n"]), CSVISH)
def test_fuzz_csv_like_text(tmp_path_factory: pytest.TempPathFactory, header: str,
                            body: str) -> None:
    path = tmp_path_factory.mktemp("text") / "log.csv"
    path.write_bytes((header + body).encode("utf-8"))
    _read_or_input_error(path)


@settings(max_examples=60)
@given(st.lists(st.dictionaries(
    st.sampled_from(["interaction_id", "case_id", "customer_id", "timestamp", "channel",
                     "direction", "actor", "claims", "csat"]),
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8),
              st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
              st.lists(st.integers(), max_size=2))), max_size=5))
def test_fuzz_jsonl_records(tmp_path_factory: pytest.TempPathFactory,
                            records: list[dict[str, object]]) -> None:
    path = tmp_path_factory.mktemp("jsonl") / "log.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    _read_or_input_error(path)


EXPR_TOKENS = st.lists(st.sampled_from([
    "text", "csat", "channel", "ok", "ts", "wait", "and", "or", "not", "in", "matches", "is",
    "null", "==", "!=", "<", ">=", "+", "-", "*", "/", "(", ")", "[", "]", ",", '"x"', "'",
    '"(?i', "1", "2.5", "1m", "3d", "true", "false", "lower(", "len(", "\\", "\"", " ",
]), max_size=25)


@settings(max_examples=150)
@given(st.one_of(EXPR_TOKENS.map(" ".join), EXPR_TOKENS.map("".join), st.text(max_size=80)))
def test_fuzz_expression_parser_raises_only_expr_errors(source: str) -> None:
    expr = pytest.importorskip("cx_rules.expr")
    fields = {"text": "str", "channel": "str", "csat": "float", "ok": "bool",
              "ts": "datetime", "wait": "duration"}
    try:
        expr.parse(source, fields)
    except expr.ExprError:
        pass
    except CxError:
        pass


@pytest.mark.parametrize("content", [b"*,\x80", b"^a$,b\n1,2\n", b"\x80\x81\x82"])
def test_cli_hostile_bytes_exit_2_with_one_line(tmp_path: Path, content: bytes) -> None:
    from click.testing import CliRunner

    from cx_rules.cli import cli

    path = tmp_path / "f.csv"
    path.write_bytes(content)
    out = CliRunner().invoke(cli, ["lint", str(path)])
    assert out.exit_code == 2, out.output
    assert "Traceback" not in out.output
    assert out.exception is None or isinstance(out.exception, SystemExit)
    lines = [line for line in out.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and str(path) in lines[0], lines
