"""The engine-neutral dtype objects of ``pydantable.dtypes``."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import ipaddress
import typing
import uuid

import pytest

from pydantable import dtypes as d
from shared_types import Color, Level


class Mixed(enum.Enum):
    A = "a"
    B = 2


@pytest.mark.parametrize(
    ("dtype", "python_type"),
    [
        (d.Int64(), int),
        (d.Float64(), float),
        (d.Boolean(), bool),
        (d.String(), str),
        (d.Binary(), bytes),
        (d.Date(), dt.date),
        (d.Datetime(), dt.datetime),
        (d.Datetime("UTC"), dt.datetime),
        (d.Time(), dt.time),
        (d.Duration(), dt.timedelta),
        (d.Decimal(), decimal.Decimal),
        (d.UUID(), uuid.UUID),
        (d.IPv4(), ipaddress.IPv4Address),
        (d.IPv6(), ipaddress.IPv6Address),
        (d.Enum(Color), Color),
        (d.List(d.Int64()), list[int]),
        (d.List(d.String(), inner_nullable=True), list[str | None]),
        (d.Map(d.Float64()), dict[str, float]),
        (d.Map(d.Float64(), value_nullable=True), dict[str, float | None]),
    ],
)
def test_python_type(dtype: d.DType, python_type: object) -> None:
    assert dtype.python_type() == python_type


def test_literal_python_type() -> None:
    assert d.Literal(("a", "b")).python_type() == typing.Literal["a", "b"]


@pytest.mark.parametrize(
    ("dtype", "numeric", "integer", "floating", "temporal", "nested", "orderable"),
    [
        (d.Int64(), True, True, False, False, False, True),
        (d.Float64(), True, False, True, False, False, True),
        (d.Decimal(), True, False, False, False, False, True),
        (d.Boolean(), False, False, False, False, False, True),
        (d.String(), False, False, False, False, False, True),
        (d.Binary(), False, False, False, False, False, False),
        (d.Date(), False, False, False, True, False, True),
        (d.Datetime("UTC"), False, False, False, True, False, True),
        (d.Time(), False, False, False, True, False, True),
        (d.Duration(), False, False, False, True, False, True),
        (d.List(d.Int64()), False, False, False, False, True, False),
        (d.Map(d.Int64()), False, False, False, False, True, False),
        (
            d.Struct((d.StructField("a", d.Int64()),)),
            False,
            False,
            False,
            False,
            True,
            False,
        ),
    ],
)
def test_classification(
    dtype: d.DType,
    numeric: bool,
    integer: bool,
    floating: bool,
    temporal: bool,
    nested: bool,
    orderable: bool,
) -> None:
    assert dtype.is_numeric() is numeric
    assert dtype.is_integer() is integer
    assert dtype.is_float() is floating
    assert dtype.is_temporal() is temporal
    assert dtype.is_nested() is nested
    assert dtype.is_orderable() is orderable


@pytest.mark.parametrize(
    ("dtype", "storage"),
    [
        (d.UUID(), d.String()),
        (d.IPv4(), d.String()),
        (d.IPv6(), d.String()),
        (d.Enum(Color), d.String()),
        (d.Enum(Level), d.Int64()),
        (d.Literal(("a", "b")), d.String()),
        (d.Literal((1, 2)), d.Int64()),
        (d.Literal((True,)), d.Boolean()),
        (d.Int64(), d.Int64()),
        (d.Date(), d.Date()),
    ],
)
def test_storage(dtype: d.DType, storage: d.DType) -> None:
    assert dtype.storage() == storage


@pytest.mark.parametrize(
    "dtype", [d.Enum(Mixed), d.Literal(("a", 1)), d.Literal((1, True))]
)
def test_mixed_value_storage_rejected(dtype: d.DType) -> None:
    with pytest.raises(TypeError, match="all str, all int or all bool"):
        dtype.storage()


def test_equality_and_hash_are_structural() -> None:
    assert d.Int64() == d.Int64()
    assert d.Int64() != d.Float64()
    assert d.Datetime("UTC") != d.Datetime()
    assert d.Decimal(10, 2) != d.Decimal()
    assert d.List(d.Int64(), inner_nullable=True) != d.List(d.Int64())
    assert len({d.Int64(), d.Int64(), d.List(d.Int64()), d.List(d.Int64())}) == 2


def test_defaults() -> None:
    assert d.Decimal() == d.Decimal(38, 9)
    assert d.Datetime().tz is None


@pytest.mark.parametrize(
    ("dtype", "text"),
    [
        (d.Int64(), "Int64"),
        (d.Datetime(), "Datetime"),
        (d.Datetime("Europe/Paris"), "Datetime(tz='Europe/Paris')"),
        (d.Decimal(10, 2), "Decimal(10, 2)"),
        (d.Enum(Color), "Enum(Color)"),
        (d.Literal(("a", "b")), "Literal['a', 'b']"),
        (d.List(d.Int64()), "List(Int64, inner_nullable=False)"),
        (
            d.Map(d.String(), value_nullable=True),
            "Map(str, String, value_nullable=True)",
        ),
        (
            d.Struct(
                (d.StructField("a", d.Int64()), d.StructField("b", d.String(), True))
            ),
            "Struct({a: Int64, b: String | None})",
        ),
    ],
)
def test_repr(dtype: d.DType, text: str) -> None:
    assert repr(dtype) == text


def test_enum_values_in_declaration_order() -> None:
    assert d.Enum(Color).values() == ("red", "blue")
    assert d.Enum(Level).values() == (1, 2)


def test_struct_field_lookup() -> None:
    struct = d.Struct(
        (d.StructField("a", d.Int64()), d.StructField("b", d.String(), True))
    )
    assert struct.field("b") == d.StructField("b", d.String(), True)
    with pytest.raises(KeyError):
        struct.field("c")


def test_anonymous_struct_python_type_validates_values() -> None:
    struct = d.Struct(
        (d.StructField("a", d.Int64()), d.StructField("b", d.String(), True))
    )
    model = struct.python_type()
    assert model.model_validate({"a": "1", "b": None}).model_dump() == {
        "a": 1,
        "b": None,
    }
    assert struct.python_type() is model  # cached per struct dtype
