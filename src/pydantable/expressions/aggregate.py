"""Expression methods: aggregations (sum, mean, quantile, ...)."""

from __future__ import annotations

from pydantable.expressions.mixin import ExprMixin

__all__ = ["AggregateMethods"]


class AggregateMethods(ExprMixin):
    """Mixed into :class:`~pydantable.expressions.Expr`."""

    __slots__ = ()
