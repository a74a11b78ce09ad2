"""Annotation → column mapping (``pydantable.schema``) and ``FrameSchema``."""

from __future__ import annotations

import datetime as dt
import decimal
import ipaddress
import typing
import uuid
from typing import Annotated, Any, Optional

import annotated_types
import pydantic
import pytest
from pydantic import AwareDatetime, BaseModel, Field, NaiveDatetime

from pydantable import DataFrameModel
from pydantable import dtypes as d
from pydantable.schema import Column, FrameSchema, column_from_annotation
from shared_types import Address, Color, Level

ADDRESS = d.Struct(
    (d.StructField("city", d.String()), d.StructField("zip", d.Int64(), nullable=True)),
    Address,
)

MAPPINGS: list[tuple[Any, d.DType, bool]] = [
    (int, d.Int64(), False),
    (float, d.Float64(), False),
    (bool, d.Boolean(), False),
    (str, d.String(), False),
    (bytes, d.Binary(), False),
    (dt.date, d.Date(), False),
    (dt.datetime, d.Datetime(None), False),
    (NaiveDatetime, d.Datetime(None), False),
    (AwareDatetime, d.Datetime("UTC"), False),
    (
        Annotated[dt.datetime, annotated_types.Timezone("Europe/Paris")],
        d.Datetime("Europe/Paris"),
        False,
    ),
    (Annotated[dt.datetime, annotated_types.Timezone(...)], d.Datetime("UTC"), False),
    (dt.time, d.Time(), False),
    (dt.timedelta, d.Duration(), False),
    (decimal.Decimal, d.Decimal(38, 9), False),
    (
        Annotated[decimal.Decimal, Field(max_digits=10, decimal_places=2)],
        d.Decimal(10, 2),
        False,
    ),
    (uuid.UUID, d.UUID(), False),
    (Color, d.Enum(Color), False),
    (Level, d.Enum(Level), False),
    (typing.Literal["a", "b"], d.Literal(("a", "b")), False),
    (typing.Literal[1, 2, 3], d.Literal((1, 2, 3)), False),
    (typing.Literal[True], d.Literal((True,)), False),
    (ipaddress.IPv4Address, d.IPv4(), False),
    (ipaddress.IPv6Address, d.IPv6(), False),
    (list[int], d.List(d.Int64()), False),
    (list[str | None], d.List(d.String(), inner_nullable=True), False),
    (list[list[float]], d.List(d.List(d.Float64())), False),
    (Address, ADDRESS, False),
    (list[Address], d.List(ADDRESS), False),
    (dict[str, int], d.Map(d.Int64()), False),
    (dict[str, float | None], d.Map(d.Float64(), value_nullable=True), False),
    (dict[str, list[int]], d.Map(d.List(d.Int64())), False),
    (int | None, d.Int64(), True),
    (Optional[int], d.Int64(), True),  # noqa: UP045 - the Optional spelling is under test
    (typing.Union[str, None], d.String(), True),  # noqa: UP007
    (None | dt.date, d.Date(), True),
    (Annotated[int, Field(ge=0)] | None, d.Int64(), True),
    (Annotated[int | None, Field(ge=0)], d.Int64(), True),
    (list[int] | None, d.List(d.Int64()), True),
    (Address | None, ADDRESS, True),
]


@pytest.mark.parametrize(("annotation", "dtype", "nullable"), MAPPINGS)
def test_annotation_to_dtype(annotation: Any, dtype: d.DType, nullable: bool) -> None:
    column = column_from_annotation("c", annotation)
    assert (column.dtype, column.nullable) == (dtype, nullable)


@pytest.mark.parametrize(("annotation", "dtype", "nullable"), MAPPINGS)
def test_model_class_body_uses_the_same_mapping(
    annotation: Any, dtype: d.DType, nullable: bool
) -> None:
    model = type(DataFrameModel)(
        "Mapped", (DataFrameModel,), {"__annotations__": {"c": annotation}}
    )
    assert model.__pydantable_schema__["c"] == Column("c", dtype, nullable, annotation)


def test_decimal_precision_from_field() -> None:
    class Money(DataFrameModel):
        plain: decimal.Decimal
        price: decimal.Decimal = Field(max_digits=10, decimal_places=2)
        rate: decimal.Decimal | None = Field(
            default=None, max_digits=5, decimal_places=4
        )

    schema = Money.__pydantable_schema__
    assert schema["plain"].dtype == d.Decimal(38, 9)
    assert schema["price"].dtype == d.Decimal(10, 2)
    assert (schema["rate"].dtype, schema["rate"].nullable) == (d.Decimal(5, 4), True)


def test_decimal_over_38_digits_rejected() -> None:
    with pytest.raises(TypeError, match="'big'"):

        class Big(DataFrameModel):
            big: decimal.Decimal = Field(max_digits=40, decimal_places=2)


UNSUPPORTED = [
    Any,
    int | str,
    typing.Union[int, str, None],  # noqa: UP007
    list,
    dict,
    dict[int, str],
    object,
    set[int],
    tuple[int, int],
    typing.Literal["a", 1],
]


@pytest.mark.parametrize("annotation", UNSUPPORTED)
def test_unsupported_annotation_raises_naming_the_field(annotation: Any) -> None:
    with pytest.raises(TypeError, match="'bad_column'"):
        type(DataFrameModel)(
            "Bad",
            (DataFrameModel,),
            {"__annotations__": {"ok": int, "bad_column": annotation}},
        )


def test_unsupported_annotation_in_class_statement() -> None:
    with pytest.raises(TypeError, match="'payload'") as info:

        class Event(DataFrameModel):
            id: int
            payload: Any

    assert "Any" in str(info.value)


class Inner(BaseModel):
    anything: Any


def test_unsupported_field_of_nested_model_is_named() -> None:
    with pytest.raises(TypeError, match=r"'outer'.*Inner\.anything"):

        class Outer(DataFrameModel):
            outer: Inner


@pytest.mark.parametrize(
    ("annotation", "message"),
    [
        (list, "list"),
        (dict, "dict"),
        (dict[int, str], "str` keys"),
        (int | str, "union"),
    ],
)
def test_unsupported_messages_explain(annotation: Any, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        column_from_annotation("x", annotation)


def test_constraints_collected() -> None:
    column = column_from_annotation("qty", int, Field(ge=0, lt=10, multiple_of=2))
    cons = column.constraints
    assert (cons.ge, cons.lt, cons.multiple_of, cons.opaque) == (0, 10, 2, False)
    text = column_from_annotation(
        "s", Annotated[str, Field(min_length=1, pattern=r"^a")]
    )
    assert (text.constraints.min_length, text.constraints.pattern) == (1, "^a")


def test_custom_validator_metadata_is_opaque() -> None:
    column = column_from_annotation(
        "s", Annotated[str, pydantic.AfterValidator(str.upper)]
    )
    assert column.constraints.opaque


def test_column_defaults() -> None:
    plain = column_from_annotation("a", int)
    assert (plain.has_default, plain.default_value()) == (False, None)
    with_default = column_from_annotation("a", int, Field(default=3))
    assert (with_default.has_default, with_default.default_value()) == (True, 3)
    factory = column_from_annotation("a", list[int], Field(default_factory=lambda: [1]))
    assert factory.default_value() == [1]


def test_column_python_type() -> None:
    assert column_from_annotation("a", int | None).python_type == int | None
    assert column_from_annotation("a", AwareDatetime).python_type is dt.datetime


def test_column_equality_ignores_field_info() -> None:
    a = column_from_annotation("a", int, Field(ge=0))
    b = column_from_annotation("a", int)
    assert a == b
    assert a != column_from_annotation("a", int | None)
    assert a.renamed("b") == column_from_annotation("b", int)


def test_frame_schema_is_ordered_mapping() -> None:
    schema = FrameSchema([column_from_annotation(n, int) for n in ("z", "a", "m")])
    assert schema.names == ["z", "a", "m"]
    assert list(schema) == ["z", "a", "m"]
    assert len(schema) == 3
    assert schema["a"].name == "a"
    assert "m" in schema
    assert repr(schema) == "FrameSchema({z: Int64, a: Int64, m: Int64})"


def test_frame_schema_equality_depends_on_order() -> None:
    a = column_from_annotation("a", int)
    b = column_from_annotation("b", str)
    assert FrameSchema([a, b]) == FrameSchema([a, b])
    assert hash(FrameSchema([a, b])) == hash(FrameSchema([a, b]))
    assert FrameSchema([a, b]) != FrameSchema([b, a])
    assert FrameSchema([a, b]).fingerprint() != FrameSchema([b, a]).fingerprint()


def test_frame_schema_rejects_duplicate_names() -> None:
    a = column_from_annotation("a", int)
    with pytest.raises(ValueError, match=r"duplicate column names: \['a'\]"):
        FrameSchema([a, a])


def test_fingerprint_is_stable_value() -> None:
    schema = FrameSchema(
        [column_from_annotation("a", int), column_from_annotation("b", str | None)]
    )
    again = FrameSchema(
        [column_from_annotation("a", int), column_from_annotation("b", str | None)]
    )
    assert schema.fingerprint() == again.fingerprint()
    assert len(schema.fingerprint()) == 10


def test_storage_annotation_validates_like_the_column() -> None:
    # a plain datetime column stores an aware value as its UTC time (decision in
    # the conformance delta §3); NaiveDatetime refuses it
    plain = column_from_annotation("t", dt.datetime)
    aware = dt.datetime(2024, 1, 1, 2, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert pydantic.TypeAdapter(plain.annotation).validate_python(aware) == dt.datetime(
        2024, 1, 1
    )
    naive = column_from_annotation("t", pydantic.NaiveDatetime)
    with pytest.raises(pydantic.ValidationError):
        pydantic.TypeAdapter(naive.annotation).validate_python(aware)
    decimal_column = column_from_annotation("p", decimal.Decimal)
    with pytest.raises(pydantic.ValidationError):
        pydantic.TypeAdapter(decimal_column.annotation).validate_python(
            decimal.Decimal("0.0000000001")
        )


class Tree(BaseModel):
    name: str
    children: list[Tree] = []


def test_recursive_nested_model_rejected_naming_the_field() -> None:
    with pytest.raises(TypeError, match=r"'tree'.*recursive model Tree"):

        class Forest(DataFrameModel):
            tree: Tree


@pytest.mark.parametrize(
    ("annotation", "dtype", "nullable"),
    [
        (typing.List[int], d.List(d.Int64()), False),  # noqa: UP006
        (typing.Dict[str, str], d.Map(d.String()), False),  # noqa: UP006
        (pydantic.PositiveInt, d.Int64(), False),
        (pydantic.StrictStr, d.String(), False),
        (pydantic.conint(ge=0, le=9), d.Int64(), False),
        (pydantic.condecimal(max_digits=6, decimal_places=3), d.Decimal(6, 3), False),
        (Optional[pydantic.StrictBool], d.Boolean(), True),  # noqa: UP045
    ],
)
def test_pydantic_constrained_types(
    annotation: Any, dtype: d.DType, nullable: bool
) -> None:
    column = column_from_annotation("c", annotation)
    assert (column.dtype, column.nullable) == (dtype, nullable)


def test_strict_annotation_recorded() -> None:
    assert column_from_annotation("c", pydantic.StrictInt).constraints.strict
    assert not column_from_annotation("c", int).constraints.strict
