"""The original's global aggregate functions: ``global_sum(col)``, ``global_row_count()``, ...

Each is the aggregation method of :mod:`~pydantable.expressions.aggregate`
applied to a column (named or an expression), aliased like the original
(``sum_amount``, ``row_count``).

Example:
    >>> from pydantable import DataFrameModel
    >>> class Sale(DataFrameModel):
    ...     amount: float
    >>> s = Sale({"amount": [10.0, 4.0]})
    >>> s.select(global_sum(s.amount)).to_dict()
    {'sum_amount': [14.0]}
"""

from __future__ import annotations

from pydantable._typing import IntoExpr
from pydantable.expressions import nodes as n
from pydantable.expressions.aggregate import PREFIX
from pydantable.expressions.expr import ColumnRef, Expr, output_name

__all__ = [
    "global_count",
    "global_max",
    "global_mean",
    "global_min",
    "global_row_count",
    "global_sum",
]


# -- global aggregates (the original's functions) -------------------------------------


def _global(op: str, column: IntoExpr) -> Expr:
    if isinstance(column, str):
        column = ColumnRef(n.Col(column), None)
    if not isinstance(column, Expr):
        msg = (
            f"global_{op}() expects an Expr. Got {column!r} (a column name works too)."
        )
        raise TypeError(msg)
    name = f"{op}_{output_name(column.node)}"
    return column._aggregate(op).alias(name)


def global_sum(column: IntoExpr) -> Expr:
    """Sum of a column over the whole frame, named ``sum_<column>``.

    In ``select`` (alone or with other aggregates) it yields a one-row frame;
    in ``with_columns`` it is broadcast to every row.

    Example:
        >>> from pydantable import DataFrameModel
        >>> class Sale(DataFrameModel):
        ...     amount: float
        >>> s = Sale({"amount": [10.0, 4.0, 6.0]})
        >>> s.select(global_sum(s.amount)).to_dict()
        {'sum_amount': [20.0]}
    """
    return _global("sum", column)


def global_mean(column: IntoExpr) -> Expr:
    """Mean of a column over the whole frame, named ``mean_<column>``."""
    return _global("mean", column)


def global_min(column: IntoExpr) -> Expr:
    """Smallest value of a column over the whole frame, named ``min_<column>``."""
    return _global("min", column)


def global_max(column: IntoExpr) -> Expr:
    """Largest value of a column over the whole frame, named ``max_<column>``."""
    return _global("max", column)


def global_count(column: IntoExpr) -> Expr:
    """Non-null values of a column over the whole frame, named ``count_<column>``."""
    return _global("count", column)


def global_row_count() -> Expr:
    """Number of rows of the frame, named ``row_count``.

    Example:
        >>> from pydantable import DataFrameModel
        >>> class T(DataFrameModel):
        ...     x: int | None
        >>> T({"x": [1, None]}).select(global_row_count()).to_dict()
        {'row_count': [2]}
    """
    return Expr(n.Alias(n.Call(PREFIX + "len", ()), "row_count"), {})
