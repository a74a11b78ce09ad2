"""Column-dict results of SQL reads: ``{column: [values]}`` and :class:`StreamingColumns`.

The original pydantable's SQL functions return the values the database driver
gives, unvalidated, as column dicts; a result larger than a threshold comes
back as a :class:`StreamingColumns` over the fetched batches. This module holds
that machinery once for the string-SQL functions (:mod:`.legacy`) and the
SQLModel functions (:mod:`.sqlmodel`), with their environment defaults:

=============================================  =======  =========================
variable                                        default  used for
=============================================  =======  =========================
``PYDANTABLE_SQL_FETCH_BATCH_SIZE``             65 536   rows per ``fetchmany``
``PYDANTABLE_SQL_WRITE_CHUNK_SIZE``             10 000   rows per ``executemany``
``PYDANTABLE_SQL_AUTO_STREAM_THRESHOLD_ROWS``   200 000  auto-stream threshold
=============================================  =======  =========================

Example:
    >>> sc = StreamingColumns([{"x": [1, 2]}, {"x": [3]}])
    >>> sc["x"], sc.height
    ([1, 2, 3], 3)
"""

from __future__ import annotations

import concurrent.futures
import itertools
import os
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
from pydantable.io.sql.common import (
    Params,
    bind_params,
    columns_of,
    sa_module,
    statement,
)
from pydantable.io.sql.read import connection

__all__ = [
    "AUTO_STREAM_THRESHOLD_ENV",
    "FETCH_BATCH_SIZE_ENV",
    "WRITE_CHUNK_SIZE_ENV",
    "Columns",
    "StreamingColumns",
    "aiter_batches",
    "as_columns",
    "check_append_or_replace",
    "check_bind",
    "check_lengths",
    "column_result",
    "env_int",
    "height_of",
    "iter_batches",
    "merged",
    "positive",
    "stream_threshold",
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
        first = next((b for b in self._batches if height_of(b) > 0), None)
        self._keys: tuple[str, ...] = tuple(first) if first is not None else ()
        self._cache: dict[str, list[Any]] = {}

    def __getitem__(self, key: str) -> list[Any]:
        if key not in self._keys:
            raise KeyError(key)
        if key not in self._cache:
            self._cache[key] = list(
                itertools.chain.from_iterable(
                    b[key] for b in self._batches if height_of(b) > 0
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
        return sum(height_of(b) for b in self._batches)

    def __repr__(self) -> str:
        return (
            f"StreamingColumns(columns={list(self._keys)}, rows={self.height}, "
            f"batches={len(self._batches)})"
        )


def height_of(batch: Mapping[str, Sequence[Any]]) -> int:
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


def positive(name: str, value: int | None, env: str) -> int:
    if value is None:
        return env_int(env)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        msg = f"{name} must be a positive integer"
        raise ValueError(msg)
    return value


def merged(batches: list[Columns]) -> Columns:
    rows = [b for b in batches if height_of(b) > 0]
    if not rows:
        return {}
    return {
        key: list(itertools.chain.from_iterable(b[key] for b in rows))
        for key in rows[0]
    }


def column_result(
    batches: list[Columns], auto_stream: bool, threshold: int
) -> Columns | StreamingColumns:
    if auto_stream and sum(height_of(b) for b in batches) > threshold:
        return StreamingColumns(batches)
    return merged(batches)


def check_bind(bind: Any) -> None:
    sa = sa_module()
    if not isinstance(bind, str | sa.Engine | sa.Connection):
        msg = (
            "bind must be a database URL, a SQLAlchemy Engine or Connection; "
            f"got {type(bind).__name__}"
        )
        raise TypeError(msg)


# -- reads ------------------------------------------------------------------------
def iter_batches(
    sql: Any, bind: Any, parameters: Params, batch_size: int
) -> Generator[Columns, None, None]:
    check_bind(bind)
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


async def aiter_batches(
    sql: Any,
    bind: Any,
    parameters: Params,
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
    iterator = iter_batches(sql, bind, parameters, batch_size)
    done: Any = object()
    try:
        while (
            batch := await run_blocking(next, iterator, done, executor=executor)
        ) is not done:
            yield batch
    finally:
        await run_blocking(iterator.close, executor=executor)


def as_columns(data: Any) -> Columns:
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


def check_lengths(columns: Columns) -> int:
    lengths = {len(v) for v in columns.values()}
    if len(lengths) > 1:
        msg = "all columns in data must have the same length"
        raise ValueError(msg)
    return lengths.pop() if lengths else 0


def stream_threshold(value: int | None) -> int:
    """``auto_stream_threshold_rows`` checked, or its environment default."""
    return positive("auto_stream_threshold_rows", value, AUTO_STREAM_THRESHOLD_ENV)


def check_append_or_replace(if_exists: str) -> None:
    """``ValueError`` unless ``if_exists`` is ``"append"`` or ``"replace"``."""
    if if_exists not in ("append", "replace"):
        msg = "if_exists must be 'append' or 'replace'"
        raise ValueError(msg)
