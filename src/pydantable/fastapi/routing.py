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

import contextvars
import functools
import inspect
import json
import logging
import typing
from collections.abc import Callable
from typing import Any, ClassVar

import pydantic
import pydantic_core
from fastapi.datastructures import DefaultPlaceholder
from fastapi.exceptions import HTTPException, RequestValidationError
from fastapi.params import Body, Depends, Param
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import Response

from pydantable._deferred import DeferredFrame, resolve_deferred
from pydantable._json import dumps_plain
from pydantable.errors import ColumnLengthMismatchError, SchemaMismatchError
from pydantable.fastapi._prepared import PreparedDependency
from pydantable.fastapi._prepared import install as install_prepared
from pydantable.fastapi.bodies import ParsedRows
from pydantable.fastapi.errors import json_safe_errors
from pydantable.fastapi.formats import (
    CSV,
    JSON,
    BodyFormatError,
    RowLimitError,
    check_json_rows,
    media_type_of,
    parse_frame,
    rows_first,
)
from pydantable.fastapi.openapi import route_openapi_extra
from pydantable.fastapi.responses import DataFrameResponse
from pydantable.fastapi.uploads import is_multipart, read_upload
from pydantable.frame import BaseFrame
from pydantable.materialize import elementwise_source_cells

__all__ = ["DataFrameRoute", "current_request", "fast_json"]

_log = logging.getLogger("pydantable.fastapi")
_REQUEST: contextvars.ContextVar[Request | None] = contextvars.ContextVar(
    "pydantable_request", default=None
)
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def current_request() -> Request | None:
    """The request being handled by a :class:`DataFrameRoute` (``None`` outside)."""
    return _REQUEST.get()


def fast_json(value: Any) -> bytes | None:
    """JSON bytes of a route's ``dict``/``list`` result (``None``: leave it to FastAPI).

    Dicts with ``str`` keys, lists and JSON scalars — what ``df.to_dict()`` and
    ``df.to_dicts()`` give for frames of numbers, strings and booleans — are
    serialized in Rust with no per-cell Python; non-finite floats become
    ``null``. Anything FastAPI's encoder might write differently (dates,
    Decimals, models, ...) gives ``None``.

    Example:
        >>> fast_json({"a": [1, None], "b": ["x", "y"]})
        b'{"a":[1,null],"b":["x","y"]}'
        >>> fast_json({"a": [object()]}) is None
        True
    """
    if type(value) is not dict and type(value) is not list:
        return None
    return dumps_plain(value)


def _frame_class(annotation: Any) -> type[BaseFrame] | None:
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if isinstance(annotation, type) and issubclass(annotation, BaseFrame):
        return annotation
    return None


#: The keyword the wrapper adds to receive FastAPI's ``sub_response`` (the
#: ``Response`` a route's dependencies and endpoint set headers/status on).
_SUB_RESPONSE = "_pydantable_sub_response"


def _is_body_marker(value: Any) -> bool:
    return isinstance(value, (Param, Body, Depends))


def _wrapper_signature(
    endpoint: Callable[..., Any],
) -> tuple[inspect.Signature, str | None]:
    """The wrapper's signature and the endpoint's own ``Response`` parameter.

    ``df: Model`` parameters become JSON body parameters; unless the endpoint
    declares a ``Response`` parameter itself, a keyword-only one named
    ``_SUB_RESPONSE`` is added (FastAPI fills one such parameter per call).
    """
    try:
        hints = typing.get_type_hints(endpoint, include_extras=True)
    except Exception:  # unresolvable annotations: FastAPI resolves them itself
        hints = {}
    signature = inspect.signature(endpoint)
    own: str | None = None
    params = []
    for param in signature.parameters.values():
        annotation = hints.get(param.name, param.annotation)
        marked = _is_body_marker(param.default) or (
            typing.get_origin(annotation) is typing.Annotated
            and any(_is_body_marker(m) for m in typing.get_args(annotation)[1:])
        )
        if not marked and _frame_class(annotation) is not None:
            param = param.replace(annotation=typing.Annotated[annotation, Body()])
        elif annotation is not param.annotation:
            param = param.replace(annotation=annotation)
        if isinstance(annotation, type) and issubclass(annotation, Response):
            own = param.name
        params.append(param)
    if own is None:
        extra = inspect.Parameter(
            _SUB_RESPONSE, inspect.Parameter.KEYWORD_ONLY, annotation=Response
        )
        at = len(params)
        if params and params[-1].kind is inspect.Parameter.VAR_KEYWORD:
            at -= 1
        params.insert(at, extra)
    wrapped = signature.replace(
        parameters=params,
        return_annotation=hints.get("return", signature.return_annotation),
    )
    return wrapped, own


def _wrap(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    if inspect.isasyncgenfunction(endpoint) or inspect.isgeneratorfunction(endpoint):
        return endpoint
    state: dict[str, Any] = {"render": False, "status": None, "defer": False}
    signature, own = _wrapper_signature(endpoint)

    def render(result: Any, sub: Response | None) -> Any:
        if not state["render"] or isinstance(result, Response):
            return result
        status = (sub.status_code if sub is not None else None) or state["status"]
        response: Response
        if isinstance(result, BaseFrame):
            response = DataFrameResponse(
                result, request=_REQUEST.get(), status_code=status or 200
            )
        else:
            body = fast_json(result)
            if body is None:
                return result
            response = Response(
                body, status_code=status or 200, media_type="application/json"
            )
        if sub is not None:  # what FastAPI does for the results it serializes
            response.headers.raw.extend(sub.headers.raw)
        return response

    def sub_response(kwargs: dict[str, Any]) -> Response | None:
        found = kwargs.get(own) if own is not None else kwargs.pop(_SUB_RESPONSE, None)
        return found if isinstance(found, Response) else None

    wrapper: Any
    if inspect.iscoroutinefunction(endpoint):

        @functools.wraps(endpoint)
        async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
            sub = sub_response(kwargs)
            result = await endpoint(*args, **kwargs)
            if state["render"] and isinstance(result, BaseFrame) and not _small(result):
                # a large result is written off the event loop
                return await run_in_threadpool(render, result, sub)
            return render(result, sub)

        wrapper = async_wrapper
    else:

        @functools.wraps(endpoint)
        def sync_wrapper(*args: Any, **kwargs: Any) -> Any:
            sub = sub_response(kwargs)
            if state["defer"]:
                resolve_deferred(kwargs)  # the body's frame, built in this thread
            return render(endpoint(*args, **kwargs), sub)

        wrapper = sync_wrapper
    wrapper.__signature__ = signature
    wrapper.__pydantable_state__ = state
    wrapped: Callable[..., Any] = wrapper
    return wrapped


class _Target:
    """What a route's body becomes: a frame class, or a pydantable dependency."""

    def __init__(self, kind: str, model: type[BaseFrame], call: Any = None) -> None:
        self.kind = kind
        self.model = model
        self.call = call


def _body_target(route: APIRoute) -> _Target | None:
    body_params = []
    stack = [route.dependant]
    while stack:
        node = stack.pop()
        body_params.extend(node.body_params)
        stack.extend(node.dependencies)
    if len(body_params) != 1:
        return None
    model = _frame_class(body_params[0].field_info.annotation)
    if model is not None:
        return _Target("frame", model)
    stack = list(route.dependant.dependencies)
    while stack:
        sub = stack.pop()
        spec = getattr(sub.call, "__pydantable_body__", None)
        if spec is not None:
            return _Target(spec[0], spec[1], sub.call)
        stack.extend(sub.dependencies)
    return None


class DataFrameRoute(APIRoute):
    """An ``APIRoute`` with engine-speed frame bodies and responses (module docs).

    Class attributes (override in a subclass): ``max_body_bytes`` (413 above
    it, checked while the body arrives), ``max_rows`` (413 above it),
    ``max_errors`` (422 details; the total is in ``X-Error-Count``),
    ``inline_body_bytes`` (bodies up to this size are parsed on the event loop
    for ``async def`` endpoints; larger ones in a worker thread).

    Where the work runs: for a ``def`` endpoint, the body's frame is built in
    the worker thread that runs the endpoint (one thread hop per request); for
    an ``async def`` endpoint, small bodies and small results (see
    :data:`INLINE_RESULT_CELLS`) are handled on the event loop — no hop at
    all — and large ones in a worker thread, so the loop stays responsive.
    """

    max_body_bytes: ClassVar[int | None] = 64 * 1024 * 1024
    inline_body_bytes: ClassVar[int] = 1024 * 1024
    max_rows: ClassVar[int | None] = None
    max_errors: ClassVar[int] = 100

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        self._pydantable_target: _Target | None = None
        wrapped = _wrap(endpoint)
        super().__init__(path, wrapped, **kwargs)
        state = getattr(wrapped, "__pydantable_state__", None)
        if state is not None:
            # ``-> Any`` constrains nothing: rendered like an unannotated route
            state["render"] = self.response_model in (None, Any) and isinstance(
                self.response_class, DefaultPlaceholder
            )
            state["status"] = self.status_code
        self._pydantable_target = _body_target(self)
        target = self._pydantable_target
        if target is not None and target.call is not None:
            install_prepared(self.dependant, target.call)
        self._pydantable_defer = (
            state is not None
            and not inspect.iscoroutinefunction(endpoint)
            and target is not None
            and _endpoint_only(self.dependant, target)
        )
        if state is not None:
            state["defer"] = self._pydantable_defer
        self.openapi_extra = route_openapi_extra(
            self,
            body_model=None if target is None else target.model,
            renders=state is not None and bool(state["render"]),
        )

    def get_route_handler(self) -> Callable[[Request], Any]:
        inner = super().get_route_handler()

        async def handler(request: Request) -> Response:
            token = _REQUEST.set(request)
            try:
                target = self._pydantable_target
                if target is not None and request.method in _BODY_METHODS:
                    await self._prepare_body(request, target)
                return await inner(request)
            finally:
                _REQUEST.reset(token)

        return handler

    async def _prepare_body(self, request: Request, target: _Target) -> None:
        content_type = request.headers.get("content-type")
        media = media_type_of(content_type)
        upload = media is None and is_multipart(content_type)
        if media is None and content_type and not upload:
            raise HTTPException(
                status_code=415,
                detail=f"Unsupported media type {content_type.split(';')[0]!r}",
            )
        if upload:  # the file part of a form (see pydantable.fastapi.uploads)
            body, media = await read_upload(request, self.max_body_bytes)
        else:
            body = await _read_limited(request, self.max_body_bytes)
        if not body:
            return  # FastAPI answers a missing body
        media = media or JSON
        if self._pydantable_defer and not (
            target.call is not None and self._overridden()
        ):
            # built in the endpoint's worker thread (see pydantable._deferred)
            deferred = DeferredFrame(
                target.model, functools.partial(self._frame, target, body, media)
            )
            value: Any = deferred
            if target.kind == "rows":
                value = ParsedRows(deferred)
            elif target.kind == "columns":
                value = target.call.__pydantable_wrap__(deferred)
        else:
            build = functools.partial(
                _build, target, body, media, self.max_errors, max_rows=self.max_rows
            )
            if len(body) <= self.inline_body_bytes:
                value = build()
            else:  # a large body is parsed off the event loop
                value = await run_in_threadpool(build)
            self._check_rows(_frame_of(value))
        # FastAPI reads the parsed JSON body from here instead of parsing again
        request._json = value
        if media != JSON or upload:
            raw = [
                (k, v) for k, v in request.headers.raw if k.lower() != b"content-type"
            ]
            request._headers = Headers(
                raw=[*raw, (b"content-type", b"application/json")]
            )

    def _frame(self, target: _Target, body: bytes, media: str) -> Any:
        built = _build(target, body, media, self.max_errors, max_rows=self.max_rows)
        frame = _frame_of(built)
        self._check_rows(frame)
        return frame

    def _check_rows(self, frame: Any) -> None:
        if (
            self.max_rows is not None
            and isinstance(frame, BaseFrame)
            and frame.height > self.max_rows
        ):
            raise HTTPException(
                status_code=413,
                detail=f"Too many rows: {frame.height} > {self.max_rows}",
            )

    def _overridden(self) -> bool:
        """Whether the app overrides dependencies (they then see the built frame)."""
        provider = self.dependency_overrides_provider
        return bool(getattr(provider, "dependency_overrides", None))


#: An ``async def`` endpoint's frame result whose plan reads at most this many
#: cells (elementwise steps over an in-memory table) is written on the event
#: loop: a thread hop would cost more. Anything else is written in a worker thread.
INLINE_RESULT_CELLS = 200_000


def _small(frame: BaseFrame) -> bool:
    cells = elementwise_source_cells(frame._plan)
    return cells is not None and cells <= INLINE_RESULT_CELLS


def _frame_of(value: Any) -> Any:
    """The frame inside what :func:`_build` returns."""
    frame = value.frame if isinstance(value, ParsedRows) else value
    inner = getattr(frame, "_pydantable_frame", None)
    return frame if inner is None else inner


def _endpoint_only(dependant: Any, target: _Target) -> bool:
    """Whether the body's frame goes to the endpoint alone: a body parameter of
    the endpoint itself, or a pydantable dependency used by the endpoint only."""
    if target.call is None:
        return any(
            _frame_class(p.field_info.annotation) is target.model
            for p in dependant.body_params
        )
    uses = 0
    stack = [(node, 1) for node in dependant.dependencies]
    while stack:
        node, depth = stack.pop()
        call = node.call
        if isinstance(call, PreparedDependency):
            call = call.dependency
        if call is target.call:
            if depth > 1:
                return False
            uses += 1
        stack.extend((sub, depth + 1) for sub in node.dependencies)
    return uses == 1


async def _read_limited(request: Request, limit: int | None) -> bytes:
    declared = request.headers.get("content-length")
    if limit is not None and declared and declared.isdigit() and int(declared) > limit:
        raise HTTPException(status_code=413, detail=f"Body larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if limit is not None and size > limit:
            raise HTTPException(
                status_code=413, detail=f"Body larger than {limit} bytes"
            )
        chunks.append(chunk)
    body = b"".join(chunks)
    request._body = body
    return body


def _json_error(exc: json.JSONDecodeError) -> RequestValidationError:
    return RequestValidationError(
        [
            {
                "type": "json_invalid",
                "loc": ("body", exc.pos),
                "msg": "JSON decode error",
                "input": {},
                "ctx": {"error": exc.msg},
            }
        ]
    )


def _build(
    target: _Target,
    body: bytes,
    media: str,
    max_errors: int,
    *,
    max_rows: int | None = None,
) -> Any:
    try:
        if target.kind == "frame":
            return parse_frame(
                target.model, body, media, max_rows=max_rows, max_errors=max_errors
            )
        if media == JSON:
            data = pydantic_core.from_json(
                body, allow_inf_nan=True, cache_strings="keys"
            )
            check_json_rows(data, max_rows)
            return target.call.__pydantable_prepare__(data)
        frame = parse_frame(
            target.model,
            body,
            media,
            max_rows=max_rows,
            **target.call.__pydantable_options__,
        )
        return target.call.__pydantable_wrap__(frame)
    except RowLimitError as exc:
        raise HTTPException(status_code=413, detail=str(exc)) from None
    except json.JSONDecodeError as exc:
        raise _json_error(exc) from None
    except ValueError as exc:
        if media == JSON and not isinstance(exc, pydantic.ValidationError):
            try:
                json.loads(body)
            except json.JSONDecodeError as decode:
                raise _json_error(decode) from None
            except ValueError:  # not UTF-8: FastAPI's answer to such a body
                detail = "There was an error parsing the body"
                raise HTTPException(status_code=400, detail=detail) from None
        if media == CSV and isinstance(exc, pydantic.ValidationError):
            exc = rows_first(exc)  # a row format: errors at (row, column)
        _raise_http(exc)
    except (RequestValidationError, HTTPException):
        raise
    except Exception:
        _log.exception("pydantable: reading a request body failed")
        raise HTTPException(status_code=500, detail="Internal Server Error") from None
    raise AssertionError("unreachable")  # pragma: no cover


def _raise_http(exc: ValueError) -> typing.NoReturn:
    if isinstance(exc, pydantic.ValidationError):
        errors = json_safe_errors(
            {**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)
        )
        total = getattr(exc, "pydantable_total_errors", len(errors))
        raise HTTPException(
            status_code=422, detail=errors, headers={"X-Error-Count": str(total)}
        ) from None
    if isinstance(exc, ColumnLengthMismatchError):
        raise HTTPException(status_code=400, detail=str(exc)) from None
    if isinstance(exc, SchemaMismatchError):
        raise HTTPException(
            status_code=422,
            detail=[
                {
                    "type": "schema_mismatch",
                    "loc": ["body"],
                    "msg": str(exc),
                    "input": None,
                }
            ],
        ) from None
    if isinstance(exc, BodyFormatError):
        raise HTTPException(status_code=400, detail=str(exc)) from None
    _log.exception("pydantable: reading a request body failed", exc_info=exc)
    raise HTTPException(status_code=500, detail="Internal Server Error") from None
