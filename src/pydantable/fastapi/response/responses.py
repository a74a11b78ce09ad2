"""``DataFrameResponse``: a frame written by the engine, in the format the client accepts.

JSON (columnar or records) and Parquet are written whole; NDJSON, CSV and
Arrow IPC streams are written batch by batch from the streaming engine, so
memory stays bounded whatever the result size.

Example:
    >>> from pydantable import DataFrameModel
    >>> class T(DataFrameModel):
    ...     x: int
    >>> DataFrameResponse(T({"x": [1, 2]})).body
    b'{"x":[1,2]}'
    >>> DataFrameResponse(T({"x": [1, 2]}), accept="text/csv").media_type
    'text/csv'
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any, Literal

from fastapi.exceptions import HTTPException
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.types import Receive, Scope, Send

from pydantable.fastapi.request.formats import (
    CSV,
    JSON,
    NDJSON,
    PARQUET,
    RESPONSE_MEDIA_TYPES,
    negotiate,
)
from pydantable.frame import BaseFrame

__all__ = ["DataFrameResponse", "frame_response", "media_types_for"]

Orient = Literal["columns", "records"]
_CONTENT_TYPES = {
    JSON: "application/json",
    NDJSON: NDJSON,
    CSV: "text/csv; charset=utf-8",
}


def media_types_for(frame: BaseFrame) -> tuple[str, ...]:
    """The media types ``frame`` can be written as (CSV holds no nested values).

    Example:
        >>> from pydantable import DataFrameModel
        >>> class T(DataFrameModel):
        ...     tags: list[str]
        >>> "text/csv" in media_types_for(T({"tags": [["a"]]}))
        False
    """
    if any(c.dtype.is_nested() for c in frame._plan.schema.values()):
        return tuple(m for m in RESPONSE_MEDIA_TYPES if m != CSV)
    return RESPONSE_MEDIA_TYPES


def _json(frame: BaseFrame, orient: str) -> bytes:
    return frame.to_json(orient=orient)


def _parquet(frame: BaseFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_polars().write_parquet(buffer)
    return buffer.getvalue()


def _ndjson_chunks(frame: BaseFrame, batch_size: int) -> Iterator[bytes]:
    for batch in frame.iter_batches(batch_size):
        yield batch.write_ndjson().encode()


def _csv_chunks(frame: BaseFrame, batch_size: int) -> Iterator[bytes]:
    header = True
    for batch in frame.iter_batches(batch_size):
        yield batch.write_csv(include_header=header).encode()
        header = False
    if header:  # an empty result still has its header line
        yield ",".join(frame.columns).encode() + b"\n"


def _arrow_chunks(frame: BaseFrame, batch_size: int) -> Iterator[bytes]:
    import pyarrow as pa

    sink = io.BytesIO()
    writer: Any = None
    for batch in frame.iter_batches(batch_size, format="arrow"):
        if writer is None:
            writer = pa.ipc.new_stream(sink, batch.schema)
        writer.write_batch(batch)
        yield sink.getvalue()
        sink.seek(0)
        sink.truncate()
    if writer is None:  # empty result: the schema alone
        schema = frame.head(0).to_arrow().schema
        writer = pa.ipc.new_stream(sink, schema)
    writer.close()
    yield sink.getvalue()


async def _once(data: bytes) -> AsyncIterator[bytes]:
    yield data


class DataFrameResponse(StreamingResponse):
    """A response writing ``frame`` with the engine, negotiated on ``Accept``.

    Args:
        frame: the frame to send (its plan runs when the response is built —
            JSON, Parquet — or while it is sent: NDJSON, CSV, Arrow).
        media_type: force a format; otherwise chosen from ``accept``, else
            from ``request``'s ``Accept`` header (JSON when absent or ``*/*``).
            Nothing acceptable → ``HTTPException(406)``.
        orient: JSON shape: ``"columns"`` (``{"col": [...]}``, the default) or
            ``"records"`` (``[{...}, ...]``).
        batch_size: rows per streamed batch.

    Example:
        >>> from pydantable import DataFrameModel
        >>> class T(DataFrameModel):
        ...     x: int
        >>> DataFrameResponse(T({"x": [1]}), orient="records").body
        b'[{"x":1}]'
    """

    def __init__(
        self,
        frame: BaseFrame,
        *,
        media_type: str | None = None,
        request: Request | None = None,
        accept: str | None = None,
        orient: Orient = "columns",
        batch_size: int = 65536,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        background: BackgroundTask | None = None,
    ) -> None:
        if orient not in ("columns", "records"):
            msg = f"orient must be 'columns' or 'records'; got {orient!r}"
            raise ValueError(msg)
        available = media_types_for(frame)
        chosen = media_type
        if chosen is None:
            if accept is None and request is not None:
                accept = request.headers.get("accept")
            chosen = negotiate(accept, available=available)
        elif chosen in RESPONSE_MEDIA_TYPES and chosen not in available:
            msg = f"a frame with nested columns cannot be written as {chosen}"
            raise ValueError(msg)
        if chosen not in available:
            raise HTTPException(
                status_code=406,
                detail=f"cannot produce {accept or media_type!r}; available: "
                + ", ".join(available),
            )
        #: The bytes of a response written whole (JSON, Parquet), else ``None``.
        self.body: bytes | None = None  # type: ignore[assignment]
        content: Any
        if chosen == JSON:
            self.body = _json(frame, orient)
        elif chosen == PARQUET:
            self.body = _parquet(frame)
        if self.body is not None:
            content = _once(self.body)
        elif chosen == NDJSON:
            content = _ndjson_chunks(frame, batch_size)
        elif chosen == CSV:
            content = _csv_chunks(frame, batch_size)
        else:
            content = _arrow_chunks(frame, batch_size)
        super().__init__(
            content,
            status_code=status_code,
            headers=dict(headers) if headers is not None else None,
            media_type=_CONTENT_TYPES.get(chosen, chosen),
            background=background,
        )
        self.media_type = chosen
        if self.body is not None:
            self.headers["content-length"] = str(len(self.body))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.body is None:
            await super().__call__(scope, receive, send)
        else:  # written whole: sent like a plain Response (no streaming task group)
            await Response.__call__(self, scope, receive, send)


def frame_response(
    frame: BaseFrame, request: Request | None = None, **options: Any
) -> Response:
    """:class:`DataFrameResponse` of ``frame`` negotiated on ``request``'s ``Accept``."""
    return DataFrameResponse(frame, request=request, **options)
