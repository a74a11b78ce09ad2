"""File I/O: lazy, validated scans and atomic writers.

``Model.read_parquet``/``read_csv``/``read_ndjson``/``read_json``/``read_ipc`` are
lazy roots (validated as they are read); ``frame.write_*`` sink a plan to a file
without going through Python objects.
"""

from __future__ import annotations

from pydantable.io import eager as _eager
from pydantable.io.batches import awrite_batches, write_batches
from pydantable.io.eager import *  # noqa: F403 - materialize_*/export_*/iter_*/..._batches
from pydantable.io.http import (
    ResponseTooLargeError,
    aread_parquet_url_ctx,
    fetch_bytes,
    fetch_csv_url,
    fetch_ndjson_url,
    fetch_parquet_url,
    read_parquet_url,
    read_parquet_url_ctx,
)
from pydantable.io.object_store import read_from_object_store
from pydantable.io.paths import UnsafePathError, safe_path
from pydantable.io.scan import FORMATS, ScanTable
from pydantable.io.sql import (
    fetch_sql_raw,
    fetch_sqlmodel,
    iter_sql_raw,
    iter_sqlmodel,
    sqlmodel_columns,
    write_sql_raw,
    write_sql_raw_batches,
    write_sqlmodel,
    write_sqlmodel_batches,
)
from pydantable.io.sql.aio import (
    afetch_sql_raw,
    afetch_sqlmodel,
    aiter_sql_raw,
    aiter_sqlmodel,
    awrite_sql_raw,
    awrite_sqlmodel,
)

__all__ = [
    "FORMATS",
    "ResponseTooLargeError",
    "ScanTable",
    "UnsafePathError",
    "afetch_sql_raw",
    "afetch_sqlmodel",
    "aiter_sql_raw",
    "aiter_sqlmodel",
    "aread_parquet_url_ctx",
    "awrite_batches",
    "awrite_sql_raw",
    "awrite_sqlmodel",
    "fetch_bytes",
    "fetch_csv_url",
    "fetch_ndjson_url",
    "fetch_parquet_url",
    "fetch_sql_raw",
    "fetch_sqlmodel",
    "iter_sql_raw",
    "iter_sqlmodel",
    "read_from_object_store",
    "read_parquet_url",
    "read_parquet_url_ctx",
    "safe_path",
    "sqlmodel_columns",
    "write_batches",
    "write_sql_raw",
    "write_sql_raw_batches",
    "write_sqlmodel",
    "write_sqlmodel_batches",
    *_eager.__all__,
]
