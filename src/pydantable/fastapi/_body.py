"""Request bodies of :class:`~pydantable.fastapi.DataFrameRoute`: what a route's
body becomes (a frame type or a pydantable body dependency), reading it with a
size limit, building the frame, and FastAPI's error answers for bad bodies.
"""

from __future__ import annotations

import json
import logging
import typing
from typing import Any

import pydantic
import pydantic_core
from fastapi.exceptions import HTTPException, RequestValidationError
from fastapi.routing import APIRoute
from starlette.requests import Request

from pydantable.errors import ColumnLengthMismatchError, SchemaMismatchError
from pydantable.fastapi._endpoint import _frame_class
from pydantable.fastapi.bodies import ParsedRows
from pydantable.fastapi.errors import json_safe_errors
from pydantable.fastapi.formats import (
    CSV,
    JSON,
    BodyFormatError,
    RowLimitError,
    check_json_rows,
    fast_json_frame,
    parse_frame,
    rows_first,
)
from pydantable.frame import BaseFrame

_log = logging.getLogger("pydantable.fastapi")


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


def _frame_of(value: Any) -> Any:
    """The frame inside what :func:`_build` returns."""
    frame = value.frame if isinstance(value, ParsedRows) else value
    inner = getattr(frame, "_pydantable_frame", None)
    return frame if inner is None else inner


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
            options = target.call.__pydantable_options__
            fast = fast_json_frame(target.model, body, options, max_rows=max_rows)
            if fast is not None:
                return target.call.__pydantable_wrap__(fast)
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
    if isinstance(exc, pydantic.ValidationError):
        found = exc.errors(include_url=False)
        errors = json_safe_errors(
            {**e, "loc": ("body", *e["loc"])} for e in found[:max_errors]
        )
        total = max(getattr(exc, "pydantable_total_errors", 0), len(found))
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
