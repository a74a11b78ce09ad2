"""``assert_frame_equal``: compare two frames in tests, with a readable diff.

Frames of different classes compare equal when their schemas match (column
names in order; with ``check_dtypes``, dtypes and nullability too) and their
rows are equal, nulls equal to nulls. The comparison runs in the engine (one
materialization of each side, vectorized equality); the failure message shows
at most the first 5 differing rows, each cell cut to 80 characters.

Example:
    >>> from pydantable import DataFrameModel
    >>> from pydantable.testing import assert_frame_equal
    >>> class A(DataFrameModel):
    ...     id: int
    ...     name: str | None
    >>> class B(DataFrameModel):
    ...     id: int
    ...     name: str | None
    >>> assert_frame_equal(A({"id": [1, 2], "name": ["x", None]}),
    ...                    B({"id": [2, 1], "name": [None, "x"]}), check_order=False)
    >>> assert_frame_equal(A({"id": [1], "name": ["x"]}), A({"id": [1], "name": ["y"]}))
    Traceback (most recent call last):
    ...
    AssertionError: frames differ in 1 of 1 rows (first differing rows below)
      row 0: name: 'x' != 'y'
"""

from __future__ import annotations

from typing import Any

import polars as pl

from pydantable.frame._core import is_frame

__all__ = ["assert_frame_equal"]

#: How many differing rows, and characters per cell, a failure shows.
MAX_DIFF_ROWS = 5
MAX_CELL = 80


def _cell(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _schema_line(frame: Any) -> str:
    text = ", ".join(
        f"{c.name}: {c.dtype!r}{' | None' if c.nullable else ''}"
        for c in frame.schema.columns()
    )
    return text if len(text) <= 1000 else text[:999] + "…"


def _check_schemas(left: Any, right: Any, check_dtypes: bool) -> None:
    if left.columns != right.columns:
        only_left = [c for c in left.columns if c not in right.columns][:10]
        only_right = [c for c in right.columns if c not in left.columns][:10]
        detail = (
            f"only in left: {only_left}, only in right: {only_right}"
            if only_left or only_right
            else f"order {left.columns[:20]} != {right.columns[:20]}"
        )
        msg = f"frames have different columns ({detail})"
        raise AssertionError(msg)
    if not check_dtypes:
        return
    differing = [
        f"{a.name}: {a.dtype!r}{' | None' if a.nullable else ''} != "
        f"{b.dtype!r}{' | None' if b.nullable else ''}"
        for a, b in zip(left.schema.columns(), right.schema.columns(), strict=True)
        if (a.dtype, a.nullable) != (b.dtype, b.nullable)
    ]
    if differing:
        shown = "; ".join(differing[:10])
        more = f" (+{len(differing) - 10} more)" if len(differing) > 10 else ""
        msg = f"frames have different dtypes: {shown}{more}"
        raise AssertionError(msg)


def _sorted(data: pl.DataFrame) -> pl.DataFrame:
    """The rows in a canonical order (by every column, nulls last)."""
    if data.width == 0:
        return data
    try:
        return data.sort(data.columns, nulls_last=True, maintain_order=True)
    except pl.exceptions.PolarsError:  # an unorderable dtype: order by row hash
        return data.with_columns(_h=data.hash_rows(seed=0)).sort("_h").drop("_h")


def _equal(a: pl.Series, b: pl.Series) -> pl.Series:
    try:
        equal: pl.Series = a.eq_missing(b)
    except (
        pl.exceptions.PolarsError
    ):  # e.g. dtypes that do not compare (no check_dtypes)
        equal = a.cast(pl.String).eq_missing(b.cast(pl.String))
    return equal


def assert_frame_equal(
    left: Any,
    right: Any,
    *,
    check_dtypes: bool = True,
    check_order: bool = True,
) -> None:
    """Assert that two frames hold the same columns and rows.

    Args:
        left: a frame.
        right: a frame (its class may differ from ``left``'s).
        check_dtypes: also require equal dtypes and nullability per column
            (else ``1`` and ``1.0`` are equal).
        check_order: require the rows in the same order; ``False`` compares
            them as multisets (both sides sorted by every column, nulls last).

    Raises:
        AssertionError: the columns, dtypes, row counts or rows differ; the
            message lists the first differing rows (at most 5).
        TypeError: ``left`` or ``right`` is not a frame.

    Example:
        >>> from pydantable import DataFrameModel
        >>> class T(DataFrameModel):
        ...     x: int
        >>> assert_frame_equal(T({"x": [1, 2]}), T({"x": [1, 2]}))
        >>> assert_frame_equal(T({"x": [1, 2]}), T({"x": [1]}))
        Traceback (most recent call last):
        ...
        AssertionError: frames have different heights: 2 != 1
    """
    for side, frame in (("left", left), ("right", right)):
        if not is_frame(frame):
            msg = f"assert_frame_equal: {side} is not a frame ({type(frame).__name__})"
            raise TypeError(msg)
    _check_schemas(left, right, check_dtypes)
    a, b = left.to_polars(), right.to_polars()
    if a.height != b.height:
        msg = f"frames have different heights: {a.height} != {b.height}"
        raise AssertionError(msg)
    if a.width == 0 or a.height == 0:
        return
    if not check_order:
        a, b = _sorted(a), _sorted(b)
    same = {name: _equal(a[name], b[name]) for name in a.columns}
    rows_equal = pl.DataFrame(same).select(pl.all_horizontal(pl.all())).to_series()
    bad = (~rows_equal).arg_true()
    if bad.len() == 0:
        return
    where = "row" if check_order else "sorted row"
    lines = [
        f"frames differ in {bad.len()} of {a.height} rows (first differing rows below)"
    ]
    for index in bad.head(MAX_DIFF_ROWS).to_list():
        row_a, row_b = a.row(index, named=True), b.row(index, named=True)
        cells = [
            f"{name}: {_cell(row_a[name])} != {_cell(row_b[name])}"
            for name in a.columns
            if not same[name][index]
        ]
        shown = "; ".join(cells[:10]) + (" …" if len(cells) > 10 else "")
        lines.append(f"  {where} {index}: {shown}")
    if bad.len() > MAX_DIFF_ROWS:
        lines.append(f"  … {bad.len() - MAX_DIFF_ROWS} more differing rows")
    if not check_dtypes and str(a.schema) != str(b.schema):
        lines.append(f"  (left: {_schema_line(left)}; right: {_schema_line(right)})")
    raise AssertionError("\n".join(lines))
