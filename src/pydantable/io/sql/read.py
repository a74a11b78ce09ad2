"""Sync SQL reads: :func:`polars.read_database` on the connection you pass.

The connection is a SQLAlchemy ``Engine``/``Connection``, a database URL, or any
DB-API/ADBC connection Polars accepts: with an ADBC connection the result
arrives as Arrow with no Python objects. Column dtypes are inferred from every
row. Typed reads then go through the same ingest as ``Model(polars_df)``
(:func:`~pydantable.io.sql.common.typed_batch`); when Polars cannot build a
column (mixed Python types, as SQLite allows) the rows are fetched through
SQLAlchemy and their Python values ingested instead, so bad cells are reported
like Pydantic. Values are always bound parameters.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import polars as pl

from pydantable.io.sql.common import (
    Params,
    bind_params,
    check_positive,
    columns_of,
    execute_options,
    one_of_params,
    sa_module,
    statement,
    typed_batch,
    typed_columns,
)

if TYPE_CHECKING:
    from pydantable.frame import BaseFrame

__all__ = [
    "connection",
    "fetch_sql_raw",
    "iter_sql_raw",
    "iter_validated",
    "read_validated",
]


@contextlib.contextmanager
def connection(bind: Any) -> Iterator[Any]:
    """A connection for reads: yours if you passed one, else opened and closed here."""
    sa = sa_module()
    if isinstance(bind, str):
        engine = sa.create_engine(bind)
        try:
            with engine.connect() as conn:
                yield conn
        finally:
            engine.dispose()
    elif isinstance(bind, sa.Engine):
        with bind.connect() as conn:
            yield conn
    else:
        yield bind  # a Connection, or a DB-API/ADBC connection Polars reads from


# -- raw reads ----------------------------------------------------------------------
def fetch_sql_raw(
    sql: Any,
    bind: Any,
    *,
    params: Mapping[str, Any] | Sequence[Any] | None = None,
    parameters: Mapping[str, Any] | Sequence[Any] | None = None,
) -> pl.DataFrame:
    """Run ``sql`` with bound ``params``; the result as an unvalidated Polars frame.

    ``parameters=`` is the original's name for ``params=`` (either works).

    ``sql`` is a string (``:name`` placeholders with SQLAlchemy binds) or a
    SQLAlchemy ``text()``/``select()``. Column dtypes are inferred from every row
    (never from a prefix, so a late float does not truncate into an int column).
    """
    params = one_of_params(params, parameters)
    with connection(bind) as conn:
        frame = pl.read_database(
            statement(sql),
            conn,
            execute_options=execute_options(params),
            infer_schema_length=None,
        )
    assert isinstance(frame, pl.DataFrame)
    return frame


def iter_sql_raw(
    sql: Any,
    bind: Any,
    *,
    params: Mapping[str, Any] | Sequence[Any] | None = None,
    batch_size: int = 65536,
    parameters: Mapping[str, Any] | Sequence[Any] | None = None,
) -> Iterator[pl.DataFrame]:
    """Run ``sql`` and yield Polars frames of at most ``batch_size`` rows.

    Rows are fetched from the cursor batch by batch (bounded memory on drivers
    with server-side cursors). Breaking out of the loop closes the connection.
    """
    check_positive("batch_size", batch_size)
    params = one_of_params(params, parameters)
    with connection(bind) as conn:
        batches = pl.read_database(
            statement(sql),
            conn,
            iter_batches=True,
            batch_size=batch_size,
            execute_options=execute_options(params),
            infer_schema_length=None,
        )
        yield from batches


# -- typed reads --------------------------------------------------------------------
def read_validated(
    cls: type[BaseFrame],
    sql: Any,
    bind: Any,
    *,
    params: Mapping[str, Any] | Sequence[Any] | None = None,
    trusted_mode: str | None = None,
    **ingest: Any,
) -> BaseFrame:
    """Fetch ``sql`` and ingest it as ``cls`` (the eager core of ``read_sql``;
    ``ingest``: more constructor options, such as ``ignore_errors``)."""
    try:
        df = fetch_sql_raw(sql, bind, params=params)
    except pl.exceptions.PolarsError:
        # mixed Python types in one column (SQLite is dynamically typed): hand the
        # Python values to ingest, which reports the bad cells like Pydantic
        columns = _fetch_columns(sql, bind, params=params)
        return typed_columns(cls, columns, trusted_mode, **ingest)
    return typed_batch(cls, df, trusted_mode, **ingest)


def _fetch_columns(sql: Any, bind: Any, *, params: Params) -> dict[str, list[Any]]:
    with connection(bind) as conn:
        result = conn.execute(statement(sql), bind_params(params))
        keys = list(result.keys())
        rows = result.fetchall()
    return columns_of(keys, rows)


def iter_validated(
    cls: type[BaseFrame],
    sql: Any,
    bind: Any,
    *,
    params: Params,
    batch_size: int,
    trusted_mode: str | None,
    **ingest: Any,
) -> Iterator[BaseFrame]:
    """Frames of ``cls`` of at most ``batch_size`` rows of ``sql``, each validated."""
    for batch in iter_sql_raw(sql, bind, params=params, batch_size=batch_size):
        yield typed_batch(cls, batch, trusted_mode, **ingest)
