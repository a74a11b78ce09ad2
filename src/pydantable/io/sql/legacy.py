"""The original's string-SQL API, kept for code that uses it (deprecated).

``fetch_sql`` / ``iter_sql`` / ``write_sql`` / ``write_sql_batches`` and their
async twins take and return **column dicts** (``{column: [values]}``) of the
values the database driver returns, unvalidated, as pydantable 1.19 did. Each
call emits a ``DeprecationWarning`` naming its replacement: ``Model.read_sql``
/ ``*_sqlmodel`` for typed, validated data, ``*_sql_raw`` for string SQL.

A fetch larger than ``auto_stream_threshold_rows`` comes back as a
:class:`StreamingColumns`: a read-only mapping over the fetched batches that
concatenates a column only when it is first read. Defaults come from the
environment when the argument is ``None``:

========================================  =======  ==============================
variable                                   default  used by
========================================  =======  ==============================
``PYDANTABLE_SQL_FETCH_BATCH_SIZE``        65 536   rows per ``fetchmany``
``PYDANTABLE_SQL_WRITE_CHUNK_SIZE``        10 000   rows per ``executemany``
``PYDANTABLE_SQL_AUTO_STREAM_THRESHOLD_ROWS`` 200 000  ``fetch_sql`` auto-stream
========================================  =======  ==============================

Unlike the original, ``write_sql(..., if_exists="replace")`` never infers DDL
from the data: it empties the existing table and inserts, in one transaction
(a missing table is a ``ValueError``; ``write_sql_raw(..., model=...)`` creates
tables from a declared schema).

Example:
    >>> import os, tempfile, warnings
    >>> import sqlalchemy as sa
    >>> from pydantable.io import fetch_sql, write_sql
    >>> url = "sqlite:///" + os.path.join(tempfile.mkdtemp(), "legacy.db")
    >>> with sa.create_engine(url).begin() as conn:
    ...     _ = conn.exec_driver_sql("CREATE TABLE t (id INTEGER, name TEXT)")
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", DeprecationWarning)
    ...     write_sql({"id": [1, 2], "name": ["a", "b"]}, "t", url)
    ...     fetch_sql("SELECT id, name FROM t WHERE id > :n", url, parameters={"n": 1})
    {'id': [2], 'name': ['b']}
"""

from __future__ import annotations

import concurrent.futures
import itertools
import warnings
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from typing import Any

from pydantable.execution import run_blocking
from pydantable.io.sql.aio import _aconnect, is_async_bind
from pydantable.io.sql.common import sa_module
from pydantable.io.sql.dicts import (
    AUTO_STREAM_THRESHOLD_ENV,
    FETCH_BATCH_SIZE_ENV,
    WRITE_CHUNK_SIZE_ENV,
    Columns,
    StreamingColumns,
    aiter_batches,
    as_columns,
    check_append_or_replace,
    check_bind,
    check_lengths,
    column_result,
    iter_batches,
    positive,
    stream_threshold,
)
from pydantable.io.sql.write import UNCACHED, transaction

__all__ = [
    "AUTO_STREAM_THRESHOLD_ENV",
    "FETCH_BATCH_SIZE_ENV",
    "WRITE_CHUNK_SIZE_ENV",
    "StreamingColumns",
    "afetch_sql",
    "aiter_sql",
    "awrite_sql",
    "awrite_sql_batches",
    "fetch_sql",
    "iter_sql",
    "write_sql",
    "write_sql_batches",
]


def _deprecated(name: str, mapped: str, string: str) -> None:
    msg = (
        f"{name} is deprecated and will be removed in a future major version; "
        f"for mapped tables use {mapped}, for string SQL use {string}"
    )
    warnings.warn(msg, DeprecationWarning, stacklevel=3)


def iter_sql(
    sql: Any,
    bind: Any,
    *,
    parameters: Mapping[str, Any] | None = None,
    batch_size: int | None = None,
) -> Iterator[Columns]:
    """Deprecated: yield the result of ``sql`` as column dicts of ``batch_size`` rows.

    A server-side cursor (``stream_results``) feeds ``fetchmany``; an empty
    result yields nothing. Prefer ``iter_sql_raw`` (Polars batches) or
    ``Model.iter_sql`` (validated frames).
    """
    _deprecated("iter_sql", "iter_sqlmodel", "iter_sql_raw")
    size = positive("batch_size", batch_size, FETCH_BATCH_SIZE_ENV)
    return iter_batches(sql, bind, parameters, size)


def fetch_sql(
    sql: Any,
    bind: Any,
    *,
    parameters: Mapping[str, Any] | None = None,
    batch_size: int | None = None,
    auto_stream: bool = True,
    auto_stream_threshold_rows: int | None = None,
) -> Columns | StreamingColumns:
    """Deprecated: the result of ``sql`` as one column dict (``{}`` for no rows).

    With ``auto_stream`` a result of more than ``auto_stream_threshold_rows``
    rows is a :class:`StreamingColumns` instead (no concatenation until a
    column is read). Prefer ``fetch_sql_raw`` or ``Model.read_sql``.
    """
    _deprecated("fetch_sql", "fetch_sqlmodel", "fetch_sql_raw")
    size = positive("batch_size", batch_size, FETCH_BATCH_SIZE_ENV)
    threshold = stream_threshold(auto_stream_threshold_rows)
    batches = list(iter_batches(sql, bind, parameters, size))
    return column_result(batches, auto_stream, threshold)


def aiter_sql(
    sql: Any,
    bind: Any,
    *,
    parameters: Mapping[str, Any] | None = None,
    batch_size: int = 65_536,
    executor: concurrent.futures.Executor | None = None,
) -> AsyncIterator[Columns]:
    """Deprecated: :func:`iter_sql` as an async iterator.

    An async bind (``AsyncEngine``, ``postgresql+asyncpg://...``) streams with
    real async I/O; a sync bind runs in ``executor`` (the default pool).
    Errors of the query propagate from the iteration.
    """
    _deprecated("aiter_sql", "aiter_sqlmodel", "aiter_sql_raw")
    size = positive("batch_size", batch_size, FETCH_BATCH_SIZE_ENV)
    return aiter_batches(sql, bind, parameters, size, executor)


async def afetch_sql(
    sql: Any,
    bind: Any,
    *,
    parameters: Mapping[str, Any] | None = None,
    batch_size: int | None = None,
    auto_stream: bool = True,
    auto_stream_threshold_rows: int | None = None,
    executor: concurrent.futures.Executor | None = None,
) -> Columns | StreamingColumns:
    """Deprecated: :func:`fetch_sql`, awaited."""
    _deprecated("afetch_sql", "afetch_sqlmodel", "afetch_sql_raw")
    size = positive("batch_size", batch_size, FETCH_BATCH_SIZE_ENV)
    threshold = stream_threshold(auto_stream_threshold_rows)
    batches = [b async for b in aiter_batches(sql, bind, parameters, size, executor)]
    return column_result(batches, auto_stream, threshold)


# -- writes -----------------------------------------------------------------------
def _target(conn: Any, table_name: str, schema: str | None, if_exists: str) -> Any:
    sa = sa_module()
    try:
        return sa.Table(table_name, sa.MetaData(), schema=schema, autoload_with=conn)
    except sa.exc.NoSuchTableError:
        msg = f"table {table_name!r} does not exist (if_exists={if_exists!r})"
        if if_exists == "replace":
            msg += (
                "; pydantable never infers DDL from data: create the table, or "
                "use write_sql_raw(..., model=...) to create it from a schema"
            )
        raise ValueError(msg) from None


def _insert(
    conn: Any, table: Any, columns: Columns, chunk_size: int, *, replace: bool
) -> None:
    unknown = [name for name in columns if name not in table.c]
    if unknown:
        msg = (
            f"data columns not in table {table.name!r}: {unknown}; "
            f"the table has {list(table.c.keys())}"
        )
        raise ValueError(msg)
    if replace:
        conn.execute(table.delete(), execution_options=UNCACHED)
    keys = list(columns)
    rows = zip(*(columns[k] for k in keys), strict=True)
    stmt = sa_module().insert(table)
    while chunk := list(itertools.islice(rows, chunk_size)):
        # the table is reflected anew on every write: not kept in the engine's cache
        params = [dict(zip(keys, row, strict=True)) for row in chunk]
        conn.execute(stmt, params, execution_options=UNCACHED)


def _write_batches(
    batches: Iterable[Any],
    table_name: str,
    bind: Any,
    *,
    schema: str | None,
    if_exists: str,
    chunk_size: int,
) -> None:
    check_append_or_replace(if_exists)
    iterator = iter(batches)
    first = next(iterator, None)
    if first is None:
        return  # nothing to write: the table is not touched
    check_bind(bind)
    with transaction(bind) as conn:
        table = _target(conn, table_name, schema, if_exists)
        mode = if_exists
        for batch in itertools.chain([first], iterator):
            columns = as_columns(batch)
            if check_lengths(columns) == 0 and mode == "append":
                continue
            _insert(conn, table, columns, chunk_size, replace=mode == "replace")
            mode = "append"


def write_sql(
    data: Any,
    table_name: str,
    bind: Any,
    *,
    schema: str | None = None,
    if_exists: str = "append",
    chunk_size: int | None = None,
) -> None:
    """Deprecated: insert a column dict into an existing table, in one transaction.

    ``if_exists`` is ``"append"`` or ``"replace"`` (empties the table first);
    the table is reflected, never created; an empty dict writes nothing.
    Values are bound parameters, ``chunk_size`` rows per ``executemany``.
    Prefer ``write_sql_raw`` or ``frame.write_sql``.
    """
    _deprecated("write_sql", "write_sqlmodel", "write_sql_raw")
    size = positive("chunk_size", chunk_size, WRITE_CHUNK_SIZE_ENV)
    check_append_or_replace(if_exists)
    columns = as_columns(data)
    check_lengths(columns)
    if not columns:
        return
    _write_batches(
        [columns], table_name, bind, schema=schema, if_exists=if_exists, chunk_size=size
    )


def write_sql_batches(
    batches: Iterable[Any],
    table_name: str,
    bind: Any,
    *,
    schema: str | None = None,
    if_exists: str = "append",
    chunk_size: int | None = None,
) -> None:
    """Deprecated: :func:`write_sql` for an iterable of column dicts or frames.

    The first batch uses ``if_exists``, the rest append, all in one
    transaction; an empty iterable never touches the table.
    """
    warnings.warn(
        "write_sql_batches is deprecated and will be removed in a future major "
        "version; for mapped tables use write_sqlmodel_batches, for string SQL "
        "call write_sql_raw once per batch",
        DeprecationWarning,
        stacklevel=2,
    )
    size = positive("chunk_size", chunk_size, WRITE_CHUNK_SIZE_ENV)
    _write_batches(
        batches, table_name, bind, schema=schema, if_exists=if_exists, chunk_size=size
    )


async def _awrite(
    batches: list[Any],
    table_name: str,
    bind: Any,
    *,
    schema: str | None,
    if_exists: str,
    chunk_size: int,
    executor: concurrent.futures.Executor | None,
) -> None:
    """Write on an async bind with async I/O, or on a sync one in ``executor``."""
    if is_async_bind(bind):

        def write(sync_conn: Any) -> None:
            _write_batches(
                batches,
                table_name,
                sync_conn,
                schema=schema,
                if_exists=if_exists,
                chunk_size=chunk_size,
            )

        async with _aconnect(bind) as conn:
            await conn.run_sync(write)
        return
    await run_blocking(
        _write_batches,
        batches,
        table_name,
        bind,
        schema=schema,
        if_exists=if_exists,
        chunk_size=chunk_size,
        executor=executor,
    )


async def awrite_sql(
    data: Any,
    table_name: str,
    bind: Any,
    *,
    schema: str | None = None,
    if_exists: str = "append",
    chunk_size: int | None = None,
    executor: concurrent.futures.Executor | None = None,
) -> None:
    """Deprecated: :func:`write_sql` run in ``executor`` (the default pool)."""
    _deprecated("awrite_sql", "awrite_sqlmodel", "awrite_sql_raw")
    size = positive("chunk_size", chunk_size, WRITE_CHUNK_SIZE_ENV)
    check_append_or_replace(if_exists)
    columns = as_columns(data)
    check_lengths(columns)
    if not columns:
        return
    await _awrite(
        [columns],
        table_name,
        bind,
        schema=schema,
        if_exists=if_exists,
        chunk_size=size,
        executor=executor,
    )


async def awrite_sql_batches(
    batches: Iterable[Any],
    table_name: str,
    bind: Any,
    *,
    schema: str | None = None,
    if_exists: str = "append",
    chunk_size: int | None = None,
    executor: concurrent.futures.Executor | None = None,
) -> None:
    """Deprecated: :func:`write_sql_batches` run in ``executor``."""
    warnings.warn(
        "awrite_sql_batches is deprecated and will be removed in a future major "
        "version; for mapped tables use write_sqlmodel_batches, for string SQL "
        "call awrite_sql_raw once per batch",
        DeprecationWarning,
        stacklevel=2,
    )
    size = positive("chunk_size", chunk_size, WRITE_CHUNK_SIZE_ENV)
    check_append_or_replace(if_exists)
    materialized = list(batches)
    await _awrite(
        materialized,
        table_name,
        bind,
        schema=schema,
        if_exists=if_exists,
        chunk_size=size,
        executor=executor,
    )
