"""``FrameCore``: what the frame's method families may use of the frame.

Each family of frame methods (select, rows, nulls, columns, joins, grouping,
reshape, time series, materialization, I/O) is a class of its own module in
:mod:`pydantable.frame`; :class:`~pydantable.frame.BaseFrame` combines them.
A family sees the rest of the frame only through this Protocol: for the type
checker every family is a ``FrameCore`` (:data:`FrameMethods`), at run time
it is a plain class. ``pydantable.frame`` asserts, for mypy, that
``BaseFrame`` implements the Protocol, so a member used here and changed
there fails type checking instead of drifting.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from typing_extensions import Self

if TYPE_CHECKING:
    import polars as pl
    import pydantic

    from pydantable import plan as p
    from pydantable.expressions.expr import ColumnRef, Expr
    from pydantable.expressions.nodes import Node
    from pydantable.frame import BaseFrame
    from pydantable.schema import Column, FrameSchema

__all__ = ["FrameCore", "FrameMethods"]


class FrameCore(Protocol):
    """The frame internals and core methods the method families build on."""

    _plan: p.PlanNode
    _height: int | None

    @classmethod
    def _for_schema(cls, schema: FrameSchema) -> type[BaseFrame]: ...

    def _derive(self, plan: p.PlanNode, *, height: int | None = None) -> BaseFrame: ...

    def _derive_same(self, plan: p.PlanNode, *, height: int | None = None) -> Self: ...

    def _bind(self, value: Any) -> Expr: ...

    def _named(
        self, items: Iterable[Any], named: Mapping[str, Any]
    ) -> list[tuple[str, Node, Column]]: ...

    def _column_for(self, name: str, node: Node) -> Column: ...

    def _subset(
        self, subset: Any, *, op: str | None = None, arg: str | None = "subset"
    ) -> list[str]: ...

    @classmethod
    def _row_model(cls) -> type[pydantic.BaseModel] | None: ...

    @property
    def schema(self) -> FrameSchema: ...

    @property
    def columns(self) -> list[str]: ...

    @property
    def height(self) -> int: ...

    def col(self, name: str) -> ColumnRef: ...

    def select(self, *exprs: Any, exclude: Any = None, **named: Any) -> BaseFrame: ...

    def with_columns(self, *exprs: Any, **named: Any) -> BaseFrame: ...

    def filter(self, *predicates: Any) -> Self: ...

    def sort(
        self,
        *by: Any,
        descending: bool | list[bool] = False,
        nulls_last: bool | list[bool] = False,
        maintain_order: bool = False,
    ) -> Self: ...

    def slice(self, offset: int, length: int | None = None) -> Self: ...

    def rename(
        self, mapping: Mapping[str, str], *, strict: bool = True
    ) -> BaseFrame: ...

    def to_polars(self) -> pl.DataFrame: ...


if TYPE_CHECKING:
    #: The base class of a method family: the Protocol for the type checker,
    #: ``object`` at run time (the real members come from ``BaseFrame``).
    FrameMethods = FrameCore
else:
    FrameMethods = object
