"""A model's schema as a SQLAlchemy Core ``Table`` the database enforces.

The column types are those ``write_sql`` creates (:func:`pydantable.io.sql.types.sa_type`,
one mapping for both): each column carries the SQLite and PostgreSQL types as
variants of SQLAlchemy's generic type, so one ``Table`` creates the same DDL as
``write_sql`` on either, and a portable one elsewhere. On top of the types, the
rules the model enforces become constraints:

=====================================  ===========================================
model                                  table
=====================================  ===========================================
``T`` / ``T | None``                   ``NOT NULL`` / nullable
``Literal[...]``, ``Enum``             ``CHECK (col IN (...))``
``Field(ge=, gt=, le=, lt=)``          ``CHECK (col >= ...)`` ... (int, float,
                                       Decimal columns)
``Field(multiple_of=n)`` (int)         ``CHECK (col % n = 0)``
``Field(min_length=n)`` (str, bytes)   ``CHECK (char_length(col) >= n)``
                                       (``length`` on SQLite, and for bytes)
``Field(max_length=n)`` (str)          ``VARCHAR(n)`` and ``CHECK (char_length(col) <= n)``
                                       (SQLite ignores ``VARCHAR`` lengths)
=====================================  ===========================================

A violated constraint raises ``IntegrityError``; PostgreSQL reports a string
longer than its ``VARCHAR(n)`` as a ``DataError`` ("value too long"), before the
CHECK runs. Not expressed: ``pattern`` (no portable regex), custom validators, bounds on
dates and times, nested (JSON) contents. A ``NaN`` float passes a bound
``CHECK`` in PostgreSQL (``NaN`` sorts above every number there); SQLite stores
``NaN`` as ``NULL``. PostgreSQL text cannot hold ``"\\x00"``, and no driver can send a
string with a lone surrogate (``"\\ud800"``), both of which the model accepts.
"""

from __future__ import annotations

import datetime as _dt
import decimal as _decimal
import hashlib
import re
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from pydantable import dtypes as dt
from pydantable.io.sql.types import sa_type
from pydantable.schema import Column, FrameSchema

__all__ = ["char_length", "model_table", "portable_type", "table_name_of"]

#: ``Table.info`` key marking a table built here (its storage is ``write_sql``'s).
INFO_KEY = "pydantable"


class char_length(FunctionElement[int]):  # noqa: N801 - a SQL function name
    """``char_length(expr)``: the length in characters (``length`` on SQLite).

    Example:
        >>> from sqlalchemy.dialects import sqlite
        >>> str(char_length(sa.column("name")).compile(dialect=sqlite.dialect()))
        'length(name)'
        >>> str(char_length(sa.column("name")))
        'char_length(name)'
    """

    type = sa.Integer()
    inherit_cache = True
    name = "char_length"


@compiles(char_length)
def _char_length(element: char_length, compiler: Any, **kw: Any) -> str:
    return f"char_length({compiler.process(element.clauses, **kw)})"


@compiles(char_length, "sqlite")
def _char_length_sqlite(element: char_length, compiler: Any, **kw: Any) -> str:
    return f"length({compiler.process(element.clauses, **kw)})"


class _SQLiteStored(sa.types.TypeDecorator[Any]):
    """A SQLite column holding a value the way ``write_sql`` stores it (the DDL
    is the plain type): bound Python values are converted, so inserts through
    SQLAlchemy Core work too; stored values read back as stored."""

    impl: Any = sa.Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> Any:
        if isinstance(value, _decimal.Decimal):
            return format(value, "f")
        if isinstance(value, _dt.datetime):
            return value.isoformat()
        if isinstance(value, _dt.timedelta):
            return value.total_seconds()
        return value


class _SQLiteSeconds(_SQLiteStored):
    """A duration stored as seconds (``FLOAT``) on SQLite."""

    impl = sa.Float
    cache_ok = True


def _sqlite_variant(dtype: dt.DType) -> Any:
    if isinstance(dtype, dt.Duration):
        return _SQLiteSeconds()
    if isinstance(dtype, dt.Decimal) or (
        isinstance(dtype, dt.Datetime) and dtype.tz is not None
    ):
        return _SQLiteStored()
    return sa_type(dtype, "sqlite")


def portable_type(column: Column) -> Any:
    """The column type: SQLAlchemy's generic type, with ``write_sql``'s SQLite
    and PostgreSQL types as variants; ``String(n)`` for a ``max_length`` string.

    Example:
        >>> from pydantable.schema import column_from_annotation
        >>> portable_type(column_from_annotation("x", int))
        BigInteger()
    """
    storage = column.dtype.storage()
    max_length = column.constraints.max_length
    if isinstance(storage, dt.String) and max_length is not None:
        return sa.String(max_length)
    base = sa_type(column.dtype, None)
    variants = {
        "sqlite": _sqlite_variant(column.dtype),
        "postgresql": sa_type(column.dtype, "postgresql"),
    }
    for dialect, variant in variants.items():
        if repr(variant) != repr(base):
            base = base.with_variant(variant, dialect)
    return base


def table_name_of(model_name: str) -> str:
    """The default table name of a model class: its name in snake case.

    Example:
        >>> table_name_of("UserEvents")
        'user_events'
    """
    return re.sub(
        r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", model_name
    ).lower()


def model_table(
    schema: FrameSchema,
    *,
    name: str,
    metadata: sa.MetaData | None = None,
    primary_key: str | Sequence[str] | None = None,
    db_schema: str | None = None,
) -> sa.Table:
    """A SQLAlchemy ``Table`` of ``schema`` with the model's rules as constraints.

    Raises:
        ValueError: a ``primary_key`` column is unknown or nullable, or
            ``metadata`` already holds a table of that name.

    Example:
        >>> from pydantable.schema import column_from_annotation
        >>> t = model_table(FrameSchema([column_from_annotation("id", int)]), name="t",
        ...                 primary_key="id")
        >>> [c.name for c in t.primary_key.columns]
        ['id']
    """
    keys = [primary_key] if isinstance(primary_key, str) else list(primary_key or [])
    for key in keys:
        if key not in schema:
            msg = f"primary_key {key!r} is not a column; columns: {schema.names}"
            raise ValueError(msg)
        if schema[key].nullable:
            msg = f"primary_key {key!r} is a nullable column: declare it non-nullable"
            raise ValueError(msg)
    metadata = sa.MetaData() if metadata is None else metadata
    full_name = name if db_schema is None else f"{db_schema}.{name}"
    if full_name in metadata.tables:
        msg = f"metadata already has a table {full_name!r}"
        raise ValueError(msg)
    columns = [
        sa.Column(
            c.name,
            portable_type(c),
            nullable=c.nullable,
            primary_key=c.name in keys,
            autoincrement=False,
            quote=True,
        )
        for c in schema.columns()
    ]
    table = sa.Table(
        name,
        metadata,
        *columns,
        schema=db_schema,
        quote=True,
        info={INFO_KEY: schema.fingerprint()},
    )
    for column in schema.columns():
        for kind, condition in _checks(column, table.c[column.name]):
            table.append_constraint(
                sa.CheckConstraint(condition, name=_check_name(name, column.name, kind))
            )
    return table


def _check_name(table: str, column: str, kind: str) -> str:
    name = f"ck_{table}_{column}_{kind}"
    if len(name) <= 60:
        return name
    digest = hashlib.sha1(name.encode()).hexdigest()[:8]
    return f"{name[:50]}_{digest}"


def _checks(column: Column, col: Any) -> list[tuple[str, Any]]:
    """``(kind, condition)`` of each CHECK constraint of ``column``."""
    found: list[tuple[str, Any]] = []
    dtype, c = column.dtype, column.constraints
    if isinstance(dtype, dt.Literal):
        found.append(("in", col.in_(list(dtype.values))))
    elif isinstance(dtype, dt.Enum):
        found.append(("in", col.in_(list(dtype.values()))))
    storage = dtype.storage()
    if isinstance(storage, (dt.Int64, dt.Float64, dt.Decimal)):
        # SQLite stores decimals as text: compare them as numbers
        value = sa.cast(col, sa.Numeric()) if isinstance(storage, dt.Decimal) else col
        for kind, bound, op in (
            ("ge", c.ge, value.__ge__),
            ("gt", c.gt, value.__gt__),
            ("le", c.le, value.__le__),
            ("lt", c.lt, value.__lt__),
        ):
            if bound is not None:
                found.append((kind, op(bound)))
        if (
            isinstance(storage, dt.Int64)
            and isinstance(c.multiple_of, int)
            and c.multiple_of > 0
        ):
            found.append(("multiple_of", col % c.multiple_of == 0))
    if isinstance(storage, dt.String):
        length: Any = char_length(col)
    elif isinstance(storage, dt.Binary):
        length = sa.func.length(col)
    else:
        return found
    if c.min_length is not None:
        found.append(("min_length", length >= c.min_length))
    if c.max_length is not None:
        found.append(("max_length", length <= c.max_length))
    return found
