"""Reshape (unpivot/melt, pivot, explode, unnest): differential tests against Polars."""

from __future__ import annotations

from typing import Any

import polars as pl
import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from differential import Wide, assert_matches_polars, wide_frames
from pydantable import DataFrameModel
from pydantable.errors import ColumnNotFoundError

# -- unpivot / melt ----------------------------------------------------------------


@settings(max_examples=20, deadline=None)
@given(w=wide_frames(max_size=6))
def test_unpivot_same_dtype(w: Wide) -> None:
    got = w.unpivot(
        ["i", "i_n"], index=["g", "s"], variable_name="col", value_name="val"
    )
    expected = w.to_polars().unpivot(
        ["i", "i_n"], index=["g", "s"], variable_name="col", value_name="val"
    )
    assert_matches_polars(got, expected, check_row_order=False)  # order unspecified
    assert got.schema["val"].nullable
    assert not got.schema["col"].nullable
    assert not w.unpivot(["i", "f"], index="g").schema["value"].nullable


@settings(max_examples=20, deadline=None)
@given(w=wide_frames(max_size=6))
def test_melt_and_pivot_longer_widen_int_to_float(w: Wide) -> None:
    got = w.melt(id_vars="g", value_vars=["i", "f_n"])
    expected = (
        w.to_polars()
        .with_columns(pl.col("i").cast(pl.Float64))
        .unpivot(["i", "f_n"], index="g")
    )
    assert_matches_polars(got, expected, check_row_order=False)
    longer = w.pivot_longer(
        value_vars=["s", "s_n"], id_vars="i", names_to="n", values_to="v"
    )
    expected_longer = w.to_polars().unpivot(
        ["s", "s_n"], index="i", variable_name="n", value_name="v"
    )
    assert_matches_polars(longer, expected_longer, check_row_order=False)


def test_unpivot_defaults_and_errors() -> None:
    class T(DataFrameModel):
        id: int
        a: int
        b: str

    t = T({"id": [1], "a": [2], "b": ["x"]})
    assert t.unpivot(["a"], index="id").to_dict() == {
        "id": [1],
        "variable": ["a"],
        "value": [2],
    }
    from pydantable import selectors as sel

    assert t.unpivot(sel.by_name("a"), index=sel.by_name("id")).columns == [
        "id",
        "variable",
        "value",
    ]
    with pytest.raises(TypeError, match="'a': Int64, 'b': String"):
        t.unpivot(index="id")
    with pytest.raises(ValueError, match="at least one value column"):
        t.unpivot(index=["id", "a", "b"])
    with pytest.raises(ValueError, match="duplicate column names"):
        t.unpivot(["a"], index="id", variable_name="id")
    with pytest.raises(ColumnNotFoundError):
        t.unpivot(["nope"])


# -- pivot -------------------------------------------------------------------------


class Long(DataFrameModel):
    id: int
    k: str | None
    v: int | None
    w: float


longs = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.integers(0, 3),
            "k": st.one_of(st.none(), st.sampled_from(["a", "b", "c"])),
            "v": st.one_of(st.none(), st.integers(-9, 9)),
            "w": st.floats(-10, 10),
        }
    ),
    min_size=1,
    max_size=10,
)
AGGS = ["first", "last", "sum", "mean", "median", "min", "max", "count", "len"]


def _polars_agg(agg: str) -> Any:
    return {"count": pl.element().count()}.get(agg, agg)


@settings(max_examples=40, deadline=None)
@given(
    rows=longs,
    agg=st.sampled_from(AGGS),
    sort=st.booleans(),
    values=st.sampled_from([["v"], ["v", "w"]]),
)
def test_pivot_matches_polars(
    rows: list[dict[str, Any]], agg: str, sort: bool, values: list[str]
) -> None:
    df = Long(rows)
    got = df.pivot(
        "k", index="id", values=values, aggregate_function=agg, sort_columns=sort
    )
    raw = df.to_polars().pivot(
        "k",
        index="id",
        values=values,
        aggregate_function=_polars_agg(agg),
        sort_columns=sort,
    )
    # the original's names: {on value}_{agg} ({on value}_{values col}_{agg} for several)
    names = ["id"]
    for name in raw.columns[1:]:
        if len(values) == 1:
            names.append(f"{name}_{agg}")
        else:
            value, label = name.split("_", 1)
            names.append(f"{label}_{value}_{agg}")
    expected = raw.rename(dict(zip(raw.columns, names, strict=True)))
    if agg in ("count", "len"):
        expected = expected.with_columns(pl.exclude("id").cast(pl.Int64))
    assert_matches_polars(got, expected)
    polars_named = df.pivot(
        "k",
        index="id",
        values=values,
        aggregate_function=agg,
        sort_columns=sort,
        naming="polars",
    )
    assert polars_named.columns == raw.columns


def test_pivot_values_fix_the_columns_and_wider_alias() -> None:
    df = Long(
        {"id": [1, 1, 2], "k": ["a", "b", "a"], "v": [1, 2, 3], "w": [0.0, 1.0, 2.0]}
    )
    got = df.pivot_wider(
        columns="k",
        index="id",
        values="v",
        pivot_values=["b", "z"],
        aggregate_function="sum",
    )
    assert got.to_dict() == {"id": [1, 2], "b_sum": [2, 0], "z_sum": [0, 0]}
    assert not got.schema["b_sum"].nullable
    first = df.pivot("k", index="id", values="v", separator=".")
    assert first.columns == ["id", "a.first", "b.first"]
    assert first.schema["b.first"].nullable


def test_pivot_errors() -> None:
    df = Long({"id": [1], "k": ["a"], "v": [1], "w": [0.0]})
    with pytest.raises(ValueError, match="aggregate_function"):
        df.pivot("k", index="id", values="v", aggregate_function="mode")
    with pytest.raises(TypeError, match="'k' is String"):
        df.pivot("id", index="w", values="k", aggregate_function="sum")
    with pytest.raises(ValueError, match="index= or values="):
        df.pivot("k")
    with pytest.raises(ValueError, match="on= or columns="):
        df.pivot("k", columns="k", index="id")
    with pytest.raises(ValueError, match="duplicate column names"):
        Long({"id": [1], "k": ["id"], "v": [1], "w": [0.0]}).pivot(
            "k", index="id", values="v", naming="polars"
        )


# -- explode -----------------------------------------------------------------------

FLAGS = [
    {},
    {"outer": True},
    {"empty_as_null": True},
    {"keep_nulls": False},
    {"empty_as_null": True, "keep_nulls": False},
]


def _polars_flags(flags: dict[str, Any]) -> dict[str, bool]:
    outer = flags.get("outer", False)
    return {
        "empty_as_null": flags.get("empty_as_null", outer),
        "keep_nulls": flags.get("keep_nulls", True),
    }


@settings(max_examples=30, deadline=None)
@given(w=wide_frames(max_size=6), flags=st.sampled_from(FLAGS))
def test_explode_matches_polars(w: Wide, flags: dict[str, Any]) -> None:
    base = w.select("g", "li", "i_n")
    got = base.explode("li", **flags)
    expected = base.to_polars().explode("li", **_polars_flags(flags))
    assert_matches_polars(got, expected)
    # elements are nullable only when a null row can appear
    assert got.schema["li"].nullable is (
        _polars_flags(flags) != {"empty_as_null": False, "keep_nulls": False}
    )


@settings(max_examples=30, deadline=None)
@given(w=wide_frames(max_size=6), flags=st.sampled_from(FLAGS))
def test_posexplode_matches_polars(w: Wide, flags: dict[str, Any]) -> None:
    base = w.select("g", "li")
    got = base.posexplode("li", pos="at", **flags)
    expected = (
        base.to_polars()
        .with_columns(at=pl.int_ranges(0, pl.col("li").list.len(), dtype=pl.Int64))
        .explode(["at", "li"], **_polars_flags(flags))
        .select("g", "at", "li")
    )
    assert_matches_polars(got, expected)


class Lists(DataFrameModel):
    id: int
    xs: list[int]
    ys: list[str | None]


def test_explode_several_columns_all_and_outer() -> None:
    df = Lists({"id": [1, 2], "xs": [[1, 2], []], "ys": [["a", None], []]})
    both = df.explode("xs", "ys")
    assert both.to_dict() == {"id": [1, 1], "xs": [1, 2], "ys": ["a", None]}
    assert not both.schema["xs"].nullable
    assert both.schema["ys"].nullable
    assert df.explode_all().to_dict() == both.to_dict()
    outer = df.explode_outer(["xs", "ys"])
    assert outer.to_dict() == {
        "id": [1, 1, 2],
        "xs": [1, 2, None],
        "ys": ["a", None, None],
    }
    assert outer.schema["xs"].nullable
    assert df.select("id").explode_all().to_dict() == {"id": [1, 2]}
    from pydantable import selectors as sel

    assert df.explode(sel.lists()).to_dict() == both.to_dict()
    with pytest.raises(TypeError, match="cannot explode 'id': Int64 is not a list"):
        df.explode("id")
    with pytest.raises(ValueError, match="duplicate column names"):
        df.posexplode("xs", pos="id")


# -- unnest ------------------------------------------------------------------------


class Point(pydantic.BaseModel):
    x: int
    label: str | None


class Box(pydantic.BaseModel):
    w: float


class Shapes(DataFrameModel):
    id: int
    p: Point | None
    b: Box


shape_rows = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.integers(0, 9),
            "p": st.one_of(
                st.none(),
                st.fixed_dictionaries(
                    {
                        "x": st.integers(-5, 5),
                        "label": st.one_of(st.none(), st.text(max_size=3)),
                    }
                ),
            ),
            "b": st.fixed_dictionaries({"w": st.floats(-1, 1)}),
        }
    ),
    max_size=6,
)


@settings(max_examples=25, deadline=None)
@given(rows=shape_rows, separator=st.sampled_from(["_", ".", None]))
def test_unnest_matches_polars(
    rows: list[dict[str, Any]], separator: str | None
) -> None:
    df = Shapes(rows)
    got = df.unnest("p", "b", separator=separator)
    expected = df.to_polars().unnest("p", "b", separator=separator)
    assert_matches_polars(got, expected)
    sep = "" if separator is None else separator
    x = "x" if separator is None else f"p{sep}x"
    w = "w" if separator is None else f"b{sep}w"
    assert got.schema[x].nullable  # the struct column is nullable
    assert not got.schema[w].nullable  # non-null struct, non-null field


def test_unnest_default_names_all_and_errors() -> None:
    df = Shapes({"id": [1], "p": [{"x": 1, "label": "a"}], "b": [{"w": 0.5}]})
    assert df.unnest("p").columns == ["id", "p_x", "p_label", "b"]
    assert df.unnest_all().to_dict() == {
        "id": [1],
        "p_x": [1],
        "p_label": ["a"],
        "b_w": [0.5],
    }
    assert df.select("id").unnest_all().columns == ["id"]
    with pytest.raises(TypeError, match="cannot unnest 'id': Int64 is not a struct"):
        df.unnest("id")
    with pytest.raises(ValueError, match="duplicate column names"):
        df.with_columns(p_x=df.id).unnest("p")
