"""Vectorized checks of ``Field`` constraints (``ge``, ``max_length``, ``pattern`` ...).

A violated constraint marks the cell for Pydantic, which then reports the exact
error (``greater_than_equal``, ``string_too_long`` ...).
"""

from __future__ import annotations

import datetime
import functools
import operator

import polars as pl

from pydantable import dtypes as dt
from pydantable.schema import Column

__all__ = ["violation_expr", "violations"]


def violations(
    values: pl.Series, column: Column, *, instants: pl.Series | None = None
) -> pl.Series | None:
    """A boolean mask of non-null cells violating ``column``'s constraints.

    ``instants``: for a plain (naive) ``datetime`` column read from
    timezone-aware input, the input's UTC times, ``values`` then being its
    wall-clock times (see :func:`violation_expr`).
    Returns ``None`` when the column has no constraints to check.
    """
    frame = values.to_frame()
    utc = None
    if instants is not None:
        frame = frame.with_columns(instants.alias(_INSTANTS))
        utc = pl.col(_INSTANTS)
    check = violation_expr(pl.col(values.name), column, instants=utc)
    if check is None:
        return None
    return frame.select(check.alias(values.name)).to_series()


_INSTANTS = "__pydantable_instants__"


def violation_expr(
    values: pl.Expr, column: Column, *, instants: pl.Expr | None = None
) -> pl.Expr | None:
    """:func:`violations` as an expression over the stored ``values``.

    A plain ``datetime`` column's bounds are compared the way Pydantic
    compares datetimes: a naive bound (or naive input) by wall-clock time, an
    aware bound with aware input by instant. ``values`` are the wall-clock
    times; ``instants`` the UTC times of aware input (``None``: naive input).
    """
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
            if bound is None:
                continue
            compared, limit = values, bound
            if isinstance(storage, dt.Datetime) and storage.tz is None:
                compared, limit = _naive_comparison(values, instants, bound)
            masks.append(~op(compared, limit).fill_null(True))
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


def _naive_comparison(
    values: pl.Expr, instants: pl.Expr | None, bound: object
) -> tuple[pl.Expr, object]:
    """What a naive datetime column compares with ``bound``, and the bound.

    Pydantic compares an aware value with an aware bound by instant (both in
    UTC here), and otherwise the wall-clock times (an aware bound's own
    wall-clock time against naive input).
    """
    if not isinstance(bound, datetime.datetime) or bound.utcoffset() is None:
        return values, bound
    if instants is None:
        return values, bound.replace(tzinfo=None)
    utc = bound.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return instants, utc


def _length(values: pl.Expr, storage: dt.DType) -> pl.Expr:
    if isinstance(storage, dt.String):
        return values.str.len_chars()
    if isinstance(storage, dt.Binary):
        return values.bin.size()
    return values.list.len()
