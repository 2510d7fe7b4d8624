"""gzip and zstd logs are read like the file inside them, with the same rows, rejects and
lines; damage and bombs are clear errors naming the compressed file."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import polars as pl
import pytest
import zstandard
from click.testing import CliRunner

from cx_rules.cli import cli
from cx_rules.errors import InputError
from cx_rules.io import load_interactions
from cx_rules.io.limits import Limits
from cx_rules.io.readers import record_lines

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample_log.csv"
COMPRESS = {".gz": gzip.compress, ".zst": zstandard.ZstdCompressor().compress}


def same(a: pl.DataFrame, b: pl.DataFrame) -> bool:
    return a.drop("_source").equals(b.drop("_source"))


@pytest.mark.parametrize("suffix", sorted(COMPRESS))
def test_a_compressed_csv_reads_like_the_plain_one(tmp_path: Path, suffix: str) -> None:
    packed = tmp_path / f"sample_log.csv{suffix}"
    packed.write_bytes(COMPRESS[suffix](SAMPLE.read_bytes()))
    plain, read = load_interactions(SAMPLE), load_interactions(packed)
    assert same(plain.interactions, read.interactions)
    assert set(read.interactions["_source"]) == {str(packed)}
    assert record_lines(packed, {1, 5}) == record_lines(SAMPLE, {1, 5}) == {1: 2, 5: 6}


def test_compressed_json_lines_with_rejects_name_the_compressed_file(tmp_path: Path) -> None:
    good = {"interaction_id": "1", "case_id": "c1", "customer_id": "u1",
            "timestamp": "2026-01-05T09:00:00Z", "channel": "chat", "direction": "inbound",
            "actor": "customer"}
    text = json.dumps(good) + "\n\n" + json.dumps({**good, "interaction_id": "2",
                                                   "channel": "fax"}) + "\n"
    packed = tmp_path / "events.jsonl.zst"
    packed.write_bytes(COMPRESS[".zst"](text.encode()))
    log = load_interactions(packed)
    assert log.interactions.height == 1 and log.rejects.height == 1
    assert log.rejects["source"].to_list() == [str(packed)]
    assert "channel: unknown value 'fax'" in log.rejects["reason"][0]
    assert record_lines(packed, {2}) == {2: 3}


def test_a_zstd_file_of_several_frames_is_read_whole(tmp_path: Path) -> None:
    data = SAMPLE.read_bytes()
    cut = data.index(b"\n", len(data) // 2) + 1
    packed = tmp_path / "frames.csv.zst"
    packed.write_bytes(COMPRESS[".zst"](data[:cut]) + COMPRESS[".zst"](data[cut:]))
    assert same(load_interactions(packed).interactions, load_interactions(SAMPLE).interactions)


def test_a_gzip_file_named_csv_is_recognised_by_its_magic(tmp_path: Path) -> None:
    packed = tmp_path / "export.csv"
    packed.write_bytes(gzip.compress(SAMPLE.read_bytes()))
    assert same(load_interactions(packed).interactions, load_interactions(SAMPLE).interactions)


def test_a_bomb_is_stopped_while_decompressing(tmp_path: Path) -> None:
    packed = tmp_path / "bomb.csv.gz"
    packed.write_bytes(gzip.compress(b"a,b\n" + b"1,2\n" * 1_000_000))  # 4 MB in ~10 KB
    with pytest.raises(InputError, match=r"bomb.csv.gz: decompresses to more than 1 MiB"):
        load_interactions(packed, limits=Limits(max_decompressed_bytes=1 << 20))


@pytest.mark.parametrize("suffix", sorted(COMPRESS))
def test_truncated_files_are_one_line_exit_2(tmp_path: Path, suffix: str) -> None:
    packed = tmp_path / f"log.csv{suffix}"
    packed.write_bytes(COMPRESS[suffix](SAMPLE.read_bytes())[:200])
    out = CliRunner().invoke(cli, ["lint", str(packed)])
    assert out.exit_code == 2
    assert out.output.startswith(f"error: {packed}: cannot decompress")
    assert "Traceback" not in out.output and len(out.output.strip().splitlines()) == 1


def test_every_engine_reads_them(tmp_path: Path) -> None:
    packed = tmp_path / "sample_log.csv.gz"
    packed.write_bytes(gzip.compress(SAMPLE.read_bytes()))
    shutil.copy(SAMPLE, tmp_path / "plain.csv")
    counts = []
    for log in (packed, tmp_path / "plain.csv"):
        out = CliRunner().invoke(cli, ["lint", str(log), "--engine", "partitioned", "--out",
                                       str(tmp_path / log.name.replace(".", "_")), "--format",
                                       "json", "--fail-on", "none"])
        assert out.exit_code == 0, out.output
        counts.append(json.loads(out.output)["summary"]["violations"])
    assert counts[0] == counts[1] > 0
