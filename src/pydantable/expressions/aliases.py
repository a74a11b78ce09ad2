"""Expression methods: the original pydantable's flat method names (str_contains, dt_year, ...)."""

from __future__ import annotations

from pydantable.expressions.mixin import ExprMixin

__all__ = ["FlatAliasMethods"]


class FlatAliasMethods(ExprMixin):
    """Mixed into :class:`~pydantable.expressions.Expr`."""

    __slots__ = ()
