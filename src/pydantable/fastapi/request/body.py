"""What a :class:`~pydantable.fastapi.DataFrameRoute` builds its body into, and how.

* :class:`BodySpec`: the frozen description of a pydantable body dependency
  (``columnar_dependency``/``rows_dependency``), registered for the dependency
  function by :func:`register_body_spec` and read by :func:`body_spec_of`;
* :func:`body_target`: what a route's body becomes (a frame class, or such a
  dependency);
* :func:`read_limited`: the body bytes, with the route's size limit (413);
* :func:`build`: the frame (or the dependency's prepared value) from the raw
  bytes, every failure answered by :func:`~pydantable.fastapi.errors.to_http`.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import typing
import weakref
from collections.abc import Callable, Mapping
from typing import Any, Literal

import pydantic
import pydantic_core
from fastapi.exceptions import HTTPException, RequestValidationError
from fastapi.routing import APIRoute
from starlette.requests import Request

from pydantable._fastapi_compat import cache_body
from pydantable.errors import LimitExceededError
from pydantable.fastapi.body_models import ParsedRows, attached_frame
from pydantable.fastapi.errors import to_http
from pydantable.fastapi.request.annotations import frame_class
from pydantable.fastapi.request.formats import (
    CSV,
    JSON,
    RowLimitError,
    check_columns,
    check_json_body,
    check_json_rows,
    fast_json_frame,
    parse_frame,
    rows_first,
)
from pydantable.frame import BaseFrame
from pydantable.limits import IngestLimits

_log = logging.getLogger("pydantable.fastapi")


__all__ = [
    "BodySpec",
    "BodyTarget",
    "body_spec_of",
    "body_target",
    "build",
    "frame_of",
    "read_limited",
    "register_body_spec",
]


@dataclasses.dataclass(frozen=True)
class BodySpec:
    """A pydantable body dependency, as a ``DataFrameRoute`` builds its body.

    ``kind`` is the body's shape (``"columns"``: one JSON array per column,
    ``"rows"``: an array of row objects); ``options`` the frame constructor's
    keywords; ``prepare`` turns a decoded JSON body into the dependency's
    parameter value and ``wrap`` a ready frame into it.
    """

    kind: Literal["columns", "rows"]
    model: type[BaseFrame]
    options: Mapping[str, Any]
    prepare: Callable[[Any], Any]
    wrap: Callable[[Any], Any]


#: Dependency function → its spec: the one place a BodySpec is kept.
_SPECS: weakref.WeakKeyDictionary[Callable[..., Any], BodySpec] = (
    weakref.WeakKeyDictionary()
)


def register_body_spec(dependency: Callable[..., Any], spec: BodySpec) -> None:
    """Let a ``DataFrameRoute`` build ``dependency``'s body from the raw bytes."""
    _SPECS[dependency] = spec


def body_spec_of(dependency: Any) -> BodySpec | None:
    """The spec registered for ``dependency`` (``None``: not a body dependency)."""
    try:
        return _SPECS.get(dependency)
    except TypeError:  # not weak-referenceable: no pydantable dependency
        return None


@dataclasses.dataclass(frozen=True)
class BodyTarget:
    """What a route's body becomes: a frame class (``spec`` ``None``), or the
    pydantable body dependency ``dependency`` described by ``spec``."""

    model: type[BaseFrame]
    spec: BodySpec | None = None
    dependency: Callable[..., Any] | None = None


def body_target(route: APIRoute) -> BodyTarget | None:
    """What ``route``'s one body parameter becomes (``None``: nothing of ours)."""
    body_params = []
    stack = [route.dependant]
    while stack:
        node = stack.pop()
        body_params.extend(node.body_params)
        stack.extend(node.dependencies)
    if len(body_params) != 1:
        return None
    model = frame_class(body_params[0].field_info.annotation)
    if model is not None:
        return BodyTarget(model)
    stack = list(route.dependant.dependencies)
    while stack:
        sub = stack.pop()
        spec = body_spec_of(sub.call)
        if spec is not None:
            return BodyTarget(spec.model, spec, sub.call)
        stack.extend(sub.dependencies)
    return None


def frame_of(value: Any) -> Any:
    """The frame inside what :func:`build` returns."""
    frame = value.frame if isinstance(value, ParsedRows) else value
    inner = attached_frame(frame)
    return frame if inner is None else inner


async def read_limited(request: Request, limit: int | None) -> bytes:
    """The body, read with the size ``limit`` (413 above it, while it arrives)."""
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
    cache_body(request, body)
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


def build(
    target: BodyTarget,
    body: bytes,
    media: str,
    *,
    max_errors: int,
    max_rows: int | None = None,
    limits: IngestLimits | None = None,
) -> Any:
    """The value FastAPI gets for ``target`` from the raw ``body`` of ``media``
    (``limits``: see :func:`~pydantable.fastapi.request.formats.parse_frame`)."""
    spec = target.spec
    try:
        if spec is None:
            return parse_frame(
                target.model,
                body,
                media,
                max_rows=max_rows,
                limits=limits,
                max_errors=max_errors,
            )
        if media == JSON:
            if limits is not None:
                check_json_body(body, limits)
            fast = fast_json_frame(
                target.model, body, dict(spec.options), max_rows=max_rows
            )
            if fast is not None:
                return spec.wrap(fast)
            data = pydantic_core.from_json(
                body, allow_inf_nan=True, cache_strings="keys"
            )
            if limits is not None and isinstance(data, dict):
                check_columns(len(data), limits)
            check_json_rows(data, max_rows)
            return spec.prepare(data)
        frame = parse_frame(
            target.model,
            body,
            media,
            max_rows=max_rows,
            limits=limits,
            **spec.options,
        )
        return spec.wrap(frame)
    except (RowLimitError, LimitExceededError) as exc:
        raise to_http(exc, body=True) from None
    except json.JSONDecodeError as exc:
        raise _json_error(exc) from None
    except ValueError as exc:
        if media == JSON and not isinstance(exc, pydantic.ValidationError):
            try:
                json.loads(body)
            except json.JSONDecodeError as decode:
                raise _json_error(decode) from None
            except (ValueError, RecursionError):
                # not UTF-8, or nested deeper than any decoder goes: FastAPI's
                # answer to such a body
                detail = "There was an error parsing the body"
                raise HTTPException(status_code=400, detail=detail) from None
        if media == CSV and isinstance(exc, pydantic.ValidationError):
            exc = rows_first(exc)  # a row format: errors at (row, column)
        _raise_http(exc, max_errors)
    except (RequestValidationError, HTTPException):
        raise
    except Exception:
        _log.exception("pydantable: reading a request body failed")
        raise HTTPException(status_code=500, detail="Internal Server Error") from None
    raise AssertionError("unreachable")  # pragma: no cover


def _raise_http(exc: ValueError, max_errors: int) -> typing.NoReturn:
    answer = to_http(exc, body=True, max_errors=max_errors)
    if answer.status_code == 500:
        _log.exception("pydantable: reading a request body failed", exc_info=exc)
    raise answer from None
