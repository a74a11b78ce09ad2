"""group_by / agg / grouped shortcuts / value_counts, checked against Polars.

Groups are never empty, so aggregates are typed in the group context: ``mean``
of a non-nullable column is non-nullable, ``std`` stays nullable (one-row
groups). ``assert_matches_polars`` checks values, dtypes and that no null
lands in a column typed non-nullable.
"""

from __future__ import annotations

import collections
import typing
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings

from differential import Wide, assert_matches_polars, example_rows, wide_frames
from pydantable import ColumnNotFoundError, DataFrameModel
from pydantable import dtypes as d
from pydantable.expressions import col, global_row_count, global_sum
from pydantable.frame.grouping import GroupBy, aggregation_outputs

FAST = settings(max_examples=20, deadline=None)
I64 = pl.Int64()


def _agg_cases(w: Wide) -> tuple[dict[str, Any], list[pl.Expr]]:
    ours: dict[str, Any] = {
        "total": ("sum", "i"),
        "fsum": ("sum", w.f_n),
        "bsum": ("sum", "b"),
        "avg": ("mean", "i"),
        "avg_n": ("mean", w.f_n * 2),
        "med": ("median", "i_n"),
        "lo": ("min", "s"),
        "hi": ("max", "d"),
        "sd": ("std", "f"),
        "sd0": ("std", "i", 0),
        "vr": ("var", "i_n"),
        "n": ("count", "i_n"),
        "rows": ("len", "i_n"),
        "nulls": ("null_count", "s_n"),
        "nu": ("n_unique", "b_n"),
        "fst": ("first", "s_n"),
        "lst": ("last", "li"),
        "q": ("quantile", "f", 0.75),
        "expr": w.i.max() - w.i.min(),
    }
    theirs = [
        pl.col("i").sum().alias("total"),
        (pl.col("f_n")).sum().alias("fsum"),
        pl.col("b").sum().cast(I64).alias("bsum"),
        pl.col("i").mean().alias("avg"),
        (pl.col("f_n") * 2).mean().alias("avg_n"),
        pl.col("i_n").median().alias("med"),
        pl.col("s").min().alias("lo"),
        pl.col("d").max().alias("hi"),
        pl.col("f").std().alias("sd"),
        pl.col("i").std(ddof=0).alias("sd0"),
        pl.col("i_n").var().alias("vr"),
        pl.col("i_n").count().cast(I64).alias("n"),
        pl.col("i_n").len().cast(I64).alias("rows"),
        pl.col("s_n").null_count().cast(I64).alias("nulls"),
        # the (op, column) form counts distinct non-null values (the original)
        pl.col("b_n").drop_nulls().n_unique().cast(I64).alias("nu"),
        pl.col("s_n").first().alias("fst"),
        pl.col("li").last().alias("lst"),
        pl.col("f").quantile(0.75).alias("q"),
        (pl.col("i").max() - pl.col("i").min()).alias("expr"),
    ]
    return ours, theirs


@FAST
@given(wide_frames(max_size=12))
def test_agg_tuple_and_expression_forms_match_polars(frame: Wide) -> None:
    ours, theirs = _agg_cases(frame)
    out = frame.group_by("g", maintain_order=True).agg(**ours)
    expected = frame.to_polars().lazy().group_by("g", maintain_order=True).agg(theirs)
    assert_matches_polars(out, expected)
    schema = out.schema
    assert not schema["avg"].nullable
    assert not schema["sd0"].nullable
    assert schema["sd"].nullable
    assert schema["med"].nullable
    assert schema["avg_n"].nullable
    assert not schema["g"].nullable
    assert schema["n"].dtype == d.Int64()


@FAST
@given(wide_frames(max_size=12))
def test_nullable_and_expression_keys(frame: Wide) -> None:
    # drop_nulls=True (default): rows with a null key are dropped
    out = frame.group_by("b_n", (frame.i > 0).alias("pos")).agg(frame.f.sum())
    expected = (
        frame.to_polars()
        .lazy()
        .filter(pl.col("b_n").is_not_null())
        .group_by("b_n", (pl.col("i") > 0).alias("pos"))
        .agg(pl.col("f").sum())
    )
    assert_matches_polars(out, expected, check_row_order=False)
    assert not out.schema["b_n"].nullable
    # drop_nulls=False: a null group, as in Polars
    kept = frame.group_by(frame.s_n, drop_nulls=False).agg(n=global_row_count())
    expected = (
        frame.to_polars()
        .lazy()
        .group_by("s_n")
        .agg(pl.col("i").len().cast(I64).alias("n"))
    )
    assert_matches_polars(kept, expected, check_row_order=False)
    assert kept.schema["s_n"].nullable


@FAST
@given(wide_frames(max_size=12))
def test_shortcuts_match_polars(frame: Wide) -> None:
    grouped = frame.group_by("g", maintain_order=True)
    lazy = frame.to_polars().lazy().group_by("g", maintain_order=True)
    numeric = ["i", "i_n", "f", "f_n", "b", "b_n"]
    assert_matches_polars(
        grouped.sum(*numeric),
        lazy.agg(
            [
                pl.col(c)
                .sum()
                .cast(I64 if c[0] in "ib" else pl.Float64())
                .alias(f"{c}_sum")
                for c in numeric
            ]
        ),
    )
    assert_matches_polars(
        grouped.mean("i", frame.d),
        lazy.agg(
            pl.col("i").mean().alias("i_mean"), pl.col("d").mean().alias("d_mean")
        ),
    )
    assert_matches_polars(
        grouped.max("s", "ts"),
        lazy.agg(pl.col("s").max().alias("s_max"), pl.col("ts").max().alias("ts_max")),
    )
    assert_matches_polars(
        grouped.count("s_n"),
        lazy.agg(pl.col("s_n").count().cast(I64).alias("s_n_count")),
    )
    assert_matches_polars(grouped.len(), lazy.agg(pl.len().cast(I64).alias("len")))
    assert_matches_polars(
        grouped.first("li"), lazy.agg(pl.col("li").first().alias("li_first"))
    )


@pytest.mark.parametrize(
    "op",
    ["sum", "mean", "median", "min", "max", "std", "var", "count", "n_unique", "first", "last"],
)  # fmt: skip
def test_shortcuts_need_a_column(op: str) -> None:
    grouped = Wide(example_rows()).group_by("g")
    with pytest.raises(
        ValueError, match=rf"^{op}\(\) requires at least one column name\.$"
    ):
        getattr(grouped, op)()


@FAST
@given(wide_frames(max_size=12))
def test_value_counts_matches_python(frame: Wide) -> None:
    data = frame.to_dict()
    counts = collections.Counter(data["b_n"])
    assert frame.value_counts("b_n", dropna=False) == dict(counts)
    counts.pop(None, None)
    assert frame.value_counts(frame.b_n) == dict(counts)
    total = sum(counts.values())
    normalized = frame.value_counts("b_n", normalize=True)
    assert normalized == {k: v / total for k, v in counts.items()}
    # most frequent first
    values = list(frame.value_counts("g").values())
    assert values == sorted(values, reverse=True)


def test_headline_example_3_group_by() -> None:
    class Sale(DataFrameModel):
        region: str
        day: int
        amount: float

    s = Sale({"region": ["e", "w", "e"], "day": [1, 1, 2], "amount": [10.0, 4.0, 6.0]})
    by = (
        s.group_by("region")
        .agg(total=("sum", "amount"), n=("count", "amount"))
        .sort("region")
    )
    assert by.to_dict() == {"region": ["e", "w"], "total": [16.0, 4.0], "n": [2, 1]}
    assert s.select(global_sum(s.amount)).to_dict() == {"sum_amount": [20.0]}
    assert isinstance(by, DataFrameModel)


def test_positional_expression_aggs_and_unbound_columns() -> None:
    w = Wide(example_rows())
    out = w.group_by("g", maintain_order=True).agg(
        w.i.sum().alias("total"), [col("f").max()], mean_i=col("i").mean()
    )
    assert out.to_dict() == {
        "g": ["a", "b"],
        "total": [1, -2],
        "f": [1.5, -0.5],
        "mean_i": [1.0, -2.0],
    }


def test_grouped_model_has_shortcuts() -> None:
    class T(DataFrameModel):
        k: str
        x: int

    grouped = T({"k": ["a", "a"], "x": [1, 2]}).group_by("k")
    assert isinstance(grouped, GroupBy)
    assert grouped.sum("x").to_dict() == {"k": ["a"], "x_sum": [3]}
    assert "GroupBy [k]" in repr(grouped)


def test_empty_frame_groups() -> None:
    out = Wide([]).group_by("g").agg(m=("mean", "i"))
    assert out.to_dict() == {"g": [], "m": []}
    assert out.height == 0


def test_aggregation_outputs_helper() -> None:
    w = Wide(example_rows())
    outputs = aggregation_outputs(w, (w.i.max(),), {"m": ("mean", "f"), "s": w.i.std()})
    assert [(name, c.dtype, c.nullable) for name, _, c in outputs] == [
        ("i", d.Int64(), False),
        ("m", d.Float64(), False),
        ("s", d.Float64(), True),
    ]
    global_outputs = aggregation_outputs(w, (), {"m": ("mean", "f")}, context="global")
    assert global_outputs[0][2].nullable


class After(DataFrameModel):
    g: str
    total: int


def test_agg_as_model_family() -> None:
    w = Wide(example_rows())
    grouped = w.group_by("g")
    typed = grouped.agg_as_model(After, total=("sum", "i"))
    assert isinstance(typed, After)
    assert grouped.agg_try_as_model(After, total=("mean", "i")) is None
    with pytest.raises(Exception, match="total"):
        grouped.agg_assert_model(After, total=("mean", "i"))


@pytest.mark.parametrize(
    ("build", "error", "match"),
    [
        (
            lambda w: w.group_by("g").agg(x=("sum", "s")),
            TypeError,
            r"sum\(\) requires int, float, decimal, bool or timedelta values; got "
            r"str values \(String\) in col\('s'\)",
        ),
        (
            lambda w: w.group_by("g").agg(x=("avg", "i")),
            ValueError,
            r"^Unsupported aggregation 'avg'\. Use one of: sum, mean, ",
        ),
        (
            lambda w: w.group_by("g").agg(x=("quantile", "f", 2.0)),
            ValueError,
            r"\[0, 1\]",
        ),
        (
            lambda w: w.group_by("g").agg(x=("quantile", "f")),
            ValueError,
            "needs the quantile",
        ),
        (
            lambda w: w.group_by("g").agg(x=("sum", "i", 3)),
            TypeError,
            r"agg\(\) expects specs like output_name=\(op, column\)\. Only quantile",
        ),
        (
            lambda w: w.group_by("g").agg(x=("sum",)),
            TypeError,
            r"agg\(\) expects specs like output_name=\(op, column\)\.",
        ),
        (lambda w: w.group_by("g").agg(x=w.i + 1), TypeError, "does not aggregate"),
        (lambda w: w.group_by("g").agg(x="i"), TypeError, "expects specs like"),
        (lambda w: w.group_by("g").agg(("sum", "i")), TypeError, "needs a name"),
        (
            lambda w: w.group_by("g").agg(w.i.sum(), w.i.max()),
            ValueError,
            "given twice",
        ),
        (lambda w: w.group_by("g").agg(g=w.i.sum()), ValueError, "duplicate"),
        (lambda w: w.group_by("g").agg(x=("sum", "nope")), ColumnNotFoundError, "nope"),
        (lambda w: w.group_by("nope"), ColumnNotFoundError, "nope"),
        (
            lambda w: w.group_by(),
            ValueError,
            r"group_by\(\.\.\.\) requires at least one key\.",
        ),
        (lambda w: w.group_by(w.i.sum()), TypeError, "must not aggregate"),
        (lambda w: w.group_by("g").sum("s"), TypeError, "String"),
        (lambda w: w.value_counts("li"), TypeError, "hashable"),
        (lambda w: w.value_counts("nope"), ColumnNotFoundError, "nope"),
    ],
)
def test_build_time_errors(
    build: typing.Callable[[Wide], Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        build(Wide(example_rows()))


def test_inputs_are_not_mutated() -> None:
    w = Wide(example_rows())
    named = {"total": ("sum", "i")}
    before = w.to_dict()
    w.group_by("g").agg(**named)
    assert named == {"total": ("sum", "i")}
    assert w.to_dict() == before
