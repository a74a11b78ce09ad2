"""``aread_parquet_url`` (top-level ``pydantable.aread_parquet_url``) against a local
server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator

import polars as pl
import pydantic
import pytest

pytest.importorskip("httpx")

import pydantable
from local_http import serve_http, static_handler
from pydantable import DataFrameModel
from pydantable.io import ResponseTooLargeError, aread_parquet_url


class Ev(DataFrameModel):
    id: int
    kind: str


def _parquet(data: dict[str, list[object]]) -> bytes:
    buffer = io.BytesIO()
    pl.DataFrame(data).write_parquet(buffer)
    return buffer.getvalue()


BODIES = {
    "/ev.parquet": _parquet({"id": [1, 2], "kind": ["a", "b"]}),
    "/bad.parquet": _parquet({"id": ["1", "two"], "kind": ["a", "b"]}),
}


Handler = static_handler(BODIES)


@pytest.fixture(autouse=True)
def _url_reads_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYDANTABLE_ALLOW_URL_READS", "1")  # off by default


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve_http(Handler) as base:
        yield base


def test_aread_parquet_url(server: str) -> None:
    async def main() -> Ev:
        return await aread_parquet_url(
            f"{server}/ev.parquet", Ev, max_bytes=10_000, timeout=5
        )

    frame = asyncio.run(main())
    assert isinstance(frame, Ev)
    assert frame.to_dict() == {"id": [1, 2], "kind": ["a", "b"]}
    assert pydantable.aread_parquet_url is aread_parquet_url


def test_aread_parquet_url_errors(server: str) -> None:
    with pytest.raises(pydantic.ValidationError) as info:
        asyncio.run(
            aread_parquet_url(f"{server}/bad.parquet", Ev, max_bytes=10_000, timeout=5)
        )
    assert info.value.errors()[0]["ctx"]["file"] == f"{server}/bad.parquet"
    with pytest.raises(ResponseTooLargeError):
        asyncio.run(
            aread_parquet_url(f"{server}/ev.parquet", Ev, max_bytes=10, timeout=5)
        )
