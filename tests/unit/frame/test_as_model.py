"""Schema assertion: ``as_model`` / ``try_as_model`` / ``assert_model`` and the DataFrame faces."""

from __future__ import annotations

import decimal
from typing import Annotated, Literal

import polars as pl
import pydantic
import pytest

from pydantable import DataFrame, DataFrameModel, Schema, SchemaMismatchError
from pydantable import dtypes as d
from pydantable.frame.columns import SchemaDiff, dtype_fits


class Raw(DataFrameModel):
    id: int
    score: float | None
    tag: Literal["a", "b"]
    note: str


class Out(DataFrameModel):
    tag: str
    id: int
    score: float | None


class Strict(DataFrameModel):
    id: int
    score: float


class Wrong(DataFrameModel):
    id: str
    extra: int


def _raw() -> Raw:
    return Raw(
        {"id": [1, 2], "score": [0.5, None], "tag": ["a", "b"], "note": ["x", "y"]}
    )


def test_as_model_retypes_and_reorders_lazily() -> None:
    out = _raw().drop("note").as_model(Out)
    assert type(out) is Out
    assert out.columns == ["tag", "id", "score"]
    assert out.to_dict() == {"tag": ["a", "b"], "id": [1, 2], "score": [0.5, None]}
    rows = out.collect()
    assert isinstance(rows[0], Out.RowModel)
    # chaining keeps working from the declared class
    assert type(out.filter(out.id > 1)).__name__.startswith("Out")


def test_as_model_without_reordering_reuses_the_plan() -> None:
    frame = _raw().select("id", "score")

    class Same(DataFrameModel):
        id: int
        score: float | None

    out = frame.as_model(Same)
    assert out._plan is frame._plan
    assert type(out) is Same


def test_mismatch_diff_lists_missing_extra_and_mismatched() -> None:
    with pytest.raises(SchemaMismatchError) as info:
        _raw().assert_model(Wrong)
    diff = info.value.diff  # type: ignore[attr-defined]
    assert isinstance(diff, SchemaDiff)
    assert diff.missing == ("extra",)
    assert diff.extra == ("score", "tag", "note")
    assert diff.mismatched == (("id", "Int64", "String"),)
    message = str(info.value)
    assert "missing columns ['extra']" in message
    assert "extra columns ['score', 'tag', 'note']" in message
    assert "column 'id' is Int64, expected String" in message


def test_nullable_source_cannot_fill_a_non_nullable_target() -> None:
    frame = _raw().select("id", "score")
    with pytest.raises(
        SchemaMismatchError, match=r"'score' is Float64 \| None, expected Float64"
    ):
        frame.as_model(Strict)
    assert frame.try_as_model(Strict) is None
    # after dropping nulls the schema proves it
    assert type(frame.drop_nulls().as_model(Strict)) is Strict


def test_validate_schema_false_validates_the_data_instead() -> None:
    frame = _raw().select("id", "score")
    # statically nullable, but no nulls once filtered: validated eagerly
    kept = frame.filter(frame.score.is_not_null())
    out = kept.as_model(Strict, validate_schema=False)
    assert type(out) is Strict
    assert out.to_dict() == {"id": [1], "score": [0.5]}
    with pytest.raises(pydantic.ValidationError):
        frame.as_model(Strict, validate_schema=False)
    assert frame.try_as_model(Strict, validate_schema=False) is None


def test_semantic_and_nested_dtypes_fit_their_wider_forms() -> None:
    assert dtype_fits(d.Literal(("a", "b")), d.String())
    assert not dtype_fits(d.String(), d.Literal(("a", "b")))
    assert dtype_fits(d.UUID(), d.String())
    assert dtype_fits(d.Decimal(10, 2), d.Decimal(38, 9))
    assert not dtype_fits(d.Decimal(38, 9), d.Decimal(10, 2))
    assert dtype_fits(d.List(d.Int64()), d.List(d.Int64(), inner_nullable=True))
    assert not dtype_fits(d.List(d.Int64(), inner_nullable=True), d.List(d.Int64()))
    assert not dtype_fits(d.Datetime("UTC"), d.Datetime(None))
    assert not dtype_fits(d.Int64(), d.Float64())


def test_decimal_widening_is_cast() -> None:
    class Money(DataFrameModel):
        amount: Annotated[
            decimal.Decimal, pydantic.Field(max_digits=10, decimal_places=2)
        ]

    class Wide(DataFrameModel):
        amount: Annotated[
            decimal.Decimal, pydantic.Field(max_digits=20, decimal_places=4)
        ]

    out = Money({"amount": ["1.25"]}).as_model(Wide)
    assert out.to_polars().schema["amount"] == pl.Decimal(20, 4)
    assert out.to_dict() == {"amount": [decimal.Decimal("1.2500")]}


class Point(Schema):
    x: int
    y: float | None


def test_dataframe_schema_faces() -> None:
    frame = DataFrame[Point]({"x": [1], "y": [None]}).with_columns(z=1)
    with pytest.raises(SchemaMismatchError, match=r"extra columns \['z'\]"):
        frame.assert_schema(Point)
    assert frame.try_as_schema(Point) is None
    out = frame.drop("z").as_schema(Point)
    assert type(out) is DataFrame[Point]
    assert out.to_dict() == {"x": [1], "y": [None]}
    # a DataFrameModel frame can become DataFrame[S] and back
    model = (
        _raw().select("id", "score").rename({"id": "x", "score": "y"}).as_schema(Point)
    )
    assert type(model) is DataFrame[Point]

    class P(DataFrameModel):
        x: int
        y: float | None

    assert type(model.as_model(P)) is P
    assert (
        type(model.as_model(Point)) is DataFrame[Point]
    )  # pydantic model → DataFrame[S]


def test_bad_targets() -> None:
    with pytest.raises(TypeError, match="declared frame class"):
        _raw().as_model(DataFrameModel)
    with pytest.raises(TypeError, match="DataFrameModel subclass"):
        _raw().as_model(int)  # type: ignore[type-var]
    assert _raw().schema_diff(Raw) == SchemaDiff()
    assert not _raw().schema_diff(Raw)


def test_assert_model_mismatch_is_a_type_error_with_the_original_wording() -> None:
    from pydantable.errors import SchemaAssertionError

    with pytest.raises(
        TypeError,
        match=(
            r"assert_model\(schema mismatch\): missing=\['extra'\] "
            r"extra=\['score', 'tag', 'note'\] mismatched_types=\{'id': "
        ),
    ) as info:
        _raw().assert_model(Wrong)
    assert isinstance(info.value, SchemaMismatchError)  # still our error type
    assert isinstance(info.value, SchemaAssertionError)
    assert info.value.diff.missing == ("extra",)  # type: ignore[attr-defined]


def test_assert_model_passes_through_when_it_fits() -> None:
    out = _raw().drop("note").assert_model(Out)
    assert type(out) is Out


def test_as_model_mismatch_stays_a_schema_mismatch() -> None:
    with pytest.raises(SchemaMismatchError, match="frame does not match Wrong") as info:
        _raw().as_model(Wrong)
    assert not isinstance(info.value, TypeError)


@pytest.mark.parametrize("bad", [3, "Out", dict, None])
def test_try_as_model_of_a_non_model_is_a_type_error(bad: object) -> None:
    with pytest.raises(
        TypeError,
        match=r"try_as_model\(model=\.\.\.\) expects a DataFrameModel subclass\.",
    ):
        _raw().try_as_model(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"as_model\(model=\.\.\.\) expects"):
        _raw().as_model(bad)  # type: ignore[arg-type]


def test_try_as_model_mismatch_is_none() -> None:
    assert _raw().try_as_model(Wrong) is None
