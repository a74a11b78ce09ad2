"""Polars lowerings of the order-dependent row-wise functions (registered on import).

Each result is cast to the dtype pydantable declares; ``shift``
with a ``fill_value`` of a wider dtype (an Int64 column filled with 0.5) runs
in the common dtype instead of truncating the fill value.
"""

from __future__ import annotations

import polars as pl

from pydantable.engines.polars.core import register_typed_lowering, to_polars_dtype
from pydantable.expressions import nodes as n
from pydantable.expressions.infer import Typed, type_of
from pydantable.expressions.rolling import ROLLING, ROLLING_PREFIX

__all__ = ["declared"]


def declared(call: n.Call, types: list[Typed]) -> pl.DataType:
    """The Polars dtype of the declared result of ``call`` (arguments ``types``)."""
    known = {id(a): t for a, t in zip(call.args, types, strict=True)}
    return to_polars_dtype(type_of(call, {}, known).dtype)


@register_typed_lowering("shift")
def _shift(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    target = declared(call, types)
    periods = call.option("n", 1)
    if len(args) == 1:
        return args[0].shift(periods).cast(target)
    return args[0].cast(target).shift(periods, fill_value=args[1].cast(target))


@register_typed_lowering("fill_null_strategy")
def _fill_strategy(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    if call.option("strategy") == "mean" and types[0].dtype.storage().is_integer():
        # Polars truncates the mean to an integer, and panics when it rounds
        # out of the Int64 range (values near 2**63): the same truncation,
        # with an out-of-range mean leaving the nulls unfilled
        mean = args[0].mean().cast(pl.Int64(), strict=False)
        return args[0].fill_null(mean)
    out = args[0].fill_null(
        strategy=call.option("strategy"), limit=call.option("limit")
    )
    return out.cast(declared(call, types))


@register_typed_lowering("interpolate")
def _interpolate(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    out = args[0].interpolate(call.option("method", "linear"))
    return out.cast(declared(call, types))


def _register_rolling(op: str) -> None:
    @register_typed_lowering(ROLLING_PREFIX + op)
    def lowering(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
        extra = {"ddof": call.option("ddof", 1)} if op in ("std", "var") else {}
        method = getattr(args[0], f"rolling_{op}")
        out: pl.Expr = method(
            call.option("window_size"),
            min_samples=call.option("min_samples"),
            center=call.option("center", False),
            **extra,
        )
        return out.cast(declared(call, types))


for _op in ROLLING:
    _register_rolling(_op)


@register_typed_lowering("ewm_mean")
def _ewm_mean(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    name, decay = call.option("decay")
    out = args[0].ewm_mean(
        **{name: decay},
        adjust=call.option("adjust", True),
        min_samples=call.option("min_samples", 1),
        ignore_nulls=call.option("ignore_nulls", False),
    )
    return out.cast(pl.Float64())
