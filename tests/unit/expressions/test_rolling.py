"""Order-dependent row-wise methods (shift, fills, rolling, ewm, rank, rle_id).

Differential: every case runs in one ``with_columns`` per generated
:class:`Wide` frame and is compared with the same hand-written Polars
expression (values, dtypes, nullability soundness), then again per partition
inside ``.over("g", order_by=...)`` and inside ``group_by().agg()``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings

from differential import (
    Case,
    Wide,
    assert_matches_polars,
    assert_with_columns_match,
    wide_frames,
)
from pydantable import DataFrameModel
from pydantable import dtypes as d

FAST = settings(max_examples=15, deadline=None)
I64 = pl.Int64()


def _exact_mean(name: str) -> pl.Expr:
    """The exact mean of the Int64 column ``name``, truncated toward zero."""
    total = pl.col(name).cast(pl.Int128).sum()
    count = pl.col(name).count()
    floor_of_negated = (0 - total) // count
    truncated = pl.when(total >= 0).then(total // count).otherwise(0 - floor_of_negated)
    return pl.when(count > 0).then(truncated).cast(I64)


CASES: list[Case] = [
    ("sh", lambda w: w.i.shift(), pl.col("i").shift()),
    ("sh_back", lambda w: w.s_n.shift(-2), pl.col("s_n").shift(-2)),
    ("sh0", lambda w: w.i.shift(0), pl.col("i").shift(0)),
    (
        "sh_fill",
        lambda w: w.i.shift(1, fill_value=0),
        pl.col("i").shift(1, fill_value=0),
    ),
    # an Int64 column shifted with a float fill runs in Float64 (no truncation)
    (
        "sh_fill_f",
        lambda w: w.i_n.shift(2, fill_value=0.5),
        pl.col("i_n").cast(pl.Float64).shift(2, fill_value=0.5),
    ),
    (
        "sh_fill_expr",
        lambda w: w.f.shift(1, fill_value=w.f_n.max()),
        pl.col("f").shift(1, fill_value=pl.col("f_n").max()),
    ),
    ("sh_li", lambda w: w.li.shift(1), pl.col("li").shift(1)),
    ("ff", lambda w: w.i_n.forward_fill(), pl.col("i_n").forward_fill()),
    ("ff1", lambda w: w.s_n.forward_fill(limit=1), pl.col("s_n").forward_fill(1)),
    ("bf", lambda w: w.d.backward_fill(), pl.col("d").backward_fill()),
    (
        "fn_fwd",
        lambda w: w.b_n.fill_null(strategy="forward", limit=2),
        pl.col("b_n").fill_null(strategy="forward", limit=2),
    ),
    (
        "fn_min",
        lambda w: w.s_n.fill_null(strategy="min"),
        pl.col("s_n").fill_null(strategy="min"),
    ),
    (
        "fn_max",
        lambda w: w.ts.fill_null(strategy="max"),
        pl.col("ts").fill_null(strategy="max"),
    ),
    # Polars' strategy="mean" truncates an Int64 mean it averages in float64
    # (rounding near 2**63, then panicking out of range): pydantable's mean is
    # exact, the Int128 sum over the count, truncated toward zero
    (
        "fn_mean",
        lambda w: w.i_n.fill_null(strategy="mean"),
        pl.col("i_n").fill_null(_exact_mean("i_n")),
    ),
    (
        "fn_mean_f",
        lambda w: w.f_n.fill_null(strategy="mean"),
        pl.col("f_n").fill_null(strategy="mean"),
    ),
    (
        "fn_zero",
        lambda w: w.f_n.fill_null(strategy="zero"),
        pl.col("f_n").fill_null(strategy="zero"),
    ),
    (
        "fn_one",
        lambda w: w.i_n.fill_null(strategy="one"),
        pl.col("i_n").fill_null(strategy="one"),
    ),
    ("ip", lambda w: w.i_n.interpolate(), pl.col("i_n").interpolate()),
    ("ip_f", lambda w: w.f_n.interpolate(), pl.col("f_n").interpolate()),
    (
        "ip_near",
        lambda w: w.i_n.interpolate("nearest"),
        pl.col("i_n").interpolate("nearest"),
    ),
    ("rs", lambda w: w.i.rolling_sum(3), pl.col("i").rolling_sum(3)),
    (
        "rs1",
        lambda w: w.i_n.rolling_sum(2, min_samples=1),
        pl.col("i_n").rolling_sum(2, min_samples=1),
    ),
    ("rs_one", lambda w: w.f.rolling_sum(1), pl.col("f").rolling_sum(1)),
    ("rm", lambda w: w.i.rolling_mean(2), pl.col("i").rolling_mean(2)),
    (
        "rm_c",
        lambda w: w.f_n.rolling_mean(3, min_samples=1, center=True),
        pl.col("f_n").rolling_mean(3, min_samples=1, center=True),
    ),
    ("rmin", lambda w: w.i_n.rolling_min(2), pl.col("i_n").rolling_min(2)),
    (
        "rmax",
        lambda w: w.f.rolling_max(4, min_samples=2),
        pl.col("f").rolling_max(4, min_samples=2),
    ),
    ("rmed", lambda w: w.i.rolling_median(3), pl.col("i").rolling_median(3)),
    ("rstd", lambda w: w.f.rolling_std(2), pl.col("f").rolling_std(2)),
    (
        "rvar",
        lambda w: w.i_n.rolling_var(3, min_samples=1, ddof=0),
        pl.col("i_n").rolling_var(3, min_samples=1, ddof=0),
    ),
    ("ewm", lambda w: w.f.ewm_mean(alpha=0.5), pl.col("f").ewm_mean(alpha=0.5)),
    (
        "ewm_span",
        lambda w: w.i_n.ewm_mean(span=3, adjust=False, ignore_nulls=True),
        pl.col("i_n").ewm_mean(span=3, adjust=False, ignore_nulls=True),
    ),
    (
        "ewm_min",
        lambda w: w.i.ewm_mean(com=1.0, min_samples=2),
        pl.col("i").ewm_mean(com=1.0, min_samples=2),
    ),
    (
        "ewm_hl",
        lambda w: w.f_n.ewm_mean(half_life=2),
        pl.col("f_n").ewm_mean(half_life=2),
    ),
    ("rk", lambda w: w.i.rank(), pl.col("i").rank()),
    ("rk_min", lambda w: w.i_n.rank("min"), pl.col("i_n").rank("min").cast(I64)),
    (
        "rk_dense",
        lambda w: w.s.rank("dense", descending=True),
        pl.col("s").rank("dense", descending=True).cast(I64),
    ),
    ("rk_ord", lambda w: w.f.rank("ordinal"), pl.col("f").rank("ordinal").cast(I64)),
    ("rk_max_d", lambda w: w.d.rank("max"), pl.col("d").rank("max").cast(I64)),
    ("rk_b", lambda w: w.b_n.rank(), pl.col("b_n").rank()),
    ("rle", lambda w: w.g.rle_id(), pl.col("g").rle_id().cast(I64)),
    ("rle_n", lambda w: w.i_n.rle_id(), pl.col("i_n").rle_id().cast(I64)),
]


@FAST
@given(wide_frames(max_size=12))
def test_row_methods_match_polars(frame: Wide) -> None:
    assert_with_columns_match(frame, CASES)


@FAST
@given(wide_frames(max_size=12, nan=True))
def test_row_methods_with_nan_match_polars(frame: Wide) -> None:
    assert_with_columns_match(
        frame, [c for c in CASES if c[0] in {"ip_f", "rmax", "rm_c", "ewm", "rk_ord"}]
    )


OVER = ["sh", "sh_fill_f", "ff", "fn_mean", "ip", "rs1", "rm", "rstd", "ewm_span"]
OVER += ["rk", "rk_dense", "rle"]


@FAST
@given(wide_frames(max_size=12))
def test_row_methods_over_partitions_match_polars(frame: Wide) -> None:
    cases = [c for c in CASES if c[0] in OVER]
    ours = frame.with_columns(
        **{name: build(frame).over("g", order_by="i") for name, build, _ in cases}
    )
    expected = (
        frame.to_polars()
        .lazy()
        .with_columns(
            [expr.over("g", order_by="i").alias(name) for name, _, expr in cases]
        )
    )
    assert_matches_polars(ours, expected)


@FAST
@given(wide_frames(max_size=12))
def test_row_methods_inside_group_aggregations_match_polars(frame: Wide) -> None:
    ours = frame.group_by("g").agg(
        a=frame.i.shift(1).sum(),
        b=frame.f_n.rolling_mean(2, min_samples=1).max(),
        c=frame.i_n.forward_fill().last(),
        e=frame.i.rank().max(),
    )
    expected = (
        frame.to_polars()
        .lazy()
        .group_by("g")
        .agg(
            pl.col("i").shift(1).sum().alias("a"),
            pl.col("f_n").rolling_mean(2, min_samples=1).max().alias("b"),
            pl.col("i_n").forward_fill().last().alias("c"),
            pl.col("i").rank().max().alias("e"),
        )
    )
    assert_matches_polars(ours, expected, check_row_order=False)


def test_declared_dtypes_and_nullability() -> None:
    w = Wide([])
    by_name = {name: build(w) for name, build, _ in CASES}
    expected = {
        "sh": (d.Int64(), True),
        "sh0": (d.Int64(), False),
        "sh_fill": (d.Int64(), False),
        "sh_fill_f": (d.Float64(), True),
        "ff": (d.Int64(), True),
        "fn_zero": (d.Float64(), False),
        "fn_mean": (d.Int64(), True),
        "ip": (d.Float64(), True),
        "ip_near": (d.Int64(), True),
        "rs": (d.Int64(), True),
        "rs_one": (d.Float64(), False),
        "rm": (d.Float64(), True),
        "rmin": (d.Int64(), True),
        "rstd": (d.Float64(), True),
        "ewm": (d.Float64(), False),
        "ewm_min": (d.Float64(), True),
        "rk": (d.Float64(), False),
        "rk_min": (d.Int64(), True),
        "rle": (d.Int64(), False),
    }
    for name, (dtype, nullable) in expected.items():
        assert (by_name[name].dtype, by_name[name].nullable) == (dtype, nullable), name
    assert not w.i.rolling_sum(3, min_samples=1).nullable


def test_examples() -> None:
    class T(DataFrameModel):
        g: str
        t: int
        x: int | None

    t = T({"g": ["a", "b", "a", "a"], "t": [3, 1, 1, 2], "x": [30, 5, 10, None]})
    out = t.with_columns(
        prev=t.x.shift(1).over("g", order_by="t"),
        r=t.x.rank("dense").over("g"),
        ff=t.x.forward_fill().over("g", order_by="t"),
    )
    assert out.to_dict() == {
        "g": ["a", "b", "a", "a"],
        "t": [3, 1, 1, 2],
        "x": [30, 5, 10, None],
        "prev": [None, None, None, 10],
        "r": [2, 1, 1, None],
        "ff": [30, 5, 10, 10],
    }


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (
            lambda w: w.s.rolling_sum(2),
            r"rolling_sum\(\) needs an Int64 or Float64 expression; got String in col\('s'\)",
        ),
        (lambda w: w.d.rolling_mean(2), r"rolling_mean\(\).*Date.*col\('d'\)"),
        (lambda w: w.b.ewm_mean(alpha=0.5), r"ewm_mean\(\).*Boolean.*col\('b'\)"),
        (lambda w: w.li.rank(), r"rank\(\) needs an orderable expression; got List"),
        (lambda w: w.s.interpolate(), r"interpolate\(\).*String.*col\('s'\)"),
        (lambda w: w.s.fill_null(strategy="zero"), r"strategy='zero'.*String"),
        (lambda w: w.li.fill_null(strategy="max"), r"strategy='max'.*List"),
        (
            lambda w: w.i.shift(1, fill_value="x"),
            r"shift\(\) fill_value.*Int64.*String",
        ),
        (lambda w: w.i.shift(1.5), r"n must be an int"),
        (lambda w: w.f.shift(1, fill_value=w.f_n), r"fill_value must be a scalar"),
        (lambda w: w.i.rolling_sum(2.0), r"window_size must be an int"),
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
        (lambda w: w.i.rolling_sum(0), "window_size must be >= 1"),
        (lambda w: w.i.rolling_mean(2, min_samples=-1), "min_samples"),
        (lambda w: w.i.rolling_std(2, ddof=-1), "ddof"),
        (lambda w: w.i.ewm_mean(), "exactly one"),
        (lambda w: w.i.ewm_mean(alpha=0.5, span=2), "exactly one"),
        (lambda w: w.i.ewm_mean(alpha=1.5), "alpha"),
        (lambda w: w.i.ewm_mean(span=0.5), "span"),
        (lambda w: w.i.ewm_mean(half_life=0), "half_life"),
        (lambda w: w.i.rank("best"), "method"),
        (lambda w: w.i.interpolate("cubic"), "method"),
        (lambda w: w.i_n.fill_null(strategy="median"), "strategy"),
        (lambda w: w.i_n.fill_null(strategy="min", limit=1), "limit"),
        (lambda w: w.i_n.fill_null(0, strategy="forward"), "not both"),
        (lambda w: w.i_n.forward_fill(limit=-1), "limit"),
        (lambda w: w.i_n.fill_null(), "a value or a strategy"),
    ],
)
def test_bad_arguments_are_value_errors(
    build: Callable[[Wide], Any], match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        build(Wide([]))
