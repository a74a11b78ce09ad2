"""Plan nodes of grouping: ``group_by(...).agg(...)``.

Engine-neutral: keys and aggregations are named IR nodes; the output schema
(keys first, then aggregations) is computed by :mod:`pydantable.frame.grouping`.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantable.expressions.nodes import Node
from pydantable.plan import _Unary

__all__ = ["GroupByAgg"]


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
