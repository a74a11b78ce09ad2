"""NDJSON streaming responses from frame batches (``astream``/``stream``).

Each chunk ``{column: [values...]}`` becomes one line of JSON, serialized by
``pydantic_core.to_json`` (so dates, datetimes, Decimals, UUIDs, enums and
bytes serialize as they do in Pydantic's JSON mode; non-finite floats are
``null``, as FastAPI writes them). A frame's ``astream()`` passed as it is has
its lines written by the engine instead: the same bytes, no Python value per
cell.

Example:
    >>> from pydantable import DataFrameModel
    >>> class T(DataFrameModel):
    ...     x: int
    >>> response = ndjson_streaming_response(T({"x": [1, 2, 3]}).astream(batch_size=2))
    >>> response.media_type
    'application/x-ndjson'
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator, Mapping
from typing import Any, overload

from fastapi.responses import StreamingResponse

from pydantable.streaming import AsyncBatches, python_json_line

__all__ = ["ndjson_chunk_bytes", "ndjson_streaming_response"]

Chunk = Mapping[str, Any]


_line = python_json_line


async def _async_lines(chunks: AsyncIterable[Chunk]) -> AsyncIterator[bytes]:
    async for chunk in chunks:
        yield _line(chunk)


def _sync_lines(chunks: Iterable[Chunk]) -> Iterator[bytes]:
    for chunk in chunks:
        yield _line(chunk)


@overload
def ndjson_chunk_bytes(chunks: AsyncIterable[Chunk]) -> AsyncIterator[bytes]: ...
@overload
def ndjson_chunk_bytes(chunks: Iterable[Chunk]) -> Iterator[bytes]: ...
def ndjson_chunk_bytes(
    chunks: AsyncIterable[Chunk] | Iterable[Chunk],
) -> AsyncIterator[bytes] | Iterator[bytes]:
    """One ``b"<json>\\n"`` line per chunk; async in, async out (sync in, sync out).

    Example:
        >>> import asyncio, datetime
        >>> async def chunks():
        ...     yield {"day": [datetime.date(2024, 1, 2)]}
        >>> async def main():
        ...     return [line async for line in ndjson_chunk_bytes(chunks())]
        >>> asyncio.run(main())
        [b'{"day":["2024-01-02"]}\\n']
    """
    if isinstance(chunks, AsyncBatches):
        lines = chunks.json_lines()  # a frame's astream(): the engine writes
        if lines is not None:
            return lines
    if isinstance(chunks, AsyncIterable):
        return _async_lines(chunks)
    return _sync_lines(chunks)


def ndjson_streaming_response(
    chunks: AsyncIterable[Chunk] | Iterable[Chunk],
    *,
    media_type: str = "application/x-ndjson",
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> StreamingResponse:
    """A ``StreamingResponse`` writing one JSON object per chunk per line.

    Pass ``frame.astream(batch_size=...)`` (or the sync ``frame.stream(...)``,
    iterated in the thread pool). A client disconnecting stops the iteration,
    which ends the engine query.

    Example:
        >>> from fastapi import FastAPI
        >>> from pydantable import DataFrameModel
        >>> class T(DataFrameModel):
        ...     x: int
        >>> app = FastAPI()
        >>> @app.get("/export")
        ... def export():
        ...     return ndjson_streaming_response(T({"x": [1, 2]}).astream(batch_size=1))
    """
    return StreamingResponse(
        ndjson_chunk_bytes(chunks),
        status_code=status_code,
        media_type=media_type,
        headers=dict(headers) if headers is not None else None,
    )
