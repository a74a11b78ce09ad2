"""The base of Polars-style expression namespaces (``expr.str``, ``expr.dt``, ...).

:class:`ExprNamespace` binds a namespace's methods to their expression and
builds their IR calls (an :class:`~pydantable.expressions.Expr` of a function
the :mod:`~pydantable.expressions.catalog` lacks fails when it is built). The typing-rule toolkit the namespace
modules use (dtype kinds, ``expect``, ``elementwise``) is in
:mod:`~pydantable.expressions.kinds`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantable._typing import IntoExpr
from pydantable.expressions import nodes as n

if TYPE_CHECKING:
    from pydantable.expressions.expr import Expr

__all__ = ["ExprNamespace"]


class ExprNamespace:
    """Methods of one namespace, bound to the expression they apply to."""

    __slots__ = ("_expr",)

    def __init__(self, expr: Expr) -> None:
        self._expr = expr

    def _call(self, function: str, *args: IntoExpr, **options: Any) -> Expr:
        """``function(expr, *args)`` with static keyword ``options``.

        ``function`` must be declared in the catalog: building the ``Expr``
        raises ``TypeError`` otherwise.
        Positional ``args`` are expressions or literals (typed against the
        namespace's expression); options must be hashable.
        """
        others = [self._expr._other(a) for a in args]
        node = n.Call(
            function,
            (self._expr._node, *(o._node for o in others)),
            tuple(sorted(options.items())),
        )
        return self._expr._new(node, *others)
