"""The logical plan: frozen nodes describing a frame's computation.

A frame is ``(schema, plan)``. Operations append plan nodes; an engine lowering
(:mod:`pydantable.engines`) turns the plan into engine work when the frame is
materialized. Plans reference data only through :class:`Source` handles, so no
engine object appears in the plan's structure.

Every node carries its output schema. The rule that derives it lives beside
the node, as a pure function of the input schema and the node's options
(``drop_schema``, :func:`pydantable.plan.rows.row_index_schema`,
:func:`pydantable.plan.reshape.unpivot_schema` ...): what a step produces is
answered by this package alone. Nodes without a rule (``Filter``, ``Sort``,
``Slice``) keep their input's schema. Typing one expression stays in
:mod:`pydantable.expressions.infer`; a rule receives the typed columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantable.expressions.nodes import Node
from pydantable.schema import Column, FrameSchema

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
    "drop_schema",
    "rename_schema",
    "select_schema",
    "with_columns_schema",
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
    """Project to the given named expressions, in order (see :func:`select_schema`)."""

    exprs: tuple[tuple[str, Node], ...] = ()

    def describe(self) -> str:
        return f"Select({', '.join(name for name, _ in self.exprs)})"


@dataclass(frozen=True)
class WithColumns(_Unary):
    """Add or replace columns (see :func:`with_columns_schema`)."""

    exprs: tuple[tuple[str, Node], ...] = ()

    def describe(self) -> str:
        return f"WithColumns({', '.join(name for name, _ in self.exprs)})"


@dataclass(frozen=True)
class Filter(_Unary):
    """Keep rows where the predicate is true (null counts as false); schema unchanged."""

    predicate: Node | None = None


@dataclass(frozen=True)
class Sort(_Unary):
    """Sort by keys with per-key direction and null placement; schema unchanged."""

    by: tuple[Node, ...] = ()
    descending: tuple[bool, ...] = ()
    nulls_last: tuple[bool, ...] = ()
    maintain_order: bool = False

    def describe(self) -> str:
        return f"Sort({len(self.by)} keys)"


@dataclass(frozen=True)
class Slice(_Unary):
    """Rows ``offset`` to ``offset + length`` (negative offset counts from the end).

    The schema is unchanged.
    """

    offset: int = 0
    length: int | None = None

    def describe(self) -> str:
        return f"Slice(offset={self.offset}, length={self.length})"


@dataclass(frozen=True)
class Rename(_Unary):
    """Rename columns (mapping old → new; see :func:`rename_schema`)."""

    mapping: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Drop(_Unary):
    """Remove columns (see :func:`drop_schema`)."""

    columns: tuple[str, ...] = ()


def select_schema(columns: Iterable[Column]) -> FrameSchema:
    """The output schema of :class:`Select`: its typed outputs, in order.

    Raises:
        ValueError: two outputs have the same name.
    """
    out = list(columns)
    names = [c.name for c in out]
    if len(set(names)) != len(names):
        dupes = sorted({name for name in names if names.count(name) > 1})
        msg = f"select() would produce duplicate column names {dupes}; use .alias()"
        raise ValueError(msg)
    return FrameSchema(out)


def with_columns_schema(schema: FrameSchema, columns: Iterable[Column]) -> FrameSchema:
    """The output schema of :class:`WithColumns`.

    An output named like an input column replaces it in place (its dtype and
    nullability are the output's); other outputs are appended in order.
    """
    out = dict(schema.items())
    for column in columns:
        out[column.name] = column
    return FrameSchema(list(out.values()))


def rename_schema(schema: FrameSchema, mapping: Mapping[str, str]) -> FrameSchema:
    """The output schema of :class:`Rename`: columns keep position, dtype and nullability.

    ``mapping`` (old → new) names existing columns only.

    Raises:
        ValueError: the new names collide.
    """
    columns = [
        schema[name].renamed(mapping[name]) if name in mapping else schema[name]
        for name in schema
    ]
    try:
        return FrameSchema(columns)
    except ValueError as exc:
        msg = f"rename() would produce {exc}"
        raise ValueError(msg) from None


def drop_schema(schema: FrameSchema, columns: Iterable[str]) -> FrameSchema:
    """The output schema of :class:`Drop`: the other columns, in order."""
    dropped = set(columns)
    return FrameSchema([c for c in schema.columns() if c.name not in dropped])


def steps(plan: PlanNode) -> list[PlanNode]:
    """The linear chain of plan nodes from the source to ``plan``."""
    out: list[PlanNode] = []
    node: PlanNode | None = plan
    while node is not None:
        out.append(node)
        ins = node.inputs()
        node = ins[0] if ins else None
    return out[::-1]
