"""Route fast paths keep FastAPI's behaviour: deferred body frames, Rust JSON results."""

# No ``from __future__ import annotations``: the routes below annotate with locals.

import contextlib
import datetime
import decimal
import enum
import json
import threading
import uuid
from typing import Annotated, Any

import pytest
from fastapi import APIRouter, Depends, FastAPI
from fastapi.encoders import jsonable_encoder
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import AfterValidator

from pydantable import DataFrameModel, set_observer
from pydantable.fastapi import (
    DataFrameRoute,
    columnar_dependency,
    register_exception_handlers,
    rows_dependency,
)
from pydantable.fastapi.response import render
from pydantable.fastapi.response.render import fast_json

built_in: list[str] = []


def _record_thread(value: int) -> int:
    built_in.append(threading.current_thread().name)
    return value


class Tracked(DataFrameModel):
    """Its ``id`` validator records the thread that validates (builds) the frame."""

    id: Annotated[int, AfterValidator(_record_thread)]
    age: int | None


def _app() -> FastAPI:
    app = FastAPI()
    register_exception_handlers(app)
    columns = columnar_dependency(Tracked)
    rows = rows_dependency(Tracked)

    @app.post("/body")
    def body(df: Tracked) -> dict[str, Any]:
        return {"rows": df.height, "thread": threading.current_thread().name}

    @app.post("/columns")
    def by_columns(df: Annotated[Tracked, Depends(columns)]) -> dict[str, Any]:
        return {"rows": df.height, "thread": threading.current_thread().name}

    @app.post("/rows")
    def by_rows(df: Annotated[Tracked, Depends(rows)]) -> dict[str, Any]:
        return {"rows": df.height, "thread": threading.current_thread().name}

    @app.post("/async")
    async def on_loop(df: Tracked) -> dict[str, Any]:
        return {"rows": df.height, "thread": threading.current_thread().name}

    def summary(df: Annotated[Tracked, Depends(columns)]) -> dict[str, Any]:
        assert isinstance(df, Tracked)  # a sub-dependency never sees a deferred body
        return {"rows": df.height}

    @app.post("/nested")
    def nested(stats: Annotated[dict[str, Any], Depends(summary)]) -> dict[str, Any]:
        return {**stats, "thread": threading.current_thread().name}

    return app


@pytest.fixture(scope="module")
def client() -> Any:
    with TestClient(_app()) as client:
        yield client


def _loop_thread(client: Any) -> str:
    """The name of the thread running the app's event loop."""
    answer = client.post("/async", json={"id": [1]})
    return str(answer.json()["thread"])


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/body", {"id": [1, 2]}),
        ("/columns", {"id": [1, 2]}),
        ("/rows", [{"id": 1}, {"id": 2}]),
    ],
)
def test_small_bodies_are_built_on_the_loop_and_sync_endpoints_run_in_a_worker(
    client: Any, path: str, body: Any
) -> None:
    loop = _loop_thread(client)
    built_in.clear()
    answer = client.post(path, json=body)
    assert answer.status_code == 200, answer.text
    assert answer.json()["rows"] == 2
    assert built_in == [loop, loop]
    assert answer.json()["thread"] != loop  # a ``def`` endpoint may block


def test_sub_dependencies_get_ready_frames(client: Any) -> None:
    built_in.clear()
    answer = client.post("/nested", json={"id": [1, 2, 3]})
    assert answer.status_code == 200, answer.text
    assert answer.json()["rows"] == 3
    assert len(built_in) == 3


@pytest.mark.parametrize("path", ["/body", "/columns", "/rows"])
def test_bodies_answer_422_and_400(client: Any, path: str) -> None:
    rows = path == "/rows"
    bad = [{"id": 1}, {"id": "x"}] if rows else {"id": [1, "x"]}
    answer = client.post(path, json=bad)
    assert answer.status_code == 422
    (error,) = answer.json()["detail"]
    assert error["type"] == "int_parsing"
    assert error["input"] == "x"
    assert error["loc"] == (["body", 1, "id"] if rows else ["body", "id", 1])
    if not rows:
        ragged = client.post(path, json={"id": [1, 2], "age": [1]})
        assert ragged.status_code == 400


class Colour(enum.Enum):
    RED = "red"


_SCALAR = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=6)
    | st.sampled_from([Colour.RED, uuid.UUID(int=7)])
)
_ODD = st.sampled_from(
    [
        datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
        datetime.date(2024, 1, 2),
        decimal.Decimal("1.5"),
        datetime.timedelta(seconds=3),
        b"bytes",
        frozenset({1}),
    ]
)
_VALUES = st.recursive(
    _SCALAR | _ODD,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(max_size=4), _VALUES, max_size=4) | st.lists(_VALUES))
def test_fast_json_writes_what_fastapi_writes_or_declines(value: Any) -> None:
    written = fast_json(value)
    if written is None:
        return
    expected = json.dumps(jsonable_encoder(value), ensure_ascii=False)
    assert json.loads(written) == json.loads(expected)


def test_fast_json_takes_frame_results_and_declines_what_fastapi_encodes_itself() -> (
    None
):
    frame = Tracked({"id": [1, 2], "age": [30, None]})
    assert fast_json(frame.to_dict()) == b'{"id":[1,2],"age":[30,null]}'
    assert fast_json(frame.to_dicts()) == b'[{"id":1,"age":30},{"id":2,"age":null}]'
    assert fast_json({"x": [float("nan"), float("inf")]}) == b'{"x":[null,null]}'
    for value in (
        {"when": [datetime.date(2024, 1, 1)]},
        {"n": [decimal.Decimal("1.5")]},
        {"big": [2**64]},
        {1: [1]},
        "text",
        frame,
    ):
        assert fast_json(value) is None


class _SmallInline(DataFrameRoute):
    inline_body_bytes = 64  # bodies above 64 bytes are parsed off the event loop


def test_large_bodies_are_parsed_and_large_results_written_off_the_loop() -> None:
    app = FastAPI()
    register_exception_handlers(app)
    router = APIRouter(route_class=_SmallInline)
    loop_threads: list[str] = []

    @router.post("/echo")
    async def echo(df: Tracked) -> Any:
        loop_threads.append(threading.current_thread().name)
        return df.filter(df.id > 0)

    @router.post("/count")
    def count(df: Tracked) -> dict[str, int]:
        return {"rows": df.height}

    app.include_router(router)
    written_in: list[str] = []

    def observer(event: dict[str, Any]) -> None:
        if event["op"] == "to_json":
            written_in.append(threading.current_thread().name)

    set_observer(observer)
    try:
        with TestClient(app) as client:
            built_in.clear()
            small = client.post("/echo", json={"id": [1]})  # 9 bytes: inline
            assert small.json() == {"id": [1], "age": [None]}
            assert built_in == loop_threads == written_in  # all on the loop
            big_ids = list(range(1, 30))
            built_in.clear()
            written_in.clear()
            big = client.post("/echo", json={"id": big_ids})
            assert big.json()["id"] == big_ids
            assert loop_threads[-1] not in built_in  # parsed in a worker thread
            assert written_in == [loop_threads[-1]]  # a small result: on the loop
            built_in.clear()
            assert client.post("/count", json={"id": big_ids}).json() == {"rows": 29}
            assert len(built_in) == 29  # a sync endpoint's large body ...
            assert loop_threads[-1] not in built_in  # ... is parsed off the loop too
            with patch_inline_cells(0):
                written_in.clear()
                assert client.post("/echo", json={"id": [1]}).status_code == 200
                assert written_in[0] != loop_threads[-1]  # a "large" result
    finally:
        set_observer(None)


@contextlib.contextmanager
def patch_inline_cells(cells: int) -> Any:
    saved = render.INLINE_RESULT_CELLS
    render.INLINE_RESULT_CELLS = cells
    try:
        yield
    finally:
        render.INLINE_RESULT_CELLS = saved


def test_fast_json_without_orjson_keeps_columns_of_scalars_only() -> None:
    from pydantable import _json

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(_json, "orjson", None)
        assert fast_json(
            {"a": [1, None], "b": ["x", "é"], "c": [1.5, float("nan")]}
        ) == ('{"a":[1,null],"b":["x","é"],"c":[1.5,null]}'.encode())
        for value in (
            {"a": [datetime.date(2024, 1, 1)]},
            {"a": [[1]]},
            {"a": 1},
            [{"a": 1}],
        ):
            assert fast_json(value) is None
        assert _json.dumps_columns({"a": [1, 2]}) == b'{"a":[1,2]}'
