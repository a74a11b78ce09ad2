"""Polars lowerings of aggregations (registered on import).

Each aggregate is cast to the dtype pydantable declares for it, which papers
over Polars' own result dtypes: counts (``count``, ``len``, ``n_unique``,
``null_count``) and Boolean sums are UInt32 in Polars and Int64 here. Other
results already match (``mean`` of Decimal is Float64, of Date a Datetime;
Decimal sums have precision 38); the cast is then a no-op Polars drops.
``quantile`` of a Date column panics in Polars 2.1 when there is no non-null
value, so a Date ``quantile`` runs on the values as Datetimes
(same results: Polars returns Datetimes for them anyway).
The reductions are cast the same way (``arg_min``/``arg_max`` are UInt32 in
Polars). The context option of a call only affects typing, never the lowering.
"""

from __future__ import annotations

import polars as pl

from pydantable import dtypes as dt
from pydantable.engines.polars.core import register_typed_lowering, to_polars_dtype
from pydantable.expressions import nodes as n
from pydantable.expressions.aggregate import (
    AGGREGATES,
    PREFIX,
    REDUCTIONS,
    aggregate_result,
    reduction_result,
)
from pydantable.expressions.infer import Typed


def _lower(op: str, value: pl.Expr | None, call: n.Call) -> pl.Expr:
    if value is None:  # global_row_count()
        return pl.len()
    if op == "std":
        return value.std(ddof=call.option("ddof", 1))
    if op == "var":
        return value.var(ddof=call.option("ddof", 1))
    if op == "quantile":
        return value.quantile(
            call.option("quantile"),
            interpolation=call.option("interpolation", "nearest"),
        )
    if op == "n_unique" and call.option("ignore_nulls", False):
        return value.drop_nulls().n_unique()  # the original's (op, column) count
    out: pl.Expr = getattr(value, op)()
    return out


_AS_DATETIME = ("quantile",)


def _register(op: str) -> None:
    @register_typed_lowering(PREFIX + op)
    def lowering(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
        declared = aggregate_result(op, types[0] if types else None, call)
        value = args[0] if args else None
        if (
            value is not None
            and op in _AS_DATETIME
            and isinstance(types[0].dtype.storage(), dt.Date)
        ):
            value = value.cast(pl.Datetime("us"))
        out = _lower(op, value, call)
        return out.cast(to_polars_dtype(declared.dtype))


for _op in AGGREGATES:
    _register(_op)


# -- reductions (product, any/all, arg_min, skew, ...) ---------------------------------


def _lower_reduction(op: str, value: pl.Expr, call: n.Call) -> pl.Expr:
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


def _register_reduction(op: str) -> None:
    @register_typed_lowering(PREFIX + op)
    def lowering(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
        result = reduction_result(op, types[0], call)
        return _lower_reduction(op, args[0], call).cast(to_polars_dtype(result.dtype))


for _op in REDUCTIONS:
    _register_reduction(_op)
