"""Polars lowering of rolling and dynamic-window aggregation."""

from __future__ import annotations

import polars as pl

from pydantable.engines.polars.core import lower_expr, register_plan_lowering
from pydantable.plan.timeseries import GroupByDynamic, RollingAgg

__all__: list[str] = []


def _rolling(node: RollingAgg) -> pl.Expr:
    x = pl.col(node.column)
    if node.op == "count":
        # non-null values in the window (0 for an all-null window)
        x = x.is_not_null().cast(pl.Int64)
        op = "sum"
    else:
        op = node.op
    by = pl.col(node.on)
    size, minimum = node.window, 1 if node.op == "count" else node.min_periods
    # the window [t - size, t] includes both ends (the original's window)
    rolling = getattr(x, f"rolling_{op}_by")  # sum, mean, min, max, std, var, median
    out: pl.Expr = rolling(by, window_size=size, min_samples=minimum, closed="both")
    if node.by:
        out = out.over(list(node.by))
    return out.alias(node.out_name)


@register_plan_lowering(RollingAgg)
def _rolling_agg(node: RollingAgg, inputs: list[pl.LazyFrame]) -> pl.LazyFrame:
    (lf,) = inputs
    return lf.with_columns(_rolling(node))


@register_plan_lowering(GroupByDynamic)
def _group_by_dynamic(node: GroupByDynamic, inputs: list[pl.LazyFrame]) -> pl.LazyFrame:
    (lf,) = inputs
    schema = node.input.schema
    aggs = [lower_expr(e, schema).alias(name) for name, e in node.aggs]
    ordered = lf.filter(pl.col(node.index).is_not_null()).sort([*node.by, node.index])
    grouped = ordered.group_by_dynamic(
        node.index,
        every=node.every,
        period=node.period,
        offset=node.offset,
        group_by=list(node.by) or None,
        closed=node.closed,  # type: ignore[arg-type]
        label=node.label,  # type: ignore[arg-type]
        include_boundaries=node.include_boundaries,
        start_by=node.start_by,  # type: ignore[arg-type]
    )
    out = grouped.agg(aggs)
    if node.include_boundaries:
        out = out.rename(
            {"_lower_boundary": "lower_boundary", "_upper_boundary": "upper_boundary"}
        )
    return out.select(node.schema.names)
