"""Plan nodes of row-level operations (unique, top_k, fill_null strategies, ...).

Engine-neutral: options are plain Python values, expressions are IR nodes.
Nodes that only choose or reorder rows (``Unique``, ``TopK``, ``Sample``,
``GatherEvery``) and ``Clip`` keep their input's schema; the others have an
output-schema rule beside them. Nullability is tightened only when sound:
``drop_nulls`` closes the columns it guarantees null-free, the ``zero``/``one``
fill strategies close the columns they fill.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pydantable import dtypes
from pydantable.expressions.nodes import Node
from pydantable.plan import _Unary
from pydantable.schema import Column, FrameSchema, derived_column

__all__ = [
    "Clip",
    "DropNulls",
    "Duplicated",
    "FillNullStrategy",
    "GatherEvery",
    "RowIndex",
    "Sample",
    "Shift",
    "TopK",
    "Unique",
    "drop_nulls_schema",
    "duplicated_schema",
    "fill_strategy_applies",
    "fill_strategy_schema",
    "row_index_schema",
    "shift_schema",
]


@dataclass(frozen=True)
class Unique(_Unary):
    """Deduplicate rows on ``subset`` (``None``: all columns).

    ``keep``: ``"any"``, ``"first"``, ``"last"`` or ``"none"`` (drop every
    row whose key repeats).
    """

    subset: tuple[str, ...] | None = None
    keep: str = "any"
    maintain_order: bool = False

    def describe(self) -> str:
        return f"Unique(subset={self.subset}, keep={self.keep!r})"


@dataclass(frozen=True)
class Duplicated(_Unary):
    """One Boolean column ``name``: whether each row's ``subset`` key repeats.

    ``keep``: ``"first"`` (first occurrences are not duplicates), ``"last"``
    or ``"none"`` (every repeated row is a duplicate).
    """

    subset: tuple[str, ...] = ()
    keep: str = "first"
    name: str = "duplicated"


def duplicated_schema(name: str = "duplicated") -> FrameSchema:
    """The output schema of :class:`Duplicated`: one non-nullable Boolean column."""
    return FrameSchema([derived_column(name, dtypes.Boolean(), False)])


@dataclass(frozen=True)
class TopK(_Unary):
    """The ``k`` largest (``bottom``: smallest) rows by ``by``."""

    k: int = 0
    by: tuple[Node, ...] = ()
    reverse: tuple[bool, ...] = ()
    bottom: bool = False

    def describe(self) -> str:
        return f"{'BottomK' if self.bottom else 'TopK'}(k={self.k})"


@dataclass(frozen=True)
class FillNullStrategy(_Unary):
    """Fill nulls of ``columns`` with a strategy (forward, backward, min, ...)."""

    columns: tuple[str, ...] = ()
    strategy: str = "forward"
    limit: int | None = None

    def describe(self) -> str:
        return f"FillNull({self.strategy}, {', '.join(self.columns)})"


def fill_strategy_applies(strategy: str, column: Column) -> bool:
    """Whether the fill ``strategy`` is defined for ``column``'s dtype.

    ``forward``/``backward``: every dtype; ``min``/``max``: orderable dtypes
    (not Binary or Null); ``mean``: Int64 and Float64; ``zero``/``one``:
    Int64, Float64, Decimal and Boolean.
    """
    name = column.dtype.name
    if strategy in ("forward", "backward"):
        return True
    if strategy in ("min", "max"):
        return column.dtype.is_orderable() and name not in ("Binary", "Null")
    if strategy == "mean":
        return name in ("Int64", "Float64")
    return name in ("Int64", "Float64", "Decimal", "Boolean")  # zero / one


def fill_strategy_schema(
    schema: FrameSchema, columns: Iterable[str], strategy: str
) -> FrameSchema:
    """The output schema of :class:`FillNullStrategy`.

    ``zero``/``one`` make the filled columns non-nullable; the other
    strategies may leave nulls (a leading null has nothing to carry forward,
    an all-null column has no minimum), so nullability is kept.
    """
    closed = set(columns) if strategy in ("zero", "one") else set()
    return FrameSchema(
        [c.with_nullable(False) if c.name in closed else c for c in schema.columns()]
    )


@dataclass(frozen=True)
class DropNulls(_Unary):
    """Drop rows by the nulls in ``columns``.

    ``how="any"``: any null drops the row; ``"all"``: only all-null rows;
    ``threshold``: keep rows with at least this many non-null values.
    """

    columns: tuple[str, ...] = ()
    how: str = "any"
    threshold: int | None = None


def drop_nulls_schema(
    schema: FrameSchema,
    columns: Iterable[str],
    *,
    how: str = "any",
    threshold: int | None = None,
) -> FrameSchema:
    """The output schema of :class:`DropNulls`.

    The ``columns`` become non-nullable when every kept row is null-free in
    them: ``how="any"``, a single column, or a ``threshold`` of at least the
    number of columns. Otherwise (``how="all"`` on several columns, a lower
    threshold) a kept row may still hold nulls and nullability is kept.
    """
    names = list(columns)
    if threshold is None:
        sound = how == "any" or len(names) == 1
    else:
        sound = threshold >= len(names)
    closed = set(names) if sound else set()
    return FrameSchema(
        [c.with_nullable(False) if c.name in closed else c for c in schema.columns()]
    )


@dataclass(frozen=True)
class RowIndex(_Unary):
    """Prepend an Int64 row number column ``name`` starting at ``offset``."""

    name: str = "index"
    offset: int = 0


def row_index_schema(schema: FrameSchema, name: str) -> FrameSchema:
    """The output schema of :class:`RowIndex`: a non-nullable Int64 ``name`` first.

    Raises:
        ValueError: ``name`` is already a column.
    """
    if name in schema:
        msg = f"with_row_index: column {name!r} already exists"
        raise ValueError(msg)
    index = derived_column(name, dtypes.Int64(), False)
    return FrameSchema([index, *schema.columns()])


@dataclass(frozen=True)
class Clip(_Unary):
    """Clip columns to ``[lower, upper]``: ``(name, lower, upper)`` literal nodes.

    A ``None`` bound leaves that side unbounded.
    """

    bounds: tuple[tuple[str, Node | None, Node | None], ...] = ()


@dataclass(frozen=True)
class Sample(_Unary):
    """A random sample of rows (``seed`` is always fixed when the plan is built)."""

    n: int | None = None
    fraction: float | None = None
    with_replacement: bool = False
    shuffle: bool | None = None
    seed: int = 0


@dataclass(frozen=True)
class Shift(_Unary):
    """Shift every column by ``n`` rows.

    Vacated cells are null, or ``fills``' literal for the columns it names.
    """

    n: int = 1
    fills: tuple[tuple[str, Node], ...] = ()


def shift_schema(schema: FrameSchema, filled: Iterable[str] = ()) -> FrameSchema:
    """The output schema of :class:`Shift`.

    Vacated cells are null, so every column not in ``filled`` (the columns a
    fill literal is given for) becomes nullable; filled columns keep theirs.
    """
    kept = set(filled)
    return FrameSchema(
        [c if c.name in kept else c.with_nullable(True) for c in schema.columns()]
    )


@dataclass(frozen=True)
class GatherEvery(_Unary):
    """Every ``n``-th row starting at ``offset``."""

    n: int = 1
    offset: int = 0
