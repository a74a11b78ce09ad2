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
    """Methods of one namespace, bound to the expression they apply to.

    ``label`` is set when one of the original's flat methods (``map_get``)
    uses the namespace: the calls it builds carry that name, so build-time
    errors name the function the user called.
    """

    __slots__ = ("_expr", "_label")

    def __init__(self, expr: Expr, label: str = "") -> None:
        self._expr = expr
        self._label = label

    def _name(self, function: str) -> str:
        """The name messages use for ``function``: the flat label, if any."""
        return self._label or function

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
            self._label,
        )
        return self._expr._new(node, *others)
