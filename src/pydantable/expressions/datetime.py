"""The ``expr.dt`` namespace: temporal functions."""

from __future__ import annotations

from pydantable.expressions.namespace import ExprNamespace

__all__ = ["DateTimeNamespace"]


class DateTimeNamespace(ExprNamespace):
    """temporal functions of an expression (``expr.dt.*``)."""

    __slots__ = ()
