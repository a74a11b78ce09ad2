"""``DataFrame[Schema]``: the generic typed frame behaves like ``DataFrameModel``."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from typing import Any

import polars as pl
import pydantic
import pytest

from pydantable import DataFrame, Schema
from pydantable.engines.polars import lower_plan, polars_schema
from pydantable.expressions import Literal, when


class Order(Schema):
    order_id: int
    customer: str
    amount: float | None
    placed: dt.date


DATA: dict[str, list[Any]] = {
    "order_id": [1, 2, 3],
    "customer": ["ann", "bob", "ann"],
    "amount": [9.5, None, 20.0],
    "placed": [dt.date(2024, 1, 1), dt.date(2024, 1, 2), dt.date(2024, 1, 3)],
}


@pytest.fixture
def df() -> DataFrame[Order]:
    return DataFrame[Order](DATA)


def test_construct_from_columns_and_rows(df: DataFrame[Order]) -> None:
    rows = DataFrame[Order](
        [
            {"order_id": 1, "customer": "ann", "amount": 9.5, "placed": "2024-01-01"},
            {"order_id": "2", "customer": "bob", "placed": dt.date(2024, 1, 2)},
            {
                "order_id": 3,
                "customer": "ann",
                "amount": 20,
                "placed": dt.date(2024, 1, 3),
            },
        ]
    )
    assert rows.to_dict() == df.to_dict() == DATA


def test_collect_returns_schema_instances(df: DataFrame[Order]) -> None:
    rows = df.collect()
    assert all(type(r) is Order for r in rows)
    assert rows[1] == Order(
        order_id=2, customer="bob", amount=None, placed=dt.date(2024, 1, 2)
    )
    assert df.to_dicts()[0] == {
        "order_id": 1,
        "customer": "ann",
        "amount": 9.5,
        "placed": dt.date(2024, 1, 1),
    }


def test_class_is_cached_and_introspectable(df: DataFrame[Order]) -> None:
    assert DataFrame[Order] is DataFrame[Order]
    assert type(df) is DataFrame[Order]
    assert isinstance(df, DataFrame)
    assert DataFrame[Order].schema_model() is Order
    assert df.columns == ["order_id", "customer", "amount", "placed"]
    assert df.dtypes == {
        "order_id": int,
        "customer": str,
        "amount": float | None,
        "placed": dt.date,
    }
    assert df.shape == (3, 4)


def test_schema_base_forbids_extra_keys() -> None:
    assert Order.model_config.get("extra") == "forbid"
    with pytest.raises(pydantic.ValidationError, match="extra_forbidden"):
        Order(order_id=1, customer="a", amount=None, placed=dt.date(2024, 1, 1), x=1)


def test_bad_cells_rejected(df: DataFrame[Order]) -> None:
    with pytest.raises(pydantic.ValidationError):
        DataFrame[Order]({**DATA, "order_id": [1, "x", 3]})


def test_unparametrized_dataframe_rejected() -> None:
    with pytest.raises(TypeError, match=r"DataFrame\[YourSchema\]"):
        DataFrame({"a": [1]})


@pytest.mark.parametrize("item", [int, "Order", dict])
def test_subscript_needs_a_model_class(item: Any) -> None:
    with pytest.raises(TypeError, match="pydantic model class"):
        DataFrame[item]


def test_unsupported_schema_field_named() -> None:
    class Bad(Schema):
        ok: int
        blob: Any

    with pytest.raises(TypeError, match="'blob'"):
        DataFrame[Bad]


def test_plain_basemodel_schema_works() -> None:
    class Point(pydantic.BaseModel):
        x: int
        y: float | None = None

    frame = DataFrame[Point]({"x": [1, 2]})
    assert frame.to_dict() == {"x": [1, 2], "y": [None, None]}
    assert frame.collect()[0] == Point(x=1)


# -- transforms ----------------------------------------------------------------------


def test_transform_returns_derived_dataframe(df: DataFrame[Order]) -> None:
    out = df.with_columns(big=df.amount > 10).select("order_id", "big")
    assert isinstance(out, DataFrame)
    assert not isinstance(out, DataFrame[Order])
    derived_schema = type(out).schema_model()
    assert derived_schema is not None
    assert issubclass(derived_schema, Schema)
    assert list(derived_schema.model_fields) == ["order_id", "big"]
    assert type(out).__name__ == f"DataFrame[{derived_schema.__name__}]"
    rows = out.collect()
    assert [type(r) for r in rows] == [derived_schema] * 3
    assert [(r.order_id, r.big) for r in rows] == [(1, False), (2, None), (3, True)]
    assert out.dtypes == {"order_id": int, "big": bool | None}


def test_derived_schema_class_reused(df: DataFrame[Order]) -> None:
    a = df.select("order_id", "customer")
    b = df.drop("amount", "placed")
    assert type(a) is type(b)


def test_schema_preserving_transform_keeps_class(df: DataFrame[Order]) -> None:
    assert type(df.filter(df.customer == "ann")) is DataFrame[Order]
    assert type(df.sort("order_id", descending=True).head(2)) is DataFrame[Order]


def test_operations_match_polars(df: DataFrame[Order]) -> None:
    raw = pl.DataFrame(DATA, schema=polars_schema(df.schema))
    out = (
        df.with_columns(total=df.amount.fill_null(0.0) * 2, order_id=df.order_id * 10)
        .filter(df.customer == "ann", df.order_id > 0)
        .sort("total", descending=True)
        .rename({"customer": "who"})
        .drop("placed")
    )
    expected = (
        raw.with_columns(
            total=pl.col("amount").fill_null(0.0) * 2, order_id=pl.col("order_id") * 10
        )
        .filter(pl.col("customer") == "ann", pl.col("order_id") > 0)
        .sort("total", descending=True)
        .rename({"customer": "who"})
        .drop("placed")
    )
    assert out.to_dict() == expected.to_dict(as_series=False)
    assert out.columns == ["order_id", "who", "amount", "total"]
    assert lower_plan(out._plan).collect_schema() == polars_schema(out.schema)
    assert out.shape == (2, 4)


def test_select_kwargs_exclude_and_duplicates(df: DataFrame[Order]) -> None:
    assert df.select(exclude=["amount", "placed"]).columns == ["order_id", "customer"]
    assert df.select("customer", n=df.order_id + 1).to_dict() == {
        "customer": ["ann", "bob", "ann"],
        "n": [2, 3, 4],
    }
    with pytest.raises(ValueError, match="duplicate"):
        df.select("customer", df.customer)


def test_when_with_literal(df: DataFrame[Order]) -> None:
    out = df.select(
        "order_id",
        size=when(df.amount >= 10, Literal(value="big")).otherwise(
            Literal(value="small")
        ),
    )
    assert out.to_dict() == {"order_id": [1, 2, 3], "size": ["small", "small", "big"]}
    assert out.dtypes["size"] is str


def test_build_time_errors(df: DataFrame[Order]) -> None:
    with pytest.raises(
        TypeError,
        match="Arithmetic operator requires numeric operands; got str and int",
    ):
        df.customer + 1
    with pytest.raises(TypeError, match="expects condition typed as bool"):
        df.filter(df.order_id)


_CROSS_PROCESS = """
import json
from pydantable import DataFrame, Schema

class Order(Schema):
    order_id: int
    customer: str
    amount: float | None

df = DataFrame[Order]({"order_id": [1], "customer": ["a"], "amount": [None]})
out = df.with_columns(zeta=df.order_id * 2, alpha=df.customer, big=df.amount > 1).drop("amount")
print(json.dumps([type(out).__name__, out.columns, list(type(out).schema_model().model_fields)]))
"""


def test_derived_class_deterministic_across_processes() -> None:
    results = []
    for seed in ("3", "4"):
        proc = subprocess.run(
            [sys.executable, "-c", _CROSS_PROCESS],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
            timeout=120,
        )
        results.append(json.loads(proc.stdout))
    assert results[0] == results[1]
    name, columns, fields = results[0]
    assert columns == fields == ["order_id", "customer", "zeta", "alpha", "big"]
    assert name.startswith("DataFrame[Schema_")
