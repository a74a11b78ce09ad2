"""read_from_object_store against a local S3-compatible server (moto) on 127.0.0.1.

Skipped only when moto/s3fs are missing locally; in CI (``CI=true``) they must be
installed (the ``dev`` extra has them) and the tests must run.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pydantic
import pytest

from pydantable import DataFrameModel
from pydantable.io import ResponseTooLargeError, read_from_object_store

if os.environ.get("CI") != "true":
    pytest.importorskip("moto.server")
    pytest.importorskip("s3fs")
    pytest.importorskip("boto3")

import boto3
from moto.server import ThreadedMotoServer

BUCKET = "pydantable-test"


class Ev(DataFrameModel):
    id: int
    kind: str


@pytest.fixture(scope="session")
def s3() -> Iterator[dict[str, Any]]:
    """A moto S3 server on a random loopback port, and storage options for it."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        credentials = {
            "aws_access_key_id": "testing",
            "aws_secret_access_key": "testing",
        }
        client = boto3.client(
            "s3", endpoint_url=endpoint, region_name="us-east-1", **credentials
        )
        client.create_bucket(Bucket=BUCKET)
        put = client.put_object
        buffer = io.BytesIO()
        pl.DataFrame({"id": [1, 2], "kind": ["a", "b"]}).write_parquet(buffer)
        put(Bucket=BUCKET, Key="ev/1.parquet", Body=buffer.getvalue())
        buffer = io.BytesIO()
        pl.DataFrame({"id": ["3", "four"], "kind": ["c", "d"]}).write_parquet(buffer)
        put(Bucket=BUCKET, Key="bad/1.parquet", Body=b"")
        put(Bucket=BUCKET, Key="bad/2.parquet", Body=buffer.getvalue())
        put(Bucket=BUCKET, Key="ev.csv", Body=b"id,kind\n1,a\n2,b\n")
        put(Bucket=BUCKET, Key="multi/a.ndjson", Body=b'{"id": 1, "kind": "a"}\n')
        put(Bucket=BUCKET, Key="multi/b.ndjson", Body=b'{"id": 2, "kind": "b"}\n')
        put(Bucket=BUCKET, Key="big.csv", Body=b"id,kind\n" + b"1,a\n" * 10_000)
        yield {
            "key": "testing",
            "secret": "testing",
            "skip_instance_cache": True,
            "client_kwargs": {"endpoint_url": endpoint, "region_name": "us-east-1"},
        }
    finally:
        server.stop()


def _leftovers() -> list[str]:
    return sorted(
        p.name for p in Path(tempfile.gettempdir()).glob("pydantable-store-*")
    )


def test_read_objects_with_and_without_model(s3: dict[str, Any]) -> None:
    before = _leftovers()
    frame = read_from_object_store(
        f"s3://{BUCKET}/ev/1.parquet", max_bytes=10_000, model=Ev, storage_options=s3
    )
    assert isinstance(frame, Ev)
    assert frame.to_dict() == {"id": [1, 2], "kind": ["a", "b"]}
    raw = read_from_object_store(
        f"s3://{BUCKET}/ev.csv", max_bytes=10_000, storage_options=s3
    )
    assert raw == {"id": [1, 2], "kind": ["a", "b"]}
    multi = read_from_object_store(
        f"s3://{BUCKET}/multi/*.ndjson", max_bytes=10_000, model=Ev, storage_options=s3
    )
    assert multi.to_dict() == {"id": [1, 2], "kind": ["a", "b"]}
    assert _leftovers() == before


def test_bad_cell_names_the_object(s3: dict[str, Any]) -> None:
    with pytest.raises(pydantic.ValidationError) as info:
        read_from_object_store(
            f"s3://{BUCKET}/bad/2.parquet",
            max_bytes=10_000,
            model=Ev,
            storage_options=s3,
        )
    [error] = info.value.errors()
    assert (error["type"], error["loc"], error["input"]) == (
        "int_parsing",
        ("id", 1),
        "four",
    )
    assert error["ctx"] == {"file": f"s3://{BUCKET}/bad/2.parquet", "file_row": 1}


def test_limits_and_missing_objects(s3: dict[str, Any]) -> None:
    before = _leftovers()
    with pytest.raises(ResponseTooLargeError, match="max_bytes=1000"):
        read_from_object_store(
            f"s3://{BUCKET}/big.csv", max_bytes=1000, storage_options=s3
        )
    with pytest.raises(FileNotFoundError):
        read_from_object_store(
            f"s3://{BUCKET}/nope/*.parquet", max_bytes=1000, storage_options=s3
        )
    with pytest.raises(ValueError, match="format"):
        read_from_object_store(f"s3://{BUCKET}/ev", max_bytes=1000, storage_options=s3)
    assert _leftovers() == before


def test_local_and_memory_protocols(tmp_path: Path) -> None:
    import fsspec

    Ev({"id": [7], "kind": ["z"]}).write_ipc(tmp_path / "ev.ipc")
    uri = (tmp_path / "ev.ipc").as_uri()
    assert read_from_object_store(uri, max_bytes=100_000, model=Ev).to_dict() == {
        "id": [7],
        "kind": ["z"],
    }
    memory = fsspec.filesystem("memory")
    with memory.open("/pydantable-test/ev.ndjson", "wb") as f:
        f.write(b'{"id": 1, "kind": "m"}\n{"id": "q", "kind": "n"}\n')
    with pytest.raises(pydantic.ValidationError) as info:
        read_from_object_store(
            "memory://pydantable-test/ev.ndjson", max_bytes=1000, model=Ev
        )
    assert (
        info.value.errors()[0]["ctx"]["file"] == "memory:///pydantable-test/ev.ndjson"
    )
    memory.rm("/pydantable-test", recursive=True)
