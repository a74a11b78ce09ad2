"""A JSON body nested deeper than any decoder goes is a 4xx, never a 500.

pydantic-core stops at its recursion limit and Python's ``json`` raises
``RecursionError``; FastAPI answers such a body ``400 {"detail": "There was an
error parsing the body"}``. Every ``DataFrameRoute`` body path refuses it before
decoding, from a byte scan: ``422`` ``limit_exceeded`` (``max_depth``).
"""

from typing import Annotated, Any

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from pydantable import DataFrameModel
from pydantable.fastapi import (
    columnar_dependency,
    register_exception_handlers,
    rows_dependency,
)


class Users(DataFrameModel):
    id: int


def _client(route_class: bool) -> TestClient:
    app = FastAPI()
    if route_class:
        register_exception_handlers(app)

    @app.post("/columns")
    def columns(df: Annotated[Users, Depends(columnar_dependency(Users))]) -> Any:
        return df.to_dict()

    @app.post("/rows")
    def rows(df: Annotated[Users, Depends(rows_dependency(Users))]) -> Any:
        return df.to_dict()

    if route_class:

        @app.post("/frame")
        def frame(df: Users) -> Any:
            return df.to_dict()

    return TestClient(app, raise_server_exceptions=False)


DEPTH = 100_000
BODIES = {
    "array": b"[" * DEPTH + b"]" * DEPTH,
    "cell": b'{"id": ' + b"[" * DEPTH + b"]" * DEPTH + b"}",
}


ROUTES = [(False, "/columns"), (False, "/rows")]
ROUTES += [(True, "/columns"), (True, "/rows"), (True, "/frame")]


@pytest.mark.parametrize("body", sorted(BODIES))
@pytest.mark.parametrize(("route_class", "path"), ROUTES)
def test_deep_bodies_are_a_4xx(route_class: bool, path: str, body: str) -> None:
    response = _client(route_class).post(
        path, content=BODIES[body], headers={"content-type": "application/json"}
    )
    if not route_class:  # FastAPI's own parse
        assert response.status_code == 400
        assert response.json() == {"detail": "There was an error parsing the body"}
        return
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["type"] == "limit_exceeded"
    assert error["loc"] == ["body"]
    assert error["ctx"] == {"limit": "max_depth", "value": None, "maximum": 64}


def test_ndjson_lines_that_are_no_objects_are_a_422() -> None:
    response = _client(True).post(
        "/frame",
        content=b'{"id": 1}\n2\n"x"\n',
        headers={"content-type": "application/x-ndjson"},
    )
    assert response.status_code == 422
    assert [(e["type"], e["loc"]) for e in response.json()["detail"]] == [
        ("model_attributes_type", ["body", 1]),
        ("model_attributes_type", ["body", 2]),
    ]
