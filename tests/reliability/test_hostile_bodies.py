"""Hostile request bodies and uploads: an unreadable file is a 4xx, never a 500.

A frame body that is not valid Parquet/Arrow/CSV is a 400 (``BodyFormatError``);
an :class:`~pydantable.errors.InvalidSourceError` raised in a route (a file the
route reads) is a 400 naming the file, from the same error table.
"""

from __future__ import annotations

import decimal
import io
import tempfile
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pytest
from fastapi import FastAPI, UploadFile
from fastapi.testclient import TestClient

from pydantable import DataFrameModel, InvalidSourceError
from pydantable._http_errors import error_rule
from pydantable.fastapi import DataFrameRoute, register_exception_handlers
from pydantable.fastapi.errors import http_status, to_http


class Users(DataFrameModel):
    id: int
    name: str


class Money(DataFrameModel):
    x: decimal.Decimal


class Route(DataFrameRoute):
    max_body_bytes = 1 << 20


app = FastAPI()
app.router.route_class = Route
register_exception_handlers(app)


@app.post("/frame")
def frame(df: Users) -> dict[str, Any]:
    return df.to_dict()


@app.post("/money")
def money(df: Money) -> dict[str, Any]:
    return {"x": [str(v) for v in df.to_dict()["x"]]}


@app.post("/stored")
async def stored(file: UploadFile) -> dict[str, Any]:
    """A route that stores the upload and scans it (a common pattern)."""
    folder = Path(tempfile.mkdtemp())
    path = folder / "upload.parquet"
    path.write_bytes(await file.read())
    return Users.read_parquet(path).to_dict()


client = TestClient(app, raise_server_exceptions=False)


def _parquet() -> bytes:
    buffer = io.BytesIO()
    pl.DataFrame({"id": [1, 2], "name": ["a", "b"]}).write_parquet(buffer)
    return buffer.getvalue()


def _arrow(table: pa.Table, *, file: bool) -> bytes:
    sink = pa.BufferOutputStream()
    opener = pa.ipc.new_file if file else pa.ipc.new_stream
    with opener(sink, table.schema) as writer:
        writer.write_table(table)
    return bytes(sink.getvalue().to_pybytes())


def test_the_error_table_answers_invalid_source_with_400() -> None:
    err = InvalidSourceError(source="u.parquet", format="parquet", reason="bad")
    assert http_status(err) == 400
    rule = error_rule(err)
    assert rule is not None
    assert rule.error_type == "invalid_source"
    answer = to_http(err)
    assert (answer.status_code, answer.detail) == (400, str(err))


@pytest.mark.parametrize("cut", [0, 12, 100, -8])
def test_a_damaged_parquet_upload_read_in_a_route_is_400(cut: int) -> None:
    body = _parquet()[:cut] if cut else b""
    r = client.post("/stored", files={"file": ("u.parquet", body)})
    assert r.status_code == 400, r.text
    assert "upload.parquet' as parquet" in r.json()["detail"]
    ok = client.post("/stored", files={"file": ("u.parquet", _parquet())})
    assert ok.json() == {"id": [1, 2], "name": ["a", "b"]}


MEDIA = {
    "parquet": "application/vnd.apache.parquet",
    "arrow-file": "application/vnd.apache.arrow.file",
    "arrow-stream": "application/vnd.apache.arrow.stream",
    "csv": "text/csv",
}


def _valid_body(kind: str) -> bytes:
    table = pa.table({"id": [1, 2], "name": ["a", "b"]})
    if kind == "parquet":
        return _parquet()
    if kind == "csv":
        return b"id,name\n1,a\n2,b\n"
    return _arrow(table, file=kind == "arrow-file")


@pytest.mark.parametrize("kind", ["parquet", "arrow-file", "arrow-stream"])
def test_damaged_frame_bodies_are_400_not_500(kind: str) -> None:
    valid = _valid_body(kind)
    assert client.post(
        "/frame", content=valid, headers={"content-type": MEDIA[kind]}
    ).json() == {"id": [1, 2], "name": ["a", "b"]}
    for body in (valid[: len(valid) // 2], valid[:-3], b"\x00" * 64, b"PAR1" * 3):
        r = client.post("/frame", content=body, headers={"content-type": MEDIA[kind]})
        assert 400 <= r.status_code < 500, (kind, body[:20], r.status_code, r.text)


@pytest.mark.parametrize(
    "body", [b'id,name\n1,"a\n2', b"\xff\xfe\x00\x00" * 8, b"id,name\n1,a,b,c\n"]
)
def test_broken_csv_bodies_are_4xx(body: bytes) -> None:
    r = client.post("/frame", content=body, headers={"content-type": MEDIA["csv"]})
    assert 400 <= r.status_code < 500, (body, r.status_code, r.text)


@pytest.mark.parametrize("file", [True, False])
def test_a_wide_decimal256_arrow_body_is_4xx(file: bool) -> None:
    table = pa.table(
        {"x": pa.array([decimal.Decimal("1.50")], type=pa.decimal256(40, 2))}
    )
    media = MEDIA["arrow-file" if file else "arrow-stream"]
    r = client.post(
        "/money", content=_arrow(table, file=file), headers={"content-type": media}
    )
    assert 400 <= r.status_code < 500, r.text
    narrow = table.cast(pa.schema([pa.field("x", pa.decimal256(20, 2))]))
    r = client.post(
        "/money", content=_arrow(narrow, file=file), headers={"content-type": media}
    )
    assert r.status_code == 200, r.text
    assert [decimal.Decimal(v) for v in r.json()["x"]] == [decimal.Decimal("1.5")]
