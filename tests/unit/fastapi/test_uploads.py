"""``multipart/form-data`` uploads of a frame body on a ``DataFrameRoute``.

The module-level ``app`` is also served by real uvicorn (the size-limit test).
"""

from __future__ import annotations

import io
import json
import socket
from typing import Annotated, Any

import polars as pl
import pytest
from fastapi import Depends, FastAPI, UploadFile
from fastapi.testclient import TestClient

from pydantable import DataFrameModel
from pydantable.fastapi import DataFrameRoute, columnar_dependency, rows_dependency
from pydantable.fastapi.request.uploads import is_multipart, upload_media

LIMIT_BYTES = 64 * 1024


class Users(DataFrameModel):
    id: int
    name: str
    age: int | None = None


class Route(DataFrameRoute):
    max_body_bytes = LIMIT_BYTES
    max_rows = 1000


app = FastAPI()
app.router.route_class = Route


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/frame")
def frame(df: Users) -> dict[str, Any]:
    return df.to_dict()


@app.post("/frame-async")
async def frame_async(df: Users) -> dict[str, Any]:
    return df.to_dict()


@app.post("/columns")
def columns(
    df: Annotated[Users, Depends(columnar_dependency(Users))],
) -> dict[str, Any]:
    return df.to_dict()


@app.post("/rows")
def rows(df: Annotated[Users, Depends(rows_dependency(Users))]) -> dict[str, Any]:
    return df.to_dict()


@app.post("/plain-upload")
async def plain_upload(file: UploadFile) -> dict[str, Any]:
    """Not a frame body: FastAPI's own form handling applies."""
    return {"name": file.filename, "size": len(await file.read())}


client = TestClient(app)
DATA = pl.DataFrame(
    {"id": [1, 2, 3], "name": ["a", "b,c", "d\ne"], "age": [30, None, 4]}
)
EXPECTED = {"id": [1, 2, 3], "name": ["a", "b,c", "d\ne"], "age": [30, None, 4]}


def written(df: pl.DataFrame, fmt: str) -> bytes:
    """``df`` as a file of format ``fmt``, written by Polars."""
    buffer = io.BytesIO()
    if fmt == "csv":
        df.write_csv(buffer)
    elif fmt == "ndjson":
        df.write_ndjson(buffer)
    elif fmt == "json":
        buffer.write(json.dumps(df.to_dict(as_series=False)).encode())
    elif fmt == "arrow-stream":
        df.write_ipc_stream(buffer)
    elif fmt == "arrow-file":
        df.write_ipc(buffer)
    else:
        df.write_parquet(buffer)
    return buffer.getvalue()


# format → (media type of the part, a file name telling it)
FORMATS = {
    "csv": ("text/csv", "users.csv"),
    "ndjson": ("application/x-ndjson", "users.jsonl"),
    "json": ("application/json", "users.json"),
    "arrow-stream": ("application/vnd.apache.arrow.stream", "users.arrows"),
    "arrow-file": ("application/vnd.apache.arrow.file", "users.arrow"),
    "parquet": ("application/vnd.apache.parquet", "users.parquet"),
}


@pytest.mark.parametrize("path", ["/frame", "/frame-async", "/columns", "/rows"])
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_upload_by_content_type_or_extension(path: str, fmt: str) -> None:
    if fmt == "json" and path == "/rows":
        body = DATA.write_json().encode()  # a rows dependency reads row objects
    else:
        body = written(DATA, fmt)
    media, filename = FORMATS[fmt]
    by_type = client.post(path, files={"file": ("upload.bin", body, media)})
    assert (by_type.status_code, by_type.json()) == (200, EXPECTED)
    octets = "application/octet-stream"
    by_name = client.post(path, files={"file": (filename, body, octets)})
    assert (by_name.status_code, by_name.json()) == (200, EXPECTED)
    upper = client.post(path, files={"file": (filename.upper(), body, "")})
    assert upper.json() == EXPECTED


def test_upload_gives_what_the_raw_body_gives() -> None:
    for fmt, (media, filename) in FORMATS.items():
        if fmt == "arrow-file":
            continue  # a raw body names the stream format
        body = written(DATA, fmt)
        raw = client.post("/frame", content=body, headers={"content-type": media})
        upload = client.post("/frame", files={"file": (filename, body)})
        assert raw.json() == upload.json() == EXPECTED, fmt


def test_csv_upload_errors_are_located_row_then_column() -> None:
    bad = pl.DataFrame(
        {"id": ["1", "x", "y"], "name": ["a", "b", "c"], "age": ["2", None, "old"]}
    )
    r = client.post("/frame", files={"file": ("u.csv", written(bad, "csv"))})
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert [e["loc"] for e in detail] == [
        ["body", 1, "id"],
        ["body", 2, "id"],
        ["body", 2, "age"],
    ]
    # the same rows as NDJSON (strings, like CSV cells) give the same errors
    ndjson = bad.write_ndjson()
    twin = client.post(
        "/frame", content=ndjson, headers={"content-type": "application/x-ndjson"}
    )
    assert twin.json()["detail"] == detail
    raw = client.post(
        "/frame", content=written(bad, "csv"), headers={"content-type": "text/csv"}
    )
    assert raw.json()["detail"] == detail


def test_the_part_named_file_else_the_only_file() -> None:
    csv = written(DATA, "csv")
    other = written(DATA.head(1), "csv")
    named = client.post(
        "/frame",
        data={"note": "x"},
        files=[("extra", ("a.csv", other)), ("file", ("b.csv", csv))],
    )
    assert named.json() == EXPECTED
    only = client.post(
        "/frame", data={"file": "text"}, files={"upload": ("a.csv", csv)}
    )
    assert only.json() == EXPECTED


def _plain_missing_file() -> Any:
    """What FastAPI answers a form without the ``file: UploadFile`` it needs."""
    plain = FastAPI()

    @plain.post("/up")
    async def up(file: UploadFile) -> None:  # pragma: no cover - never called
        raise AssertionError

    return TestClient(plain).post("/up", files={"x": (None, b"1")}).json()


def test_no_file_part_is_fastapis_missing_file_422() -> None:
    expected = _plain_missing_file()
    assert expected["detail"][0]["loc"] == ["body", "file"]
    csv = written(DATA, "csv")
    cases = [
        {"files": {"x": (None, b"1")}},  # text fields only
        {"files": {"file": (None, csv)}},  # a text field named file
        {"files": [("a", ("a.csv", csv)), ("b", ("b.csv", csv))]},  # which one?
        {"files": {"file": ("empty.csv", b"")}},  # an empty file
    ]
    for kwargs in cases:
        r = client.post("/frame", **kwargs)
        assert (r.status_code, r.json()) == (422, expected), kwargs


def test_unknown_upload_format_is_415() -> None:
    r = client.post(
        "/frame", files={"file": ("photo.png", b"\x89PNG....", "image/png")}
    )
    assert r.status_code == 415
    assert "photo.png" in r.json()["detail"]
    assert ".parquet" in r.json()["detail"]
    r = client.post(
        "/frame", files={"file": ("noext", b"id\n1\n", "application/octet-stream")}
    )
    assert r.status_code == 415


def test_bad_files_and_bad_forms_are_4xx() -> None:
    r = client.post("/frame", files={"file": ("u.parquet", b"PAR1 not parquet")})
    assert (r.status_code, r.json()) == (
        400,
        {"detail": "the body is not valid Parquet"},
    )
    r = client.post("/frame", files={"file": ("u.json", b"{nope")})
    assert r.status_code == 422
    assert r.json()["detail"][0]["type"] == "json_invalid"
    r = client.post("/frame", files={"file": ("u.json", b"\x80 [")})
    assert r.status_code == 400  # not UTF-8
    no_boundary = {"content-type": "multipart/form-data"}
    r = client.post("/frame", content=b"--x\r\n", headers=no_boundary)
    assert (r.status_code, r.json()) == (
        400,
        {"detail": "Missing boundary in multipart."},
    )
    many = [(f"f{i}", (f"{i}.csv", b"id\n1\n")) for i in range(9)]
    assert client.post("/frame", files=many).status_code == 400


def test_upload_limits_rows_and_bytes() -> None:
    big = pl.DataFrame({"id": range(1001), "name": ["n"] * 1001})
    r = client.post("/frame", files={"file": ("u.csv", written(big, "csv"))})
    assert (r.status_code, r.json()) == (413, {"detail": "Too many rows: 1001 > 1000"})
    huge = b"id,name\n" + b"1,abcdefghijklmnop\n" * 4000
    r = client.post("/frame", files={"file": ("u.csv", huge)})
    assert (r.status_code, r.json()) == (
        413,
        {"detail": f"Body larger than {LIMIT_BYTES} bytes"},
    )


def test_a_plain_upload_route_is_left_to_fastapi() -> None:
    r = client.post("/plain-upload", files={"file": ("x.png", b"12345", "image/png")})
    assert r.json() == {"name": "x.png", "size": 5}


def test_helpers() -> None:
    assert is_multipart("Multipart/Form-Data; boundary=abc")
    assert not is_multipart("multipart/mixed; boundary=abc")
    assert not is_multipart(None)
    assert upload_media("text/csv; charset=utf-8", "x.parquet") == "text/csv"
    assert upload_media("application/octet-stream", "C:\\data\\x.Parquet") == (
        "application/vnd.apache.parquet"
    )
    assert upload_media(None, "x.ipc") == "application/vnd.apache.arrow.stream"
    assert upload_media("text/plain", None) is None


def test_the_limit_applies_while_the_upload_arrives() -> None:
    """Over real uvicorn: the 413 comes before the client finished sending."""
    from server import uvicorn_server

    with uvicorn_server("tests.unit.fastapi.test_uploads:app") as base:
        host, port = base.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(
                b"POST /frame HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                b"Content-Type: multipart/form-data; boundary=B\r\n\r\n"
            )
            head = (
                b'--B\r\nContent-Disposition: form-data; name="file"; filename="u.csv"'
            )
            part = head + b"\r\n\r\nid,name\r\n" + b"1,abcdefghijklmnop\r\n" * 5000
            assert len(part) > LIMIT_BYTES
            sock.sendall(b"%x\r\n%s\r\n" % (len(part), part))
            # no closing boundary, no last chunk: the request is still arriving
            response = b""
            while b"Body larger" not in response:
                received = sock.recv(65536)  # times out if no answer comes
                if not received:
                    break
                response += received
    assert response.startswith(b"HTTP/1.1 413"), response[:200]
    assert f"Body larger than {LIMIT_BYTES} bytes".encode() in response
