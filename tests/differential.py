"""Differential testing against raw Polars: shared frames and the comparison.

Every transform test in this suite runs the same operation twice: through
pydantable, and as hand-written Polars code on the very same ``pl.DataFrame``.
:func:`assert_matches_polars` then checks that

* values, row order and column names are identical (``assert_frame_equal``),
* every column's Polars dtype is the one pydantable's derived schema maps to,
* the derived schema is sound: no null appears in a column typed non-nullable.

:func:`wide_frames` generates :class:`Wide` frames with nulls, empty frames,
unicode text and extreme numbers (64-bit integer bounds, ±inf, NaN, -0.0).

Example:
    >>> import polars as pl
    >>> w = Wide(example_rows())
    >>> out = assert_matches_polars(w.filter(w.i > 0), w.to_polars().filter(pl.col("i") > 0))
    >>> out.height
    1
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import polars as pl
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from pydantable import DataFrameModel
from pydantable.engines import Engine
from pydantable.engines.polars import to_polars_dtype
from pydantable.frame import BaseFrame

__all__ = [
    "Case",
    "Wide",
    "assert_matches_polars",
    "assert_sound",
    "assert_with_columns_match",
    "example_rows",
    "wide_frames",
    "wide_rows",
]

I64_MIN, I64_MAX = -(2**63), 2**63 - 1


class Wide(DataFrameModel):
    """One column per common dtype, nullable and not."""

    g: str  # a low-cardinality key for group_by / join / over
    i: int
    i_n: int | None
    f: float
    f_n: float | None
    s: str
    s_n: str | None
    b: bool
    b_n: bool | None
    d: dt.date | None
    ts: dt.datetime | None
    li: list[int] | None


_ints = st.one_of(
    st.integers(-1000, 1000),
    st.sampled_from([0, 1, -1, I64_MIN, I64_MAX, I64_MIN + 1, I64_MAX - 1]),
)
_floats = st.one_of(
    st.floats(-1e6, 1e6, allow_nan=False),
    st.sampled_from([0.0, -0.0, float("inf"), float("-inf"), 1e308, -1e308]),
)
_text = st.text(max_size=8)  # unicode, empty strings included
_dates = st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31))
_datetimes = st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2200, 12, 31))


def _nullable(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def wide_row(*, nan: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """One row of :class:`Wide` (``nan=True`` also draws NaN floats)."""
    floats = st.one_of(_floats, st.just(float("nan"))) if nan else _floats
    return st.fixed_dictionaries(
        {
            "g": st.sampled_from(["a", "b", "c", "é"]),
            "i": _ints,
            "i_n": _nullable(_ints),
            "f": floats,
            "f_n": _nullable(floats),
            "s": _text,
            "s_n": _nullable(_text),
            "b": st.booleans(),
            "b_n": _nullable(st.booleans()),
            "d": _nullable(_dates),
            "ts": _nullable(_datetimes),
            "li": _nullable(st.lists(_ints, max_size=4)),
        }
    )


def wide_rows(
    *, max_size: int = 30, nan: bool = False
) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Row lists of :class:`Wide`, empty lists included."""
    return st.lists(wide_row(nan=nan), max_size=max_size)


def wide_frames(*, max_size: int = 30, nan: bool = False) -> st.SearchStrategy[Wide]:
    """Validated :class:`Wide` frames (empty frames included)."""
    return wide_rows(max_size=max_size, nan=nan).map(Wide)


def example_rows() -> list[dict[str, Any]]:
    """A small fixed frame's rows (for doctests and smoke tests)."""
    return [
        {
            "g": "a", "i": 1, "i_n": None, "f": 1.5, "f_n": None, "s": "x",
            "s_n": None, "b": True, "b_n": None, "d": None, "ts": None, "li": None,
        },
        {
            "g": "b", "i": -2, "i_n": 3, "f": -0.5, "f_n": 2.0, "s": "ÿ",
            "s_n": "y", "b": False, "b_n": True, "d": dt.date(2024, 1, 2),
            "ts": dt.datetime(2024, 1, 2, 3), "li": [1, 2],
        },
    ]  # fmt: skip


def assert_sound(frame: BaseFrame, result: pl.DataFrame) -> None:
    """``result`` (``frame``'s output) has the dtypes and nullability ``frame`` declares."""
    schema = frame.schema
    assert result.columns == schema.names, (result.columns, schema.names)
    for name in schema.names:
        column = schema[name]
        expected = to_polars_dtype(column.dtype)
        assert result.schema[name] == expected, (name, result.schema[name], expected)
        if not column.nullable:
            assert result[name].null_count() == 0, (
                f"column {name!r} is typed non-nullable but holds nulls"
            )


def assert_matches_polars(
    frame: BaseFrame,
    expected: pl.DataFrame | pl.LazyFrame,
    *,
    check_row_order: bool = True,
    engine: Engine | None = None,
) -> pl.DataFrame:
    """Assert ``frame`` equals the hand-written Polars result and is sound.

    ``engine`` runs the plan (default: the frame's own engine), so one oracle
    serves every engine. Returns pydantable's result for further checks.
    """
    if isinstance(expected, pl.LazyFrame):
        expected = expected.collect()
    result = frame.to_polars() if engine is None else engine.collect(frame._plan)
    assert_frame_equal(result, expected, check_row_order=check_row_order)
    assert_sound(frame, result)
    return result


#: ``(output name, pydantable builder, equivalent Polars expression)``.
Case = tuple[str, Callable[[Wide], Any], pl.Expr]


def assert_with_columns_match(frame: Wide, cases: list[Case]) -> None:
    """All ``cases`` added with ``with_columns`` equal lazy Polars' results."""
    ours = frame.with_columns(**{name: build(frame) for name, build, _ in cases})
    expected = (
        frame.to_polars()
        .lazy()
        .with_columns([expr.alias(name) for name, _, expr in cases])
    )
    assert_matches_polars(ours, expected)
