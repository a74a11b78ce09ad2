"""Distinctness flags, boolean helpers, float math, fill_nan and hash vs Polars."""

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
F64 = pl.Float64()


CASES: list[Case] = [
    ("dup", lambda w: w.i_n.is_duplicated(), pl.col("i_n").is_duplicated()),
    ("uniq", lambda w: w.s.is_unique(), pl.col("s").is_unique()),
    ("first", lambda w: w.g.is_first_distinct(), pl.col("g").is_first_distinct()),
    ("last", lambda w: w.b_n.is_last_distinct(), pl.col("b_n").is_last_distinct()),
    ("dup_li", lambda w: w.li.is_duplicated(), pl.col("li").is_duplicated()),
    ("btw", lambda w: w.i.is_between(-5, 5), pl.col("i").is_between(-5, 5)),
    (
        "btw_r",
        lambda w: w.f_n.is_between(0, 10.5, closed="right"),
        pl.col("f_n").is_between(0.0, 10.5, closed="right"),
    ),
    ("not", lambda w: w.b_n.not_(), pl.col("b_n").not_()),
    ("xor", lambda w: w.b.xor(w.b_n), pl.col("b").xor(pl.col("b_n"))),
    ("xor_lit", lambda w: w.b_n.xor(True), pl.col("b_n").xor(True)),
    ("fnan", lambda w: w.f.fill_nan(0), pl.col("f").fill_nan(0.0)),
    ("fnan_null", lambda w: w.f_n.fill_nan(None), pl.col("f_n").fill_nan(None)),
    ("fnan_expr", lambda w: w.f.fill_nan(w.f_n), pl.col("f").fill_nan(pl.col("f_n"))),
    ("fnan_i", lambda w: w.i.fill_nan(0), pl.col("i")),
    ("log10", lambda w: w.f.log10(), pl.col("f").log10()),
    ("log10_i", lambda w: w.i_n.log10(), pl.col("i_n").cast(F64).log10()),
    ("cbrt", lambda w: w.i.cbrt(), pl.col("i").cast(F64).cbrt()),
    ("sin", lambda w: w.f.sin(), pl.col("f").sin()),
    ("cos", lambda w: w.f_n.cos(), pl.col("f_n").cos()),
    ("tan", lambda w: w.i.tan(), pl.col("i").cast(F64).tan()),
    ("asin", lambda w: w.f.arcsin(), pl.col("f").arcsin()),
    ("acos", lambda w: w.f_n.arccos(), pl.col("f_n").arccos()),
    ("atan", lambda w: w.f.arctan(), pl.col("f").arctan()),
    ("sinh", lambda w: w.f.sinh(), pl.col("f").sinh()),
    ("cosh", lambda w: w.i_n.cosh(), pl.col("i_n").cast(F64).cosh()),
    ("tanh", lambda w: w.f_n.tanh(), pl.col("f_n").tanh()),
    ("hash", lambda w: w.s_n.hash(), pl.col("s_n").hash().reinterpret(signed=True)),
    (
        "hash_seed",
        lambda w: w.li.hash(seed=7),
        pl.col("li").hash(7).reinterpret(signed=True),
    ),
]


@FAST
@given(wide_frames(max_size=12))
def test_flag_methods_match_polars(frame: Wide) -> None:
    assert_with_columns_match(frame, CASES)


@FAST
@given(wide_frames(max_size=12, nan=True))
def test_nan_handling_matches_polars(frame: Wide) -> None:
    assert_with_columns_match(
        frame, [c for c in CASES if c[0].startswith(("fnan", "dup", "sin"))]
    )


@FAST
@given(wide_frames(max_size=12))
def test_flags_over_partitions_match_polars(frame: Wide) -> None:
    ours = frame.with_columns(
        dup=frame.i.is_duplicated().over("g"),
        first=frame.s.is_first_distinct().over("g", order_by="i"),
    )
    expected = (
        frame.to_polars()
        .lazy()
        .with_columns(
            pl.col("i").is_duplicated().over("g").alias("dup"),
            pl.col("s").is_first_distinct().over("g", order_by="i").alias("first"),
        )
    )
    assert_matches_polars(ours, expected)


def test_declared_dtypes_and_nullability() -> None:
    w = Wide([])
    by_name = {name: build(w) for name, build, _ in CASES}
    expected = {
        "dup": (d.Boolean(), False),
        "dup_li": (d.Boolean(), False),
        "xor": (d.Boolean(), True),
        "fnan": (d.Float64(), False),
        "fnan_null": (d.Float64(), True),
        "fnan_i": (d.Int64(), False),
        "cbrt": (d.Float64(), False),
        "hash": (d.Int64(), False),
    }
    for name, (dtype, nullable) in expected.items():
        assert (by_name[name].dtype, by_name[name].nullable) == (dtype, nullable), name
    assert w.i.is_between(1, 2).node == w.i.between(1, 2).node
    assert w.b.not_().node == (~w.b).node


def test_hash_is_equal_for_equal_values() -> None:
    class T(DataFrameModel):
        s: str

    t = T({"s": ["a", "b", "a"]})
    h = t.select(t.s.hash()).to_dict()["s"]
    assert h[0] == h[2] != h[1]


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (
            lambda w: w.i.xor(w.b),
            r"xor\(\) needs Boolean operands; got Int64 in col\('i'\)",
        ),
        (
            lambda w: w.s.fill_nan(0),
            r"fill_nan\(\) needs a numeric expression; got String",
        ),
        (lambda w: w.f.fill_nan("x"), r"fill_nan\(\) value 'x' of dtype String"),
        (
            lambda w: w.s.sin(),
            r"sin\(\) needs a numeric expression; got String in col\('s'\)",
        ),
        (lambda w: w.d.log10(), r"log10\(\).*Date"),
        (lambda w: w.i.not_(), r"~ needs a boolean operand; got Int64"),
        (lambda w: w.i.is_between("a", "z"), r"between\(\) cannot compare Int64"),
    ],
)
def test_misuse_is_a_build_time_type_error(
    build: Callable[[Wide], Any], match: str
) -> None:
    with pytest.raises(TypeError, match=match):
        build(Wide([]))


def test_bad_arguments_are_value_errors() -> None:
    w = Wide([])
    with pytest.raises(ValueError, match="seed"):
        w.i.hash(seed=-1)
    with pytest.raises(ValueError, match="closed"):
        w.i.is_between(1, 2, closed="open")
