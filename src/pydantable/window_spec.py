"""Spark-style window specifications: ``Window.partitionBy(...).orderBy(...)``.

A :class:`WindowSpec` is an immutable description of a window: partition keys,
order keys (each with its own direction and null placement) and an optional
frame (``rowsBetween``/``rangeBetween``). Pass it to ``Expr.over``.
``Window.partitionBy(...)`` returns a spec that is also the builder:
``.orderBy(...)``, ``.rowsBetween(...)``, ``.rangeBetween(...)`` and ``.spec()``.

Frame bounds are signed offsets, as in Spark: negative values are *preceding*
rows (or key distances), ``0`` is the current row, positive values are
*following*; :attr:`Window.unboundedPreceding` / :attr:`Window.unboundedFollowing`
leave a side open. A RANGE frame bounds the values of the **first** order key
(rows equal on it are peers; later keys only sort); int offsets are in the key's
physical unit (days for a date, microseconds for a datetime or duration).
Without a frame, aggregates (``window_sum``, ``x.sum().over(spec)``, ...) cover
the whole partition, ``first_value``/``last_value``/``nth_value`` run up to the
current row's last peer.

Example:
    >>> from pydantable.window_spec import Window
    >>> w = Window.partitionBy("region").orderBy("day").rowsBetween(-1, 0)
    >>> w.partition_by, w.order_by, w.frame_kind, w.frame_start, w.frame_end
    (('region',), (('day', True, None),), 'rows', -1, 0)
    >>> Window.partitionBy("region").spec().order_by
    ()
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
FRAME_KINDS = ("rows", "range")

#: A normalised frame: (kind, start, end); ``None`` marks an unbounded side.
Frame = tuple[str, Any, Any]
#: An order key: (column name or expression, ascending, nulls_last or None).
OrderKey = tuple[Any, bool, "bool | None"]


def _flags(
    value: Any, count: int, what: str, *, optional: bool = False
) -> tuple[Any, ...]:
    """One flag per key: a shared ``bool`` (or ``None`` when ``optional``) or a list."""

    def ok(flag: Any) -> bool:
        return isinstance(flag, bool) or (optional and flag is None)

    if ok(value):
        return (value,) * count
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        msg = f"{what} must be a bool or a list of bools; got {value!r}"
        raise ValueError(msg)
    flags = tuple(value)
    if len(flags) != count:
        msg = f"{what} length must match columns length."
        raise ValueError(msg)
    if not all(ok(f) for f in flags):
        msg = f"{what} must be a bool or a list of bools; got {value!r}"
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


def _frame(kind: str, start: Any, end: Any) -> Frame:
    """The normalised frame of ``kind`` between ``start`` and ``end`` (validated)."""
    lo = _bound(start, kind=kind, side="start")
    hi = _bound(end, kind=kind, side="end")
    if isinstance(lo, _dt.timedelta) and hi == 0:
        hi = _dt.timedelta(0)  # currentRow next to a time offset
    if isinstance(hi, _dt.timedelta) and lo == 0:
        lo = _dt.timedelta(0)
    if lo is not None and hi is not None:
        if isinstance(lo, _dt.timedelta) != isinstance(hi, _dt.timedelta):
            msg = (
                f"{kind}Between bounds must have the same kind; got {start!r}, {end!r}"
            )
            raise TypeError(msg)
        if lo > hi:
            msg = f"{kind}Between start {start!r} is after end {end!r}"
            raise ValueError(msg)
    return (kind, lo, hi)


def _order_key(entry: Any) -> OrderKey:
    if isinstance(entry, str) or is_expr(entry):
        return (entry, True, None)
    if isinstance(entry, tuple) and len(entry) == 3:
        (key,) = _keys((entry[0],), "order_by")
        ascending, nulls_last = entry[1], entry[2]
        if isinstance(ascending, bool) and (
            nulls_last is None or isinstance(nulls_last, bool)
        ):
            return (key, ascending, nulls_last)
    msg = (
        "order_by entries must be (column, ascending: bool, nulls_last: bool | None); "
        f"got {entry!r}"
    )
    raise TypeError(msg)


def _as_tuple(value: Any) -> tuple[Any, ...]:
    if isinstance(value, str) or is_expr(value):
        return (value,)
    return tuple(value)


@dataclass(frozen=True)
class WindowSpec:
    """An immutable window: partition keys, order keys and an optional frame.

    ``order_by`` holds ``(column, ascending, nulls_last)`` triples (``nulls_last=None``:
    the default placement, nulls first); ``frame_kind`` is ``"rows"``, ``"range"`` or
    ``None``, and ``frame_start``/``frame_end`` are the bounds as given.

    Example:
        >>> from pydantable.window_spec import Window
        >>> w = Window.partitionBy("g").orderBy("t", "u", ascending=[True, False])
        >>> w.order_by
        (('t', True, None), ('u', False, None))
        >>> w.rangeBetween(Window.unboundedPreceding, Window.currentRow).frame
        ('range', None, 0)
    """

    partition_by: tuple[Any, ...] = ()
    order_by: tuple[OrderKey, ...] = ()
    frame_kind: str | None = None
    frame_start: Any = None
    frame_end: Any = None

    def __post_init__(self) -> None:
        parts = _keys(_as_tuple(self.partition_by), "partitionBy")
        object.__setattr__(self, "partition_by", parts)
        orders = tuple(_order_key(o) for o in _as_tuple(self.order_by))
        object.__setattr__(self, "order_by", orders)
        if self.frame_kind is None:
            if self.frame_start is not None or self.frame_end is not None:
                msg = "frame_start/frame_end need frame_kind='rows' or 'range'"
                raise ValueError(msg)
        elif self.frame_kind not in FRAME_KINDS:
            msg = f"frame_kind must be 'rows', 'range' or None; got {self.frame_kind!r}"
            raise ValueError(msg)
        else:
            _frame(self.frame_kind, self.frame_start, self.frame_end)

    # -- derived views ---------------------------------------------------------

    @property
    def frame(self) -> Frame | None:
        """``(kind, start, end)`` with ``None`` for unbounded sides, or ``None``."""
        if self.frame_kind is None:
            return None
        return _frame(self.frame_kind, self.frame_start, self.frame_end)

    @property
    def partition(self) -> tuple[Any, ...]:
        """The partition keys (``partition_by``)."""
        return self.partition_by

    @property
    def order(self) -> tuple[Any, ...]:
        """The order keys, without their flags."""
        return tuple(key for key, _, _ in self.order_by)

    @property
    def descending(self) -> tuple[bool, ...]:
        """One flag per order key: whether it sorts descending."""
        return tuple(not ascending for _, ascending, _ in self.order_by)

    @property
    def nulls_last(self) -> tuple[bool, ...]:
        """One flag per order key: whether nulls sort last (default: first)."""
        return tuple(bool(last) for _, _, last in self.order_by)

    # -- builder ---------------------------------------------------------------

    def partitionBy(self, *cols: Any) -> WindowSpec:  # noqa: N802 - Spark name
        """Partition by columns or expressions (replaces earlier partition keys)."""
        keys = _keys(cols, "partitionBy")
        if not keys:
            msg = "partitionBy() requires at least one column name."
            raise ValueError(msg)
        return replace(self, partition_by=keys)

    def orderBy(  # noqa: N802 - Spark name
        self,
        *cols: Any,
        ascending: bool | Sequence[bool] = True,
        nulls_last: bool | Sequence[bool | None] | None = None,
    ) -> WindowSpec:
        """Order rows within partitions; ``ascending``/``nulls_last`` per key or shared.

        Example:
            >>> from pydantable.window_spec import Window
            >>> Window.partitionBy("g").orderBy("t", nulls_last=True).order_by
            (('t', True, True),)
        """
        keys = _keys(cols, "orderBy")
        if not keys:
            msg = "orderBy() requires at least one column."
            raise ValueError(msg)
        asc = _flags(ascending, len(keys), "ascending")
        last = _flags(nulls_last, len(keys), "nulls_last", optional=True)
        order = tuple(zip(keys, asc, last, strict=True))
        return replace(self, order_by=order)

    def rowsBetween(self, start: int, end: int) -> WindowSpec:  # noqa: N802
        """A ROWS frame: ``start``/``end`` rows relative to the current row."""
        _frame("rows", start, end)
        return replace(self, frame_kind="rows", frame_start=start, frame_end=end)

    def rangeBetween(self, start: Any, end: Any) -> WindowSpec:  # noqa: N802
        """A RANGE frame: offsets applied to the first order key's value.

        Int offsets are in the key's physical unit (days for a date, microseconds
        for a datetime or duration); ``timedelta`` offsets work on temporal keys.
        """
        _frame("range", start, end)
        return replace(self, frame_kind="range", frame_start=start, frame_end=end)

    def spec(self) -> WindowSpec:
        """The finished spec (``Window.partitionBy("g").spec()``: partition only).

        Example:
            >>> from pydantable.window_spec import Window
            >>> s = Window.partitionBy("g").spec()
            >>> s.partition_by, s.order_by, s.frame_kind
            (('g',), (), None)
        """
        return self


class Window:
    """Builders of :class:`WindowSpec` (``Window.partitionBy("g").orderBy("t")``)."""

    unboundedPreceding = UNBOUNDED_PRECEDING  # noqa: N815 - Spark name
    unboundedFollowing = UNBOUNDED_FOLLOWING  # noqa: N815 - Spark name
    currentRow = CURRENT_ROW  # noqa: N815 - Spark name

    @staticmethod
    def partitionBy(*cols: Any) -> WindowSpec:  # noqa: N802 - Spark name
        """A window partitioned by ``cols`` (at least one)."""
        return WindowSpec().partitionBy(*cols)

    @staticmethod
    def orderBy(  # noqa: N802 - Spark name
        *cols: Any,
        ascending: bool | Sequence[bool] = True,
        nulls_last: bool | Sequence[bool | None] | None = None,
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
