"""``concat_str`` (and the original's ``concat``): join strings row by row.

``str + str`` is rejected when an expression is built; these are the way to
join strings.

Example:
    >>> from pydantable import DataFrameModel, lit
    >>> class P(DataFrameModel):
    ...     given: str
    ...     family: str
    >>> df = P({"given": ["Ada"], "family": ["Lovelace"]})
    >>> df.select(name=concat_str(df.given, lit(" "), df.family)).to_dict()
    {'name': ['Ada Lovelace']}
"""

from __future__ import annotations

from pydantable import dtypes as dt
from pydantable._typing import IntoExpr
from pydantable.expressions import nodes as n
from pydantable.expressions.expr import Expr
from pydantable.expressions.functions import col
from pydantable.expressions.infer import Typed, describe, register_function
from pydantable.expressions.kinds import STRING
from pydantable.expressions.mixin import iter_exprs

__all__ = ["concat", "concat_str"]


def concat_str(
    *exprs: IntoExpr, separator: str = "", ignore_nulls: bool = False
) -> Expr:
    """Join string expressions row by row (Polars' ``concat_str``).

    Plain strings name columns, as in Polars (use ``lit("-")`` for a
    constant); non-string expressions must be cast first (``e.cast(str)``). A
    null in any input gives null, unless ``ignore_nulls=True`` (nulls skipped).
    """
    bound: list[Expr] = []
    for e in iter_exprs(exprs):
        if isinstance(e, Expr):
            bound.append(e)
        elif isinstance(e, str):
            bound.append(col(e))
        else:
            msg = (
                f"concat_str takes expressions or column names; got {e!r} "
                "(wrap constants in lit())"
            )
            raise TypeError(msg)
    if not bound:
        msg = "concat_str() needs at least one expression"
        raise TypeError(msg)
    if not isinstance(separator, str):
        msg = f"concat_str separator must be a str; got {separator!r}"
        raise TypeError(msg)
    node = n.Call(
        "concat_str",
        tuple(e.node for e in bound),
        (("ignore_nulls", bool(ignore_nulls)), ("separator", separator)),
    )
    return bound[0]._new(node, *bound[1:])


def concat(*exprs: Expr) -> Expr:
    """The original pydantable's ``concat(*exprs)``: join two or more string
    expressions row by row (``concat_str(*exprs)``; a null input gives null).

    Raises:
        TypeError: fewer than two expressions, or an argument that is not an
            ``Expr`` (wrap constants in ``lit()``).

    Example:
        >>> from pydantable import DataFrameModel, lit
        >>> class P(DataFrameModel):
        ...     a: str
        ...     b: str
        >>> df = P({"a": ["x"], "b": ["y"]})
        >>> df.select(ab=concat(df.a, lit("-"), df.b)).to_dict()
        {'ab': ['x-y']}
    """
    if len(exprs) < 2:
        msg = "concat() requires at least two expressions."
        raise TypeError(msg)
    if not all(isinstance(e, Expr) for e in exprs):
        msg = "concat() arguments must be Expr instances."
        raise TypeError(msg)
    return concat_str(*exprs)


@register_function("concat_str")
def _concat_str_rule(types: list[Typed], call: n.Call) -> Typed:
    for typed, node in zip(types, call.args, strict=True):
        if not STRING(typed.dtype):
            msg = (
                f"concat_str needs String expressions; got {typed.dtype!r} in "
                f"{describe(node)} (cast it with .cast(str))"
            )
            raise TypeError(msg)
    if call.option("ignore_nulls", False):
        return Typed(dt.String(), False)
    return Typed(dt.String(), any(t.nullable for t in types))
