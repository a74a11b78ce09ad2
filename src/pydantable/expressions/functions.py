"""Expression constructors: ``col``, ``lit``, ``Literal``, ``when``, ``coalesce``.

Example:
    >>> from pydantable import DataFrameModel
    >>> from pydantable.expressions import when
    >>> class Item(DataFrameModel):
    ...     qty: int
    >>> df = Item({"qty": [1, 5]})
    >>> df.with_columns(size=when(df.qty >= 5, "bulk").otherwise("single")).to_dict()
    {'qty': [1, 5], 'size': ['single', 'bulk']}
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

import pydantic

from pydantable._typing import IntoExpr
from pydantable.dtypes import DType
from pydantable.expressions import nodes as n
from pydantable.expressions.expr import ColumnRef, Expr
from pydantable.expressions.infer import NULL, Typed, register_function, unify
from pydantable.expressions.rules import as_dtype, dtype_of_value
from pydantable.schema import Column, derived_column

__all__ = ["Literal", "WhenChain", "coalesce", "col", "lit", "when"]


def col(name: str) -> Expr:
    """An unbound reference to column ``name``; typed when used on a frame."""
    return ColumnRef(n.Col(name), None)


def lit(value: Any, dtype: Any = None) -> Expr:
    """A literal value; ``dtype`` (a DType or annotation) is required for ``None``."""
    if dtype is not None:
        target = as_dtype(dtype)
        if value is not None:
            value = _validated(value, target)
        return Expr(n.Lit(value, target), {})
    if value is None:
        return Expr(n.Lit(None, NULL), {})
    return Expr(n.Lit(value, dtype_of_value(value)), {})


def _validated(value: Any, dtype: DType) -> Any:
    """``value`` validated (and coerced) as a cell of ``dtype``."""
    try:
        return _adapter(dtype).validate_python(value)
    except pydantic.ValidationError as exc:
        msg = f"literal {value!r} is not a valid {dtype!r} value: {exc.errors()[0]['msg']}"
        raise TypeError(msg) from None


@cache
def _adapter(dtype: DType) -> pydantic.TypeAdapter[Any]:
    annotation: Any = derived_column("literal", dtype, False).annotation
    adapter: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(annotation)
    return adapter


def Literal(*, value: Any, dtype: Any = None) -> Expr:  # noqa: N802 - original API name
    """The original pydantable's literal constructor: ``Literal(value=1)``.

    ``Literal(value=None).cast(int)`` is a typed null.
    """
    return lit(value, dtype)


def _bind(value: IntoExpr) -> Expr:
    return value if isinstance(value, Expr) else lit(value)


def _common_schema(exprs: list[Expr]) -> Mapping[str, Column] | None:
    schema: dict[str, Column] = {}
    for e in exprs:
        if e._schema is None:
            return None
        for name, column in e._schema.items():
            schema.setdefault(name, column)
    return schema


_NO_VALUE: Any = object()  # ``when(cond)`` without a value: ``.then(value)`` follows


class WhenChain:
    """Builder returned by :func:`when`: chain ``.when(...)``, end with ``.otherwise``.

    The original's class name (an ``isinstance`` target).

    Example:
        >>> from pydantable.expressions import col
        >>> isinstance(when(col("qty") > 1, "many"), WhenChain)
        True
    """

    def __init__(self, branches: list[tuple[Expr, Expr]]) -> None:
        self._branches = branches

    def when(self, condition: IntoExpr, value: IntoExpr = _NO_VALUE) -> WhenChain:
        """Add a branch; ``value`` may instead be given with ``.then(value)``."""
        if value is _NO_VALUE:
            return _PendingWhen(self._branches, _bind(condition))
        return WhenChain([*self._branches, (_bind(condition), _bind(value))])

    def otherwise(self, value: IntoExpr) -> Expr:
        """Close the chain with the value used when no condition holds."""
        otherwise = _bind(value)
        exprs = [e for pair in self._branches for e in pair] + [otherwise]
        node = n.When(
            tuple((c.node, v.node) for c, v in self._branches), otherwise.node
        )
        return Expr(node, _common_schema(exprs))


class _PendingWhen(WhenChain):
    """``when(cond)`` waiting for ``.then(value)`` (Polars spelling)."""

    def __init__(self, branches: list[tuple[Expr, Expr]], condition: Expr) -> None:
        super().__init__(branches)
        self._condition = condition

    def then(self, value: IntoExpr) -> WhenChain:
        """Value of the pending branch."""
        return WhenChain([*self._branches, (self._condition, _bind(value))])

    def otherwise(self, value: IntoExpr) -> Expr:
        msg = "when(condition) needs .then(value) before .otherwise(...)"
        raise TypeError(msg)


def when(condition: IntoExpr, value: IntoExpr = _NO_VALUE) -> WhenChain:
    """Start a conditional: ``when(cond, value).otherwise(default)``.

    Values may be expressions or plain Python constants. The Polars spelling
    ``when(cond).then(value).otherwise(default)`` works too.
    """
    return WhenChain([]).when(condition, value)


def coalesce(*exprs: IntoExpr) -> Expr:
    """The first non-null value among ``exprs``, row by row."""
    if not exprs:
        msg = "coalesce() needs at least one expression"
        raise TypeError(msg)
    bound = [_bind(e) for e in exprs]
    node = n.Call("coalesce", tuple(e.node for e in bound))
    return Expr(node, _common_schema(bound))


@register_function("coalesce")
def _coalesce_rule(args: list[Typed], call: n.Call) -> Typed:
    unified = unify(args, what="coalesce() arguments")
    return Typed(unified.dtype, all(a.nullable for a in args))
