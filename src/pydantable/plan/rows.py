"""Plan nodes of row-level operations (unique, top_k, fill_null strategies, ...).

Engine-neutral: options are plain Python values, expressions are IR nodes.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantable.expressions.nodes import Node
from pydantable.plan import _Unary

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


@dataclass(frozen=True)
class DropNulls(_Unary):
    """Drop rows by the nulls in ``columns``.

    ``how="any"``: any null drops the row; ``"all"``: only all-null rows;
    ``threshold``: keep rows with at least this many non-null values.
    """

    columns: tuple[str, ...] = ()
    how: str = "any"
    threshold: int | None = None


@dataclass(frozen=True)
class RowIndex(_Unary):
    """Prepend an Int64 row number column ``name`` starting at ``offset``."""

    name: str = "index"
    offset: int = 0


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


@dataclass(frozen=True)
class GatherEvery(_Unary):
    """Every ``n``-th row starting at ``offset``."""

    n: int = 1
    offset: int = 0
