"""Pins for the bugs of the original pydantable (spec §3.2 and §3.4).

Each test asserts *our* correct behaviour where the original misbehaved; the
docstring names the bug letter from the spec.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pydantic
import pytest
from pydantic import AwareDatetime, Field

from pydantable import ColumnRef, DataFrameModel, Schema
from pydantable.errors import SchemaMismatchError


class User(DataFrameModel):
    id: int
    email: str


class Event(DataFrameModel):
    at: dt.datetime
    day: dt.date


def test_a_column_dict_values_are_coerced_not_discarded() -> None:
    """(a) Column-dict input is validated *and* the coerced values are stored."""
    assert User({"id": ["1"], "email": ["a"]}).to_dict() == {"id": [1], "email": ["a"]}
    assert User({"id": [1.0, "2"], "email": ["a", "b"]}).to_dict()["id"] == [1, 2]
    event = Event({"at": ["2024-01-02T03:04:05"], "day": ["2024-01-02"]})
    assert event.to_dict() == {
        "at": [dt.datetime(2024, 1, 2, 3, 4, 5)],
        "day": [dt.date(2024, 1, 2)],
    }
    assert [type(v) for v in User({"id": ["7"], "email": ["a"]}).to_dict()["id"]] == [
        int
    ]


@pytest.mark.parametrize("mode", ["bogus", "SHAPE_ONLY", "", "trusted"])
def test_b_invalid_trusted_mode_rejected(mode: str) -> None:
    """(b) An unknown ``trusted_mode`` string is a ValueError, not silently shape_only."""
    with pytest.raises(ValueError, match="trusted_mode"):
        User({"id": [1], "email": ["a"]}, trusted_mode=mode)


_ORDER_SCRIPT = """
import json
from pydantable import DataFrameModel

class Sale(DataFrameModel):
    region: str
    amount: float
    qty: int

s = Sale({"region": ["e", "w"], "amount": [1.0, 2.0], "qty": [1, 2]})
out = (
    s.with_columns(total=s.amount * s.qty, beta=s.qty + 1, alpha=s.region, gamma=s.amount > 1)
    .filter(s.qty > 0)
    .select("total", "region", "gamma", "alpha", "beta")
)
print(json.dumps([
    type(out).__name__,
    out.columns,
    list(out.to_dict()),
    list(out.to_dicts()[0]),
    list(type(out).RowModel.model_fields),
]))
"""


def test_c_derived_column_order_deterministic_across_processes() -> None:
    """(c) Derived frames keep one column order (and class name) in every process."""
    runs = []
    for seed in ("0", "1", "12345"):
        proc = subprocess.run(
            [sys.executable, "-c", _ORDER_SCRIPT],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
            timeout=120,
        )
        runs.append(json.loads(proc.stdout))
    assert runs[0] == runs[1] == runs[2]
    _, columns, dict_keys, row_keys, fields = runs[0]
    expected = ["total", "region", "gamma", "alpha", "beta"]
    assert columns == dict_keys == row_keys == fields == expected


def test_d_int_division_is_true_division() -> None:
    """(d) ``int / int`` is true division typed float: ``-7 / 2 == -3.5``, ``1 / 2 == 0.5``."""

    class Pair(DataFrameModel):
        a: int
        b: int

    df = Pair({"a": [-7, 1, 6], "b": [2, 2, 3]})
    out = df.select(
        (df.a / df.b).alias("q"), (df.a / 2).alias("h"), (1 / df.b).alias("r")
    )
    assert out.to_dict() == {
        "q": [-3.5, 0.5, 2.0],
        "h": [-3.5, 0.5, 3.0],
        "r": [0.5, 0.5, 1 / 3],
    }
    assert out.dtypes == {"q": float, "h": float, "r": float}


def test_j_constructor_error_locates_column_and_row() -> None:
    """(j) A column-dict ValidationError has ``loc == (column, row)``; rows give (row, column)."""
    with pytest.raises(pydantic.ValidationError) as info:
        User({"id": [1, 2, "x"], "email": ["a", "b", "c"]})
    (error,) = info.value.errors()
    assert error["loc"] == ("id", 2)
    assert error["type"] == "int_parsing"
    assert error["input"] == "x"
    with pytest.raises(pydantic.ValidationError) as info:
        User([{"id": 1, "email": "a"}, {"id": "x", "email": "b"}])
    (error,) = info.value.errors()
    assert error["loc"] == (1, "id")


def test_o_materializing_does_not_ingest_again() -> None:
    """(o) Validation runs once, at construction; every egress reuses the built table."""
    calls: list[int] = []

    class Counted(DataFrameModel):
        x: int

        class Row(Schema):
            @pydantic.field_validator("x", check_fields=False)
            @classmethod
            def _count(cls, value: int) -> int:
                calls.append(value)
                return value

    source = [3, 1, 2]
    df = Counted({"x": source})
    assert len(calls) == 3
    source.append(4)  # the frame owns its data: later changes to the input do not leak
    source[0] = 100
    for _ in range(2):
        assert df.to_dict() == {"x": [3, 1, 2]}
        assert [r.x for r in df.collect()] == [3, 1, 2]
        assert df.to_dicts()[0] == {"x": 3}
        assert df.to_polars().height == 3
        assert df.sort("x").to_dict() == {"x": [1, 2, 3]}
    assert df.shape == (3, 1)
    assert len(calls) == 3


class Stock(DataFrameModel):
    sku: str
    qty: int = Field(ge=0)
    price: float = Field(gt=0, le=1000)


def test_p_field_constraints_enforced_at_columnar_ingest() -> None:
    """(p) ``Field(ge=..)`` etc. fail at construction, not later at ``collect()``."""
    with pytest.raises(pydantic.ValidationError) as info:
        Stock({"sku": ["a", "b"], "qty": [1, -1], "price": [1.0, 2.0]})
    (error,) = info.value.errors()
    assert (error["loc"], error["type"]) == (("qty", 1), "greater_than_equal")
    with pytest.raises(pydantic.ValidationError, match="less_than_equal"):
        Stock({"sku": ["a"], "qty": [1], "price": [1000.5]})
    ok = Stock({"sku": ["a"], "qty": [0], "price": [1000.0]})
    assert [r.qty for r in ok.collect()] == [0]  # an accepted frame never raises later


@pytest.mark.parametrize("mode", ["shape_only", "strict"])
def test_q_trusted_modes_reject_unstorable_values_at_construction(mode: str) -> None:
    """(q) ``"x"`` in an int column fails in the constructor under shape_only/strict."""
    with pytest.raises(SchemaMismatchError, match="'id'"):
        User({"id": [1, "x"], "email": ["a", "b"]}, trusted_mode=mode)


def test_r_row_list_input_honours_trusted_mode() -> None:
    """(r) Row lists follow ``trusted_mode``: strict refuses ``"1"`` for an int column."""
    rows = [{"id": "1", "email": "a"}]
    assert User(rows).to_dict() == {"id": [1], "email": ["a"]}  # off: coerced
    with pytest.raises(SchemaMismatchError, match="'id'"):
        User(rows, trusted_mode="strict")
    with pytest.raises(SchemaMismatchError, match="'id'"):
        User([{"id": "x", "email": "a"}], trusted_mode="shape_only")
    assert User([{"id": 1, "email": "a"}], trusted_mode="strict").to_dict()["id"] == [1]


def test_s_iso_datetime_strings_accepted() -> None:
    """(s) ISO-8601 strings are valid input for datetime columns (raw JSON bodies)."""

    class Stamp(DataFrameModel):
        naive: dt.datetime
        aware: AwareDatetime

    utc = dt.timezone.utc
    cols = Stamp(
        {"naive": ["2024-05-06T07:08:09.5"], "aware": ["2024-05-06T07:08:09+02:00"]}
    )
    rows = Stamp([{"naive": "2024-05-06 07:08:09.5", "aware": "2024-05-06T05:08:09Z"}])
    expected = {
        "naive": [dt.datetime(2024, 5, 6, 7, 8, 9, 500000)],
        "aware": [dt.datetime(2024, 5, 6, 5, 8, 9, tzinfo=utc)],
    }
    assert cols.to_dict() == rows.to_dict() == expected
    assert cols.to_dict()["aware"][0].utcoffset() == dt.timedelta(0)


def test_u_columns_with_defaults_are_column_references() -> None:
    """(u) ``qty: int = Field(ge=0)`` / ``= 0``: ``df.qty`` is the column, not the FieldInfo."""

    class Line(DataFrameModel):
        sku: str
        qty: int = Field(ge=0)
        discount: float = 0.0

    df = Line({"sku": ["a", "b"], "qty": [1, 3]})
    assert isinstance(df.qty, ColumnRef)
    assert isinstance(df.discount, ColumnRef)
    out = df.filter(df.qty > 1).with_columns(net=df.qty * (1 - df.discount))
    assert out.to_dict() == {"sku": ["b"], "qty": [3], "discount": [0.0], "net": [3.0]}


@pytest.mark.parametrize("mode", ["shape_only", "strict"])
def test_map_columns_accepted_under_trusted_modes(mode: str) -> None:
    """(map 1) Arrow/Polars ``Map`` columns and Python dict cells for a
    ``dict[str, T]`` column were rejected under ``shape_only``/``strict``."""
    import polars as pl
    import pyarrow as pa

    class Tags(DataFrameModel):
        tags: dict[str, int]

    arrow = pa.array([[("a", 1)], []], type=pa.map_(pa.string(), pa.int64()))
    expected = {"tags": [{"a": 1}, {}]}
    assert Tags(pa.table({"tags": arrow}), trusted_mode=mode).to_dict() == expected
    assert (
        Tags(pl.from_arrow(pa.table({"tags": arrow})), trusted_mode=mode).to_dict()
        == expected
    )
    assert Tags({"tags": [{"a": 1}, {}]}, trusted_mode=mode).to_dict() == expected
    with pytest.raises(TypeError, match="string"):
        Tags(
            {"tags": pa.array([[(1, 1)]], type=pa.map_(pa.int64(), pa.int64()))},
            trusted_mode=mode,
        )


def test_null_value_inside_a_map_materializes() -> None:
    """(map 2) A null value inside a map (``dict[str, Model | None]``) crashed
    ``to_dict`` and the map functions' results."""
    import enum

    class Level(enum.Enum):
        LOW = "low"

    class Reading(pydantic.BaseModel):
        level: Level

    class Sensors(DataFrameModel):
        readings: dict[str, Reading | None]

    df = Sensors({"readings": [{"a": {"level": "low"}, "b": None}]})
    assert df.to_dict() == {"readings": [{"a": {"level": Level.LOW}, "b": None}]}
    assert df.collect()[0].readings == {"a": Reading(level=Level.LOW), "b": None}
    rebuilt = df.select(r=df.readings.map_entries().map_from_entries())
    assert rebuilt.to_dict() == {"r": [{"a": {"level": Level.LOW}, "b": None}]}
