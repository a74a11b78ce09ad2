"""SQLModel tables in and out: the original's functions, and what frame methods run.

The functions take a SQLModel class declared with ``table=True`` (or a
SQLAlchemy ``Table``), as in pydantable 1.19:

* :func:`fetch_sqlmodel` / :func:`iter_sqlmodel` and their async twins return
  **column dicts** of the driver's values (a :class:`StreamingColumns` past
  ``auto_stream_threshold_rows``); ``Model.fetch_sqlmodel(...)`` gives a
  validated, typed frame instead;
* :func:`write_sqlmodel` / :func:`write_sqlmodel_batches` insert column dicts
  (or frames) whose keys equal the table's columns, validated against the
  table's types in one vectorized pass (``validate_rows=True`` also runs the
  SQLModel class on every row); ``None`` in a column the database fills itself
  (an auto-increment primary key, a default) leaves it to the database.
  ``if_exists="replace"`` drops and recreates the table from the class's own
  DDL and needs ``replace_ok=True``; appending needs an existing table.

The frame schema of a table (:func:`~pydantable.io.sql.types.sqlmodel_schema`)
follows the database: a SQLModel ``datetime`` field is stored by SQLModel in a
timezone-aware column, so it reads and writes as ``Datetime("UTC")`` (give
aware values), and a primary key declared ``int | None`` reads as ``int``.

Example:
    >>> import os, tempfile
    >>> from sqlmodel import Field, SQLModel
    >>> class DocHero(SQLModel, table=True):
    ...     __tablename__ = "doc_heroes"
    ...     id: int = Field(primary_key=True)
    ...     name: str
    >>> url = "sqlite:///" + os.path.join(tempfile.mkdtemp(), "heroes.db")
    >>> data = {"id": [1, 2], "name": ["a", "b"]}
    >>> write_sqlmodel(data, DocHero, url, if_exists="replace", replace_ok=True)
    >>> fetch_sqlmodel(DocHero, url, columns=[DocHero.id], where=DocHero.name == "b")
    {'id': [2]}
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import (
    AsyncIterator,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from typing import TYPE_CHECKING, Any

import polars as pl

from pydantable.execution import run_blocking
from pydantable.frame._core import is_frame
from pydantable.io.sql.aio import atransaction, is_async_bind
from pydantable.io.sql.common import (
    one_of_params,
    sa_module,
    sqlmodel_frame,
    sqlmodel_query,
)
from pydantable.io.sql.dicts import (
    FETCH_BATCH_SIZE_ENV,
    WRITE_CHUNK_SIZE_ENV,
    Columns,
    StreamingColumns,
    aiter_batches,
    as_columns,
    check_append_or_replace,
    check_bind,
    check_lengths,
    column_result,
    iter_batches,
    positive,
    stream_threshold,
)
from pydantable.io.sql.write import rows_of, transaction
from pydantable.schema import FrameSchema

if TYPE_CHECKING:
    from pydantable.frame import BaseFrame

__all__ = [
    "SqlModelWrite",
    "afetch_sqlmodel",
    "aiter_sqlmodel",
    "awrite_sqlmodel",
    "awrite_sqlmodel_batches",
    "fetch_sqlmodel",
    "iter_sqlmodel",
    "sqlmodel_columns",
    "write_sqlmodel",
    "write_sqlmodel_batches",
]


def _types() -> Any:
    # lazy: sql.types imports SQLAlchemy (the optional "sql" extra)
    from pydantable.io.sql import types

    return types


def sqlmodel_columns(model: Any) -> list[str]:
    """The column keys of a SQLModel table class, in table order.

    Example:
        >>> from sqlmodel import Field, SQLModel
        >>> class DocPet(SQLModel, table=True):
        ...     __tablename__ = "doc_pets"
        ...     id: int = Field(primary_key=True)
        ...     kind: str
        >>> sqlmodel_columns(DocPet)
        ['id', 'kind']
    """
    result: list[str] = _types().sqlmodel_columns(model)
    return result


# -- reads ------------------------------------------------------------------------
def select_of(
    model: Any,
    *,
    where: Any,
    columns: Sequence[Any] | None,
    order_by: Any,
    limit: int | None,
) -> Any:
    """The ``SELECT`` of a SQLModel read (a ``TypeError`` for a non-table class)."""
    _types().table_of(model)
    if limit is not None and (isinstance(limit, bool) or limit < 0):
        msg = f"limit must be a non-negative integer; got {limit!r}"
        raise ValueError(msg)
    return sqlmodel_query(
        model, where=where, columns=columns, order_by=order_by, limit=limit
    )


def iter_sqlmodel(
    model: Any,
    bind: Any,
    *,
    where: Any = None,
    parameters: Mapping[str, Any] | None = None,
    columns: Sequence[Any] | None = None,
    order_by: Any = None,
    limit: int | None = None,
    batch_size: int | None = None,
    params: Mapping[str, Any] | None = None,
) -> Iterator[Columns]:
    """Rows of a SQLModel table as column dicts of at most ``batch_size`` rows.

    ``where`` is a SQLAlchemy clause (its ``bindparam`` values in
    ``parameters``) or ``{column: value}``; ``columns``/``order_by`` take
    column attributes (``Hero.name``, ``Hero.id.desc()``) or names.
    ``batch_size`` defaults to ``PYDANTABLE_SQL_FETCH_BATCH_SIZE``.
    """
    stmt = select_of(
        model, where=where, columns=columns, order_by=order_by, limit=limit
    )
    size = positive("batch_size", batch_size, FETCH_BATCH_SIZE_ENV)
    return iter_batches(stmt, bind, one_of_params(params, parameters), size)


def fetch_sqlmodel(
    model: Any,
    bind: Any,
    *,
    where: Any = None,
    parameters: Mapping[str, Any] | None = None,
    columns: Sequence[Any] | None = None,
    order_by: Any = None,
    limit: int | None = None,
    batch_size: int | None = None,
    auto_stream: bool = True,
    auto_stream_threshold_rows: int | None = None,
    params: Mapping[str, Any] | None = None,
) -> Columns | StreamingColumns:
    """Rows of a SQLModel table as one column dict (``{}`` when there are none).

    More than ``auto_stream_threshold_rows`` rows (default
    ``PYDANTABLE_SQL_AUTO_STREAM_THRESHOLD_ROWS``) come back as a
    :class:`StreamingColumns` when ``auto_stream`` is true. Arguments as in
    :func:`iter_sqlmodel`; for a validated frame use ``Model.fetch_sqlmodel``.
    """
    threshold = stream_threshold(auto_stream_threshold_rows)
    batches = list(
        iter_sqlmodel(
            model,
            bind,
            where=where,
            parameters=parameters,
            columns=columns,
            order_by=order_by,
            limit=limit,
            batch_size=batch_size,
            params=params,
        )
    )
    return column_result(batches, auto_stream, threshold)


def aiter_sqlmodel(
    model: Any,
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
) -> AsyncIterator[Columns]:
    """:func:`iter_sqlmodel` as an async iterator (async I/O on an async bind)."""
    stmt = select_of(
        model, where=where, columns=columns, order_by=order_by, limit=limit
    )
    size = positive("batch_size", batch_size, FETCH_BATCH_SIZE_ENV)
    return aiter_batches(stmt, bind, one_of_params(params, parameters), size, executor)


async def afetch_sqlmodel(
    model: Any,
    bind: Any,
    *,
    where: Any = None,
    parameters: Mapping[str, Any] | None = None,
    columns: Sequence[Any] | None = None,
    order_by: Any = None,
    limit: int | None = None,
    batch_size: int | None = None,
    auto_stream: bool = True,
    auto_stream_threshold_rows: int | None = None,
    executor: concurrent.futures.Executor | None = None,
    params: Mapping[str, Any] | None = None,
) -> Columns | StreamingColumns:
    """:func:`fetch_sqlmodel`, awaited (async I/O on an async bind)."""
    threshold = stream_threshold(auto_stream_threshold_rows)
    iterator = aiter_sqlmodel(
        model,
        bind,
        where=where,
        parameters=parameters,
        columns=columns,
        order_by=order_by,
        limit=limit,
        batch_size=batch_size,
        executor=executor,
        params=params,
    )
    batches = [batch async for batch in iterator]
    return column_result(batches, auto_stream, threshold)


# -- writes -----------------------------------------------------------------------
class SqlModelWrite:
    """One insert into a SQLModel table: the checks, then :meth:`run` on a connection.

    ``frames`` are typed frames (or data a frame class validates); each is
    checked to have exactly the table's column keys, validated as the table's
    write schema, and inserted ``chunk_size`` rows per ``executemany``.
    """

    def __init__(
        self,
        model: Any,
        *,
        schema: str | None,
        if_exists: str,
        chunk_size: int | None,
        validate_rows: bool,
        replace_ok: bool,
    ) -> None:
        types = _types()
        self.table = types.table_of(model)
        self.model = model
        self.chunk_size = positive("chunk_size", chunk_size, WRITE_CHUNK_SIZE_ENV)
        check_append_or_replace(if_exists)
        if if_exists == "replace" and not replace_ok:
            msg = (
                f"if_exists='replace' is destructive: it drops table "
                f"{self.table.name!r} and recreates it from the SQLModel class; "
                "pass replace_ok=True to confirm"
            )
            raise ValueError(msg)
        if schema is not None and schema != self.table.schema:
            msg = (
                f"schema {schema!r} does not match the SQLModel table's schema "
                f"{self.table.schema!r}; declare it on the class "
                "(__table_args__ = {'schema': ...})"
            )
            raise ValueError(msg)
        self.if_exists = if_exists
        self.validate_rows = validate_rows
        self.frame_class = sqlmodel_frame(model, None, for_write=True)
        self.keys = [column.key for column in self.table.columns]
        self.filled = [c.key for c in self.table.columns if types.fills_itself(c)]

    def frame(self, data: Any) -> BaseFrame:
        """``data`` checked against the table's keys and validated."""
        given = list(data.columns) if is_frame(data) else list(as_columns(data))
        missing = [key for key in self.keys if key not in given]
        extra = [key for key in given if key not in self.keys]
        if missing or extra:
            msg = (
                "data keys must match SQLModel table columns exactly. "
                f"missing columns: {missing}; extra columns: {extra}"
            )
            raise ValueError(msg)
        if is_frame(data):
            frame: BaseFrame = data.select(self.keys)
            columns: Columns | None = None
        else:
            columns = as_columns(data)
            check_lengths(columns)
            frame = self.frame_class({key: columns[key] for key in self.keys})
        if self.validate_rows:
            self._validate_rows(frame if columns is None else columns)
        return frame

    def _validate_rows(self, data: Any) -> None:
        rows = data.to_dicts() if is_frame(data) else _rows(data)
        for index, row in enumerate(rows):
            try:
                self.model.model_validate(row)
            except Exception as exc:  # pydantic.ValidationError, validator errors
                msg = f"row {index} failed validation: {exc}"
                raise ValueError(msg) from exc

    def run(self, conn: Any, frames: Iterable[BaseFrame]) -> int:
        """Prepare the table and insert every frame (inside the caller's transaction)."""
        sa = sa_module()
        exists = sa.inspect(conn).has_table(self.table.name, schema=self.table.schema)
        if self.if_exists == "replace":
            if exists:
                self.table.drop(conn)
            self.table.create(conn)
        elif not exists:
            msg = (
                f"table {self.table.name!r} does not exist (if_exists='append'); "
                "create it (SQLModel.metadata.create_all(engine)) or pass "
                "if_exists='replace', replace_ok=True"
            )
            raise ValueError(msg)
        written = 0
        schema: FrameSchema = self.frame_class.__pydantable_schema__
        for frame in frames:
            for batch in frame.iter_batches(self.chunk_size):
                written += self._insert(conn, batch, schema)
        return written

    def _insert(self, conn: Any, batch: pl.DataFrame, schema: FrameSchema) -> int:
        if not batch.height:
            return 0
        parts = [batch]
        if self.filled:
            # rows leaving a database-filled column to the database: None omitted
            null_any = pl.any_horizontal([pl.col(k).is_null() for k in self.filled])
            parts = [batch.filter(~null_any)]
            parts.extend(_by_null_pattern(batch.filter(null_any), self.filled))
        for part in parts:
            if part.height:
                columns = FrameSchema([schema[name] for name in part.columns])
                conn.execute(self.table.insert(), rows_of(part, columns, ""))
        return batch.height


def _by_null_pattern(frame: pl.DataFrame, columns: list[str]) -> Iterator[pl.DataFrame]:
    """``frame`` split by which of ``columns`` are null; those columns dropped."""
    if not frame.height:
        return
    pattern = frame.select(
        pl.concat_str(
            [pl.col(c).is_null().cast(pl.Int8).cast(pl.String) for c in columns]
        ).alias("pattern")
    ).to_series()
    for key in pattern.unique(maintain_order=True).to_list():
        group = frame.filter(pattern == key)
        dropped = [c for c, flag in zip(columns, key, strict=True) if flag == "1"]
        yield group.drop(dropped)


def _rows(columns: Columns) -> list[dict[str, Any]]:
    keys = list(columns)
    return [
        dict(zip(keys, row, strict=True)) for row in zip(*columns.values(), strict=True)
    ]


def _run_sync(write: SqlModelWrite, frames: list[BaseFrame], bind: Any) -> int:
    check_bind(bind)
    with transaction(bind) as conn:
        return write.run(conn, frames)


def write_sqlmodel(
    data: Any,
    model: Any,
    bind: Any,
    *,
    schema: str | None = None,
    if_exists: str = "append",
    chunk_size: int | None = None,
    validate_rows: bool = False,
    replace_ok: bool = False,
) -> None:
    """Insert ``data`` (a column dict or a frame) into a SQLModel table, in one transaction.

    The keys must equal the table's columns; values are validated against the
    table's types (a ``pydantic.ValidationError`` locating bad cells), and with
    ``validate_rows=True`` every row also goes through the SQLModel class
    (``ValueError`` "row <i> failed validation ..."). ``chunk_size`` defaults to
    ``PYDANTABLE_SQL_WRITE_CHUNK_SIZE``.
    """
    write_sqlmodel_batches(
        [data],
        model,
        bind,
        schema=schema,
        if_exists=if_exists,
        chunk_size=chunk_size,
        validate_rows=validate_rows,
        replace_ok=replace_ok,
    )


def write_sqlmodel_batches(
    batches: Iterable[Any],
    model: Any,
    bind: Any,
    *,
    schema: str | None = None,
    if_exists: str = "append",
    chunk_size: int | None = None,
    validate_rows: bool = False,
    replace_ok: bool = False,
) -> None:
    """:func:`write_sqlmodel` for dicts, frames or ``StreamingColumns``, in one
    transaction: the first batch uses ``if_exists``, the rest append."""
    write = SqlModelWrite(
        model,
        schema=schema,
        if_exists=if_exists,
        chunk_size=chunk_size,
        validate_rows=validate_rows,
        replace_ok=replace_ok,
    )
    frames = [write.frame(batch) for batch in batches]
    _run_sync(write, frames, bind)


async def _arun(
    write: SqlModelWrite,
    frames: list[BaseFrame],
    bind: Any,
    executor: concurrent.futures.Executor | None,
) -> int:
    if not is_async_bind(bind):
        return await run_blocking(_run_sync, write, frames, bind, executor=executor)
    async with atransaction(bind) as conn:
        written: int = await conn.run_sync(write.run, frames)
    return written


async def awrite_sqlmodel(
    data: Any,
    model: Any,
    bind: Any,
    *,
    schema: str | None = None,
    if_exists: str = "append",
    chunk_size: int | None = None,
    validate_rows: bool = False,
    replace_ok: bool = False,
    executor: concurrent.futures.Executor | None = None,
) -> None:
    """:func:`write_sqlmodel`, awaited (async I/O on an async bind)."""
    await awrite_sqlmodel_batches(
        [data],
        model,
        bind,
        schema=schema,
        if_exists=if_exists,
        chunk_size=chunk_size,
        validate_rows=validate_rows,
        replace_ok=replace_ok,
        executor=executor,
    )


async def awrite_sqlmodel_batches(
    batches: Iterable[Any],
    model: Any,
    bind: Any,
    *,
    schema: str | None = None,
    if_exists: str = "append",
    chunk_size: int | None = None,
    validate_rows: bool = False,
    replace_ok: bool = False,
    executor: concurrent.futures.Executor | None = None,
) -> None:
    """:func:`write_sqlmodel_batches`, awaited (async I/O on an async bind)."""
    write = SqlModelWrite(
        model,
        schema=schema,
        if_exists=if_exists,
        chunk_size=chunk_size,
        validate_rows=validate_rows,
        replace_ok=replace_ok,
    )
    frames = [write.frame(batch) for batch in batches]
    await _arun(write, frames, bind, executor)


def write_frame_sqlmodel(
    frame: BaseFrame,
    model: Any,
    bind: Any,
    **options: Any,
) -> int:
    """A typed frame into a SQLModel table (the frame method); the rows written."""
    write = SqlModelWrite(model, **options)
    return _run_sync(write, [write.frame(frame)], bind)


async def awrite_frame_sqlmodel(
    frame: BaseFrame,
    model: Any,
    bind: Any,
    *,
    executor: concurrent.futures.Executor | None = None,
    **options: Any,
) -> int:
    """:func:`write_frame_sqlmodel`, awaited; the rows written."""
    write = SqlModelWrite(model, **options)
    return await _arun(write, [write.frame(frame)], bind, executor)
