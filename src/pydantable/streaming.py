"""Chunked materialization: fixed-size batches pulled from the streaming engine.

Batches come from the frame's engine (:meth:`Engine.batches
<pydantable.engines.Engine.batches>`; the Polars engine uses its streaming
engine, ``LazyFrame.collect_batches``), re-chunked to exactly ``batch_size`` rows (the last one may be
shorter; an empty result gives no batches). Memory stays bounded: the whole
result is never collected first; at most about one engine chunk plus one
batch is held here, and the engine itself stops computing ahead when nobody
pulls (back-pressure). Frames that are still their in-memory source (no
transforms) are sliced directly, as that data is already in memory.

Stopping early (``break``, ``close()``, ``aclose()``, cancelling the task,
a client disconnecting from a streaming response) releases the engine's
batch iterator, which ends the query: no engine work continues afterwards.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import io
from collections.abc import AsyncIterator, Generator, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Literal

import polars as pl
import pydantic_core

from pydantable import dtypes as dt
from pydantable import observe
from pydantable import plan as p
from pydantable._dependencies import require
from pydantable.engines import engine_of
from pydantable.execution import default_executor, submit_blocking
from pydantable.materialize import convert_columns, json_ready, python_columns
from pydantable.schema import FrameSchema
from pydantable.validation.python_table import PythonTable

if TYPE_CHECKING:
    from pydantable.frame._protocol import FrameCore

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "AsyncBatches",
    "astream",
    "engine_writes_json",
    "iter_batches",
    "json_line",
    "python_json_line",
    "stream",
]

DEFAULT_BATCH_SIZE = 65536

BatchFormat = Literal["polars", "arrow"]


def _check_batch_size(batch_size: int) -> int:
    if isinstance(batch_size, bool) or not isinstance(batch_size, int):
        msg = f"batch_size must be an int; got {type(batch_size).__name__}"
        raise TypeError(msg)
    if batch_size < 1:
        msg = f"batch_size must be >= 1; got {batch_size}"
        raise ValueError(msg)
    return batch_size


def _engine_batches(frame: FrameCore, batch_size: int) -> Iterator[pl.DataFrame]:
    """Batches of exactly ``batch_size`` rows (the last may be shorter)."""
    return engine_of(frame._plan).batches(frame._plan, batch_size)


def iter_batches(
    frame: FrameCore,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    format: str = "polars",
) -> Iterator[Any]:
    """Batches of the result as ``polars.DataFrame`` or ``pyarrow.RecordBatch``.

    Every batch has exactly ``batch_size`` rows except the last; an empty
    result yields nothing. Memory is bounded (see the module docs).

    Example:
        >>> from pydantable import DataFrameModel
        >>> class T(DataFrameModel):
        ...     x: int
        >>> df = T({"x": list(range(5))})
        >>> [b.height for b in iter_batches(df.filter(df.x > 0), batch_size=3)]
        [3, 1]
    """
    _check_batch_size(batch_size)
    if format not in ("polars", "arrow"):
        msg = f"format must be 'polars' or 'arrow'; got {format!r}"
        raise ValueError(msg)
    if format == "arrow":
        require("pyarrow", extra="arrow")
    kind: BatchFormat = "arrow" if format == "arrow" else "polars"
    return _iter_batches(frame, batch_size, kind, "iter_batches")


def _iter_batches(
    frame: FrameCore, batch_size: int, format: BatchFormat, op: str
) -> Iterator[Any]:
    with observe.span(op, mode="chunked", batch_size=batch_size) as event:
        rows = batches = 0
        event.fields["complete"] = False
        try:
            for batch in _engine_batches(frame, batch_size):
                rows += batch.height
                batches += 1
                if format == "arrow":
                    table = batch.rechunk().to_arrow()
                    yield table.to_batches()[0]
                else:
                    yield batch
            event.fields["complete"] = True
        finally:
            event.rows = rows
            event.fields["batches"] = batches


def collect_batches(
    frame: FrameCore, *, batch_size: int = DEFAULT_BATCH_SIZE
) -> list[pl.DataFrame]:
    """All batches as a list of Polars DataFrames (the whole result in memory).

    Example:
        >>> from pydantable import DataFrameModel
        >>> class T(DataFrameModel):
        ...     x: int
        >>> [b.height for b in collect_batches(T({"x": [1, 2, 3]}), batch_size=2)]
        [2, 1]
    """
    _check_batch_size(batch_size)
    return list(_iter_batches(frame, batch_size, "polars", "collect_batches"))


def stream(
    frame: FrameCore, *, batch_size: int = DEFAULT_BATCH_SIZE
) -> Iterator[dict[str, list[Any]]]:
    """Batches of the result as ``{column: [values...]}`` dicts.

    Values are converted exactly like :meth:`~pydantable.DataFrameModel.to_dict`
    (UUID, Enum, dates ... as Python objects), so
    ``json.dumps(batch, default=str)`` works. Batch sizes and memory behave
    as in :func:`iter_batches`.

    Example:
        >>> from pydantable import DataFrameModel
        >>> class T(DataFrameModel):
        ...     x: int
        >>> list(stream(T({"x": [1, 2, 3]}), batch_size=2))
        [{'x': [1, 2]}, {'x': [3]}]
    """
    _check_batch_size(batch_size)
    return _stream(frame, batch_size, "stream")


def _stream(
    frame: FrameCore, batch_size: int, op: str, *, as_json: bool = False
) -> Generator[Any, None, None]:
    """The batches as ``{column: [values...]}`` or, ``as_json``, as the
    ``b"<json>\n"`` line of each (written by the engine: see :func:`json_line`)."""
    schema = frame._plan.schema
    plan = frame._plan
    mode = "chunked"
    with observe.span(op, mode=mode, batch_size=batch_size) as event:
        rows = batches = 0
        event.fields["complete"] = False
        try:
            if isinstance(plan, p.Source) and isinstance(plan.data, PythonTable):
                # validated Python lists: slice them, as to_dict() returns them
                table = plan.data
                for offset in range(0, table.height, batch_size):
                    out = {
                        name: values[offset : offset + batch_size]
                        for name, values in table.columns.items()
                    }
                    convert_columns(out, schema)
                    rows += len(next(iter(out.values()), ()))
                    batches += 1
                    yield python_json_line(out) if as_json else out
            else:
                for batch in _engine_batches(frame, batch_size):
                    rows += batch.height
                    batches += 1
                    if as_json:
                        yield json_line(batch, schema)
                    else:
                        yield python_columns(batch, schema)
            event.fields["complete"] = True
        finally:
            event.rows = rows
            event.fields["batches"] = batches


_DONE: Any = object()


def python_json_line(chunk: Mapping[str, Any]) -> bytes:
    """One ``b"<json>\n"`` line of a chunk of Python values, as Pydantic's JSON
    mode writes them (non-finite floats as ``null``, as FastAPI answers them)."""
    return pydantic_core.to_json(chunk, inf_nan_mode="null") + b"\n"


#: Column dtypes the engine writes as JSON exactly as :func:`python_json_line`
#: writes their Python values (datetimes once made ISO strings by
#: :func:`~pydantable.materialize.json_ready`); checked byte for byte in the tests.
_ENGINE_JSON = (
    dt.Int64,
    dt.Float64,
    dt.Boolean,
    dt.String,
    dt.Literal,
    dt.Enum,
    dt.Date,
    dt.Datetime,
    dt.UUID,
)


def engine_writes_json(schema: FrameSchema) -> bool:
    """Whether :func:`json_line` writes the same bytes as the Python way for
    every column of ``schema``."""
    return all(
        isinstance(column.dtype, _ENGINE_JSON)
        and not isinstance(column.dtype.storage(), (dt.List, dt.Struct, dt.Map))
        for column in schema.values()
    )


def json_line(batch: pl.DataFrame, schema: FrameSchema) -> bytes:
    """One ``{column: [values...]}`` JSON line of an engine batch, written by
    the engine (no Python value per cell)."""
    if not engine_writes_json(schema):
        return python_json_line(python_columns(batch, schema))
    buffer = io.BytesIO()
    json_ready(batch, schema).select(pl.all().implode()).write_ndjson(buffer)
    return buffer.getvalue()


class AsyncBatches(AsyncIterator[dict[str, list[Any]]]):
    """What :func:`astream` returns: an async iterator of the :func:`stream`
    batches, each built in a worker thread.

    ``ndjson_streaming_response`` given one that nobody has pulled from yet
    writes its JSON lines in the engine instead (same bytes, no Python value
    per cell).
    """

    def __init__(
        self,
        frame: FrameCore,
        batch_size: int,
        executor: concurrent.futures.Executor | None,
    ) -> None:
        self.frame = frame
        self.batch_size = batch_size
        self.executor = executor
        self._batches: AsyncIterator[Any] | None = None

    def __aiter__(self) -> AsyncBatches:
        return self

    async def __anext__(self) -> dict[str, list[Any]]:
        if self._batches is None:
            self._batches = _astream(self.frame, self.batch_size, self.executor)
        batch: dict[str, list[Any]] = await self._batches.__anext__()
        return batch

    async def aclose(self) -> None:
        """Stop: the engine query ends (see the module docs)."""
        batches, self._batches = self._batches, _closed()
        if batches is not None:
            await batches.aclose()  # type: ignore[attr-defined]

    def json_lines(self) -> AsyncIterator[bytes] | None:
        """The batches as JSON lines written by the engine, or ``None`` when
        batches were already pulled (the rest is not this iterator's to give)."""
        if self._batches is not None:
            return None
        self._batches = _closed()
        return _astream(self.frame, self.batch_size, self.executor, as_json=True)


async def _closed() -> AsyncIterator[Any]:
    return
    yield  # pragma: no cover  (an exhausted async generator)


def astream(
    frame: FrameCore,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    executor: concurrent.futures.Executor | None = None,
) -> AsyncBatches:
    """Async iterator of the :func:`stream` batches; each batch is built in a worker thread.

    The event loop is never blocked by engine work or value conversion. Ending
    early (``break``, ``aclose()``, cancelling the consuming task) stops
    pulling and releases the engine's iterator: if a batch is being computed
    at that moment, the release happens in the worker as soon as that one
    batch is done (the engine cannot be interrupted mid-batch).

    Example:
        >>> import asyncio
        >>> from pydantable import DataFrameModel
        >>> class T(DataFrameModel):
        ...     x: int
        >>> async def main():
        ...     return [b async for b in astream(T({"x": [1, 2, 3]}), batch_size=2)]
        >>> asyncio.run(main())
        [{'x': [1, 2]}, {'x': [3]}]
    """
    _check_batch_size(batch_size)
    return AsyncBatches(frame, batch_size, executor)


async def _astream(
    frame: FrameCore,
    batch_size: int,
    executor: concurrent.futures.Executor | None,
    *,
    as_json: bool = False,
) -> AsyncIterator[Any]:
    pool = default_executor() if executor is None else executor
    batches = _stream(frame, batch_size, "astream", as_json=as_json)
    pending: concurrent.futures.Future[Any] | None = None
    try:
        while True:
            pending = submit_blocking(next, batches, _DONE, executor=pool)
            batch = await asyncio.wrap_future(pending)
            pending = None
            if batch is _DONE:
                return
            yield batch
    finally:
        if pending is None:
            batches.close()
        else:
            # a pull is queued or running in a worker: close the generator after
            # it (immediately if the pull was cancelled before starting)
            pending.add_done_callback(lambda _: batches.close())
