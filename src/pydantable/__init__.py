"""pydantable: strongly typed DataFrames for Python data services.

Declare a table once as a Pydantic-annotated class, ingest with vectorized,
Pydantic-exact validation, transform lazily with typed expressions, and
materialize on Polars.

Example:
    >>> from pydantable import DataFrameModel
    >>> class Order(DataFrameModel):
    ...     order_id: int
    ...     amount: float | None
    >>> Order({"order_id": ["1", 2], "amount": [9.5, None]}).to_dict()
    {'order_id': [1, 2], 'amount': [9.5, None]}
"""

from __future__ import annotations

import importlib

from pydantable import dtypes, selectors
from pydantable.awaitable import AwaitableDataFrameModel
from pydantable.dataframe import DataFrame, Schema
from pydantable.errors import (
    ColumnLengthMismatchError,
    ColumnNotFoundError,
    DtypeDriftWarning,
    MissingOptionalDependency,
    MissingRustExtensionError,
    PydantableUserError,
    SchemaMismatchError,
    UnsupportedEngineOperationError,
)
from pydantable.execution import (
    ExecutionHandle,
    PlanMaterialization,
    plan_materialization_summary,
)
from pydantable.expressions import (
    ColumnRef,
    Expr,
    Literal,
    all_horizontal,
    any_horizontal,
    coalesce,
    col,
    global_count,
    global_max,
    global_mean,
    global_min,
    global_row_count,
    global_sum,
    lit,
    max_horizontal,
    mean_horizontal,
    min_horizontal,
    sum_horizontal,
    when,
)
from pydantable.frame.joins import concat
from pydantable.model import DataFrameModel
from pydantable.observe import get_observer, set_observer

__version__ = "0.1.0"

__all__ = [
    "AwaitableDataFrameModel",
    "ColumnLengthMismatchError",
    "ColumnNotFoundError",
    "ColumnRef",
    "DataFrame",
    "DataFrameModel",
    "DtypeDriftWarning",
    "ExecutionHandle",
    "Expr",
    "Literal",
    "MissingOptionalDependency",
    "MissingRustExtensionError",
    "PlanMaterialization",
    "PydantableUserError",
    "Schema",
    "SchemaMismatchError",
    "UnsupportedEngineOperationError",
    "__version__",
    "all_horizontal",
    "any_horizontal",
    "coalesce",
    "col",
    "concat",
    "dtypes",
    "get_observer",
    "global_count",
    "global_max",
    "global_mean",
    "global_min",
    "global_row_count",
    "global_sum",
    "lit",
    "max_horizontal",
    "mean_horizontal",
    "min_horizontal",
    "plan_materialization_summary",
    "selectors",
    "set_observer",
    "sum_horizontal",
    "when",
]

#: The original's deprecated top-level SQL helpers, loaded from
#: :mod:`pydantable.io` on first access (``import pydantable`` loads no I/O).
_LAZY_IO = frozenset({"afetch_sql", "aiter_sql", "fetch_sql"})


def __getattr__(name: str) -> object:
    if name in _LAZY_IO:
        value = getattr(importlib.import_module("pydantable.io"), name)
        globals()[name] = value
        return value
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY_IO})
