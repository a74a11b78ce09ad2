"""A ``df: Model`` parameter of a dependency is the request body, as in a route.

Under ``DataFrameRoute`` (``register_exception_handlers``), the dependency
functions a route uses (directly or through other dependencies, sync or async)
take their frame parameters from the JSON body, parsed and validated by the
engine; OpenAPI documents the body. The caller's ``Depends`` objects are not
changed. In a plain ``FastAPI()`` app a ``df: Model`` parameter is the body
too (no ``Body()`` needed): ``pydantable`` teaches FastAPI that frame classes
are body types.
"""

from typing import Annotated, Any

import pytest
from fastapi import Body, Depends, FastAPI
from fastapi.testclient import TestClient

from pydantable import DataFrameModel
from pydantable.fastapi import register_exception_handlers


class Users(DataFrameModel):
    id: int
    age: int | None


def adults(df: Users) -> Users:
    return df.filter(df.age >= 18)


async def async_adults(df: Users) -> Users:
    return df.filter(df.age >= 18)


def count(df: Annotated[Users, Depends(adults)]) -> int:
    return df.height


ADULTS = Depends(adults)
BODY = {"id": [1, 2, 3], "age": [40, 12, None]}


def _app() -> FastAPI:
    app = FastAPI()
    register_exception_handlers(app)

    @app.post("/sync")
    def sync(df: Annotated[Users, ADULTS]) -> Any:
        return df.to_dict()

    @app.post("/async")
    async def in_async(df: Users = Depends(async_adults)) -> Any:  # noqa: B008
        return df.to_dict()

    @app.post("/nested")
    def nested(n: Annotated[int, Depends(count)]) -> Any:
        return {"adults": n}

    return app


CLIENT = TestClient(_app())


@pytest.mark.parametrize("path", ["/sync", "/async"])
def test_the_dependency_takes_the_body(path: str) -> None:
    r = CLIENT.post(path, json=BODY)
    assert (r.status_code, r.json()) == (200, {"id": [1], "age": [40]})
    rows = [{"id": 7, "age": 30}, {"id": 8, "age": 3}]
    assert CLIENT.post(path, json=rows).json() == {"id": [7], "age": [30]}


def test_through_another_dependency() -> None:
    assert CLIENT.post("/nested", json=BODY).json() == {"adults": 1}


def test_errors_and_openapi_are_the_routes() -> None:
    r = CLIENT.post("/sync", json={"id": ["x"], "age": [1]})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "id", 0]
    paths = CLIENT.get("/openapi.json").json()["paths"]
    for path in ("/sync", "/async", "/nested"):
        operation = paths[path]["post"]
        assert "requestBody" in operation
        assert not operation.get("parameters")


def test_the_callers_markers_are_unchanged() -> None:
    assert ADULTS.dependency is adults


def test_a_plain_app_says_body() -> None:
    app = FastAPI()

    def plain_adults(df: Annotated[Users, Body()]) -> Users:
        return df.filter(df.age >= 18)

    @app.post("/plain")
    def plain(df: Annotated[Users, Depends(plain_adults)]) -> Any:
        return df.to_dict()

    r = TestClient(app).post("/plain", json=BODY)
    assert (r.status_code, r.json()) == (200, {"id": [1], "age": [40]})
