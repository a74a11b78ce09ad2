"""Polars lowerings of the reshape area (registered on import).

Also the build-time engine queries of the area: :func:`distinct_values`
(the distinct values of a pivot's ``on`` column) and :func:`value_names`
(how Polars renders values as column names).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from pydantable import dtypes as dt
from pydantable.engines.polars.core import (
    literal_value,
    lower_plan,
    register_plan_lowering,
    to_polars_dtype,
)
from pydantable.plan import PlanNode
from pydantable.plan.reshape import Explode, Pivot, PosExplode, Unnest, Unpivot

__all__ = ["distinct_values", "value_names"]

_AGGREGATES = {
    "first": lambda: pl.element().first(),
    "last": lambda: pl.element().last(),
    "sum": lambda: pl.element().sum(),
    "mean": lambda: pl.element().mean(),
    "median": lambda: pl.element().median(),
    "min": lambda: pl.element().min(),
    "max": lambda: pl.element().max(),
    "count": lambda: pl.element().count(),
    "len": lambda: pl.element().len(),
}


@register_plan_lowering(Unpivot)
def _unpivot(plan: Unpivot, inputs: list[pl.LazyFrame]) -> pl.LazyFrame:
    # one slice per value column, stacked in order: Polars' own unpivot orders
    # rows differently per engine (the streaming engine interleaves columns)
    target = to_polars_dtype(plan.schema[plan.value_name].dtype)
    index = [pl.col(c) for c in plan.index]
    parts = [
        inputs[0].select(
            *index,
            pl.lit(name, dtype=pl.String).alias(plan.variable_name),
            pl.col(name).cast(target).alias(plan.value_name),
        )
        for name in plan.on
    ]
    return pl.concat(parts, how="vertical", rechunk=False)


@register_plan_lowering(Pivot)
def _pivot(plan: Pivot, inputs: list[pl.LazyFrame]) -> pl.LazyFrame:
    on_type = plan.input.schema[plan.on].dtype
    stored = [literal_value(v, on_type) for v in plan.on_values]
    pivoted = inputs[0].pivot(
        plan.on,
        on_columns=pl.Series(stored, dtype=to_polars_dtype(on_type)),
        index=list(plan.index),
        values=list(plan.values),
        aggregate_function=_AGGREGATES[plan.aggregate](),
        maintain_order=True,
    )
    # Polars' output: index columns, then one column per (value, on value),
    # values-major; name and type them by position
    out = [
        pl.nth(i).alias(name).cast(to_polars_dtype(column.dtype))
        for i, (name, column) in enumerate(plan.schema.items())
    ]
    return pivoted.select(out)


@register_plan_lowering(Explode)
def _explode(plan: Explode, inputs: list[pl.LazyFrame]) -> pl.LazyFrame:
    return inputs[0].explode(
        list(plan.columns),
        empty_as_null=plan.empty_as_null,
        keep_nulls=plan.keep_nulls,
    )


@register_plan_lowering(PosExplode)
def _posexplode(plan: PosExplode, inputs: list[pl.LazyFrame]) -> pl.LazyFrame:
    positions = pl.int_ranges(0, pl.col(plan.column).list.len(), dtype=pl.Int64)
    return (
        inputs[0]
        .with_columns(positions.alias(plan.pos))
        .explode(
            [plan.pos, plan.column],
            empty_as_null=plan.empty_as_null,
            keep_nulls=plan.keep_nulls,
        )
        .select(plan.schema.names)
    )


@register_plan_lowering(Unnest)
def _unnest(plan: Unnest, inputs: list[pl.LazyFrame]) -> pl.LazyFrame:
    return inputs[0].unnest(list(plan.columns), separator=plan.separator)


def distinct_values(plan: PlanNode, column: str) -> list[Any]:
    """The distinct values of ``column`` in order of first appearance (one query)."""
    found = lower_plan(plan).select(pl.col(column).unique(maintain_order=True))
    return found.collect().to_series().to_list()


def value_names(values: list[Any], dtype: dt.DType) -> list[str]:
    """How the engine names columns after ``values`` of ``dtype`` (``None`` → ``"null"``)."""
    stored = [literal_value(v, dtype) for v in values]
    rendered = pl.Series(stored, dtype=to_polars_dtype(dtype)).cast(pl.String)
    return ["null" if v is None else str(v) for v in rendered.to_list()]
