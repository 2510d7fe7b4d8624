"""Remote logs: s3:// (a local S3-compatible server, moto in server mode on loopback) and
https:// (a presigned URL of the same server) read like local files, for every reader."""

from __future__ import annotations

import gzip
import io
import os
from collections.abc import Iterator
from typing import Any

import polars as pl
import pytest
from click.testing import CliRunner

from cx_rules.cli import cli
from cx_rules.errors import InputError
from cx_rules.io import load_customers, load_interactions
from cx_rules.io.remote import label, remote_url
from tests.conftest import ROOT

SAMPLE = ROOT / "examples" / "sample_log.csv"
CUSTOMERS = ROOT / "examples" / "customers.csv"
BUCKET = "cx-logs"


@pytest.fixture(scope="module")
def s3() -> Iterator[Any]:
    pytest.importorskip("s3fs")
    server_mod = pytest.importorskip("moto.server")
    server = server_mod.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server._server.server_address
    env = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
           "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL": f"http://{host}:{port}"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    import boto3

    client = boto3.client("s3")
    client.create_bucket(Bucket=BUCKET)
    data = SAMPLE.read_bytes()
    client.put_object(Bucket=BUCKET, Key="exports/sample_log.csv", Body=data)
    client.put_object(Bucket=BUCKET, Key="exports/sample_log.csv.gz", Body=gzip.compress(data))
    buf = io.BytesIO()
    pl.read_csv(SAMPLE, infer_schema=False).write_parquet(buf)
    client.put_object(Bucket=BUCKET, Key="exports/sample_log.parquet", Body=buf.getvalue())
    client.put_object(Bucket=BUCKET, Key="exports/customers.csv", Body=CUSTOMERS.read_bytes())
    client.put_object(Bucket=BUCKET, Key="exports/empty.csv", Body=data.split(b"\n", 1)[0])
    try:
        yield client
    finally:
        server.stop()
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def test_urls_and_labels() -> None:
    assert remote_url("s3://b/k.csv") == "s3://b/k.csv"
    assert remote_url(ROOT / "s3:" / "b" / "k.csv") is None
    from pathlib import Path

    assert remote_url(Path("s3://b/k.csv")) == "s3://b/k.csv"  # a Path lost a slash
    assert remote_url("examples/sample_log.csv") is None
    assert label("https://u:pw@host/a/log.csv?X-Amz-Signature=abc") == "https://host/a/log.csv?…"


@pytest.mark.parametrize("key", ["sample_log.csv", "sample_log.csv.gz", "sample_log.parquet"])
def test_s3_objects_read_like_files(s3: Any, key: str) -> None:
    local = load_interactions(SAMPLE)
    remote = load_interactions(f"s3://{BUCKET}/exports/{key}")
    assert remote.rows_read == local.rows_read == 357
    assert remote.interactions.drop("_source").equals(local.interactions.drop("_source"))
    assert set(remote.interactions["_source"]) == {f"s3://{BUCKET}/exports/{key}"}


def test_customers_and_the_cli(s3: Any) -> None:
    assert load_customers(f"s3://{BUCKET}/exports/customers.csv").rows_read == \
        load_customers(CUSTOMERS).rows_read
    result = CliRunner().invoke(cli, ["lint", f"s3://{BUCKET}/exports/sample_log.csv",
                                      "--customers", f"s3://{BUCKET}/exports/customers.csv",
                                      "--format", "json"])
    assert result.exit_code == 1, result.output  # the sample's planted violations
    assert '"rows_read": 357' in result.output


def test_a_presigned_https_url_keeps_its_signature_secret(s3: Any) -> None:
    pytest.importorskip("aiohttp")
    url = s3.generate_presigned_url("get_object", Params={
        "Bucket": BUCKET, "Key": "exports/empty.csv"})
    assert "Signature=" in url
    with pytest.raises(InputError) as err:
        load_interactions(url)
    assert "no data rows" in str(err.value) and "Signature" not in str(err.value)
    assert str(err.value).startswith("http://127.0.0.1:")
    good = s3.generate_presigned_url("get_object", Params={
        "Bucket": BUCKET, "Key": "exports/sample_log.csv"})
    log = load_interactions(good)
    assert log.rows_read == 357
    assert all("Signature" not in s for s in log.interactions["_source"].unique())


def test_missing_objects_and_patterns(s3: Any) -> None:
    with pytest.raises(InputError, match=rf"^s3://{BUCKET}/exports/nope.csv: no such object"):
        load_interactions(f"s3://{BUCKET}/exports/nope.csv")
    with pytest.raises(InputError, match="patterns are not expanded"):
        load_interactions(f"s3://{BUCKET}/exports/*.csv")
    result = CliRunner().invoke(cli, ["lint", f"s3://{BUCKET}/exports/nope.csv"])
    assert result.exit_code == 2 and "no such object" in result.output


def test_a_storage_without_its_driver_says_which(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    if importlib.util.find_spec("gcsfs") is not None:
        pytest.skip("gcsfs is installed here")
    with pytest.raises(InputError, match="gs:// needs gcsfs"):
        load_interactions("gs://bucket/log.csv")
