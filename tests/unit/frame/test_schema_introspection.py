"""``schema_fields()`` (Python annotations) and ``schema_type`` (the schema model).

The user's nested model classes keep their identity through every transform;
derived columns that may be null are ``T | None``; ``rows()`` are instances of
``schema_type``.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from typing import Literal

import pydantic
import pytest

import pydantable
from pydantable import DataFrame, DataFrameModel, Schema
from pydantable.schema import Column


class Address(pydantic.BaseModel):
    city: str
    zip: str | None


class Twin(pydantic.BaseModel):  # the same fields as Address, another class
    city: str
    zip: str | None


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Customer(DataFrameModel):
    id: int
    score: float | None
    tags: list[str]
    prefs: dict[str, int]
    home: Address
    work: Address | None
    seen: dt.datetime
    born: dt.date
    tier: Literal["a", "b"]
    color: Color
    balance: decimal.Decimal
    history: list[Address]


ROWS = {
    "id": [1, 2],
    "score": [0.5, None],
    "tags": [["x"], []],
    "prefs": [{"a": 1}, {}],
    "home": [{"city": "Oslo", "zip": None}, {"city": "Lima", "zip": "15001"}],
    "work": [None, {"city": "Rome", "zip": "00100"}],
    "seen": [dt.datetime(2024, 1, 1), dt.datetime(2024, 1, 2)],
    "born": [dt.date(1990, 1, 1), dt.date(1991, 1, 1)],
    "tier": ["a", "b"],
    "color": [Color.RED, Color.BLUE],
    "balance": [decimal.Decimal("1.5"), decimal.Decimal("2")],
    "history": [[{"city": "Oslo", "zip": None}], []],
}

DECLARED = {
    "id": int,
    "score": float | None,
    "tags": list[str],
    "prefs": dict[str, int],
    "home": Address,
    "work": Address | None,
    "seen": dt.datetime,
    "born": dt.date,
    "tier": Literal["a", "b"],
    "color": Color,
    "balance": decimal.Decimal,
    "history": list[Address],
}


@pytest.fixture
def df() -> Customer:
    return Customer(ROWS)


def test_schema_fields_are_the_declared_annotations(df: Customer) -> None:
    fields = df.schema_fields()
    assert fields == DECLARED
    assert list(fields) == df.columns
    assert fields["home"] is Address
    assert all(not isinstance(v, Column) for v in fields.values())
    assert fields == df.dtypes
    # the column specs are still there
    assert isinstance(df.schema["home"], Column)


def test_nested_classes_keep_their_identity_through_transforms(df: Customer) -> None:
    other = Customer(ROWS)
    derived = {
        "select": df.select("home", "work", "history"),
        "rename": df.rename({"home": "addr"}),
        "sort": df.sort("id", descending=True),
        "filter": df.filter(df.id > 1),
        "concat": pydantable.concat([df, other]),
        "model_concat": Customer.concat([df, other]),
        "with_columns": df.with_columns(again=df.home),
        "head": df.head(1),
        "unique": df.unique("id"),
    }
    for name, frame in derived.items():
        fields = frame.schema_fields()
        home = fields.get("addr", fields.get("home"))
        assert home is Address, name
        assert fields["work"] == Address | None, name
        assert fields["history"] == list[Address], name
    assert derived["with_columns"].schema_fields()["again"] is Address


def test_join_keeps_classes_and_makes_the_optional_side_nullable() -> None:
    class Left(DataFrameModel):
        k: int
        home: Address

    class Right(DataFrameModel):
        k: int
        twin: Twin
        n: int

    left = Left({"k": [1, 2], "home": [{"city": "a", "zip": None}] * 2})
    right = Right({"k": [1], "twin": [{"city": "b", "zip": "1"}], "n": [7]})
    inner = left.join(right, on="k")
    assert inner.schema_fields() == {"k": int, "home": Address, "twin": Twin, "n": int}
    outer = left.join(right, on="k", how="left")
    assert outer.schema_fields() == {
        "k": int,
        "home": Address,
        "twin": Twin | None,
        "n": int | None,
    }
    rows = outer.sort("k").rows()
    assert isinstance(rows[0].twin, Twin)
    assert rows[1].twin is None


def test_derived_columns(df: Customer) -> None:
    out = df.select(
        plus=df.id + 1,
        half=df.score / 2,
        city=df.home.struct_field("city"),
        zip=df.home.struct_field("zip"),
        wcity=df.work.struct_field("city"),
        n=df.tags.list_len(),
        first=df.tags.list_get(0),
        when=df.seen.dt_date(),
    )
    assert out.schema_fields() == {
        "plus": int,
        "half": float | None,
        "city": str,
        "zip": str | None,
        "wcity": str | None,
        "n": int,
        "first": str | None,
        "when": dt.date,
    }


def test_schema_type_is_the_current_row_model(df: Customer) -> None:
    assert df.schema_type is Customer.RowModel
    out = df.select("id", "home", doubled=df.id * 2)
    model = out.schema_type
    assert issubclass(model, pydantic.BaseModel)
    assert list(model.model_fields) == ["id", "home", "doubled"]
    assert model.model_fields["home"].annotation is Address
    rows = out.rows()
    assert all(type(r) is model for r in rows)
    assert isinstance(rows[0].home, Address)
    assert [r.doubled for r in rows] == [2, 4]
    assert model.model_validate(
        {"id": 3, "home": {"city": "x", "zip": None}, "doubled": 6}
    )


def test_schema_type_of_generic_frames() -> None:
    class Point(Schema):
        x: int
        at: Address | None

    frame = DataFrame[Point]({"x": [1], "at": [None]})
    assert frame.schema_type is Point
    assert frame.schema_fields() == {"x": int, "at": Address | None}
    moved = frame.with_columns(y=frame.x + 1)
    assert list(moved.schema_type.model_fields) == ["x", "at", "y"]
    assert isinstance(moved.rows()[0], moved.schema_type)


def test_same_shaped_structs_of_different_classes_stay_apart() -> None:
    class Both(DataFrameModel):
        a: Address
        b: Twin

    both = Both({"a": [{"city": "x", "zip": None}], "b": [{"city": "y", "zip": "2"}]})
    one, two = both.select(z=both.a), both.select(z=both.b)
    assert one.schema_fields() == {"z": Address}
    assert two.schema_fields() == {"z": Twin}
    # distinct schema models: each one's field is its own class
    assert one.schema_type.model_fields["z"].annotation is Address
    assert two.schema_type.model_fields["z"].annotation is Twin
    assert isinstance(two.rows()[0].z, Twin)
    assert type(both.select(z=both.a)) is type(one)  # still cached
