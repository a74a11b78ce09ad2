"""The logical plan: frozen nodes describing a frame's computation.

A frame is ``(schema, plan)``. Operations append plan nodes; an engine lowering
(:mod:`pydantable.engines`) turns the plan into engine work when the frame is
materialized. Plans reference data only through :class:`Source` handles, so no
engine object appears in the plan's structure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantable.expressions.nodes import Node
from pydantable.schema import FrameSchema

__all__ = [
    "Drop",
    "Filter",
    "PlanNode",
    "Rename",
    "Select",
    "Slice",
    "Sort",
    "Source",
    "WithColumns",
]


@dataclass(frozen=True)
class PlanNode:
    """Base class of plan nodes; ``schema`` is the node's output schema."""

    schema: FrameSchema

    def inputs(self) -> tuple[PlanNode, ...]:
        """The plan nodes this node reads from."""
        return ()

    def describe(self) -> str:
        """One line describing this step (used by ``explain``)."""
        return type(self).__name__

    def engines(self) -> set[str]:
        """The names of the engines owning this plan's sources."""
        found: set[str] = set()
        for node in self.inputs():
            found |= node.engines()
        return found


@dataclass(frozen=True, eq=False, repr=False)
class Source(PlanNode):
    """Validated in-memory data owned by an engine.

    ``data`` is the engine's native table (for the embedded Polars engine a
    ``polars.DataFrame``); ``engine`` names its owner. Compared by identity.
    """

    data: Any = field(repr=False)
    engine: str = "polars"
    rows: int | None = None

    def engines(self) -> set[str]:
        return {self.engine}

    def describe(self) -> str:
        rows = "?" if self.rows is None else str(self.rows)
        return f"Source(engine={self.engine}, rows={rows})"


@dataclass(frozen=True)
class _Unary(PlanNode):
    input: PlanNode

    def inputs(self) -> tuple[PlanNode, ...]:
        return (self.input,)


@dataclass(frozen=True)
class Select(_Unary):
    """Project to the given named expressions, in order."""

    exprs: tuple[tuple[str, Node], ...] = ()

    def describe(self) -> str:
        return f"Select({', '.join(name for name, _ in self.exprs)})"


@dataclass(frozen=True)
class WithColumns(_Unary):
    """Add or replace columns (new ones appended in order)."""

    exprs: tuple[tuple[str, Node], ...] = ()

    def describe(self) -> str:
        return f"WithColumns({', '.join(name for name, _ in self.exprs)})"


@dataclass(frozen=True)
class Filter(_Unary):
    """Keep rows where the predicate is true (null counts as false)."""

    predicate: Node | None = None


@dataclass(frozen=True)
class Sort(_Unary):
    """Sort by keys with per-key direction and null placement."""

    by: tuple[Node, ...] = ()
    descending: tuple[bool, ...] = ()
    nulls_last: tuple[bool, ...] = ()
    maintain_order: bool = False

    def describe(self) -> str:
        return f"Sort({len(self.by)} keys)"


@dataclass(frozen=True)
class Slice(_Unary):
    """Rows ``offset`` to ``offset + length`` (negative offset counts from the end)."""

    offset: int = 0
    length: int | None = None

    def describe(self) -> str:
        return f"Slice(offset={self.offset}, length={self.length})"


@dataclass(frozen=True)
class Rename(_Unary):
    """Rename columns (mapping old → new)."""

    mapping: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Drop(_Unary):
    """Remove columns."""

    columns: tuple[str, ...] = ()


def steps(plan: PlanNode) -> list[PlanNode]:
    """The linear chain of plan nodes from the source to ``plan``."""
    out: list[PlanNode] = []
    node: PlanNode | None = plan
    while node is not None:
        out.append(node)
        ins = node.inputs()
        node = ins[0] if ins else None
    return out[::-1]
