"""Expression methods: aggregations (sum, mean, quantile, product, any, skew, ...).

An aggregation is a ``Call("agg.<op>", (expr,))`` node. Its type depends on the
*context* it is evaluated in, which the node states explicitly:

* ``"global"`` (the default, no option): the aggregate of a whole frame that
  may be empty, as in ``select(df.x.mean())``. ``mean``/``min``/``max``/
  ``first``/... of an empty frame are null, so they are typed nullable.
* ``"group"`` (option ``context="group"``): the aggregate of a group that has at
  least one row (``group_by().agg()``, ``over()`` windows, aggregates broadcast by
  ``with_columns``). ``mean`` of a non-nullable column is then non-null; only
  ``std``/``var`` with ``ddof > 0`` of a one-row group stay nullable.

Beyond the SQL-style aggregates (``sum``, ``mean``, ``quantile``, ...), the
*reductions* follow the same rules:

* ``product``: Int64/Boolean → Int64 (wrapping like Polars), Float64; 1 when
  there is no non-null value, never null.
* ``any``/``all``: Boolean. ``ignore_nulls=True`` (default) skips nulls and is
  never null; ``ignore_nulls=False`` is Kleene logic (null when the nulls decide).
* ``arg_min``/``arg_max``: Int64 position of the first smallest/largest
  non-null value; null when there is none.
* ``nan_min``/``nan_max``: like ``min``/``max`` but NaN wins.
* ``skew``/``kurtosis``: Float64, always nullable.

``mode`` is not offered: it returns a variable number of values.

:func:`in_context` rewrites the aggregates of an expression into a context.

Example:
    >>> from pydantable import DataFrameModel
    >>> class Sale(DataFrameModel):
    ...     amount: float
    >>> s = Sale({"amount": [10.0, 4.0]})
    >>> s.amount.mean().nullable  # the frame could be empty
    True
    >>> s.group_by("amount").agg(m=s.amount.mean()).schema["m"].nullable
    False
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from pydantable import dtypes as dt
from pydantable.expressions import catalog
from pydantable.expressions import nodes as n
from pydantable.expressions.catalog import FunctionKind
from pydantable.expressions.infer import Typed, describe, register_function
from pydantable.expressions.mixin import ExprMixin

if TYPE_CHECKING:
    from pydantable.expressions.expr import Expr

__all__ = [
    "AGGREGATES",
    "REDUCTIONS",
    "AggregateMethods",
    "aggregate_result",
    "contains_aggregate",
    "in_context",
    "is_scalar",
    "reduction_result",
    "supports",
]

PREFIX = "agg."

#: The aggregation ops (IR function ``"agg.<op>"``).
AGGREGATES = (
    "sum",
    "mean",
    "median",
    "min",
    "max",
    "std",
    "var",
    "count",
    "n_unique",
    "first",
    "last",
    "quantile",
    "len",
    "null_count",
)

CONTEXTS = ("global", "group")
INTERPOLATIONS = ("nearest", "higher", "lower", "midpoint", "linear")

# -- structure analysis --------------------------------------------------------------


def is_aggregate_call(node: n.Node) -> bool:
    """Whether ``node`` calls a function of kind aggregation (catalog)."""
    return (
        isinstance(node, n.Call)
        and catalog.kind_of(node.function) is FunctionKind.AGGREGATION
    )


def _is_window(node: n.Node) -> bool:
    """Whether ``node`` calls a function of kind window (``over``, ``window.*``)."""
    return (
        isinstance(node, n.Call)
        and catalog.kind_of(node.function) is FunctionKind.WINDOW
    )


def is_scalar(node: n.Node) -> bool:
    """Whether ``node`` yields one value for the whole input (or group).

    Literals and aggregates are scalar; a column is not; windows are not; any
    other node is scalar when all its children are.
    """
    if isinstance(node, n.Lit) or is_aggregate_call(node):
        return True
    if isinstance(node, n.Col) or _is_window(node):
        return False
    children = node.children()
    if not children and isinstance(node, n.Call):
        return False  # an unknown argument-less function: assume row-wise
    return all(is_scalar(child) for child in children)


def contains_aggregate(node: n.Node) -> bool:
    """Whether ``node`` contains an aggregation call."""
    if is_aggregate_call(node):
        return True
    return any(contains_aggregate(child) for child in node.children())


def in_context(node: n.Node, context: str) -> n.Node:
    """``node`` with every aggregation call typed for ``context``.

    ``context`` is ``"global"`` (the input may be empty) or ``"group"`` (the
    input has at least one row). Nodes without aggregates are returned as is.
    """
    if context not in CONTEXTS:
        msg = f"unknown aggregation context {context!r}; expected one of {CONTEXTS}"
        raise ValueError(msg)
    if not contains_aggregate(node):
        return node
    return _rewrite(node, context)


def _rewrite(node: n.Node, context: str) -> n.Node:
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(node):
        value = getattr(node, f.name)
        new = _rewrite_value(value, context)
        if new is not value:
            changes[f.name] = new
    if is_aggregate_call(node):
        assert isinstance(node, n.Call)
        options = tuple(o for o in node.options if o[0] != "context")
        if context == "group":
            options = tuple(sorted((*options, ("context", "group"))))
        changes["options"] = options
    return dataclasses.replace(node, **changes) if changes else node


def _rewrite_value(value: Any, context: str) -> Any:
    if isinstance(value, n.Node):
        return in_context(value, context)
    if isinstance(value, tuple) and any(isinstance(v, (n.Node, tuple)) for v in value):
        items = tuple(_rewrite_value(v, context) for v in value)
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        return items
    return value


# -- typing --------------------------------------------------------------------------

_SUMMABLE = (dt.Int64, dt.Float64, dt.Decimal, dt.Boolean, dt.Duration)
_AVERAGEABLE = (*_SUMMABLE, dt.Date, dt.Datetime)
_SPREAD = (dt.Int64, dt.Float64, dt.Decimal, dt.Boolean)
_QUANTILE = (dt.Int64, dt.Float64, dt.Decimal, dt.Date, dt.Datetime, dt.Duration)


def supports(op: str, dtype: dt.DType) -> bool:
    """Whether aggregation ``op`` is defined on ``dtype``."""
    storage = dtype.storage()
    if op == "sum":
        return isinstance(storage, _SUMMABLE)
    if op in ("mean", "median"):
        return isinstance(storage, _AVERAGEABLE)
    if op in ("std", "var"):
        return isinstance(storage, _SPREAD)
    if op == "quantile":
        return isinstance(storage, _QUANTILE)
    if op in ("min", "max"):
        return dtype.is_orderable() and not dtype.is_nested()
    return op in AGGREGATES


def _average_dtype(dtype: dt.DType) -> dt.DType:
    storage = dtype.storage()
    if isinstance(storage, dt.Date):
        return dt.Datetime()
    if isinstance(storage, (dt.Datetime, dt.Duration)):
        return storage
    return dt.Float64()


def aggregate_result(op: str, arg: Typed | None, call: n.Call) -> Typed:
    """The type of aggregation ``op`` of ``arg`` in the context ``call`` states.

    Raises:
        TypeError: ``op`` is not defined on the argument's dtype.
    """
    if op in ("count", "n_unique", "len", "null_count"):
        return Typed(dt.Int64(), False)
    assert arg is not None
    if not supports(op, arg.dtype):
        msg = (
            f"{op}() is not defined for {arg.dtype!r} values in "
            f"{describe(call.args[0])}"
        )
        raise TypeError(msg)
    group = call.option("context", "global") == "group"
    # null when no non-null value is aggregated: an empty frame, an all-null group
    empty_null = arg.nullable or not group
    storage = arg.dtype.storage()
    if op == "sum":
        if isinstance(storage, (dt.Int64, dt.Boolean)):
            return Typed(dt.Int64(), False)
        if isinstance(storage, dt.Decimal):
            return Typed(dt.Decimal(38, storage.scale), False)
        return Typed(storage, False)
    if op in ("mean", "median", "quantile"):
        return Typed(_average_dtype(arg.dtype), empty_null)
    if op in ("std", "var"):
        ddof = int(call.option("ddof", 1))
        return Typed(dt.Float64(), empty_null or ddof > 0)
    # min, max, first, last keep the dtype (Literal/Enum sets included)
    return Typed(arg.dtype, empty_null)


#: The reductions (IR function ``"agg.<op>"`` too), typed by :func:`reduction_result`.
REDUCTIONS = (
    "product",
    "any",
    "all",
    "arg_min",
    "arg_max",
    "nan_min",
    "nan_max",
    "skew",
    "kurtosis",
)

_NEEDS: dict[str, tuple[str, tuple[type[dt.DType], ...]]] = {
    "product": (
        "an Int64, Float64 or Boolean expression",
        (dt.Int64, dt.Float64, dt.Boolean),
    ),
    "any": ("a Boolean expression", (dt.Boolean,)),
    "all": ("a Boolean expression", (dt.Boolean,)),
    "nan_min": ("an Int64 or Float64 expression", (dt.Int64, dt.Float64)),
    "nan_max": ("an Int64 or Float64 expression", (dt.Int64, dt.Float64)),
    "skew": ("an Int64 or Float64 expression", (dt.Int64, dt.Float64)),
    "kurtosis": ("an Int64 or Float64 expression", (dt.Int64, dt.Float64)),
}


def reduction_result(op: str, arg: Typed, call: n.Call) -> Typed:
    """The type of reduction ``op`` of ``arg`` in the context ``call`` states.

    Raises:
        TypeError: ``op`` is not defined on the argument's dtype.
    """
    storage = arg.dtype.storage()
    if op in ("arg_min", "arg_max"):
        ok = arg.dtype.is_orderable() and not arg.dtype.is_nested()
        what = "an orderable expression"
    else:
        what, allowed = _NEEDS[op]
        ok = isinstance(storage, allowed)
    if not ok:
        msg = f"{op}() needs {what}; got {arg.dtype!r} in {describe(call.args[0])}"
        raise TypeError(msg)
    group = call.option("context", "global") == "group"
    # null when no non-null value is aggregated: an empty frame, an all-null group
    empty_null = arg.nullable or not group
    if op == "product":
        return Typed(
            dt.Float64() if isinstance(storage, dt.Float64) else dt.Int64(), False
        )
    if op in ("any", "all"):
        return Typed(
            dt.Boolean(), arg.nullable and not call.option("ignore_nulls", True)
        )
    if op in ("arg_min", "arg_max"):
        return Typed(dt.Int64(), empty_null)
    if op in ("nan_min", "nan_max"):
        return Typed(storage, empty_null)
    return Typed(dt.Float64(), True)  # skew, kurtosis: too few values, zero variance


def _register(op: str) -> None:
    @register_function(PREFIX + op, kind=FunctionKind.AGGREGATION)
    def rule(args: list[Typed], call: n.Call) -> Typed:
        return aggregate_result(op, args[0] if args else None, call)


def _register_reduction(op: str) -> None:
    @register_function(PREFIX + op, kind=FunctionKind.AGGREGATION)
    def rule(args: list[Typed], call: n.Call) -> Typed:
        return reduction_result(op, args[0], call)


for _op in AGGREGATES:
    _register(_op)
for _op in REDUCTIONS:
    _register_reduction(_op)


# -- methods -------------------------------------------------------------------------


class AggregateMethods(ExprMixin):
    """Mixed into :class:`~pydantable.expressions.Expr`.

    Each method returns an aggregate expression typed for the global context
    (see the module docstring); ``group_by().agg()``, ``over()`` and
    ``with_columns`` re-type it for groups.
    """

    __slots__ = ()

    def _aggregate(self, op: str, **options: Any) -> Expr:
        node = n.Call(PREFIX + op, (self._node,), tuple(sorted(options.items())))
        return self._new(node)

    def sum(self) -> Expr:
        """Sum of the non-null values (0 when there are none).

        Int64 and Boolean sums are Int64 (wrapping on overflow, like Polars),
        Decimal sums keep the scale at precision 38.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            >>> df = T({"x": [1, 2]})
            >>> df.select(df.x.sum()).to_dict()
            {'x': [3]}
        """
        return self._aggregate("sum")

    def mean(self) -> Expr:
        """Mean of the non-null values (Float64; Date/Datetime → Datetime)."""
        return self._aggregate("mean")

    def median(self) -> Expr:
        """Median of the non-null values (Float64; Date/Datetime → Datetime)."""
        return self._aggregate("median")

    def min(self) -> Expr:
        """Smallest non-null value."""
        return self._aggregate("min")

    def max(self) -> Expr:
        """Largest non-null value."""
        return self._aggregate("max")

    def std(self, ddof: int = 1) -> Expr:
        """Standard deviation (Float64); null for fewer than ``ddof + 1`` values."""
        return self._aggregate("std", ddof=_ddof(ddof))

    def var(self, ddof: int = 1) -> Expr:
        """Variance (Float64); null for fewer than ``ddof + 1`` values."""
        return self._aggregate("var", ddof=_ddof(ddof))

    def count(self) -> Expr:
        """Number of non-null values (Int64)."""
        return self._aggregate("count")

    def null_count(self) -> Expr:
        """Number of null values (Int64)."""
        return self._aggregate("null_count")

    def n_unique(self) -> Expr:
        """Number of distinct values, null counted as a value (Int64)."""
        return self._aggregate("n_unique")

    def first(self) -> Expr:
        """The first value (may be null)."""
        return self._aggregate("first")

    def last(self) -> Expr:
        """The last value (may be null)."""
        return self._aggregate("last")

    def quantile(self, quantile: float, interpolation: str = "nearest") -> Expr:
        """The ``quantile`` (0..1) of the non-null values.

        ``interpolation`` is one of ``"nearest"`` (default, as Polars),
        ``"higher"``, ``"lower"``, ``"midpoint"``, ``"linear"``.

        Raises:
            ValueError: ``quantile`` is outside [0, 1] or ``interpolation`` unknown.
        """
        if isinstance(quantile, bool) or not isinstance(quantile, (int, float)):
            msg = f"quantile must be a number in [0, 1]; got {quantile!r}"
            raise TypeError(msg)
        if not 0.0 <= float(quantile) <= 1.0:
            msg = f"quantile must be in [0, 1]; got {quantile!r}"
            raise ValueError(msg)
        if interpolation not in INTERPOLATIONS:
            msg = (
                f"interpolation must be one of {INTERPOLATIONS}; got {interpolation!r}"
            )
            raise ValueError(msg)
        return self._aggregate(
            "quantile", quantile=float(quantile), interpolation=interpolation
        )

    def product(self) -> Expr:
        """Product of the non-null values (1 when there are none)."""
        return self._aggregate("product")

    def any(self, *, ignore_nulls: bool = True) -> Expr:
        """Whether any value is true (``ignore_nulls=False``: Kleene logic).

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     ok: bool | None
            >>> df = T({"ok": [False, None]})
            >>> df.select(a=df.ok.any(), k=df.ok.any(ignore_nulls=False)).to_dict()
            {'a': [False], 'k': [None]}
        """
        return self._aggregate("any", ignore_nulls=bool(ignore_nulls))

    def all(self, *, ignore_nulls: bool = True) -> Expr:
        """Whether every value is true (``ignore_nulls=False``: Kleene logic)."""
        return self._aggregate("all", ignore_nulls=bool(ignore_nulls))

    def arg_min(self) -> Expr:
        """Position (Int64) of the first smallest non-null value; null if none."""
        return self._aggregate("arg_min")

    def arg_max(self) -> Expr:
        """Position (Int64) of the first largest non-null value; null if none."""
        return self._aggregate("arg_max")

    def nan_min(self) -> Expr:
        """Smallest value, NaN if any value is NaN."""
        return self._aggregate("nan_min")

    def nan_max(self) -> Expr:
        """Largest value, NaN if any value is NaN."""
        return self._aggregate("nan_max")

    def skew(self, *, bias: bool = True) -> Expr:
        """Sample skewness (Float64; ``bias=False`` corrects for statistical bias)."""
        return self._aggregate("skew", bias=bool(bias))

    def kurtosis(self, *, fisher: bool = True, bias: bool = True) -> Expr:
        """Kurtosis (Float64; ``fisher=True``: excess kurtosis, normal → 0.0)."""
        return self._aggregate("kurtosis", fisher=bool(fisher), bias=bool(bias))


def _ddof(ddof: int) -> int:
    if isinstance(ddof, bool) or not isinstance(ddof, int) or ddof < 0:
        msg = f"ddof must be a non-negative int; got {ddof!r}"
        raise ValueError(msg)
    return ddof
