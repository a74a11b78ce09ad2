"""Typed expressions: column references, operators, literals and functions.

Example:
    >>> from pydantable.expressions import col, lit, when
    >>> when(col("qty") >= 5, "bulk").otherwise("single")
    <Expr when: unbound>
"""

from __future__ import annotations

from pydantable.expressions.expr import ColumnRef, Expr
from pydantable.expressions.functions import Literal, coalesce, col, lit, when

__all__ = ["ColumnRef", "Expr", "Literal", "coalesce", "col", "lit", "when"]
