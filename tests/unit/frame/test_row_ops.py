"""Row operations (``row_ops.py``) checked against hand-written Polars on the same data."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from differential import I64_MAX, Wide, assert_matches_polars, example_rows, wide_frames
from pydantable import DataFrame, DataFrameModel, Schema
from pydantable import selectors as s

FAST = settings(max_examples=10, deadline=None)
NUMERIC = ["i", "i_n", "f", "f_n"]


# -- deduplication ---------------------------------------------------------------------


@FAST
@given(
    wide_frames(max_size=12),
    st.sampled_from([None, ["g"], ["g", "b_n"], ["li"]]),
    st.sampled_from(["first", "last", "none"]),
)
def test_unique_ordered_matches_polars(w: Wide, subset: Any, keep: str) -> None:
    out = w.unique(subset, keep=keep, maintain_order=True)
    expected = w.to_polars().unique(subset, keep=keep, maintain_order=True)  # type: ignore[arg-type]
    assert_matches_polars(out, expected)
    assert w.distinct(subset, keep=keep, maintain_order=True).to_dict() == out.to_dict()


@FAST
@given(wide_frames(max_size=12))
def test_unique_any_matches_polars_as_a_set(w: Wide) -> None:
    out = w.unique(s.by_name("g", "i_n"), keep="any")
    expected = w.to_polars().unique(["g", "i_n"], keep="any")
    assert_matches_polars(out.sort("g", "i_n"), expected.sort("g", "i_n"))


@FAST
@given(
    wide_frames(max_size=12),
    st.sampled_from([["g"], ["g", "b_n"], None]),
    st.sampled_from(["first", "last", False]),
)
def test_duplicated_matches_polars(w: Wide, subset: Any, keep: Any) -> None:
    raw = w.to_polars()
    cols = subset or raw.columns
    key = pl.col(cols[0]) if len(cols) == 1 else pl.struct(cols)
    flag = {
        "first": ~key.is_first_distinct(),
        "last": ~key.is_last_distinct(),
        False: key.is_duplicated(),
    }[keep]
    out = w.duplicated(subset, keep=keep)
    assert_matches_polars(out, raw.select(flag.alias("duplicated")))
    assert out.schema["duplicated"].nullable is False


@FAST
@given(wide_frames(max_size=12))
def test_drop_duplicate_groups_matches_polars(w: Wide) -> None:
    expected = w.to_polars().filter(~pl.col("g").is_duplicated())
    assert_matches_polars(w.drop_duplicate_groups("g"), expected)


def test_unique_and_duplicated_errors() -> None:
    w = Wide(example_rows())
    with pytest.raises(ValueError, match="keep"):
        w.unique(keep="middle")
    with pytest.raises(ValueError, match="keep"):
        w.duplicated(keep=True)
    with pytest.raises(KeyError, match="nope"):
        w.unique("nope")


# -- slicing -----------------------------------------------------------------------------


@FAST
@given(
    wide_frames(max_size=12),
    st.integers(0, 25),
    st.sampled_from(["i", ["g", "f"], "s_n", "ts"]),
    st.booleans(),
)
def test_top_and_bottom_k_match_polars(w: Wide, k: int, by: Any, reverse: bool) -> None:
    # a row index breaks ties (which tied row Polars keeps is unspecified)
    w = w.with_row_index()  # type: ignore[assignment]
    keys = [*([by] if isinstance(by, str) else by), "index"]
    raw = w.to_polars()
    top = w.top_k(k, by=keys, reverse=reverse)
    expected = raw.top_k(k, by=keys, reverse=reverse)
    assert_matches_polars(top, expected, check_row_order=False)
    assert top.height == min(k, w.height)
    bottom = w.bottom_k(k, by=keys, descending=reverse)
    expected = raw.bottom_k(k, by=keys, reverse=reverse)
    assert_matches_polars(bottom, expected, check_row_order=False)


@FAST
@given(wide_frames(max_size=12), st.integers(1, 4), st.integers(0, 3))
def test_first_last_gather_every_match_polars(w: Wide, n: int, offset: int) -> None:
    raw = w.to_polars()
    assert_matches_polars(w.first(), raw.head(1))
    assert_matches_polars(w.last(), raw.tail(1))
    every = w.gather_every(n, offset)
    assert_matches_polars(every, raw.gather_every(n, offset))
    assert every.height == raw.gather_every(n, offset).height


def test_top_k_errors_name_the_problem() -> None:
    w = Wide(example_rows())
    with pytest.raises(ValueError, match="k must be"):
        w.top_k(-1, by="i")
    with pytest.raises(TypeError, match="no order"):
        w.top_k(1, by="li")
    with pytest.raises(TypeError, match="not both"):
        w.top_k(1, by="i", reverse=True, descending=True)
    with pytest.raises(ValueError, match="flags"):
        w.top_k(1, by=["i", "f"], reverse=[True])


# -- nulls -------------------------------------------------------------------------------


@FAST
@given(wide_frames(max_size=12), st.sampled_from([0, -3, 2.5, "z", True]))
def test_fill_null_value_matches_polars(w: Wide, value: Any) -> None:
    out = w.fill_null(value)
    # the columns the value fits without changing dtype
    fits = {
        int: ["i_n", "f_n"],
        float: ["f_n"],
        str: ["s_n"],
        bool: ["b_n"],
    }[type(value)]
    expected = w.to_polars().with_columns(pl.col(fits).fill_null(value))
    assert_matches_polars(out, expected)
    for name in fits:
        assert out.schema[name].nullable is False
    assert out.schema["d"].nullable is True


def _with_i_n(values: list[int | None]) -> Wide:
    """A :class:`Wide` frame whose ``i_n`` column holds ``values``."""
    return Wide([dict(example_rows()[1], i_n=v) for v in values])


@FAST
@given(
    wide_frames(max_size=12),
    st.sampled_from(["forward", "backward", "min", "max", "mean", "zero", "one"]),
)
# Polars' float64 mean of [2**63 - 1] rounds to 2**63, and its fill panics casting it
@example(_with_i_n([None, None, I64_MAX]), "mean")
# the float64 mean of [0, 2**63 - 1] rounds up; the exact truncated mean does not
@example(_with_i_n([None, 0, I64_MAX]), "mean")
def test_fill_null_strategy_matches_polars(w: Wide, strategy: str) -> None:
    if strategy == "mean":
        # a float mean with catastrophic cancellation (1e308 - 1e308 + 1) depends
        # on the summation order, which differs between Polars' engines
        floats = [v for v in w.to_polars()["f_n"].to_list() if v is not None]
        assume(all(abs(v) < 1e12 for v in floats))
    out = w.fill_null(strategy=strategy, subset=s.numeric())
    # Polars' own integer mean fill panics when its float64 mean rounds out of
    # the Int64 range (values near 2**63), so "i_n" gets its oracle below
    reference = ["f", "f_n"] if strategy == "mean" else NUMERIC
    expected = w.to_polars().with_columns(
        pl.col(reference).fill_null(strategy=strategy)  # type: ignore[arg-type]
    )
    if strategy == "mean":
        # the integer mean truncated toward zero, computed exactly: Polars
        # averages Int64 in float64, which rounds near 2**63 ("i" has no nulls)
        original = w.to_polars()["i_n"]
        values = [v for v in original.to_list() if v is not None]
        if values:
            total = sum(values)
            mean = abs(total) // len(values) * (1 if total >= 0 else -1)
            expected = expected.with_columns(i_n=original.fill_null(mean))
    assert_matches_polars(out, expected)
    closes = strategy in ("zero", "one")
    assert out.schema["i_n"].nullable is not closes


@FAST
@given(wide_frames(max_size=12), st.integers(0, 2))
def test_fill_null_forward_limit_and_all_columns(w: Wide, limit: int) -> None:
    out = w.fill_null(strategy="forward", limit=limit)
    nullable = [c for c in w.columns if w.schema[c].nullable]
    expected = w.to_polars().with_columns(
        pl.col(nullable).fill_null(strategy="forward", limit=limit)
    )
    assert_matches_polars(out, expected)


def test_fill_null_rules() -> None:
    w = Wide(example_rows())
    with pytest.raises(TypeError, match=r"'i_n' from Int64 to Float64"):
        w.fill_null(1.5, subset=["i_n"])
    with pytest.raises(TypeError, match="does not fit column 'g'"):
        w.fill_null(0, subset=s.string())  # listed columns must all fit
    with pytest.raises(TypeError, match="does not apply to column 'd'"):
        w.fill_null(strategy="mean", subset="d")
    with pytest.raises(
        ValueError, match=r"fill_null\(\) requires either value or strategy\."
    ):
        w.fill_null()
    with pytest.raises(ValueError, match="not both"):
        w.fill_null(0, strategy="zero")
    with pytest.raises(ValueError, match="unsupported value 'median'"):
        w.fill_null(strategy="median")
    with pytest.raises(ValueError, match="limit"):
        w.fill_null(strategy="max", limit=1)
    # an expression value
    out = w.fill_null(w.i, subset="i_n")
    assert out.to_dict()["i_n"] == [1, 3]
    assert out.schema["i_n"].nullable is False
    # a value filling nothing keeps the frame
    assert w.fill_null(dt.time(1)).to_dict() == w.to_dict()


@FAST
@given(
    wide_frames(max_size=12),
    st.sampled_from([None, ["i_n", "s_n"], ["d"]]),
    st.sampled_from(["any", "all"]),
)
def test_drop_nulls_matches_polars(w: Wide, subset: Any, how: str) -> None:
    raw = w.to_polars()
    cols = subset or raw.columns
    if how == "any":
        expected = raw.drop_nulls(cols)
    else:
        expected = raw.filter(~pl.all_horizontal(pl.col(cols).is_null()))
    out = w.drop_nulls(subset, how=how)
    assert_matches_polars(out, expected)
    if how == "any" or len(cols) == 1:
        assert not any(out.schema[c].nullable for c in cols)
    else:  # several columns, how="all": each may still hold nulls
        assert all(out.schema[c].nullable == w.schema[c].nullable for c in cols)


@FAST
@given(wide_frames(max_size=12), st.integers(0, 3))
def test_drop_nulls_threshold_matches_polars(w: Wide, threshold: int) -> None:
    cols = ["i_n", "f_n", "s_n"]
    raw = w.to_polars()
    expected = raw.filter(pl.sum_horizontal(pl.col(cols).is_not_null()) >= threshold)
    out = w.drop_nulls(s.by_name(cols), threshold=threshold)
    assert_matches_polars(out, expected)
    assert out.schema["i_n"].nullable is (threshold < 3)


# -- misc --------------------------------------------------------------------------------


@FAST
@given(wide_frames(max_size=12), st.integers(0, 5))
def test_with_row_index_and_count_match_polars(w: Wide, offset: int) -> None:
    raw = w.to_polars()
    out = w.with_row_index("n", offset=offset)
    expected = raw.with_row_index("n", offset=offset).with_columns(
        pl.col("n").cast(pl.Int64)
    )
    assert_matches_polars(out, expected)
    count = w.with_row_count()
    assert count.columns[0] == "row_nr"
    assert count.to_dict()["row_nr"] == list(range(w.height))


def test_row_index_name_clash_and_negative_offset() -> None:
    w = Wide(example_rows())
    with pytest.raises(ValueError, match="already exists"):
        w.with_row_index("i")
    assert w.with_row_index(offset=-1).to_dict()["index"] == [-1, 0]


@FAST
@given(wide_frames(max_size=12, nan=True))
def test_clip_matches_polars(w: Wide) -> None:
    out = w.clip(-5, 5)
    expected = w.to_polars().with_columns(pl.col(NUMERIC).clip(-5, 5))
    assert_matches_polars(out, expected)
    day = dt.date(2000, 1, 1)
    dated = w.clip(lower=day, subset="d")
    assert_matches_polars(dated, w.to_polars().with_columns(pl.col("d").clip(day)))


def test_clip_rules() -> None:
    w = Wide(example_rows())
    with pytest.raises(ValueError, match="bound"):
        w.clip()
    with pytest.raises(TypeError, match="'i' from Int64 to Float64"):
        w.clip(0.5, subset="i")
    with pytest.raises(TypeError, match="'s'"):
        w.clip(0, subset="s")
    # float bounds skip int columns when no subset is given
    assert w.clip(0.5, 1.0).to_dict()["i"] == [1, -2]


@FAST
@given(
    wide_frames(max_size=12),
    st.integers(0, 2**32),
    st.booleans(),
    st.sampled_from([None, False, True]),
)
def test_sample_matches_polars_with_seed(
    w: Wide, seed: int, replace: bool, shuffle: bool | None
) -> None:
    raw = w.to_polars()
    n = min(3, w.height)
    out = w.sample(n, with_replacement=replace, shuffle=shuffle, seed=seed)
    expected = raw.sample(n, with_replacement=replace, shuffle=shuffle, seed=seed)
    assert_matches_polars(out, expected)
    frac = w.sample(fraction=0.5, seed=seed)
    assert_matches_polars(frac, raw.sample(fraction=0.5, seed=seed))


def test_sample_is_lazy_and_stable_without_seed() -> None:
    w = Wide(example_rows() * 20)
    picked = w.sample(5)
    assert "sample" in picked.explain()
    assert picked.to_dict() == picked.to_dict()  # seed fixed when built
    with pytest.raises(ValueError, match="without replacement"):
        w.sample(41)
    with pytest.raises(ValueError, match="not both"):
        w.sample(1, fraction=0.5)
    assert w.sample(41, with_replacement=True, seed=1).height == 41


@FAST
@given(wide_frames(max_size=12), st.integers(-3, 3))
def test_shift_matches_polars(w: Wide, n: int) -> None:
    out = w.shift(n)
    assert_matches_polars(out, w.to_polars().shift(n))
    if n:
        assert all(c.nullable for c in out.schema.values())
    numbers = w.select(NUMERIC).shift(n, fill_value=0)
    expected = w.to_polars().select(pl.col(NUMERIC).shift(n, fill_value=0))
    assert_matches_polars(numbers, expected)
    assert numbers.schema["i"].nullable is False


def test_shift_fill_must_fit_every_column() -> None:
    with pytest.raises(TypeError, match="'g'"):
        Wide(example_rows()).shift(1, fill_value=0)


@FAST
@given(wide_frames(max_size=12))
def test_with_columns_cast_and_fill_null_match_polars(w: Wide) -> None:
    raw = w.to_polars()
    cast = w.with_columns_cast(s.integers(), float)
    assert_matches_polars(cast, raw.with_columns(pl.col("i", "i_n").cast(pl.Float64)))
    filled = w.with_columns_fill_null(s.floats(), 0.5)
    assert_matches_polars(filled, raw.with_columns(pl.col("f_n").fill_null(0.5)))


def test_pipe_passes_arguments() -> None:
    w = Wide(example_rows())
    assert w.pipe(lambda df, n, *, by: df.top_k(n, by=by), 1, by="i").height == 1


# -- model type preservation -------------------------------------------------------------

TRANSFORMS = {
    "unique": lambda w: w.unique(keep="first", maintain_order=True),
    "duplicated": lambda w: w.duplicated("g"),
    "top_k": lambda w: w.top_k(1, by="i"),
    "bottom_k": lambda w: w.bottom_k(1, by="i"),
    "first": lambda w: w.first(),
    "last": lambda w: w.last(),
    "fill_null": lambda w: w.fill_null(0),
    "fill_strategy": lambda w: w.fill_null(strategy="zero", subset="i_n"),
    "drop_nulls": lambda w: w.drop_nulls(),
    "with_row_index": lambda w: w.with_row_index(),
    "clip": lambda w: w.clip(0, 1),
    "sample": lambda w: w.sample(1, seed=0),
    "shift": lambda w: w.shift(1),
    "cast": lambda w: w.with_columns_cast(s.floats(), str),
    "gather_every": lambda w: w.gather_every(2),
    "rename_upper": lambda w: w.rename_upper(),
    "move": lambda w: w.move("g", after="li"),
    "select_schema": lambda w: w.select_schema(s.numeric()),
}


@pytest.mark.parametrize("name", list(TRANSFORMS))
def test_transforms_keep_a_model_type_matching_the_schema(name: str) -> None:
    out = TRANSFORMS[name](Wide(example_rows()))
    assert isinstance(out, DataFrameModel)
    assert list(type(out).RowModel.model_fields) == out.columns
    for column in out.schema.values():
        field = type(out).RowModel.model_fields[column.name]
        assert field.is_required() is not column.nullable
    rows = out.collect()
    assert all(isinstance(r, type(out).RowModel) for r in rows)


class Point(Schema):
    x: int
    y: float | None


@pytest.mark.parametrize("name", ["top_k", "fill_null", "drop_nulls", "shift"])
def test_dataframe_generic_gets_the_same_methods(name: str) -> None:
    df = DataFrame[Point]({"x": [2, 1], "y": [None, 1.5]})
    ops = {
        "top_k": lambda d: d.top_k(1, by="x"),
        "fill_null": lambda d: d.fill_null(0),
        "drop_nulls": lambda d: d.drop_nulls(),
        "shift": lambda d: d.shift(1),
    }
    out = ops[name](df)
    assert isinstance(out, DataFrame)
    assert list(out.schema_model().model_fields) == out.columns


def test_derived_class_is_deterministic_across_processes() -> None:
    script = textwrap.dedent(
        """
        import sys
        sys.path.insert(0, sys.argv[1])
        from differential import Wide, example_rows
        out = Wide(example_rows()).fill_null(0).with_row_index().drop_nulls("d")
        print(type(out).__name__, list(type(out).RowModel.model_fields))
        """
    )
    tests_dir = str(Path(__file__).resolve().parents[2])
    runs = {
        subprocess.run(
            [sys.executable, "-c", script, tests_dir],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        for _ in range(2)
    }
    assert len(runs) == 1
    assert runs.pop().startswith("Wide_")


def test_fill_null_integer_mean_is_exact_near_the_int64_bounds() -> None:
    # Polars averages Int64 in float64: [2**63 - 1] rounds to 2**63, which its
    # fill_null(strategy="mean") panics casting back; the exact mean fits
    class T(DataFrameModel):
        x: int | None
        y: int | None

    data = {"x": [None, I64_MAX, I64_MAX], "y": [None, -(2**63), -3]}
    frame = T(data)
    expected = {
        "x": [I64_MAX, I64_MAX, I64_MAX],
        # the sum overflows Int64; the mean truncates toward zero
        "y": [-4611686018427387905, -(2**63), -3],  # -(2**63 + 3) / 2, truncated
    }
    assert frame.fill_null(strategy="mean").to_dict() == expected
    by_expr = frame.with_columns(
        frame.col("x").fill_null(strategy="mean").alias("x"),
        frame.col("y").fill_null(strategy="mean").alias("y"),
    )
    assert by_expr.to_dict() == expected
    # all null: no mean, the nulls stay
    empty = T({"x": [None, None], "y": [1, None]}).fill_null(strategy="mean")
    assert empty.to_dict() == {"x": [None, None], "y": [1, 1]}
    assert data == {"x": [None, I64_MAX, I64_MAX], "y": [None, -(2**63), -3]}
