"""The golden_path app's contract: 422 parity with FastAPI + Pydantic, a valid
OpenAPI document, and a bounded schemathesis fuzz (no 5xx), all over real uvicorn."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pydantic
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from server import uvicorn_server


class Row(pydantic.BaseModel):
    """What a FastAPI + Pydantic service declares for the same rows."""

    model_config = pydantic.ConfigDict(extra="forbid")
    id: int
    name: str
    age: int | None = pydantic.Field(default=None, ge=0, le=150)
    score: float


plain = FastAPI()


@plain.post("/v1/users")
def plain_ingest(rows: list[Row]) -> dict[str, int]:
    return {"rows": len(rows)}


INVALID_ROWS = [
    {"id": 1, "name": "a", "age": 3, "score": 1.0},
    {"id": "x", "name": "b", "age": -4, "score": "high"},
    {"id": 2.5, "name": 7, "age": 200, "score": None},
    {"id": 3, "name": "c", "age": "old", "score": 2},
]


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with uvicorn_server("examples.golden_path.app:app") as url:
        yield url


def test_422_matches_fastapi_pydantic(base: str) -> None:
    expected = TestClient(plain).post("/v1/users", json=INVALID_ROWS).json()["detail"]
    assert len(expected) == 8
    rows = httpx.post(f"{base}/v1/users", json=INVALID_ROWS, timeout=30)
    assert rows.status_code == 422
    assert rows.json()["detail"] == expected  # rows: identical, loc included
    columns = {k: [r[k] for r in INVALID_ROWS] for k in INVALID_ROWS[0]}
    cols = httpx.post(f"{base}/v1/users", json=columns, timeout=30)
    assert cols.status_code == 422
    got = cols.json()["detail"]
    assert len(got) == len(expected)
    by_cell = {(e["loc"][2], e["loc"][1]): e for e in expected}  # (column, row)
    for error in got:
        _, column, row = error["loc"]
        twin = by_cell[(column, row)]
        for field in ("type", "msg", "input"):
            assert error[field] == twin[field], (column, row, field)


def test_openapi_is_valid(base: str) -> None:
    from openapi_spec_validator import validate

    spec = httpx.get(f"{base}/openapi.json", timeout=30).json()
    validate(spec)
    body = spec["paths"]["/v1/users"]["post"]["requestBody"]["content"][
        "application/json"
    ]["schema"]
    assert body["anyOf"] == [
        {"$ref": "#/components/schemas/UsersColumns"},
        {"type": "array", "items": {"$ref": "#/components/schemas/UsersRow"}},
    ]
    columns = spec["components"]["schemas"]["UsersColumns"]
    assert columns["required"] == [
        "id",
        "name",
        "score",
    ]  # optional column not required
    assert columns["properties"]["id"]["items"] == {"type": "integer"}


def test_schemathesis_no_server_errors(base: str) -> None:
    import schemathesis

    schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
    checked = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=8,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case: schemathesis.Case) -> None:
            response = case.call(base_url=base, timeout=30)
            assert response.status_code < 500, (case.path, response.text)

        check()
        checked += 1
    assert checked >= 5
