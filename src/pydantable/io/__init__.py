"""File, SQL, HTTP and object-store I/O, loaded on first use.

``Model.read_parquet``/``read_csv``/``read_ndjson``/``read_json``/``read_ipc`` are
lazy roots (validated as they are read); ``frame.write_*`` sink a plan to a file
without going through Python objects. This package's functions (eager file
helpers, SQL, HTTP, object stores, ``safe_path``) are imported from their modules
when first accessed (a module ``__getattr__``, as pydantic and Polars do), so
``import pydantable`` does not load any I/O code.

Modules: :mod:`~pydantable.io.formats` (the file formats, listed once),
:mod:`~pydantable.io.scan` (validated lazy scans; :mod:`~pydantable.io.parquet_stats`
and :mod:`~pydantable.io.locate` help it), :mod:`~pydantable.io.read` and
:mod:`~pydantable.io.write` (what the frame's read/write methods run),
:mod:`~pydantable.frame.io` (those methods, written out),
:mod:`~pydantable.io.file_functions` (``materialize_*``, ``export_*``, ``iter_*``,
``write_*_batches``; :mod:`~pydantable.io.text_rows` reads and writes CSV/JSON with
the standard library where the original does, :mod:`~pydantable.io.options` checks
``engine=`` and ``write_kwargs``), :mod:`~pydantable.io.roots` (the module-level
lazy roots ``read_parquet``/``read_csv``/...), :mod:`~pydantable.io.batches`,
:mod:`~pydantable.io.arrow`, :mod:`~pydantable.io.extras` (Delta tables,
stdin/stdout CSV), :mod:`~pydantable.io.rap_support`, :mod:`pydantable.io.sql` (SQL
databases), :mod:`~pydantable.io.http`, :mod:`~pydantable.io.object_store`,
:mod:`~pydantable.io.paths`.

Example:
    >>> import pydantable.io as pio
    >>> pio.FORMATS
    ('parquet', 'csv', 'ndjson', 'json', 'ipc')
    >>> "materialize_parquet" in dir(pio)
    True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantable.io.arrow import (
        arrow_table_to_column_dict as arrow_table_to_column_dict,
    )
    from pydantable.io.arrow import (
        record_batch_to_column_dict as record_batch_to_column_dict,
    )
    from pydantable.io.batches import (
        ensure_rectangular as ensure_rectangular,
    )
    from pydantable.io.batches import (
        iter_chain_batches as iter_chain_batches,
    )
    from pydantable.io.batches import (
        iter_concat_batches as iter_concat_batches,
    )
    from pydantable.io.extras import (
        iter_delta as iter_delta,
    )
    from pydantable.io.extras import (
        read_csv_stdin as read_csv_stdin,
    )
    from pydantable.io.extras import (
        read_delta as read_delta,
    )
    from pydantable.io.extras import (
        write_csv_stdout as write_csv_stdout,
    )
    from pydantable.io.file_functions import (
        aexport as aexport,
    )
    from pydantable.io.file_functions import (
        aexport_csv as aexport_csv,
    )
    from pydantable.io.file_functions import (
        aexport_ipc as aexport_ipc,
    )
    from pydantable.io.file_functions import (
        aexport_json as aexport_json,
    )
    from pydantable.io.file_functions import (
        aexport_ndjson as aexport_ndjson,
    )
    from pydantable.io.file_functions import (
        aexport_parquet as aexport_parquet,
    )
    from pydantable.io.file_functions import (
        aiter_csv as aiter_csv,
    )
    from pydantable.io.file_functions import (
        aiter_ipc as aiter_ipc,
    )
    from pydantable.io.file_functions import (
        aiter_json_array as aiter_json_array,
    )
    from pydantable.io.file_functions import (
        aiter_json_lines as aiter_json_lines,
    )
    from pydantable.io.file_functions import (
        aiter_ndjson as aiter_ndjson,
    )
    from pydantable.io.file_functions import (
        aiter_parquet as aiter_parquet,
    )
    from pydantable.io.file_functions import (
        aiterate as aiterate,
    )
    from pydantable.io.file_functions import (
        amaterialize as amaterialize,
    )
    from pydantable.io.file_functions import (
        amaterialize_csv as amaterialize_csv,
    )
    from pydantable.io.file_functions import (
        amaterialize_ipc as amaterialize_ipc,
    )
    from pydantable.io.file_functions import (
        amaterialize_json as amaterialize_json,
    )
    from pydantable.io.file_functions import (
        amaterialize_ndjson as amaterialize_ndjson,
    )
    from pydantable.io.file_functions import (
        amaterialize_parquet as amaterialize_parquet,
    )
    from pydantable.io.file_functions import (
        awrite_csv_batches as awrite_csv_batches,
    )
    from pydantable.io.file_functions import (
        awrite_ipc_batches as awrite_ipc_batches,
    )
    from pydantable.io.file_functions import (
        awrite_json_batches as awrite_json_batches,
    )
    from pydantable.io.file_functions import (
        awrite_ndjson_batches as awrite_ndjson_batches,
    )
    from pydantable.io.file_functions import (
        awrite_parquet_batches as awrite_parquet_batches,
    )
    from pydantable.io.file_functions import (
        export as export,
    )
    from pydantable.io.file_functions import (
        export_csv as export_csv,
    )
    from pydantable.io.file_functions import (
        export_ipc as export_ipc,
    )
    from pydantable.io.file_functions import (
        export_json as export_json,
    )
    from pydantable.io.file_functions import (
        export_ndjson as export_ndjson,
    )
    from pydantable.io.file_functions import (
        export_parquet as export_parquet,
    )
    from pydantable.io.file_functions import (
        iter_csv as iter_csv,
    )
    from pydantable.io.file_functions import (
        iter_ipc as iter_ipc,
    )
    from pydantable.io.file_functions import (
        iter_json_array as iter_json_array,
    )
    from pydantable.io.file_functions import (
        iter_json_lines as iter_json_lines,
    )
    from pydantable.io.file_functions import (
        iter_ndjson as iter_ndjson,
    )
    from pydantable.io.file_functions import (
        iter_parquet as iter_parquet,
    )
    from pydantable.io.file_functions import (
        iterate as iterate,
    )
    from pydantable.io.file_functions import (
        materialize as materialize,
    )
    from pydantable.io.file_functions import (
        materialize_csv as materialize_csv,
    )
    from pydantable.io.file_functions import (
        materialize_ipc as materialize_ipc,
    )
    from pydantable.io.file_functions import (
        materialize_json as materialize_json,
    )
    from pydantable.io.file_functions import (
        materialize_ndjson as materialize_ndjson,
    )
    from pydantable.io.file_functions import (
        materialize_parquet as materialize_parquet,
    )
    from pydantable.io.file_functions import (
        write_csv_batches as write_csv_batches,
    )
    from pydantable.io.file_functions import (
        write_ipc_batches as write_ipc_batches,
    )
    from pydantable.io.file_functions import (
        write_json_batches as write_json_batches,
    )
    from pydantable.io.file_functions import (
        write_ndjson_batches as write_ndjson_batches,
    )
    from pydantable.io.file_functions import (
        write_parquet_batches as write_parquet_batches,
    )
    from pydantable.io.formats import (
        FORMATS as FORMATS,
    )
    from pydantable.io.http import (
        ResponseTooLargeError as ResponseTooLargeError,
    )
    from pydantable.io.http import (
        aread_parquet_url as aread_parquet_url,
    )
    from pydantable.io.http import (
        aread_parquet_url_ctx as aread_parquet_url_ctx,
    )
    from pydantable.io.http import (
        fetch_bytes as fetch_bytes,
    )
    from pydantable.io.http import (
        fetch_csv_url as fetch_csv_url,
    )
    from pydantable.io.http import (
        fetch_ndjson_url as fetch_ndjson_url,
    )
    from pydantable.io.http import (
        fetch_parquet_url as fetch_parquet_url,
    )
    from pydantable.io.http import (
        read_parquet_url as read_parquet_url,
    )
    from pydantable.io.http import (
        read_parquet_url_ctx as read_parquet_url_ctx,
    )
    from pydantable.io.object_store import (
        read_from_object_store as read_from_object_store,
    )
    from pydantable.io.paths import (
        UnsafePathError as UnsafePathError,
    )
    from pydantable.io.paths import (
        safe_path as safe_path,
    )
    from pydantable.io.rap_support import (
        rap_csv_available as rap_csv_available,
    )
    from pydantable.io.roots import (
        ScanRoot as ScanRoot,
    )
    from pydantable.io.roots import (
        aread_csv as aread_csv,
    )
    from pydantable.io.roots import (
        aread_ipc as aread_ipc,
    )
    from pydantable.io.roots import (
        aread_json as aread_json,
    )
    from pydantable.io.roots import (
        aread_ndjson as aread_ndjson,
    )
    from pydantable.io.roots import (
        aread_parquet as aread_parquet,
    )
    from pydantable.io.roots import (
        read_csv as read_csv,
    )
    from pydantable.io.roots import (
        read_ipc as read_ipc,
    )
    from pydantable.io.roots import (
        read_json as read_json,
    )
    from pydantable.io.roots import (
        read_ndjson as read_ndjson,
    )
    from pydantable.io.roots import (
        read_parquet as read_parquet,
    )
    from pydantable.io.scan import (
        ScanTable as ScanTable,
    )
    from pydantable.io.sql import (
        fetch_sql_raw as fetch_sql_raw,
    )
    from pydantable.io.sql import (
        iter_sql_raw as iter_sql_raw,
    )
    from pydantable.io.sql import (
        write_sql_raw as write_sql_raw,
    )
    from pydantable.io.sql import (
        write_sql_raw_batches as write_sql_raw_batches,
    )
    from pydantable.io.sql.aio import (
        afetch_sql_raw as afetch_sql_raw,
    )
    from pydantable.io.sql.aio import (
        aiter_sql_raw as aiter_sql_raw,
    )
    from pydantable.io.sql.aio import (
        awrite_sql_raw as awrite_sql_raw,
    )
    from pydantable.io.sql.legacy import (
        StreamingColumns as StreamingColumns,
    )
    from pydantable.io.sql.legacy import (
        afetch_sql as afetch_sql,
    )
    from pydantable.io.sql.legacy import (
        aiter_sql as aiter_sql,
    )
    from pydantable.io.sql.legacy import (
        awrite_sql as awrite_sql,
    )
    from pydantable.io.sql.legacy import (
        awrite_sql_batches as awrite_sql_batches,
    )
    from pydantable.io.sql.legacy import (
        fetch_sql as fetch_sql,
    )
    from pydantable.io.sql.legacy import (
        iter_sql as iter_sql,
    )
    from pydantable.io.sql.legacy import (
        write_sql as write_sql,
    )
    from pydantable.io.sql.legacy import (
        write_sql_batches as write_sql_batches,
    )
    from pydantable.io.sql.sqlmodel import (
        afetch_sqlmodel as afetch_sqlmodel,
    )
    from pydantable.io.sql.sqlmodel import (
        aiter_sqlmodel as aiter_sqlmodel,
    )
    from pydantable.io.sql.sqlmodel import (
        awrite_sqlmodel as awrite_sqlmodel,
    )
    from pydantable.io.sql.sqlmodel import (
        awrite_sqlmodel_batches as awrite_sqlmodel_batches,
    )
    from pydantable.io.sql.sqlmodel import (
        fetch_sqlmodel as fetch_sqlmodel,
    )
    from pydantable.io.sql.sqlmodel import (
        iter_sqlmodel as iter_sqlmodel,
    )
    from pydantable.io.sql.sqlmodel import (
        sqlmodel_columns as sqlmodel_columns,
    )
    from pydantable.io.sql.sqlmodel import (
        write_sqlmodel as write_sqlmodel,
    )
    from pydantable.io.sql.sqlmodel import (
        write_sqlmodel_batches as write_sqlmodel_batches,
    )
    from pydantable.io.write import (
        awrite_batches as awrite_batches,
    )
    from pydantable.io.write import (
        write_batches as write_batches,
    )

__all__ = [
    "FORMATS",
    "ResponseTooLargeError",
    "ScanRoot",
    "ScanTable",
    "StreamingColumns",
    "UnsafePathError",
    "aexport",
    "aexport_csv",
    "aexport_ipc",
    "aexport_json",
    "aexport_ndjson",
    "aexport_parquet",
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
    "aiterate",
    "amaterialize",
    "amaterialize_csv",
    "amaterialize_ipc",
    "amaterialize_json",
    "amaterialize_ndjson",
    "amaterialize_parquet",
    "aread_csv",
    "aread_ipc",
    "aread_json",
    "aread_ndjson",
    "aread_parquet",
    "aread_parquet_url",
    "aread_parquet_url_ctx",
    "arrow_table_to_column_dict",
    "awrite_batches",
    "awrite_csv_batches",
    "awrite_ipc_batches",
    "awrite_json_batches",
    "awrite_ndjson_batches",
    "awrite_parquet_batches",
    "awrite_sql",
    "awrite_sql_batches",
    "awrite_sql_raw",
    "awrite_sqlmodel",
    "awrite_sqlmodel_batches",
    "ensure_rectangular",
    "export",
    "export_csv",
    "export_ipc",
    "export_json",
    "export_ndjson",
    "export_parquet",
    "fetch_bytes",
    "fetch_csv_url",
    "fetch_ndjson_url",
    "fetch_parquet_url",
    "fetch_sql",
    "fetch_sql_raw",
    "fetch_sqlmodel",
    "iter_chain_batches",
    "iter_concat_batches",
    "iter_csv",
    "iter_delta",
    "iter_ipc",
    "iter_json_array",
    "iter_json_lines",
    "iter_ndjson",
    "iter_parquet",
    "iter_sql",
    "iter_sql_raw",
    "iter_sqlmodel",
    "iterate",
    "materialize",
    "materialize_csv",
    "materialize_ipc",
    "materialize_json",
    "materialize_ndjson",
    "materialize_parquet",
    "rap_csv_available",
    "read_csv",
    "read_csv_stdin",
    "read_delta",
    "read_from_object_store",
    "read_ipc",
    "read_json",
    "read_ndjson",
    "read_parquet",
    "read_parquet_url",
    "read_parquet_url_ctx",
    "record_batch_to_column_dict",
    "safe_path",
    "sqlmodel_columns",
    "write_batches",
    "write_csv_batches",
    "write_csv_stdout",
    "write_ipc_batches",
    "write_json_batches",
    "write_ndjson_batches",
    "write_parquet_batches",
    "write_sql",
    "write_sql_batches",
    "write_sql_raw",
    "write_sql_raw_batches",
    "write_sqlmodel",
    "write_sqlmodel_batches",
]

#: Public name → the module that defines it (imported on first access).
_LAZY: dict[str, str] = {
    **dict.fromkeys(
        (
            "arrow_table_to_column_dict",
            "record_batch_to_column_dict",
        ),
        "pydantable.io.arrow",
    ),
    **dict.fromkeys(
        (
            "ensure_rectangular",
            "iter_chain_batches",
            "iter_concat_batches",
        ),
        "pydantable.io.batches",
    ),
    **dict.fromkeys(
        (
            "iter_delta",
            "read_csv_stdin",
            "read_delta",
            "write_csv_stdout",
        ),
        "pydantable.io.extras",
    ),
    **dict.fromkeys(
        (
            "aexport",
            "aexport_csv",
            "aexport_ipc",
            "aexport_json",
            "aexport_ndjson",
            "aexport_parquet",
            "aiter_csv",
            "aiter_ipc",
            "aiter_json_array",
            "aiter_json_lines",
            "aiter_ndjson",
            "aiter_parquet",
            "aiterate",
            "amaterialize",
            "amaterialize_csv",
            "amaterialize_ipc",
            "amaterialize_json",
            "amaterialize_ndjson",
            "amaterialize_parquet",
            "awrite_csv_batches",
            "awrite_ipc_batches",
            "awrite_json_batches",
            "awrite_ndjson_batches",
            "awrite_parquet_batches",
            "export",
            "export_csv",
            "export_ipc",
            "export_json",
            "export_ndjson",
            "export_parquet",
            "iter_csv",
            "iter_ipc",
            "iter_json_array",
            "iter_json_lines",
            "iter_ndjson",
            "iter_parquet",
            "iterate",
            "materialize",
            "materialize_csv",
            "materialize_ipc",
            "materialize_json",
            "materialize_ndjson",
            "materialize_parquet",
            "write_csv_batches",
            "write_ipc_batches",
            "write_json_batches",
            "write_ndjson_batches",
            "write_parquet_batches",
        ),
        "pydantable.io.file_functions",
    ),
    **dict.fromkeys(
        ("FORMATS",),
        "pydantable.io.formats",
    ),
    **dict.fromkeys(
        (
            "ResponseTooLargeError",
            "aread_parquet_url",
            "aread_parquet_url_ctx",
            "fetch_bytes",
            "fetch_csv_url",
            "fetch_ndjson_url",
            "fetch_parquet_url",
            "read_parquet_url",
            "read_parquet_url_ctx",
        ),
        "pydantable.io.http",
    ),
    **dict.fromkeys(
        ("read_from_object_store",),
        "pydantable.io.object_store",
    ),
    **dict.fromkeys(
        (
            "UnsafePathError",
            "safe_path",
        ),
        "pydantable.io.paths",
    ),
    **dict.fromkeys(
        ("rap_csv_available",),
        "pydantable.io.rap_support",
    ),
    **dict.fromkeys(
        (
            "ScanRoot",
            "aread_csv",
            "aread_ipc",
            "aread_json",
            "aread_ndjson",
            "aread_parquet",
            "read_csv",
            "read_ipc",
            "read_json",
            "read_ndjson",
            "read_parquet",
        ),
        "pydantable.io.roots",
    ),
    **dict.fromkeys(
        ("ScanTable",),
        "pydantable.io.scan",
    ),
    **dict.fromkeys(
        (
            "fetch_sql_raw",
            "iter_sql_raw",
            "write_sql_raw",
            "write_sql_raw_batches",
        ),
        "pydantable.io.sql",
    ),
    **dict.fromkeys(
        (
            "afetch_sql_raw",
            "aiter_sql_raw",
            "awrite_sql_raw",
        ),
        "pydantable.io.sql.aio",
    ),
    **dict.fromkeys(
        (
            "afetch_sqlmodel",
            "aiter_sqlmodel",
            "awrite_sqlmodel",
            "awrite_sqlmodel_batches",
            "fetch_sqlmodel",
            "iter_sqlmodel",
            "sqlmodel_columns",
            "write_sqlmodel",
            "write_sqlmodel_batches",
        ),
        "pydantable.io.sql.sqlmodel",
    ),
    **dict.fromkeys(
        (
            "StreamingColumns",
            "afetch_sql",
            "aiter_sql",
            "awrite_sql",
            "awrite_sql_batches",
            "fetch_sql",
            "iter_sql",
            "write_sql",
            "write_sql_batches",
        ),
        "pydantable.io.sql.legacy",
    ),
    **dict.fromkeys(
        (
            "awrite_batches",
            "write_batches",
        ),
        "pydantable.io.write",
    ),
}

#: Submodules reachable as attributes (``pydantable.io.sql``) before an import.
_SUBMODULES = frozenset(
    {
        "arrow",
        "batches",
        "extras",
        "file_functions",
        "formats",
        "http",
        "json_source",
        "locate",
        "object_store",
        "options",
        "parquet_stats",
        "paths",
        "rap_support",
        "read",
        "roots",
        "scan",
        "sql",
        "text_rows",
        "write",
    }
)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is not None:
        value = getattr(importlib.import_module(module), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, *_SUBMODULES})
