"""OpenAPI of a ``DataFrameRoute``: every body format it reads, the formats a
rendered frame result is sent in, and the 4xx it answers — valid, and true
(documented bodies are accepted, fuzzed bodies of every type give no 5xx)."""

from __future__ import annotations

import enum
import importlib.util
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import pydantic
import pytest
from fastapi import Depends, FastAPI
from fastapi.responses import PlainTextResponse
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate

from pydantable import DataFrameModel
from pydantable.fastapi import (
    DataFrameResponse,
    DataFrameRoute,
    columnar_dependency,
    rows_dependency,
)

JSON = "application/json"
NDJSON = "application/x-ndjson"
CSV = "text/csv"
ARROW = "application/vnd.apache.arrow.stream"
PARQUET = "application/vnd.apache.parquet"
MULTIPART = "multipart/form-data"
BODY_TYPES = {JSON, NDJSON, CSV, ARROW, PARQUET, MULTIPART}
RESULT_TYPES = {JSON, NDJSON, CSV, ARROW, PARQUET}


def _load_golden_app() -> FastAPI:
    path = Path(__file__).resolve().parents[3] / "examples" / "golden_path" / "app.py"
    spec = importlib.util.spec_from_file_location("golden_path_app_openapi", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    app: FastAPI = module.app
    return app


golden = _load_golden_app()


def operation(spec: dict[str, Any], path: str, method: str = "post") -> Any:
    return spec["paths"][path][method]


def test_golden_path_documents_every_body_format() -> None:
    spec = golden.openapi()
    validate(spec)
    users = operation(spec, "/v1/users")
    content = users["requestBody"]["content"]
    assert set(content) == BODY_TYPES
    row = spec["components"]["schemas"]["UsersRow"]
    ndjson = content[NDJSON]["schema"]
    assert ndjson["properties"] == row["properties"]
    assert ndjson["required"] == row["required"] == ["id", "name", "score"]
    assert "one JSON object per line" in ndjson["description"]
    csv = content[CSV]["schema"]
    assert csv["type"] == "string"
    assert "Columns: id, name, age (optional), score." in csv["description"]
    for media in (ARROW, PARQUET):
        assert content[media]["schema"]["format"] == "binary"
        assert content[media]["schema"]["contentMediaType"] == media
    form = content[MULTIPART]
    assert form["schema"]["required"] == ["file"]
    assert form["schema"]["properties"]["file"]["format"] == "binary"
    assert form["encoding"]["file"]["contentType"].split(", ") == [
        CSV,
        NDJSON,
        JSON,
        ARROW,
        PARQUET,
    ]
    responses = users["responses"]
    assert "8388608 bytes" in responses["413"]["description"]
    assert "1000000 rows" in responses["413"]["description"]
    assert {"400", "415", "422"} <= set(responses)
    # /v1/users returns dict[str, int] (a response model): JSON only
    assert set(responses["200"]["content"]) == {JSON}
    assert "406" not in responses


def test_golden_path_documents_negotiated_results() -> None:
    spec = golden.openapi()
    query = operation(spec, "/v1/users/query")["responses"]
    assert set(query["200"]["content"]) == RESULT_TYPES
    assert query["200"]["description"] == "Successful Response"  # FastAPI's, kept
    assert "406" in query
    health = operation(spec, "/health", "get")
    assert "requestBody" not in health
    assert set(health["responses"]) == {"200"}
    adults = operation(spec, "/v1/users/adults")  # a columnar_dependency body
    assert set(adults["requestBody"]["content"]) == BODY_TYPES


class Address(pydantic.BaseModel):
    city: str


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Shipment(DataFrameModel):
    id: int
    color: Color
    ship_to: Address | None = pydantic.Field(default=None, alias="shipTo")
    weight: float | None = None


class Tagged(DataFrameModel):
    id: int
    tags: list[str]


def make_app() -> FastAPI:
    app = FastAPI()
    app.router.route_class = DataFrameRoute

    @app.post("/frame")
    def frame(df: Shipment):
        return df

    @app.post("/typed", response_model=None)
    def typed(df: Shipment) -> Shipment:
        return df

    @app.post("/response")
    def response(df: Shipment) -> DataFrameResponse:
        return DataFrameResponse(df)

    @app.post("/model", response_model=Shipment)
    def model(df: Shipment):
        return df

    @app.post("/text", response_class=PlainTextResponse)
    def text(df: Shipment) -> str:
        return str(df.height)

    @app.post("/columns")
    def columns(
        df: Annotated[Shipment, Depends(columnar_dependency(Shipment))],
    ) -> dict[str, int]:
        return {"rows": df.height}

    @app.post("/rows")
    def rows(df: Annotated[Shipment, Depends(rows_dependency(Shipment))]):
        return df

    @app.post("/tags")
    def tags(df: Tagged) -> dict[str, int]:
        return {"rows": df.height}

    @app.post(
        "/custom",
        openapi_extra={
            "requestBody": {"content": {CSV: {"schema": {"description": "mine"}}}},
            "responses": {"413": {"description": "too big"}},
        },
    )
    def custom(df: Shipment) -> dict[str, int]:
        return {"rows": df.height}

    @app.post(
        "/declared",
        responses={
            413: {"description": "Custom 413"},
            200: {"content": {CSV: {"schema": {"type": "string", "title": "theirs"}}}},
        },
    )
    def declared(df: Shipment):
        return df

    @app.get("/plain")
    def plain() -> dict[str, str]:
        return {"a": "b"}

    return app


def test_row_schema_is_inlined_and_documented_by_alias() -> None:
    spec = make_app().openapi()
    validate(spec)
    assert "#/$defs/" not in json.dumps(spec)
    ndjson = operation(spec, "/frame")["requestBody"]["content"][NDJSON]["schema"]
    assert ndjson["properties"]["color"]["enum"] == ["red", "blue"]
    ship_to = ndjson["properties"]["shipTo"]["anyOf"][0]
    assert ship_to["properties"]["city"] == {"title": "City", "type": "string"}
    csv = operation(spec, "/frame")["requestBody"]["content"][CSV]["schema"]
    # the nested shipTo column cannot be a CSV cell: left out of the header
    assert csv["description"].endswith("Columns: id, color, weight (optional).")


def test_no_csv_for_a_required_nested_column() -> None:
    spec = make_app().openapi()
    body = operation(spec, "/tags")["requestBody"]["content"]
    assert set(body) == BODY_TYPES - {CSV}
    assert CSV not in body[MULTIPART]["encoding"]["file"]["contentType"]


def test_result_formats_only_where_the_route_renders_a_frame() -> None:
    spec = make_app().openapi()

    def results(path: str) -> set[str]:
        return set(operation(spec, path)["responses"]["200"]["content"])

    for path in ("/frame", "/response", "/rows"):
        assert results(path) == RESULT_TYPES, path
    # a Shipment result: its nested ship_to column cannot be written as CSV;
    # a frame class as response model keeps the negotiation
    assert results("/typed") == RESULT_TYPES - {CSV}
    assert results("/model") == RESULT_TYPES - {CSV}
    assert results("/text") == {"text/plain"}
    assert "406" not in operation(spec, "/text")["responses"]
    assert results("/columns") == {JSON}
    typed = operation(spec, "/typed")["responses"]["200"]["content"][NDJSON]
    columns = ["id", "color", "ship_to", "weight"]  # names, as the engine writes
    assert list(typed["schema"]["properties"]) == columns
    assert typed["schema"]["required"] == columns
    plain = operation(spec, "/plain", "get")
    assert set(plain["responses"]) == {"200"}
    assert "requestBody" not in plain


def test_the_users_openapi_extra_wins() -> None:
    spec = make_app().openapi()
    custom = operation(spec, "/custom")
    assert custom["requestBody"]["content"][CSV]["schema"] == {
        "type": "string",
        "description": "mine",
    }
    assert set(custom["requestBody"]["content"]) == BODY_TYPES
    assert custom["responses"]["413"]["description"] == "too big"
    assert "content" in custom["responses"]["413"]  # the rest is merged
    declared = operation(spec, "/declared")["responses"]
    assert declared["413"] == {"description": "Custom 413"}  # responses= wins too
    assert declared["200"]["content"][CSV]["schema"] == {
        "type": "string",
        "title": "theirs",
    }
    assert set(declared["200"]["content"]) == RESULT_TYPES
    assert "415" in declared


def test_documented_csv_header_is_accepted() -> None:
    app = make_app()
    spec = app.openapi()
    description = operation(spec, "/frame")["requestBody"]["content"][CSV]["schema"][
        "description"
    ]
    names = [
        c.split(" ")[0]
        for c in description.split("Columns: ")[1].rstrip(".").split(", ")
    ]
    body = ",".join(names) + "\n1,red,2.5\n2,blue,\n"
    r = TestClient(app).post("/frame", content=body, headers={"content-type": CSV})
    assert r.json() == {
        "id": [1, 2],
        "color": ["red", "blue"],
        "ship_to": [None, None],
        "weight": [2.5, None],
    }


def test_documented_binary_and_upload_bodies_are_accepted() -> None:
    client = TestClient(make_app())
    df = pl.DataFrame({"id": [1], "color": ["red"]})
    parquet, arrow = io.BytesIO(), io.BytesIO()
    df.write_parquet(parquet)
    df.write_ipc_stream(arrow)
    expected = {"rows": 1}
    for media, body in ((PARQUET, parquet.getvalue()), (ARROW, arrow.getvalue())):
        r = client.post("/custom", content=body, headers={"content-type": media})
        assert r.json() == expected
    r = client.post("/custom", files={"file": ("x.bin", df.write_csv(), CSV)})
    assert r.json() == expected


@pytest.fixture
def fuzz_serializers() -> Iterator[None]:
    """Teach schemathesis to write NDJSON and binary bodies (for this test only)."""
    import schemathesis
    from schemathesis.transport.asgi import ASGI_TRANSPORT
    from schemathesis.transport.requests import REQUESTS_TRANSPORT
    from schemathesis.transport.wsgi import WSGI_TRANSPORT

    @schemathesis.serializer(NDJSON)
    def ndjson(ctx: Any, value: Any) -> bytes:
        return value if isinstance(value, bytes) else json.dumps(value).encode()

    @schemathesis.serializer(ARROW, PARQUET)
    def binary(ctx: Any, value: Any) -> bytes:
        data = getattr(value, "data", value)
        return data if isinstance(data, bytes) else str(data).encode()

    yield
    for transport in (ASGI_TRANSPORT, REQUESTS_TRANSPORT, WSGI_TRANSPORT):
        transport.unregister_serializer(NDJSON, ARROW, PARQUET)


@pytest.mark.usefixtures("fuzz_serializers")
def test_fuzzed_bodies_of_every_documented_type_give_no_5xx() -> None:
    import schemathesis

    class Small(DataFrameRoute):
        max_rows = 5

    app = FastAPI()
    app.router.route_class = Small

    @app.post("/frame")
    def frame(df: Shipment):
        return df

    @app.post("/columns")
    def columns(df: Annotated[Shipment, Depends(columnar_dependency(Shipment))]):
        return df.to_dict()

    @app.post("/rows")
    async def rows(df: Annotated[Shipment, Depends(rows_dependency(Shipment))]):
        return df

    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    sent: set[tuple[str, str | None]] = set()
    for result in schema.get_all_operations():
        op = result.ok()

        @settings(
            max_examples=40,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=op.as_strategy())
        def check(case: Any) -> None:
            response = case.call()
            sent.add((case.path, case.media_type))
            assert response.status_code < 500, (case.media_type, case.body)

        check()
    assert {media for _, media in sent} == BODY_TYPES
