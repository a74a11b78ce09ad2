"""Aggregations and global aggregates, checked against hand-written Polars.

Every aggregate runs in the three contexts with different typing:

* a ``select`` of aggregates only (one row; the frame may be empty, so
  ``mean``/``min``/``first``/... are nullable),
* a ``with_columns`` broadcast (a value only lands on a row, so the frame had
  a row: ``mean`` of a non-nullable column is non-nullable),
* ``group_by().agg()`` lives in ``tests/unit/frame/test_grouping.py``.

``assert_matches_polars`` checks values, dtypes and that no null appears in a
column typed non-nullable.
"""

from __future__ import annotations

import datetime as dt
import decimal
import typing
from collections.abc import Callable
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from pydantic import Field

from differential import (
    I64_MAX,
    Case,
    Wide,
    assert_matches_polars,
    assert_sound,
    wide_frames,
)
from pydantable import DataFrameModel
from pydantable import dtypes as d
from pydantable.expressions import (
    global_count,
    global_max,
    global_mean,
    global_min,
    global_row_count,
    global_sum,
)

FAST = settings(max_examples=20, deadline=None)
I64 = pl.Int64()


#: (name, aggregate, the Polars expression a user would write for the same dtype)
AGGS: list[Case] = [
    ("sum_i", lambda w: w.i.sum(), pl.col("i").sum()),
    ("sum_f", lambda w: w.f_n.sum(), pl.col("f_n").sum()),
    ("sum_b", lambda w: w.b_n.sum(), pl.col("b_n").sum().cast(I64)),
    ("mean_i", lambda w: w.i.mean(), pl.col("i").mean()),
    ("mean_b", lambda w: w.b.mean(), pl.col("b").mean()),
    ("mean_d", lambda w: w.d.mean(), pl.col("d").mean()),
    ("median_f", lambda w: w.f.median(), pl.col("f").median()),
    ("median_ts", lambda w: w.ts.median(), pl.col("ts").median()),
    ("min_s", lambda w: w.s.min(), pl.col("s").min()),
    ("max_s_n", lambda w: w.s_n.max(), pl.col("s_n").max()),
    ("min_b", lambda w: w.b.min(), pl.col("b").min()),
    ("max_d", lambda w: w.d.max(), pl.col("d").max()),
    ("max_f", lambda w: w.f.max(), pl.col("f").max()),
    # clipped: when squares overflow (|x| near 1e308) Polars' own std is not
    # deterministic (0.0 or NaN from run to run on the same query)
    (
        "std_f",
        lambda w: w.f.clip(-1e150, 1e150).std(),
        pl.col("f").clip(-1e150, 1e150).std(),
    ),
    ("std0_i", lambda w: w.i.std(ddof=0), pl.col("i").std(ddof=0)),
    ("var_i_n", lambda w: w.i_n.var(), pl.col("i_n").var()),
    ("count_i_n", lambda w: w.i_n.count(), pl.col("i_n").count().cast(I64)),
    # values, nulls included (``Expr.len()`` is the original's string length)
    (
        "len_i_n",
        lambda w: w.i_n.count() + w.i_n.null_count(),
        pl.col("i_n").len().cast(I64),
    ),
    ("nulls", lambda w: w.s_n.null_count(), pl.col("s_n").null_count().cast(I64)),
    ("nu_s", lambda w: w.s.n_unique(), pl.col("s").n_unique().cast(I64)),
    ("nu_b_n", lambda w: w.b_n.n_unique(), pl.col("b_n").n_unique().cast(I64)),
    ("first_i", lambda w: w.i.first(), pl.col("i").first()),
    ("first_li", lambda w: w.li.first(), pl.col("li").first()),
    ("last_s_n", lambda w: w.s_n.last(), pl.col("s_n").last()),
    ("q_f", lambda w: w.f.quantile(0.25), pl.col("f").quantile(0.25)),
    (
        "q_i",
        lambda w: w.i_n.quantile(0.5, "linear"),
        pl.col("i_n").quantile(0.5, interpolation="linear"),
    ),
    # Polars 2.1 panics on the quantile of an all-null Date column: cast first
    (
        "q_d",
        lambda w: w.d.quantile(1.0, "lower"),
        pl.col("d").cast(pl.Datetime("us")).quantile(1.0, "lower"),
    ),
    ("rows", lambda w: global_row_count(), pl.len().cast(I64)),
    # arithmetic on aggregates is an aggregate too
    (
        "spread",
        lambda w: w.f.max() - w.f.min(),
        pl.col("f").max() - pl.col("f").min(),
    ),
    (
        "share",
        lambda w: w.i.count() / global_row_count(),
        pl.col("i").count().cast(pl.Float64) / pl.len().cast(pl.Float64),
    ),
]


def _named(frame: Wide) -> dict[str, Any]:
    return {name: build(frame) for name, build, _ in AGGS}


@FAST
@given(wide_frames(max_size=10))
def test_select_of_aggregates_is_one_row(frame: Wide) -> None:
    ours = frame.select(**_named(frame))
    assert ours._height == 1
    expected = frame.to_polars().lazy().select([e.alias(n) for n, _, e in AGGS])
    assert_matches_polars(ours, expected)
    assert ours.height == 1


@FAST
@given(wide_frames(max_size=10))
def test_with_columns_broadcasts_aggregates(frame: Wide) -> None:
    ours = frame.with_columns(**_named(frame))
    expected = frame.to_polars().lazy().with_columns([e.alias(n) for n, _, e in AGGS])
    assert_matches_polars(ours, expected)


@FAST
@given(wide_frames(max_size=10))
def test_select_mixing_columns_and_aggregates_broadcasts(frame: Wide) -> None:
    ours = frame.select(
        frame.g, frame.i, m=frame.i.mean(), dev=frame.i - frame.i.mean()
    )
    expected = (
        frame.to_polars()
        .lazy()
        .select(
            "g",
            "i",
            pl.col("i").mean().alias("m"),
            (pl.col("i") - pl.col("i").mean()).alias("dev"),
        )
    )
    assert_matches_polars(ours, expected)
    assert ours._height == frame.height


@FAST
@given(wide_frames(max_size=10))
def test_filter_against_an_aggregate(frame: Wide) -> None:
    ours = frame.filter(frame.f > frame.f.mean())
    expected = frame.to_polars().lazy().filter(pl.col("f") > pl.col("f").mean())
    assert_matches_polars(ours, expected)


def test_global_functions_names_and_values() -> None:
    class Sale(DataFrameModel):
        amount: float
        qty: int | None

    s = Sale({"amount": [10.0, 4.0, 6.0], "qty": [1, None, 3]})
    out = s.select(
        global_sum(s.amount),
        global_mean("amount"),
        global_min(s.qty),
        global_max(s.qty),
        global_count(s.qty),
        global_row_count(),
    )
    assert out.to_dict() == {
        "sum_amount": [20.0],
        "mean_amount": [20.0 / 3],
        "min_qty": [1],
        "max_qty": [3],
        "count_qty": [2],
        "row_count": [3],
    }
    assert out.height == 1
    broadcast = s.with_columns(global_sum(s.amount))
    assert broadcast.to_dict()["sum_amount"] == [20.0, 20.0, 20.0]


def test_headline_example_global_sum() -> None:
    class Sale(DataFrameModel):
        region: str
        day: int
        amount: float

    s = Sale({"region": ["e", "w", "e"], "day": [1, 1, 2], "amount": [10.0, 4.0, 6.0]})
    assert s.select(global_sum(s.amount)).to_dict() == {"sum_amount": [20.0]}


def test_context_typing() -> None:
    w = Wide([])
    # global: the frame may be empty
    assert w.i.mean().nullable
    assert w.i.first().nullable
    assert w.i.max().nullable
    assert not w.i.sum().nullable
    assert not w.i.count().nullable
    empty = w.select(m=w.i.mean(), s=w.i.sum(), c=w.i.count(), n=w.i.n_unique())
    assert empty.to_dict() == {"m": [None], "s": [0], "c": [0], "n": [0]}
    assert [c.nullable for c in empty.schema.columns()] == [True, False, False, False]
    # broadcast: a row exists
    wide = w.with_columns(
        m=w.i.mean(), sd=w.i.std(), sd0=w.i.std(ddof=0), mn=w.i_n.min()
    )
    assert not wide.schema["m"].nullable
    assert wide.schema["sd"].nullable  # one row: null
    assert not wide.schema["sd0"].nullable
    assert wide.schema["mn"].nullable  # all values may be null


def test_result_dtypes() -> None:
    w = Wide([])
    assert w.b.sum().dtype == d.Int64()
    assert w.i.mean().dtype == d.Float64()
    assert w.i.median().dtype == d.Float64()
    assert w.d.mean().dtype == d.Datetime()
    assert w.ts.quantile(0.5).dtype == d.Datetime()
    assert w.s.min().dtype == d.String()
    assert w.li.first().dtype == w.li.dtype


def test_int64_sum_wraps_like_polars() -> None:
    class T(DataFrameModel):
        x: int

    t = T({"x": [I64_MAX, 1]})
    out = t.select(t.x.sum())
    assert out.schema["x"].dtype == d.Int64()
    assert out.to_dict() == {"x": [-(2**63)]}


class Money(DataFrameModel):
    amount: typing.Annotated[decimal.Decimal, Field(max_digits=10, decimal_places=2)]
    at: dt.datetime
    took: dt.timedelta


def test_decimal_and_temporal_aggregates() -> None:
    m = Money(
        {
            "amount": [decimal.Decimal("1.25"), decimal.Decimal("2.50")],
            "at": [dt.datetime(2024, 1, 1), dt.datetime(2024, 1, 3)],
            "took": [dt.timedelta(seconds=1), dt.timedelta(seconds=3)],
        }
    )
    out = m.select(
        s=m.amount.sum(),
        mean=m.amount.mean(),
        mx=m.amount.max(),
        at=m.at.mean(),
        took=m.took.sum(),
        took_mean=m.took.mean(),
    )
    assert out.schema["s"].dtype == d.Decimal(38, 2)
    assert out.schema["mean"].dtype == d.Float64()
    assert out.schema["mx"].dtype == d.Decimal(10, 2)
    assert out.to_dict() == {
        "s": [decimal.Decimal("3.75")],
        "mean": [1.875],
        "mx": [decimal.Decimal("2.50")],
        "at": [dt.datetime(2024, 1, 2)],
        "took": [dt.timedelta(seconds=4)],
        "took_mean": [dt.timedelta(seconds=2)],
    }
    assert_sound(out, out.to_polars())


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (
            lambda w: w.s.sum(),
            r"sum\(\) is not defined for String values in col\('s'\)",
        ),
        (lambda w: w.s_n.mean(), r"mean\(\).*String.*col\('s_n'\)"),
        (lambda w: w.d.std(), r"std\(\).*Date.*col\('d'\)"),
        (lambda w: w.b.quantile(0.5), r"quantile\(\).*Boolean.*col\('b'\)"),
        (lambda w: w.li.max(), r"max\(\).*List"),
        (lambda w: w.d.sum(), r"sum\(\).*Date"),
    ],
)
def test_misuse_is_a_build_time_type_error(
    build: Callable[[Wide], Any], match: str
) -> None:
    with pytest.raises(TypeError, match=match):
        build(Wide([]))


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (lambda w: w.f.quantile(1.5), r"quantile must be in \[0, 1\]"),
        (lambda w: w.f.quantile(-0.1), r"quantile must be in \[0, 1\]"),
        (lambda w: w.f.quantile(0.5, "cubic"), "interpolation"),
        (lambda w: w.f.std(ddof=-1), "ddof"),
    ],
)
def test_bad_arguments_are_value_errors(
    build: Callable[[Wide], Any], match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        build(Wide([]))


def test_global_needs_a_column() -> None:
    with pytest.raises(TypeError, match=r"global_sum\(\) expects an Expr\."):
        global_sum(3)
