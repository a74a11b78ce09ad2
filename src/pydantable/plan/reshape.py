"""Plan nodes of the reshape area: unpivot, pivot, explode and unnest.

Each node's fields say what an engine has to do, in engine-neutral terms; the
rule deriving its output schema sits right after it (``unpivot_schema``,
``pivot_schema``, ``explode_schema``, ``posexplode_schema``, ``unnest_schema``).
A rule raises ``ValueError`` when the output would repeat a column name and
``TypeError`` when a column's dtype does not allow the reshape.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantable import dtypes as dt
from pydantable.expressions.infer import Typed, unify
from pydantable.plan import _Unary
from pydantable.schema import Column, FrameSchema, derived_column

__all__ = [
    "Explode",
    "Pivot",
    "PosExplode",
    "Unnest",
    "Unpivot",
    "explode_schema",
    "exploded_column",
    "pivot_column",
    "pivot_schema",
    "posexplode_schema",
    "unnest_schema",
    "unpivot_schema",
]


def _schema_or_error(columns: list[Column], what: str) -> FrameSchema:
    try:
        return FrameSchema(columns)
    except ValueError as exc:
        msg = f"{what} would produce {exc}"
        raise ValueError(msg) from None


@dataclass(frozen=True)
class Unpivot(_Unary):
    """Wide → long: one row per (input row, value column).

    Output: the ``index`` columns, ``variable_name`` (the value column's
    name) and ``value_name`` (its value, in the schema's value dtype).
    Rows come column by column: every input row (in input order) for the
    first ``on`` column, then for the next (the original's ``melt`` order).
    """

    index: tuple[str, ...] = ()
    on: tuple[str, ...] = ()
    variable_name: str = "variable"
    value_name: str = "value"

    def describe(self) -> str:
        return f"Unpivot(on={list(self.on)}, index={list(self.index)})"


def unpivot_schema(
    schema: FrameSchema,
    index: Sequence[str],
    on: Sequence[str],
    *,
    variable_name: str = "variable",
    value_name: str = "value",
) -> FrameSchema:
    """The output schema of :class:`Unpivot`.

    The ``index`` columns as they are, ``variable_name`` (non-nullable
    String) and ``value_name``: the unified dtype of the ``on`` columns
    (int and float give float; a semantic type gives its storage), nullable
    if any of them is.

    Raises:
        TypeError: the ``on`` columns' dtypes do not unify.
        ValueError: an output name repeats.
    """
    typed = [Typed(schema[c].dtype, schema[c].nullable) for c in on]
    try:
        common = unify(typed, what="unpivot value columns")
    except TypeError:
        shown = ", ".join(f"{c!r}: {schema[c].dtype!r}" for c in on)
        msg = f"unpivot value columns need compatible dtypes; got {shown}"
        raise TypeError(msg) from None
    columns = [schema[c] for c in index]
    columns.append(derived_column(variable_name, dt.String(), False))
    columns.append(derived_column(value_name, common.dtype, common.nullable))
    return _schema_or_error(columns, "unpivot")


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


def pivot_column(name: str, value: Column, aggregate: str) -> Column:
    """The column ``name`` a :class:`Pivot` makes of the values column ``value``.

    ``count``/``len``: non-nullable Int64; ``sum``: the (int or float) dtype,
    non-nullable (an absent pair sums to 0); ``mean``/``median``: nullable
    Float64; ``first``/``last``/``min``/``max``: the values dtype, nullable
    (an absent pair gives null).

    Raises:
        TypeError: ``sum``/``mean``/``median`` of a non-numeric column, or
            ``min``/``max`` of an unordered one.
    """
    dtype = value.dtype
    if aggregate in ("count", "len"):
        return derived_column(name, dt.Int64(), False)
    if aggregate in ("sum", "mean", "median"):
        if not isinstance(dtype, (dt.Int64, dt.Float64)):
            msg = f"pivot aggregate {aggregate!r} needs an int or float values column; {value.name!r} is {dtype!r}"
            raise TypeError(msg)
        if aggregate == "sum":  # an absent (index, on) pair sums to 0
            return derived_column(name, dtype, False)
        return derived_column(name, dt.Float64(), True)
    if aggregate in ("min", "max") and not dtype.is_orderable():
        msg = f"pivot aggregate {aggregate!r} needs an orderable values column; {value.name!r} is {dtype!r}"
        raise TypeError(msg)
    return derived_column(name, dtype, True)


def pivot_schema(
    schema: FrameSchema,
    index: Sequence[str],
    values: Sequence[str],
    labels: Sequence[str],
    *,
    aggregate: str,
    separator: str = "_",
    naming: str = "agg_suffix",
) -> FrameSchema:
    """The output schema of :class:`Pivot`.

    The ``index`` columns, then one column per (values column, label),
    values-major; ``labels`` are the ``on`` values as column-name text.
    Names: ``naming="polars"`` gives ``{label}`` (one values column) or
    ``{values column}{separator}{label}``; ``"agg_suffix"`` gives
    ``{label}{separator}{aggregate}`` or
    ``{label}{separator}{values column}{separator}{aggregate}``. Each
    column's dtype follows :func:`pivot_column`.

    Raises:
        TypeError: the aggregate does not apply to a values column.
        ValueError: an output name repeats.
    """
    out = [schema[c] for c in index]
    for value in values:
        for label in labels:
            if naming == "polars":
                name = label if len(values) == 1 else f"{value}{separator}{label}"
            else:
                parts = [label] if len(values) == 1 else [label, value]
                name = separator.join([*parts, aggregate])
            out.append(pivot_column(name, schema[value], aggregate))
    return _schema_or_error(out, "pivot")


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


def exploded_column(
    column: Column, *, empty_as_null: bool = False, keep_nulls: bool = True
) -> Column:
    """The element column an :class:`Explode` makes of the list ``column``.

    Its dtype is the list's inner dtype; it is nullable when a null can
    appear: nullable elements, ``empty_as_null``, or ``keep_nulls`` on a
    nullable list column.

    Raises:
        TypeError: ``column`` is not a list column.
    """
    if not isinstance(column.dtype, dt.List):
        msg = f"cannot explode {column.name!r}: {column.dtype!r} is not a list dtype"
        raise TypeError(msg)
    nullable = (
        column.dtype.inner_nullable or empty_as_null or (keep_nulls and column.nullable)
    )
    return derived_column(column.name, column.dtype.inner, nullable)


def explode_schema(
    schema: FrameSchema,
    columns: Iterable[str],
    *,
    empty_as_null: bool = False,
    keep_nulls: bool = True,
) -> FrameSchema:
    """The output schema of :class:`Explode`: each list column becomes its
    element column in place (:func:`exploded_column`); others are unchanged.

    Raises:
        TypeError: a column is not a list column.
    """
    exploded = {
        name: exploded_column(
            schema[name], empty_as_null=empty_as_null, keep_nulls=keep_nulls
        )
        for name in columns
    }
    return FrameSchema([exploded.get(c.name, c) for c in schema.columns()])


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


def posexplode_schema(
    schema: FrameSchema,
    column: str,
    pos: str = "pos",
    *,
    empty_as_null: bool = False,
    keep_nulls: bool = True,
) -> FrameSchema:
    """The output schema of :class:`PosExplode`.

    As :func:`explode_schema` of ``column``, with an Int64 ``pos`` column
    right before it, nullable when a null row can appear (``empty_as_null``,
    or ``keep_nulls`` on a nullable list column).

    Raises:
        TypeError: ``column`` is not a list column.
        ValueError: ``pos`` is already a column name.
    """
    source = schema[column]
    element = exploded_column(
        source, empty_as_null=empty_as_null, keep_nulls=keep_nulls
    )
    position = derived_column(
        pos, dt.Int64(), empty_as_null or (keep_nulls and source.nullable)
    )
    cols: list[Column] = []
    for c in schema.columns():
        cols.extend([position, element] if c.name == column else [c])
    return _schema_or_error(cols, "posexplode")


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


def unnest_schema(
    schema: FrameSchema, columns: Iterable[str], separator: str | None = "_"
) -> FrameSchema:
    """The output schema of :class:`Unnest`.

    Each struct column is replaced in place by one column per field, named
    ``{parent}{separator}{field}`` (``{field}`` when ``separator`` is
    ``None``), with the field's dtype, nullable if the field or the struct
    column is.

    Raises:
        TypeError: a column is not a struct column.
        ValueError: an output name repeats.
    """
    names = set(columns)
    cols: list[Column] = []
    for c in schema.columns():
        if c.name not in names:
            cols.append(c)
            continue
        if not isinstance(c.dtype, dt.Struct):
            msg = f"cannot unnest {c.name!r}: {c.dtype!r} is not a struct"
            raise TypeError(msg)
        for f in c.dtype.fields:
            name = f.name if separator is None else f"{c.name}{separator}{f.name}"
            cols.append(derived_column(name, f.dtype, f.nullable or c.nullable))
    return _schema_or_error(cols, "unnest")
