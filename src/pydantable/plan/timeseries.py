"""Plan nodes of time-series transforms: rolling and dynamic-window aggregation."""

from __future__ import annotations

from dataclasses import dataclass

from pydantable.expressions.nodes import Node
from pydantable.plan import _Unary

__all__ = ["GroupByDynamic", "RollingAgg"]


@dataclass(frozen=True)
class RollingAgg(_Unary):
    """Add ``out_name``: ``op`` of ``column`` over the range window ``(t - size, t]``.

    ``window`` is a duration string (``"1h"``, ``"3d"``) for temporal ``on``
    columns or a row-value count (``"5i"``) for integer ones; ``by`` partitions.
    Output rows keep the input order.
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
