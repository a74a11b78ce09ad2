"""The base of :class:`~pydantable.frame.BaseFrame`'s method mixins.

Each area of the frame API (grouping, joins, reshaping, row and column
operations, time series) is a mixin class in its own module; ``BaseFrame``
inherits them all. :class:`FrameMixin` declares, for the type checker only,
the ``BaseFrame`` internals and core methods the mixins build on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import polars as pl

    from pydantable import plan as p
    from pydantable.expressions.expr import ColumnRef, Expr
    from pydantable.expressions.nodes import Node
    from pydantable.frame import BaseFrame
    from pydantable.schema import Column, FrameSchema

__all__ = ["FrameMixin"]


class FrameMixin:
    """Declares the :class:`BaseFrame` internals available to mixin methods."""

    __slots__ = ()

    if TYPE_CHECKING:
        _plan: p.PlanNode
        _height: int | None

        @classmethod
        def _for_schema(cls, schema: FrameSchema) -> type[BaseFrame]: ...

        def _derive(
            self, plan: p.PlanNode, *, height: int | None = None
        ) -> BaseFrame: ...

        def _bind(self, value: Any) -> Expr: ...

        def _named(
            self, items: Iterable[Any], named: Mapping[str, Any]
        ) -> list[tuple[str, Node, Column]]: ...

        def _column_for(self, name: str, node: Node) -> Column: ...

        @property
        def schema(self) -> FrameSchema: ...

        @property
        def columns(self) -> list[str]: ...

        @property
        def height(self) -> int: ...

        def col(self, name: str) -> ColumnRef: ...

        def select(
            self, *exprs: Any, exclude: Any = None, **named: Any
        ) -> BaseFrame: ...

        def with_columns(self, *exprs: Any, **named: Any) -> BaseFrame: ...

        def filter(self, *predicates: Any) -> BaseFrame: ...

        def sort(
            self,
            *by: Any,
            descending: bool | list[bool] = False,
            nulls_last: bool | list[bool] = False,
            maintain_order: bool = False,
        ) -> BaseFrame: ...

        def slice(self, offset: int, length: int | None = None) -> BaseFrame: ...

        def rename(
            self, mapping: Mapping[str, str], *, strict: bool = True
        ) -> BaseFrame: ...

        def to_polars(self) -> pl.DataFrame: ...
