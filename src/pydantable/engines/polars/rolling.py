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

__all__ = ["declared", "exact_integer_mean", "fill_null_strategy"]


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


def exact_integer_mean(expr: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """The mean of the integer ``expr``, truncated toward zero, computed exactly.

    Polars averages integers in float64, which rounds near ``2**63`` (and its
    ``fill_null(strategy="mean")`` then panics casting the rounded mean back):
    the sum runs in Int128 and is divided as an integer. The exact mean lies
    between the minimum and the maximum, so the cast to ``dtype`` never fails;
    an all-null (or empty) column has no mean (null).
    """
    total = expr.cast(pl.Int128()).sum()
    count = expr.count()
    mean = total.abs() // count * total.sign()
    return pl.when(count > 0).then(mean).otherwise(None).cast(dtype)


def fill_null_strategy(
    expr: pl.Expr, strategy: str, limit: int | None, dtype: pl.DataType
) -> pl.Expr:
    """``expr.fill_null(strategy=...)`` in the dtype ``dtype``, without Polars' panic.

    Polars' semantics (forward/backward carry, min, max, mean cast to the
    column's dtype, zero, one), with the integer mean computed exactly by
    :func:`exact_integer_mean`.
    """
    if strategy == "mean" and dtype.is_integer():
        return expr.fill_null(exact_integer_mean(expr, dtype))
    out = expr.fill_null(strategy=strategy, limit=limit)  # type: ignore[arg-type]
    return out.cast(dtype)


@register_typed_lowering("fill_null_strategy")
def _fill_strategy(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    target = declared(call, types)
    if call.option("strategy") == "mean" and types[0].dtype.storage().is_integer():
        # the exact mean, in the argument's own integer dtype
        source = to_polars_dtype(types[0].dtype.storage())
        return fill_null_strategy(args[0], "mean", None, source).cast(target)
    return fill_null_strategy(
        args[0], call.option("strategy"), call.option("limit"), target
    )


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
