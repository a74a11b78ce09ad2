"""The ``expr.list`` namespace: list functions."""

from __future__ import annotations

from pydantable.expressions.namespace import ExprNamespace

__all__ = ["ListNamespace"]


class ListNamespace(ExprNamespace):
    """list functions of an expression (``expr.list.*``)."""

    __slots__ = ()
