"""Polars lowerings of the horizontal functions (registered on import).

Arguments are cast to the declared result dtype first, so the common dtype is
pydantable's (an Int64 and a Float64 column give Float64, a Boolean sum is
Int64 where Polars would give UInt32) and untyped ``None`` literals get a dtype.
"""

from __future__ import annotations

import polars as pl

from pydantable.engines.polars.core import register_typed_lowering, to_polars_dtype
from pydantable.expressions import nodes as n
from pydantable.expressions.horizontal import PREFIX, horizontal_result
from pydantable.expressions.infer import Typed

__all__: list[str] = []


@register_typed_lowering(PREFIX + "sum")
def _sum(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    target = to_polars_dtype(horizontal_result("sum", types, call).dtype)
    out = pl.sum_horizontal(
        [a.cast(target) for a in args], ignore_nulls=call.option("ignore_nulls", True)
    )
    return out.cast(target)


@register_typed_lowering(PREFIX + "mean")
def _mean(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    return pl.mean_horizontal(
        [a.cast(pl.Float64()) for a in args],
        ignore_nulls=call.option("ignore_nulls", True),
    )


@register_typed_lowering(PREFIX + "min")
def _min(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    target = to_polars_dtype(horizontal_result("min", types, call).dtype)
    return pl.min_horizontal([a.cast(target) for a in args])


@register_typed_lowering(PREFIX + "max")
def _max(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    target = to_polars_dtype(horizontal_result("max", types, call).dtype)
    return pl.max_horizontal([a.cast(target) for a in args])


@register_typed_lowering(PREFIX + "all")
def _all(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    return pl.all_horizontal([a.cast(pl.Boolean()) for a in args])


@register_typed_lowering(PREFIX + "any")
def _any(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    return pl.any_horizontal([a.cast(pl.Boolean()) for a in args])
