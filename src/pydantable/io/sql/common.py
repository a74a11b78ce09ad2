"""Shared pieces of the SQL readers and writers: pure functions, no I/O.

The sync path (:mod:`pydantable.io.sql.read`, :mod:`pydantable.io.sql.write`)
and the async path (:mod:`pydantable.io.sql.aio`) differ only in how they talk
to the database. Everything else lives here once: argument checks, the
statements they run (``text()`` for SQL strings, quoted ``SELECT`` of SQLModel
tables), the typed frame classes of SQLModel tables, and the shaping and
validation of fetched results (same ingest as ``Model(polars_df)``).

SQLAlchemy is imported lazily (extra ``sql``), so importing :mod:`pydantable.io`
does not need it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import polars as pl

from pydantable import dtypes as dt
from pydantable._dependencies import require
from pydantable.frame._core import derived_frame, is_frame
from pydantable.schema import FrameSchema

if TYPE_CHECKING:
    from pydantable.frame import BaseFrame

__all__ = [
    "IF_EXISTS",
    "Params",
    "as_frame",
    "bind_params",
    "check_if_exists",
    "check_positive",
    "column_key",
    "columns_of",
    "execute_options",
    "one_of_params",
    "prepare",
    "sa_module",
    "sqlmodel_frame",
    "sqlmodel_query",
    "sqlmodel_read",
    "statement",
    "typed_batch",
    "typed_columns",
]

IF_EXISTS = ("fail", "append", "replace")
Params = Mapping[str, Any] | Sequence[Any] | None


def sa_module() -> Any:
    """The ``sqlalchemy`` module (a clear error naming the extra if missing)."""
    return require("sqlalchemy", extra="sql")


# -- arguments ----------------------------------------------------------------------
def check_if_exists(if_exists: str) -> None:
    """``ValueError`` unless ``if_exists`` is one of :data:`IF_EXISTS`."""
    if if_exists not in IF_EXISTS:
        msg = f"if_exists must be one of {list(IF_EXISTS)}; got {if_exists!r}"
        raise ValueError(msg)


def check_positive(name: str, value: int) -> None:
    """``ValueError`` unless a batch/chunk size is at least 1."""
    if value < 1:
        msg = f"{name} must be >= 1; got {value}"
        raise ValueError(msg)


def one_of_params(params: Params, parameters: Params) -> Params:
    """``params`` or the original's spelling ``parameters`` (not both)."""
    if params is not None and parameters is not None:
        msg = "pass the bound values as params= or parameters=, not both"
        raise TypeError(msg)
    return params if params is not None else parameters


def statement(sql: Any) -> Any:
    """SQL text as a SQLAlchemy ``text()`` clause; a clause as given."""
    if isinstance(sql, str):
        return sa_module().text(sql)
    return sql


def bind_params(params: Params) -> Any:
    """Parameters for ``Connection.execute`` (none: an empty mapping)."""
    return params or {}


def execute_options(params: Params) -> dict[str, Any]:
    """``execute_options`` of :func:`polars.read_database` binding ``params``."""
    return {} if params is None else {"parameters": params}


# -- results ------------------------------------------------------------------------
def columns_of(keys: Sequence[str], rows: Sequence[Any]) -> dict[str, list[Any]]:
    """Result rows as ``{column: [values]}`` (one transposition, no per-cell loop)."""
    if not rows:
        return {key: [] for key in keys}
    return {
        key: list(values)
        for key, values in zip(keys, zip(*rows, strict=True), strict=True)
    }


def prepare(df: pl.DataFrame, schema: FrameSchema) -> pl.DataFrame:
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


def typed_batch(
    cls: type[BaseFrame],
    df: pl.DataFrame,
    trusted_mode: str | None,
    **ingest: Any,
) -> BaseFrame:
    """A fetched Polars frame ingested as ``cls`` (extra columns dropped)."""
    return cls(
        prepare(df, cls.__pydantable_schema__), trusted_mode=trusted_mode, **ingest
    )


def typed_columns(
    cls: type[BaseFrame],
    columns: Mapping[str, list[Any]],
    trusted_mode: str | None,
    **ingest: Any,
) -> BaseFrame:
    """Fetched Python values ingested as ``cls``: bad cells reported like Pydantic.

    The path for columns Polars cannot hold (mixed Python types in one column,
    as SQLite's dynamic typing allows); extra columns are dropped.
    """
    schema = cls.__pydantable_schema__
    kept = {k: v for k, v in columns.items() if k in schema}
    return cls(kept, trusted_mode=trusted_mode, **ingest)


def as_frame(data: Any, model: type[BaseFrame] | None) -> BaseFrame:
    """A typed frame as given; other data validated as ``model`` (required)."""
    if is_frame(data):
        return data
    if model is None:
        msg = (
            "write_sql_raw needs a typed frame or model=: the table's DDL comes from a "
            "declared schema, never from the data"
        )
        raise TypeError(msg)
    return model(data)


# -- SQLModel tables ----------------------------------------------------------------
def column_key(column: Any) -> str:
    """The key of a column given as a name or a SQLAlchemy column attribute."""
    if isinstance(column, str):
        return column
    key = getattr(column, "key", None)
    if isinstance(key, str):
        return key
    msg = f"expected a column name or a SQLAlchemy column; got {column!r}"
    raise TypeError(msg)


def sqlmodel_query(
    table: Any,
    *,
    where: Any = None,
    columns: Sequence[Any] | None = None,
    order_by: Any = None,
    limit: int | None = None,
) -> Any:
    """A ``SELECT`` of a SQLModel/SQLAlchemy table with quoted identifiers.

    ``where`` is a SQLAlchemy clause (``bindparam``\\ s bound at execution), or
    ``{column: value}`` for equality with bound values; ``columns`` and
    ``order_by`` take column names or SQLAlchemy column attributes
    (``Hero.name``, ``Hero.age.desc()``).
    """
    # lazy: sql.types imports SQLAlchemy (the optional "sql" extra)
    from pydantable.io.sql.types import table_of

    sa = sa_module()
    sql_table = table_of(table)
    chosen = [sql_table.c[column_key(c)] for c in columns] if columns else [sql_table]
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


def sqlmodel_frame(
    table: Any, columns: Sequence[Any] | None, *, for_write: bool = False
) -> type[BaseFrame]:
    """The typed frame class of a SQLModel table (or of the chosen ``columns``)."""
    # lazy: sql.types imports SQLAlchemy (the optional "sql" extra)
    from pydantable.io.sql.types import sqlmodel_schema

    schema = sqlmodel_schema(table, for_write=for_write)
    if columns:
        schema = FrameSchema([schema[column_key(c)] for c in columns])
    return derived_frame(schema)


def sqlmodel_read(
    table: Any,
    *,
    where: Any,
    columns: Sequence[str] | None,
    order_by: Any,
    limit: int | None,
) -> tuple[Any, type[BaseFrame]]:
    """The ``SELECT`` of a SQLModel read and the frame class its rows validate as."""
    stmt = sqlmodel_query(
        table, where=where, columns=columns, order_by=order_by, limit=limit
    )
    return stmt, sqlmodel_frame(table, columns)
