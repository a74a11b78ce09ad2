"""``rows_dependency`` answers exactly like FastAPI + Pydantic with a ``list[RowModel]`` body.

Every payload goes to two routes: one taking the frame from ``rows_dependency``
(validated by pydantable's ingest) and one taking ``list[M.RowModel]`` (validated
by Pydantic inside FastAPI). Status codes and 422 bodies must be identical.
"""

import datetime as dt
import enum
from typing import Annotated, Any, Literal

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field, field_validator, model_validator

from pydantable import DataFrameModel
from pydantable.fastapi import rows_dependency


class Point(BaseModel):
    x: int
    y: float = 0.0


class Level(enum.Enum):
    LOW = "low"
    HIGH = "high"


class Order(DataFrameModel):
    order_id: int = Field(validation_alias="orderId")
    qty: int = Field(ge=0)
    price: float
    day: dt.date | None
    status: Literal["open", "paid"] = "open"
    level: Level | None = None
    tags: list[str] | None = None
    at: Point | None = None
    note: str = Field(default="", max_length=5)

    @field_validator("price")
    @classmethod
    def not_absurd(cls, value: float) -> float:
        if value > 1000:
            raise ValueError("price is absurd")
        return value


class Span(DataFrameModel):
    start: int
    end: int

    @model_validator(mode="after")
    def ordered(self) -> Any:
        if self.end < self.start:
            raise ValueError("end before start")
        return self


def _app() -> FastAPI:
    app = FastAPI()

    @app.post("/frame")
    def frame(df: Annotated[Order, Depends(rows_dependency(Order))]) -> int:
        return df.shape[0]

    @app.post("/plain")
    def plain(rows: list[Order.RowModel]) -> int:  # type: ignore[valid-type]
        return len(rows)

    @app.post("/span-frame")
    def span_frame(df: Annotated[Span, Depends(rows_dependency(Span))]) -> int:
        return df.shape[0]

    @app.post("/span-plain")
    def span_plain(rows: list[Span.RowModel]) -> int:  # type: ignore[valid-type]
        return len(rows)

    return app


CLIENT = TestClient(_app())

GOOD = {"orderId": 1, "qty": 2, "price": 9.5, "day": "2024-05-01"}

PAYLOADS: dict[str, Any] = {
    "valid": [GOOD, {**GOOD, "orderId": "2", "tags": ["a"], "at": {"x": 1}}],
    "empty list": [],
    "parsing errors": [
        {**GOOD, "orderId": "x"},
        {**GOOD, "price": "cheap", "day": "2024-13-01"},
        {**GOOD, "qty": 1.5},
    ],
    "constraints and validators": [
        {**GOOD, "qty": -1},
        {**GOOD, "price": 5000},
        {**GOOD, "note": "far too long"},
    ],
    "missing and extra keys": [
        {"qty": 1, "price": 1.0},
        {**GOOD, "unknown": True},
        {"orderId": 1},
    ],
    "field name instead of alias": [
        {"order_id": "x", "qty": 1, "price": 1.0},
        {"order_id": 3, "orderId": 4, "qty": 1, "price": 1.0},
    ],
    "literal enum and nulls": [
        {**GOOD, "status": "void", "level": "medium"},
        {**GOOD, "qty": None, "price": None},
    ],
    "nested and list cells": [
        {**GOOD, "at": {"x": "q"}, "tags": ["a", 1, None]},
        {**GOOD, "at": 5, "tags": "abc"},
        {**GOOD, "at": {"x": 1, "z": 2}},
    ],
    "rows that are not objects": [5, GOOD, "row", None, [1, 2], {**GOOD, "qty": -3}],
    "body is an object": {"orderId": [1]},
    "body is a string": "rows",
    "body is null": None,
}


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_rows_dependency_matches_fastapi_list_body(payload: Any) -> None:
    ours = CLIENT.post("/frame", json=payload)
    theirs = CLIENT.post("/plain", json=payload)
    assert ours.status_code == theirs.status_code
    assert ours.json() == theirs.json()
    if theirs.status_code == 422:
        ours_detail, their_detail = ours.json()["detail"], theirs.json()["detail"]
        assert len(ours_detail) == len(their_detail)
        for mine, expected in zip(ours_detail, their_detail, strict=True):
            for key in ("type", "loc", "msg", "input"):
                assert mine.get(key) == expected.get(key), (key, mine, expected)


def test_error_kinds_covered() -> None:
    kinds = set()
    for payload in PAYLOADS.values():
        response = CLIENT.post("/plain", json=payload)
        if response.status_code == 422:
            kinds |= {e["type"] for e in response.json()["detail"]}
    assert {
        "int_parsing",
        "float_parsing",
        "date_from_datetime_parsing",
        "greater_than_equal",
        "value_error",
        "string_too_long",
        "missing",
        "extra_forbidden",
        "literal_error",
        "enum",
        "model_attributes_type",
        "list_type",
        "int_type",
    } <= kinds


@pytest.mark.parametrize(
    "payload",
    [
        [{"start": 1, "end": 2}],
        [{"start": 3, "end": 1}, {"start": "x", "end": 2}, {"start": 1, "end": 5}],
    ],
)
def test_model_validators_match(payload: Any) -> None:
    ours = CLIENT.post("/span-frame", json=payload)
    theirs = CLIENT.post("/span-plain", json=payload)
    assert (ours.status_code, ours.json()) == (theirs.status_code, theirs.json())


def test_openapi_documents_the_row_model_list() -> None:
    app = _app()
    spec = app.openapi()
    ours = spec["paths"]["/frame"]["post"]["requestBody"]
    theirs = spec["paths"]["/plain"]["post"]["requestBody"]
    assert ours["required"] is True
    assert ours["content"]["application/json"]["schema"]["items"] == {
        "$ref": "#/components/schemas/OrderRow"
    }
    assert ours["content"]["application/json"]["schema"]["type"] == "array"
    assert (
        ours["content"]["application/json"]["schema"]["items"]
        == theirs["content"]["application/json"]["schema"]["items"]
    )
    row = spec["components"]["schemas"]["OrderRow"]
    assert row["required"] == ["orderId", "qty", "price"]


def test_best_effort_rows_report_every_rejected_row_once() -> None:
    reports: list[list[dict[str, Any]]] = []
    app = FastAPI()
    dependency = rows_dependency(
        Order, ignore_errors=True, on_validation_errors=reports.append
    )

    @app.post("/lenient")
    def lenient(df: Annotated[Order, Depends(dependency)]) -> list[int]:
        return df.to_dict()["order_id"]

    payload = [5, GOOD, {**GOOD, "qty": "many"}, {**GOOD, "orderId": 9}]
    r = TestClient(app).post("/lenient", json=payload)
    assert r.status_code == 200
    assert r.json() == [1, 9]
    assert len(reports) == 1
    assert [(f["row_index"], f["errors"][0]["type"]) for f in reports[0]] == [
        (0, "model_attributes_type"),
        (2, "int_parsing"),
    ]


def test_trusted_rows_locate_the_offending_cells() -> None:
    app = FastAPI()

    @app.post("/strict")
    def strict(
        df: Annotated[Order, Depends(rows_dependency(Order, trusted_mode="strict"))],
    ) -> int:
        return df.shape[0]

    client = TestClient(app)
    good = {"orderId": 1, "qty": 2, "price": 9, "day": None}
    assert client.post("/strict", json=[good]).json() == 1
    r = client.post("/strict", json=[good, {**good, "orderId": "2"}])
    assert r.status_code == 422
    assert [(e["type"], e["loc"]) for e in r.json()["detail"]] == [
        ("int_type", ["body", 1, "orderId"])
    ]
