"""The ``expr.struct`` namespace: struct functions."""

from __future__ import annotations

from pydantable.expressions.namespace import ExprNamespace

__all__ = ["StructNamespace"]


class StructNamespace(ExprNamespace):
    """struct functions of an expression (``expr.struct.*``)."""

    __slots__ = ()
