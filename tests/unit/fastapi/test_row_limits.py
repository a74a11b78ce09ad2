"""``DataFrameRoute.max_rows`` is checked before the body's cells are validated,
as early as each format allows (and ``parse_frame(..., max_rows=)`` directly)."""

from __future__ import annotations

import io
import json
from typing import Annotated, Any

import polars as pl
import pyarrow as pa
import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from pydantable import DataFrameModel
from pydantable.fastapi import DataFrameRoute, columnar_dependency, rows_dependency
from pydantable.fastapi.request.formats import (
    ARROW,
    CSV,
    JSON,
    NDJSON,
    PARQUET,
    BodyFormatError,
    RowLimitError,
    csv_row_count,
    parse_frame,
)

LIMIT = 3


class Users(DataFrameModel):
    id: int
    name: str
    age: int | None = None


class Limited(DataFrameRoute):
    max_rows = LIMIT


app = FastAPI()
app.router.route_class = Limited


@app.post("/frame")
def frame(df: Users) -> dict[str, int]:
    return {"rows": df.height}


@app.post("/frame-async")
async def frame_async(df: Users) -> dict[str, int]:
    return {"rows": df.height}


@app.post("/columns")
def columns(
    df: Annotated[Users, Depends(columnar_dependency(Users))],
) -> dict[str, int]:
    return {"rows": df.height}


@app.post("/rows")
def rows(df: Annotated[Users, Depends(rows_dependency(Users))]) -> dict[str, int]:
    return {"rows": df.height}


client = TestClient(app)
PATHS = ["/frame", "/frame-async", "/columns", "/rows"]


def users(n: int, *, valid: bool = True) -> pl.DataFrame:
    ids: list[Any] = list(range(n)) if valid else ["x"] * n
    return pl.DataFrame({"id": ids, "name": [f"u{i}" for i in range(n)]})


def encode(df: pl.DataFrame, fmt: str) -> tuple[bytes, str]:
    """The body of ``df`` in format ``fmt``, written by Polars, and its media type."""
    buffer = io.BytesIO()
    if fmt == "json-columns":
        return json.dumps(df.to_dict(as_series=False)).encode(), JSON
    if fmt == "json-rows":
        return df.write_json().encode(), JSON
    if fmt == "ndjson":
        return df.write_ndjson().encode(), NDJSON
    if fmt == "csv":
        return df.write_csv().encode(), CSV
    if fmt == "arrow":
        df.write_ipc_stream(buffer)
        return buffer.getvalue(), ARROW
    df.write_parquet(buffer)
    return buffer.getvalue(), PARQUET


FORMATS = ["json-columns", "json-rows", "ndjson", "csv", "arrow", "parquet"]


def post(path: str, body: bytes, media: str) -> Any:
    return client.post(path, content=body, headers={"content-type": media})


# every route with every body format it reads (a dependency reads one JSON shape)
CASES = [
    (path, fmt)
    for path in PATHS
    for fmt in FORMATS
    if (path, fmt) not in {("/columns", "json-rows"), ("/rows", "json-columns")}
]


@pytest.mark.parametrize(("path", "fmt"), CASES)
def test_limit_rows_pass_one_more_is_413(path: str, fmt: str) -> None:
    r = post(path, *encode(users(LIMIT), fmt))
    assert (r.status_code, r.json()) == (200, {"rows": LIMIT})
    r = post(path, *encode(users(LIMIT + 1), fmt))
    assert r.status_code == 413
    expected = "more than 3" if fmt == "arrow" else "4 > 3"
    assert r.json() == {"detail": f"Too many rows: {expected}"}


@pytest.mark.parametrize(("path", "fmt"), CASES)
def test_the_limit_is_checked_before_validation(path: str, fmt: str) -> None:
    invalid = post(path, *encode(users(LIMIT, valid=False), fmt))
    assert invalid.status_code == 422  # the same cells under the limit: invalid
    r = post(path, *encode(users(LIMIT + 2, valid=False), fmt))
    assert r.status_code == 413, r.text


def test_ragged_json_columns_count_their_longest_column() -> None:
    r = client.post("/frame", json={"id": [1] * 5, "name": ["a"]})
    assert (r.status_code, r.json()) == (413, {"detail": "Too many rows: 5 > 3"})
    ragged = client.post("/frame", json={"id": [1, 2], "name": ["a"]})
    assert ragged.status_code == 400  # under the limit: the ragged-columns error


def test_ndjson_blank_lines_are_not_rows() -> None:
    body = b'\n{"id":1,"name":"a"}\r\n\r\n  \n{"id":2,"name":"b"}\n\n\t\n{"id":3,"name":"c"}'
    assert body.count(b"\n") > LIMIT
    r = post("/frame", body, NDJSON)
    assert (r.status_code, r.json()) == (200, {"rows": 3})
    r = post("/frame", body + b'\n{"id":4,"name":"d"}\n', NDJSON)
    assert (r.status_code, r.json()) == (413, {"detail": "Too many rows: 4 > 3"})


def test_csv_quoted_newlines_are_parsed_before_judging() -> None:
    df = pl.DataFrame({"id": [1, 2, 3], "name": ["a\nb", "c\r\nd", "e\n\nf"]})
    body = df.write_csv().encode()
    assert body.count(b"\n") > LIMIT
    assert csv_row_count(body) is None
    r = post("/frame", body, CSV)
    assert (r.status_code, r.json()) == (200, {"rows": 3})
    more = pl.concat([df, df.head(1)]).write_csv().encode()
    r = post("/frame", more, CSV)
    assert (r.status_code, r.json()) == (413, {"detail": "Too many rows: 4 > 3"})


def test_csv_header_and_crlf_lines() -> None:
    body = b"id,name\r\n1,a\r\n2,b\r\n3,c\r\n"
    assert csv_row_count(body) == 3
    assert post("/frame", body, CSV).json() == {"rows": 3}
    r = post("/frame", body + b"4,d", CSV)
    assert (r.status_code, r.json()) == (413, {"detail": "Too many rows: 4 > 3"})


# Bodies made of the CSV characters that matter to line counting.
csv_bodies = st.lists(
    st.sampled_from(["a", "b", ",", "\n", "\r\n", "\r", '"', " ", "\ufeff", "1"]),
    max_size=30,
).map(lambda parts: "".join(parts).encode())


@settings(max_examples=300, deadline=None)
@given(body=csv_bodies)
def test_csv_row_count_is_exact_when_it_answers(body: bytes) -> None:
    counted = csv_row_count(body)
    try:
        height = pl.read_csv(io.BytesIO(body), infer_schema=False).height
    except (pl.exceptions.PolarsError, ValueError):
        return  # unreadable: a 400 either way
    if counted is not None:
        assert counted == height, body
    assert height <= body.count(b"\n")  # the upper bound used to skip the check


def test_parquet_rows_come_from_the_footer_before_the_data() -> None:
    buffer = io.BytesIO()
    pl.DataFrame({"id": range(1000), "name": ["x"] * 1000}).write_parquet(
        buffer, compression="uncompressed"
    )
    body = bytearray(buffer.getvalue())
    body[8 : len(body) // 2] = b"\xff" * (len(body) // 2 - 8)  # data pages, not footer
    with pytest.raises(RowLimitError, match=r"^Too many rows: 1000 > 10$"):
        parse_frame(Users, bytes(body), PARQUET, max_rows=10)
    with pytest.raises(BodyFormatError):  # reading the data fails
        parse_frame(Users, bytes(body), PARQUET, max_rows=5000)
    r = post("/frame", bytes(body), PARQUET)
    assert (r.status_code, r.json()) == (413, {"detail": "Too many rows: 1000 > 3"})


def test_arrow_stream_stops_reading_once_over() -> None:
    table = users(100).to_arrow()
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        for batch in table.to_batches(max_chunksize=2):
            writer.write_batch(batch)
    stream = sink.getvalue()
    broken = stream[: len(stream) // 2] + b"\x07 not a message"
    with pytest.raises(RowLimitError, match=r"^Too many rows: more than 3$"):
        parse_frame(Users, broken, ARROW, max_rows=3)
    with pytest.raises(BodyFormatError):  # the later batches are read without one
        parse_frame(Users, broken, ARROW)
    assert parse_frame(Users, stream, ARROW, max_rows=100).height == 100


def test_arrow_file_format_is_read_too() -> None:
    buffer = io.BytesIO()
    users(5).write_ipc(buffer)
    assert parse_frame(Users, buffer.getvalue(), ARROW).height == 5
    with pytest.raises(RowLimitError):
        parse_frame(Users, buffer.getvalue(), ARROW, max_rows=4)


def test_parse_frame_max_rows_is_keyword_only() -> None:
    body = b'{"id": [1], "name": ["a"]}'
    with pytest.raises(TypeError):
        parse_frame(Users, body, JSON, 3)  # type: ignore[misc]
    assert parse_frame(Users, body, JSON, max_rows=1).to_dict() == {
        "id": [1],
        "name": ["a"],
        "age": [None],
    }
    assert issubclass(RowLimitError, ValueError)


def test_no_limit_by_default() -> None:
    plain = FastAPI()
    plain.router.route_class = DataFrameRoute

    @plain.post("/n")
    def n(df: Users) -> dict[str, int]:
        return {"rows": df.height}

    body, media = encode(users(500), "csv")
    r = TestClient(plain).post("/n", content=body, headers={"content-type": media})
    assert r.json() == {"rows": 500}
