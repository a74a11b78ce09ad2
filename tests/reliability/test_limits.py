"""One configuration of input limits (``pydantable.limits``), enforced before the
body is decoded where the format allows, answered 413 (bytes, rows) or 422."""

from __future__ import annotations

import io
import pickle
from typing import Any, ClassVar

import polars as pl
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from pydantable import DataFrameModel
from pydantable.errors import LimitExceededError, PydantableUserError
from pydantable.fastapi import DataFrameRoute
from pydantable.fastapi.request.formats import (
    ARROW,
    CSV,
    JSON,
    NDJSON,
    PARQUET,
    RowLimitError,
    parse_frame,
)
from pydantable.limits import (
    IngestLimits,
    get_limits,
    limits_scope,
    set_default_limits,
)


class Note(DataFrameModel):
    id: int
    text: str


def test_defaults_are_safe_for_a_public_service() -> None:
    limits = IngestLimits()
    assert limits.max_body_bytes == 64 * 1024 * 1024
    assert limits.max_rows == 1_000_000
    assert limits.max_columns == 1_000
    assert limits.max_depth == 64
    assert limits.max_cell_bytes == 16 * 1024 * 1024
    assert limits.max_errors == 100


def test_limits_are_keyword_only_frozen_and_checked() -> None:
    with pytest.raises(TypeError):
        IngestLimits(10)  # type: ignore[misc]
    with pytest.raises(AttributeError):
        IngestLimits().max_rows = 3  # type: ignore[misc]
    for bad in (-1, 1.5, True, "10"):
        with pytest.raises(ValueError, match="max_rows"):
            IngestLimits(max_rows=bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_errors"):
        IngestLimits(max_errors=None)  # type: ignore[arg-type]


def test_process_default_and_scopes() -> None:
    before = get_limits()
    previous = set_default_limits(IngestLimits(max_columns=7))
    try:
        assert get_limits().max_columns == 7
        with limits_scope(max_depth=3) as inner:
            assert get_limits() is inner
            assert (inner.max_columns, inner.max_depth) == (7, 3)
            with limits_scope(IngestLimits(), max_rows=2):
                assert get_limits().max_columns == 1_000
            assert get_limits() is inner
        assert get_limits().max_depth == 64
    finally:
        set_default_limits(previous)
    assert get_limits() == before
    with pytest.raises(TypeError):
        set_default_limits({"max_rows": 1})  # type: ignore[arg-type]


def test_the_error_names_the_limit_value_and_maximum() -> None:
    err = LimitExceededError("max_columns", 1500, 1000, what="number of columns")
    assert isinstance(err, PydantableUserError)
    assert (err.limit, err.value, err.maximum) == ("max_columns", 1500, 1000)
    assert "1500" in str(err)
    assert "max_columns=1000" in str(err)
    again = pickle.loads(pickle.dumps(err))
    assert (again.limit, again.value, again.maximum, str(again)) == (
        err.limit,
        err.value,
        err.maximum,
        str(err),
    )


def _wide(columns: int) -> dict[str, list[int]]:
    return {f"c{i}": [1] for i in range(columns)}


def _binary(frame: pl.DataFrame, media: str) -> bytes:
    buffer = io.BytesIO()
    if media == PARQUET:
        frame.write_parquet(buffer)
    elif media == ARROW:
        frame.write_ipc_stream(buffer)
    else:
        frame.write_csv(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("media", [CSV, PARQUET, ARROW])
def test_max_columns_of_binary_and_csv_bodies(media: str) -> None:
    body = _binary(pl.DataFrame(_wide(20)), media)
    with pytest.raises(LimitExceededError) as caught:
        parse_frame(Note, body, media, limits=IngestLimits(max_columns=5))
    assert (caught.value.limit, caught.value.value, caught.value.maximum) == (
        "max_columns",
        20,
        5,
    )


def test_max_columns_of_a_json_body() -> None:
    body = pl.DataFrame(_wide(20)).write_json().encode()  # rows
    columns = b'{"id": [1], "text": ["a"], "x": [1], "y": [2]}'
    with pytest.raises(LimitExceededError, match="max_columns=3"):
        parse_frame(Note, columns, JSON, limits=IngestLimits(max_columns=3))
    # rows: the schema refuses the unknown keys (the column count is the model's)
    with pytest.raises(ValueError):
        parse_frame(Note, body, JSON, limits=IngestLimits(max_columns=3))


@pytest.mark.parametrize("media", [CSV, PARQUET, ARROW, JSON, NDJSON])
def test_max_cell_bytes(media: str) -> None:
    big = "x" * 5000
    frame = pl.DataFrame({"id": [1, 2], "text": ["small", big]})
    if media == JSON:
        body = frame.write_json().encode()
    elif media == NDJSON:
        body = frame.write_ndjson().encode()
    else:
        body = _binary(frame, media)
    limits = IngestLimits(max_cell_bytes=1000)
    with pytest.raises(LimitExceededError) as caught:
        parse_frame(Note, body, media, limits=limits)
    assert (caught.value.limit, caught.value.value, caught.value.maximum) == (
        "max_cell_bytes",
        5000,
        1000,
    )
    fine = parse_frame(Note, body, media, limits=IngestLimits(max_cell_bytes=5000))
    assert fine.to_dict()["text"] == ["small", big]


def test_parse_frame_without_limits_keeps_its_behaviour() -> None:
    body = b'{"id": [1], "text": ["' + b"[" * 10 + b'"]}'
    assert parse_frame(Note, body, JSON).to_dict() == {"id": [1], "text": ["[" * 10]}
    with pytest.raises(RowLimitError):
        parse_frame(Note, b'{"id": [1, 2], "text": ["a", "b"]}', JSON, max_rows=1)


class Small(DataFrameRoute):
    limits: ClassVar[IngestLimits | None] = IngestLimits(
        max_body_bytes=2_000,
        max_rows=3,
        max_columns=2,
        max_depth=3,
        max_cell_bytes=10,
        max_errors=2,
    )


class Legacy(Small):
    max_rows = 5  # the per-attribute override still wins


def _client(route_class: type[DataFrameRoute]) -> TestClient:
    app = FastAPI()
    app.router.route_class = route_class

    @app.post("/notes")
    def notes(df: Note) -> Any:
        return {"rows": df.height}

    return TestClient(app, raise_server_exceptions=False)


def _rows(n: int, text: str = "t") -> dict[str, list[Any]]:
    return {"id": list(range(n)), "text": [text] * n}


def test_route_limits_answer_413_and_422() -> None:
    client = _client(Small)
    assert client.post("/notes", json=_rows(3)).json() == {"rows": 3}
    too_big = client.post("/notes", content=b" " * 3000, headers={"content-type": JSON})
    assert too_big.status_code == 413
    assert client.post("/notes", json=_rows(4)).status_code == 413
    long_cell = client.post("/notes", json=_rows(1, "x" * 11))
    assert long_cell.status_code == 422
    [error] = long_cell.json()["detail"]
    assert error["type"] == "limit_exceeded"
    assert error["ctx"] == {"limit": "max_cell_bytes", "value": 11, "maximum": 10}
    deep = client.post("/notes", content=b'{"id": [[[1]]], "text": ["a"]}')
    assert deep.json()["detail"][0]["ctx"]["limit"] == "max_depth"
    wide = client.post(
        "/notes",
        content=b"id,text,extra\n1,a,b\n",
        headers={"content-type": CSV},
    )
    assert wide.status_code == 422
    assert wide.json()["detail"][0]["ctx"]["limit"] == "max_columns"
    errors = client.post("/notes", json={"id": ["a", "b", "c"], "text": ["t"] * 3})
    assert errors.status_code == 422
    assert len(errors.json()["detail"]) == 2
    assert errors.headers["X-Error-Count"] == "3"


def test_a_subclass_attribute_overrides_its_field() -> None:
    assert Legacy.max_rows == 5
    client = _client(Legacy)
    assert client.post("/notes", json=_rows(5)).json() == {"rows": 5}
    assert client.post("/notes", json=_rows(6)).status_code == 413


def test_routes_without_limits_follow_the_limits_in_force() -> None:
    client = _client(DataFrameRoute)
    previous = set_default_limits(IngestLimits(max_rows=2))
    try:
        assert client.post("/notes", json=_rows(3)).status_code == 413
    finally:
        set_default_limits(previous)
    assert client.post("/notes", json=_rows(3)).json() == {"rows": 3}
