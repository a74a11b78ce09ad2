"""The embedded engine: lowering of dtypes, expressions and plans to Polars.

Everything Polars-specific about the typed plan lives in this package (and in
:mod:`pydantable.validation`, which builds validated Polars data). ``core``
lowers dtypes, the core expression nodes and the core plan nodes; each other
module registers the lowerings of one area of the API (string functions,
joins, windows, ...) with :func:`register_lowering` /
:func:`register_plan_lowering`.
"""

from __future__ import annotations

# Importing the area modules registers their lowerings.
from pydantable.engines.polars import (  # noqa: F401  (registers lowerings)
    aggregate,
    datetime,
    grouping,
    horizontal,
    joins,
    list,
    map,
    math,
    numeric,
    ranking,
    reshape,
    rolling,
    rows,
    string,
    struct,
    timeseries,
    window,
)
from pydantable.engines.polars.core import (
    ENGINE_NAME,
    MAP_KEY,
    MAP_VALUE,
    literal_value,
    lower_expr,
    lower_plan,
    lowered_functions,
    polars_schema,
    register_lowered_within,
    register_lowering,
    register_plan_lowering,
    register_typed_lowering,
    to_polars_dtype,
)

__all__ = [
    "ENGINE_NAME",
    "MAP_KEY",
    "MAP_VALUE",
    "literal_value",
    "lower_expr",
    "lower_plan",
    "lowered_functions",
    "polars_schema",
    "register_lowered_within",
    "register_lowering",
    "register_plan_lowering",
    "register_typed_lowering",
    "to_polars_dtype",
]
