"""``DataFrameModel``: declaration, row models, round trips and derived classes."""

from __future__ import annotations

import datetime as dt
import decimal
import importlib.util
import ipaddress
import json
import os
import subprocess
import sys
import typing
import uuid
import zoneinfo
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import annotated_types
import pydantic
import pytest
from pydantic import AwareDatetime, BaseModel, Field

from pydantable import ColumnRef, DataFrameModel
from pydantable import dtypes as d
from pydantable.engines.polars import polars_schema, to_polars_dtype
from shared_types import Address, Color, Level

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
UTC = dt.timezone.utc
U1 = uuid.UUID("12345678-1234-5678-1234-567812345678")
U2 = uuid.UUID("87654321-4321-8765-4321-876543218765")


def _model(annotation: Any, **namespace: Any) -> type[DataFrameModel]:
    """A one-column model ``c: annotation`` built at runtime."""
    return type(DataFrameModel)(
        "OneColumn",
        (DataFrameModel,),
        {"__annotations__": {"c": annotation}, **namespace},
    )


# (annotation, input cells, to_dict() cells, collect() cells or None for "same")
ROUND_TRIPS: list[Any] = [
    (int, [1, -2, 2**62], [1, -2, 2**62], None),
    (float, [1.5, -0.0, 1e300], [1.5, -0.0, 1e300], None),
    (bool, [True, False], [True, False], None),
    (str, ["", "é", "a b"], ["", "é", "a b"], None),
    (bytes, [b"", b"\x00\xff"], [b"", b"\x00\xff"], None),
    (dt.date, [dt.date(2024, 2, 29)], [dt.date(2024, 2, 29)], None),
    (
        dt.datetime,
        [dt.datetime(2024, 1, 2, 3, 4, 5, 123456)],
        [dt.datetime(2024, 1, 2, 3, 4, 5, 123456)],
        None,
    ),
    (
        AwareDatetime,
        [dt.datetime(2024, 1, 2, 3, tzinfo=UTC)],
        [dt.datetime(2024, 1, 2, 3, tzinfo=UTC)],
        None,
    ),
    (
        Annotated[dt.datetime, annotated_types.Timezone("Europe/Paris")],
        [dt.datetime(2024, 7, 1, 12, tzinfo=PARIS)],
        [dt.datetime(2024, 7, 1, 12, tzinfo=PARIS)],
        None,
    ),
    (dt.time, [dt.time(23, 59, 59, 999999)], [dt.time(23, 59, 59, 999999)], None),
    (
        dt.timedelta,
        [dt.timedelta(days=-1, microseconds=5)],
        [dt.timedelta(days=-1, microseconds=5)],
        None,
    ),
    (decimal.Decimal, [decimal.Decimal("1.5")], [decimal.Decimal("1.5")], None),
    (
        Annotated[decimal.Decimal, Field(max_digits=10, decimal_places=2)],
        [decimal.Decimal("12345678.91")],
        [decimal.Decimal("12345678.91")],
        None,
    ),
    (uuid.UUID, [U1, str(U2)], [U1, U2], None),
    (Color, [Color.RED, "blue"], [Color.RED, Color.BLUE], None),
    (Level, [Level.HIGH, 1], [Level.HIGH, Level.LOW], None),
    (typing.Literal["a", "b"], ["b", "a"], ["b", "a"], None),
    (typing.Literal[1, 2], [2], [2], None),
    (
        ipaddress.IPv4Address,
        [ipaddress.IPv4Address("10.0.0.1"), "192.168.1.1"],
        [ipaddress.IPv4Address("10.0.0.1"), ipaddress.IPv4Address("192.168.1.1")],
        None,
    ),
    (
        ipaddress.IPv6Address,
        [ipaddress.IPv6Address("::1"), "2001:db8::1"],
        [ipaddress.IPv6Address("::1"), ipaddress.IPv6Address("2001:db8::1")],
        None,
    ),
    (list[int], [[1, 2], []], [[1, 2], []], None),
    (list[int | None], [[1, None]], [[1, None]], None),
    (list[list[str]], [[["a"], []]], [[["a"], []]], None),
    (
        Address,
        [Address(city="Paris", zip=75001), {"city": "Lyon"}],
        [{"city": "Paris", "zip": 75001}, {"city": "Lyon", "zip": None}],
        [Address(city="Paris", zip=75001), Address(city="Lyon")],
    ),
    (
        list[Address],
        [[{"city": "Nice"}], []],
        [[{"city": "Nice", "zip": None}], []],
        [[Address(city="Nice")], []],
    ),
    (
        Address | None,
        [None, {"city": "Nice"}],
        [None, {"city": "Nice", "zip": None}],
        [
            None,
            Address(city="Nice"),
        ],
    ),
    (int | None, [None, 3], [None, 3], None),
    (uuid.UUID | None, [None, U1], [None, U1], None),
    (Color | None, [None, "red"], [None, Color.RED], None),
    (dict[str, int], [{"a": 1}, {}], [{"a": 1}, {}], None),
    (dict[str, float | None], [{"a": None}], [{"a": None}], None),
    (dict[str, uuid.UUID], [{"u": U1}], [{"u": U1}], None),
    (list[uuid.UUID], [[U1, U2]], [[U1, U2]], None),
    (dict[str, int] | None, [None, {"k": 2}], [None, {"k": 2}], None),
    (typing.Literal[True], [True], [True], None),
    pytest.param(
        dict[str, Address],
        [{"home": {"city": "Paris"}}],
        [{"home": {"city": "Paris", "zip": None}}],
        [{"home": Address(city="Paris")}],
        id="map-of-models",
    ),
]


@pytest.mark.parametrize(("annotation", "cells", "expected", "models"), ROUND_TRIPS)
def test_round_trip(
    annotation: Any, cells: list[Any], expected: list[Any], models: Any
) -> None:
    df = _model(annotation)({"c": cells})
    out = df.to_dict()
    assert out == {"c": expected}
    # the same Python types come back (UUID objects, Enum members, IP objects ...)
    assert [type(v) for v in out["c"]] == [type(v) for v in expected]
    assert df.to_dicts() == [{"c": v} for v in expected]
    rows = df.collect()
    want = expected if models is None else models
    assert [row.c for row in rows] == want
    assert [type(row.c) for row in rows] == [type(v) for v in want]
    assert df.to_polars().schema == polars_schema(df.schema)
    assert df.to_polars().schema["c"] == to_polars_dtype(df.schema["c"].dtype)


def test_round_trip_from_row_list() -> None:
    model = _model(Address | None)
    df = model([{"c": {"city": "Paris"}}, {"c": None}, {}])
    assert df.collect()[0].c == Address(city="Paris")
    assert df.to_dict() == {"c": [{"city": "Paris", "zip": None}, None, None]}


def test_aware_datetime_keeps_instant_and_zone() -> None:
    paris_model = _model(
        Annotated[dt.datetime, annotated_types.Timezone("Europe/Paris")]
    )
    instant = dt.datetime(2024, 1, 1, 12, tzinfo=UTC)
    (value,) = paris_model({"c": [instant]}).to_dict()["c"]
    assert value == instant
    assert value.utcoffset() == dt.timedelta(hours=1)  # Paris in winter


def test_decimal_keeps_declared_scale() -> None:
    model = _model(Annotated[decimal.Decimal, Field(max_digits=10, decimal_places=2)])
    (value,) = model({"c": [decimal.Decimal("1.5")]}).to_dict()["c"]
    assert value == decimal.Decimal("1.50")
    assert value.as_tuple().exponent == -2


# -- from __future__ import annotations ------------------------------------------------


def _future_module() -> ModuleType:
    name = "future_annotations_models"
    if name in sys.modules:
        return sys.modules[name]
    path = Path(__file__).resolve().parents[1] / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_future_annotations_module_resolves_strings() -> None:
    module = _future_module()
    assert module.Event.__annotations__["id"] == "int"  # really postponed
    schema = module.Event.__pydantable_schema__
    assert schema.names == [
        "id",
        "at",
        "kind",
        "user",
        "amount",
        "tags",
        "geo",
        "channel",
        "score",
        "qty",
    ]
    assert schema["kind"].dtype == d.Enum(module.Kind)
    assert (schema["user"].dtype, schema["user"].nullable) == (d.UUID(), True)
    assert schema["amount"].dtype == d.Decimal(12, 2)
    assert schema["geo"].dtype.model is module.Geo
    assert schema["channel"].dtype == d.Literal(("web", "app"))
    assert (schema["score"].dtype, schema["score"].nullable) == (d.Float64(), True)
    assert module.Derived.__pydantable_schema__.names == [*schema.names, "extra"]


def test_future_annotations_module_round_trip() -> None:
    module = _future_module()
    at = dt.datetime(2024, 5, 1, 8, 30)
    df = module.Event(
        [
            {
                "id": 1,
                "at": at,
                "kind": "view",
                "user": str(U1),
                "amount": "9.99",
                "tags": ["a"],
                "geo": {"country": "FR"},
                "channel": "web",
            }
        ]
    )
    (row,) = df.collect()
    assert row.kind is module.Kind.VIEW
    assert row.user == U1
    assert row.amount == decimal.Decimal("9.99")
    assert row.geo == module.Geo(country="FR")
    assert (row.score, row.qty) == (None, 0)
    assert df.filter(df.qty >= 0).select("id", "kind").to_dict() == {
        "id": [1],
        "kind": [module.Kind.VIEW],
    }


class _ModuleLevelTag(BaseModel):
    label: str


def test_future_annotations_module_level_nested_model() -> None:
    class Tagged(DataFrameModel):
        tag: _ModuleLevelTag

    assert Tagged({"tag": [{"label": "x"}]}).collect()[0].tag == _ModuleLevelTag(
        label="x"
    )


def test_future_annotations_function_local_nested_model() -> None:
    class LocalTag(BaseModel):
        label: str

    class Tagged(DataFrameModel):
        tag: LocalTag

    assert Tagged({"tag": [{"label": "x"}]}).collect()[0].tag == LocalTag(label="x")


# -- defaults, row model, JSON Schema, aliases -------------------------------------


class Stock(DataFrameModel):
    sku: str
    qty: int = Field(ge=0)
    reserved: int = 0
    note: str | None = None
    price: float | None


@pytest.mark.parametrize("name", ["qty", "reserved", "note"])
def test_columns_with_defaults_stay_column_references(name: str) -> None:
    df = Stock({"sku": ["a"], "qty": [1], "price": [None]})
    ref = getattr(df, name)
    assert isinstance(ref, ColumnRef)
    assert ref.name == name


def test_defaults_fill_missing_columns_and_keys() -> None:
    cols = Stock({"sku": ["a", "b"], "qty": [1, 2]})
    assert cols.to_dict() == {
        "sku": ["a", "b"],
        "qty": [1, 2],
        "reserved": [0, 0],
        "note": [None, None],
        "price": [None, None],
    }
    rows = Stock([{"sku": "a", "qty": 1, "reserved": 5}, {"sku": "b", "qty": 2}])
    assert rows.to_dict()["reserved"] == [5, 0]


def test_required_column_without_default_is_reported() -> None:
    with pytest.raises(ValueError, match="qty"):
        Stock({"sku": ["a"]})


def test_row_model_forbids_extra_keys() -> None:
    assert Stock.RowModel.model_config.get("extra") == "forbid"
    with pytest.raises(pydantic.ValidationError, match="extra_forbidden"):
        Stock.RowModel(sku="a", qty=1, bogus=1)


def test_row_model_fields_follow_declaration() -> None:
    assert list(Stock.RowModel.model_fields) == [
        "sku",
        "qty",
        "reserved",
        "note",
        "price",
    ]
    assert Stock.row_model() is Stock.RowModel
    assert Stock.schema_model() is Stock.RowModel
    assert Stock.column_names() == ["sku", "qty", "reserved", "note", "price"]


def test_row_model_validates_constraints() -> None:
    with pytest.raises(pydantic.ValidationError, match="greater_than_equal"):
        Stock.RowModel(sku="a", qty=-1)


def test_nullable_fields_are_not_required() -> None:
    schema = Stock.RowModel.model_json_schema()
    assert schema["required"] == ["sku", "qty"]
    assert Stock.RowModel(sku="a", qty=1).price is None


def test_row_json_schema() -> None:
    schema = Stock.row_json_schema()
    assert schema == Stock.RowModel.model_json_schema()
    assert schema["additionalProperties"] is False
    assert list(schema["properties"]) == ["sku", "qty", "reserved", "note", "price"]
    assert schema["properties"]["qty"]["minimum"] == 0
    assert schema["properties"]["reserved"]["default"] == 0
    assert schema["properties"]["price"]["anyOf"] == [
        {"type": "number"},
        {"type": "null"},
    ]


class Account(DataFrameModel):
    user_id: int = Field(alias="userId")
    full_name: str | None = Field(default=None, validation_alias="fullName")


def test_alias_input_keys_map_to_field_names() -> None:
    expected = {"user_id": [1], "full_name": ["Ann"]}
    assert Account({"userId": [1], "fullName": ["Ann"]}).to_dict() == expected
    assert Account({"user_id": [1], "full_name": ["Ann"]}).to_dict() == expected
    assert Account([{"userId": 1, "fullName": "Ann"}]).to_dict() == expected
    assert Account([{"user_id": 1, "full_name": "Ann"}]).to_dict() == expected


def test_alias_columns_use_field_names() -> None:
    df = Account({"userId": [1]})
    assert df.columns == ["user_id", "full_name"]
    assert isinstance(df.user_id, ColumnRef)
    assert df.collect()[0].user_id == 1
    assert Account.RowModel(userId=2).user_id == 2
    assert Account.RowModel(user_id=2).user_id == 2
    assert Account.row_json_schema()["required"] == ["userId"]


def test_unknown_attribute_is_attribute_error() -> None:
    df = Stock({"sku": ["a"], "qty": [1]})
    with pytest.raises(AttributeError, match="nope"):
        df.nope


# -- derived classes -----------------------------------------------------------------


class Item(DataFrameModel):
    sku: str
    qty: int
    price: float


def _items() -> Item:
    return Item({"sku": ["a", "b"], "qty": [1, 5], "price": [2.0, 3.0]})


@pytest.mark.parametrize(
    "transform",
    [
        lambda df: df.with_columns(total=df.qty * df.price),
        lambda df: df.select("sku", "qty"),
        lambda df: df.rename({"qty": "quantity"}),
        lambda df: df.drop("price"),
        lambda df: df.with_columns(qty=df.qty.cast(float)),
    ],
)
def test_derived_model_is_not_a_subclass_of_source(transform: Any) -> None:
    out = transform(_items())
    assert isinstance(out, DataFrameModel)
    assert not isinstance(out, Item)
    assert not issubclass(type(out), Item)
    assert type(out).__pydantable_schema__ == out.schema
    assert list(type(out).RowModel.model_fields) == out.columns


def test_schema_preserving_transform_keeps_the_class() -> None:
    df = _items()
    assert type(df.filter(df.qty > 1)) is Item
    assert type(df.sort("qty").head(1)) is Item


def test_derived_row_model_matches_new_columns() -> None:
    df = _items()
    out = df.with_columns(total=df.qty * df.price, big=df.qty > 2).select(
        "sku", "total", "big"
    )
    fields = type(out).RowModel.model_fields
    assert list(fields) == ["sku", "total", "big"]
    assert [fields[n].annotation for n in fields] == [str, float, bool]
    rows = out.collect()
    assert [type(r) for r in rows] == [type(out).RowModel] * 2
    assert [(r.sku, r.total, r.big) for r in rows] == [
        ("a", 2.0, False),
        ("b", 15.0, True),
    ]
    with pytest.raises(pydantic.ValidationError):
        type(out).RowModel(sku="a", total=1.0, big=True, qty=1)


def test_derived_class_is_cached_per_schema() -> None:
    df = _items()
    a = df.with_columns(total=df.qty * df.price)
    b = df.with_columns(total=df.price * df.qty)
    assert type(a) is type(b)
    assert type(a).__name__.startswith("Item_")


_CROSS_PROCESS = """
import json
from pydantable import DataFrameModel

class Item(DataFrameModel):
    sku: str
    qty: int
    price: float

df = Item({"sku": ["a", "b"], "qty": [1, 5], "price": [2.0, 3.0]})
out = (
    df.with_columns(total=df.qty * df.price, zeta=df.qty + 1, alpha=df.sku, mid=df.price > 2)
    .filter(df.qty > 0)
    .rename({"zeta": "z2"})
    .drop("price")
)
print(json.dumps([
    type(out).__name__,
    out.columns,
    list(type(out).RowModel.model_fields),
    list(out.to_dict()),
    list(out.to_dicts()[0]),
]))
"""


def _describe_in_subprocess(seed: str) -> list[Any]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    proc = subprocess.run(
        [sys.executable, "-c", _CROSS_PROCESS],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=120,
    )
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def test_derived_class_name_and_column_order_identical_across_processes() -> None:
    first = _describe_in_subprocess("1")
    second = _describe_in_subprocess("2")
    assert first == second
    name, columns, fields, dict_keys, row_keys = first
    expected = ["sku", "qty", "total", "z2", "alpha", "mid"]
    assert columns == fields == dict_keys == row_keys == expected
    df = _items()
    here = (
        df.with_columns(
            total=df.qty * df.price, zeta=df.qty + 1, alpha=df.sku, mid=df.price > 2
        )
        .filter(df.qty > 0)
        .rename({"zeta": "z2"})
        .drop("price")
    )
    assert type(here).__name__ == name
    assert here.columns == expected


@pytest.mark.parametrize("name", ["model_config", "_hidden"])
def test_reserved_column_names_are_rejected_with_the_name(name: str) -> None:
    class Small(DataFrameModel):
        id: int

    df = Small({"id": [1]})
    with pytest.raises(TypeError, match=repr(name)):
        df.with_columns(**{name: df.id})


def test_protected_pydantic_prefix_is_a_plain_column() -> None:
    class Small(DataFrameModel):
        id: int

    df = Small({"id": [1]})
    out = df.with_columns(model_dump_x=df.id)
    assert out.collect()[0].model_dump_x == 1


def test_user_names_do_not_shadow_framework_annotations() -> None:
    # a user variable named like a framework module alias (``p``, ``pl``) in the
    # scope of a class statement must not break the class
    p = Stock  # noqa: F841
    pl = 3  # noqa: F841

    class Later(DataFrameModel):
        y: int

    assert Later({"y": [2]}).to_dict() == {"y": [2]}
