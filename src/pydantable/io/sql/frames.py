"""SQL reads and writes of frame classes: the lazy source and the frame methods' code.

:class:`SqlTable` is the plan source of ``Model.read_sql`` (the query runs at
materialization); the functions below are what ``read_sql``, ``aread_sql``,
``iter_sql``, ``fetch_sqlmodel``, ``assert_sqlmodel_compatible``, ``write_sql``,
``awrite_sql`` and ``write_sqlmodel`` on frames call
(:mod:`pydantable.frame.io`).

Example:
    >>> import os, tempfile
    >>> from pydantable import DataFrameModel
    >>> from pydantable.io.sql.frames import read_sql, write_sql
    >>> class T(DataFrameModel):
    ...     id: int
    >>> url = "sqlite:///" + os.path.join(tempfile.mkdtemp(), "t.db")
    >>> write_sql(T({"id": [1, 2]}), "t", url)
    2
    >>> read_sql(T, "SELECT id FROM t WHERE id > :n", url, params={"n": 1}).to_dict()
    {'id': [2]}
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

import polars as pl

from pydantable import plan as p
from pydantable.engines.polars import polars_schema
from pydantable.io.sql.aio import (
    aread_validated,
    arun_write,
    is_async_bind,
    run_async_read,
)
from pydantable.io.sql.common import Params, sqlmodel_query
from pydantable.io.sql.read import iter_validated, read_validated
from pydantable.io.sql.write import FrameWrite
from pydantable.io.sql.write import write_sqlmodel as write_sqlmodel_table
from pydantable.validation.ingest import normalize_trusted_mode

if TYPE_CHECKING:
    from pydantable.frame import BaseFrame

__all__ = [
    "SqlTable",
    "aread_sql",
    "assert_compatible",
    "awrite_sql",
    "fetch_sqlmodel",
    "iter_sql",
    "read_sql",
    "write_sql",
    "write_sqlmodel",
]

FrameT = TypeVar("FrameT")


class SqlTable:
    """A SQL query as a plan source: fetched and validated at materialization."""

    def __init__(
        self,
        cls: type[BaseFrame],
        query: Any,
        bind: Any,
        *,
        params: Params,
        trusted_mode: str | None,
    ) -> None:
        self.cls = cls
        self.query = query
        self.bind = bind
        self.params = params
        self.trusted_mode = normalize_trusted_mode(trusted_mode)

    def __repr__(self) -> str:
        return f"SqlTable({str(self.query)[:60]!r}, trusted_mode={self.trusted_mode!r})"

    def fetch(self) -> pl.DataFrame:
        """Run the query now; the validated result as a Polars DataFrame."""
        read: Callable[..., BaseFrame] = (
            run_async_read if is_async_bind(self.bind) else read_validated
        )
        frame = read(
            self.cls,
            self.query,
            self.bind,
            params=self.params,
            trusted_mode=self.trusted_mode,
        )
        return frame.to_polars()

    def to_lazy(self) -> pl.LazyFrame:
        return pl.defer(
            self.fetch, schema=polars_schema(self.cls.__pydantable_schema__)
        )


def read_sql(
    cls: type[FrameT],
    query: Any,
    bind: Any,
    *,
    params: Params = None,
    trusted_mode: str | None = None,
) -> FrameT:
    """A lazy frame of ``cls`` whose source is ``query`` (runs at materialization)."""
    frame_cls: Any = cls
    table = SqlTable(frame_cls, query, bind, params=params, trusted_mode=trusted_mode)
    return cast(
        "FrameT", frame_cls._from_plan(p.Source(frame_cls.__pydantable_schema__, table))
    )


async def aread_sql(
    cls: type[FrameT],
    query: Any,
    bind: Any,
    *,
    params: Params = None,
    trusted_mode: str | None = None,
) -> FrameT:
    """``query`` fetched now, awaited, and validated as ``cls``."""
    frame_cls: Any = cls
    frame = await aread_validated(
        frame_cls, query, bind, params=params, trusted_mode=trusted_mode
    )
    return cast("FrameT", frame)


def iter_sql(
    cls: type[FrameT],
    query: Any,
    bind: Any,
    *,
    params: Params = None,
    batch_size: int = 65536,
    trusted_mode: str | None = None,
) -> Iterator[FrameT]:
    """Validated frames of ``cls`` of at most ``batch_size`` rows of ``query``."""
    frame_cls: Any = cls
    frames = iter_validated(
        frame_cls,
        query,
        bind,
        params=params,
        batch_size=batch_size,
        trusted_mode=trusted_mode,
    )
    yield from cast("Iterator[FrameT]", frames)


def fetch_sqlmodel(
    cls: type[FrameT],
    table: Any,
    bind: Any,
    *,
    where: Any = None,
    params: Mapping[str, Any] | None = None,
    order_by: Any = None,
    limit: int | None = None,
    trusted_mode: str | None = None,
) -> FrameT:
    """A lazy frame of ``cls``'s columns read from a SQLModel table."""
    frame_cls: Any = cls
    columns = list(frame_cls.__pydantable_schema__)
    stmt = sqlmodel_query(
        table, where=where, columns=columns, order_by=order_by, limit=limit
    )
    return cast(
        "FrameT",
        frame_cls.read_sql(stmt, bind, params=params, trusted_mode=trusted_mode),
    )


def assert_compatible(
    cls: type[Any],
    table: Any,
    *,
    direction: str = "both",
    column_map: Mapping[str, str] | None = None,
) -> None:
    """Raise ``SchemaMismatchError`` listing every drift between ``cls`` and ``table``."""
    # deliberate lazy import: sql.types imports SQLAlchemy (the optional "sql" extra)
    from pydantable.io.sql.types import check_compatible

    check_compatible(
        cls.__pydantable_schema__,
        table,
        direction=direction,
        column_map=column_map,
        title=cls.__name__,
    )


def write_sql(
    frame: Any,
    table: str,
    bind: Any,
    *,
    if_exists: str = "fail",
    chunk_size: int = 10_000,
    db_schema: str | None = None,
) -> int:
    """Write ``frame`` to ``table`` in one transaction; the rows written."""
    return FrameWrite(frame, table, if_exists, chunk_size, db_schema).run(bind)


async def awrite_sql(
    frame: Any,
    table: str,
    bind: Any,
    *,
    if_exists: str = "fail",
    chunk_size: int = 10_000,
    db_schema: str | None = None,
) -> int:
    """:func:`write_sql`, awaited: real async I/O on an async bind."""
    write = FrameWrite(frame, table, if_exists, chunk_size, db_schema)
    return await arun_write(write, bind)


def write_sqlmodel(
    frame: Any,
    table: Any,
    bind: Any,
    *,
    if_exists: str = "append",
    chunk_size: int = 10_000,
) -> int:
    """Insert ``frame`` into a SQLModel table (validated against its columns)."""
    return write_sqlmodel_table(
        frame, table, bind, if_exists=if_exists, chunk_size=chunk_size
    )
