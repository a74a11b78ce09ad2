"""The ``expr.str`` namespace: string functions."""

from __future__ import annotations

from pydantable.expressions.namespace import ExprNamespace

__all__ = ["StringNamespace"]


class StringNamespace(ExprNamespace):
    """string functions of an expression (``expr.str.*``)."""

    __slots__ = ()
