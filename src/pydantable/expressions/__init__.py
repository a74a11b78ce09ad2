"""Typed expressions: column references, operators, literals and functions.

Example:
    >>> from pydantable.expressions import col, lit, when
    >>> when(col("qty") >= 5, "bulk").otherwise("single")
    <Expr When: unbound>
"""

from __future__ import annotations

from pydantable.expressions.concat import concat, concat_str
from pydantable.expressions.expr import BinaryOp, ColumnRef, CompareOp, Expr
from pydantable.expressions.functions import (
    Literal,
    WhenChain,
    coalesce,
    col,
    lit,
    when,
)
from pydantable.expressions.global_aggregates import (
    global_count,
    global_max,
    global_mean,
    global_min,
    global_row_count,
    global_sum,
)
from pydantable.expressions.horizontal import (
    all_horizontal,
    any_horizontal,
    max_horizontal,
    mean_horizontal,
    min_horizontal,
    sum_horizontal,
)
from pydantable.expressions.window_functions import (
    cume_dist,
    dense_rank,
    first_value,
    lag,
    last_value,
    lead,
    nth_value,
    ntile,
    percent_rank,
    rank,
    row_number,
    window_max,
    window_mean,
    window_min,
    window_sum,
)

__all__ = [
    "BinaryOp",
    "ColumnRef",
    "CompareOp",
    "Expr",
    "Literal",
    "WhenChain",
    "all_horizontal",
    "any_horizontal",
    "coalesce",
    "col",
    "concat",
    "concat_str",
    "cume_dist",
    "dense_rank",
    "first_value",
    "global_count",
    "global_max",
    "global_mean",
    "global_min",
    "global_row_count",
    "global_sum",
    "lag",
    "last_value",
    "lead",
    "lit",
    "max_horizontal",
    "mean_horizontal",
    "min_horizontal",
    "nth_value",
    "ntile",
    "percent_rank",
    "rank",
    "row_number",
    "sum_horizontal",
    "when",
    "window_max",
    "window_mean",
    "window_min",
    "window_sum",
]
