"""Schema rules of unpivot, pivot, explode, posexplode and unnest."""

from __future__ import annotations

import pytest

from plan._schemas import make, spec
from pydantable import dtypes as dt
from pydantable.plan import reshape as rs


def test_unpivot_unifies_value_dtypes_and_nullability() -> None:
    schema = make(id=(dt.Int64(), False), a=(dt.Int64(), False), b=(dt.Float64(), True))
    out = rs.unpivot_schema(
        schema, ["id"], ["a", "b"], variable_name="k", value_name="v"
    )
    assert spec(out) == [
        ("id", dt.Int64(), False),
        ("k", dt.String(), False),
        ("v", dt.Float64(), True),
    ]
    exact = rs.unpivot_schema(schema, ["id"], ["a"])
    assert spec(exact)[1:] == [
        ("variable", dt.String(), False),
        ("value", dt.Int64(), False),
    ]


def test_unpivot_rejects_incompatible_values_and_name_collisions() -> None:
    schema = make(a=(dt.Int64(), False), s=(dt.String(), False))
    with pytest.raises(TypeError, match="unpivot value columns need compatible dtypes"):
        rs.unpivot_schema(schema, [], ["a", "s"])
    with pytest.raises(ValueError, match="unpivot would produce duplicate"):
        rs.unpivot_schema(schema, ["a"], ["s"], variable_name="a")


def test_pivot_names_and_dtypes_per_aggregate() -> None:
    schema = make(id=(dt.Int64(), False), k=(dt.String(), False), v=(dt.Int64(), False))
    summed = rs.pivot_schema(schema, ["id"], ["v"], ["p", "q"], aggregate="sum")
    assert spec(summed) == [
        ("id", dt.Int64(), False),
        ("p_sum", dt.Int64(), False),  # an absent pair sums to 0
        ("q_sum", dt.Int64(), False),
    ]
    mean = rs.pivot_schema(
        schema, ["id"], ["v"], ["p"], aggregate="mean", naming="polars"
    )
    assert spec(mean)[1:] == [("p", dt.Float64(), True)]
    first = rs.pivot_schema(
        schema, ["id"], ["v", "k"], ["p"], aggregate="first", naming="polars"
    )
    assert spec(first)[1:] == [("v_p", dt.Int64(), True), ("k_p", dt.String(), True)]
    counted = rs.pivot_schema(schema, ["id"], ["k"], ["p"], aggregate="len")
    assert spec(counted)[1:] == [("p_len", dt.Int64(), False)]
    with pytest.raises(TypeError, match="pivot aggregate 'sum' needs an int or float"):
        rs.pivot_schema(schema, ["id"], ["k"], ["p"], aggregate="sum")


def test_explode_gives_the_inner_dtype_nullable_only_when_a_null_can_appear() -> None:
    schema = make(
        id=(dt.Int64(), False),
        xs=(dt.List(dt.String()), False),
        ys=(dt.List(dt.Int64(), inner_nullable=True), False),
        zs=(dt.List(dt.Int64()), True),
    )
    out = rs.explode_schema(schema, ["xs", "ys", "zs"])
    assert spec(out) == [
        ("id", dt.Int64(), False),
        ("xs", dt.String(), False),
        ("ys", dt.Int64(), True),
        ("zs", dt.Int64(), True),  # a null list gives a null row
    ]
    assert not rs.explode_schema(schema, ["zs"], keep_nulls=False)["zs"].nullable
    assert rs.explode_schema(schema, ["xs"], empty_as_null=True)["xs"].nullable
    with pytest.raises(TypeError, match="cannot explode 'id'"):
        rs.explode_schema(schema, ["id"])


def test_posexplode_puts_int64_pos_before_the_element() -> None:
    schema = make(xs=(dt.List(dt.String()), False), k=(dt.Int64(), False))
    out = rs.posexplode_schema(schema, "xs", "i")
    assert spec(out) == [
        ("i", dt.Int64(), False),
        ("xs", dt.String(), False),
        ("k", dt.Int64(), False),
    ]
    assert rs.posexplode_schema(schema, "xs", empty_as_null=True)["pos"].nullable
    with pytest.raises(ValueError, match="posexplode would produce duplicate"):
        rs.posexplode_schema(schema, "xs", "k")


def test_unnest_names_fields_and_inherits_struct_nullability() -> None:
    point = dt.Struct(
        (dt.StructField("x", dt.Int64()), dt.StructField("y", dt.Float64(), True))
    )
    schema = make(p=(point, True), k=(dt.Int64(), False))
    assert spec(rs.unnest_schema(schema, ["p"])) == [
        ("p_x", dt.Int64(), True),
        ("p_y", dt.Float64(), True),
        ("k", dt.Int64(), False),
    ]
    assert rs.unnest_schema(schema, ["p"], None).names == ["x", "y", "k"]
    with pytest.raises(TypeError, match="cannot unnest 'k'"):
        rs.unnest_schema(schema, ["k"])
