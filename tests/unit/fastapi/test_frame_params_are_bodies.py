"""A ``df: Model`` parameter is the JSON request body, in both app shapes.

FastAPI takes an unmarked parameter of a class it does not know for a query
parameter: its rule for "complex" (body) types is BaseModel, mapping,
sequence, dataclass or a generic whose origin is a Pydantic type, and a frame
class is none of those. pydantable teaches FastAPI that a frame class is a
body type, so ``df: Users`` — in the endpoint or in a dependency function,
sync or async, directly or through another dependency — is the columnar (or
row) JSON body in a plain ``FastAPI()`` app as with ``DataFrameRoute``, and
OpenAPI documents it as the request body, not as a query parameter.
"""

from typing import Annotated, Any

import pytest
from fastapi import Depends, FastAPI
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


def optional_body(df: Users | None = None) -> int:
    return -1 if df is None else df.height


def _client(route_class: bool) -> TestClient:
    app = FastAPI()
    if route_class:
        register_exception_handlers(app)

    @app.post("/endpoint")
    def endpoint(df: Users) -> Any:
        return df.to_dict()

    @app.post("/dependency")
    def dependency(df: Annotated[Users, Depends(adults)]) -> Any:
        return df.to_dict()

    @app.post("/async-dependency")
    async def async_dependency(df: Users = Depends(async_adults)) -> Any:  # noqa: B008
        return df.to_dict()

    @app.post("/nested")
    def nested(n: Annotated[int, Depends(count)]) -> Any:
        return {"adults": n}

    @app.post("/optional")
    def optional(n: Annotated[int, Depends(optional_body)]) -> Any:
        return {"rows": n}

    return TestClient(app)


SHAPES = pytest.mark.parametrize("route_class", [False, True], ids=["plain", "route"])
CLIENTS = {shape: _client(shape) for shape in (False, True)}
BODY = {"id": [1, 2, 3], "age": [40, 12, None]}


@SHAPES
def test_an_endpoint_parameter_is_the_body(route_class: bool) -> None:
    client = CLIENTS[route_class]
    r = client.post("/endpoint", json=BODY)
    assert (r.status_code, r.json()) == (200, BODY)
    r = client.post("/endpoint", json=[{"id": 7}])
    assert (r.status_code, r.json()) == (200, {"id": [7], "age": [None]})


@SHAPES
@pytest.mark.parametrize("path", ["/dependency", "/async-dependency"])
def test_a_dependency_parameter_is_the_body(route_class: bool, path: str) -> None:
    client = CLIENTS[route_class]
    r = client.post(path, json=BODY)
    assert (r.status_code, r.json()) == (200, {"id": [1], "age": [40]})
    rows = [{"id": 7, "age": 30}, {"id": 8, "age": 3}]
    assert client.post(path, json=rows).json() == {"id": [7], "age": [30]}


@SHAPES
def test_through_another_dependency(route_class: bool) -> None:
    assert CLIENTS[route_class].post("/nested", json=BODY).json() == {"adults": 1}


@SHAPES
def test_an_optional_frame_is_an_optional_body(route_class: bool) -> None:
    client = CLIENTS[route_class]
    assert client.post("/optional", json=BODY).json() == {"rows": 3}
    assert client.post("/optional").json() == {"rows": -1}


@SHAPES
def test_errors_are_located_in_the_body(route_class: bool) -> None:
    client = CLIENTS[route_class]
    for path in ("/endpoint", "/dependency", "/nested"):
        r = client.post(path, json={"id": ["x"], "age": [1]})
        assert r.status_code == 422, path
        assert r.json()["detail"][0]["loc"] == ["body", "id", 0], path
        r = client.post(path)  # no body at all: FastAPI's own answer
        assert r.status_code == 422, path
        assert r.json()["detail"][0]["loc"] == ["body"], path


@SHAPES
def test_openapi_documents_a_request_body(route_class: bool) -> None:
    paths = CLIENTS[route_class].get("/openapi.json").json()["paths"]
    for path in ("/endpoint", "/dependency", "/async-dependency", "/nested"):
        operation = paths[path]["post"]
        assert not operation.get("parameters"), path
        body = operation["requestBody"]
        assert body["required"] is True, path
        schema = body["content"]["application/json"]["schema"]
        refs = {
            option.get("$ref") or option["items"]["$ref"] for option in schema["anyOf"]
        }
        assert refs == {
            "#/components/schemas/UsersColumns",
            "#/components/schemas/UsersRow",
        }, path
    assert paths["/optional"]["post"]["requestBody"].get("required") is not True


def test_other_unmarked_classes_stay_query_parameters() -> None:
    import datetime as dt

    app = FastAPI()

    @app.get("/day")
    def day(when: dt.date, n: int = 1) -> Any:
        return {"when": when.isoformat(), "n": n}

    client = TestClient(app)
    assert client.get("/day?when=2024-01-02&n=2").json() == {
        "when": "2024-01-02",
        "n": 2,
    }
    parameters = app.openapi()["paths"]["/day"]["get"]["parameters"]
    assert [p["in"] for p in parameters] == ["query", "query"]


_WITHOUT_PYDANTABLE_FASTAPI = """
import sys
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from pydantable import DataFrameModel

class Users(DataFrameModel):  # declared once FastAPI is imported
    id: int

def dep(df: Users) -> Users:
    return df

app = FastAPI()

@app.post("/endpoint")
def endpoint(df: Users):
    return {"rows": df.height}

@app.post("/dependency")
def dependency(df: Users = Depends(dep)):
    return df

client = TestClient(app)
assert "pydantable.fastapi" not in sys.modules
assert client.post("/endpoint", json={"id": [1, 2]}).json() == {"rows": 2}
assert client.post("/dependency", json=[{"id": 3}]).json() == {"id": [3]}
print("ok")
"""


def test_a_plain_app_without_pydantable_fastapi() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_PYDANTABLE_FASTAPI],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
