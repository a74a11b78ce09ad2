"""The vectorized path builds "undecided" masks only when some cell needs Pydantic.

Typed Polars input, nulls in non-nullable columns, all-null columns and
several constraints on one column must still give Pydantic's exact values and
errors (compared with a plain ``list[T]``-per-column Pydantic model).
"""

from __future__ import annotations

from typing import Annotated, Any

import polars as pl
import pydantic
import pytest
from pydantic import BaseModel, Field

import pydantable.validation.ingest as ingest_module
from pydantable import DataFrameModel


@pytest.fixture(autouse=True)
def vectorized(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest_module, "SMALL_INPUT_CELLS", 0, raising=False)


class Frame(DataFrameModel):
    id: int
    name: str
    age: Annotated[int, Field(ge=0, le=130)] | None
    score: Annotated[float, Field(gt=0, lt=10)]


class Columns(BaseModel):
    id: list[int]
    name: list[str]
    age: list[Annotated[int, Field(ge=0, le=130)] | None]
    score: list[Annotated[float, Field(gt=0, lt=10)]]


def errors_of(data: Any) -> list[dict[str, Any]]:
    with pytest.raises(pydantic.ValidationError) as caught:
        Frame(data)
    return caught.value.errors(include_url=False)


def expected_errors(data: dict[str, list[Any]]) -> list[dict[str, Any]]:
    with pytest.raises(pydantic.ValidationError) as caught:
        Columns(**data)
    return caught.value.errors(include_url=False)


VALID = {
    "id": [1, 2, 3],
    "name": ["a", "b", "c"],
    "age": [0, None, 130],
    "score": [0.5, 9.5, 1.0],
}


def test_typed_polars_frame_is_kept_as_it_is() -> None:
    source = pl.DataFrame(VALID)
    frame = Frame(source)
    assert frame.to_polars().equals(source)
    assert frame.to_dict() == VALID
    assert source.to_dict(as_series=False) == VALID  # input untouched


def test_lists_and_polars_give_the_same_frame() -> None:
    assert Frame(VALID).to_dict() == Frame(pl.DataFrame(VALID)).to_dict() == VALID


def test_null_in_non_nullable_typed_column_is_pydantics_error() -> None:
    data = {**VALID, "id": [1, None, 3], "name": [None, "b", "c"]}
    expected = expected_errors(data)
    assert errors_of(data) == expected
    assert errors_of(pl.DataFrame(data)) == expected
    assert [e["loc"] for e in expected] == [("id", 1), ("name", 0)]


def test_several_bounds_on_one_column() -> None:
    data = {**VALID, "age": [-1, 131, 5], "score": [0.0, 10.0, 5.0]}
    expected = expected_errors(data)
    assert errors_of(data) == expected
    assert errors_of(pl.DataFrame(data)) == expected
    assert [e["type"] for e in expected] == [
        "greater_than_equal",
        "less_than_equal",
        "greater_than",
        "less_than",
    ]


def test_all_null_column() -> None:
    data = {**VALID, "age": [None, None, None]}
    source = pl.DataFrame(data, schema_overrides={"age": pl.Null})
    assert Frame(source).to_dict() == data
    bad = {**VALID, "id": [None, None, None]}
    expected = expected_errors(bad)
    assert errors_of(pl.DataFrame(bad, schema_overrides={"id": pl.Null})) == expected


def test_coerced_column_without_undecided_cells() -> None:
    # every string is an integer: decided by the vectorized rule, no Pydantic call
    data = {**VALID, "id": ["1", "-2", "3"], "score": [1, 2, 3]}
    out = Frame(data).to_dict()
    assert out["id"] == [1, -2, 3]
    assert out["score"] == [1.0, 2.0, 3.0]
    assert out == Columns(**data).model_dump()


def test_coerced_column_with_undecided_cells() -> None:
    data = {**VALID, "id": ["1", "x", "3.0"]}
    expected = expected_errors(data)
    assert errors_of(data) == expected
    assert errors_of(pl.DataFrame(data)) == expected
