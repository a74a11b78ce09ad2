"""``ndjson_streaming_response(df.astream(...))``: lines written by the engine.

A frame's ``astream()`` handed to the response as it is has its JSON lines
written by the engine, with no Python value per cell. They are byte for byte
the lines of the Python way (``pydantic_core.to_json`` of each batch, non-finite
floats as ``null``); anything else (a started iterator, other dtypes, a
generator of the user's) takes the Python way.
"""

import asyncio
import datetime as dt
import json
import math
import uuid
from typing import Any, Literal

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import AwareDatetime

from pydantable import DataFrameModel
from pydantable.fastapi import ndjson_chunk_bytes, ndjson_streaming_response
from pydantable.streaming import engine_writes_json, json_line, python_json_line


class Wide(DataFrameModel):
    i: int | None
    f: float | None
    s: str | None
    b: bool | None
    c: Literal["a", "b"] | None
    ts: dt.datetime | None
    tz: AwareDatetime | None
    day: dt.date | None
    u: uuid.UUID | None


UTC = dt.timezone.utc
EDGES: dict[str, list[Any]] = {
    "i": [0, -(2**63), 2**63 - 1, None, 5, 6, 7, 8],
    "f": [0.1, -0.0, math.nan, math.inf, 1e300, 5e-324, None, 100.0],
    "s": ["é", "\u2028", "\x00\x1f", '"\\', "😀", "</script>", None, ""],
    "b": [True, False, None, True, True, True, True, False],
    "c": ["a", "b", None, "a", "a", "b", "a", "a"],
    "ts": [
        dt.datetime(2024, 1, 1),
        dt.datetime(1, 1, 1, 0, 0, 0, 1),
        dt.datetime(9999, 12, 31, 23, 59, 59, 999999),
        None,
        dt.datetime(2024, 1, 1, 0, 0, 0, 500000),
        dt.datetime(2024, 1, 1, 12),
        dt.datetime(2024, 1, 1, 0, 1),
        dt.datetime(2024, 1, 1),
    ],
    "tz": [
        dt.datetime(2024, 1, 1, tzinfo=UTC),
        dt.datetime(2024, 1, 1, 5, 30, tzinfo=dt.timezone(dt.timedelta(hours=5))),
        None,
        dt.datetime(1999, 12, 31, 23, 59, 59, 1, tzinfo=UTC),
        *[dt.datetime(2024, 6, 1, tzinfo=UTC)] * 4,
    ],
    "day": [dt.date(2024, 1, 1), dt.date(1, 1, 1), None, dt.date(9999, 12, 31)] * 2,
    "u": [str(uuid.UUID(int=k)) for k in range(7)] + [None],
}


def _python_lines(frame: DataFrameModel, batch_size: int) -> list[bytes]:
    return [python_json_line(b) for b in frame.stream(batch_size=batch_size)]


async def _lines(chunks: Any) -> list[bytes]:
    return [line async for line in ndjson_chunk_bytes(chunks)]


def test_engine_lines_equal_python_lines_byte_for_byte() -> None:
    frame = Wide(EDGES)
    assert engine_writes_json(frame._plan.schema)
    engine = asyncio.run(_lines(frame.astream(batch_size=3)))
    assert engine == _python_lines(frame, 3)
    first = json.loads(engine[0])
    assert first["f"] == [0.1, -0.0, None]  # NaN is null: valid JSON
    assert first["ts"][1] == "0001-01-01T00:00:00.000001"


def test_a_started_iterator_continues_the_python_way() -> None:
    frame = Wide(EDGES)

    async def rest() -> list[bytes]:
        batches = frame.astream(batch_size=3)
        await batches.__anext__()
        return await _lines(batches)

    assert asyncio.run(rest()) == _python_lines(frame, 3)[1:]


def test_other_dtypes_take_the_python_way() -> None:
    class Other(DataFrameModel):
        wait: dt.timedelta
        tags: list[str]

    frame = Other({"wait": [dt.timedelta(seconds=1)], "tags": [["x"]]})
    assert not engine_writes_json(frame._plan.schema)
    assert asyncio.run(_lines(frame.astream(batch_size=5))) == [
        b'{"wait":["PT1S"],"tags":[["x"]]}\n'
    ]


@settings(max_examples=80, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.none() | st.integers(-(2**63), 2**63 - 1),
            st.none() | st.floats(allow_nan=True, allow_infinity=True),
            st.none() | st.text(),
            st.none() | st.datetimes(min_value=dt.datetime(1, 1, 1)),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_property_engine_lines_equal_python_lines(rows: list[tuple[Any, ...]]) -> None:
    class Cells(DataFrameModel):
        i: int | None
        f: float | None
        s: str | None
        ts: dt.datetime | None

    frame = Cells([dict(zip(("i", "f", "s", "ts"), r, strict=True)) for r in rows])
    result = frame.to_polars()
    assert json_line(result, frame._plan.schema) == python_json_line(frame.to_dict())


def test_streaming_route_answers_engine_lines() -> None:
    app = FastAPI()
    frame = Wide(EDGES)

    @app.get("/rows")
    async def rows() -> Any:
        return ndjson_streaming_response(frame.astream(batch_size=2))

    response = TestClient(app).get("/rows")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-ndjson"
    assert response.content.splitlines(keepends=True) == _python_lines(frame, 2)


@pytest.mark.parametrize("batch_size", [1, 8, 100])
def test_batching_is_the_same(batch_size: int) -> None:
    frame = Wide(EDGES)
    filtered = frame.filter(frame.i.is_not_null())
    lines = asyncio.run(_lines(filtered.astream(batch_size=batch_size)))
    assert lines == _python_lines(filtered, batch_size)
    total = sum(len(json.loads(line)["i"]) for line in lines)
    assert total == 7
