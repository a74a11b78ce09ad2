"""One exception → HTTP table: ``pydantable._http_errors`` + ``fastapi.errors.to_http``.

The route's body reads, the dependencies, the registered handlers and the
Pydantic validator of frame fields all answer from it; changing a rule
changes every one of them.
"""

import pydantic
import pytest
from fastapi import FastAPI

from pydantable import DataFrameModel
from pydantable._http_errors import ERROR_RULES, ErrorRule, error_rule
from pydantable.errors import (
    ColumnLengthMismatchError,
    MissingRustExtensionError,
    SchemaMismatchError,
)
from pydantable.fastapi import register_exception_handlers
from pydantable.fastapi.errors import HTTP_RULES, http_status, to_http
from pydantable.fastapi.formats import BodyFormatError, RowLimitError


class Users(DataFrameModel):
    id: int


def _validation_error() -> pydantic.ValidationError:
    try:
        Users({"id": ["x", "y"]})
    except pydantic.ValidationError as exc:
        return exc
    raise AssertionError("no error")


@pytest.mark.parametrize(
    ("exc", "status"),
    [
        (_validation_error(), 422),
        (ColumnLengthMismatchError({"a": 1, "b": 2}), 400),
        (SchemaMismatchError("no"), 422),
        (MissingRustExtensionError("no"), 503),
        (BodyFormatError("no"), 400),
        (RowLimitError(rows=3, limit=2), 413),
        (TypeError("no"), None),
        (ValueError("no"), None),
    ],
)
def test_statuses(exc: Exception, status: int | None) -> None:
    assert http_status(exc) == status
    assert to_http(exc).status_code == (status or 500)


def test_the_handlers_are_the_rules_with_a_status() -> None:
    app = FastAPI()
    register_exception_handlers(app)
    handled = {k for k in app.exception_handlers if isinstance(k, type)}
    ours = {r.exception for r in ERROR_RULES if r.status is not None}
    assert ours <= handled
    assert handled - ours <= {
        e for e in handled if e.__module__.split(".")[0] in ("fastapi", "starlette")
    }


def test_body_and_route_answers() -> None:
    exc = _validation_error()
    route = to_http(exc)
    assert [e["loc"] for e in route.detail] == [["id", 0], ["id", 1]]
    assert route.headers is None
    body = to_http(exc, body=True, max_errors=1)
    assert [e["loc"] for e in body.detail] == [["body", "id", 0]]
    assert body.headers == {"X-Error-Count": "2"}
    mismatch = SchemaMismatchError("bad column")
    assert to_http(mismatch).detail == "bad column"
    assert to_http(mismatch, body=True).detail == [
        {"type": "schema_mismatch", "loc": ["body"], "msg": "bad column", "input": None}
    ]


class Pairs(DataFrameModel):
    a: int
    b: int


class Batch(pydantic.BaseModel):
    pairs: Pairs


def test_the_validator_of_a_frame_field_takes_its_error_types_from_the_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ragged = {"pairs": {"a": [1], "b": [1, 2]}}
    with pytest.raises(pydantic.ValidationError) as info:
        Batch.model_validate(ragged)
    assert info.value.errors()[0]["type"] == "column_length_mismatch"
    renamed = tuple(
        ErrorRule(r.exception, r.status, f"renamed_{r.error_type}")
        if r.error_type
        else r
        for r in ERROR_RULES
    )
    monkeypatch.setattr("pydantable._http_errors.ERROR_RULES", renamed)
    with pytest.raises(pydantic.ValidationError) as info:
        Batch.model_validate(ragged)
    assert info.value.errors()[0]["type"] == "renamed_column_length_mismatch"


def test_the_http_table_starts_with_the_data_error_table() -> None:
    assert HTTP_RULES[: len(ERROR_RULES)] == ERROR_RULES
    assert error_rule(RowLimitError(rows=3, limit=2)) is None
