"""SQL types of pydantable columns: DDL from a schema, schemas from tables.

DDL is derived from the declared pydantable schema, never inferred from data:

============================  ==========================  ====================
pydantable dtype              PostgreSQL                  SQLite
============================  ==========================  ====================
Int64                         BIGINT                      BIGINT
Float64                       DOUBLE PRECISION            FLOAT
Boolean                       BOOLEAN                     BOOLEAN (0/1)
String, IPv4, IPv6            TEXT                        TEXT
Binary                        BYTEA                       BLOB
Date / Time                   DATE / TIME                 DATE / TIME (ISO text)
Datetime (naive)              TIMESTAMP                   DATETIME (ISO text)
Datetime (tz)                 TIMESTAMP WITH TIME ZONE    TEXT (ISO with offset)
Duration                      INTERVAL                    FLOAT (seconds)
Decimal(p, s)                 NUMERIC(p, s)               TEXT (exact digits)
UUID                          UUID                        CHAR(32)
Enum / Literal                type of the stored values   same
List / Struct / Map           JSONB                       JSON (text)
============================  ==========================  ====================

Non-nullable columns are ``NOT NULL``; identifiers are always quoted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from pydantable import dtypes as dt
from pydantable.errors import SchemaMismatchError
from pydantable.schema import Column, FrameSchema, column_from_annotation

__all__ = [
    "check_compatible",
    "sa_type",
    "sql_table",
    "sqlmodel_columns",
    "table_of",
]


def sa_type(dtype: dt.DType, dialect: str) -> Any:
    """The SQLAlchemy column type storing ``dtype`` on ``dialect``."""
    sqlite = dialect == "sqlite"
    if isinstance(dtype, dt.Enum | dt.Literal):
        return sa_type(dtype.storage(), dialect)
    if isinstance(dtype, dt.List | dt.Struct | dt.Map):
        return sa.JSON() if sqlite else postgresql.JSONB()
    if isinstance(dtype, dt.Datetime):
        if dtype.tz is None:
            return sa.DateTime()
        return sa.Text() if sqlite else sa.DateTime(timezone=True)
    if isinstance(dtype, dt.Decimal):
        return sa.Text() if sqlite else sa.Numeric(dtype.precision, dtype.scale)
    if isinstance(dtype, dt.Duration):
        return sa.Float() if sqlite else sa.Interval()
    simple: dict[type[dt.DType], Any] = {
        dt.Int64: sa.BigInteger,
        dt.Float64: sa.Double,
        dt.Boolean: sa.Boolean,
        dt.String: sa.Text,
        dt.IPv4: sa.Text,
        dt.IPv6: sa.Text,
        dt.Binary: sa.LargeBinary,
        dt.Date: sa.Date,
        dt.Time: sa.Time,
        dt.UUID: lambda: sa.Uuid(as_uuid=False),
    }
    factory = simple.get(type(dtype))
    if factory is None:  # pragma: no cover - every dtype is mapped above
        msg = f"no SQL type for dtype {dtype!r}"
        raise TypeError(msg)
    return factory()


def sql_table(
    name: str,
    schema: FrameSchema,
    dialect: str,
    *,
    db_schema: str | None = None,
) -> sa.Table:
    """A quoted SQLAlchemy ``Table`` with DDL derived from ``schema``."""
    columns = [
        sa.Column(
            column.name,
            sa_type(column.dtype, dialect),
            nullable=column.nullable,
            quote=True,
        )
        for column in schema.columns()
    ]
    return sa.Table(name, sa.MetaData(), *columns, schema=db_schema, quote=True)


def table_of(table: Any) -> sa.Table:
    """The ``sqlalchemy.Table`` of a SQLModel/declarative class or a ``Table``."""
    if isinstance(table, sa.Table):
        return table
    inner = getattr(table, "__table__", None)
    if isinstance(inner, sa.Table):
        return inner
    msg = f"expected a SQLModel table class or sqlalchemy.Table; got {table!r}"
    raise TypeError(msg)


def _python_type(column: sa.Column[Any]) -> Any:
    try:
        return column.type.python_type
    except NotImplementedError:
        msg = f"column {column.name!r}: SQL type {column.type} has no Python type"
        raise TypeError(msg) from None


def sqlmodel_columns(table: Any) -> FrameSchema:
    """The pydantable schema of a SQLModel table class or SQLAlchemy ``Table``.

    For a SQLModel class the field annotations are used (exact: ``Decimal``
    constraints, ``Optional``, nested types); for a plain ``Table`` the columns'
    Python types and nullability.

    Example:
        >>> import sqlalchemy as sa
        >>> t = sa.Table("t", sa.MetaData(), sa.Column("id", sa.Integer, nullable=False),
        ...              sa.Column("name", sa.String))
        >>> schema = sqlmodel_columns(t)
        >>> [(c.name, c.dtype.name, c.nullable) for c in schema.columns()]
        [('id', 'Int64', False), ('name', 'String', True)]
    """
    sql = table_of(table)
    fields: Mapping[str, Any] = getattr(table, "model_fields", {})
    columns: list[Column] = []
    for column in sql.columns:
        field = fields.get(column.key)
        if field is not None:
            columns.append(column_from_annotation(column.name, field.annotation, field))
            continue
        python = _python_type(column)
        annotation = python | None if column.nullable else python
        columns.append(column_from_annotation(column.name, annotation))
    return FrameSchema(columns)


def _kind(dtype: dt.DType) -> str:
    if isinstance(dtype, dt.Enum | dt.Literal):
        return _kind(dtype.storage())
    return dtype.name


def check_compatible(
    schema: FrameSchema,
    table: Any,
    *,
    direction: str = "both",
    column_map: Mapping[str, str] | None = None,
    title: str = "model",
) -> None:
    """Raise :class:`SchemaMismatchError` listing every drift between the two.

    ``direction="read"``: every model column exists in the table, with the same
    dtype family, and a nullable SQL column maps to a nullable model column.
    ``"write"``: model columns exist in the table, a nullable model column does
    not target a ``NOT NULL`` column, and table columns the model lacks are
    nullable or have a default. ``"both"``: both.
    """
    if direction not in {"read", "write", "both"}:
        msg = f"direction must be 'read', 'write' or 'both'; got {direction!r}"
        raise ValueError(msg)
    sql = table_of(table)
    names = dict(column_map or {})
    theirs = sqlmodel_columns(table)
    problems: list[str] = []
    used: set[str] = set()
    for column in schema.columns():
        target = names.get(column.name, column.name)
        if target not in theirs:
            problems.append(f"column {column.name!r} is missing from the table")
            continue
        used.add(target)
        other = theirs[target]
        if _kind(column.dtype) != _kind(other.dtype):
            problems.append(
                f"column {column.name!r}: model dtype {column.dtype!r} vs table "
                f"{other.dtype!r} ({sql.columns[target].type})"
            )
        if direction in {"read", "both"} and other.nullable and not column.nullable:
            problems.append(
                f"column {column.name!r}: table column is nullable but the model's is not"
            )
        if direction in {"write", "both"} and column.nullable and not other.nullable:
            problems.append(
                f"column {column.name!r}: model column is nullable but the table's is NOT NULL"
            )
    if direction in {"write", "both"}:
        for sql_column in sql.columns:
            if sql_column.name in used or sql_column.nullable:
                continue
            if sql_column.default is None and sql_column.server_default is None:
                if sql_column.primary_key and sql_column.autoincrement is not False:
                    continue
                problems.append(
                    f"table column {sql_column.name!r} is NOT NULL without default "
                    "and missing from the model"
                )
    if problems:
        msg = f"{title} is not compatible with table {sql.name!r}: " + "; ".join(
            problems
        )
        raise SchemaMismatchError(msg)
