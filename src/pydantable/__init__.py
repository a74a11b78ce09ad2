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

from pydantable import dtypes, selectors
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
