"""The base of :class:`~pydantable.expressions.Expr`'s method mixins.

Each area of the expression API (numeric functions, aggregations, windows,
the original's flat aliases) is a mixin class in its own module; ``Expr``
inherits them all. :class:`ExprMixin` declares, for the type checker only,
the ``Expr`` internals the mixins build on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeGuard

from pydantable._typing import IntoExpr
from pydantable.expressions import nodes as n

if TYPE_CHECKING:
    from pydantable.expressions.expr import Expr
    from pydantable.expressions.infer import Typed
    from pydantable.schema import Column

__all__ = ["ExprMixin", "is_expr", "iter_exprs"]


class ExprMixin:
    """Declares the :class:`Expr` internals available to mixin methods."""

    __slots__ = ()

    if TYPE_CHECKING:
        _node: n.Node
        _schema: Mapping[str, Column] | None
        _typed: Typed | None

        def _new(self, node: n.Node, *others: Expr) -> Expr: ...

        def _other(self, value: IntoExpr) -> Expr: ...

        def _binary(
            self, op: str, other: IntoExpr, *, reflected: bool = False
        ) -> Expr: ...

        def _require_typed(self) -> Typed: ...

        def _literal(self, value: Any) -> Expr: ...

        def _column(self, name: str) -> Expr: ...

    def _function_call(self, function: str, *args: Expr, **options: Any) -> Expr:
        """``function(self, *args)`` with static keyword ``options``.

        ``function`` must be declared in the catalog: building the ``Expr``
        raises ``TypeError`` otherwise.
        """
        node = n.Call(
            function,
            (self._node, *(a._node for a in args)),
            tuple(sorted(options.items())),
        )
        return self._new(node, *args)


def is_expr(value: object) -> TypeGuard[Expr]:
    """Whether ``value`` is an :class:`~pydantable.expressions.Expr`.

    ``Expr`` is the only class built on :class:`ExprMixin`, so modules that
    ``Expr`` inherits from (or that ``expr.py`` imports) test for it here
    instead of importing ``expr.py``.
    """
    return isinstance(value, ExprMixin)


def iter_exprs(values: Iterable[Any]) -> Iterable[Any]:
    """Flatten one level of lists/tuples in positional expression arguments."""
    for value in values:
        if isinstance(value, (list, tuple)):
            yield from value
        else:
            yield value
