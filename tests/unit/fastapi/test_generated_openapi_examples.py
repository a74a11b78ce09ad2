"""``generate_examples=True`` documents examples generated from the rules: the
OpenAPI example body validates against the model (and is accepted by the
route), even with bounds, patterns, literals, decimals, aware datetimes,
nested models and aliases."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Annotated, Any, Literal

import jsonschema
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from pydantic import AfterValidator, AwareDatetime, BaseModel, Field

from pydantable import DataFrameModel
from pydantable.fastapi import columnar_body_model, columnar_dependency


class Place(BaseModel):
    code: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    floor: Annotated[int, Field(ge=0, le=9)] | None


class Order(DataFrameModel):
    order_id: Annotated[int, Field(ge=1_000, le=9_999)] = Field(
        validation_alias="orderId"
    )
    sku: Annotated[str, Field(pattern=r"^SKU-\d{4}$")]
    qty: Annotated[int, Field(gt=0, multiple_of=6)]
    price: Annotated[decimal.Decimal, Field(max_digits=7, decimal_places=2, gt=0)]
    status: Literal["new", "paid"]
    placed: AwareDatetime
    note: Annotated[str, Field(min_length=3, max_length=5)] | None
    where: Place
    lines: Annotated[list[Annotated[int, Field(ge=1)]], Field(min_length=1)]


def _openapi(
    model: type[DataFrameModel],
) -> tuple[FastAPI, dict[str, Any], dict[str, Any]]:
    app = FastAPI()
    dependency = Depends(columnar_dependency(model, generate_examples=True))

    @app.post("/orders")
    def post(df: model = dependency) -> dict[str, int]:  # type: ignore[valid-type]
        return {"rows": len(df)}  # type: ignore[arg-type]

    spec = app.openapi()
    ref = spec["paths"]["/orders"]["post"]["requestBody"]["content"][
        "application/json"
    ]["schema"]["$ref"]
    return app, spec, spec["components"]["schemas"][ref.rsplit("/", 1)[1]]


def test_the_generated_example_validates_against_the_model() -> None:
    app, spec, schema = _openapi(Order)
    example = schema["example"]
    assert set(example) == {
        "orderId",
        "sku",
        "qty",
        "price",
        "status",
        "placed",
        "note",
        "where",
        "lines",
    }
    # the old type defaults (0, "string") would break these rules
    assert 1_000 <= example["orderId"][0] <= 9_999
    assert example["qty"][0] > 0
    assert example["qty"][0] % 6 == 0
    assert example["sku"][0].startswith("SKU-")
    # the example is valid for the frame model, its row model and the JSON schema
    df = Order(example)
    assert len(df) == 1
    Order.row_model().model_validate({k: v[0] for k, v in example.items()})
    resolver_schema = {**schema, "components": spec["components"]}
    jsonschema.validate(example, resolver_schema)
    # ... and accepted by the route
    with TestClient(app) as client:
        response = client.post("/orders", json=example)
    assert response.status_code == 200, response.text
    assert response.json() == {"rows": 1}


def test_each_column_example_is_a_valid_cell() -> None:
    _, _, schema = _openapi(Order)
    props = schema["properties"]
    row = {name: prop["examples"][0][0] for name, prop in props.items()}
    assert row == {k: v[0] for k, v in schema["example"].items()}
    Order.row_model().model_validate(row)


def test_rules_that_cannot_be_generated_fall_back_to_type_values() -> None:
    def shout(value: str) -> str:
        if not value.isupper():
            raise ValueError("must be upper case")
        return value

    class Row(BaseModel):
        id: Annotated[int, Field(ge=1)]
        word: Annotated[str, AfterValidator(shout)]

    body = columnar_body_model(Row, generate_examples=True)
    example = body.model_json_schema()["example"]
    assert set(example) == {"id", "word"}  # documented, no crash at startup
    assert example["id"][0] >= 1  # still generated from its rules
    assert example["word"] == ["string"]  # the type default


def test_dates_and_datetimes_are_json_text() -> None:
    class Event(BaseModel):
        day: dt.date
        at: AwareDatetime

    example = columnar_body_model(Event, generate_examples=True).model_json_schema()[
        "example"
    ]
    assert dt.date.fromisoformat(example["day"][0])
    assert dt.datetime.fromisoformat(example["at"][0]).tzinfo is not None
