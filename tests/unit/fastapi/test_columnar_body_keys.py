"""Missing and unknown columns of a columnar JSON body, per column, on every path.

``{}`` for a model with required columns is a 422 (not a frame of no rows);
each missing column is ``missing`` at ``["body", <key>]`` (the key the model
reads: its validation alias, else its name) and each unknown key
``extra_forbidden`` at ``["body", <key>]``, as FastAPI reports a body model's
fields — on ``columnar_dependency``, a ``df: Model`` body (endpoint or
dependency, plain ``Body()`` or unmarked) and the fast JSON lane of
``DataFrameRoute`` (which reads such bodies the exact way), in a plain
``FastAPI()`` app and with ``register_exception_handlers``. The errors are at
most ``max_errors`` (100).

``model_config = {"extra": "ignore"}`` on the model drops unknown keys instead,
in ingest and in every body, and OpenAPI then allows additional properties.
"""

from typing import Annotated, Any

import pydantic
import pytest
from fastapi import Body, Depends, FastAPI
from fastapi.testclient import TestClient
from pydantic import Field

from pydantable import DataFrameModel
from pydantable.errors import SchemaMismatchError
from pydantable.fastapi import columnar_dependency, register_exception_handlers


class Users(DataFrameModel):
    id: int = Field(validation_alias="userId")
    name: str
    age: int | None
    team: str = "core"


class Plain(DataFrameModel):  # no aliases: a DataFrameRoute's fast JSON lane
    id: int
    name: str


class Lenient(DataFrameModel):
    model_config = pydantic.ConfigDict(extra="ignore")
    id: int
    name: str | None


def users_dependency(df: Users) -> Users:
    return df


def _client(route_class: bool) -> TestClient:
    app = FastAPI()
    if route_class:
        register_exception_handlers(app)

    @app.post("/columnar-dependency")
    def columnar(df: Annotated[Users, Depends(columnar_dependency(Users))]) -> Any:
        return df.to_dict()

    @app.post("/frame")
    def frame(df: Users) -> Any:
        return df.to_dict()

    @app.post("/frame-body")
    def frame_body(df: Annotated[Users, Body()]) -> Any:
        return df.to_dict()

    @app.post("/frame-dependency")
    def frame_dependency(df: Annotated[Users, Depends(users_dependency)]) -> Any:
        return df.to_dict()

    @app.post("/fast")
    async def fast(df: Plain) -> Any:
        return {"rows": df.height}

    @app.post("/lenient")
    def lenient(df: Lenient) -> Any:
        return df.to_dict()

    @app.post("/lenient-dependency")
    def lenient_dependency(
        df: Annotated[Lenient, Depends(columnar_dependency(Lenient))],
    ) -> Any:
        return df.to_dict()

    return TestClient(app)


SHAPES = pytest.mark.parametrize("route_class", [False, True], ids=["plain", "route"])
CLIENTS = {shape: _client(shape) for shape in (False, True)}
USERS_PATHS = ["/columnar-dependency", "/frame", "/frame-body", "/frame-dependency"]


@SHAPES
@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (
            {},
            [
                ("missing", ["body", "userId"], {}),
                ("missing", ["body", "name"], {}),
            ],
        ),
        (
            {"userId": [1]},
            [("missing", ["body", "name"], {"userId": [1]})],
        ),
        (
            {"userId": [1], "name": ["a"], "junk": [1], "more": None},
            [
                ("extra_forbidden", ["body", "junk"], [1]),
                ("extra_forbidden", ["body", "more"], None),
            ],
        ),
        (
            {"name": ["a"], "colour": ["red"]},
            [
                ("missing", ["body", "userId"], {"name": ["a"], "colour": ["red"]}),
                ("extra_forbidden", ["body", "colour"], ["red"]),
            ],
        ),
    ],
    ids=["empty", "missing", "unknown", "both"],
)
def test_keys_are_reported_per_column(
    route_class: bool, body: dict[str, Any], errors: list[tuple[Any, ...]]
) -> None:
    client = CLIENTS[route_class]
    for path in USERS_PATHS:
        r = client.post(path, json=body)
        assert r.status_code == 422, (path, r.text)
        detail = r.json()["detail"]
        got = [(e["type"], e["loc"], e["input"]) for e in detail]
        assert got == errors, path
        for error in detail:
            expected = {
                "missing": "Field required",
                "extra_forbidden": "Extra inputs are not permitted",
            }[error["type"]]
            assert error["msg"] == expected, path


@SHAPES
def test_a_null_required_column_is_no_list(route_class: bool) -> None:
    for path in USERS_PATHS:
        r = CLIENTS[route_class].post(path, json={"userId": None, "name": ["a"]})
        assert r.status_code == 422, path
        assert [(e["type"], e["loc"]) for e in r.json()["detail"]] == [
            ("list_type", ["body", "userId"])
        ], path


@SHAPES
def test_valid_bodies_fill_the_optional_columns(route_class: bool) -> None:
    expected = {"id": [1, 2], "name": ["a", "b"], "age": [None, None]}
    expected["team"] = ["core", "core"]
    for path in USERS_PATHS:
        r = CLIENTS[route_class].post(path, json={"userId": [1, 2], "name": ["a", "b"]})
        assert (r.status_code, r.json()) == (200, expected), path
        r = CLIENTS[route_class].post(
            path, json={"userId": [1, 2], "name": ["a", "b"], "age": None}
        )
        assert (r.status_code, r.json()) == (200, expected), path


@SHAPES
def test_the_fast_lane_answers_the_same(route_class: bool) -> None:
    client = CLIENTS[route_class]
    rows = 200  # a body of several KB: what the fast lane takes
    good = {"id": list(range(rows)), "name": ["n"] * rows}
    assert client.post("/fast", json=good).json() == {"rows": rows}
    r = client.post("/fast", json={**good, "junk": list(range(rows))})
    assert r.status_code == 422
    assert [(e["type"], e["loc"]) for e in r.json()["detail"]] == [
        ("extra_forbidden", ["body", "junk"])
    ]
    r = client.post("/fast", json={"id": list(range(rows))})
    assert [(e["type"], e["loc"]) for e in r.json()["detail"]] == [
        ("missing", ["body", "name"])
    ]
    r = client.post("/fast", json={})
    assert [(e["type"], e["loc"]) for e in r.json()["detail"]] == [
        ("missing", ["body", "id"]),
        ("missing", ["body", "name"]),
    ]


@SHAPES
def test_errors_are_bounded(route_class: bool) -> None:
    body: dict[str, Any] = {f"k{i}": [i] for i in range(500)}
    for path in [*USERS_PATHS, "/fast"]:
        r = CLIENTS[route_class].post(path, json=body)
        assert r.status_code == 422, path
        detail = r.json()["detail"]
        assert len(detail) <= 100, (path, len(detail))
        assert detail[0]["type"] == "missing", path
        assert {e["type"] for e in detail} == {"missing", "extra_forbidden"}, path


def test_ingest_drops_unknown_columns_when_the_model_ignores_them() -> None:
    assert Lenient({"id": [1], "junk": [2]}).to_dict() == {"id": [1], "name": [None]}
    with pytest.raises(SchemaMismatchError, match="Unknown columns"):
        Plain({"id": [1], "name": ["a"], "junk": [2]})


@SHAPES
def test_ignore_drops_unknown_keys_in_bodies(route_class: bool) -> None:
    client = CLIENTS[route_class]
    for path in ("/lenient", "/lenient-dependency"):
        r = client.post(path, json={"id": [1], "junk": [2], "more": None})
        assert (r.status_code, r.json()) == (200, {"id": [1], "name": [None]}), path
        r = client.post(path, json={"junk": [2]})
        assert r.status_code == 422, path
        assert [(e["type"], e["loc"]) for e in r.json()["detail"]] == [
            ("missing", ["body", "id"])
        ], path


@SHAPES
def test_openapi_allows_additional_properties_only_when_ignored(
    route_class: bool,
) -> None:
    openapi = CLIENTS[route_class].get("/openapi.json").json()
    schemas = openapi["components"]["schemas"]

    def closed(name: str) -> bool:
        return schemas[name].get("additionalProperties", True) is False

    assert closed("UsersColumnarBody")
    assert closed("UsersColumns")
    assert not closed("LenientColumnarBody")
    assert not closed("LenientColumns")
    assert not closed("LenientRow")
    body = openapi["paths"]["/lenient"]["post"]["requestBody"]["content"]
    columnar = body["application/json"]["schema"]
    text = repr(columnar)
    assert "additionalProperties': False" not in text or "$ref" in text
