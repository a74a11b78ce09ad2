"""Polars lowerings of the rows area (registered on import)."""

from __future__ import annotations

import polars as pl

from pydantable.engines.polars.core import (
    lower_expr,
    register_plan_lowering,
    to_polars_dtype,
)
from pydantable.engines.polars.rolling import fill_null_strategy
from pydantable.plan import rows as r


def _key(columns: tuple[str, ...]) -> pl.Expr:
    """One expression identifying a row by ``columns`` (a struct for several)."""
    if len(columns) == 1:
        return pl.col(columns[0])
    return pl.struct(list(columns))


@register_plan_lowering(r.Unique)
def _unique(plan: r.Unique, inputs: list[pl.LazyFrame]) -> pl.LazyFrame:
    subset = list(plan.subset) if plan.subset is not None else None
    return inputs[0].unique(
        subset,
        keep=plan.keep,  # type: ignore[arg-type]
        maintain_order=plan.maintain_order,
    )


@register_plan_lowering(r.Duplicated)
def _duplicated(plan: r.Duplicated, inputs: list[pl.LazyFrame]) -> pl.LazyFrame:
    key = _key(plan.subset)
    if plan.keep == "first":
        flag = ~key.is_first_distinct()
    elif plan.keep == "last":
        flag = ~key.is_last_distinct()
    else:
        flag = key.is_duplicated()
    return inputs[0].select(flag.alias(plan.name))


@register_plan_lowering(r.TopK)
def _top_k(plan: r.TopK, inputs: list[pl.LazyFrame]) -> pl.LazyFrame:
    schema = plan.input.schema
    by = [lower_expr(e, schema) for e in plan.by]
    method = inputs[0].bottom_k if plan.bottom else inputs[0].top_k
    return method(plan.k, by=by, reverse=list(plan.reverse))


@register_plan_lowering(r.FillNullStrategy)
def _fill_null_strategy(
    plan: r.FillNullStrategy, inputs: list[pl.LazyFrame]
) -> pl.LazyFrame:
    schema = plan.input.schema
    return inputs[0].with_columns(
        fill_null_strategy(
            pl.col(name),
            plan.strategy,
            plan.limit,
            to_polars_dtype(schema[name].dtype),
        )
        for name in plan.columns
    )


@register_plan_lowering(r.DropNulls)
def _drop_nulls(plan: r.DropNulls, inputs: list[pl.LazyFrame]) -> pl.LazyFrame:
    columns = list(plan.columns)
    if plan.threshold is not None:
        present = pl.sum_horizontal(pl.col(c).is_not_null() for c in columns)
        return inputs[0].filter(present >= plan.threshold)
    if plan.how == "all":
        return inputs[0].filter(
            ~pl.all_horizontal(pl.col(c).is_null() for c in columns)
        )
    return inputs[0].drop_nulls(columns)


@register_plan_lowering(r.RowIndex)
def _row_index(plan: r.RowIndex, inputs: list[pl.LazyFrame]) -> pl.LazyFrame:
    lf = inputs[0].with_row_index(plan.name, offset=max(plan.offset, 0))
    index = pl.col(plan.name).cast(pl.Int64)
    if plan.offset < 0:
        index = index + plan.offset
    return lf.with_columns(index)


@register_plan_lowering(r.Clip)
def _clip(plan: r.Clip, inputs: list[pl.LazyFrame]) -> pl.LazyFrame:
    schema = plan.input.schema
    return inputs[0].with_columns(
        pl.col(name)
        .clip(
            None if lower is None else lower_expr(lower, schema),
            None if upper is None else lower_expr(upper, schema),
        )
        .cast(to_polars_dtype(schema[name].dtype))
        for name, lower, upper in plan.bounds
    )


@register_plan_lowering(r.Sample)
def _sample(plan: r.Sample, inputs: list[pl.LazyFrame]) -> pl.LazyFrame:
    # one index sample gathered from every column: lazy, and the same rows as
    # ``polars.DataFrame.sample`` with the same seed
    rows = pl.int_range(pl.len()).sample(
        plan.n,
        fraction=plan.fraction,
        with_replacement=plan.with_replacement,
        shuffle=plan.shuffle,
        seed=plan.seed,
    )
    return inputs[0].select(pl.all().gather(rows))


@register_plan_lowering(r.Shift)
def _shift(plan: r.Shift, inputs: list[pl.LazyFrame]) -> pl.LazyFrame:
    if not plan.fills:
        return inputs[0].shift(plan.n)
    schema = plan.input.schema
    fills = dict(plan.fills)
    exprs = []
    for name, column in schema.items():
        fill = fills.get(name)
        if fill is None:
            exprs.append(pl.col(name).shift(plan.n))
        else:
            shifted = pl.col(name).shift(plan.n, fill_value=lower_expr(fill, schema))
            exprs.append(shifted.cast(to_polars_dtype(column.dtype)))
    return inputs[0].select(exprs)


@register_plan_lowering(r.GatherEvery)
def _gather_every(plan: r.GatherEvery, inputs: list[pl.LazyFrame]) -> pl.LazyFrame:
    return inputs[0].gather_every(plan.n, plan.offset)
