"""A frame class as return annotation or ``response_model`` keeps negotiation.

On a ``DataFrameRoute``, ``-> Users`` or ``response_model=Users`` on a route
returning a frame answers in the format the client accepts (CSV, NDJSON, Arrow,
Parquet, JSON) or 406 — never JSON with 200 for ``Accept: text/csv``. A result
with more columns than the declared model is answered with the model's columns.
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


app = FastAPI()
register_exception_handlers(app)
FRAME = Users({"id": [1, 2], "age": [30, None]})


@app.get("/annotated")
def annotated() -> Users:
    return FRAME


@app.get("/declared", response_model=Users)
def declared() -> Any:
    return FRAME


@app.get("/wider", response_model=Users)
def wider() -> Any:
    return FRAME.with_columns(extra=FRAME.id * 2)


@app.get("/nested")
def nested() -> Tagged:
    return Tagged({"id": [1], "tags": [["a"]]})


CLIENT = TestClient(app)


@pytest.mark.parametrize("path", ["/annotated", "/declared", "/wider"])
def test_negotiated_formats(path: str) -> None:
    r = CLIENT.get(path, headers={"accept": "text/csv"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert r.text == "id,age\n1,30\n2,\n"
    r = CLIENT.get(path, headers={"accept": "application/x-ndjson"})
    assert r.text.splitlines() == ['{"id":1,"age":30}', '{"id":2,"age":null}']
    assert CLIENT.get(path).json() == {"id": [1, 2], "age": [30, None]}


def test_an_unwritable_format_is_406() -> None:
    r = CLIENT.get("/nested", headers={"accept": "text/csv"})
    assert r.status_code == 406
    assert CLIENT.get("/nested").json() == {"id": [1], "tags": [["a"]]}
