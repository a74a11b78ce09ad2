"""Plan nodes of the joins area: ``Join``, ``JoinAsof`` and ``Concat``.

These nodes have several inputs (``inputs()`` returns all of them); an engine
lowers every input and combines them in one query, so frames built on
different sources can be joined. The output schema of a join is derived here
(engine-neutral) with the column naming and coalescing rules of Polars:

* ``inner``/``left``/``full`` with ``coalesce``: the right key columns are
  dropped (a ``full`` join's key column holds the coalesced keys);
* ``right`` with ``coalesce``: the left key columns are dropped and the left
  columns come first;
* a right column whose name is already taken gets ``suffix``;
* ``semi``/``anti`` keep the left schema; ``cross`` keeps every column.

Nullability follows the join type: the right side of a ``left`` join, the
left side of a ``right`` join and both sides of a ``full`` join become
nullable; an ``inner``/``semi`` join without ``nulls_equal`` makes plain key
columns non-nullable (null keys never match).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantable.expressions import nodes as n
from pydantable.expressions.infer import Typed, unify
from pydantable.plan import PlanNode
from pydantable.schema import Column, FrameSchema, derived_column

__all__ = [
    "Concat",
    "Join",
    "JoinAsof",
    "asof_schema",
    "concat_schema",
    "join_schema",
]

HOWS = ("inner", "left", "right", "full", "semi", "anti", "cross")


@dataclass(frozen=True)
class Join(PlanNode):
    """Join ``left`` with ``right`` on key expressions (one per side)."""

    left: PlanNode
    right: PlanNode
    how: str
    left_on: tuple[n.Node, ...]
    right_on: tuple[n.Node, ...]
    suffix: str
    nulls_equal: bool
    coalesce: bool
    maintain_order: str | None

    def inputs(self) -> tuple[PlanNode, ...]:
        return (self.left, self.right)

    def describe(self) -> str:
        keys = len(self.left_on)
        return f"Join(how={self.how}, keys={keys}, right={self.right.describe()})"


@dataclass(frozen=True)
class JoinAsof(PlanNode):
    """As-of join: each left row takes the nearest right row by an ordered key.

    Both inputs are sorted by their key before joining (so input order does
    not matter; the output follows the left key's order, nulls first).
    """

    left: PlanNode
    right: PlanNode
    left_on: str
    right_on: str
    by_left: tuple[str, ...]
    by_right: tuple[str, ...]
    strategy: str
    tolerance: Any
    suffix: str
    allow_exact_matches: bool

    def inputs(self) -> tuple[PlanNode, ...]:
        return (self.left, self.right)

    def describe(self) -> str:
        return f"JoinAsof(on={self.left_on}, strategy={self.strategy})"


@dataclass(frozen=True)
class Concat(PlanNode):
    """Concatenate frames: ``vertical``/``diagonal`` stack rows, ``horizontal`` columns.

    Every input is brought to the output schema's dtypes (and, for
    ``diagonal``, missing columns are filled with nulls) before stacking.
    """

    frames: tuple[PlanNode, ...]
    how: str

    def inputs(self) -> tuple[PlanNode, ...]:
        return self.frames

    def describe(self) -> str:
        return f"Concat(how={self.how}, frames={len(self.frames)})"


def _nullable(column: Column, nullable: bool) -> Column:
    return column.with_nullable(True) if nullable else column


def _suffixed(left: list[Column], right: list[Column], suffix: str) -> list[Column]:
    taken = {c.name for c in left}
    out = list(left)
    for column in right:
        out.append(
            column.renamed(column.name + suffix) if column.name in taken else column
        )
    names = [c.name for c in out]
    if len(set(names)) != len(names):
        dupes = sorted({x for x in names if names.count(x) > 1})
        msg = (
            f"the join would produce duplicate column names {dupes} (suffix "
            f"{suffix!r}); rename columns first or pass another suffix="
        )
        raise ValueError(msg)
    return out


def join_schema(
    left: FrameSchema,
    right: FrameSchema,
    how: str,
    left_on: tuple[n.Node, ...],
    right_on: tuple[n.Node, ...],
    left_types: list[Typed],
    right_types: list[Typed],
    *,
    suffix: str,
    nulls_equal: bool,
    coalesce: bool,
) -> FrameSchema:
    """The output schema of a join (Polars naming; see the module docstring)."""
    if how in ("semi", "anti"):
        cols = list(left.columns())
        if how == "semi" and not nulls_equal:
            keys = {k.name for k in left_on if isinstance(k, n.Col)}
            cols = [c.with_nullable(False) if c.name in keys else c for c in cols]
        return FrameSchema(cols)
    if how == "cross":
        return FrameSchema(
            _suffixed(list(left.columns()), list(right.columns()), suffix)
        )
    left_keys = [k.name if isinstance(k, n.Col) else None for k in left_on]
    right_keys = [k.name if isinstance(k, n.Col) else None for k in right_on]
    tighten = how == "inner" and not nulls_equal
    lcols = [
        c.with_nullable(False) if tighten and c.name in left_keys else c
        for c in left.columns()
    ]
    rcols = [
        c.with_nullable(False) if tighten and c.name in right_keys else c
        for c in right.columns()
    ]
    if how == "right" and coalesce:
        lcols = [_nullable(c, True) for c in lcols if c.name not in left_keys]
        return FrameSchema(_suffixed(lcols, rcols, suffix))
    if coalesce:
        rcols = [c for c in rcols if c.name not in right_keys]
    if how == "full" and coalesce:
        merged: dict[str | None, Typed] = {}
        for lk, lt, rt in zip(left_keys, left_types, right_types, strict=True):
            merged[lk] = unify([lt, rt], what="join keys")
        lcols = [
            _merged_key(c, merged[c.name]) if c.name in merged else _nullable(c, True)
            for c in lcols
        ]
    else:
        lcols = [_nullable(c, how in ("right", "full")) for c in lcols]
    rcols = [_nullable(c, how in ("left", "full")) for c in rcols]
    return FrameSchema(_suffixed(lcols, rcols, suffix))


def _merged_key(column: Column, merged: Typed) -> Column:
    """A full join's coalesced key column (common dtype of both keys)."""
    if column.dtype == merged.dtype:
        return column.with_nullable(merged.nullable)
    return derived_column(column.name, merged.dtype, merged.nullable)


def asof_schema(
    left: FrameSchema,
    right: FrameSchema,
    left_on: str,
    right_on: str,
    by_right: tuple[str, ...],
    suffix: str,
) -> FrameSchema:
    """The output schema of an as-of join (right columns become nullable)."""
    dropped = set(by_right)
    if left_on == right_on:
        dropped.add(right_on)
    rcols = [c.with_nullable(True) for c in right.columns() if c.name not in dropped]
    return FrameSchema(_suffixed(list(left.columns()), rcols, suffix))


def concat_schema(schemas: list[FrameSchema], how: str) -> FrameSchema:
    """The output schema of :class:`Concat`.

    ``vertical``: every frame has the same column names (order taken from the
    first); ``diagonal``: the union of the columns in order of appearance
    (a column missing from a frame is nullable); ``horizontal``: every
    column of every frame, names must not repeat. Dtypes of one column are
    unified (equal, or numeric widening / a semantic type and its storage).
    """
    if how == "horizontal":
        columns = [c for s in schemas for c in s.columns()]
        names = [c.name for c in columns]
        if len(set(names)) != len(names):
            dupes = sorted({x for x in names if names.count(x) > 1})
            msg = (
                f"concat(how='horizontal') needs distinct column names; {dupes} repeat"
            )
            raise ValueError(msg)
        return FrameSchema(columns)
    first = schemas[0]
    if how == "vertical":
        for index, schema in enumerate(schemas[1:], start=1):
            if set(schema) != set(first):
                missing = sorted(set(first) - set(schema))
                extra = sorted(set(schema) - set(first))
                msg = (
                    f"concat(how='vertical') needs the same columns in every frame; "
                    f"frame {index} lacks {missing} and has extra {extra} (use "
                    "how='diagonal' to fill missing columns with nulls)"
                )
                raise ValueError(msg)
    order: list[str] = []
    for schema in schemas:
        order.extend(name for name in schema if name not in order)
    out = []
    for name in order:
        present = [s[name] for s in schemas if name in s]
        typed = [Typed(c.dtype, c.nullable) for c in present]
        try:
            common = unify(typed, what=f"concat: column {name!r} values")
        except TypeError:
            dtypes = ", ".join(repr(c.dtype) for c in present)
            msg = f"concat: column {name!r} has incompatible dtypes across frames ({dtypes})"
            raise TypeError(msg) from None
        nullable = common.nullable or len(present) < len(schemas)
        base = present[0]
        if base.dtype == common.dtype:
            out.append(base.with_nullable(nullable))
        else:
            out.append(derived_column(name, common.dtype, nullable))
    return FrameSchema(out)
