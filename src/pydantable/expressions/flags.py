"""Expression methods: distinctness flags, ranks, boolean helpers and float math.

* ``rank`` (Float64 for ``"average"``, Int64 otherwise; nulls stay null) and
  ``rle_id`` (Int64 run ids).
* ``is_duplicated``/``is_unique``/``is_first_distinct``/``is_last_distinct``:
  Boolean, never null (null counts as a value, as in Polars).
* ``is_between`` (Polars' name of ``between``), ``not_`` (``~``), ``xor``.
* ``fill_nan``, ``log10``, ``cbrt`` and the trigonometric functions (Float64).
* ``hash``: Polars hashes to UInt64, which pydantable has no dtype for; the
  same 64 bits are returned as an Int64 (equal values, equal hashes).

Example:
    >>> from pydantable import DataFrameModel
    >>> class T(DataFrameModel):
    ...     x: int
    >>> df = T({"x": [1, 2, 1]})
    >>> df.select(df.x.is_duplicated()).to_dict()
    {'x': [True, False, True]}
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

__all__ = ["DISTINCT_FLAGS", "FLOAT_FUNCTIONS", "RANK_METHODS", "FlagMethods"]

RANK_METHODS = ("average", "min", "max", "dense", "ordinal", "random")
DISTINCT_FLAGS = ("is_duplicated", "is_unique", "is_first_distinct", "is_last_distinct")
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


def _distinct_rule(types: list[Typed], call: n.Call) -> Typed:
    return Typed(dt.Boolean(), False)


def _float_rule(types: list[Typed], call: n.Call) -> Typed:
    value = types[0]
    if not value.dtype.storage().is_numeric():
        raise _fail(call.function, "a numeric expression", value, call.args[0])
    return Typed(dt.Float64(), value.nullable)


for _name in DISTINCT_FLAGS:
    register_function(_name)(_distinct_rule)
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


@register_function("rank")
def _rank(types: list[Typed], call: n.Call) -> Typed:
    value = types[0]
    if not value.dtype.is_orderable() or value.dtype.is_nested():
        raise _fail("rank", "an orderable expression", value, call.args[0])
    average = call.option("method") == "average"
    return Typed(dt.Float64() if average else dt.Int64(), value.nullable)


@register_function("rle_id")
def _rle_id(types: list[Typed], call: n.Call) -> Typed:
    return Typed(dt.Int64(), False)


@register_function("hash")
def _hash(types: list[Typed], call: n.Call) -> Typed:
    return Typed(dt.Int64(), False)


# -- methods -------------------------------------------------------------------------


class FlagMethods(ExprMixin):
    """Mixed into :class:`~pydantable.expressions.Expr`."""

    __slots__ = ()

    def _flag_call(self, function: str, *args: Expr, **options: Any) -> Expr:
        node = n.Call(
            function,
            (self._node, *(a._node for a in args)),
            tuple(sorted(options.items())),
        )
        return self._new(node, *args)

    def is_duplicated(self) -> Expr:
        """Whether the value occurs more than once (null is a value; Boolean)."""
        return self._flag_call("is_duplicated")

    def is_unique(self) -> Expr:
        """Whether the value occurs exactly once (null is a value; Boolean)."""
        return self._flag_call("is_unique")

    def is_first_distinct(self) -> Expr:
        """Whether this is the first occurrence of the value (Boolean).

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: str
            >>> df = T({"x": ["a", "b", "a"]})
            >>> df.select(df.x.is_first_distinct()).to_dict()
            {'x': [True, True, False]}
        """
        return self._flag_call("is_first_distinct")

    def is_last_distinct(self) -> Expr:
        """Whether this is the last occurrence of the value (Boolean)."""
        return self._flag_call("is_last_distinct")

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
        return self._flag_call("xor", self._other(other))

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
        return self._flag_call("fill_nan", self._other(value))

    def hash(self, seed: int = 0) -> Expr:
        """A 64-bit hash of each value (Int64: Polars' UInt64 hash bits).

        Equal values hash equally within one Polars version; hashes are not
        stable across versions, so do not persist them.
        """
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**64:
            msg = f"hash seed must be an int in [0, 2**64); got {seed!r}"
            raise ValueError(msg)
        return self._flag_call("hash", seed=seed)

    def log10(self) -> Expr:
        """Base-10 logarithm (Float64; 0 gives -inf, negatives NaN)."""
        return self._flag_call("log10")

    def cbrt(self) -> Expr:
        """Cube root (Float64)."""
        return self._flag_call("cbrt")

    def sin(self) -> Expr:
        """Sine of radians (Float64)."""
        return self._flag_call("sin")

    def cos(self) -> Expr:
        """Cosine of radians (Float64)."""
        return self._flag_call("cos")

    def tan(self) -> Expr:
        """Tangent of radians (Float64)."""
        return self._flag_call("tan")

    def arcsin(self) -> Expr:
        """Inverse sine in radians (Float64; NaN outside [-1, 1])."""
        return self._flag_call("arcsin")

    def arccos(self) -> Expr:
        """Inverse cosine in radians (Float64; NaN outside [-1, 1])."""
        return self._flag_call("arccos")

    def arctan(self) -> Expr:
        """Inverse tangent in radians (Float64)."""
        return self._flag_call("arctan")

    def sinh(self) -> Expr:
        """Hyperbolic sine (Float64)."""
        return self._flag_call("sinh")

    def cosh(self) -> Expr:
        """Hyperbolic cosine (Float64)."""
        return self._flag_call("cosh")

    def tanh(self) -> Expr:
        """Hyperbolic tangent (Float64)."""
        return self._flag_call("tanh")

    def rank(
        self,
        method: str = "average",
        *,
        descending: bool = False,
        seed: int | None = None,
    ) -> Expr:
        """Rank of each value (1 = smallest; nulls stay null).

        ``method``: ``"average"`` (Float64, ties share their mean rank),
        ``"min"``, ``"max"``, ``"dense"``, ``"ordinal"`` (ties in input order)
        or ``"random"`` (ties in random order, ``seed``); Int64 for all but
        ``"average"``.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            >>> df = T({"x": [30, 10, 30]})
            >>> df.select(df.x.rank("dense")).to_dict()
            {'x': [2, 1, 2]}
        """
        if method not in RANK_METHODS:
            msg = f"method must be one of {RANK_METHODS}; got {method!r}"
            raise ValueError(msg)
        if seed is not None and (
            isinstance(seed, bool) or not isinstance(seed, int) or seed < 0
        ):
            msg = f"rank seed must be a non-negative int; got {seed!r}"
            raise ValueError(msg)
        return self._flag_call(
            "rank", method=method, descending=bool(descending), seed=seed
        )

    def rle_id(self) -> Expr:
        """Run id: 0 for the first run of equal values, +1 at each change (Int64)."""
        return self._flag_call("rle_id")
