"""The original's string-SQL API, kept for code that uses it (deprecated).

``fetch_sql`` / ``iter_sql`` / ``write_sql`` / ``write_sql_batches`` and their
async twins take and return **column dicts** (``{column: [values]}``) of the
values the database driver returns, unvalidated, as pydantable 1.19 did. Each
call emits a ``DeprecationWarning`` naming its replacement: ``Model.read_sql``
/ ``*_sqlmodel`` for typed, validated data, ``*_sql_raw`` for string SQL.

A fetch larger than ``auto_stream_threshold_rows`` comes back as a
:class:`StreamingColumns`: a read-only mapping over the fetched batches that
concatenates a column only when it is first read. Defaults come from the
environment when the argument is ``None``:

========================================  =======  ==============================
variable                                   default  used by
========================================  =======  ==============================
``PYDANTABLE_SQL_FETCH_BATCH_SIZE``        65 536   rows per ``fetchmany``
``PYDANTABLE_SQL_WRITE_CHUNK_SIZE``        10 000   rows per ``executemany``
``PYDANTABLE_SQL_AUTO_STREAM_THRESHOLD_ROWS`` 200 000  ``fetch_sql`` auto-stream
========================================  =======  ==============================

Unlike the original, ``write_sql(..., if_exists="replace")`` never infers DDL
from the data: it empties the existing table and inserts, in one transaction
(a missing table is a ``ValueError``; ``write_sql_raw(..., model=...)`` creates
tables from a declared schema).

Example:
    >>> import os, tempfile, warnings
    >>> import sqlalchemy as sa
    >>> from pydantable.io import fetch_sql, write_sql
    >>> url = "sqlite:///" + os.path.join(tempfile.mkdtemp(), "legacy.db")
    >>> with sa.create_engine(url).begin() as conn:
    ...     _ = conn.exec_driver_sql("CREATE TABLE t (id INTEGER, name TEXT)")
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", DeprecationWarning)
    ...     write_sql({"id": [1, 2], "name": ["a", "b"]}, "t", url)
    ...     fetch_sql("SELECT id, name FROM t WHERE id > :n", url, parameters={"n": 1})
    {'id': [2], 'name': ['b']}
"""

from __future__ import annotations

import concurrent.futures
import itertools
import os
import warnings
from collections.abc import (
    AsyncIterator,
    Generator,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from typing import Any

from pydantable.execution import run_blocking
from pydantable.io.sql.aio import _aconnect, is_async_bind
from pydantable.io.sql.common import bind_params, columns_of, sa_module, statement
from pydantable.io.sql.read import connection
from pydantable.io.sql.write import transaction

__all__ = [
    "AUTO_STREAM_THRESHOLD_ENV",
    "FETCH_BATCH_SIZE_ENV",
    "WRITE_CHUNK_SIZE_ENV",
    "StreamingColumns",
    "afetch_sql",
    "aiter_sql",
    "awrite_sql",
    "awrite_sql_batches",
    "fetch_sql",
    "iter_sql",
    "write_sql",
    "write_sql_batches",
]

FETCH_BATCH_SIZE_ENV = "PYDANTABLE_SQL_FETCH_BATCH_SIZE"
WRITE_CHUNK_SIZE_ENV = "PYDANTABLE_SQL_WRITE_CHUNK_SIZE"
AUTO_STREAM_THRESHOLD_ENV = "PYDANTABLE_SQL_AUTO_STREAM_THRESHOLD_ROWS"
_DEFAULTS = {
    FETCH_BATCH_SIZE_ENV: 65_536,
    WRITE_CHUNK_SIZE_ENV: 10_000,
    AUTO_STREAM_THRESHOLD_ENV: 200_000,
}

Columns = dict[str, list[Any]]


# -- the streamed result ----------------------------------------------------------
class StreamingColumns(Mapping[str, list[Any]]):
    """A read-only ``{column: [values]}`` over fetched batches, joined on demand.

    The keys come from the first batch that has rows; a column is concatenated
    the first time it is read and then cached. ``batches()`` gives the batches
    as fetched; ``to_dict()`` one plain dict. Batches of no rows (or none at
    all) make an empty mapping.

    Example:
        >>> sc = StreamingColumns([{"x": [1, 2]}, {"x": []}, {"x": [3]}])
        >>> sc["x"], len(sc), sc.to_dict()
        ([1, 2, 3], 1, {'x': [1, 2, 3]})
        >>> len(sc.batches()), dict(StreamingColumns([{"x": []}]))
        (3, {})
    """

    __slots__ = ("_batches", "_cache", "_keys")

    def __init__(self, batches: Iterable[Mapping[str, Sequence[Any]]]) -> None:
        self._batches: list[Mapping[str, Sequence[Any]]] = list(batches)
        first = next((b for b in self._batches if _height(b) > 0), None)
        self._keys: tuple[str, ...] = tuple(first) if first is not None else ()
        self._cache: dict[str, list[Any]] = {}

    def __getitem__(self, key: str) -> list[Any]:
        if key not in self._keys:
            raise KeyError(key)
        if key not in self._cache:
            self._cache[key] = list(
                itertools.chain.from_iterable(
                    b[key] for b in self._batches if _height(b) > 0
                )
            )
        return self._cache[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def batches(self) -> list[Mapping[str, Sequence[Any]]]:
        """The batches as fetched (a new list; the batches themselves are shared)."""
        return list(self._batches)

    def to_dict(self) -> Columns:
        """All columns as one ``dict`` of lists."""
        return {key: list(self[key]) for key in self._keys}

    @property
    def height(self) -> int:
        """The number of rows over every batch."""
        return sum(_height(b) for b in self._batches)

    def __repr__(self) -> str:
        return (
            f"StreamingColumns(columns={list(self._keys)}, rows={self.height}, "
            f"batches={len(self._batches)})"
        )


def _height(batch: Mapping[str, Sequence[Any]]) -> int:
    return len(next(iter(batch.values()))) if batch else 0


# -- arguments --------------------------------------------------------------------
def env_int(name: str) -> int:
    """A positive int from environment variable ``name`` (its default if unset)."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return _DEFAULTS[name]
    try:
        value = int(raw.strip())
    except ValueError:
        msg = f"{name} must be an int, got {raw!r}"
        raise ValueError(msg) from None
    if value <= 0:
        msg = f"{name} must be positive, got {value}"
        raise ValueError(msg)
    return value


def _positive(name: str, value: int | None, env: str) -> int:
    if value is None:
        return env_int(env)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        msg = f"{name} must be a positive integer"
        raise ValueError(msg)
    return value


def _deprecated(name: str, mapped: str, string: str) -> None:
    msg = (
        f"{name} is deprecated and will be removed in a future major version; "
        f"for mapped tables use {mapped}, for string SQL use {string}"
    )
    warnings.warn(msg, DeprecationWarning, stacklevel=3)


def _merged(batches: list[Columns]) -> Columns:
    rows = [b for b in batches if _height(b) > 0]
    if not rows:
        return {}
    return {
        key: list(itertools.chain.from_iterable(b[key] for b in rows))
        for key in rows[0]
    }


def _result(
    batches: list[Columns], auto_stream: bool, threshold: int
) -> Columns | StreamingColumns:
    if auto_stream and sum(_height(b) for b in batches) > threshold:
        return StreamingColumns(batches)
    return _merged(batches)


def _check_bind(bind: Any) -> None:
    sa = sa_module()
    if not isinstance(bind, str | sa.Engine | sa.Connection):
        msg = (
            "bind must be a database URL, a SQLAlchemy Engine or Connection; "
            f"got {type(bind).__name__}"
        )
        raise TypeError(msg)


# -- reads ------------------------------------------------------------------------
def _iter_batches(
    sql: Any, bind: Any, parameters: Mapping[str, Any] | None, batch_size: int
) -> Generator[Columns, None, None]:
    _check_bind(bind)
    with connection(bind) as conn:
        result = conn.execution_options(stream_results=True).execute(
            statement(sql), bind_params(parameters)
        )
        keys = list(result.keys())
        try:
            while rows := result.fetchmany(batch_size):
                yield columns_of(keys, rows)
        finally:
            result.close()


def iter_sql(
    sql: Any,
    bind: Any,
    *,
    parameters: Mapping[str, Any] | None = None,
    batch_size: int | None = None,
) -> Iterator[Columns]:
    """Deprecated: yield the result of ``sql`` as column dicts of ``batch_size`` rows.

    A server-side cursor (``stream_results``) feeds ``fetchmany``; an empty
    result yields nothing. Prefer ``iter_sql_raw`` (Polars batches) or
    ``Model.iter_sql`` (validated frames).
    """
    _deprecated("iter_sql", "iter_sqlmodel", "iter_sql_raw")
    size = _positive("batch_size", batch_size, FETCH_BATCH_SIZE_ENV)
    return _iter_batches(sql, bind, parameters, size)


def fetch_sql(
    sql: Any,
    bind: Any,
    *,
    parameters: Mapping[str, Any] | None = None,
    batch_size: int | None = None,
    auto_stream: bool = True,
    auto_stream_threshold_rows: int | None = None,
) -> Columns | StreamingColumns:
    """Deprecated: the result of ``sql`` as one column dict (``{}`` for no rows).

    With ``auto_stream`` a result of more than ``auto_stream_threshold_rows``
    rows is a :class:`StreamingColumns` instead (no concatenation until a
    column is read). Prefer ``fetch_sql_raw`` or ``Model.read_sql``.
    """
    _deprecated("fetch_sql", "fetch_sqlmodel", "fetch_sql_raw")
    size = _positive("batch_size", batch_size, FETCH_BATCH_SIZE_ENV)
    threshold = _positive(
        "auto_stream_threshold_rows",
        auto_stream_threshold_rows,
        AUTO_STREAM_THRESHOLD_ENV,
    )
    batches = list(_iter_batches(sql, bind, parameters, size))
    return _result(batches, auto_stream, threshold)


async def _aiter_batches(
    sql: Any,
    bind: Any,
    parameters: Mapping[str, Any] | None,
    batch_size: int,
    executor: concurrent.futures.Executor | None,
) -> AsyncIterator[Columns]:
    if is_async_bind(bind):
        async with _aconnect(bind) as conn:
            result = await conn.stream(statement(sql), bind_params(parameters))
            keys = list(result.keys())
            async for rows in result.partitions(batch_size):
                yield columns_of(keys, rows)
        return
    iterator = _iter_batches(sql, bind, parameters, batch_size)
    done: Any = object()
    try:
        while (
            batch := await run_blocking(next, iterator, done, executor=executor)
        ) is not done:
            yield batch
    finally:
        await run_blocking(iterator.close, executor=executor)


def aiter_sql(
    sql: Any,
    bind: Any,
    *,
    parameters: Mapping[str, Any] | None = None,
    batch_size: int = 65_536,
    executor: concurrent.futures.Executor | None = None,
) -> AsyncIterator[Columns]:
    """Deprecated: :func:`iter_sql` as an async iterator.

    An async bind (``AsyncEngine``, ``postgresql+asyncpg://...``) streams with
    real async I/O; a sync bind runs in ``executor`` (the default pool).
    Errors of the query propagate from the iteration.
    """
    _deprecated("aiter_sql", "aiter_sqlmodel", "aiter_sql_raw")
    size = _positive("batch_size", batch_size, FETCH_BATCH_SIZE_ENV)
    return _aiter_batches(sql, bind, parameters, size, executor)


async def afetch_sql(
    sql: Any,
    bind: Any,
    *,
    parameters: Mapping[str, Any] | None = None,
    batch_size: int | None = None,
    auto_stream: bool = True,
    auto_stream_threshold_rows: int | None = None,
    executor: concurrent.futures.Executor | None = None,
) -> Columns | StreamingColumns:
    """Deprecated: :func:`fetch_sql`, awaited."""
    _deprecated("afetch_sql", "afetch_sqlmodel", "afetch_sql_raw")
    size = _positive("batch_size", batch_size, FETCH_BATCH_SIZE_ENV)
    threshold = _positive(
        "auto_stream_threshold_rows",
        auto_stream_threshold_rows,
        AUTO_STREAM_THRESHOLD_ENV,
    )
    batches = [b async for b in _aiter_batches(sql, bind, parameters, size, executor)]
    return _result(batches, auto_stream, threshold)


# -- writes -----------------------------------------------------------------------
def _columns(data: Any) -> Columns:
    if isinstance(data, Mapping):
        return {str(k): list(v) for k, v in data.items()}
    to_dict = getattr(data, "to_dict", None)
    if callable(to_dict):  # a frame (ours or Polars'), as the original accepted
        try:
            out = to_dict(as_series=False)
        except TypeError:
            out = to_dict()
        return {str(k): list(v) for k, v in out.items()}
    msg = f"data must be a column dict {{name: [values]}}; got {type(data).__name__}"
    raise TypeError(msg)


def _check_lengths(columns: Columns) -> int:
    lengths = {len(v) for v in columns.values()}
    if len(lengths) > 1:
        msg = "all columns in data must have the same length"
        raise ValueError(msg)
    return lengths.pop() if lengths else 0


def _check_if_exists(if_exists: str) -> None:
    if if_exists not in ("append", "replace"):
        msg = "if_exists must be 'append' or 'replace'"
        raise ValueError(msg)


def _target(conn: Any, table_name: str, schema: str | None, if_exists: str) -> Any:
    sa = sa_module()
    try:
        return sa.Table(table_name, sa.MetaData(), schema=schema, autoload_with=conn)
    except sa.exc.NoSuchTableError:
        msg = f"table {table_name!r} does not exist (if_exists={if_exists!r})"
        if if_exists == "replace":
            msg += (
                "; pydantable never infers DDL from data: create the table, or "
                "use write_sql_raw(..., model=...) to create it from a schema"
            )
        raise ValueError(msg) from None


def _insert(
    conn: Any, table: Any, columns: Columns, chunk_size: int, *, replace: bool
) -> None:
    unknown = [name for name in columns if name not in table.c]
    if unknown:
        msg = (
            f"data columns not in table {table.name!r}: {unknown}; "
            f"the table has {list(table.c.keys())}"
        )
        raise ValueError(msg)
    if replace:
        conn.execute(table.delete())
    keys = list(columns)
    rows = zip(*(columns[k] for k in keys), strict=True)
    stmt = sa_module().insert(table)
    while chunk := list(itertools.islice(rows, chunk_size)):
        conn.execute(stmt, [dict(zip(keys, row, strict=True)) for row in chunk])


def _write_batches(
    batches: Iterable[Any],
    table_name: str,
    bind: Any,
    *,
    schema: str | None,
    if_exists: str,
    chunk_size: int,
) -> None:
    _check_if_exists(if_exists)
    iterator = iter(batches)
    first = next(iterator, None)
    if first is None:
        return  # nothing to write: the table is not touched
    _check_bind(bind)
    with transaction(bind) as conn:
        table = _target(conn, table_name, schema, if_exists)
        mode = if_exists
        for batch in itertools.chain([first], iterator):
            columns = _columns(batch)
            if _check_lengths(columns) == 0 and mode == "append":
                continue
            _insert(conn, table, columns, chunk_size, replace=mode == "replace")
            mode = "append"


def write_sql(
    data: Any,
    table_name: str,
    bind: Any,
    *,
    schema: str | None = None,
    if_exists: str = "append",
    chunk_size: int | None = None,
) -> None:
    """Deprecated: insert a column dict into an existing table, in one transaction.

    ``if_exists`` is ``"append"`` or ``"replace"`` (empties the table first);
    the table is reflected, never created; an empty dict writes nothing.
    Values are bound parameters, ``chunk_size`` rows per ``executemany``.
    Prefer ``write_sql_raw`` or ``frame.write_sql``.
    """
    _deprecated("write_sql", "write_sqlmodel", "write_sql_raw")
    size = _positive("chunk_size", chunk_size, WRITE_CHUNK_SIZE_ENV)
    _check_if_exists(if_exists)
    columns = _columns(data)
    _check_lengths(columns)
    if not columns:
        return
    _write_batches(
        [columns], table_name, bind, schema=schema, if_exists=if_exists, chunk_size=size
    )


def write_sql_batches(
    batches: Iterable[Any],
    table_name: str,
    bind: Any,
    *,
    schema: str | None = None,
    if_exists: str = "append",
    chunk_size: int | None = None,
) -> None:
    """Deprecated: :func:`write_sql` for an iterable of column dicts or frames.

    The first batch uses ``if_exists``, the rest append, all in one
    transaction; an empty iterable never touches the table.
    """
    warnings.warn(
        "write_sql_batches is deprecated and will be removed in a future major "
        "version; for mapped tables use write_sqlmodel_batches, for string SQL "
        "call write_sql_raw once per batch",
        DeprecationWarning,
        stacklevel=2,
    )
    size = _positive("chunk_size", chunk_size, WRITE_CHUNK_SIZE_ENV)
    _write_batches(
        batches, table_name, bind, schema=schema, if_exists=if_exists, chunk_size=size
    )


async def _awrite(
    batches: list[Any],
    table_name: str,
    bind: Any,
    *,
    schema: str | None,
    if_exists: str,
    chunk_size: int,
    executor: concurrent.futures.Executor | None,
) -> None:
    """Write on an async bind with async I/O, or on a sync one in ``executor``."""
    if is_async_bind(bind):

        def write(sync_conn: Any) -> None:
            _write_batches(
                batches,
                table_name,
                sync_conn,
                schema=schema,
                if_exists=if_exists,
                chunk_size=chunk_size,
            )

        async with _aconnect(bind) as conn:
            await conn.run_sync(write)
        return
    await run_blocking(
        _write_batches,
        batches,
        table_name,
        bind,
        schema=schema,
        if_exists=if_exists,
        chunk_size=chunk_size,
        executor=executor,
    )


async def awrite_sql(
    data: Any,
    table_name: str,
    bind: Any,
    *,
    schema: str | None = None,
    if_exists: str = "append",
    chunk_size: int | None = None,
    executor: concurrent.futures.Executor | None = None,
) -> None:
    """Deprecated: :func:`write_sql` run in ``executor`` (the default pool)."""
    _deprecated("awrite_sql", "awrite_sqlmodel", "awrite_sql_raw")
    size = _positive("chunk_size", chunk_size, WRITE_CHUNK_SIZE_ENV)
    _check_if_exists(if_exists)
    columns = _columns(data)
    _check_lengths(columns)
    if not columns:
        return
    await _awrite(
        [columns],
        table_name,
        bind,
        schema=schema,
        if_exists=if_exists,
        chunk_size=size,
        executor=executor,
    )


async def awrite_sql_batches(
    batches: Iterable[Any],
    table_name: str,
    bind: Any,
    *,
    schema: str | None = None,
    if_exists: str = "append",
    chunk_size: int | None = None,
    executor: concurrent.futures.Executor | None = None,
) -> None:
    """Deprecated: :func:`write_sql_batches` run in ``executor``."""
    warnings.warn(
        "awrite_sql_batches is deprecated and will be removed in a future major "
        "version; for mapped tables use write_sqlmodel_batches, for string SQL "
        "call awrite_sql_raw once per batch",
        DeprecationWarning,
        stacklevel=2,
    )
    size = _positive("chunk_size", chunk_size, WRITE_CHUNK_SIZE_ENV)
    _check_if_exists(if_exists)
    materialized = list(batches)
    await _awrite(
        materialized,
        table_name,
        bind,
        schema=schema,
        if_exists=if_exists,
        chunk_size=size,
        executor=executor,
    )
