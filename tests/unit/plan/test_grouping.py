"""Schema rules of grouping and time-series nodes."""

from __future__ import annotations

import pytest

from plan._schemas import make, spec
from pydantable import dtypes as dt
from pydantable.plan import grouping as g
from pydantable.plan import timeseries as ts
from pydantable.schema import derived_column


def test_group_by_keys_first_then_aggs_keys_closed_by_drop_nulls() -> None:
    key = derived_column("k", dt.String(), True)
    total = derived_column("total", dt.Int64(), False)
    assert spec(g.group_by_schema([key], [total])) == [
        ("k", dt.String(), False),
        ("total", dt.Int64(), False),
    ]
    assert g.group_by_schema([key], [total], drop_nulls=False)["k"].nullable
    with pytest.raises(
        ValueError, match=r"group_by\(\)\.agg\(\) would produce duplicate"
    ):
        g.group_by_schema([key], [derived_column("k", dt.Int64(), False)])


def test_rolling_result_dtype_and_nullability() -> None:
    schema = make(t=(dt.Int64(), False), x=(dt.Int64(), False))

    def result(op: str, min_periods: int = 1) -> tuple[str, dt.DType, bool]:
        out = ts.rolling_schema(
            schema, on="t", column="x", op=op, out_name="r", min_periods=min_periods
        )
        assert out.names == ["t", "x", "r"]
        return spec(out)[-1]

    assert result("sum") == ("r", dt.Int64(), False)
    assert result("mean") == ("r", dt.Float64(), False)
    assert result("std") == ("r", dt.Float64(), True)  # one-row windows
    assert result("max", min_periods=2) == ("r", dt.Int64(), True)
    assert result("count", min_periods=2) == ("r", dt.Int64(), False)


def test_dynamic_group_by_columns_and_boundaries() -> None:
    schema = make(
        g=(dt.String(), False), day=(dt.Datetime("UTC"), True), x=(dt.Int64(), False)
    )
    total = derived_column("total", dt.Int64(), False)
    out = ts.dynamic_schema(
        schema, [total], index="day", by=["g"], include_boundaries=True
    )
    assert spec(out) == [
        ("g", dt.String(), False),
        ("lower_boundary", dt.Datetime("UTC"), False),
        ("upper_boundary", dt.Datetime("UTC"), False),
        ("day", dt.Datetime("UTC"), False),  # null-index rows belong to no window
        ("total", dt.Int64(), False),
    ]
    assert ts.dynamic_schema(schema, [total], index="day").names == ["day", "total"]
