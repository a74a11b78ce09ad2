"""HTTP mapping of pydantable errors, and the partial-ingest error response.

:func:`register_exception_handlers` maps exceptions that escape a route:

============================================  ======  ==================================
exception                                     status  body
============================================  ======  ==================================
``pydantic.ValidationError``                  422     ``{"detail": exc.errors()}``
``ColumnLengthMismatchError``                 400     ``{"detail": str(exc)}``
``SchemaMismatchError``                       422     ``{"detail": str(exc)}``
``MissingRustExtensionError``                 503     ``{"detail": str(exc)}``
============================================  ======  ==================================

The dependencies of :mod:`pydantable.fastapi.dependencies` already turn
request-data errors into FastAPI's own 422/400 responses; the handlers cover
frames built inside routes.
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pydantic
from fastapi.applications import FastAPI
from fastapi.encoders import jsonable_encoder
from fastapi.requests import Request
from fastapi.responses import JSONResponse
from starlette.responses import Response

from pydantable.errors import (
    ColumnLengthMismatchError,
    MissingRustExtensionError,
    SchemaMismatchError,
)
from pydantable.validation.report import json_tokens as _json_tokens

__all__ = [
    "IngestRowFailure",
    "IngestValidationErrorDetail",
    "ingest_error_response",
    "json_safe_errors",
    "register_exception_handlers",
]

_JSON_SCALARS = (str, int, float, bool, type(None))


def _safe_ctx_value(value: Any) -> Any:
    if isinstance(value, _JSON_SCALARS):
        return value
    if isinstance(value, (list, tuple)) and all(
        isinstance(v, _JSON_SCALARS) for v in value
    ):
        return list(value)
    return str(value)


def json_safe_errors(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Pydantic error dicts made JSON-safe: ``url`` dropped, ``ctx`` values that are
    not JSON scalars (e.g. the ``ValueError`` of a ``value_error``) stringified, then
    :func:`fastapi.encoders.jsonable_encoder` for ``input`` (dates, Decimals ...).

    Example:
        >>> json_safe_errors([{"type": "value_error", "loc": ("x", 0), "msg": "m",
        ...                    "input": 1, "ctx": {"error": ValueError("neg")}}])
        [{'type': 'value_error', 'loc': ['x', 0], 'msg': 'm', 'input': 1, 'ctx': {'error': 'neg'}}]
    """
    out: list[dict[str, Any]] = []
    for error in errors:
        item = {k: v for k, v in error.items() if k != "url"}
        ctx = item.get("ctx")
        if isinstance(ctx, Mapping):
            item["ctx"] = {k: _safe_ctx_value(v) for k, v in ctx.items()}
        if "input" in item:
            item["input"] = _json_tokens(item["input"])
        out.append(item)
    encoded: list[dict[str, Any]] = jsonable_encoder(out)
    return encoded


def finite_inputs(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``errors`` with every non-finite float of an ``input`` as the token a
    client sends for it (``"NaN"``, ``"Infinity"``, ``"-Infinity"``).

    JSON has no such numbers: an error answer holding one could not be written
    (a 500). Nothing else changes, so FastAPI's own encoding of the errors
    stays as it is.

    Example:
        >>> finite_inputs([{"type": "finite_number", "input": float("nan")}])
        [{'type': 'finite_number', 'input': 'NaN'}]
    """
    return [
        {**error, "input": _json_tokens(error["input"])}
        if "input" in error
        else dict(error)
        for error in errors
    ]


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, pydantic.ValidationError)
    return JSONResponse(
        status_code=422,
        content={"detail": json_safe_errors(exc.errors(include_url=False))},
    )


def _status(code: int) -> Any:
    async def handler(request: Request, exc: Exception) -> Response:
        return JSONResponse(status_code=code, content={"detail": str(exc)})

    return handler


def register_exception_handlers(
    app: FastAPI, *, install_route_class: bool = True
) -> None:
    """Map pydantable/Pydantic data errors raised in routes to HTTP responses.

    Unless ``install_route_class=False``, routes defined afterwards use
    :class:`~pydantable.fastapi.DataFrameRoute` (when the app still uses the
    default ``APIRoute``): frame bodies are parsed and validated at engine
    speed, returned frames and ``to_dict()`` results are serialized in Rust.

    ``pydantic.ValidationError`` → 422 ``{"detail": [errors]}`` (JSON-safe),
    ``ColumnLengthMismatchError`` → 400, ``SchemaMismatchError`` → 422 and
    ``MissingRustExtensionError`` → 503, each ``{"detail": str(exc)}``. Other
    ``ValueError``\\ s are deliberately not mapped (they stay 500s).

    Example:
        >>> from fastapi import FastAPI
        >>> app = FastAPI()
        >>> register_exception_handlers(app)
        >>> ColumnLengthMismatchError in app.exception_handlers
        True
    """
    from fastapi.routing import APIRoute

    from pydantable.fastapi.routing import DataFrameRoute

    if install_route_class and app.router.route_class is APIRoute:
        app.router.route_class = DataFrameRoute
    app.add_exception_handler(pydantic.ValidationError, _validation_error)
    app.add_exception_handler(ColumnLengthMismatchError, _status(400))
    app.add_exception_handler(SchemaMismatchError, _status(422))
    app.add_exception_handler(MissingRustExtensionError, _status(503))


class IngestRowFailure(pydantic.BaseModel):
    """One row rejected by a best-effort ingest (``ignore_errors=True``)."""

    row_index: int
    row: Any
    errors: list[dict[str, Any]]


class IngestValidationErrorDetail(pydantic.BaseModel):
    """The body of :func:`ingest_error_response`."""

    title: str = "Ingest validation failed"
    failures: list[IngestRowFailure]


def ingest_error_response(
    failures: Sequence[Mapping[str, Any] | IngestRowFailure],
    *,
    status_code: int = 422,
    title: str = "Ingest validation failed",
) -> JSONResponse:
    """A JSON response ``{"title", "failures": [{"row_index", "row", "errors"}]}``.

    ``failures`` is what ``on_validation_errors`` received (dicts) or
    :class:`IngestRowFailure` models; rows and errors are made JSON-safe.

    Example:
        >>> from pydantable import DataFrameModel
        >>> class T(DataFrameModel):
        ...     x: int
        >>> failures: list = []
        >>> _ = T([{"x": 1}, {"x": "no"}], ignore_errors=True,
        ...       on_validation_errors=failures.extend)
        >>> response = ingest_error_response(failures)
        >>> response.status_code, response.body[:46]
        (422, b'{"title":"Ingest validation failed","failures"')
    """
    items = []
    for failure in failures:
        data = (
            failure.model_dump() if isinstance(failure, IngestRowFailure) else failure
        )
        items.append(
            {
                "row_index": data["row_index"],
                "row": jsonable_encoder(data.get("row")),
                "errors": json_safe_errors(data.get("errors", ())),
            }
        )
    detail = IngestValidationErrorDetail(
        title=title, failures=[IngestRowFailure.model_validate(i) for i in items]
    )
    return JSONResponse(status_code=status_code, content=detail.model_dump(mode="json"))
