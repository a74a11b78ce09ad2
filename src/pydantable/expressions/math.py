"""Expression methods: float math (logarithms, roots, trigonometry), NaN and logic helpers.

* ``log10``, ``cbrt`` and the trigonometric functions: Float64 of any numeric
  expression.
* ``fill_nan``: integer and decimal columns hold no NaN and are returned unchanged.
* ``is_between`` (Polars' name of ``between``), ``not_`` (``~``), ``xor``.

Example:
    >>> from pydantable import DataFrameModel
    >>> class T(DataFrameModel):
    ...     x: float
    >>> df = T({"x": [8.0, 27.0]})
    >>> df.select(df.x.cbrt()).to_dict()
    {'x': [2.0, 3.0]}
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantable import dtypes as dt
from pydantable.expressions import nodes as n
from pydantable.expressions.infer import (
    NULL,
    Typed,
    describe,
    register_function,
    unify,
)
from pydantable.expressions.mixin import ExprMixin

if TYPE_CHECKING:
    from pydantable.expressions.expr import Expr

__all__ = ["FLOAT_FUNCTIONS", "MathMethods"]

FLOAT_FUNCTIONS = (
    "log10",
    "cbrt",
    "sin",
    "cos",
    "tan",
    "arcsin",
    "arccos",
    "arctan",
    "sinh",
    "cosh",
    "tanh",
)


def _fail(function: str, what: str, typed: Typed, node: n.Node) -> TypeError:
    return TypeError(
        f"{function}() needs {what}; got {typed.dtype!r} in {describe(node)}"
    )


# -- typing rules --------------------------------------------------------------------


def _float_rule(types: list[Typed], call: n.Call) -> Typed:
    value = types[0]
    if not value.dtype.storage().is_numeric():
        raise _fail(call.function, "a numeric expression", value, call.args[0])
    return Typed(dt.Float64(), value.nullable)


for _name in FLOAT_FUNCTIONS:
    register_function(_name)(_float_rule)


@register_function("xor")
def _xor(types: list[Typed], call: n.Call) -> Typed:
    for typed, node in zip(types, call.args, strict=True):
        if typed.dtype is not NULL and not isinstance(typed.dtype, dt.Boolean):
            raise _fail("xor", "Boolean operands", typed, node)
    return Typed(dt.Boolean(), any(t.nullable for t in types))


@register_function("fill_nan")
def _fill_nan(types: list[Typed], call: n.Call) -> Typed:
    value, fill = types
    if not value.dtype.storage().is_numeric():
        raise _fail("fill_nan", "a numeric expression", value, call.args[0])
    if fill.dtype is not NULL and not fill.dtype.storage().is_numeric():
        msg = (
            f"fill_nan() value {describe(call.args[1])} of dtype {fill.dtype!r} is "
            f"not numeric in {describe(call.args[0])}"
        )
        raise TypeError(msg)
    if not value.dtype.storage().is_float():
        return value  # integers and decimals are never NaN: unchanged
    unified = unify(
        [Typed(dt.Float64(), False), fill], what="fill_nan value and column"
    )
    return Typed(dt.Float64(), value.nullable or unified.nullable)


# -- methods -------------------------------------------------------------------------


class MathMethods(ExprMixin):
    """Mixed into :class:`~pydantable.expressions.Expr`."""

    __slots__ = ()

    def is_between(
        self, lower_bound: Any, upper_bound: Any, closed: str = "both"
    ) -> Expr:
        """Polars' name of :meth:`between` (same expression)."""
        between: Expr = self.between(lower_bound, upper_bound, closed)  # type: ignore[attr-defined]
        return between

    def not_(self) -> Expr:
        """Boolean negation, as ``~expr`` (null stays null)."""
        return self._new(n.Unary("not", self._node))

    def xor(self, other: Any) -> Expr:
        """Boolean exclusive or (null when either side is null).

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     a: bool
            ...     b: bool
            >>> df = T({"a": [True, True], "b": [True, False]})
            >>> df.select(df.a.xor(df.b)).to_dict()
            {'a': [False, True]}
        """
        return self._function_call("xor", self._other(other))

    def fill_nan(self, value: Any) -> Expr:
        """Replace NaN with ``value`` (a number, an expression or ``None`` for null).

        Integer and decimal columns hold no NaN and are returned unchanged.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: float
            >>> df = T({"x": [1.0, float("nan")]})
            >>> df.select(df.x.fill_nan(0)).to_dict()
            {'x': [1.0, 0.0]}
        """
        return self._function_call("fill_nan", self._other(value))

    def log10(self) -> Expr:
        """Base-10 logarithm (Float64; 0 gives -inf, negatives NaN)."""
        return self._function_call("log10")

    def cbrt(self) -> Expr:
        """Cube root (Float64)."""
        return self._function_call("cbrt")

    def sin(self) -> Expr:
        """Sine of radians (Float64)."""
        return self._function_call("sin")

    def cos(self) -> Expr:
        """Cosine of radians (Float64)."""
        return self._function_call("cos")

    def tan(self) -> Expr:
        """Tangent of radians (Float64)."""
        return self._function_call("tan")

    def arcsin(self) -> Expr:
        """Inverse sine in radians (Float64; NaN outside [-1, 1])."""
        return self._function_call("arcsin")

    def arccos(self) -> Expr:
        """Inverse cosine in radians (Float64; NaN outside [-1, 1])."""
        return self._function_call("arccos")

    def arctan(self) -> Expr:
        """Inverse tangent in radians (Float64)."""
        return self._function_call("arctan")

    def sinh(self) -> Expr:
        """Hyperbolic sine (Float64)."""
        return self._function_call("sinh")

    def cosh(self) -> Expr:
        """Hyperbolic cosine (Float64)."""
        return self._function_call("cosh")

    def tanh(self) -> Expr:
        """Hyperbolic tangent (Float64)."""
        return self._function_call("tanh")
