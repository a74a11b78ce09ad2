"""Numeric expression methods, checked against hand-written Polars.

Each differential case is ``(name, pydantable expression, Polars expression)``;
all cases run in one ``with_columns`` per generated :class:`Wide` frame (nulls,
empty frames, int64 extremes, ±inf), so values, dtypes and nullability
soundness are checked for every method at once.
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
from pydantic import AwareDatetime, Field

from differential import (
    Case,
    Wide,
    assert_sound,
    assert_with_columns_match,
    wide_frames,
)
from pydantable import DataFrameModel
from pydantable import dtypes as d

FAST = settings(max_examples=20, deadline=None)


F64 = pl.Float64()

CASES: list[Case] = [
    # between / clip / replace
    ("btw", lambda w: w.i.between(-10, 10), pl.col("i").is_between(-10, 10)),
    (
        "btw_none",
        lambda w: w.f_n.between(0.5, 100, closed="none"),
        pl.col("f_n").is_between(0.5, 100, closed="none"),
    ),
    (
        "btw_mixed",
        lambda w: w.i.between(-1.5, 2.5),
        pl.col("i").cast(F64).is_between(-1.5, 2.5),
    ),
    ("btw_expr", lambda w: w.i.between(w.i_n, 5), pl.col("i").is_between("i_n", 5)),
    ("clip", lambda w: w.i.clip(-5, 5), pl.col("i").clip(-5, 5)),
    # an Int64 column clipped at a float bound is Float64 (Polars truncates the bound)
    ("clip_f", lambda w: w.i.clip(0.5), pl.col("i").cast(F64).clip(0.5)),
    ("clip_up", lambda w: w.f_n.clip(upper=1.0), pl.col("f_n").clip(None, 1.0)),
    (
        "clip_d",
        lambda w: w.d.clip(dt.date(2000, 1, 1)),
        pl.col("d").clip(dt.date(2000, 1, 1)),
    ),
    (
        "rep",
        lambda w: w.s.replace({"a": "b", "": "empty"}),
        pl.col("s").replace(["a", ""], ["b", "empty"]),
    ),
    (
        "rep_null",
        lambda w: w.i.replace({0: 100, 1: None}),
        pl.col("i").replace([0, 1], [100, None]),
    ),
    (
        "rep_f",
        lambda w: w.i_n.replace(1, 1.5),
        pl.col("i_n").cast(F64).replace([1.0], [1.5]),
    ),
    # rounding
    ("round", lambda w: w.f.round(2), pl.col("f").round(2)),
    (
        "round_away",
        lambda w: w.f_n.round(0, mode="half_away_from_zero"),
        pl.col("f_n").round(0, mode="half_away_from_zero"),
    ),
    ("round_i", lambda w: w.i.round(1), pl.col("i")),
    ("floor", lambda w: w.f.floor(), pl.col("f").floor()),
    ("ceil", lambda w: w.f_n.ceil(), pl.col("f_n").ceil()),
    ("floor_i", lambda w: w.i_n.floor(), pl.col("i_n")),
    # cumulative (Int64 sums wrap like Polars)
    ("cs", lambda w: w.i.cum_sum(), pl.col("i").cum_sum()),
    ("cs_b", lambda w: w.b_n.cumsum(), pl.col("b_n").cum_sum().cast(pl.Int64)),
    (
        "cs_rev",
        lambda w: w.f_n.cum_sum(reverse=True),
        pl.col("f_n").cum_sum(reverse=True),
    ),
    ("cp", lambda w: w.i_n.cumprod(), pl.col("i_n").cum_prod()),
    ("cmin", lambda w: w.s.cummin(), pl.col("s").cum_min()),
    ("cmax", lambda w: w.ts.cummax(), pl.col("ts").cum_max()),
    ("ccount", lambda w: w.i_n.cum_count(), pl.col("i_n").cum_count().cast(pl.Int64)),
    # differences
    ("diff", lambda w: w.i.diff(), pl.col("i").diff()),
    ("diff2", lambda w: w.f_n.diff(2), pl.col("f_n").diff(2)),
    ("diff_back", lambda w: w.i_n.diff(-1), pl.col("i_n").diff(-1)),
    ("diff0", lambda w: w.i.diff(0), pl.col("i").diff(0)),
    ("diff_d", lambda w: w.d.diff(), pl.col("d").diff()),
    ("diff_ts", lambda w: w.ts.diff(), pl.col("ts").diff()),
    ("pct", lambda w: w.f.pct_change(), pl.col("f").pct_change()),
    ("pct_i", lambda w: w.i_n.pct_change(2), pl.col("i_n").pct_change(2)),
    # math
    ("sign", lambda w: w.i.sign(), pl.col("i").sign()),
    ("sign_f", lambda w: w.f_n.sign(), pl.col("f_n").sign()),
    ("sqrt", lambda w: w.f.sqrt(), pl.col("f").sqrt()),
    ("sqrt_i", lambda w: w.i_n.sqrt(), pl.col("i_n").cast(F64).sqrt()),
    ("exp", lambda w: w.f_n.exp(), pl.col("f_n").exp()),
    ("log", lambda w: w.f.log(), pl.col("f").log()),
    ("log10", lambda w: w.i.log(10), pl.col("i").cast(F64).log(10)),
    ("log1p", lambda w: w.f_n.log1p(), pl.col("f_n").log1p()),
    ("pow", lambda w: w.f.pow(2), pl.col("f").pow(2)),
    ("nan", lambda w: w.f_n.is_nan(), pl.col("f_n").is_nan()),
    ("not_nan", lambda w: w.f.is_not_nan(), pl.col("f").is_not_nan()),
    ("fin", lambda w: w.f.is_finite(), pl.col("f").is_finite()),
    ("inf", lambda w: w.f_n.is_infinite(), pl.col("f_n").is_infinite()),
    ("fin_i", lambda w: w.i_n.is_finite(), pl.col("i_n").cast(F64).is_finite()),
]


@FAST
@given(wide_frames(max_size=12))
def test_numeric_methods_match_polars(frame: Wide) -> None:
    assert_with_columns_match(frame, CASES)


@FAST
@given(wide_frames(max_size=12, nan=True))
def test_float_predicates_with_nan_match_polars(frame: Wide) -> None:
    assert_with_columns_match(
        frame,
        [
            c
            for c in CASES
            if c[0] in {"nan", "not_nan", "fin", "inf", "sign_f", "round", "clip_up"}
        ],
    )


def test_declared_dtypes_and_nullability() -> None:
    w = Wide([])
    expected = {
        "cs_b": (d.Int64(), True),
        "ccount": (d.Int64(), False),
        "clip_f": (d.Float64(), False),
        "diff": (d.Int64(), True),
        "diff0": (d.Int64(), False),
        "diff_d": (d.Duration(), True),
        "pct": (d.Float64(), True),
        "round_i": (d.Int64(), False),
        "rep_null": (d.Int64(), True),
        "btw": (d.Boolean(), False),
        "btw_expr": (d.Boolean(), True),
        "sqrt_i": (d.Float64(), True),
        "sign": (d.Int64(), False),
    }
    by_name = {name: build(w) for name, build, _ in CASES}
    for name, (dtype, nullable) in expected.items():
        assert (by_name[name].dtype, by_name[name].nullable) == (dtype, nullable), name


class Money(DataFrameModel):
    amount: typing.Annotated[decimal.Decimal, Field(max_digits=10, decimal_places=2)]
    cents: (
        typing.Annotated[decimal.Decimal, Field(max_digits=10, decimal_places=2)] | None
    )


def test_decimal_quirks() -> None:
    m = Money(
        {
            "amount": [
                decimal.Decimal("1.25"),
                decimal.Decimal("-2.55"),
                decimal.Decimal("9.99"),
            ],
            "cents": [None, decimal.Decimal("0.50"), decimal.Decimal("3.10")],
        }
    )
    out = m.with_columns(
        r=m.amount.round(1),
        fl=m.amount.floor(),
        cs=m.amount.cum_sum(),
        df=m.cents.diff(),
        cl=m.amount.clip(0, 5),
        sg=m.amount.sign(),
        pc=m.amount.pct_change(),
    )
    assert out.schema["r"].dtype == d.Decimal(11, 2)
    assert out.schema["cs"].dtype == d.Decimal(38, 2)
    assert out.schema["cl"].dtype == d.Decimal(38, 2)
    assert out.schema["sg"].dtype == d.Int64()
    result = out.to_polars()
    assert_sound(out, result)
    assert result["r"].to_list() == [
        decimal.Decimal("1.20"),
        decimal.Decimal("-2.60"),
        decimal.Decimal("10.00"),
    ]
    assert result["sg"].to_list() == [1, -1, 1]
    assert result["cl"].to_list() == [
        decimal.Decimal("1.25"),
        decimal.Decimal("0.00"),
        decimal.Decimal("5.00"),
    ]
    assert result["df"].to_list() == [None, None, decimal.Decimal("2.60")]


class Codes(DataFrameModel):
    code: typing.Literal["a", "b", "c"]


def test_replace_keeps_literal_dtype_only_within_the_set() -> None:
    c = Codes({"code": ["a", "b", "c"]})
    inside = c.code.replace({"a": "b"})
    assert inside.dtype == d.Literal(("a", "b", "c"))
    outside = c.code.replace({"a": "zzz"})
    assert outside.dtype == d.String()
    assert c.select(outside).to_dict() == {"code": ["zzz", "b", "c"]}


def test_pct_change_division_by_zero_is_floating_point() -> None:
    class T(DataFrameModel):
        x: int

    t = T({"x": [0, 5, 0, 0]})
    assert t.select(t.x.pct_change()).to_dict()["x"][:2] == [None, float("inf")]


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (
            lambda w: w.s.round(),
            r"round\(\) needs a numeric expression; got String in col\('s'\)",
        ),
        (lambda w: w.s.floor(), r"floor\(\).*String.*col\('s'\)"),
        (lambda w: w.b.clip(0, 1), r"clip\(\).*Boolean.*col\('b'\)"),
        (lambda w: w.i.clip("x"), r"clip\(\) bound 'x'.*String.*Int64"),
        (lambda w: w.i.between("a", "z"), r"between\(\) cannot compare Int64.*String"),
        (lambda w: w.s.cum_sum(), r"cum_sum\(\).*String.*col\('s'\)"),
        (lambda w: w.li.cum_max(), r"cum_max\(\).*List"),
        (lambda w: w.s.diff(), r"diff\(\).*String.*col\('s'\)"),
        (lambda w: w.d.pct_change(), r"pct_change\(\).*Date.*col\('d'\)"),
        (lambda w: w.s.sqrt(), r"sqrt\(\).*String"),
        (lambda w: w.b.is_nan(), r"is_nan\(\).*Boolean"),
        (lambda w: w.i.replace({"a": 1}), r"replace\(\) key 'a'.*String.*Int64"),
        (lambda w: w.i.replace({1: w.i}), r"replace\(\) takes Python values"),
        (lambda w: w.i.diff(1.5), r"n must be an int"),
    ],
)
def test_misuse_is_a_build_time_type_error(
    build: Callable[[Wide], Any], match: str
) -> None:
    w = Wide([])
    with pytest.raises(TypeError, match=match):
        build(w)


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (lambda w: w.f.round(-1), "decimals"),
        (lambda w: w.f.round(1, mode="up"), "mode"),
        (lambda w: w.i.between(1, 2, closed="open"), "closed"),
        (lambda w: w.i.clip(), "bound"),
        (lambda w: w.i.replace({None: 1}), "fill_null"),
        (lambda w: w.f.log(0), "base"),
    ],
)
def test_bad_arguments_are_value_errors(
    build: Callable[[Wide], Any], match: str
) -> None:
    w = Wide([])
    with pytest.raises(ValueError, match=match):
        build(w)


def test_original_names_are_aliases() -> None:
    w = Wide([])
    assert w.i.cumsum().node == w.i.cum_sum().node
    assert w.i.cummax().node == w.i.cum_max().node


class Times(DataFrameModel):
    at: AwareDatetime
    took: dt.timedelta | None
    price: typing.Annotated[decimal.Decimal, Field(max_digits=8, decimal_places=2)]


def test_temporal_clip_and_decimal_replace() -> None:
    utc = dt.timezone.utc
    t = Times(
        {
            "at": [
                dt.datetime(2024, 1, 1, tzinfo=utc),
                dt.datetime(2024, 6, 1, tzinfo=utc),
            ],
            "took": [dt.timedelta(seconds=1), None],
            "price": [decimal.Decimal("1.50"), decimal.Decimal("2.00")],
        }
    )
    bound = dt.datetime(2024, 3, 1, tzinfo=utc)
    out = t.select(
        t.at.clip(upper=bound),
        t.took.clip(dt.timedelta(seconds=2)),
        t.price.replace({decimal.Decimal("1.50"): decimal.Decimal("9.99")}),
    )
    assert out.to_dict() == {
        "at": [dt.datetime(2024, 1, 1, tzinfo=utc), bound],
        "took": [dt.timedelta(seconds=2), None],
        "price": [decimal.Decimal("9.99"), decimal.Decimal("2.00")],
    }
    assert_sound(out, out.to_polars())
    with pytest.raises(TypeError, match="clip"):
        t.at.clip(dt.datetime(2024, 3, 1))  # naive bound on an aware column
