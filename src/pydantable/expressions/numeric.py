"""Expression methods: numeric functions (round, clip, cumulative ops, ...).

Every method is typed when it is built: misuse (``round`` of a String column,
``clip`` with a bound of another dtype family) raises ``TypeError`` naming the
expression and its dtype. Result dtypes are pydantable's own, never a Polars
accident: ``cum_sum`` of a Boolean column is Int64, ``clip`` of an Int64 column
with a float bound is Float64 (Polars would truncate the bound), ``diff`` of a
Date column is a Duration.

Example:
    >>> from pydantable import DataFrameModel
    >>> class T(DataFrameModel):
    ...     x: float
    >>> df = T({"x": [1.25, -3.5, 8.0]})
    >>> df.select(df.x.clip(0, 5).round(1)).to_dict()
    {'x': [1.2, 0.0, 5.0]}
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from pydantable import dtypes as dt
from pydantable.expressions import nodes as n
from pydantable.expressions import rules
from pydantable.expressions.infer import NULL, Typed, describe, register_function, unify
from pydantable.expressions.mixin import ExprMixin

if TYPE_CHECKING:
    from pydantable.expressions.expr import Expr

__all__ = ["CLOSED", "ROUND_MODES", "NumericMethods", "numeric_result"]

CLOSED = ("both", "left", "right", "none")
ROUND_MODES = ("half_to_even", "half_away_from_zero")

#: Typing rules of this module's functions, by IR function name.
_RULES: dict[str, Callable[[list[Typed], n.Call], Typed]] = {}


def _rule(
    *names: str,
) -> Callable[
    [Callable[[list[Typed], n.Call], Typed]], Callable[[list[Typed], n.Call], Typed]
]:
    def decorator(
        fn: Callable[[list[Typed], n.Call], Typed],
    ) -> Callable[[list[Typed], n.Call], Typed]:
        for name in names:
            _RULES[name] = fn
            register_function(name)(fn)
        return fn

    return decorator


def numeric_result(types: list[Typed], call: n.Call) -> Typed:
    """The declared type of a call of one of this module's functions."""
    return _RULES[call.function](types, call)


def _fail(function: str, what: str, typed: Typed, node: n.Node) -> TypeError:
    return TypeError(
        f"{function}() needs {what}; got {typed.dtype!r} in {describe(node)}"
    )


def _storage(typed: Typed) -> dt.DType:
    return typed.dtype.storage()


def _wide_sum(dtype: dt.DType) -> dt.DType:
    """The dtype of running sums and differences of ``dtype`` values."""
    if isinstance(dtype, (dt.Int64, dt.Boolean)):
        return dt.Int64()
    if isinstance(dtype, dt.Decimal):
        return dt.Decimal(38, dtype.scale)
    return dtype


# -- typing rules --------------------------------------------------------------------


@_rule("between")
def _between(types: list[Typed], call: n.Call) -> Typed:
    value = types[0]
    for bound, node in zip(types[1:], call.args[1:], strict=True):
        if bound.dtype is not NULL and not rules.comparable(
            "le", value.dtype, bound.dtype
        ):
            msg = (
                f"between() cannot compare {value.dtype!r} with a {bound.dtype!r} "
                f"bound {describe(node)} in {describe(call.args[0])}"
            )
            raise TypeError(msg)
    return Typed(dt.Boolean(), any(t.nullable for t in types))


def _clippable(dtype: dt.DType) -> bool:
    storage = dtype.storage()
    return storage.is_numeric() or isinstance(
        storage, (dt.Date, dt.Datetime, dt.Duration, dt.Time)
    )


@_rule("clip")
def _clip(types: list[Typed], call: n.Call) -> Typed:
    value = types[0]
    if not _clippable(value.dtype):
        raise _fail("clip", "a numeric or temporal expression", value, call.args[0])
    for bound, node in zip(types[1:], call.args[1:], strict=True):
        if bound.dtype is not NULL and not rules.comparable(
            "le", value.dtype, bound.dtype
        ):
            msg = (
                f"clip() bound {describe(node)} of dtype {bound.dtype!r} does not "
                f"compare with {value.dtype!r} in {describe(call.args[0])}"
            )
            raise TypeError(msg)
    # a null bound means "no bound": nullability is the value's
    common = unify(
        [Typed(value.dtype.storage(), False), *types[1:]], what="clip() bounds"
    )
    return Typed(common.dtype, value.nullable)


@_rule("replace")
def _replace(types: list[Typed], call: n.Call) -> Typed:
    count = int(call.option("count", 0))
    value, olds, news = types[0], types[1 : 1 + count], types[1 + count :]
    for old, node in zip(olds, call.args[1 : 1 + count], strict=True):
        if not rules.comparable("eq", value.dtype, old.dtype):
            msg = (
                f"replace() key {describe(node)} of dtype {old.dtype!r} cannot "
                f"match {value.dtype!r} values of {describe(call.args[0])}"
            )
            raise TypeError(msg)
    common = unify(
        [Typed(value.dtype, False), *olds, *news], what="replace() values and column"
    )
    return Typed(common.dtype, value.nullable or any(t.nullable for t in news))


@_rule("round", "floor", "ceil")
def _round(types: list[Typed], call: n.Call) -> Typed:
    value = types[0]
    storage = _storage(value)
    if not storage.is_numeric():
        raise _fail(call.function, "a numeric expression", value, call.args[0])
    if isinstance(storage, dt.Decimal):
        return Typed(
            dt.Decimal(min(storage.precision + 1, 38), storage.scale), value.nullable
        )
    return Typed(storage, value.nullable)


@_rule("cum_sum")
def _cum_sum(types: list[Typed], call: n.Call) -> Typed:
    value = types[0]
    storage = _storage(value)
    if not isinstance(
        storage, (dt.Int64, dt.Float64, dt.Decimal, dt.Boolean, dt.Duration)
    ):
        raise _fail(
            "cum_sum", "a numeric, Boolean or Duration expression", value, call.args[0]
        )
    return Typed(_wide_sum(storage), value.nullable)


@_rule("cum_prod")
def _cum_prod(types: list[Typed], call: n.Call) -> Typed:
    value = types[0]
    storage = _storage(value)
    if not isinstance(storage, (dt.Int64, dt.Float64, dt.Boolean)):
        raise _fail(
            "cum_prod", "an Int64, Float64 or Boolean expression", value, call.args[0]
        )
    return Typed(_wide_sum(storage), value.nullable)


@_rule("cum_min", "cum_max")
def _cum_extreme(types: list[Typed], call: n.Call) -> Typed:
    value = types[0]
    if not value.dtype.is_orderable() or value.dtype.is_nested():
        raise _fail(call.function, "an orderable expression", value, call.args[0])
    return value


@_rule("cum_count")
def _cum_count(types: list[Typed], call: n.Call) -> Typed:
    return Typed(dt.Int64(), False)


@_rule("diff")
def _diff(types: list[Typed], call: n.Call) -> Typed:
    value = types[0]
    storage = _storage(value)
    if isinstance(storage, (dt.Date, dt.Datetime, dt.Duration)):
        result: dt.DType = dt.Duration()
    elif storage.is_numeric():
        result = _wide_sum(storage)
    else:
        raise _fail("diff", "a numeric or temporal expression", value, call.args[0])
    # the first ``n`` rows have no predecessor
    return Typed(result, value.nullable or int(call.option("n", 1)) != 0)


@_rule("pct_change")
def _pct_change(types: list[Typed], call: n.Call) -> Typed:
    value = types[0]
    if not _storage(value).is_numeric():
        raise _fail("pct_change", "a numeric expression", value, call.args[0])
    return Typed(dt.Float64(), True)


@_rule("sign")
def _sign(types: list[Typed], call: n.Call) -> Typed:
    value = types[0]
    storage = _storage(value)
    if not storage.is_numeric():
        raise _fail("sign", "a numeric expression", value, call.args[0])
    return Typed(dt.Float64() if storage.is_float() else dt.Int64(), value.nullable)


@_rule("sqrt", "exp", "log", "log1p")
def _float_function(types: list[Typed], call: n.Call) -> Typed:
    value = types[0]
    if not _storage(value).is_numeric():
        raise _fail(call.function, "a numeric expression", value, call.args[0])
    return Typed(dt.Float64(), value.nullable)


@_rule("is_nan", "is_not_nan", "is_finite", "is_infinite")
def _float_predicate(types: list[Typed], call: n.Call) -> Typed:
    value = types[0]
    if not _storage(value).is_numeric():
        raise _fail(call.function, "a numeric expression", value, call.args[0])
    return Typed(dt.Boolean(), value.nullable)


# -- methods -------------------------------------------------------------------------


class NumericMethods(ExprMixin):
    """Mixed into :class:`~pydantable.expressions.Expr`."""

    __slots__ = ()

    def _numeric(self, function: str, *args: Expr, **options: Any) -> Expr:
        node = n.Call(
            function,
            (self._node, *(a._node for a in args)),
            tuple(sorted(options.items())),
        )
        return self._new(node, *args)

    def between(self, lower: Any, upper: Any, closed: str = "both") -> Expr:
        """Whether each value lies between ``lower`` and ``upper``.

        ``closed`` is ``"both"`` (default), ``"left"``, ``"right"`` or ``"none"``.
        A null value or bound gives null.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            >>> df = T({"x": [1, 5, 9]})
            >>> df.select(df.x.between(2, 9, closed="left")).to_dict()
            {'x': [False, True, False]}
        """
        if closed not in CLOSED:
            msg = f"closed must be one of {CLOSED}; got {closed!r}"
            raise ValueError(msg)
        lo, hi = self._other(lower), self._other(upper)
        return self._numeric("between", lo, hi, closed=closed)

    def clip(self, lower: Any = None, upper: Any = None) -> Expr:
        """Limit values to ``[lower, upper]`` (``None``: no bound on that side).

        The result has the common dtype of the values and the bounds (an Int64
        column clipped at ``0.5`` is Float64). A null bound leaves values as is.
        """
        if lower is None and upper is None:
            msg = "clip() needs a lower or an upper bound"
            raise ValueError(msg)
        lo = self._other(lower) if lower is not None else None
        hi = self._other(upper) if upper is not None else None
        bounds = [b for b in (lo, hi) if b is not None]
        return self._numeric(
            "clip", *bounds, lower=lo is not None, upper=hi is not None
        )

    def replace(self, mapping: Mapping[Any, Any] | Any, new: Any = None) -> Expr:
        """Replace values: ``replace({old: new, ...})`` or ``replace(old, new)``.

        Values not in the mapping are kept. The result has the common dtype of
        the column and the new values (replacing a ``Literal`` value with one
        outside its set gives a plain String column); ``None`` as a new value
        makes the result nullable. Use ``fill_null`` to replace nulls.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     code: str
            >>> df = T({"code": ["a", "b", "c"]})
            >>> df.select(df.code.replace({"a": "x", "b": "y"})).to_dict()
            {'code': ['x', 'y', 'c']}
        """
        if not isinstance(mapping, Mapping):
            mapping = {mapping: new}
        if any(key is None for key in mapping):
            msg = "replace() keys cannot be None; use fill_null() to replace nulls"
            raise ValueError(msg)
        olds = [self._other(k) for k in mapping]
        news = [self._other(v) for v in mapping.values()]
        for expr in (*olds, *news):
            if not isinstance(expr.node, n.Lit):
                msg = f"replace() takes Python values, not expressions; got {expr!r}"
                raise TypeError(msg)
        return self._numeric("replace", *olds, *news, count=len(olds))

    def round(self, decimals: int = 0, *, mode: str = "half_to_even") -> Expr:
        """Round to ``decimals`` places (Int64 stays Int64; Decimal keeps its scale).

        ``mode`` is ``"half_to_even"`` (default, as Python's ``round``) or
        ``"half_away_from_zero"``.
        """
        if isinstance(decimals, bool) or not isinstance(decimals, int) or decimals < 0:
            msg = f"decimals must be a non-negative int; got {decimals!r}"
            raise ValueError(msg)
        if mode not in ROUND_MODES:
            msg = f"mode must be one of {ROUND_MODES}; got {mode!r}"
            raise ValueError(msg)
        return self._numeric("round", decimals=decimals, mode=mode)

    def floor(self) -> Expr:
        """Round down to an integral value (same dtype)."""
        return self._numeric("floor")

    def ceil(self) -> Expr:
        """Round up to an integral value (same dtype)."""
        return self._numeric("ceil")

    def cum_sum(self, *, reverse: bool = False) -> Expr:
        """Running sum (nulls stay null; Int64/Boolean → Int64, wrapping like Polars)."""
        return self._numeric("cum_sum", reverse=bool(reverse))

    def cum_prod(self, *, reverse: bool = False) -> Expr:
        """Running product (nulls stay null)."""
        return self._numeric("cum_prod", reverse=bool(reverse))

    def cum_min(self, *, reverse: bool = False) -> Expr:
        """Running minimum (nulls stay null)."""
        return self._numeric("cum_min", reverse=bool(reverse))

    def cum_max(self, *, reverse: bool = False) -> Expr:
        """Running maximum (nulls stay null)."""
        return self._numeric("cum_max", reverse=bool(reverse))

    def cum_count(self, *, reverse: bool = False) -> Expr:
        """Running count of non-null values (Int64)."""
        return self._numeric("cum_count", reverse=bool(reverse))

    def cumsum(self) -> Expr:
        """The original's name of :meth:`cum_sum`."""
        return self.cum_sum()

    def cumprod(self) -> Expr:
        """The original's name of :meth:`cum_prod`."""
        return self.cum_prod()

    def cummin(self) -> Expr:
        """The original's name of :meth:`cum_min`."""
        return self.cum_min()

    def cummax(self) -> Expr:
        """The original's name of :meth:`cum_max`."""
        return self.cum_max()

    def diff(self, n: int = 1) -> Expr:
        """Difference with the value ``n`` rows before (null for the first rows).

        Int64 differences wrap on overflow like Polars; Date/Datetime
        differences are Durations.
        """
        return self._numeric("diff", n=_periods(n))

    def pct_change(self, n: int = 1) -> Expr:
        """Relative change from the value ``n`` rows before (Float64).

        ``x / x.shift(n) - 1``: division by zero gives ``inf``/``NaN`` as in
        floating point, a null on either side gives null.
        """
        return self._numeric("pct_change", n=_periods(n))

    def sign(self) -> Expr:
        """-1, 0 or 1 (Float64 for floats, NaN stays NaN; Int64 otherwise)."""
        return self._numeric("sign")

    def sqrt(self) -> Expr:
        """Square root (Float64; negative values give NaN)."""
        return self._numeric("sqrt")

    def exp(self) -> Expr:
        """``e ** x`` (Float64)."""
        return self._numeric("exp")

    def log(self, base: float = 2.718281828459045) -> Expr:
        """Logarithm in ``base`` (Float64; 0 gives -inf, negatives NaN)."""
        if isinstance(base, bool) or not isinstance(base, (int, float)) or base <= 0:
            msg = f"log base must be a positive number; got {base!r}"
            raise ValueError(msg)
        return self._numeric("log", base=float(base))

    def log1p(self) -> Expr:
        """``log(1 + x)`` (Float64)."""
        return self._numeric("log1p")

    def pow(self, exponent: Any) -> Expr:
        """``self ** exponent``."""
        return self._binary("pow", exponent)

    def is_nan(self) -> Expr:
        """Whether each value is NaN (integers and decimals never are)."""
        return self._numeric("is_nan")

    def is_not_nan(self) -> Expr:
        """Whether each value is not NaN."""
        return self._numeric("is_not_nan")

    def is_finite(self) -> Expr:
        """Whether each value is finite (not ±inf or NaN)."""
        return self._numeric("is_finite")

    def is_infinite(self) -> Expr:
        """Whether each value is ±inf."""
        return self._numeric("is_infinite")


def _periods(n: int) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        msg = f"n must be an int; got {n!r}"
        raise TypeError(msg)
    return n
