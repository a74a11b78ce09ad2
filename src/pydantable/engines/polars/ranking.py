"""Polars lowerings of :mod:`pydantable.expressions.ranking` (registered on import).

* ``rank`` (except ``"average"``) and ``rle_id`` are UInt32 in Polars, Int64 here.
* ``hash`` is Polars' UInt64 hash reinterpreted (same bits) as Int64.
"""

from __future__ import annotations

import polars as pl

from pydantable.engines.polars.core import register_typed_lowering
from pydantable.engines.polars.rolling import declared
from pydantable.expressions import nodes as n
from pydantable.expressions.infer import Typed
from pydantable.expressions.ranking import DISTINCT_FLAGS

__all__: list[str] = []


def _register_distinct(name: str) -> None:
    @register_typed_lowering(name)
    def lowering(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
        out: pl.Expr = getattr(args[0], name)()
        return out


for _name in DISTINCT_FLAGS:
    _register_distinct(_name)


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
