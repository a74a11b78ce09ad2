"""Polars lowerings of the numeric area (registered on import).

Polars quirks handled here (each result is cast to the declared dtype):

* ``cum_sum``/``cum_count`` of Booleans are UInt32 in Polars: cast to Int64.
* ``clip``/``replace`` cast bounds and new values to the column's dtype in
  Polars (an Int64 column clipped at 1.5 is clipped at 1): the column is cast
  to the common dtype first.
* ``round``/``floor``/``ceil`` of Decimals widen the precision by one.
* ``sign`` of a Decimal is a Decimal in Polars: cast to Int64.
* ``is_nan``/``is_finite`` are undefined for integers in Polars: integers are
  never NaN and always finite.
"""

from __future__ import annotations

import math

import polars as pl

from pydantable import dtypes as dt
from pydantable.engines.polars.core import (
    literal_value,
    register_typed_lowering,
    to_polars_dtype,
)
from pydantable.expressions import nodes as n
from pydantable.expressions.infer import Typed, unify
from pydantable.expressions.numeric import numeric_result


def _declared(call: n.Call, types: list[Typed]) -> pl.DataType:
    return to_polars_dtype(numeric_result(types, call).dtype)


def _as(expr: pl.Expr, typed: Typed, target: pl.DataType) -> pl.Expr:
    """``expr`` cast to ``target`` unless it is stored as ``target`` already."""
    if typed.dtype.name != "Null" and to_polars_dtype(typed.dtype) == target:
        return expr
    return expr.cast(target)


@register_typed_lowering("between")
def _between(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    value, lower, upper = args
    if all(t.dtype.storage().is_numeric() for t in types if t.dtype.name != "Null"):
        common = to_polars_dtype(_common_numeric(types))
        value, lower, upper = (
            _as(a, t, common) for a, t in zip(args, types, strict=True)
        )
    return value.is_between(lower, upper, closed=call.option("closed", "both"))


def _common_numeric(types: list[Typed]) -> dt.DType:
    return unify(
        [Typed(t.dtype.storage(), False) for t in types if t.dtype.name != "Null"],
        what="between() operands",
    ).dtype


@register_typed_lowering("clip")
def _clip(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    target = _declared(call, types)
    value = _as(args[0], types[0], target)
    bounds = iter(_as(a, t, target) for a, t in zip(args[1:], types[1:], strict=True))
    lower = next(bounds) if call.option("lower", False) else None
    upper = next(bounds) if call.option("upper", False) else None
    return value.clip(lower, upper)


@register_typed_lowering("replace")
def _replace(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    count = int(call.option("count", 0))
    result = numeric_result(types, call).dtype
    target = to_polars_dtype(result)
    values = [
        literal_value(a.value, a.dtype) if isinstance(a, n.Lit) else None
        for a in call.args[1:]
    ]
    olds = pl.Series(values[:count], dtype=target)
    news = pl.Series(values[count:], dtype=target)
    return _as(args[0], types[0], target).replace(olds, news)


@register_typed_lowering("round")
def _round(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    if types[0].dtype.storage().is_integer():
        return args[0]
    rounded = args[0].round(call.option("decimals", 0), mode=call.option("mode"))
    return rounded.cast(_declared(call, types))


@register_typed_lowering("floor")
def _floor(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    if types[0].dtype.storage().is_integer():
        return args[0]
    return args[0].floor().cast(_declared(call, types))


@register_typed_lowering("ceil")
def _ceil(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    if types[0].dtype.storage().is_integer():
        return args[0]
    return args[0].ceil().cast(_declared(call, types))


def _cumulative(name: str) -> None:
    @register_typed_lowering(name)
    def lowering(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
        method = getattr(args[0], name)
        out: pl.Expr = method(reverse=call.option("reverse", False))
        return out.cast(_declared(call, types))


for _name in ("cum_sum", "cum_prod", "cum_min", "cum_max", "cum_count"):
    _cumulative(_name)


@register_typed_lowering("diff")
def _diff(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    return args[0].diff(call.option("n", 1)).cast(_declared(call, types))


@register_typed_lowering("pct_change")
def _pct_change(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    return args[0].pct_change(call.option("n", 1)).cast(pl.Float64())


@register_typed_lowering("sign")
def _sign(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    return args[0].sign().cast(_declared(call, types))


@register_typed_lowering("sqrt")
def _sqrt(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    return args[0].cast(pl.Float64()).sqrt()


@register_typed_lowering("exp")
def _exp(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    return args[0].cast(pl.Float64()).exp()


@register_typed_lowering("log")
def _log(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    return args[0].cast(pl.Float64()).log(call.option("base", math.e))


@register_typed_lowering("log1p")
def _log1p(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    return args[0].cast(pl.Float64()).log1p()


def _predicate(name: str) -> None:
    @register_typed_lowering(name)
    def lowering(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
        # integers and decimals are never NaN nor infinite; as floats, neither
        value = args[0]
        if not types[0].dtype.storage().is_float():
            value = value.cast(pl.Float64())
        out: pl.Expr = getattr(value, name)()
        return out


for _name in ("is_nan", "is_not_nan", "is_finite", "is_infinite"):
    _predicate(_name)
