"""Vectorized checks of ``Field`` constraints (``ge``, ``max_length``, ``pattern`` ...).

A violated constraint marks the cell for Pydantic, which then reports the exact
error (``greater_than_equal``, ``string_too_long`` ...).
"""

from __future__ import annotations

import functools
import operator

import polars as pl

from pydantable import dtypes as dt
from pydantable.schema import Column

__all__ = ["violation_expr", "violations"]


def violations(values: pl.Series, column: Column) -> pl.Series | None:
    """A boolean mask of non-null cells violating ``column``'s constraints.

    Returns ``None`` when the column has no constraints to check.
    """
    check = violation_expr(pl.col(values.name), column)
    if check is None:
        return None
    return values.to_frame().select(check.alias(values.name)).to_series()


def violation_expr(values: pl.Expr, column: Column) -> pl.Expr | None:
    """:func:`violations` as an expression over the stored ``values``."""
    cons = column.constraints
    if not cons.any_bounds():
        return None
    storage = column.dtype.storage()
    masks: list[pl.Expr] = []
    if storage.is_numeric() or storage.is_temporal():
        for bound, op in (
            (cons.ge, operator.ge),
            (cons.gt, operator.gt),
            (cons.le, operator.le),
            (cons.lt, operator.lt),
        ):
            if bound is not None:
                masks.append(~op(values, bound).fill_null(True))
        if cons.multiple_of is not None:
            if isinstance(storage, dt.Int64) and isinstance(cons.multiple_of, int):
                masks.append((values % cons.multiple_of != 0).fill_null(False))
            else:
                masks.append(values.is_not_null())  # float multiples: Pydantic decides
    if isinstance(storage, (dt.String, dt.Binary, dt.List)):
        length = _length(values, storage)
        if cons.min_length is not None:
            masks.append((length < cons.min_length).fill_null(False))
        if cons.max_length is not None:
            masks.append((length > cons.max_length).fill_null(False))
    if cons.pattern is not None and isinstance(storage, dt.String):
        masks.append(~values.str.contains(cons.pattern).fill_null(True))
    if not masks:
        return None
    return functools.reduce(operator.or_, masks)


def _length(values: pl.Expr, storage: dt.DType) -> pl.Expr:
    if isinstance(storage, dt.String):
        return values.str.len_chars()
    if isinstance(storage, dt.Binary):
        return values.bin.size()
    return values.list.len()
