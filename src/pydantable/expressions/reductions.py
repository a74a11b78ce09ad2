"""Expression methods: more aggregations (product, any/all, arg_min, skew, ...).

They are aggregation calls (``Call("agg.<op>", ...)``) like those of
:mod:`pydantable.expressions.aggregate`, so they collapse a ``select``, are
broadcast by ``with_columns``, work in ``group_by().agg()`` and ``.over()``,
and are typed for their context: ``arg_max`` of an empty frame (global
context) is null, of a group of non-null values is not.

* ``product``: Int64/Boolean → Int64 (wrapping like Polars), Float64; 1 when
  there is no non-null value, never null.
* ``any``/``all``: Boolean. ``ignore_nulls=True`` (default) skips nulls and is
  never null; ``ignore_nulls=False`` is Kleene logic (null when the nulls decide).
* ``arg_min``/``arg_max``: Int64 position of the first smallest/largest
  non-null value; null when there is none.
* ``nan_min``/``nan_max``: like ``min``/``max`` but NaN wins.
* ``skew``/``kurtosis``: Float64, always nullable.

``mode`` is not offered: it returns a variable number of values.

Example:
    >>> from pydantable import DataFrameModel
    >>> class T(DataFrameModel):
    ...     g: str
    ...     x: int
    >>> df = T({"g": ["a", "a", "b"], "x": [2, 3, 4]})
    >>> df.group_by("g").agg(p=df.x.product()).sort("g").to_dict()
    {'g': ['a', 'b'], 'p': [6, 4]}
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantable import dtypes as dt
from pydantable.expressions import nodes as n
from pydantable.expressions.aggregate import PREFIX
from pydantable.expressions.catalog import FunctionKind
from pydantable.expressions.infer import Typed, describe, register_function
from pydantable.expressions.mixin import ExprMixin

if TYPE_CHECKING:
    from pydantable.expressions.expr import Expr

__all__ = ["REDUCTIONS", "ReductionMethods", "reduction_result"]

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
        return reduction_result(op, args[0], call)


for _op in REDUCTIONS:
    _register(_op)


class ReductionMethods(ExprMixin):
    """Mixed into :class:`~pydantable.expressions.Expr`."""

    __slots__ = ()

    def _reduce(self, op: str, **options: Any) -> Expr:
        node = n.Call(PREFIX + op, (self._node,), tuple(sorted(options.items())))
        return self._new(node)

    def product(self) -> Expr:
        """Product of the non-null values (1 when there are none)."""
        return self._reduce("product")

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
        return self._reduce("any", ignore_nulls=bool(ignore_nulls))

    def all(self, *, ignore_nulls: bool = True) -> Expr:
        """Whether every value is true (``ignore_nulls=False``: Kleene logic)."""
        return self._reduce("all", ignore_nulls=bool(ignore_nulls))

    def arg_min(self) -> Expr:
        """Position (Int64) of the first smallest non-null value; null if none."""
        return self._reduce("arg_min")

    def arg_max(self) -> Expr:
        """Position (Int64) of the first largest non-null value; null if none."""
        return self._reduce("arg_max")

    def nan_min(self) -> Expr:
        """Smallest value, NaN if any value is NaN."""
        return self._reduce("nan_min")

    def nan_max(self) -> Expr:
        """Largest value, NaN if any value is NaN."""
        return self._reduce("nan_max")

    def skew(self, *, bias: bool = True) -> Expr:
        """Sample skewness (Float64; ``bias=False`` corrects for statistical bias)."""
        return self._reduce("skew", bias=bool(bias))

    def kurtosis(self, *, fisher: bool = True, bias: bool = True) -> Expr:
        """Kurtosis (Float64; ``fisher=True``: excess kurtosis, normal → 0.0)."""
        return self._reduce("kurtosis", fisher=bool(fisher), bias=bool(bias))
