"""More aggregations (product, any/all, arg_min/arg_max, nan_min/nan_max, skew,
kurtosis) in their three contexts, checked against hand-written Polars:

* ``select`` of aggregates only: one row, the frame may be empty (global typing),
* ``with_columns`` broadcast and ``.over("g")`` (group typing),
* ``group_by().agg()`` (group typing).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings

from differential import Case, Wide, assert_matches_polars, wide_frames
from pydantable import DataFrameModel
from pydantable import dtypes as d

FAST = settings(max_examples=15, deadline=None)
I64 = pl.Int64()


AGGS: list[Case] = [
    ("prod_i", lambda w: w.i.product(), pl.col("i").product()),
    ("prod_f", lambda w: w.f_n.product(), pl.col("f_n").product()),
    ("prod_b", lambda w: w.b_n.product(), pl.col("b_n").product().cast(I64)),
    ("any", lambda w: w.b_n.any(), pl.col("b_n").any()),
    ("all", lambda w: w.b.all(), pl.col("b").all()),
    (
        "any_k",
        lambda w: w.b_n.any(ignore_nulls=False),
        pl.col("b_n").any(ignore_nulls=False),
    ),
    (
        "all_k",
        lambda w: w.b_n.all(ignore_nulls=False),
        pl.col("b_n").all(ignore_nulls=False),
    ),
    ("amin", lambda w: w.i.arg_min(), pl.col("i").arg_min().cast(I64)),
    ("amax_n", lambda w: w.i_n.arg_max(), pl.col("i_n").arg_max().cast(I64)),
    ("amin_s", lambda w: w.s_n.arg_min(), pl.col("s_n").arg_min().cast(I64)),
    ("amax_d", lambda w: w.d.arg_max(), pl.col("d").arg_max().cast(I64)),
    ("nmax", lambda w: w.f.nan_max(), pl.col("f").nan_max()),
    ("nmin", lambda w: w.f_n.nan_min(), pl.col("f_n").nan_min()),
    ("nmax_i", lambda w: w.i.nan_max(), pl.col("i").nan_max()),
    ("skew", lambda w: w.f.skew(), pl.col("f").skew()),
    ("skew_i", lambda w: w.i_n.skew(bias=False), pl.col("i_n").skew(bias=False)),
    ("kurt", lambda w: w.i.kurtosis(), pl.col("i").kurtosis()),
    (
        "kurt_p",
        lambda w: w.f_n.kurtosis(fisher=False, bias=False),
        pl.col("f_n").kurtosis(fisher=False, bias=False),
    ),
]


def _named(frame: Wide, cases: list[Case] = AGGS) -> dict[str, Any]:
    return {name: build(frame) for name, build, _ in cases}


@FAST
@given(wide_frames(max_size=10))
def test_select_of_reductions_is_one_row(frame: Wide) -> None:
    ours = frame.select(**_named(frame))
    expected = frame.to_polars().lazy().select([e.alias(n) for n, _, e in AGGS])
    assert_matches_polars(ours, expected)
    assert ours.height == 1


@FAST
@given(wide_frames(max_size=10, nan=True))
def test_with_columns_broadcasts_reductions(frame: Wide) -> None:
    ours = frame.with_columns(**_named(frame))
    expected = frame.to_polars().lazy().with_columns([e.alias(n) for n, _, e in AGGS])
    assert_matches_polars(ours, expected)


@FAST
@given(wide_frames(max_size=10))
def test_reductions_over_partitions(frame: Wide) -> None:
    ours = frame.with_columns(**{n: b(frame).over("g") for n, b, _ in AGGS})
    expected = (
        frame.to_polars()
        .lazy()
        .with_columns([e.over("g").alias(n) for n, _, e in AGGS])
    )
    assert_matches_polars(ours, expected)


@FAST
@given(wide_frames(max_size=10))
def test_reductions_in_group_by(frame: Wide) -> None:
    ours = frame.group_by("g").agg(**_named(frame))
    expected = (
        frame.to_polars().lazy().group_by("g").agg([e.alias(n) for n, _, e in AGGS])
    )
    assert_matches_polars(ours, expected, check_row_order=False)


def test_context_typing() -> None:
    w = Wide([])
    # global: the frame may be empty
    assert w.i.arg_min().nullable
    assert w.f.nan_max().nullable
    assert not w.i.product().nullable
    assert not w.b_n.any().nullable
    assert w.b_n.any(ignore_nulls=False).nullable
    assert not w.b.all(ignore_nulls=False).nullable
    assert w.f.skew().nullable
    empty = w.select(p=w.i.product(), a=w.b.any(), al=w.b.all(), m=w.i.arg_max())
    assert empty.to_dict() == {"p": [1], "a": [False], "al": [True], "m": [None]}
    # groups have a row
    by = w.group_by("g").agg(m=w.i.arg_max(), mn=w.i_n.arg_min(), x=w.f.nan_min())
    assert [c.nullable for c in by.schema.columns()][1:] == [False, True, False]
    assert by.schema["m"].dtype == d.Int64()


def test_group_example() -> None:
    class T(DataFrameModel):
        g: str
        x: int
        ok: bool

    t = T({"g": ["a", "a", "b"], "x": [2, 3, 4], "ok": [True, False, True]})
    out = t.group_by("g", maintain_order=True).agg(
        p=t.x.product(), best=t.x.arg_max(), every=t.ok.all()
    )
    assert out.to_dict() == {
        "g": ["a", "b"],
        "p": [6, 4],
        "best": [1, 0],
        "every": [False, True],
    }


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (
            lambda w: w.s.product(),
            r"product\(\) needs an Int64, Float64 or Boolean expression; got String in col\('s'\)",
        ),
        (lambda w: w.i.any(), r"any\(\) needs a Boolean expression; got Int64"),
        (lambda w: w.s_n.all(), r"all\(\).*String.*col\('s_n'\)"),
        (
            lambda w: w.li.arg_min(),
            r"arg_min\(\) needs an orderable expression; got List",
        ),
        (lambda w: w.s.nan_max(), r"nan_max\(\).*String"),
        (lambda w: w.d.skew(), r"skew\(\).*Date"),
        (lambda w: w.b.kurtosis(), r"kurtosis\(\).*Boolean"),
    ],
)
def test_misuse_is_a_build_time_type_error(
    build: Callable[[Wide], Any], match: str
) -> None:
    with pytest.raises(TypeError, match=match):
        build(Wide([]))
