"""``register_exception_handlers`` and the ingest error models/response."""

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import field_validator

from pydantable import DataFrameModel
from pydantable.errors import SchemaMismatchError
from pydantable.fastapi import (
    ColumnLengthMismatchError,
    IngestRowFailure,
    IngestValidationErrorDetail,
    MissingRustExtensionError,
    ingest_error_response,
    register_exception_handlers,
)


class Temp(DataFrameModel):
    sensor: str
    celsius: float

    @field_validator("celsius")
    @classmethod
    def physical(cls, value: float) -> float:
        if value < -273.15:
            raise ValueError("below absolute zero")
        return value


def _client(*, handlers: bool = True) -> TestClient:
    app = FastAPI()
    if handlers:
        register_exception_handlers(app)

    @app.post("/build")
    def build(body: dict[str, Any]) -> int:
        return Temp(body).shape[0]

    @app.get("/native")
    def native() -> None:
        raise MissingRustExtensionError("no native engine here")

    @app.get("/other")
    def other() -> None:
        raise ValueError("not a data error")

    return TestClient(app, raise_server_exceptions=False)


CLIENT = _client()


def test_validation_error_is_a_json_safe_422() -> None:
    r = CLIENT.post("/build", json={"sensor": ["a", "b"], "celsius": ["warm", -300]})
    assert r.status_code == 422
    assert r.json() == {
        "detail": [
            {
                "type": "float_parsing",
                "loc": ["celsius", 0],
                "msg": "Input should be a valid number, unable to parse string as a number",
                "input": "warm",
            },
            {
                "type": "value_error",
                "loc": ["celsius", 1],
                "msg": "Value error, below absolute zero",
                "input": -300,
                "ctx": {"error": "below absolute zero"},
            },
        ]
    }


def test_length_schema_native_and_other_errors() -> None:
    r = CLIENT.post("/build", json={"sensor": ["a", "b"], "celsius": [1.0]})
    assert r.status_code == 400
    assert r.json()["detail"].startswith(
        "All columns must have the same length; got [1, 2]"
    )
    r = CLIENT.post("/build", json={"sensor": ["a"], "celsius": [1.0], "extra": [1]})
    assert r.status_code == 422
    assert r.json() == {
        "detail": "Unknown columns for schema: ['extra']; expected ['sensor', 'celsius']"
    }
    r = CLIENT.get("/native")
    assert (r.status_code, r.json()) == (503, {"detail": "no native engine here"})
    assert CLIENT.get("/other").status_code == 500  # plain ValueErrors are not mapped


def test_without_handlers_errors_are_500s() -> None:
    client = _client(handlers=False)
    r = client.post("/build", json={"sensor": ["a"], "celsius": ["warm"]})
    assert r.status_code == 500


def test_handlers_are_registered_for_each_error_type() -> None:
    app = FastAPI()
    register_exception_handlers(app)
    for exc in (
        ColumnLengthMismatchError,
        SchemaMismatchError,
        MissingRustExtensionError,
    ):
        assert exc in app.exception_handlers


def test_ingest_error_response_from_callback_failures() -> None:
    failures: list[dict[str, Any]] = []
    frame = Temp(
        [{"sensor": "a", "celsius": 1.0}, {"sensor": "b", "celsius": -500}],
        ignore_errors=True,
        on_validation_errors=failures.extend,
    )
    assert frame.shape == (1, 2)
    response = ingest_error_response(failures, status_code=400, title="Bad readings")
    assert response.status_code == 400
    body = IngestValidationErrorDetail.model_validate_json(bytes(response.body))
    assert body.title == "Bad readings"
    assert body.failures == [
        IngestRowFailure(
            row_index=1,
            row={"sensor": "b", "celsius": -500},
            errors=[
                {
                    "type": "value_error",
                    "loc": ["celsius"],
                    "msg": "Value error, below absolute zero",
                    "input": -500,
                    "ctx": {"error": "below absolute zero"},
                }
            ],
        )
    ]


def test_ingest_error_response_accepts_models_and_makes_rows_json_safe() -> None:
    import datetime as dt

    failure = IngestRowFailure(
        row_index=0, row={"day": dt.date(2024, 1, 2)}, errors=[{"type": "x"}]
    )
    response = ingest_error_response([failure])
    assert response.status_code == 422
    assert response.body == (
        b'{"title":"Ingest validation failed","failures":'
        b'[{"row_index":0,"row":{"day":"2024-01-02"},"errors":[{"type":"x"}]}]}'
    )


@pytest.mark.parametrize("model", [IngestRowFailure, IngestValidationErrorDetail])
def test_error_models_have_json_schemas(model: type[Any]) -> None:
    assert model.model_json_schema()["type"] == "object"
