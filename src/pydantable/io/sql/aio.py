"""Async SQL: real asyncio I/O through SQLAlchemy's asyncio engines.

With an ``AsyncEngine``/``AsyncConnection`` or an async URL
(``postgresql+asyncpg://``, ``postgresql+psycopg_async://``,
``sqlite+aiosqlite://``) the queries and inserts are awaited on the event loop;
only the columnar conversion and validation of each fetched batch is CPU work.
A sync bind (``Engine``, sync URL) runs the sync function in a worker thread.

Statements, argument checks, result validation
(:mod:`pydantable.io.sql.common`), the DDL and the insert batches
(:mod:`pydantable.io.sql.write`) are the sync path's own code; only the I/O
calls here are awaited.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import polars as pl

from pydantable.execution import run_blocking
from pydantable.io.sql.common import (
    Params,
    as_frame,
    bind_params,
    check_if_exists,
    check_positive,
    columns_of,
    one_of_params,
    sa_module,
    statement,
    typed_batch,
    typed_columns,
)
from pydantable.io.sql.read import fetch_sql_raw, iter_sql_raw, read_validated
from pydantable.io.sql.write import (
    FrameWrite,
    finish_target,
    insert_chunks,
    insert_options,
    prepare_target,
)

if TYPE_CHECKING:
    from pydantable.frame import BaseFrame

__all__ = [
    "afetch_sql_raw",
    "ainsert_batches",
    "aiter_sql_raw",
    "aread_validated",
    "atransaction",
    "awrite_sql_raw",
    "is_async_bind",
    "run_async_read",
]


def _asa() -> Any:
    sa_module()
    import sqlalchemy.ext.asyncio as asa

    return asa


def is_async_bind(bind: Any) -> bool:
    """Whether ``bind`` is an asyncio engine/connection or an async driver URL."""
    if isinstance(bind, str):
        url = sa_module().engine.make_url(bind)
        return bool(url.get_dialect().is_async)
    asa = _asa()
    return isinstance(bind, asa.AsyncEngine | asa.AsyncConnection)


@contextlib.asynccontextmanager
async def _aconnect(bind: Any) -> AsyncIterator[Any]:
    asa = _asa()
    if isinstance(bind, asa.AsyncConnection):
        yield bind
        return
    engine = asa.create_async_engine(bind) if isinstance(bind, str) else bind
    try:
        async with engine.connect() as conn:
            yield conn
    finally:
        if isinstance(bind, str):
            await engine.dispose()


@contextlib.asynccontextmanager
async def atransaction(bind: Any) -> AsyncIterator[Any]:
    """:func:`~pydantable.io.sql.write.transaction` on an async bind.

    An ``AsyncEngine``/URL gets a fresh transaction, DDL included on
    aiosqlite (its ``sqlite3`` connection only opens a transaction before
    DML: a ``CREATE TABLE`` would commit on its own and outlive a rollback);
    an ``AsyncConnection`` gets a SAVEPOINT when already in a transaction and
    its own transaction otherwise.
    """
    asa = _asa()
    async with _aconnect(bind) as conn:
        if isinstance(bind, asa.AsyncConnection):
            begin = conn.begin_nested() if conn.in_transaction() else conn.begin()
            async with begin:
                yield conn
            return
        aiosqlite = conn.dialect.name == "sqlite" and conn.dialect.driver == "aiosqlite"
        old = await conn.run_sync(_set_isolation, None) if aiosqlite else None
        try:
            async with conn.begin():
                if aiosqlite:  # BEGIN ourselves, before the DDL
                    await conn.exec_driver_sql("BEGIN")
                yield conn
        finally:
            if aiosqlite:
                await conn.run_sync(_set_isolation, old)


def _set_isolation(conn: Any, level: str | None) -> str | None:
    """Set the ``sqlite3`` ``isolation_level`` of ``conn``; the previous one."""
    raw = conn.connection.dbapi_connection
    old: str | None = raw.isolation_level
    raw.isolation_level = level
    return old


async def _afetch_rows(
    sql: Any, bind: Any, params: Params
) -> tuple[list[str], Sequence[Any]]:
    async with _aconnect(bind) as conn:
        result = await conn.execute(statement(sql), bind_params(params))
        return list(result.keys()), result.fetchall()


def raw_frame(keys: Sequence[str], rows: Sequence[Any]) -> pl.DataFrame:
    """Fetched rows as a Polars frame; a column of mixed types becomes ``Object``."""
    columns = columns_of(keys, rows)
    series = []
    for name, values in columns.items():
        try:
            series.append(pl.Series(name, values))
        except (TypeError, pl.exceptions.PolarsError):
            series.append(pl.Series(name, values, dtype=pl.Object))
    return pl.DataFrame(series)


def _typed(
    cls: type[BaseFrame],
    keys: Sequence[str],
    rows: Sequence[Any],
    trusted_mode: str | None,
    **ingest: Any,
) -> BaseFrame:
    schema = cls.__pydantable_schema__
    frame = raw_frame(keys, rows)
    if any(frame.schema[k] == pl.Object for k in frame.columns if k in schema):
        return typed_columns(cls, columns_of(keys, rows), trusted_mode, **ingest)
    return typed_batch(cls, frame, trusted_mode, **ingest)


# -- reads --------------------------------------------------------------------------
async def afetch_sql_raw(
    sql: Any, bind: Any, *, params: Params = None, parameters: Params = None
) -> pl.DataFrame:
    """:func:`~pydantable.io.sql.fetch_sql_raw`, awaited (real async on async binds)."""
    params = one_of_params(params, parameters)
    if not is_async_bind(bind):
        return await run_blocking(fetch_sql_raw, sql, bind, params=params)
    return raw_frame(*await _afetch_rows(sql, bind, params))


async def aread_validated(
    cls: type[BaseFrame],
    sql: Any,
    bind: Any,
    *,
    params: Params = None,
    trusted_mode: str | None = None,
    executor: Any = None,
    **ingest: Any,
) -> BaseFrame:
    """Fetch ``sql`` on the event loop and ingest it as ``cls``."""
    if not is_async_bind(bind):
        return await run_blocking(
            read_validated,
            cls,
            sql,
            bind,
            params=params,
            trusted_mode=trusted_mode,
            executor=executor,
            **ingest,
        )
    keys, rows = await _afetch_rows(sql, bind, params)
    return _typed(cls, keys, rows, trusted_mode, **ingest)


def run_async_read(
    cls: type[BaseFrame],
    sql: Any,
    bind: Any,
    *,
    params: Params,
    trusted_mode: str | None,
) -> BaseFrame:
    """Run :func:`aread_validated` to completion from sync code (a private loop).

    An ``AsyncEngine``'s pooled connections belong to the loop that opened them,
    so a private engine on the same URL (no pool) is used in a private thread.
    """
    asa = _asa()
    if isinstance(bind, asa.AsyncConnection):
        msg = "a lazy read cannot use an AsyncConnection; pass the AsyncEngine or URL"
        raise TypeError(msg)
    url = bind.url if isinstance(bind, asa.AsyncEngine) else bind
    out: list[BaseFrame] = []
    errors: list[BaseException] = []

    async def main() -> None:
        engine = asa.create_async_engine(url, poolclass=sa_module().pool.NullPool)
        try:
            out.append(
                await aread_validated(
                    cls, sql, engine, params=params, trusted_mode=trusted_mode
                )
            )
        finally:
            await engine.dispose()

    def target() -> None:
        try:
            asyncio.run(main())
        except BaseException as exc:  # re-raised in the calling thread
            errors.append(exc)

    thread = threading.Thread(target=target, name="pydantable-sql")
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return out[0]


async def aiter_sql_raw(
    sql: Any,
    bind: Any,
    *,
    params: Params = None,
    batch_size: int = 65536,
    parameters: Params = None,
) -> AsyncIterator[pl.DataFrame]:
    """Polars frames of at most ``batch_size`` rows, streamed with a server-side cursor."""
    check_positive("batch_size", batch_size)
    params = one_of_params(params, parameters)
    if not is_async_bind(bind):
        iterator = iter_sql_raw(sql, bind, params=params, batch_size=batch_size)
        done = object()
        while (batch := await run_blocking(next, iterator, done)) is not done:
            yield batch
        return
    async with _aconnect(bind) as conn:
        result = await conn.stream(statement(sql), bind_params(params))
        keys = list(result.keys())
        async for rows in result.partitions(batch_size):
            yield raw_frame(keys, rows)


# -- writes -------------------------------------------------------------------------
async def ainsert_batches(
    frames: Iterable[pl.DataFrame],
    schema: Any,
    table: Any,
    bind: Any,
    *,
    if_exists: str,
    db_schema: str | None = None,
) -> int:
    """:func:`~pydantable.io.sql.insert_batches` with awaited DDL and inserts."""
    check_if_exists(if_exists)
    written = 0
    async with atransaction(bind) as conn:
        target, convert = await conn.run_sync(
            prepare_target, table, schema, if_exists=if_exists, db_schema=db_schema
        )
        for rows, height in insert_chunks(frames, schema, convert):
            await conn.execute(
                target.insert(), rows, execution_options=insert_options(table)
            )
            written += height
        await conn.run_sync(finish_target, target, table, db_schema=db_schema)
    return written


async def arun_write(write: FrameWrite, bind: Any) -> int:
    """Run a :class:`~pydantable.io.sql.write.FrameWrite` from async code.

    On an async bind the frame is collected without blocking the loop and the
    DDL and inserts are awaited; a sync bind writes in a worker thread.
    """
    if not is_async_bind(bind):
        return await run_blocking(write.run, bind)
    check_positive("chunk_size", write.chunk_size)
    data = await write.frame.ato_polars()
    batches = data.iter_slices(write.chunk_size)
    return await ainsert_batches(
        batches,
        write.frame.schema,
        write.table,
        bind,
        if_exists=write.if_exists,
        db_schema=write.db_schema,
    )


async def awrite_sql_raw(
    data: Any,
    table: str | Any,
    bind: Any,
    *,
    model: type[BaseFrame] | None = None,
    if_exists: str = "fail",
    chunk_size: int = 10_000,
    db_schema: str | None = None,
) -> int:
    """:func:`~pydantable.io.sql.write_sql_raw`, awaited (real async on async binds)."""
    frame = as_frame(data, model)
    return await arun_write(
        FrameWrite(frame, table, if_exists, chunk_size, db_schema), bind
    )


async def awrite_frame(
    frame: BaseFrame,
    table: Any,
    bind: Any,
    *,
    if_exists: str = "fail",
    chunk_size: int = 10_000,
    db_schema: str | None = None,
) -> int:
    """Write a typed frame from async code; the rows written."""
    write = FrameWrite(frame, table, if_exists, chunk_size, db_schema)
    return await arun_write(write, bind)
