"""Polars lowerings of :mod:`pydantable.expressions.math` (registered on import).

* The float functions run on the values cast to Float64 (Polars' trigonometry
  rejects Decimals).
* ``fill_nan`` of an integer or decimal column is the column itself.
"""

from __future__ import annotations

import polars as pl

from pydantable.engines.polars.core import register_typed_lowering
from pydantable.expressions import nodes as n
from pydantable.expressions.infer import Typed
from pydantable.expressions.math import FLOAT_FUNCTIONS

__all__: list[str] = []


def _register_float(name: str) -> None:
    @register_typed_lowering(name)
    def lowering(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
        out: pl.Expr = getattr(args[0].cast(pl.Float64()), name)()
        return out


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
