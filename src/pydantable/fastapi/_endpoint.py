"""The endpoint wrapper of :class:`~pydantable.fastapi.DataFrameRoute`.

It makes ``df: Model`` parameters JSON body parameters and writes the
endpoint's result: a frame as a
:class:`~pydantable.fastapi.DataFrameResponse`, JSON data in Rust
(:func:`fast_json`); anything else is left to FastAPI.
"""

from __future__ import annotations

import contextvars
import copy
import dataclasses
import functools
import inspect
import types
import typing
import weakref
from collections.abc import Callable
from typing import Any

from fastapi.params import Body, Depends, Param
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from pydantable._json import dumps_plain
from pydantable.engines.polars.execute import elementwise_source_cells
from pydantable.fastapi.responses import DataFrameResponse
from pydantable.frame import BaseFrame

_REQUEST: contextvars.ContextVar[Request | None] = contextvars.ContextVar(
    "pydantable_request", default=None
)


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


def _result_frame_class(annotation: Any) -> type[BaseFrame] | None:
    """The frame class of a response model: ``Users``, ``Users | None`` (a
    ``None`` result is FastAPI's to write) or either in ``Annotated``."""
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) != 1:
            return None
        annotation = args[0]
    return _frame_class(annotation)


#: The keyword the wrapper adds to receive FastAPI's ``sub_response`` (the
#: ``Response`` a route's dependencies and endpoint set headers/status on).
_SUB_RESPONSE = "_pydantable_sub_response"


def _is_body_marker(value: Any) -> bool:
    return isinstance(value, (Param, Body, Depends))


def _body_params(
    call: Callable[..., Any],
) -> tuple[inspect.Signature, list[inspect.Parameter], dict[str, Any], bool]:
    """``call``'s signature, its parameters with ``df: Model`` ones made JSON
    body parameters (and the dependencies they use rewritten the same way),
    its resolved hints, and whether anything changed."""
    try:
        hints = typing.get_type_hints(call, include_extras=True)
    except Exception:  # unresolvable annotations: FastAPI resolves them itself
        hints = {}
    signature = inspect.signature(call)
    params = []
    changed = False
    for param in signature.parameters.values():
        annotation = hints.get(param.name, param.annotation)
        metadata = (
            typing.get_args(annotation)[1:]
            if typing.get_origin(annotation) is typing.Annotated
            else ()
        )
        marked = _is_body_marker(param.default) or any(map(_is_body_marker, metadata))
        if not marked and _frame_class(annotation) is not None:
            param = param.replace(annotation=typing.Annotated[annotation, Body()])
            changed = True
        elif isinstance(param.default, Depends):
            default = _frame_dependency(param.default)
            changed = changed or default is not param.default
            param = param.replace(default=default, annotation=annotation)
        elif metadata and any(isinstance(m, Depends) for m in metadata):
            markers = tuple(
                _frame_dependency(m) if isinstance(m, Depends) else m for m in metadata
            )
            changed = changed or markers != metadata
            args = (typing.get_args(annotation)[0], *markers)
            param = param.replace(annotation=typing.Annotated[args])
        elif annotation is not param.annotation:
            param = param.replace(annotation=annotation)
        params.append(param)
    return signature, params, hints, changed


#: Dependency functions with ``df: Model`` parameters, rewritten once each (one
#: callable per dependency, so FastAPI's per-request cache still shares it).
_DEPENDENCIES: weakref.WeakKeyDictionary[Callable[..., Any], Callable[..., Any]] = (
    weakref.WeakKeyDictionary()
)


def _frame_dependency(marker: Any) -> Any:
    """``marker`` (a ``Depends``) whose dependency function takes its
    ``df: Model`` parameters as the request body, as an endpoint does; the
    marker itself when nothing needs rewriting (the caller's is never changed)."""
    call = marker.dependency
    if (
        not inspect.isfunction(call)
        or inspect.isasyncgenfunction(call)
        or (inspect.isgeneratorfunction(call))
    ):
        return marker
    found = _DEPENDENCIES.get(call)
    if found is None:
        signature, params, hints, changed = _body_params(call)
        found = call
        if changed:
            returns = hints.get("return", signature.return_annotation)
            found = _rewritten(
                call, signature.replace(parameters=params, return_annotation=returns)
            )
        _DEPENDENCIES[call] = found
    if found is call:
        return marker
    if dataclasses.is_dataclass(marker):
        return dataclasses.replace(marker, dependency=found)  # type: ignore[type-var]
    copied = copy.copy(marker)
    copied.dependency = found
    return copied


def _rewritten(call: Callable[..., Any], signature: inspect.Signature) -> Any:
    """A callable running ``call`` that FastAPI reads with ``signature``."""
    wrapper: Any
    if inspect.iscoroutinefunction(call):

        @functools.wraps(call)
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            return await call(*args, **kwargs)

    else:

        @functools.wraps(call)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return call(*args, **kwargs)

    wrapper.__signature__ = signature
    return wrapper


def _wrapper_signature(
    endpoint: Callable[..., Any],
) -> tuple[inspect.Signature, str | None]:
    """The wrapper's signature and the endpoint's own ``Response`` parameter.

    ``df: Model`` parameters — of the endpoint and of the dependency functions
    it uses — become JSON body parameters; unless the endpoint declares a
    ``Response`` parameter itself, a keyword-only one named ``_SUB_RESPONSE`` is
    added (FastAPI fills one such parameter per call).
    """
    signature, params, hints, _ = _body_params(endpoint)
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
    wrapped = signature.replace(
        parameters=params,
        return_annotation=hints.get("return", signature.return_annotation),
    )
    return wrapped, own


def _wrap(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    if inspect.isasyncgenfunction(endpoint) or inspect.isgeneratorfunction(endpoint):
        return endpoint
    state: dict[str, Any] = {"render": False, "status": None}
    signature, own = _wrapper_signature(endpoint)

    def render(result: Any, sub: Response | None) -> Any:
        if isinstance(result, Response):
            return result
        if not state["render"]:
            model = state.get("response_model")
            if model is None:
                return result
            code = state["status"] or (sub.status_code if sub is not None else None)
            answer = model.render(result, code or 200)
            if answer is None:
                return result
            if sub is not None:  # as FastAPI does for the results it serializes
                answer.headers.raw.extend(sub.headers.raw)
            return answer
        status = (sub.status_code if sub is not None else None) or state["status"]
        response: Response
        model = state.get("frame_model")
        if model is not None:
            result = _as_declared(result, model)
            if not isinstance(result, BaseFrame):
                return result  # FastAPI validates it against the response model
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
            if (
                state["render"] and isinstance(result, BaseFrame) and not _small(result)
            ) or (
                state.get("response_model") is not None
                and state["response_model"].takes(result)
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
    wrapper.__pydantable_state__ = state
    wrapped: Callable[..., Any] = wrapper
    return wrapped


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
    cells = elementwise_source_cells(frame._plan)
    return cells is not None and cells <= INLINE_RESULT_CELLS
