"""A declared return type never switches off the negotiation of a frame result.

With ``DataFrameRoute`` (``register_exception_handlers``), a route returning a
frame — declared as ``-> Users``, ``-> Users | None``, ``response_model=Users``,
``response_model=Users | None`` or not at all — answers ``Accept: text/csv``
with CSV (406 when the columns cannot be CSV, or nothing asked for can be
written), never with JSON and 200.

A plain ``FastAPI()`` app negotiates nothing (FastAPI's ``APIRoute`` writes
every result with its ``response_class``, JSON by default, and no pydantable
code sees the request): every shape answers the frame's columnar JSON, whatever
the ``Accept``. An undeclared frame result used to be written as ``{}``.
"""

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from pydantable import DataFrameModel
from pydantable.fastapi import register_exception_handlers


class Users(DataFrameModel):
    id: int
    age: int | None


class Tagged(DataFrameModel):
    id: int
    tags: list[str]


FRAME = Users({"id": [1, 2], "age": [30, None]})
TAGGED = Tagged({"id": [1], "tags": [["a", "b"]]})
COLUMNS = {"id": [1, 2], "age": [30, None]}
PATHS = ["/annotated", "/optional", "/declared", "/declared-optional", "/undeclared"]


def _client(route_class: bool) -> TestClient:
    app = FastAPI()
    if route_class:
        register_exception_handlers(app)

    @app.get("/annotated")
    def annotated() -> Users:
        return FRAME

    @app.get("/optional")
    def optional(missing: bool = False) -> Users | None:
        return None if missing else FRAME

    @app.get("/declared", response_model=Users)
    def declared() -> Any:
        return FRAME

    @app.get("/declared-optional", response_model=Users | None)
    def declared_optional() -> Any:
        return FRAME

    @app.get("/undeclared")
    def undeclared():
        return FRAME

    @app.get("/nested")
    def nested() -> Tagged:
        return TAGGED

    @app.get("/nested-undeclared")
    def nested_undeclared():
        return TAGGED

    return TestClient(app)


ROUTE = _client(True)
PLAIN = _client(False)


@pytest.mark.parametrize("path", PATHS)
def test_route_class_answers_csv(path: str) -> None:
    r = ROUTE.get(path, headers={"accept": "text/csv"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert r.text == "id,age\n1,30\n2,\n"
    r = ROUTE.get(path, headers={"accept": "application/x-ndjson"})
    assert r.text.splitlines() == ['{"id":1,"age":30}', '{"id":2,"age":null}']
    r = ROUTE.get(path)
    assert (r.status_code, r.json()) == (200, COLUMNS)


@pytest.mark.parametrize("path", PATHS)
def test_route_class_refuses_what_it_cannot_write(path: str) -> None:
    r = ROUTE.get(path, headers={"accept": "application/xml"})
    assert r.status_code == 406


@pytest.mark.parametrize("path", ["/nested", "/nested-undeclared"])
def test_route_class_csv_of_nested_columns_is_406(path: str) -> None:
    r = ROUTE.get(path, headers={"accept": "text/csv"})
    assert r.status_code == 406
    r = ROUTE.get(path, headers={"accept": "text/csv, application/json;q=0.5"})
    assert (r.status_code, r.json()) == (200, {"id": [1], "tags": [["a", "b"]]})


def test_route_class_optional_result_may_be_none() -> None:
    r = ROUTE.get("/optional?missing=true", headers={"accept": "text/csv"})
    assert (r.status_code, r.json()) == (200, None)


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("accept", [None, "text/csv", "application/xml"])
def test_plain_app_answers_columnar_json(path: str, accept: str | None) -> None:
    headers = {} if accept is None else {"accept": accept}
    r = PLAIN.get(path, headers=headers)
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    assert r.json() == COLUMNS


def test_plain_app_writes_nested_and_derived_frames() -> None:
    assert PLAIN.get("/nested-undeclared").json() == {"id": [1], "tags": [["a", "b"]]}
    app = FastAPI()

    @app.get("/derived")
    def derived():
        return FRAME.with_columns(score=FRAME.id * 1.5, gap=FRAME.age / 0)

    r = TestClient(app).get("/derived")
    assert r.json() == {
        "id": [1, 2],
        "age": [30, None],
        "score": [1.5, 3.0],
        "gap": [None, None],  # inf, and null: JSON has no infinities
    }


@pytest.mark.parametrize("path", PATHS)
def test_route_class_openapi_documents_the_formats(path: str) -> None:
    operation = ROUTE.get("/openapi.json").json()["paths"][path]["get"]
    assert "text/csv" in operation["responses"]["200"]["content"]
    assert "406" in operation["responses"]
