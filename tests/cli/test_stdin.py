"""``cx-rules lint -`` reads the log from standard input, its format sniffed."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from cx_rules.io.stdin import sniff_format

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample_log.csv"


def lint(data: bytes, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "cx_rules", "lint", "-", *args],
                          input=data, capture_output=True, timeout=300, check=False)


def violations(out: bytes) -> list[tuple[str, str]]:
    return sorted((v["rule_id"], v["case_id"]) for v in json.loads(out)["violations"])


def test_stdin_csv_and_gzip_equal_the_file() -> None:
    base = subprocess.run([sys.executable, "-m", "cx_rules", "lint", str(SAMPLE),
                           "--format", "json", "--fail-on", "none"], capture_output=True,
                          check=True, timeout=300)
    for data in (SAMPLE.read_bytes(), gzip.compress(SAMPLE.read_bytes())):
        out = lint(data, "--format", "json", "--fail-on", "none")
        assert out.returncode == 0, out.stderr
        assert violations(out.stdout) == violations(base.stdout)


def test_errors_name_stdin() -> None:
    out = lint(b"a,b\n1,2\n")
    assert out.returncode == 2
    assert out.stderr.decode().startswith("error: <stdin>: missing required column(s)")
    empty = lint(b"")
    assert empty.returncode == 2 and b"<stdin>: standard input is empty" in empty.stderr


def test_partitioned_engines_refuse_stdin() -> None:
    out = lint(SAMPLE.read_bytes(), "--engine", "partitioned", "--out", "/nonexistent/x")
    assert out.returncode == 2 and b"needs --engine local" in out.stderr


@pytest.mark.parametrize(("head", "fmt"), [
    (b"PAR1\x00", "parquet"), (b'  {"a": 1}\n', "jsonl"), (b'[{"a": 1}]', "json"),
    (b"a\tb,c\n1\t2\n", "tsv"), (b"a,b\tc\n", "csv"), (b"\xef\xbb\xbfa,b\n", "csv"),
])
def test_sniffing(head: bytes, fmt: str) -> None:
    assert sniff_format(head) == fmt


def test_input_format_names_what_sniffing_cannot_tell() -> None:
    # a TSV export whose first column's name holds a comma sniffs as CSV
    import polars as pl

    rows = pl.read_csv(SAMPLE, infer_schema=False)
    tsv = rows.select(pl.lit("x").alias("notes, internal"), pl.all()).write_csv(
        separator="\t").encode()
    assert sniff_format(tsv) == "csv"
    declared = lint(tsv, "--input-format", "tsv", "--format", "json", "--fail-on", "none")
    assert declared.returncode == 0, declared.stderr
    base = lint(SAMPLE.read_bytes(), "--format", "json", "--fail-on", "none")
    assert violations(declared.stdout) == violations(base.stdout)
    sniffed = lint(tsv, "--format", "json", "--fail-on", "none")
    assert sniffed.returncode == 2 and b"<stdin>" in sniffed.stderr
    # declared wrongly: a clear error naming stdin, no traceback
    wrong = lint(SAMPLE.read_bytes(), "--input-format", "parquet")
    assert wrong.returncode == 2, wrong.stderr
    assert b"<stdin>" in wrong.stderr and b"Traceback" not in wrong.stderr
    unknown = lint(SAMPLE.read_bytes(), "--input-format", "xml")
    assert unknown.returncode == 2 and b"Invalid value for '--input-format'" in unknown.stderr
