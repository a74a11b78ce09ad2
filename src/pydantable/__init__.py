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
from typing import TYPE_CHECKING

from pydantable import dtypes, selectors
from pydantable.awaitable import AwaitableDataFrameModel
from pydantable.dataframe import DataFrame, Schema
from pydantable.errors import (
    ColumnLengthMismatchError,
    ColumnNotFoundError,
    DtypeDriftWarning,
    InvalidSourceError,
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

if TYPE_CHECKING:
    from pydantable.contracts import ColumnChange as ColumnChange
    from pydantable.contracts import SchemaDiff as SchemaDiff
    from pydantable.contracts import infer_model as infer_model
    from pydantable.display import get_repr_html_limits as get_repr_html_limits
    from pydantable.display import reset_display_options as reset_display_options
    from pydantable.display import set_display_options as set_display_options
    from pydantable.io import (
        afetch_sql as afetch_sql,
    )
    from pydantable.io import (
        afetch_sql_raw as afetch_sql_raw,
    )
    from pydantable.io import (
        afetch_sqlmodel as afetch_sqlmodel,
    )
    from pydantable.io import (
        aiter_csv as aiter_csv,
    )
    from pydantable.io import (
        aiter_ipc as aiter_ipc,
    )
    from pydantable.io import (
        aiter_json_array as aiter_json_array,
    )
    from pydantable.io import (
        aiter_json_lines as aiter_json_lines,
    )
    from pydantable.io import (
        aiter_ndjson as aiter_ndjson,
    )
    from pydantable.io import (
        aiter_parquet as aiter_parquet,
    )
    from pydantable.io import (
        aiter_sql as aiter_sql,
    )
    from pydantable.io import (
        aiter_sql_raw as aiter_sql_raw,
    )
    from pydantable.io import (
        aiter_sqlmodel as aiter_sqlmodel,
    )
    from pydantable.io import (
        amaterialize_json as amaterialize_json,
    )
    from pydantable.io import (
        amaterialize_parquet as amaterialize_parquet,
    )
    from pydantable.io import (
        aread_parquet as aread_parquet,
    )
    from pydantable.io import (
        aread_parquet_url as aread_parquet_url,
    )
    from pydantable.io import (
        awrite_sql as awrite_sql,
    )
    from pydantable.io import (
        awrite_sql_batches as awrite_sql_batches,
    )
    from pydantable.io import (
        awrite_sql_raw as awrite_sql_raw,
    )
    from pydantable.io import (
        awrite_sqlmodel as awrite_sqlmodel,
    )
    from pydantable.io import (
        export_parquet as export_parquet,
    )
    from pydantable.io import (
        fetch_sql as fetch_sql,
    )
    from pydantable.io import (
        fetch_sql_raw as fetch_sql_raw,
    )
    from pydantable.io import (
        fetch_sqlmodel as fetch_sqlmodel,
    )
    from pydantable.io import (
        iter_csv as iter_csv,
    )
    from pydantable.io import (
        iter_ipc as iter_ipc,
    )
    from pydantable.io import (
        iter_json_array as iter_json_array,
    )
    from pydantable.io import (
        iter_json_lines as iter_json_lines,
    )
    from pydantable.io import (
        iter_ndjson as iter_ndjson,
    )
    from pydantable.io import (
        iter_parquet as iter_parquet,
    )
    from pydantable.io import (
        iter_sql as iter_sql,
    )
    from pydantable.io import (
        iter_sql_raw as iter_sql_raw,
    )
    from pydantable.io import (
        iter_sqlmodel as iter_sqlmodel,
    )
    from pydantable.io import (
        materialize_ipc as materialize_ipc,
    )
    from pydantable.io import (
        materialize_json as materialize_json,
    )
    from pydantable.io import (
        materialize_ndjson as materialize_ndjson,
    )
    from pydantable.io import (
        materialize_parquet as materialize_parquet,
    )
    from pydantable.io import (
        read_parquet as read_parquet,
    )
    from pydantable.io import (
        read_parquet_url as read_parquet_url,
    )
    from pydantable.io import (
        sqlmodel_columns as sqlmodel_columns,
    )
    from pydantable.io import (
        write_csv_batches as write_csv_batches,
    )
    from pydantable.io import (
        write_ipc_batches as write_ipc_batches,
    )
    from pydantable.io import (
        write_ndjson_batches as write_ndjson_batches,
    )
    from pydantable.io import (
        write_parquet_batches as write_parquet_batches,
    )
    from pydantable.io import (
        write_sql as write_sql,
    )
    from pydantable.io import (
        write_sql_batches as write_sql_batches,
    )
    from pydantable.io import (
        write_sql_raw as write_sql_raw,
    )
    from pydantable.io import (
        write_sql_raw_batches as write_sql_raw_batches,
    )
    from pydantable.io import (
        write_sqlmodel as write_sqlmodel,
    )
    from pydantable.io import (
        write_sqlmodel_batches as write_sqlmodel_batches,
    )
    from pydantable.io.rejects import RejectReport as RejectReport
    from pydantable.types import WKB as WKB

__version__ = "0.2.0a1"

__all__ = [
    "AwaitableDataFrameModel",
    "ColumnChange",
    "ColumnLengthMismatchError",
    "ColumnNotFoundError",
    "ColumnRef",
    "DataFrame",
    "DataFrameModel",
    "DtypeDriftWarning",
    "ExecutionHandle",
    "Expr",
    "InvalidSourceError",
    "Literal",
    "MissingOptionalDependency",
    "MissingRustExtensionError",
    "PlanMaterialization",
    "PydantableUserError",
    "RejectReport",
    "Schema",
    "SchemaDiff",
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
    "infer_model",
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

#: Names loaded from their module on first access, as the original exports them
#: at top level (``import pydantable`` loads no I/O code): the eager file
#: helpers, lazy roots and SQL functions of :mod:`pydantable.io`.
_LAZY: dict[str, str] = {
    "WKB": "pydantable.types",
    "ColumnChange": "pydantable.contracts",
    "SchemaDiff": "pydantable.contracts",
    "infer_model": "pydantable.contracts",
    "RejectReport": "pydantable.io.rejects",
    "get_repr_html_limits": "pydantable.display",
    "reset_display_options": "pydantable.display",
    "set_display_options": "pydantable.display",
    **dict.fromkeys(
        (
            "afetch_sql",
            "afetch_sql_raw",
            "afetch_sqlmodel",
            "aiter_csv",
            "aiter_ipc",
            "aiter_json_array",
            "aiter_json_lines",
            "aiter_ndjson",
            "aiter_parquet",
            "aiter_sql",
            "aiter_sql_raw",
            "aiter_sqlmodel",
            "amaterialize_json",
            "amaterialize_parquet",
            "aread_parquet",
            "aread_parquet_url",
            "awrite_sql",
            "awrite_sql_batches",
            "awrite_sql_raw",
            "awrite_sqlmodel",
            "awrite_sqlmodel_batches",
            "export_parquet",
            "fetch_sql",
            "fetch_sql_raw",
            "fetch_sqlmodel",
            "iter_csv",
            "iter_ipc",
            "iter_json_array",
            "iter_json_lines",
            "iter_ndjson",
            "iter_parquet",
            "iter_sql",
            "iter_sql_raw",
            "iter_sqlmodel",
            "materialize_ipc",
            "materialize_json",
            "materialize_ndjson",
            "materialize_parquet",
            "read_parquet",
            "read_parquet_url",
            "sqlmodel_columns",
            "write_csv_batches",
            "write_ipc_batches",
            "write_ndjson_batches",
            "write_parquet_batches",
            "write_sql",
            "write_sql_batches",
            "write_sql_raw",
            "write_sql_raw_batches",
            "write_sqlmodel",
            "write_sqlmodel_batches",
        ),
        "pydantable.io",
    ),
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is not None:
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
