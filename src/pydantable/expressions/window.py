"""Expression methods: window expressions (over, ranking, offsets)."""

from __future__ import annotations

from pydantable.expressions.mixin import ExprMixin

__all__ = ["WindowMethods"]


class WindowMethods(ExprMixin):
    """Mixed into :class:`~pydantable.expressions.Expr`."""

    __slots__ = ()
