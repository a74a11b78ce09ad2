"""The columnar body's OpenAPI as the original documents it: nullable columns
are arrays of nullable items, ``example=`` under ``example``, generated
examples, ``model_name=``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field

from pydantable import DataFrameModel
from pydantable.fastapi import columnar_body_model, columnar_dependency


class Reading(DataFrameModel):
    sensor: str = Field(examples=["s1"])
    value: float | None
    at: dt.date | None
    tags: list[str]


def _schema(**options: Any) -> dict[str, Any]:
    app = FastAPI()
    dependency = Depends(columnar_dependency(Reading, **options))

    @app.post("/readings")
    def post(df: Reading = dependency) -> dict[str, Any]:
        return df.to_dict()

    spec = app.openapi()
    ref = spec["paths"]["/readings"]["post"]["requestBody"]["content"][
        "application/json"
    ]["schema"]["$ref"]
    schema: dict[str, Any] = spec["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return schema


def test_nullable_columns_are_arrays_of_nullable_items() -> None:
    props = _schema()["properties"]
    assert props["value"]["type"] == "array"
    assert props["value"]["items"] == {"anyOf": [{"type": "number"}, {"type": "null"}]}
    assert "anyOf" not in props["value"]
    assert props["at"]["items"]["anyOf"][1] == {"type": "null"}
    assert props["sensor"] == {
        "type": "array",
        "items": {"type": "string"},
        "title": "Sensor",
        "examples": [["s1"]],
    }


def test_optional_columns_still_accept_null_and_absence() -> None:
    app = FastAPI()

    @app.post("/readings")
    def post(
        df: Annotated[Reading, Depends(columnar_dependency(Reading))],
    ) -> dict[str, Any]:
        return df.to_dict()

    client = TestClient(app)
    answer = client.post(
        "/readings", json={"sensor": ["a"], "value": None, "tags": [["x"]]}
    )
    assert answer.status_code == 200
    assert answer.json() == {
        "sensor": ["a"],
        "value": [None],
        "at": [None],
        "tags": [["x"]],
    }
    wrong = client.post("/readings", json={"sensor": ["a"], "value": 3, "tags": [[]]})
    assert wrong.status_code == 422


def test_example_lands_under_example() -> None:
    body = {"sensor": ["a"], "value": [1.5], "tags": [[]]}
    schema = _schema(example=body)
    assert schema["example"] == body
    assert "examples" not in schema


def test_generate_examples_fills_each_column() -> None:
    schema = _schema(generate_examples=True)
    props = schema["properties"]
    assert props["sensor"]["examples"] == [["s1"]]  # from Field(examples=...)
    (value,) = props["value"]["examples"][0]  # generated: a non-null float
    assert isinstance(value, float)
    (at,) = props["at"]["examples"][0]
    assert dt.date.fromisoformat(at)  # JSON: ISO text
    (tags,) = props["tags"]["examples"][0]
    assert isinstance(tags, list)
    assert all(isinstance(t, str) for t in tags)
    assert schema["example"] == {
        "sensor": ["s1"],
        "value": [value],
        "at": [at],
        "tags": [tags],
    }
    assert Reading(schema["example"]).to_dict()["at"] == [dt.date.fromisoformat(at)]
    assert "examples" not in _schema()["properties"]["value"]  # off by default


def test_columnar_body_model_signature_and_name() -> None:
    class Row(BaseModel):
        user_id: int = Field(validation_alias="userId")
        score: float | None = None

    body = columnar_body_model(
        Row, model_name="UsersIn", example={"userId": [1]}, generate_examples=True
    )
    schema = body.model_json_schema()
    assert schema["title"] == "UsersIn"
    assert schema["example"] == {"userId": [1]}  # explicit example wins
    ((user_id,),) = schema["properties"]["userId"]["examples"]
    assert isinstance(user_id, int)
    assert schema["properties"]["score"]["type"] == "array"
    assert body.model_validate({"userId": [1], "score": None}).score is None  # type: ignore[attr-defined]
    assert columnar_body_model(Row, name="Legacy").__name__ == "Legacy"
