"""Plan nodes of grouping: ``group_by(...).agg(...)``.

Engine-neutral: keys and aggregations are named IR nodes; the output schema
(keys first, then aggregations) is :func:`group_by_schema`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pydantable.expressions.nodes import Node
from pydantable.plan import _Unary
from pydantable.schema import Column, FrameSchema

__all__ = ["GroupByAgg", "group_by_schema"]


@dataclass(frozen=True)
class GroupByAgg(_Unary):
    """One row per distinct key; aggregations evaluated per group.

    ``keys``/``aggs`` are ``(output name, node)`` pairs; aggregation nodes are
    typed in the group context. ``drop_nulls`` drops rows whose key has a null
    before grouping; ``maintain_order`` keeps groups in order of first
    appearance (otherwise the order is unspecified).
    """

    keys: tuple[tuple[str, Node], ...] = ()
    aggs: tuple[tuple[str, Node], ...] = ()
    maintain_order: bool = False
    drop_nulls: bool = True

    def describe(self) -> str:
        keys = ", ".join(name for name, _ in self.keys)
        aggs = ", ".join(name for name, _ in self.aggs)
        return f"GroupByAgg(keys=[{keys}], aggs=[{aggs}])"


def group_by_schema(
    keys: Iterable[Column], aggs: Iterable[Column], *, drop_nulls: bool = True
) -> FrameSchema:
    """The output schema of :class:`GroupByAgg`: the key columns, then the aggregations.

    ``keys`` and ``aggs`` are the typed outputs (aggregations typed in the
    group context, where a group is never empty). With ``drop_nulls`` rows
    with a null key are dropped first, so the key columns are non-nullable.

    Raises:
        ValueError: an output name repeats.
    """
    columns = [k.with_nullable(False) if drop_nulls else k for k in keys]
    columns += list(aggs)
    try:
        return FrameSchema(columns)
    except ValueError as exc:
        msg = f"group_by().agg() would produce {exc}; use other output names"
        raise ValueError(msg) from None
