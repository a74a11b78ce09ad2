"""Plan nodes of the reshape area: unpivot, pivot, explode and unnest.

Each node carries its output schema (derived by the frame method that builds
it); the fields say what an engine has to do, in engine-neutral terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantable.plan import _Unary

__all__ = ["Explode", "Pivot", "PosExplode", "Unnest", "Unpivot"]


@dataclass(frozen=True)
class Unpivot(_Unary):
    """Wide → long: one row per (input row, value column).

    Output: the ``index`` columns, ``variable_name`` (the value column's
    name) and ``value_name`` (its value, in the schema's value dtype).
    Row order is unspecified (the engine's).
    """

    index: tuple[str, ...] = ()
    on: tuple[str, ...] = ()
    variable_name: str = "variable"
    value_name: str = "value"

    def describe(self) -> str:
        return f"Unpivot(on={list(self.on)}, index={list(self.index)})"


@dataclass(frozen=True)
class Pivot(_Unary):
    """Long → wide: one row per distinct ``index``, one column per (value, on value).

    ``on_values`` are the distinct values of ``on`` that become columns (in
    order); ``names`` are the output column names, values-major (for each
    ``values`` column, for each on value). ``aggregate`` combines several
    cells of one (index, on value) pair. Rows keep the order of first
    appearance of the index.
    """

    on: str = ""
    index: tuple[str, ...] = ()
    values: tuple[str, ...] = ()
    on_values: tuple[Any, ...] = ()
    names: tuple[str, ...] = ()
    aggregate: str = "first"

    def describe(self) -> str:
        return f"Pivot(on={self.on}, values={list(self.values)}, agg={self.aggregate})"


@dataclass(frozen=True)
class Explode(_Unary):
    """One row per list element of ``columns`` (equal lengths per row).

    ``empty_as_null``: an empty list gives one null row (else no row);
    ``keep_nulls``: a null list gives one null row (else no row).
    """

    columns: tuple[str, ...] = ()
    empty_as_null: bool = False
    keep_nulls: bool = True

    def describe(self) -> str:
        return f"Explode({', '.join(self.columns)})"


@dataclass(frozen=True)
class PosExplode(_Unary):
    """:class:`Explode` of one column plus ``pos``: the 0-based element position.

    The ``pos`` column is placed right before the exploded column.
    """

    column: str = ""
    pos: str = "pos"
    empty_as_null: bool = False
    keep_nulls: bool = True

    def describe(self) -> str:
        return f"PosExplode({self.column}, pos={self.pos})"


@dataclass(frozen=True)
class Unnest(_Unary):
    """Struct columns → one column per field, in place.

    Field columns are named ``{parent}{separator}{field}``, or ``{field}``
    when ``separator`` is ``None``.
    """

    columns: tuple[str, ...] = ()
    separator: str | None = "_"

    def describe(self) -> str:
        return f"Unnest({', '.join(self.columns)})"
