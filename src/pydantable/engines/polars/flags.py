"""Polars lowerings of distinctness flags, ``xor``, ``fill_nan``, ``hash`` and float math.

* The float functions run on the values cast to Float64 (Polars' trigonometry
  rejects Decimals).
* ``fill_nan`` of an integer or decimal column is the column itself.
* ``rank`` (except ``"average"``) and ``rle_id`` are UInt32 in Polars, Int64 here.
* ``hash`` is Polars' UInt64 hash reinterpreted (same bits) as Int64.
"""

from __future__ import annotations

import polars as pl

from pydantable.engines.polars.core import register_typed_lowering
from pydantable.engines.polars.rolling import declared
from pydantable.expressions import nodes as n
from pydantable.expressions.flags import DISTINCT_FLAGS, FLOAT_FUNCTIONS
from pydantable.expressions.infer import Typed

__all__: list[str] = []


def _register_distinct(name: str) -> None:
    @register_typed_lowering(name)
    def lowering(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
        out: pl.Expr = getattr(args[0], name)()
        return out


def _register_float(name: str) -> None:
    @register_typed_lowering(name)
    def lowering(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
        out: pl.Expr = getattr(args[0].cast(pl.Float64()), name)()
        return out


for _name in DISTINCT_FLAGS:
    _register_distinct(_name)
for _name in FLOAT_FUNCTIONS:
    _register_float(_name)


@register_typed_lowering("xor")
def _xor(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    left, right = (a.cast(pl.Boolean()) for a in args)
    return left.xor(right)


@register_typed_lowering("fill_nan")
def _fill_nan(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    if not types[0].dtype.storage().is_float():
        return args[0]
    return args[0].fill_nan(args[1].cast(pl.Float64()))


@register_typed_lowering("hash")
def _hash(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    return args[0].hash(call.option("seed", 0)).reinterpret(signed=True)


@register_typed_lowering("rank")
def _rank(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    out = args[0].rank(
        call.option("method", "average"),
        descending=call.option("descending", False),
        seed=call.option("seed"),
    )
    return out.cast(declared(call, types))


@register_typed_lowering("rle_id")
def _rle_id(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    return args[0].rle_id().cast(pl.Int64())
