"""Polars lowerings of :mod:`pydantable.expressions.reductions` (registered on import).

``arg_min``/``arg_max`` are UInt32 in Polars and Int64 here; every result is
cast to the declared dtype (a no-op Polars drops when the dtypes agree). The
context option of a call only affects typing, never the lowering.
"""

from __future__ import annotations

import polars as pl

from pydantable.engines.polars.core import register_typed_lowering, to_polars_dtype
from pydantable.expressions import nodes as n
from pydantable.expressions.aggregate import PREFIX
from pydantable.expressions.infer import Typed
from pydantable.expressions.reductions import REDUCTIONS, reduction_result

__all__: list[str] = []


def _lower(op: str, value: pl.Expr, call: n.Call) -> pl.Expr:
    if op in ("any", "all"):
        out: pl.Expr = getattr(value, op)(
            ignore_nulls=call.option("ignore_nulls", True)
        )
        return out
    if op == "skew":
        return value.skew(bias=call.option("bias", True))
    if op == "kurtosis":
        return value.kurtosis(
            fisher=call.option("fisher", True), bias=call.option("bias", True)
        )
    out = getattr(value, op)()
    return out


def _register(op: str) -> None:
    @register_typed_lowering(PREFIX + op)
    def lowering(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
        result = reduction_result(op, types[0], call)
        return _lower(op, args[0], call).cast(to_polars_dtype(result.dtype))


for _op in REDUCTIONS:
    _register(_op)
