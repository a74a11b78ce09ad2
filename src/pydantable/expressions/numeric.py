"""Expression methods: numeric functions (round, clip, cumulative ops, ...)."""

from __future__ import annotations

from pydantable.expressions.mixin import ExprMixin

__all__ = ["NumericMethods"]


class NumericMethods(ExprMixin):
    """Mixed into :class:`~pydantable.expressions.Expr`."""

    __slots__ = ()
