"""Writing the results of a :class:`~pydantable.fastapi.DataFrameRoute` endpoint.

:func:`wrap_endpoint` wraps the endpoint (its ``df: Model`` parameters made
JSON body parameters, see :mod:`pydantable.fastapi.request.annotations`) and
writes its result as the route's :class:`RenderState` says: a frame as a
:class:`~pydantable.fastapi.DataFrameResponse` negotiated on ``Accept``, JSON
data in Rust (:func:`fast_json`), rows under a ``response_model`` by
:class:`~pydantable.fastapi.response.response_model.ResponseModel`; anything
else is left to FastAPI.
"""

from __future__ import annotations

import contextvars
import dataclasses
import functools
import inspect
from collections.abc import Callable
from typing import Any

from fastapi.datastructures import DefaultPlaceholder
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from pydantable._json import dumps_plain
from pydantable.engines import engine_of
from pydantable.fastapi.request.annotations import (
    body_parameters,
    is_columnless_frame,
    result_frame_class,
)
from pydantable.fastapi.response.response_model import ResponseModel
from pydantable.fastapi.response.responses import DataFrameResponse
from pydantable.frame import BaseFrame

__all__ = [
    "CURRENT_REQUEST",
    "INLINE_RESULT_CELLS",
    "RenderState",
    "current_request",
    "fast_json",
    "wrap_endpoint",
]

CURRENT_REQUEST: contextvars.ContextVar[Request | None] = contextvars.ContextVar(
    "pydantable_request", default=None
)


def current_request() -> Request | None:
    """The request being handled by a :class:`DataFrameRoute` (``None`` outside)."""
    return CURRENT_REQUEST.get()


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


#: The keyword the wrapper adds to receive FastAPI's ``sub_response`` (the
#: ``Response`` a route's dependencies and endpoint set headers/status on).
_SUB_RESPONSE = "_pydantable_sub_response"


def _wrapper_signature(
    endpoint: Callable[..., Any],
) -> tuple[inspect.Signature, str | None]:
    """The wrapper's signature and the endpoint's own ``Response`` parameter.

    ``df: Model`` parameters — of the endpoint and of the dependency functions
    it uses — become JSON body parameters; unless the endpoint declares a
    ``Response`` parameter itself, a keyword-only one named ``_SUB_RESPONSE`` is
    added (FastAPI fills one such parameter per call).
    """
    signature, params, hints, _ = body_parameters(endpoint)
    own: str | None = None
    for param in params:
        if isinstance(param.annotation, type) and issubclass(
            param.annotation, Response
        ):
            own = param.name
    if own is None:
        extra = inspect.Parameter(
            _SUB_RESPONSE, inspect.Parameter.KEYWORD_ONLY, annotation=Response
        )
        at = len(params)
        if params and params[-1].kind is inspect.Parameter.VAR_KEYWORD:
            at -= 1
        params.insert(at, extra)
    returns = hints.get("return", signature.return_annotation)
    if is_columnless_frame(returns):
        # ``-> DataFrameModel``: a frame of any columns, written as an
        # unannotated route writes it (negotiated on ``Accept``)
        returns = inspect.Signature.empty
    wrapped = signature.replace(parameters=params, return_annotation=returns)
    return wrapped, own


@dataclasses.dataclass
class RenderState:
    """How a route writes its endpoint's results (set by :meth:`configure`)."""

    #: the result is written here (frame negotiated, JSON data in Rust)
    render: bool = False
    #: the route's declared ``status_code``
    status: int | None = None
    #: a frame class as response model (``-> Users``): negotiation is kept
    frame_model: type[BaseFrame] | None = None
    #: rows under any other response model, written fast when large
    response_model: ResponseModel | None = None

    def configure(self, route: APIRoute) -> None:
        """Read ``route``'s response model, response class and status code."""
        # ``-> Any`` constrains nothing: rendered like an unannotated route
        default_class = isinstance(route.response_class, DefaultPlaceholder)
        # a frame class as response model (``-> Users``) keeps negotiation:
        # the frame is rendered in the format the client accepts
        self.frame_model = (
            result_frame_class(route.response_model) if default_class else None
        )
        self.render = default_class and (
            route.response_model in (None, Any) or self.frame_model is not None
        )
        self.status = route.status_code
        self.response_model = None if self.render else ResponseModel.of(route)


def wrap_endpoint(
    endpoint: Callable[..., Any],
) -> tuple[Callable[..., Any], RenderState | None]:
    """The endpoint FastAPI sees, and the state that says how it writes results
    (``None``: a generator endpoint, left as it is)."""
    if inspect.isasyncgenfunction(endpoint) or inspect.isgeneratorfunction(endpoint):
        return endpoint, None
    state = RenderState()
    signature, own = _wrapper_signature(endpoint)

    def render(result: Any, sub: Response | None) -> Any:
        if isinstance(result, Response):
            return result
        if not state.render:
            rows = state.response_model
            if rows is None:
                return result
            code = state.status or (sub.status_code if sub is not None else None)
            answer = rows.render(result, code or 200)
            if answer is None:
                return result
            if sub is not None:  # as FastAPI does for the results it serializes
                answer.headers.raw.extend(sub.headers.raw)
            return answer
        status = (sub.status_code if sub is not None else None) or state.status
        response: Response
        model = state.frame_model
        if model is not None:
            result = _as_declared(result, model)
            if not isinstance(result, BaseFrame):
                return result  # FastAPI validates it against the response model
        if isinstance(result, BaseFrame):
            response = DataFrameResponse(
                result, request=CURRENT_REQUEST.get(), status_code=status or 200
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
            if (
                state.render and isinstance(result, BaseFrame) and not _small(result)
            ) or (
                state.response_model is not None and state.response_model.takes(result)
            ):
                # a large result is written off the event loop
                return await run_in_threadpool(render, result, sub)
            return render(result, sub)

        wrapper = async_wrapper
    else:

        @functools.wraps(endpoint)
        def sync_wrapper(*args: Any, **kwargs: Any) -> Any:
            sub = sub_response(kwargs)
            return render(endpoint(*args, **kwargs), sub)

        wrapper = sync_wrapper
    wrapper.__signature__ = signature
    wrapped: Callable[..., Any] = wrapper
    return wrapped, state


#: An ``async def`` endpoint's frame result whose plan reads at most this many
#: cells (elementwise steps over an in-memory table) is written on the event
#: loop: a thread hop would cost more. Anything else is written in a worker thread.
INLINE_RESULT_CELLS = 200_000


def _as_declared(result: Any, model: type[BaseFrame]) -> Any:
    """A frame ``result`` with the columns of the declared response ``model``
    (its own when the schemas agree, a projection when it has more columns
    stored alike), or ``result`` itself: anything else is FastAPI's to check."""
    if not isinstance(result, BaseFrame):
        return result
    declared = model.__pydantable_schema__
    schema = result._plan.schema
    if schema == declared:
        return result
    if all(name in schema and schema[name] == declared[name] for name in declared):
        return result.select(*declared)
    return result


def _small(frame: BaseFrame) -> bool:
    cells = engine_of(frame._plan).cheap_cells(frame._plan)
    return cells is not None and cells <= INLINE_RESULT_CELLS
