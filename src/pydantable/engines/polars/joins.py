"""Polars lowerings of the joins area (registered on import).

Also the small build-time engine queries the joins area needs
(:func:`duplicate_key_count` for ``join(validate=...)``).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from pydantable.engines.polars.core import (
    lower_expr,
    lower_plan,
    register_plan_lowering,
    to_polars_dtype,
)
from pydantable.expressions import nodes as n
from pydantable.plan import PlanNode
from pydantable.plan.joins import Concat, Join, JoinAsof

__all__ = ["duplicate_key_count"]


@register_plan_lowering(Join)
def _join(plan: Join, inputs: list[pl.LazyFrame]) -> pl.LazyFrame:
    left, right = inputs
    if plan.how == "cross":
        return left.join(
            right, how="cross", suffix=plan.suffix, maintain_order=_order(plan)
        )
    left_on = [lower_expr(k, plan.left.schema) for k in plan.left_on]
    right_on = [lower_expr(k, plan.right.schema) for k in plan.right_on]
    if plan.how in ("semi", "anti"):
        return left.join(
            right,
            left_on=left_on,
            right_on=right_on,
            how=plan.how,  # type: ignore[arg-type]
            nulls_equal=plan.nulls_equal,
            maintain_order=_order(plan),
        )
    return left.join(
        right,
        left_on=left_on,
        right_on=right_on,
        how=plan.how,  # type: ignore[arg-type]
        suffix=plan.suffix,
        nulls_equal=plan.nulls_equal,
        coalesce=plan.coalesce,
        maintain_order=_order(plan),
    )


def _order(plan: Join) -> Any:
    return plan.maintain_order


@register_plan_lowering(JoinAsof)
def _join_asof(plan: JoinAsof, inputs: list[pl.LazyFrame]) -> pl.LazyFrame:
    left, right = inputs
    return left.sort(plan.left_on).join_asof(
        right.sort(plan.right_on),
        left_on=plan.left_on,
        right_on=plan.right_on,
        by_left=list(plan.by_left) or None,
        by_right=list(plan.by_right) or None,
        strategy=plan.strategy,  # type: ignore[arg-type]
        tolerance=plan.tolerance,
        suffix=plan.suffix,
        allow_exact_matches=plan.allow_exact_matches,
        check_sortedness=False,  # both sides were just sorted by their key
    )


@register_plan_lowering(Concat)
def _concat(plan: Concat, inputs: list[pl.LazyFrame]) -> pl.LazyFrame:
    if plan.how == "horizontal":
        return pl.concat(inputs, how="horizontal")
    schema = plan.schema
    parts = []
    for frame, lf in zip(plan.frames, inputs, strict=True):
        exprs = []
        for name, column in schema.items():
            target = to_polars_dtype(column.dtype)
            if name not in frame.schema:
                exprs.append(pl.lit(None, dtype=target).alias(name))
            elif frame.schema[name].dtype.storage() != column.dtype.storage():
                exprs.append(pl.col(name).cast(target))
            else:
                exprs.append(pl.col(name))
        parts.append(lf.select(exprs))
    return pl.concat(parts, how="vertical")


def duplicate_key_count(
    plan: PlanNode, keys: tuple[n.Node, ...], *, nulls_equal: bool
) -> int:
    """How many key tuples of ``plan`` appear more than once (one engine query).

    Rows with a null key are ignored unless ``nulls_equal`` (they never match).
    """
    exprs = [lower_expr(k, plan.schema).alias(f"k{i}") for i, k in enumerate(keys)]
    lf = lower_plan(plan).select(exprs)
    if not nulls_equal:
        lf = lf.drop_nulls()
    names = [f"k{i}" for i in range(len(keys))]
    counted = lf.group_by(names).len(name="__n").filter(pl.col("__n") > 1)
    return int(counted.select(pl.len()).collect().item())
