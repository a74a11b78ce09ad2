"""The SQL window functions: ``row_number()``, ``rank()``, ``lag(col)``, ``window_sum(col)``, ...

Each builds a ``Call("window.<name>", ...)`` that is typed (and usable) only
once ``.over(spec)`` wraps it; the typing and the ``over`` rule are in
:mod:`~pydantable.expressions.window`.

Example:
    >>> from pydantable import DataFrameModel
    >>> from pydantable.window_spec import Window
    >>> class Sale(DataFrameModel):
    ...     region: str
    ...     day: int
    >>> s = Sale({"region": ["e", "e"], "day": [2, 1]})
    >>> s.with_columns(r=rank().over(Window.partitionBy("region").orderBy("day"))).to_dict()["r"]
    [2, 1]
"""

from __future__ import annotations

from typing import Any

from pydantable.expressions import nodes as n
from pydantable.expressions.expr import Expr
from pydantable.expressions.functions import _common_schema, col, lit
from pydantable.expressions.window import PREFIX

__all__ = [
    "cume_dist",
    "dense_rank",
    "first_value",
    "lag",
    "last_value",
    "lead",
    "nth_value",
    "ntile",
    "percent_rank",
    "rank",
    "row_number",
    "window_max",
    "window_mean",
    "window_min",
    "window_sum",
]


# -- window function constructors -------------------------------------------------


#: The public name of each window function taking a column (messages name it).
_PUBLIC = {
    "sum": "window_sum",
    "mean": "window_mean",
    "min": "window_min",
    "max": "window_max",
}


def _pending(name: str, *args: Any, **options: Any) -> Expr:
    """A window function call; typed (and usable) only once ``.over()`` wraps it.

    The first argument, when given, is the column: an ``Expr`` or a column
    name; the others (``lag``'s default) are literals.
    """
    exprs: list[Expr] = []
    for i, a in enumerate(args):
        if isinstance(a, Expr):
            exprs.append(a)
        elif i == 0 and isinstance(a, str):
            exprs.append(col(a))
        elif i == 0:
            msg = f"{_PUBLIC.get(name, name)}() expects an Expr. Got {a!r} (a column name works too)."
            raise TypeError(msg)
        else:
            exprs.append(lit(a))
    node = n.Call(PREFIX + name, tuple(e._node for e in exprs), tuple(options.items()))
    expr = object.__new__(Expr)  # not typed until .over() wraps it
    expr._node = node
    expr._schema = _common_schema(exprs) if exprs else None
    expr._typed = None
    return expr


def row_number() -> Expr:
    """1, 2, 3, ... in window order (ties in input order); needs ``orderBy``."""
    return _pending("row_number")


def rank() -> Expr:
    """Rank with gaps: peers share the rank of the first of them."""
    return _pending("rank")


def dense_rank() -> Expr:
    """Rank without gaps."""
    return _pending("dense_rank")


def percent_rank() -> Expr:
    """``(rank - 1) / (partition rows - 1)``, 0.0 for a one-row partition."""
    return _pending("percent_rank")


def cume_dist() -> Expr:
    """Rows up to and including the current row's peers / partition rows."""
    return _pending("cume_dist")


def ntile(n_buckets: int) -> Expr:
    """Bucket 1..n of near-equal size (the first buckets take the remainder)."""
    if isinstance(n_buckets, bool) or not isinstance(n_buckets, int) or n_buckets < 1:
        msg = f"ntile(n) needs a positive int; got {n_buckets!r}"
        raise ValueError(msg)
    return _pending("ntile", n=n_buckets)


def _offset(name: str, column: Any, offset: int, default: Any) -> Expr:
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        msg = f"{name}() offset must be a non-negative int; got {offset!r}"
        raise ValueError(msg)
    if default is None:
        return _pending(name, column, offset=offset)
    return _pending(name, column, default, offset=offset)


def lag(column: Any, n: int = 1, default: Any = None) -> Expr:
    """The value ``n`` rows before (``default`` when that row is outside the partition)."""
    return _offset("lag", column, n, default)


def lead(column: Any, n: int = 1, default: Any = None) -> Expr:
    """The value ``n`` rows after (``default`` when that row is outside the partition)."""
    return _offset("lead", column, n, default)


def first_value(column: Any) -> Expr:
    """The value of the first row of the frame."""
    return _pending("first_value", column)


def last_value(column: Any) -> Expr:
    """The value of the last row of the frame (default frame: the last peer)."""
    return _pending("last_value", column)


def nth_value(column: Any, n: int) -> Expr:
    """The value of the ``n``-th (1-based) row of the frame, null if there is none."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        msg = f"nth_value(col, n) needs a positive int n; got {n!r}"
        raise ValueError(msg)
    return _pending("nth_value", column, n=n)


def window_sum(column: Any) -> Expr:
    """Sum over the frame (null when the frame has no non-null value)."""
    return _pending("sum", column)


def window_mean(column: Any) -> Expr:
    """Mean over the frame (null when the frame has no non-null value)."""
    return _pending("mean", column)


def window_min(column: Any) -> Expr:
    """Minimum over the frame (null when the frame has no non-null value)."""
    return _pending("min", column)


def window_max(column: Any) -> Expr:
    """Maximum over the frame (null when the frame has no non-null value)."""
    return _pending("max", column)
