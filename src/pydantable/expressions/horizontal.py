"""Horizontal functions: combine several expressions row by row.

Arguments are expressions, column names (strings) or Python literals, as in
Polars. Semantics and typing:

* ``sum_horizontal``: numeric or Boolean (Boolean counts as Int64); with
  ``ignore_nulls=True`` (default) nulls count as 0, so the sum is never null
  (even when every value of the row is null, as in Polars); with
  ``ignore_nulls=False`` a null makes the row null.
* ``mean_horizontal``: Float64 mean of the non-null values; null only when all
  are null (``ignore_nulls=False``: when any is).
* ``min_horizontal``/``max_horizontal``: the common dtype of the arguments;
  nulls are skipped, null only when all are null.
* ``all_horizontal``/``any_horizontal``: Boolean, Kleene logic
  (``any_horizontal(True, None)`` is true, ``any_horizontal(False, None)`` null).

Example:
    >>> from pydantable import DataFrameModel
    >>> class T(DataFrameModel):
    ...     a: int
    ...     b: int | None
    >>> df = T({"a": [1, 2], "b": [10, None]})
    >>> df.select(s=sum_horizontal("a", "b"), m=max_horizontal(df.a, df.b)).to_dict()
    {'s': [11, 2], 'm': [10, 2]}
"""

from __future__ import annotations

from typing import Any

from pydantable import dtypes as dt
from pydantable._typing import IntoExpr
from pydantable.expressions import nodes as n
from pydantable.expressions.expr import ColumnRef, Expr
from pydantable.expressions.functions import _common_schema, lit
from pydantable.expressions.infer import (
    NULL,
    Typed,
    describe,
    register_function,
    unify,
)
from pydantable.expressions.mixin import iter_exprs

__all__ = [
    "HORIZONTAL",
    "all_horizontal",
    "any_horizontal",
    "horizontal_result",
    "max_horizontal",
    "mean_horizontal",
    "min_horizontal",
    "sum_horizontal",
]

PREFIX = "horizontal."
HORIZONTAL = ("sum", "mean", "min", "max", "all", "any")


def _build(op: str, exprs: tuple[Any, ...], **options: Any) -> Expr:
    values = list(iter_exprs(exprs))
    # column names bind to the frame of the expression arguments, if any
    frame = _common_schema([v for v in values if isinstance(v, Expr)] or [lit(0)])
    bound: list[Expr] = []
    for value in values:
        if isinstance(value, Expr):
            bound.append(value)
        elif isinstance(value, str):
            bound.append(ColumnRef(n.Col(value), frame or None))
        else:
            bound.append(lit(value))
    if not bound:
        msg = f"{op}_horizontal() needs at least one expression"
        raise TypeError(msg)
    node = n.Call(
        PREFIX + op, tuple(e.node for e in bound), tuple(sorted(options.items()))
    )
    return Expr(node, _common_schema(bound))


def _check(op: str, types: list[Typed], call: n.Call, ok: Any, what: str) -> None:
    for typed, node in zip(types, call.args, strict=True):
        if typed.dtype is not NULL and not ok(typed.dtype):
            msg = (
                f"{op}_horizontal() needs {what}; got {typed.dtype!r} in "
                f"{describe(node)}"
            )
            raise TypeError(msg)


def _summable(dtype: dt.DType) -> bool:
    return dtype.storage().is_numeric() or isinstance(dtype, dt.Boolean)


def _as_number(typed: Typed) -> Typed:
    storage = typed.dtype.storage()
    if isinstance(storage, dt.Boolean):
        return Typed(dt.Int64(), typed.nullable)
    if typed.dtype is NULL:
        return typed
    return Typed(storage, typed.nullable)


def horizontal_result(op: str, types: list[Typed], call: n.Call) -> Typed:
    """The type of ``<op>_horizontal`` of arguments typed ``types``."""
    any_null = any(t.nullable for t in types)
    all_null = all(t.nullable for t in types)
    if op in ("all", "any"):
        _check(
            op, types, call, lambda d: isinstance(d, dt.Boolean), "Boolean expressions"
        )
        return Typed(dt.Boolean(), any_null)
    if op in ("sum", "mean"):
        _check(op, types, call, _summable, "numeric or Boolean expressions")
        ignore = call.option("ignore_nulls", True)
        if op == "mean":
            return Typed(dt.Float64(), all_null if ignore else any_null)
        common = unify(
            [_as_number(t) for t in types], what="sum_horizontal() arguments"
        )
        result = common.dtype
        if result is NULL:
            result = dt.Int64()
        elif isinstance(result, dt.Decimal):
            result = dt.Decimal(38, result.scale)
        return Typed(result, any_null and not ignore)
    _check(
        op,
        types,
        call,
        lambda d: d.is_orderable() and not d.is_nested(),
        "orderable expressions",
    )
    common = unify(list(types), what=f"{op}_horizontal() arguments")
    if common.dtype is NULL:
        msg = f"{op}_horizontal() needs an argument with a dtype, not only None"
        raise TypeError(msg)
    return Typed(common.dtype, all_null)


def _register(op: str) -> None:
    @register_function(PREFIX + op)
    def rule(args: list[Typed], call: n.Call) -> Typed:
        return horizontal_result(op, args, call)


for _op in HORIZONTAL:
    _register(_op)


def sum_horizontal(*exprs: IntoExpr, ignore_nulls: bool = True) -> Expr:
    """Row-wise sum (nulls count as 0 unless ``ignore_nulls=False``).

    Example:
        >>> from pydantable import DataFrameModel
        >>> class T(DataFrameModel):
        ...     a: int | None
        ...     b: float
        >>> df = T({"a": [1, None], "b": [0.5, 2.0]})
        >>> df.select(s=sum_horizontal(df.a, df.b)).to_dict()
        {'s': [1.5, 2.0]}
    """
    return _build("sum", exprs, ignore_nulls=bool(ignore_nulls))


def mean_horizontal(*exprs: IntoExpr, ignore_nulls: bool = True) -> Expr:
    """Row-wise mean of the non-null values (Float64)."""
    return _build("mean", exprs, ignore_nulls=bool(ignore_nulls))


def min_horizontal(*exprs: IntoExpr) -> Expr:
    """Row-wise minimum of the non-null values."""
    return _build("min", exprs)


def max_horizontal(*exprs: IntoExpr) -> Expr:
    """Row-wise maximum of the non-null values."""
    return _build("max", exprs)


def all_horizontal(*exprs: IntoExpr) -> Expr:
    """Row-wise Kleene AND of Boolean expressions."""
    return _build("all", exprs)


def any_horizontal(*exprs: IntoExpr) -> Expr:
    """Row-wise Kleene OR of Boolean expressions."""
    return _build("any", exprs)
