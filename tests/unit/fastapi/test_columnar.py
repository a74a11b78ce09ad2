"""``columnar_dependency`` and the columnar body models: errors, optional columns, OpenAPI."""

from typing import Annotated, Any

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field

from pydantable import DataFrame, DataFrameModel, Schema
from pydantable.fastapi import (
    columnar_body_model,
    columnar_body_model_from_dataframe_model,
    columnar_dependency,
    ingest_error_response,
)


class Point(BaseModel):
    x: int


class Sale(DataFrameModel):
    sale_id: int = Field(validation_alias="saleId", description="Sale number")
    amount: float = Field(ge=0)
    region: str | None
    channel: str = "web"
    at: Point | None = None


def _client(**kwargs: Any) -> TestClient:
    app = FastAPI()
    dependency = columnar_dependency(Sale, **kwargs)

    @app.post("/sales")
    def sales(df: Annotated[Sale, Depends(dependency)]) -> dict[str, list[Any]]:
        return df.to_dict()

    return TestClient(app)


CLIENT = _client()


def test_valid_body_builds_the_frame_and_fills_optional_columns() -> None:
    r = CLIENT.post("/sales", json={"saleId": [1, "2"], "amount": [1, 2.5]})
    assert r.status_code == 200
    assert r.json() == {
        "sale_id": [1, 2],
        "amount": [1.0, 2.5],
        "region": [None, None],
        "channel": ["web", "web"],
        "at": [None, None],
    }


def test_null_optional_column_means_absent() -> None:
    r = CLIENT.post(
        "/sales", json={"saleId": [1], "amount": [1.0], "region": None, "channel": None}
    )
    assert r.status_code == 200
    assert r.json()["region"] == [None]
    assert r.json()["channel"] == ["web"]


def test_cell_errors_are_located_by_key_as_sent_and_row() -> None:
    r = CLIENT.post(
        "/sales",
        json={
            "saleId": [1, "x", 3],
            "amount": [1.0, 2.0, -1],
            "at": [None, {"x": 1}, {"x": "q"}],
        },
    )
    assert r.status_code == 422
    assert [(e["type"], e["loc"], e["input"]) for e in r.json()["detail"]] == [
        ("int_parsing", ["body", "saleId", 1], "x"),
        ("greater_than_equal", ["body", "amount", 2], -1),
        ("int_parsing", ["body", "at", 2, "x"], "q"),
    ]
    assert r.json()["detail"][0]["msg"] == (
        "Input should be a valid integer, unable to parse string as an integer"
    )


def test_ragged_columns_are_a_400() -> None:
    r = CLIENT.post("/sales", json={"saleId": [1, 2], "amount": [1.0]})
    assert r.status_code == 400
    assert r.json() == {
        "detail": "All columns must have the same length; got [1, 2] (saleId=2, amount=1)"
    }


def test_unknown_and_missing_columns_are_named_in_a_422() -> None:
    r = CLIENT.post("/sales", json={"saleId": [1], "colour": ["red"]})
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert [(e["type"], e["loc"], e["msg"]) for e in detail] == [
        ("missing", ["body", "amount"], "Field required"),
        ("extra_forbidden", ["body", "colour"], "Extra inputs are not permitted"),
    ]


def test_a_column_must_be_an_array() -> None:
    r = CLIENT.post("/sales", json={"saleId": 1, "amount": None})
    assert r.status_code == 422
    assert [(e["type"], e["loc"]) for e in r.json()["detail"]] == [
        ("list_type", ["body", "saleId"]),
        ("list_type", ["body", "amount"]),
    ]


def test_body_must_be_an_object() -> None:
    r = CLIENT.post("/sales", json=[1, 2])
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body"]


def test_input_key_mode_python_and_both() -> None:
    python = _client(input_key_mode="python")
    r = python.post("/sales", json={"sale_id": [1, "x"], "amount": [1.0, 1.0]})
    assert r.json()["detail"][0]["loc"] == ["body", "sale_id", 1]
    r = python.post("/sales", json={"saleId": [1], "amount": [1.0]})
    assert [e["loc"] for e in r.json()["detail"]] == [
        ["body", "sale_id"],
        ["body", "saleId"],
    ]
    both = _client(input_key_mode="both")
    for key in ("saleId", "sale_id"):
        r = both.post("/sales", json={key: [1, "x"], "amount": [1.0, 1.0]})
        assert r.json()["detail"][0]["loc"] == ["body", key, 1]
        assert both.post("/sales", json={key: [4], "amount": [1.0]}).json()[
            "sale_id"
        ] == [4]


def test_fill_missing_optional_false_requires_nullable_columns() -> None:
    client = _client(fill_missing_optional=False)
    r = client.post("/sales", json={"saleId": [1], "amount": [1.0]})
    assert r.status_code == 422
    assert [(e["type"], e["loc"]) for e in r.json()["detail"]] == [
        ("missing", ["body", "region"])
    ]
    r = client.post("/sales", json={"saleId": [1], "amount": [1.0], "region": ["eu"]})
    assert r.status_code == 200
    assert r.json()["channel"] == ["web"]


def test_errors_are_capped_by_max_errors() -> None:
    client = _client(max_errors=3)
    r = client.post("/sales", json={"saleId": ["x"] * 10, "amount": [1.0] * 10})
    assert r.status_code == 422
    assert len(r.json()["detail"]) == 3


def test_trusted_modes_locate_the_offending_cells() -> None:
    strict = _client(trusted_mode="strict")
    assert strict.post("/sales", json={"saleId": [1], "amount": [2]}).status_code == 200
    r = strict.post("/sales", json={"saleId": [1, 2], "amount": [1.0, "2.5"]})
    assert r.status_code == 422
    assert [(e["type"], e["loc"]) for e in r.json()["detail"]] == [
        ("float_type", ["body", "amount", 1])
    ]
    shape_only = _client(trusted_mode="shape_only")
    r = shape_only.post("/sales", json={"saleId": [1, None], "amount": [1.0, 1.0]})
    assert r.status_code == 422
    assert [(e["type"], e["loc"]) for e in r.json()["detail"]] == [
        ("int_type", ["body", "saleId", 1])
    ]


def test_bad_options_fail_when_the_dependency_is_built() -> None:
    with pytest.raises(ValueError, match="trusted_mode"):
        columnar_dependency(Sale, trusted_mode="bogus")
    with pytest.raises(ValueError, match="ignore_errors"):
        columnar_dependency(Sale, trusted_mode="strict", ignore_errors=True)
    with pytest.raises(ValueError, match="input_key_mode"):
        columnar_dependency(Sale, input_key_mode="camel")  # type: ignore[arg-type]


def test_best_effort_ingest_with_ingest_error_response() -> None:
    app = FastAPI()

    @app.post("/lenient")
    def lenient(body: dict[str, list[Any]]) -> Any:
        failures: list[dict[str, Any]] = []
        df = Sale(body, ignore_errors=True, on_validation_errors=failures.extend)
        if failures:
            return ingest_error_response(failures)
        return df.to_dict()

    failures: list[dict[str, Any]] = []
    dependency = columnar_dependency(
        Sale, validation_profile="batch_lenient", on_validation_errors=failures.extend
    )

    @app.post("/dependency")
    def with_dependency(df: Annotated[Sale, Depends(dependency)]) -> int:
        return df.shape[0]

    client = TestClient(app)
    body = {"saleId": [1, "x", 3], "amount": [1.0, 1.0, -2]}
    r = client.post("/lenient", json=body)
    assert r.status_code == 422
    assert r.json()["title"] == "Ingest validation failed"
    assert [f["row_index"] for f in r.json()["failures"]] == [1, 2]
    assert r.json()["failures"][0]["errors"][0]["loc"] == ["sale_id"]
    r = client.post("/dependency", json=body)
    assert r.status_code == 200
    assert r.json() == 1
    assert [f["row_index"] for f in failures] == [1, 2]


def test_generic_dataframe_classes_work_too() -> None:
    class Pair(Schema):
        a: int
        b: str | None = None

    app = FastAPI()

    @app.post("/pairs")
    def pairs(
        df: Annotated[DataFrame[Pair], Depends(columnar_dependency(DataFrame[Pair]))],
    ) -> dict[str, list[Any]]:
        return df.to_dict()

    r = TestClient(app).post("/pairs", json={"a": ["1", 2]})
    assert r.status_code == 200
    assert r.json() == {"a": [1, 2], "b": [None, None]}


# -- body models and OpenAPI ---------------------------------------------------------


def test_openapi_documents_columns_with_item_types_and_required_columns() -> None:
    spec = CLIENT.app.openapi()  # type: ignore[attr-defined]
    body = spec["paths"]["/sales"]["post"]["requestBody"]
    assert body["required"] is True
    assert body["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/SaleColumnarBody"
    }
    schema = spec["components"]["schemas"]["SaleColumnarBody"]
    assert schema["required"] == ["saleId", "amount"]
    assert schema["additionalProperties"] is False
    props = schema["properties"]
    assert props["saleId"] == {
        "type": "array",
        "items": {"type": "integer"},
        "title": "Saleid",
        "description": "Sale number",
    }
    assert props["amount"]["items"] == {"type": "number", "minimum": 0}
    # optional columns: an array (of nullable items for a nullable column), as
    # the original documents them; ``null`` is still accepted (fill the column)
    assert props["region"]["type"] == "array"
    assert props["region"]["items"] == {"anyOf": [{"type": "string"}, {"type": "null"}]}
    assert "anyOf" not in props["region"]
    assert props["channel"]["type"] == "array"
    assert props["channel"]["items"] == {"type": "string"}
    assert props["at"]["items"]["anyOf"][0] == {"$ref": "#/components/schemas/Point"}
    assert "Point" in spec["components"]["schemas"]


def test_body_models_are_cached_and_named() -> None:
    first = columnar_body_model_from_dataframe_model(Sale)
    assert first is columnar_body_model_from_dataframe_model(Sale)
    assert first.__name__ == "SaleColumnarBody"
    assert (
        columnar_body_model_from_dataframe_model(Sale, input_key_mode="python").__name__
        == "SaleColumnarBodyPython"
    )
    strict = columnar_body_model_from_dataframe_model(Sale, fill_missing_optional=False)
    assert strict.__name__ == "SaleColumnarBodyAllRequired"
    assert strict.model_json_schema()["required"] == ["saleId", "amount", "region"]


def test_columnar_body_model_from_a_row_model_with_schema_extras() -> None:
    class Row(BaseModel):
        user_id: int = Field(validation_alias="userId", examples=[1, 2])
        note: str | None = None

    body = columnar_body_model(
        Row,
        name="UsersIn",
        json_schema_extra={"description": "Users, by column"},
        example={"userId": [1, 2]},
    )
    schema = body.model_json_schema()
    assert schema["title"] == "UsersIn"
    assert schema["description"] == "Users, by column"
    assert schema["example"] == {"userId": [1, 2]}
    assert schema["required"] == ["userId"]
    assert schema["properties"]["userId"]["examples"] == [[1, 2]]
    parsed = body.model_validate({"userId": [1, "x"]})
    assert parsed.user_id == [1, "x"]  # type: ignore[attr-defined]  # cells unvalidated
    with pytest.raises(ValueError, match="input_key_mode"):
        columnar_body_model(Row, input_key_mode="other")  # type: ignore[arg-type]


def test_columns_named_like_basemodel_methods() -> None:
    class Doc(DataFrameModel):
        json: str
        copy: int | None

    app = FastAPI()

    @app.post("/docs")
    def docs(
        df: Annotated[Doc, Depends(columnar_dependency(Doc))],
    ) -> dict[str, list[Any]]:
        return df.to_dict()

    r = TestClient(app).post("/docs", json={"json": ["{}"], "copy": ["3"]})
    assert r.status_code == 200
    assert r.json() == {"json": ["{}"], "copy": [3]}
