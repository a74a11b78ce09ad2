"""Horizontal functions (sum/mean/min/max/all/any_horizontal) vs hand-written Polars."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings

import pydantable
from differential import Case, Wide, assert_matches_polars, wide_frames
from pydantable import DataFrameModel
from pydantable import dtypes as d
from pydantable.expressions import (
    all_horizontal,
    any_horizontal,
    col,
    max_horizontal,
    mean_horizontal,
    min_horizontal,
    sum_horizontal,
)

FAST = settings(max_examples=15, deadline=None)
F64, I64 = pl.Float64(), pl.Int64()


CASES: list[Case] = [
    ("sum", lambda w: sum_horizontal(w.i, w.i_n), pl.sum_horizontal("i", "i_n")),
    (
        "sum_f",
        lambda w: sum_horizontal(w.i_n, "f_n", 1),
        pl.sum_horizontal(pl.col("i_n").cast(F64), "f_n", pl.lit(1.0)),
    ),
    (
        "sum_b",
        lambda w: sum_horizontal(w.b, w.b_n),
        pl.sum_horizontal(pl.col("b").cast(I64), pl.col("b_n").cast(I64)),
    ),
    (
        "sum_k",
        lambda w: sum_horizontal([w.i_n, w.i], ignore_nulls=False),
        pl.sum_horizontal("i_n", "i", ignore_nulls=False),
    ),
    ("sum_nn", lambda w: sum_horizontal(w.i_n), pl.sum_horizontal("i_n")),
    (
        "mean",
        lambda w: mean_horizontal(w.i_n, w.f_n),
        pl.mean_horizontal(pl.col("i_n").cast(F64), "f_n"),
    ),
    (
        "mean_k",
        lambda w: mean_horizontal(w.f, w.b_n, ignore_nulls=False),
        pl.mean_horizontal("f", pl.col("b_n").cast(F64), ignore_nulls=False),
    ),
    ("min", lambda w: min_horizontal(w.i, w.i_n), pl.min_horizontal("i", "i_n")),
    (
        "max_f",
        lambda w: max_horizontal(w.i_n, w.f_n),
        pl.max_horizontal(pl.col("i_n").cast(F64), "f_n"),
    ),
    ("min_s", lambda w: min_horizontal(w.s, w.s_n), pl.min_horizontal("s", "s_n")),
    (
        "max_ts",
        lambda w: max_horizontal(w.ts, None),
        pl.max_horizontal("ts", pl.lit(None, dtype=pl.Datetime("us"))),
    ),
    ("all", lambda w: all_horizontal(w.b, w.b_n), pl.all_horizontal("b", "b_n")),
    (
        "any",
        lambda w: any_horizontal(w.b_n, w.i > 0, False),
        pl.any_horizontal("b_n", pl.col("i") > 0, False),
    ),
    # aggregates in a horizontal function are broadcast
    (
        "sum_agg",
        lambda w: sum_horizontal(w.i, w.i.max()),
        pl.sum_horizontal("i", pl.col("i").max()),
    ),
]


@FAST
@given(wide_frames(max_size=12))
def test_horizontal_functions_match_polars(frame: Wide) -> None:
    ours = frame.with_columns(**{name: build(frame) for name, build, _ in CASES})
    expected = (
        frame.to_polars()
        .lazy()
        .with_columns([expr.alias(name) for name, _, expr in CASES])
    )
    assert_matches_polars(ours, expected)


@FAST
@given(wide_frames(max_size=12))
def test_horizontal_in_group_by_and_over(frame: Wide) -> None:
    ours = frame.group_by("g").agg(
        s=sum_horizontal(frame.i_n.sum(), frame.f.max()),
        a=any_horizontal(frame.b.all(), frame.b_n.any()),
    )
    expected = (
        frame.to_polars()
        .lazy()
        .group_by("g")
        .agg(
            pl.sum_horizontal(pl.col("i_n").sum().cast(F64), pl.col("f").max()).alias(
                "s"
            ),
            pl.any_horizontal(pl.col("b").all(), pl.col("b_n").any()).alias("a"),
        )
    )
    assert_matches_polars(ours, expected, check_row_order=False)
    over = frame.with_columns(m=max_horizontal(frame.i, frame.i_n).over("g"))
    expected_over = (
        frame.to_polars()
        .lazy()
        .with_columns(pl.max_horizontal("i", "i_n").over("g").alias("m"))
    )
    assert_matches_polars(over, expected_over)


def test_declared_dtypes_and_nullability() -> None:
    w = Wide([])
    by_name = {name: build(w) for name, build, _ in CASES}
    expected = {
        "sum": (d.Int64(), False),
        "sum_f": (d.Float64(), False),
        "sum_b": (d.Int64(), False),
        "sum_k": (d.Int64(), True),
        "sum_nn": (d.Int64(), False),  # all-null rows sum to 0, as in Polars
        "mean": (d.Float64(), True),
        "mean_k": (d.Float64(), True),
        "min": (d.Int64(), False),
        "max_f": (d.Float64(), True),
        "min_s": (d.String(), False),
        "all": (d.Boolean(), True),
    }
    for name, (dtype, nullable) in expected.items():
        assert (by_name[name].dtype, by_name[name].nullable) == (dtype, nullable), name


def test_unbound_and_top_level() -> None:
    class T(DataFrameModel):
        a: int
        b: int | None

    t = T({"a": [1, 2], "b": [None, 5]})
    out = t.select(
        lo=pydantable.min_horizontal(col("a"), col("b")),
        avg=pydantable.mean_horizontal("a", "b"),
    )
    assert out.to_dict() == {"lo": [1, 2], "avg": [1.0, 3.5]}
    assert not out.schema["lo"].nullable


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (
            lambda w: sum_horizontal(w.i, w.s),
            r"sum_horizontal\(\) needs numeric or Boolean expressions; got String in col\('s'\)",
        ),
        (lambda w: mean_horizontal(w.d), r"mean_horizontal\(\).*Date"),
        (
            lambda w: min_horizontal(w.i, w.s),
            r"min_horizontal\(\) arguments have incompatible dtypes Int64 and String",
        ),
        (
            lambda w: max_horizontal(w.li),
            r"max_horizontal\(\) needs orderable expressions; got List",
        ),
        (
            lambda w: all_horizontal(w.b, w.i),
            r"all_horizontal\(\) needs Boolean expressions; got Int64 in col\('i'\)",
        ),
        (lambda w: w.select(any_horizontal()), r"needs at least one expression"),
        (lambda w: w.select(min_horizontal(None)), r"not only None"),
    ],
)
def test_misuse_is_a_build_time_type_error(
    build: Callable[[Wide], Any], match: str
) -> None:
    with pytest.raises(TypeError, match=match):
        build(Wide([]))
