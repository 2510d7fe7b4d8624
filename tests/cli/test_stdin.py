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
