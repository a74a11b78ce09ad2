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

import concurrent.futures
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

import polars as pl

from pydantable import plan as p
from pydantable.engines.polars import polars_schema
from pydantable.execution import run_blocking
from pydantable.frame._core import require_concrete
from pydantable.io.sql.aio import (
    aread_validated,
    arun_write,
    is_async_bind,
    run_async_read,
)
from pydantable.io.sql.common import Params, one_of_params
from pydantable.io.sql.dicts import FETCH_BATCH_SIZE_ENV, aiter_batches, positive
from pydantable.io.sql.read import iter_validated, read_validated
from pydantable.io.sql.sqlmodel import (
    awrite_frame_sqlmodel,
    select_of,
    write_frame_sqlmodel,
)
from pydantable.io.sql.write import FrameWrite
from pydantable.validation.ingest import normalize_trusted_mode

if TYPE_CHECKING:
    from pydantable.frame import BaseFrame

__all__ = [
    "SqlTable",
    "afetch_sqlmodel",
    "aiter_sqlmodel",
    "aread_sql",
    "assert_compatible",
    "awrite_sql",
    "awrite_sqlmodel",
    "awrite_sqlmodel_data",
    "fetch_sqlmodel",
    "iter_sql",
    "iter_sqlmodel",
    "read_sql",
    "write_sql",
    "write_sqlmodel",
    "write_sqlmodel_data",
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
    require_concrete(cls, "read_sql")
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
    require_concrete(cls, "aread_sql")
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
    require_concrete(cls, "iter_sql")
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


def write_sql(
    frame: Any,
    table: str | Any,
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
    table: str | Any,
    bind: Any,
    *,
    if_exists: str = "fail",
    chunk_size: int = 10_000,
    db_schema: str | None = None,
) -> int:
    """:func:`write_sql`, awaited: real async I/O on an async bind."""
    write = FrameWrite(frame, table, if_exists, chunk_size, db_schema)
    return await arun_write(write, bind)


# -- SQLModel tables -----------------------------------------------------------------
def model_select(
    cls: Any,
    method: str,
    table: Any,
    *,
    where: Any,
    columns: Sequence[Any] | None,
    order_by: Any,
    limit: int | None,
    batch_size: int | None,
) -> tuple[Any, int]:
    """The checks of a typed SQLModel read (a concrete ``cls``, a positive
    ``batch_size``), its ``SELECT`` of the model's columns (or ``columns``), and
    the batch size to fetch with."""
    require_concrete(cls, method)
    size = positive("batch_size", batch_size, FETCH_BATCH_SIZE_ENV)
    chosen = list(columns) if columns else list(cls.__pydantable_schema__)
    stmt = select_of(table, where=where, columns=chosen, order_by=order_by, limit=limit)
    return stmt, size


def fetch_sqlmodel(
    cls: type[FrameT],
    table: Any,
    bind: Any,
    *,
    where: Any = None,
    parameters: Mapping[str, Any] | None = None,
    columns: Sequence[Any] | None = None,
    order_by: Any = None,
    limit: int | None = None,
    batch_size: int | None = None,
    params: Mapping[str, Any] | None = None,
    **ingest: Any,
) -> FrameT:
    """The model's columns read from a SQLModel table now, validated as ``cls``."""
    stmt, _ = model_select(  # the whole result at once: the size is checked only
        cls,
        "fetch_sqlmodel",
        table,
        where=where,
        columns=columns,
        order_by=order_by,
        limit=limit,
        batch_size=batch_size,
    )
    frame_cls: Any = cls
    frame = read_validated(
        frame_cls, stmt, bind, params=one_of_params(params, parameters), **ingest
    )
    return cast("FrameT", frame)


def iter_sqlmodel(
    cls: type[FrameT],
    table: Any,
    bind: Any,
    *,
    where: Any = None,
    parameters: Mapping[str, Any] | None = None,
    columns: Sequence[Any] | None = None,
    order_by: Any = None,
    limit: int | None = None,
    batch_size: int | None = None,
    params: Mapping[str, Any] | None = None,
    trusted_mode: str | None = None,
    **ingest: Any,
) -> Iterator[FrameT]:
    """Validated frames of ``cls`` of at most ``batch_size`` rows of a SQLModel table."""
    stmt, size = model_select(
        cls,
        "iter_sqlmodel",
        table,
        where=where,
        columns=columns,
        order_by=order_by,
        limit=limit,
        batch_size=batch_size,
    )
    frame_cls: Any = cls
    frames = iter_validated(
        frame_cls,
        stmt,
        bind,
        params=one_of_params(params, parameters),
        batch_size=size,
        trusted_mode=trusted_mode,
        **ingest,
    )
    yield from cast("Iterator[FrameT]", frames)


async def afetch_sqlmodel(
    cls: type[FrameT],
    table: Any,
    bind: Any,
    *,
    where: Any = None,
    parameters: Mapping[str, Any] | None = None,
    columns: Sequence[Any] | None = None,
    order_by: Any = None,
    limit: int | None = None,
    batch_size: int | None = None,
    executor: concurrent.futures.Executor | None = None,
    params: Mapping[str, Any] | None = None,
    **ingest: Any,
) -> FrameT:
    """:func:`fetch_sqlmodel`, awaited (async I/O on an async bind)."""
    stmt, _ = model_select(  # the whole result at once: the size is checked only
        cls,
        "afetch_sqlmodel",
        table,
        where=where,
        columns=columns,
        order_by=order_by,
        limit=limit,
        batch_size=batch_size,
    )
    frame_cls: Any = cls
    frame = await aread_validated(
        frame_cls,
        stmt,
        bind,
        params=one_of_params(params, parameters),
        executor=executor,
        **ingest,
    )
    return cast("FrameT", frame)


async def aiter_sqlmodel(
    cls: type[FrameT],
    table: Any,
    bind: Any,
    *,
    where: Any = None,
    parameters: Mapping[str, Any] | None = None,
    columns: Sequence[Any] | None = None,
    order_by: Any = None,
    limit: int | None = None,
    batch_size: int | None = None,
    executor: concurrent.futures.Executor | None = None,
    params: Mapping[str, Any] | None = None,
    trusted_mode: str | None = None,
    **ingest: Any,
) -> AsyncIterator[FrameT]:
    """Validated frames of ``cls`` from a SQLModel table, streamed."""
    stmt, size = model_select(
        cls,
        "aiter_sqlmodel",
        table,
        where=where,
        columns=columns,
        order_by=order_by,
        limit=limit,
        batch_size=batch_size,
    )
    frame_cls: Any = cls
    batches = aiter_batches(
        stmt, bind, one_of_params(params, parameters), size, executor
    )
    async for batch in batches:
        yield cast("FrameT", frame_cls(batch, trusted_mode=trusted_mode, **ingest))


def assert_compatible(
    cls: type[Any],
    table: Any,
    *,
    direction: str = "read",
    column_map: Mapping[str, str] | None = None,
    read_keys: Sequence[str] | None = None,
) -> None:
    """Raise ``SchemaMismatchError`` when ``cls`` and ``table`` do not fit."""
    require_concrete(cls, "assert_sqlmodel_compatible")
    # deliberate lazy import: sql.types imports SQLAlchemy (the optional "sql" extra)
    from pydantable.io.sql.types import check_compatible

    check_compatible(
        cls.__pydantable_schema__,
        table,
        direction=direction,
        column_map=column_map,
        read_keys=read_keys,
        title=cls.__name__,
    )


def write_sqlmodel(frame: Any, table: Any, bind: Any, **options: Any) -> int:
    """Insert ``frame`` into a SQLModel table; the rows written."""
    return write_frame_sqlmodel(frame, table, bind, **options)


async def awrite_sqlmodel(frame: Any, table: Any, bind: Any, **options: Any) -> int:
    """:func:`write_sqlmodel`, awaited; the rows written."""
    return await awrite_frame_sqlmodel(frame, table, bind, **options)


def write_sqlmodel_data(
    cls: Any, data: Any, table: Any, bind: Any, **options: Any
) -> int:
    """``data`` validated as ``cls``, then inserted into a SQLModel table."""
    require_concrete(cls, "write_sqlmodel_data")
    return write_frame_sqlmodel(cls(data), table, bind, **options)


async def awrite_sqlmodel_data(
    cls: Any,
    data: Any,
    table: Any,
    bind: Any,
    *,
    executor: concurrent.futures.Executor | None = None,
    **options: Any,
) -> int:
    """:func:`write_sqlmodel_data`, awaited (validation in ``executor``)."""
    require_concrete(cls, "awrite_sqlmodel_data")
    frame = await run_blocking(cls, data, executor=executor)
    return await awrite_frame_sqlmodel(frame, table, bind, executor=executor, **options)
