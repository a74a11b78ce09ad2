"""``response_model=list[Row]`` with ``collect()`` under ``DataFrameRoute``.

Large list results are validated and written by FastAPI's own response field
with the garbage collector paused: the answer is byte for byte a plain
``FastAPI()`` app's, options and errors included.
"""

import datetime as dt
from typing import Annotated, Any, Literal

import pytest
from fastapi import FastAPI, Response
from fastapi.exceptions import ResponseValidationError
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field

from pydantable import DataFrameModel
from pydantable.fastapi import register_exception_handlers
from pydantable.fastapi.response.response_model import MIN_ROWS


class Events(DataFrameModel):
    id: int
    category: Literal["alpha", "beta"]
    ts: dt.datetime
    score: float | None
    qty: Annotated[int, Field(ge=0)]


class Row(BaseModel):
    id: int
    category: Literal["alpha", "beta"]
    ts: dt.datetime
    score: float | None


class Strict(BaseModel):
    id: int
    qty: Annotated[int, Field(le=10)]


N = MIN_ROWS + 500
FRAME = Events(
    {
        "id": list(range(N)),
        "category": ["alpha", "beta"] * (N // 2),
        "ts": [dt.datetime(2024, 1, 1, 0, 0, k % 60, k) for k in range(N)],
        "score": [None if k % 3 else k / 7 for k in range(N)],
        "qty": [k % 20 for k in range(N)],
    }
)


def _app(route_class: bool) -> FastAPI:
    app = FastAPI()
    if route_class:
        register_exception_handlers(app)

    @app.get("/rows", response_model=list[Row])
    async def rows() -> Any:
        return await FRAME.acollect()

    @app.get("/sync", response_model=list[Row], status_code=201)
    def sync(response: Response) -> Any:
        response.headers["X-Rows"] = str(FRAME.height)
        return FRAME.collect()

    @app.get("/options", response_model=list[Row], response_model_exclude_none=True)
    def options() -> Any:
        return FRAME.collect()

    @app.get("/small", response_model=list[Row])
    def small() -> Any:
        return FRAME.head(3).collect()

    @app.get("/invalid", response_model=list[Strict])
    def invalid() -> Any:
        return FRAME.collect()

    return app


PLAIN = TestClient(_app(False))
ROUTED = TestClient(_app(True), raise_server_exceptions=False)


@pytest.mark.parametrize("path", ["/rows", "/sync", "/options", "/small"])
def test_the_answer_is_fastapis(path: str) -> None:
    expected = PLAIN.get(path)
    got = ROUTED.get(path)
    assert got.status_code == expected.status_code
    assert got.content == expected.content
    assert got.headers["content-type"] == expected.headers["content-type"]
    assert got.headers.get("x-rows") == expected.headers.get("x-rows")


def test_status_headers_and_options_are_kept() -> None:
    got = ROUTED.get("/sync")
    assert (got.status_code, got.headers["x-rows"]) == (201, str(N))
    first = ROUTED.get("/options").json()[1]
    assert "score" not in first
    assert first["ts"] == "2024-01-01T00:00:01.000001"


def test_invalid_rows_are_fastapis_response_validation_error() -> None:
    with pytest.raises(ResponseValidationError):
        TestClient(_app(False)).get("/invalid")
    with pytest.raises(ResponseValidationError) as info:
        TestClient(_app(True)).get("/invalid")
    assert info.value.errors()[0]["loc"] == ("response", 11, "qty")
    assert ROUTED.get("/invalid").status_code == 500
