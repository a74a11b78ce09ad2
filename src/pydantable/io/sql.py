"""SQL reads and writes (extra ``sql``): SQLAlchemy 2 connections, Polars fetches.

Reads run the query through :func:`polars.read_database` on the connection you
pass (a SQLAlchemy ``Engine``/``Connection``, a database URL, or any DB-API/ADBC
connection Polars accepts): with an ADBC connection the result arrives as Arrow
with no Python objects. Typed reads then go through the same ingest as
``Model(polars_df)``: Pydantic-exact errors located by column and row,
``trusted_mode`` honoured. Values are always bound parameters (``params``);
the SQL text is yours.

Writes create tables from the pydantable schema (see :mod:`pydantable.io.sql_types`),
quote every identifier, bind every value, and run in one transaction: a failed
write leaves no table and no rows behind (``replace`` keeps the old table).

Example:
    >>> import os, tempfile
    >>> from pydantable import DataFrameModel
    >>> from pydantable.io.sql import fetch_sql_raw
    >>> class Ev(DataFrameModel):
    ...     id: int
    ...     kind: str
    >>> url = "sqlite:///" + os.path.join(tempfile.mkdtemp(), "ev.db")
    >>> Ev({"id": [1, 2], "kind": ["a", "b"]}).write_sql("events", url)
    2
    >>> fetch_sql_raw("SELECT kind FROM events WHERE id = :id", url, params={"id": 2})["kind"].to_list()
    ['b']
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import polars as pl

from pydantable import dtypes as dt
from pydantable._dependencies import require
from pydantable.errors import SchemaMismatchError
from pydantable.schema import FrameSchema

if TYPE_CHECKING:
    import sqlalchemy as sa

    from pydantable.frame import BaseFrame

__all__ = [
    "IF_EXISTS",
    "fetch_sql_raw",
    "fetch_sqlmodel",
    "iter_sql_raw",
    "iter_sqlmodel",
    "read_validated",
    "sqlmodel_columns",
    "sqlmodel_query",
    "write_sql_raw",
    "write_sql_raw_batches",
    "write_sqlmodel",
    "write_sqlmodel_batches",
]

IF_EXISTS = ("fail", "append", "replace")
_log = logging.getLogger(__name__)


def _sa() -> Any:
    return require("sqlalchemy", extra="sql")


# -- connections --------------------------------------------------------------------
@contextlib.contextmanager
def connection(bind: Any) -> Iterator[Any]:
    """A connection for reads: yours if you passed one, else opened and closed here."""
    sa = _sa()
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


@contextlib.contextmanager
def transaction(bind: Any) -> Iterator[sa.Connection]:
    """A connection inside a transaction that commits on success, rolls back on error.

    An ``Engine``/URL gets a fresh transaction (on pysqlite, DDL is made
    transactional too); a ``Connection`` already in a transaction gets a
    SAVEPOINT and is not committed (the caller owns the outer transaction).
    """
    sa = _sa()
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


def _query(sql: Any) -> Any:
    if isinstance(sql, str):
        return _sa().text(sql)
    return sql


def _options(params: Mapping[str, Any] | Sequence[Any] | None) -> dict[str, Any]:
    return {} if params is None else {"parameters": params}


# -- raw reads ----------------------------------------------------------------------
def fetch_sql_raw(
    sql: Any,
    bind: Any,
    *,
    params: Mapping[str, Any] | Sequence[Any] | None = None,
) -> pl.DataFrame:
    """Run ``sql`` with bound ``params``; the result as an unvalidated Polars frame.

    ``sql`` is a string (``:name`` placeholders with SQLAlchemy binds) or a
    SQLAlchemy ``text()``/``select()``. Column dtypes are inferred from every row
    (never from a prefix, so a late float does not truncate into an int column).
    """
    with connection(bind) as conn:
        frame = pl.read_database(
            _query(sql),
            conn,
            execute_options=_options(params),
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
) -> Iterator[pl.DataFrame]:
    """Run ``sql`` and yield Polars frames of at most ``batch_size`` rows.

    Rows are fetched from the cursor batch by batch (bounded memory on drivers
    with server-side cursors). Breaking out of the loop closes the connection.
    """
    if batch_size < 1:
        msg = f"batch_size must be >= 1; got {batch_size}"
        raise ValueError(msg)
    with connection(bind) as conn:
        batches = pl.read_database(
            _query(sql),
            conn,
            iter_batches=True,
            batch_size=batch_size,
            execute_options=_options(params),
            infer_schema_length=None,
        )
        yield from batches


# -- typed reads --------------------------------------------------------------------
def _prepare(df: pl.DataFrame, schema: FrameSchema) -> pl.DataFrame:
    """Keep the schema's columns; decode JSON text of nested columns (SQLite)."""
    present = [name for name in schema if name in df.columns]
    decode = [
        df.get_column(name).str.json_decode()
        for name in present
        if isinstance(schema[name].dtype, dt.List | dt.Struct | dt.Map)
        and df.schema[name] == pl.String
    ]
    out = df.select(present)
    return out.with_columns(decode) if decode else out


def read_validated(
    cls: type[BaseFrame],
    sql: Any,
    bind: Any,
    *,
    params: Mapping[str, Any] | Sequence[Any] | None = None,
    trusted_mode: str | None = None,
) -> BaseFrame:
    """Fetch ``sql`` and ingest it as ``cls`` (the eager core of ``read_sql``)."""
    try:
        df = fetch_sql_raw(sql, bind, params=params)
    except pl.exceptions.PolarsError:
        # mixed Python types in one column (SQLite is dynamically typed): hand the
        # Python values to ingest, which reports the bad cells like Pydantic
        columns = _fetch_columns(sql, bind, params=params)
        schema = cls.__pydantable_schema__
        kept = {k: v for k, v in columns.items() if k in schema}
        return cls(kept, trusted_mode=trusted_mode)
    return cls(_prepare(df, cls.__pydantable_schema__), trusted_mode=trusted_mode)


def _fetch_columns(
    sql: Any, bind: Any, *, params: Mapping[str, Any] | Sequence[Any] | None
) -> dict[str, list[Any]]:
    with connection(bind) as conn:
        result = conn.execute(_query(sql), params or {})
        keys = list(result.keys())
        rows = result.fetchall()
    return columns_of(keys, rows)


def columns_of(keys: Sequence[str], rows: Sequence[Any]) -> dict[str, list[Any]]:
    """Result rows as ``{column: [values]}`` (one transposition, no per-cell loop)."""
    if not rows:
        return {key: [] for key in keys}
    return {
        key: list(values)
        for key, values in zip(keys, zip(*rows, strict=True), strict=True)
    }


def sqlmodel_query(
    table: Any,
    *,
    where: Any = None,
    columns: Sequence[str] | None = None,
    order_by: Any = None,
    limit: int | None = None,
) -> Any:
    """A ``SELECT`` of a SQLModel/SQLAlchemy table with quoted identifiers.

    ``where`` is a SQLAlchemy clause, or ``{column: value}`` for equality with
    bound values; ``order_by`` a column name, a clause, or a list of them.
    """
    from pydantable.io.sql_types import table_of

    sa = _sa()
    sql_table = table_of(table)
    chosen = [sql_table.c[name] for name in columns] if columns else [sql_table]
    stmt = sa.select(*chosen)
    if isinstance(where, Mapping):
        for name, value in where.items():
            stmt = stmt.where(sql_table.c[name] == value)
    elif where is not None:
        stmt = stmt.where(where)
    if order_by is not None:
        keys = order_by if isinstance(order_by, list | tuple) else [order_by]
        stmt = stmt.order_by(
            *(sql_table.c[k] if isinstance(k, str) else k for k in keys)
        )
    if limit is not None:
        stmt = stmt.limit(limit)
    return stmt


def _sqlmodel_frame(table: Any, columns: Sequence[str] | None) -> type[BaseFrame]:
    from pydantable.model import derived_model

    schema = sqlmodel_columns(table)
    if columns:
        schema = FrameSchema([schema[name] for name in columns])
    return derived_model(schema)


def fetch_sqlmodel(
    table: Any,
    bind: Any,
    *,
    where: Any = None,
    params: Mapping[str, Any] | None = None,
    columns: Sequence[str] | None = None,
    order_by: Any = None,
    limit: int | None = None,
    trusted_mode: str | None = None,
) -> BaseFrame:
    """Rows of a SQLModel table class (or ``Table``) as a validated typed frame.

    The frame's schema is :func:`sqlmodel_columns` of the table.
    """
    stmt = sqlmodel_query(
        table, where=where, columns=columns, order_by=order_by, limit=limit
    )
    cls = _sqlmodel_frame(table, columns)
    return read_validated(cls, stmt, bind, params=params, trusted_mode=trusted_mode)


def iter_sqlmodel(
    table: Any,
    bind: Any,
    *,
    where: Any = None,
    params: Mapping[str, Any] | None = None,
    columns: Sequence[str] | None = None,
    order_by: Any = None,
    limit: int | None = None,
    batch_size: int = 65536,
    trusted_mode: str | None = None,
) -> Iterator[BaseFrame]:
    """Validated typed frames of at most ``batch_size`` rows of a SQLModel table."""
    stmt = sqlmodel_query(
        table, where=where, columns=columns, order_by=order_by, limit=limit
    )
    cls = _sqlmodel_frame(table, columns)
    schema = cls.__pydantable_schema__
    for batch in iter_sql_raw(stmt, bind, params=params, batch_size=batch_size):
        yield cls(_prepare(batch, schema), trusted_mode=trusted_mode)


def sqlmodel_columns(table: Any) -> FrameSchema:
    """The pydantable schema of a SQLModel table class or SQLAlchemy ``Table``.

    Field annotations of a SQLModel class are used as declared; a plain
    ``Table`` maps each column's Python type and nullability.

    Example:
        >>> import sqlalchemy as sa
        >>> t = sa.Table("t", sa.MetaData(), sa.Column("id", sa.Integer, nullable=False))
        >>> [(c.name, c.dtype.name, c.nullable) for c in sqlmodel_columns(t).columns()]
        [('id', 'Int64', False)]
    """
    from pydantable.io import sql_types

    return sql_types.sqlmodel_columns(table)


# -- writes -------------------------------------------------------------------------
def _check_if_exists(if_exists: str) -> None:
    if if_exists not in IF_EXISTS:
        msg = f"if_exists must be one of {list(IF_EXISTS)}; got {if_exists!r}"
        raise ValueError(msg)


def _as_frame(data: Any, model: type[BaseFrame] | None) -> BaseFrame:
    from pydantable.frame import BaseFrame

    if isinstance(data, BaseFrame):
        return data
    if model is None:
        msg = (
            "write_sql_raw needs a typed frame or model=: the table's DDL comes from a "
            "declared schema, never from the data"
        )
        raise TypeError(msg)
    return model(data)


def rows_of(
    batch: pl.DataFrame, schema: FrameSchema, dialect: str
) -> list[dict[str, Any]]:
    """A batch as parameter dicts for ``executemany`` (conversions in the engine)."""
    from pydantable.materialize import python_columns

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


def write_batches(
    batches: Iterable[pl.DataFrame],
    schema: FrameSchema,
    table: str | Any,
    bind: Any,
    *,
    if_exists: str,
    db_schema: str | None = None,
) -> int:
    """Create/replace/append ``table`` and insert every batch in one transaction."""
    _check_if_exists(if_exists)
    written = 0
    with transaction(bind) as conn:
        target, convert = prepare_target(
            conn, table, schema, if_exists=if_exists, db_schema=db_schema
        )
        for batch in batches:
            if batch.height:
                conn.execute(target.insert(), rows_of(batch, schema, convert))
                written += batch.height
    _log.debug("wrote %d rows to %s", written, target.name)
    return written


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
    conversions apply (``""`` for a table you declared: its own types convert).
    """
    from pydantable.io.sql_types import sql_table, table_of

    _check_if_exists(if_exists)
    sa = _sa()
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
        sa.Table(target.name, sa.MetaData(), schema=target.schema, quote=True).drop(
            conn
        )
    if not exists or if_exists == "replace":
        target.create(conn)
    else:
        _check_append(conn, target, schema)
    return target, dialect if isinstance(table, str) else ""


def _check_append(conn: Any, target: Any, schema: FrameSchema) -> None:
    sa = _sa()
    existing = {
        c["name"]
        for c in sa.inspect(conn).get_columns(target.name, schema=target.schema)
    }
    missing = [name for name in schema if name not in existing]
    if missing:
        msg = f"cannot append to {target.name!r}: the table has no columns {missing}"
        raise SchemaMismatchError(msg)


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
    if chunk_size < 1:
        msg = f"chunk_size must be >= 1; got {chunk_size}"
        raise ValueError(msg)
    return write_batches(
        frame.iter_batches(chunk_size),
        frame.schema,
        table,
        bind,
        if_exists=if_exists,
        db_schema=db_schema,
    )


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
    frame = _as_frame(data, model)
    return write_frame(
        frame,
        table,
        bind,
        if_exists=if_exists,
        chunk_size=chunk_size,
        db_schema=db_schema,
    )


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
    frames = (_as_frame(b, model).to_polars() for b in batches)
    return write_batches(
        frames, schema, table, bind, if_exists=if_exists, db_schema=db_schema
    )


def write_sqlmodel(
    data: Any,
    table: Any,
    bind: Any,
    *,
    if_exists: str = "append",
    chunk_size: int = 10_000,
) -> int:
    """Validate ``data`` against a SQLModel table and insert it (DDL from the table)."""
    return write_sqlmodel_batches(
        [data], table, bind, if_exists=if_exists, chunk_size=chunk_size
    )


def write_sqlmodel_batches(
    batches: Iterable[Any],
    table: Any,
    bind: Any,
    *,
    if_exists: str = "append",
    chunk_size: int = 10_000,
) -> int:
    """Like :func:`write_sqlmodel` for many batches, in one transaction."""
    from pydantable.frame import BaseFrame

    model = _sqlmodel_frame(table, None)
    schema = model.__pydantable_schema__

    def frames() -> Iterator[pl.DataFrame]:
        for batch in batches:
            frame = batch if isinstance(batch, BaseFrame) else model(batch)
            yield from frame.select(list(frame.schema)).iter_batches(chunk_size)

    return write_batches(frames(), schema, table, bind, if_exists=if_exists)
