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

import datetime as _dt
import types
import typing
from collections.abc import Mapping, Sequence
from typing import Any

import pydantic
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from pydantable import dtypes as dt
from pydantable.errors import SchemaMismatchError
from pydantable.schema import Column, FrameSchema, column_from_annotation

__all__ = [
    "check_compatible",
    "fills_itself",
    "sa_type",
    "sql_table",
    "sqlmodel_columns",
    "sqlmodel_schema",
    "table_of",
]


def sa_type(dtype: dt.DType, dialect: str | None) -> Any:
    """The SQLAlchemy column type storing ``dtype`` on ``dialect`` (the table
    above; ``None``: SQLAlchemy's generic type, for any other dialect, with
    PostgreSQL's choices and ``JSON`` for nested dtypes).

    Example:
        >>> sa_type(dt.Decimal(10, 2), "sqlite"), sa_type(dt.Decimal(10, 2), None)
        (Text(), Numeric(precision=10, scale=2))
    """
    sqlite = dialect == "sqlite"
    if isinstance(dtype, dt.Enum | dt.Literal):
        return sa_type(dtype.storage(), dialect)
    if isinstance(dtype, dt.List | dt.Struct | dt.Map):
        if dialect is None:
            return sa.JSON()
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
    name = getattr(table, "__name__", repr(table))
    msg = (
        f"{name} must be a SQLModel class declared with table=True (or a "
        f"sqlalchemy.Table); got {table!r}"
    )
    raise TypeError(msg)


def _python_type(column: sa.Column[Any]) -> Any:
    try:
        return column.type.python_type
    except NotImplementedError:
        msg = f"column {column.name!r}: SQL type {column.type} has no Python type"
        raise TypeError(msg) from None


def _without_none(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
        return typing.Union[tuple(args)]  # noqa: UP007 (built at run time)
    return annotation


def fills_itself(column: sa.Column[Any]) -> bool:
    """Whether the database fills ``column`` when an insert leaves it out
    (an auto-increment integer primary key, a default or a server default)."""
    if column.default is not None or column.server_default is not None:
        return True
    return bool(
        column.primary_key
        and column.autoincrement in (True, "auto")
        and isinstance(column.type, sa.Integer)
        and len(column.table.primary_key.columns) == 1
    )


def sqlmodel_schema(table: Any, *, for_write: bool = False) -> FrameSchema:
    """The pydantable schema of a SQLModel table class or SQLAlchemy ``Table``.

    For a SQLModel class the field annotations give the types (``Decimal``
    constraints, nested types), corrected by the table's column types where
    SQLModel stores something else: a column of a timezone-aware type (SQLModel
    maps a plain ``datetime`` field to one) is an aware ``Datetime("UTC")``.
    Nullability is the table's: a primary key is never null when read, so
    ``id: int | None = Field(default=None, primary_key=True)`` reads as
    ``int``. ``for_write=True`` gives the schema of rows to insert: a column the
    database fills itself (:func:`fills_itself`) may be null there (``None``
    means "let the database choose").

    Example:
        >>> t = sa.Table("t", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True),
        ...              sa.Column("at", sa.DateTime(timezone=True)))
        >>> [(c.name, repr(c.dtype), c.nullable) for c in sqlmodel_schema(t).columns()]
        [('id', 'Int64', False), ('at', "Datetime(tz='UTC')", True)]
        >>> sqlmodel_schema(t, for_write=True)["id"].nullable
        True
    """
    sql = table_of(table)
    fields: Mapping[str, Any] = getattr(table, "model_fields", {})
    columns: list[Column] = []
    for column in sql.columns:
        field = fields.get(column.key)
        base = _without_none(field.annotation) if field is not None else None
        if base is None:
            base = _python_type(column)
        if getattr(column.type, "timezone", False) and base is _dt.datetime:
            base = pydantic.AwareDatetime
        nullable = bool(column.nullable) or (for_write and fills_itself(column))
        annotation = base | None if nullable else base
        columns.append(column_from_annotation(column.name, annotation, field))
    return FrameSchema(columns)


def sqlmodel_columns(table: Any) -> list[str]:
    """The column keys of a SQLModel table class (or ``Table``), in table order.

    Example:
        >>> t = sa.Table("t", sa.MetaData(), sa.Column("id", sa.Integer), sa.Column("b", sa.Text))
        >>> sqlmodel_columns(t)
        ['id', 'b']
    """
    return [column.key for column in table_of(table).columns]


def _kind(dtype: dt.DType) -> str:
    if isinstance(dtype, dt.Enum | dt.Literal):
        return _kind(dtype.storage())
    return dtype.name


def check_compatible(
    schema: FrameSchema,
    table: Any,
    *,
    direction: str = "read",
    column_map: Mapping[str, str] | None = None,
    read_keys: Sequence[str] | None = None,
    title: str = "model",
) -> None:
    """Raise :class:`SchemaMismatchError` when ``schema`` and ``table`` do not fit.

    Names first, as the original checks them (``column_map`` maps a model field
    to a SQL column key): ``"read"`` needs every mapped name among ``read_keys``
    (default: the table's keys); ``"write"`` needs the mapped names to equal the
    table's keys exactly, without duplicates. Then, beyond the original, the
    dtypes: the same family per column; reading a nullable SQL column needs a
    nullable model column, and writing a nullable model column needs a column
    the database accepts nulls for (nullable, or filled by the database).
    ``"both"`` checks both directions.
    """
    if direction not in {"read", "write", "both"}:
        msg = f"direction must be 'read' or 'write' (or 'both'); got {direction!r}"
        raise ValueError(msg)
    sql = table_of(table)
    names = dict(column_map or {})
    unknown = [key for key in names if key not in schema]
    if unknown:
        msg = f"{title}: column_map keys are not DataFrameModel fields: {unknown}"
        raise SchemaMismatchError(msg)
    mapped = {name: names.get(name, name) for name in schema}
    table_keys = [column.key for column in sql.columns]
    directions = ("read", "write") if direction == "both" else (direction,)
    if "write" in directions:
        targets = list(mapped.values())
        duplicated = sorted({t for t in targets if targets.count(t) > 1})
        if duplicated:
            msg = f"{title}: duplicate SQL column key after column_map: {duplicated}"
            raise SchemaMismatchError(msg)
        missing = [key for key in table_keys if key not in targets]
        extra = [key for key in targets if key not in table_keys]
        if missing or extra:
            parts = []
            if missing:
                parts.append(
                    "missing SQL columns (no matching dataframe field after map): "
                    f"{missing}"
                )
            if extra:
                parts.append(f"extra keys vs SQL table: {extra}")
            msg = f"{title} cannot write table {sql.name!r}: " + "; ".join(parts)
            raise SchemaMismatchError(msg)
    if "read" in directions:
        keys = list(read_keys) if read_keys is not None else table_keys
        absent = [key for key in mapped.values() if key not in keys]
        if absent:
            msg = (
                f"{title} cannot read table {sql.name!r}: fields map to SQL columns "
                f"the read does not return: {absent} (read keys: {keys})"
            )
            raise SchemaMismatchError(msg)
    problems = _dtype_problems(schema, sql, table, mapped, directions)
    if problems:
        msg = f"{title} is not compatible with table {sql.name!r}: " + "; ".join(
            problems
        )
        raise SchemaMismatchError(msg)


def _dtype_problems(
    schema: FrameSchema,
    sql: sa.Table,
    table: Any,
    mapped: Mapping[str, str],
    directions: tuple[str, ...],
) -> list[str]:
    read_schema = sqlmodel_schema(table)
    write_schema = sqlmodel_schema(table, for_write=True)
    problems: list[str] = []
    for column in schema.columns():
        target = mapped[column.name]
        if target not in read_schema:
            continue  # a read of fewer columns (read_keys): names checked above
        other = read_schema[target]
        if _kind(column.dtype) != _kind(other.dtype) or (
            isinstance(column.dtype, dt.Datetime)
            and isinstance(other.dtype, dt.Datetime)
            and (column.dtype.tz is None) != (other.dtype.tz is None)
        ):
            problems.append(
                f"column {column.name!r}: model dtype {column.dtype!r} vs table "
                f"{other.dtype!r} ({sql.columns[target].type})"
            )
        if "read" in directions and other.nullable and not column.nullable:
            problems.append(
                f"column {column.name!r}: table column is nullable but the model's is not"
            )
        if (
            "write" in directions
            and column.nullable
            and not write_schema[target].nullable
        ):
            problems.append(
                f"column {column.name!r}: model column is nullable but the table's is NOT NULL"
            )
    return problems
