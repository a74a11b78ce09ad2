"""Spark-style window specifications: ``Window.partitionBy(...).orderBy(...)``.

A :class:`WindowSpec` is an immutable description of a window: partition keys,
order keys (each with its own direction and null placement) and an optional
frame (``rowsBetween``/``rangeBetween``). Pass it to ``Expr.over``.

Frame bounds are signed offsets, as in Spark: negative values are *preceding*
rows (or key distances), ``0`` is the current row, positive values are
*following*; :attr:`Window.unboundedPreceding` / :attr:`Window.unboundedFollowing`
leave a side open. Without a frame, an ordered window uses the SQL default frame
``RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW`` (the current row's peers
included) and an unordered window the whole partition.

Example:
    >>> from pydantable.window_spec import Window
    >>> w = Window.partitionBy("region").orderBy("day").rowsBetween(-1, 0)
    >>> w.frame
    ('rows', -1, 0)
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from pydantable.expressions.mixin import is_expr

__all__ = ["Window", "WindowSpec"]

UNBOUNDED_PRECEDING = -(2**63)
UNBOUNDED_FOLLOWING = 2**63 - 1
CURRENT_ROW = 0

#: A frame: (kind, start, end); ``None`` marks an unbounded side.
Frame = tuple[str, Any, Any]


def _flags(value: bool | Sequence[bool], count: int, what: str) -> tuple[bool, ...]:
    if isinstance(value, bool):
        return (value,) * count
    flags = tuple(value)
    if len(flags) != count or not all(isinstance(f, bool) for f in flags):
        msg = f"{what} must be a bool or a list of {count} bools; got {value!r}"
        raise ValueError(msg)
    return flags


def _keys(cols: tuple[Any, ...], what: str) -> tuple[Any, ...]:
    flat: list[Any] = []
    for c in cols:
        if isinstance(c, (list, tuple)):
            flat.extend(c)
        else:
            flat.append(c)
    for c in flat:
        if not (isinstance(c, str) or is_expr(c)):
            msg = f"{what} takes column names or expressions; got {c!r}"
            raise TypeError(msg)
    return tuple(flat)


def _bound(value: Any, *, kind: str, side: str) -> Any:
    """A frame bound: ``None`` (unbounded) or a signed offset."""
    if isinstance(value, bool) or not isinstance(value, (int, float, _dt.timedelta)):
        msg = f"{kind}Between {side} must be a number or timedelta; got {value!r}"
        raise TypeError(msg)
    if isinstance(value, int):
        if side == "start" and value <= UNBOUNDED_PRECEDING:
            return None
        if side == "end" and value >= UNBOUNDED_FOLLOWING:
            return None
        if side == "start" and value >= UNBOUNDED_FOLLOWING:
            msg = "a frame cannot start at unboundedFollowing"
            raise ValueError(msg)
        if side == "end" and value <= UNBOUNDED_PRECEDING:
            msg = "a frame cannot end at unboundedPreceding"
            raise ValueError(msg)
    if kind == "rows" and not isinstance(value, int):
        msg = f"rowsBetween bounds are row counts (int); got {value!r}"
        raise TypeError(msg)
    if isinstance(value, float) and value != value:
        msg = "a frame bound cannot be NaN"
        raise ValueError(msg)
    return value


@dataclass(frozen=True)
class WindowSpec:
    """An immutable window: partition keys, order keys and an optional frame."""

    partition: tuple[Any, ...] = ()
    order: tuple[Any, ...] = ()
    descending: tuple[bool, ...] = ()
    nulls_last: tuple[bool, ...] = ()
    frame: Frame | None = None

    def partitionBy(self, *cols: Any) -> WindowSpec:  # noqa: N802 - Spark name
        """Partition by columns or expressions (replaces earlier partition keys)."""
        return replace(self, partition=_keys(cols, "partitionBy"))

    def orderBy(  # noqa: N802 - Spark name
        self,
        *cols: Any,
        ascending: bool | Sequence[bool] = True,
        nulls_last: bool | Sequence[bool] = False,
    ) -> WindowSpec:
        """Order rows within partitions; ``ascending``/``nulls_last`` per key or shared."""
        keys = _keys(cols, "orderBy")
        if not keys:
            msg = "orderBy needs at least one column"
            raise ValueError(msg)
        asc = _flags(ascending, len(keys), "ascending")
        return replace(
            self,
            order=keys,
            descending=tuple(not a for a in asc),
            nulls_last=_flags(nulls_last, len(keys), "nulls_last"),
        )

    def rowsBetween(self, start: int, end: int) -> WindowSpec:  # noqa: N802
        """A ROWS frame: ``start``/``end`` rows relative to the current row."""
        return replace(self, frame=self._frame("rows", start, end))

    def rangeBetween(self, start: Any, end: Any) -> WindowSpec:  # noqa: N802
        """A RANGE frame: offsets applied to the first order key's value."""
        return replace(self, frame=self._frame("range", start, end))

    @staticmethod
    def _frame(kind: str, start: Any, end: Any) -> Frame:
        lo = _bound(start, kind=kind, side="start")
        hi = _bound(end, kind=kind, side="end")
        if isinstance(lo, _dt.timedelta) and hi == 0:
            hi = _dt.timedelta(0)  # currentRow next to a time offset
        if isinstance(hi, _dt.timedelta) and lo == 0:
            lo = _dt.timedelta(0)
        if lo is not None and hi is not None:
            if isinstance(lo, _dt.timedelta) != isinstance(hi, _dt.timedelta):
                msg = f"{kind}Between bounds must have the same kind; got {start!r}, {end!r}"
                raise TypeError(msg)
            if lo > hi:
                msg = f"{kind}Between start {start!r} is after end {end!r}"
                raise ValueError(msg)
        return (kind, lo, hi)


class Window:
    """Builders of :class:`WindowSpec` (``Window.partitionBy("g").orderBy("t")``)."""

    unboundedPreceding = UNBOUNDED_PRECEDING  # noqa: N815 - Spark name
    unboundedFollowing = UNBOUNDED_FOLLOWING  # noqa: N815 - Spark name
    currentRow = CURRENT_ROW  # noqa: N815 - Spark name

    @staticmethod
    def partitionBy(*cols: Any) -> WindowSpec:  # noqa: N802 - Spark name
        """A window partitioned by ``cols``."""
        return WindowSpec().partitionBy(*cols)

    @staticmethod
    def orderBy(  # noqa: N802 - Spark name
        *cols: Any,
        ascending: bool | Sequence[bool] = True,
        nulls_last: bool | Sequence[bool] = False,
    ) -> WindowSpec:
        """A window over the whole frame ordered by ``cols``."""
        return WindowSpec().orderBy(*cols, ascending=ascending, nulls_last=nulls_last)

    @staticmethod
    def rowsBetween(start: int, end: int) -> WindowSpec:  # noqa: N802
        """An unpartitioned, unordered window with a ROWS frame."""
        return WindowSpec().rowsBetween(start, end)

    @staticmethod
    def rangeBetween(start: Any, end: Any) -> WindowSpec:  # noqa: N802
        """An unpartitioned window with a RANGE frame."""
        return WindowSpec().rangeBetween(start, end)
