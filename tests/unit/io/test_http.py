"""HTTP sources against a local server on 127.0.0.1: limits, timeouts, cleanup."""

from __future__ import annotations

import asyncio
import contextlib
import io
import tempfile
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import polars as pl
import pydantic
import pytest

httpx = pytest.importorskip("httpx")

from local_http import serve_http  # noqa: E402
from pydantable import DataFrameModel  # noqa: E402
from pydantable.io import (  # noqa: E402
    ResponseTooLargeError,
    aread_parquet_url_ctx,
    fetch_bytes,
    fetch_csv_url,
    fetch_ndjson_url,
    fetch_parquet_url,
    read_parquet_url,
    read_parquet_url_ctx,
)


class Ev(DataFrameModel):
    id: int
    kind: str


def _parquet(data: dict[str, list[object]]) -> bytes:
    buffer = io.BytesIO()
    pl.DataFrame(data).write_parquet(buffer)
    return buffer.getvalue()


BODIES = {
    "/ev.parquet": _parquet({"id": [1, 2, 3], "kind": ["a", "b", "a"]}),
    "/bad.parquet": _parquet({"id": ["1", "two"], "kind": ["a", "b"]}),
    "/ev.csv": b"id,kind\n1,a\n2,b\n",
    "/ev.ndjson": b'{"id": 1, "kind": "a"}\n{"id": "x", "kind": "b"}\n',
    "/big": b"x" * 100_000,
    "/slow": b"late",
}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._get()  # a client that gave up is fine

    def _get(self) -> None:
        if self.path == "/slow":  # answers after 2 s (bounded: never hangs)
            time.sleep(2)
        if self.path == "/drip":  # a byte every 0.1 s for up to 3 s
            self.send_response(200)
            self.end_headers()
            for _ in range(30):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
            return
        if self.path == "/unsized":  # no Content-Length: read until close
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"y" * 100_000)
            return
        body = BODIES.get(self.path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(autouse=True)
def _url_reads_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYDANTABLE_ALLOW_URL_READS", "1")  # off by default


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve_http(Handler) as base:
        yield base


def _leftovers() -> list[str]:
    return sorted(p.name for p in Path(tempfile.gettempdir()).glob("pydantable-url-*"))


def test_fetch_bytes_and_limits(server: str) -> None:
    assert (
        fetch_bytes(f"{server}/ev.csv", max_bytes=1000, timeout=5) == BODIES["/ev.csv"]
    )
    assert fetch_bytes(f"{server}/ev.csv", max_bytes=16, timeout=5) == BODIES["/ev.csv"]
    with pytest.raises(ResponseTooLargeError, match="Content-Length 100000"):
        fetch_bytes(f"{server}/big", max_bytes=99_999, timeout=5)
    with pytest.raises(ResponseTooLargeError, match="exceeds max_bytes=50000"):
        fetch_bytes(f"{server}/unsized", max_bytes=50_000, timeout=5)
    with pytest.raises(httpx.HTTPStatusError):
        fetch_bytes(f"{server}/nope", max_bytes=1000, timeout=5)
    with pytest.raises(ValueError, match="http"):
        fetch_bytes("file:///etc/passwd", max_bytes=1000, timeout=5)
    with pytest.raises(ValueError, match="timeout"):
        fetch_bytes(f"{server}/ev.csv", max_bytes=1000, timeout=0)
    with pytest.raises(TypeError):
        fetch_bytes(f"{server}/ev.csv")  # type: ignore[call-arg]  # limits are mandatory


def test_timeouts_are_enforced(server: str) -> None:
    start = time.monotonic()
    with pytest.raises(TimeoutError, match=r"within 0\.3 s"):
        fetch_bytes(f"{server}/slow", max_bytes=1000, timeout=0.3)
    with pytest.raises(TimeoutError, match=r"did not finish within 0\.5 s"):
        fetch_bytes(f"{server}/drip", max_bytes=1000, timeout=0.5)  # trickling body
    assert time.monotonic() - start < 2.0


def test_fetch_url_helpers(server: str) -> None:
    before = _leftovers()
    assert fetch_parquet_url(
        f"{server}/ev.parquet", max_bytes=10_000, timeout=5, model=Ev
    ) == {
        "id": [1, 2, 3],
        "kind": ["a", "b", "a"],
    }
    assert fetch_csv_url(f"{server}/ev.csv", max_bytes=1000, timeout=5) == {
        "id": [1, 2],
        "kind": ["a", "b"],
    }
    with pytest.raises(pydantic.ValidationError) as info:
        fetch_ndjson_url(f"{server}/ev.ndjson", max_bytes=1000, timeout=5, model=Ev)
    [error] = info.value.errors()
    assert error["loc"] == ("id", 1)
    assert error["ctx"] == {"file": f"{server}/ev.ndjson", "file_row": 1}
    with pytest.raises(ResponseTooLargeError):
        fetch_parquet_url(f"{server}/ev.parquet", max_bytes=10, timeout=5)
    assert _leftovers() == before  # temp files always cleaned


def test_read_parquet_url_and_ctx(server: str) -> None:
    before = _leftovers()
    frame = read_parquet_url(f"{server}/ev.parquet", Ev, max_bytes=10_000, timeout=5)
    assert isinstance(frame, Ev)
    assert frame.filter(frame.kind == "a").to_dict() == {
        "id": [1, 3],
        "kind": ["a", "a"],
    }
    with pytest.raises(pydantic.ValidationError) as info:
        read_parquet_url(f"{server}/bad.parquet", Ev, max_bytes=10_000, timeout=5)
    assert info.value.errors()[0]["ctx"]["file"] == f"{server}/bad.parquet"
    with read_parquet_url_ctx(
        f"{server}/ev.parquet", Ev, max_bytes=10_000, timeout=5, columns=["id"]
    ) as lazy:
        assert lazy.to_dict() == {"id": [1, 2, 3]}
        assert len(_leftovers()) == len(before) + 1
    with (
        pytest.raises(RuntimeError),
        read_parquet_url_ctx(f"{server}/ev.parquet", Ev, max_bytes=10_000, timeout=5),
    ):
        raise RuntimeError("boom")
    assert _leftovers() == before

    async def main() -> None:
        async with aread_parquet_url_ctx(
            f"{server}/ev.parquet", Ev, max_bytes=10_000, timeout=5
        ) as lazy:
            assert await lazy.ato_dict() == {"id": [1, 2, 3], "kind": ["a", "b", "a"]}
        with pytest.raises(TimeoutError):
            async with aread_parquet_url_ctx(
                f"{server}/slow", Ev, max_bytes=10_000, timeout=0.2
            ):
                pass

    asyncio.run(main())
    assert _leftovers() == before
