"""A DataFrameModel as a Pydantic type: FastAPI body, response_model, field."""

from __future__ import annotations

from typing import Annotated

import pydantic
import pytest
from fastapi import Body, FastAPI
from fastapi.testclient import TestClient

from pydantable import DataFrameModel, set_observer
from pydantable.fastapi import DataFrameRoute, RequestIdMiddleware


class U(DataFrameModel):
    id: int
    age: int | None = pydantic.Field(default=None, ge=0)


def test_vanilla_fastapi_body_and_response_model() -> None:
    app = FastAPI()  # plain APIRoute: FastAPI parses, our validator ingests

    @app.post("/a", response_model=U)
    def a(df: Annotated[U, Body()]):
        return df.filter(df.id > 1)

    client = TestClient(app)
    assert client.post("/a", json={"id": [1, 2]}).json() == {"id": [2], "age": [None]}
    assert client.post("/a", json=[{"id": 3, "age": 4}]).json() == {
        "id": [3],
        "age": [4],
    }
    r = client.post("/a", json={"id": [1, "x"], "age": [1, -1]})
    assert r.status_code == 422
    assert [e["loc"] for e in r.json()["detail"]] == [
        ["body", "id", 1],
        ["body", "age", 1],
    ]
    schema = app.openapi()["components"]["schemas"]
    assert schema["UColumns"]["required"] == ["id"]
    assert schema["UColumnsOut"]["required"] == ["id", "age"]


def test_pydantic_field_round_trip() -> None:
    class Batch(pydantic.BaseModel):
        users: U

    batch = Batch.model_validate({"users": {"id": [1], "age": None}})
    assert batch.model_dump() == {"users": {"id": [1], "age": [None]}}
    assert batch.model_dump_json() == '{"users":{"id":[1],"age":[null]}}'
    with pytest.raises(pydantic.ValidationError) as info:
        Batch.model_validate({"users": "nope"})
    assert info.value.errors()[0]["type"] == "frame_type"


def test_request_id_tags_observer_events() -> None:
    app = FastAPI()
    app.router.route_class = DataFrameRoute
    app.add_middleware(RequestIdMiddleware)

    @app.post("/ids")
    def ids(df: U):
        return df.select("id")

    events: list[dict] = []
    set_observer(events.append)
    try:
        client = TestClient(app)
        r = client.post("/ids", json={"id": [1, 2]}, headers={"x-request-id": "t-1"})
    finally:
        set_observer(None)
    assert r.json() == {"id": [1, 2]}
    assert r.headers["x-request-id"] == "t-1"
    assert [e["request_id"] for e in events] == ["t-1"]
    assert events[0]["op"] == "to_json"


def test_max_rows_is_413() -> None:
    class Small(DataFrameRoute):
        max_rows = 2

    app = FastAPI()
    app.router.route_class = Small

    @app.post("/n")
    def n(df: U) -> dict[str, int]:
        return {"rows": df.height}

    client = TestClient(app)
    assert client.post("/n", json={"id": [1, 2]}).json() == {"rows": 2}
    assert client.post("/n", json={"id": [1, 2, 3]}).status_code == 413
