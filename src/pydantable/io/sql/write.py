"""Sync SQL writes and the DDL shared with the async path.

Tables are created from the declared pydantable schema (see
:mod:`pydantable.io.sql.types`), never inferred from the data; every identifier
is quoted and every value bound. Rows go in with SQLAlchemy ``executemany``,
``chunk_size`` rows at a time, with the storage conversions of the dialect done
in Polars (:func:`rows_of`). A write runs in one transaction: a failed write
leaves no table and no rows behind (``replace`` keeps the old table).

:func:`prepare_target` (the DDL) and :func:`insert_chunks` (the parameter
batches) serve both paths: the async writer runs the DDL through
``AsyncConnection.run_sync`` and awaits the same inserts.

A table named by a string is a new ``sqlalchemy.Table`` on every write, and
SQLAlchemy keys its compiled-statement cache by the table object: the inserts
into such tables run with :data:`UNCACHED` (compiled per statement), or every
write would leave a compiled ``INSERT`` and its table in the engine's cache
until the cache's LRU bound (``query_cache_size``, 500 by default).
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polars as pl

from pydantable import dtypes as dt
from pydantable.errors import SchemaMismatchError
from pydantable.io.sql.common import (
    as_frame,
    check_if_exists,
    check_positive,
    sa_module,
)
from pydantable.materialize import python_columns
from pydantable.schema import FrameSchema

if TYPE_CHECKING:
    import sqlalchemy as sa

    from pydantable.frame import BaseFrame

__all__ = [
    "UNCACHED",
    "FrameWrite",
    "finish_target",
    "insert_batches",
    "insert_chunks",
    "insert_options",
    "prepare_target",
    "rows_of",
    "transaction",
    "write_frame",
    "write_sql_raw",
    "write_sql_raw_batches",
]

_log = logging.getLogger("pydantable.io.sql")

#: execution options of statements on a ``Table`` built for one write (not
#: kept in the engine's compiled cache: each write's table is a new object)
UNCACHED: dict[str, Any] = {"compiled_cache": None}


def insert_options(table: str | Any) -> dict[str, Any]:
    """:data:`UNCACHED` for a table named by a string (built per write), none
    for a table the caller declared (one object, cached once)."""
    return UNCACHED if isinstance(table, str) else {}


@contextlib.contextmanager
def transaction(bind: Any) -> Iterator[sa.Connection]:
    """A connection inside a transaction that commits on success, rolls back on error.

    An ``Engine``/URL gets a fresh transaction (on pysqlite, DDL is made
    transactional too); a ``Connection`` already in a transaction gets a
    SAVEPOINT and is not committed (the caller owns the outer transaction).
    """
    sa = sa_module()
    if isinstance(bind, sa.Connection):
        if bind.in_transaction():
            with bind.begin_nested():
                yield bind
        else:
            with bind.begin():
                yield bind
        return
    if isinstance(bind, str):
        engine, owned = sa.create_engine(bind), True
    elif isinstance(bind, sa.Engine):
        engine, owned = bind, False
    else:
        msg = f"bind must be a SQLAlchemy Engine, Connection or URL; got {bind!r}"
        raise TypeError(msg)
    try:
        with engine.connect() as conn:
            raw = conn.connection.driver_connection
            pysqlite = (
                conn.dialect.name == "sqlite" and conn.dialect.driver == "pysqlite"
            )
            old = raw.isolation_level if pysqlite else None
            if pysqlite:  # the sqlite3 module would commit before DDL: BEGIN ourselves
                conn.rollback()
                raw.isolation_level = None
            try:
                with conn.begin():
                    if pysqlite:
                        conn.exec_driver_sql("BEGIN")
                    yield conn
            finally:
                if pysqlite:
                    raw.isolation_level = old
    finally:
        if owned:
            engine.dispose()


# -- shared by the sync and async writers -------------------------------------------
def rows_of(
    batch: pl.DataFrame, schema: FrameSchema, dialect: str
) -> list[dict[str, Any]]:
    """A batch as parameter dicts for ``executemany`` (conversions in the engine)."""
    casts: list[pl.Expr] = []
    if dialect == "sqlite":
        for name, column in schema.items():
            if isinstance(column.dtype, dt.Decimal):
                casts.append(pl.col(name).cast(pl.String))
            elif isinstance(column.dtype, dt.Datetime) and column.dtype.tz is not None:
                casts.append(pl.col(name).dt.to_string("%Y-%m-%dT%H:%M:%S%.f%:z"))
            elif isinstance(column.dtype, dt.Duration):
                casts.append(pl.col(name).dt.total_microseconds() / 1e6)
    if casts:
        batch = batch.with_columns(casts)
    nested = FrameSchema(
        [
            c
            for c in schema.columns()
            if isinstance(c.dtype, dt.List | dt.Struct | dt.Map)
        ]
    )
    values = batch.to_dict(as_series=False)
    if len(nested):
        values.update(python_columns(batch.select(list(nested)), nested))
    names = list(values)
    return [
        dict(zip(names, row, strict=True)) for row in zip(*values.values(), strict=True)
    ]


def insert_chunks(
    batches: Iterable[pl.DataFrame], schema: FrameSchema, dialect: str
) -> Iterator[tuple[list[dict[str, Any]], int]]:
    """``(executemany parameters, row count)`` of every non-empty batch."""
    for batch in batches:
        if batch.height:
            yield rows_of(batch, schema, dialect), batch.height


#: Dialects that rename a table with ``ALTER TABLE a RENAME TO b`` inside a
#: transaction: there ``replace`` fills a staging table first.
_RENAMES = frozenset({"postgresql", "sqlite", "mysql", "mariadb", "duckdb", "oracle"})


def prepare_target(
    conn: Any,
    table: str | Any,
    schema: FrameSchema,
    *,
    if_exists: str,
    db_schema: str | None = None,
) -> tuple[Any, str]:
    """Create, replace or check the target table inside the caller's transaction.

    Returns the ``Table`` to insert into and the dialect whose storage
    conversions apply (``""`` for a table you declared: its own types convert;
    a ``Model.to_sqlalchemy_table()`` table has ``write_sql``'s storage types).
    ``replace`` of an existing table named by a string (on dialects that rename
    tables) returns a new staging table ``_pydantable_stage_<random>``: the
    old table is untouched until :func:`finish_target` swaps them after the
    last insert. A declared table is dropped and recreated (in the transaction).
    """
    # lazy: sql.types imports SQLAlchemy (the optional "sql" extra)
    from pydantable.io.sql.ddl import INFO_KEY
    from pydantable.io.sql.types import sql_table, table_of

    check_if_exists(if_exists)
    sa = sa_module()
    dialect = conn.dialect.name
    if isinstance(table, str):
        target = sql_table(table, schema, dialect, db_schema=db_schema)
    else:
        target = table_of(table)
    exists = sa.inspect(conn).has_table(target.name, schema=target.schema)
    if exists and if_exists == "fail":
        msg = f"table {target.name!r} already exists (if_exists='fail')"
        raise ValueError(msg)
    if exists and if_exists == "replace":
        if isinstance(table, str) and dialect in _RENAMES:
            stage = sql_table(
                f"_pydantable_stage_{uuid.uuid4().hex[:16]}",
                schema,
                dialect,
                db_schema=db_schema,
            )
            stage.create(conn)
            return stage, dialect
        sa.Table(target.name, sa.MetaData(), schema=target.schema, quote=True).drop(
            conn
        )
    if not exists or if_exists == "replace":
        target.create(conn)
    else:
        _check_append(conn, target, schema)
    # a table of ``Model.to_sqlalchemy_table()`` has write_sql's storage types
    own = isinstance(table, str) or INFO_KEY in target.info
    return target, dialect if own else ""


def finish_target(
    conn: Any, inserted: Any, table: str | Any, *, db_schema: str | None = None
) -> None:
    """After the last insert: a staging table of :func:`prepare_target` replaces
    ``table`` (drop the old one, rename the stage), in the same transaction."""
    if not isinstance(table, str) or inserted.name == table:
        return
    sa = sa_module()
    final = sa.Table(table, sa.MetaData(), schema=db_schema, quote=True)
    final.drop(conn)
    quote = conn.dialect.identifier_preparer
    # MySQL would move an unqualified new name to the current database
    new = (
        quote.format_table(final)
        if conn.dialect.name in ("mysql", "mariadb")
        else quote.quote(table)
    )
    rename = f"ALTER TABLE {quote.format_table(inserted)} RENAME TO {new}"
    conn.exec_driver_sql(rename)  # the preparer escaped the names for the driver


def _check_append(conn: Any, target: Any, schema: FrameSchema) -> None:
    sa = sa_module()
    existing = {
        c["name"]
        for c in sa.inspect(conn).get_columns(target.name, schema=target.schema)
    }
    missing = [name for name in schema if name not in existing]
    if missing:
        msg = f"cannot append to {target.name!r}: the table has no columns {missing}"
        raise SchemaMismatchError(msg)


@dataclass(frozen=True)
class FrameWrite:
    """One write of a typed frame: the target ``table`` and how to write to it.

    :meth:`run` writes it on a sync bind;
    :func:`pydantable.io.sql.aio.arun_write` awaits it.
    """

    frame: BaseFrame
    table: str | Any
    if_exists: str = "fail"
    chunk_size: int = 10_000
    db_schema: str | None = None

    def run(self, bind: Any) -> int:
        """Stream the frame in ``chunk_size`` batches into the table; rows written."""
        check_positive("chunk_size", self.chunk_size)
        return self.into(self.frame.iter_batches(self.chunk_size), bind)

    def into(self, batches: Iterable[pl.DataFrame], bind: Any) -> int:
        """Write ``batches`` of the frame (sync); the rows written."""
        return insert_batches(
            batches,
            self.frame.schema,
            self.table,
            bind,
            if_exists=self.if_exists,
            db_schema=self.db_schema,
        )


# -- sync writers -------------------------------------------------------------------
def insert_batches(
    batches: Iterable[pl.DataFrame],
    schema: FrameSchema,
    table: str | Any,
    bind: Any,
    *,
    if_exists: str,
    db_schema: str | None = None,
) -> int:
    """Create/replace/append ``table`` and insert every batch in one transaction."""
    check_if_exists(if_exists)
    written = 0
    with transaction(bind) as conn:
        target, convert = prepare_target(
            conn, table, schema, if_exists=if_exists, db_schema=db_schema
        )
        for rows, height in insert_chunks(batches, schema, convert):
            conn.execute(target.insert(), rows, execution_options=insert_options(table))
            written += height
        finish_target(conn, target, table, db_schema=db_schema)
    _log.debug("wrote %d rows to %s", written, table)
    return written


def write_frame(
    frame: BaseFrame,
    table: str | Any,
    bind: Any,
    *,
    if_exists: str = "fail",
    chunk_size: int = 10_000,
    db_schema: str | None = None,
) -> int:
    """Write a typed frame (streamed in ``chunk_size`` batches); the rows written."""
    return FrameWrite(frame, table, if_exists, chunk_size, db_schema).run(bind)


def write_sql_raw(
    data: Any,
    table: str,
    bind: Any,
    *,
    model: type[BaseFrame] | None = None,
    if_exists: str = "fail",
    chunk_size: int = 10_000,
    db_schema: str | None = None,
) -> int:
    """Validate ``data`` as ``model`` (or take a typed frame) and write it to ``table``.

    The DDL comes from the model's schema, never from the data; returns the
    number of rows written.
    """
    frame = as_frame(data, model)
    return FrameWrite(frame, table, if_exists, chunk_size, db_schema).run(bind)


def write_sql_raw_batches(
    batches: Iterable[Any],
    table: str,
    bind: Any,
    *,
    model: type[BaseFrame],
    if_exists: str = "fail",
    db_schema: str | None = None,
) -> int:
    """Validate each batch as ``model`` and write them all in one transaction."""
    schema = model.__pydantable_schema__
    frames = (as_frame(b, model).to_polars() for b in batches)
    return insert_batches(
        frames, schema, table, bind, if_exists=if_exists, db_schema=db_schema
    )
