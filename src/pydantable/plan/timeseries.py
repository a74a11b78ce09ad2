"""Plan nodes of time-series transforms: rolling and dynamic-window aggregation.

Each node's output-schema rule sits beside it (:func:`rolling_schema`,
:func:`dynamic_schema`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pydantable import dtypes as dt
from pydantable.expressions.nodes import Node
from pydantable.plan import _Unary
from pydantable.schema import Column, FrameSchema, derived_column

__all__ = ["GroupByDynamic", "RollingAgg", "dynamic_schema", "rolling_schema"]


@dataclass(frozen=True)
class RollingAgg(_Unary):
    """Add ``out_name``: ``op`` of ``column`` over the range window ``[t - size, t]``.

    ``window`` is a duration string (``"1h"``, ``"3d"``) for temporal ``on``
    columns or a value distance (``"5i"``) for integer ones; both ends are
    included; ``by`` partitions. Output rows keep the input order.
    """

    on: str = ""
    column: str = ""
    op: str = "sum"
    window: str = ""
    out_name: str = ""
    by: tuple[str, ...] = ()
    min_periods: int = 1

    def describe(self) -> str:
        return f"RollingAgg({self.op}({self.column}) over {self.on} {self.window})"


def rolling_schema(
    schema: FrameSchema,
    *,
    on: str,
    column: str,
    op: str,
    out_name: str,
    min_periods: int = 1,
) -> FrameSchema:
    """The output schema of :class:`RollingAgg`: the input plus ``out_name``.

    ``out_name`` replaces a column of that name in place, else it is
    appended. ``count`` gives a non-nullable Int64; ``mean``/``std``/``var``/
    ``median`` give Float64, the other ops ``column``'s dtype. The result is
    nullable when ``column`` or ``on`` is, when ``min_periods > 1`` (a
    window may hold too few rows) and always for ``std``/``var`` (a one-row
    window).
    """
    value, index = schema[column], schema[on]
    if op == "count":
        result = derived_column(out_name, dt.Int64(), False)
    else:
        dtype = dt.Float64() if op in ("mean", "std", "var", "median") else value.dtype
        nullable = value.nullable or index.nullable or min_periods > 1
        result = derived_column(out_name, dtype, nullable or op in ("std", "var"))
    columns = dict(schema.items())
    columns[out_name] = result
    return FrameSchema(list(columns.values()))


@dataclass(frozen=True)
class GroupByDynamic(_Unary):
    """Aggregate rows into time windows of ``index``; keys are window starts.

    Rows with a null ``index`` belong to no window and are left out.
    """

    index: str = ""
    every: str = ""
    period: str | None = None
    offset: str | None = None
    by: tuple[str, ...] = ()
    closed: str = "left"
    label: str = "left"
    include_boundaries: bool = False
    start_by: str = "window"
    aggs: tuple[tuple[str, Node], ...] = ()

    def describe(self) -> str:
        return f"GroupByDynamic({self.index}, every={self.every})"


def dynamic_schema(
    schema: FrameSchema,
    aggs: Iterable[Column],
    *,
    index: str,
    by: Iterable[str] = (),
    include_boundaries: bool = False,
) -> FrameSchema:
    """The output schema of :class:`GroupByDynamic`.

    The ``by`` columns, with ``include_boundaries`` the non-nullable
    ``lower_boundary``/``upper_boundary`` (Int64 for an int index, else a
    Datetime with the index's time zone), the ``index`` column (window
    labels, non-nullable: null-index rows belong to no window), then the
    typed aggregations.

    Raises:
        ValueError: an output name repeats.
    """
    columns = [schema[name] for name in by]
    column = schema[index]
    if include_boundaries:
        bound = (
            dt.Int64() if isinstance(column.dtype, dt.Int64)
            else dt.Datetime(getattr(column.dtype, "tz", None))
        )  # fmt: skip
        columns += [
            derived_column("lower_boundary", bound, False),
            derived_column("upper_boundary", bound, False),
        ]
    columns.append(column.with_nullable(False))
    columns += list(aggs)
    try:
        return FrameSchema(columns)
    except ValueError as exc:
        msg = f"group_by_dynamic().agg() would produce {exc}; use other names"
        raise ValueError(msg) from None
