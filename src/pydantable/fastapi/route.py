"""``DataFrameRoute``: FastAPI routes whose frame bodies and results skip per-cell Python.

Use it as ``APIRouter(route_class=DataFrameRoute)`` or
``app.router.route_class = DataFrameRoute`` (``register_exception_handlers``
does the latter for routes defined after it). For such routes:

* **request bodies** of a frame type (``df: Users``,
  ``Annotated[Users, Body()]``, ``columnar_dependency``/``rows_dependency``)
  are read with a size limit (413), parsed by Rust/the engine according to
  ``Content-Type`` (JSON, NDJSON, CSV, Arrow IPC stream, Parquet, or the file
  of a ``multipart/form-data`` upload; others 415) and validated once by the
  vectorized ingest; FastAPI's own ``json.loads`` of the body is skipped;
* **results**: a returned frame becomes a :class:`DataFrameResponse`
  (negotiated on ``Accept``); a returned ``dict``/``list`` of JSON data
  (what ``df.to_dict()`` and ``df.to_dicts()`` give) is serialized in Rust
  instead of by ``jsonable_encoder`` cell by cell. Routes with a
  ``response_model`` or a custom ``response_class`` keep FastAPI's handling;
* **OpenAPI** documents every accepted body format and every response format.

Example:
    >>> from fastapi import FastAPI
    >>> from pydantable import DataFrameModel
    >>> class Users(DataFrameModel):
    ...     id: int
    >>> app = FastAPI()
    >>> app.router.route_class = DataFrameRoute
    >>> @app.post("/users")
    ... def create(df: Users):
    ...     return df
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ClassVar

from fastapi.exceptions import HTTPException
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import Response

from pydantable._fastapi_compat import cache_json, replace_headers
from pydantable.fastapi.errors import to_http
from pydantable.fastapi.openapi import route_openapi_extra
from pydantable.fastapi.request import prepared
from pydantable.fastapi.request.body import (
    BodyTarget,
    body_target,
    build,
    frame_of,
    read_limited,
)
from pydantable.fastapi.request.formats import JSON, RowLimitError, media_type_of
from pydantable.fastapi.request.uploads import is_multipart, read_upload
from pydantable.fastapi.response.render import CURRENT_REQUEST, wrap_endpoint
from pydantable.frame import BaseFrame
from pydantable.limits import IngestLimits, get_limits

__all__ = ["DataFrameRoute"]

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class DataFrameRoute(APIRoute):
    """An ``APIRoute`` with engine-speed frame bodies and responses (module docs).

    Class attributes (override in a subclass): ``limits`` (an
    :class:`~pydantable.limits.IngestLimits`: body bytes, rows, columns, JSON
    depth, cell bytes, error entries), or one by one ``max_body_bytes`` (413
    above it, checked while the body arrives), ``max_rows`` (413 above it),
    ``max_errors`` (422 details; the total is in ``X-Error-Count``),
    ``inline_body_bytes`` (bodies up to this size are parsed on the event loop,
    as FastAPI parses every body; larger ones in a worker thread, so the loop
    stays responsive).

    Where the rest runs: a ``def`` endpoint runs in FastAPI's thread pool (it
    may block) and writes its result there; an ``async def`` endpoint's result
    is written on the event loop when small (see
    ``pydantable.fastapi.response.render.INLINE_RESULT_CELLS``), else in a worker
    thread. Measured on 10k-row bodies: parsing on the loop beats building
    the frame in the endpoint's worker thread (threads contending for the GIL
    cost more than the hop saved).
    """

    #: The body limits (``None``: the limits in force when a request arrives,
    #: see :mod:`pydantable.limits`); ``max_body_bytes``, ``max_rows`` and
    #: ``max_errors`` set in a subclass override their field.
    limits: ClassVar[IngestLimits | None] = None
    max_body_bytes: ClassVar[int | None] = IngestLimits().max_body_bytes
    inline_body_bytes: ClassVar[int] = 1024 * 1024
    max_rows: ClassVar[int | None] = IngestLimits().max_rows
    max_errors: ClassVar[int] = IngestLimits().max_errors

    def body_limits(self) -> IngestLimits:
        """The limits of this route's bodies: :attr:`limits` (else the limits in
        force), with ``max_body_bytes``/``max_rows``/``max_errors`` where a
        subclass sets them."""
        base = self.limits if self.limits is not None else get_limits()
        changes = {
            name: getattr(self, name)
            for name in _LEGACY_LIMITS
            if any(name in vars(c) for c in type(self).__mro__[: _depth(type(self))])
        }
        return base.replace(**changes) if changes else base

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        self._pydantable_target: BodyTarget | None = None
        wrapped, state = wrap_endpoint(endpoint)
        super().__init__(path, wrapped, **kwargs)
        if state is not None:
            state.configure(self)
        self._pydantable_target = body_target(self)
        target = self._pydantable_target
        if target is not None and target.dependency is not None:
            prepared.install(self.dependant, target.dependency)
        self.openapi_extra = route_openapi_extra(
            self,
            body_model=None if target is None else target.model,
            renders=state is not None and state.render,
        )

    def get_route_handler(self) -> Callable[[Request], Any]:
        inner = super().get_route_handler()

        async def handler(request: Request) -> Response:
            token = CURRENT_REQUEST.set(request)
            try:
                target = self._pydantable_target
                if target is not None and request.method in _BODY_METHODS:
                    await self._prepare_body(request, target)
                return await inner(request)
            finally:
                CURRENT_REQUEST.reset(token)

        return handler

    async def _prepare_body(self, request: Request, target: BodyTarget) -> None:
        content_type = request.headers.get("content-type")
        media = media_type_of(content_type)
        upload = media is None and is_multipart(content_type)
        if media is None and content_type and not upload:
            raise HTTPException(
                status_code=415,
                detail=f"Unsupported media type {content_type.split(';')[0]!r}",
            )
        limits = self.body_limits()
        if upload:  # the file part of a form (see pydantable.fastapi.request.uploads)
            body, media = await read_upload(request, limits.max_body_bytes)
        else:
            body = await read_limited(request, limits.max_body_bytes)
        if not body:
            return  # FastAPI answers a missing body
        media = media or JSON
        parse = functools.partial(
            build,
            target,
            body,
            media,
            max_errors=limits.max_errors,
            max_rows=limits.max_rows,
            limits=limits,
        )
        if len(body) <= self.inline_body_bytes:
            value = parse()
        else:  # a large body is parsed off the event loop
            value = await run_in_threadpool(parse)
        self._check_rows(frame_of(value), limits.max_rows)
        # FastAPI reads the parsed JSON body from here instead of parsing again
        cache_json(request, value)
        if media != JSON or upload:
            raw = [
                (k, v) for k, v in request.headers.raw if k.lower() != b"content-type"
            ]
            headers = Headers(raw=[*raw, (b"content-type", b"application/json")])
            replace_headers(request, headers)

    def _check_rows(self, frame: Any, max_rows: int | None) -> None:
        if (
            max_rows is not None
            and isinstance(frame, BaseFrame)
            and frame.height > max_rows
        ):
            raise to_http(RowLimitError(frame.height, max_rows))


_LEGACY_LIMITS = ("max_body_bytes", "max_rows", "max_errors")


def _depth(cls: type) -> int:
    """How many classes of ``cls``'s MRO come before ``DataFrameRoute``."""
    return cls.__mro__.index(DataFrameRoute)
