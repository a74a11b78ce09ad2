"""Type aliases shared across the package, defined once.

``IntoExpr`` is what an expression argument accepts: an
:class:`~pydantable.expressions.Expr`, or a Python scalar used as a literal
(typed against the expression it meets). It is ``Any`` for the type checker
because the literal's admissible Python types depend on that dtype.
"""

from __future__ import annotations

from typing import Any, TypeAlias

__all__ = ["IntoExpr"]

#: An ``Expr`` or a Python scalar literal.
IntoExpr: TypeAlias = Any
