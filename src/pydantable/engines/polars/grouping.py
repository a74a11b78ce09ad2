"""Polars lowering of grouping plan nodes (registered on import)."""

from __future__ import annotations

import polars as pl

from pydantable.engines.polars.core import lower_expr, register_plan_lowering
from pydantable.expressions.infer import Typed, type_of
from pydantable.plan.grouping import GroupByAgg


@register_plan_lowering(GroupByAgg)
def _group_by_agg(plan: GroupByAgg, inputs: list[pl.LazyFrame]) -> pl.LazyFrame:
    (lf,) = inputs
    schema = plan.input.schema
    cache: dict[int, Typed] = {}
    keys = [lower_expr(node, schema, cache).alias(name) for name, node in plan.keys]
    if plan.drop_nulls:
        nullable = [
            key
            for key, (_, node) in zip(keys, plan.keys, strict=True)
            if type_of(node, schema, cache).nullable
        ]
        if nullable:
            lf = lf.filter(pl.all_horizontal([k.is_not_null() for k in nullable]))
    aggs = [lower_expr(node, schema, cache).alias(name) for name, node in plan.aggs]
    return lf.group_by(keys, maintain_order=plan.maintain_order).agg(aggs)
