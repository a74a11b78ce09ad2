"""SQL reads and writes (extra ``sql``): SQLAlchemy 2 connections, Polars fetches.

Reads run the query through :func:`polars.read_database` on the connection you
pass (a SQLAlchemy ``Engine``/``Connection``, a database URL, or any DB-API/ADBC
connection Polars accepts): with an ADBC connection the result arrives as Arrow
with no Python objects. Typed reads then go through the same ingest as
``Model(polars_df)``: Pydantic-exact errors located by column and row,
``trusted_mode`` honoured. Values are always bound parameters (``params``);
the SQL text is yours.

Writes create tables from the pydantable schema (see :mod:`pydantable.io.sql.types`),
quote every identifier, bind every value, and run in one transaction: a failed
write leaves no table and no rows behind (``replace`` keeps the old table).

This module is the public face; the code lives by concern in
:mod:`pydantable.io.sql.read` (sync reads), :mod:`pydantable.io.sql.write` (sync
writes and the DDL), :mod:`pydantable.io.sql.common` (statements, argument
checks and result validation shared with :mod:`pydantable.io.sql.aio`) and
:mod:`pydantable.io.sql.types` (SQL types of pydantable dtypes).

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

from pydantable.io.sql.common import IF_EXISTS, sqlmodel_query
from pydantable.io.sql.common import columns_of as columns_of
from pydantable.io.sql.read import connection as connection
from pydantable.io.sql.read import (
    fetch_sql_raw,
    iter_sql_raw,
    read_validated,
)
from pydantable.io.sql.sqlmodel import (
    fetch_sqlmodel,
    iter_sqlmodel,
    sqlmodel_columns,
    write_sqlmodel,
    write_sqlmodel_batches,
)
from pydantable.io.sql.write import insert_batches as insert_batches
from pydantable.io.sql.write import prepare_target as prepare_target
from pydantable.io.sql.write import rows_of as rows_of
from pydantable.io.sql.write import transaction as transaction
from pydantable.io.sql.write import write_frame as write_frame
from pydantable.io.sql.write import (
    write_sql_raw,
    write_sql_raw_batches,
)

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
