"""The one exception → HTTP table (:func:`to_http`), JSON-safe error details, and
the partial-ingest error response.

:func:`to_http` answers every error of a frame body or route, from
:data:`HTTP_RULES` (the framework-free ``pydantable._http_errors`` table plus
the errors of a body read: ``BodyFormatError`` 400, ``RowLimitError`` 413).
The exceptions that escape a route are answered by the handlers of
:func:`~pydantable.fastapi.register_exception_handlers`:

============================================  ======  ==================================
exception                                     status  body
============================================  ======  ==================================
``pydantic.ValidationError``                  422     ``{"detail": exc.errors()}``
``ColumnLengthMismatchError``                 400     ``{"detail": str(exc)}``
``SchemaMismatchError``                       422     ``{"detail": str(exc)}``
``InvalidSourceError``                        400     ``{"detail": str(exc)}``
``MissingRustExtensionError``                 503     ``{"detail": str(exc)}``
============================================  ======  ==================================

The dependencies of :mod:`pydantable.fastapi.params` already turn
request-data errors into FastAPI's own 422/400 responses; the handlers cover
frames built inside routes.
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pydantic
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import HTTPException
from fastapi.responses import JSONResponse

from pydantable._http_errors import ERROR_RULES, ErrorRule, error_rule
from pydantable.errors import LimitExceededError, SchemaMismatchError
from pydantable.fastapi.request.formats import BodyFormatError, RowLimitError
from pydantable.validation.report import json_tokens as _json_tokens

__all__ = [
    "HTTP_RULES",
    "IngestRowFailure",
    "IngestValidationErrorDetail",
    "encodable",
    "finite_inputs",
    "http_status",
    "ingest_error_response",
    "json_safe_errors",
    "to_http",
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


#: The HTTP table: pydantable's data errors, then the errors of a body read.
HTTP_RULES: tuple[ErrorRule, ...] = (
    *ERROR_RULES,
    ErrorRule(BodyFormatError, 400),
    ErrorRule(RowLimitError, 413),
)


def http_status(exc: BaseException) -> int | None:
    """``exc``'s HTTP status in :data:`HTTP_RULES` (``None``: unmapped, a 500)."""
    rule = error_rule(exc, rules=HTTP_RULES)
    return None if rule is None else rule.status


def to_http(
    exc: BaseException, *, body: bool = False, max_errors: int | None = None
) -> HTTPException:
    """The HTTP answer to ``exc``, from :data:`HTTP_RULES`.

    ``body=True`` is the answer to a request body that failed (the errors of a
    ``pydantic.ValidationError`` located under ``"body"``, at most
    ``max_errors`` of them, the total in ``X-Error-Count``; a
    ``SchemaMismatchError`` as a ``schema_mismatch`` error at ``["body"]``);
    otherwise the answer to an error escaping a route (``{"detail": errors}``
    or ``{"detail": str(exc)}``). Unmapped exceptions give a plain 500.

    Example:
        >>> from pydantable.errors import ColumnLengthMismatchError
        >>> answer = to_http(ColumnLengthMismatchError({"a": 1, "b": 2}))
        >>> answer.status_code, answer.detail.split(";")[0]
        (400, 'All columns must have the same length')
    """
    answer = _to_http(exc, body=body, max_errors=max_errors)
    answer.detail = encodable(answer.detail)
    return answer


def encodable(value: Any) -> Any:
    """``value`` (an error answer's detail) with every string writable as UTF-8:
    a lone surrogate (valid in JSON text as an escape) as its escape, not a
    ``UnicodeEncodeError`` (a 500) when the answer is written.

    Example:
        >>> detail = encodable({"loc": ["body", chr(0xD800)], "msg": "ok"})
        >>> detail["loc"][1] == "\\\\ud800", detail["msg"]
        (True, 'ok')
    """
    if isinstance(value, str):
        if value.isascii():
            return value
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value.encode("utf-8", "backslashreplace").decode("utf-8")
        return value
    if isinstance(value, dict):
        return {encodable(k): encodable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encodable(v) for v in value]
    return value


def _to_http(
    exc: BaseException, *, body: bool, max_errors: int | None
) -> HTTPException:
    status = http_status(exc)
    if status is None:
        return HTTPException(status_code=500, detail="Internal Server Error")
    if isinstance(exc, pydantic.ValidationError):
        found = exc.errors(include_url=False)
        if not body:
            return HTTPException(status_code=status, detail=json_safe_errors(found))
        errors = json_safe_errors(
            {**e, "loc": ("body", *e["loc"])} for e in found[:max_errors]
        )
        total = max(getattr(exc, "pydantable_total_errors", 0), len(found))
        return HTTPException(
            status_code=status, detail=errors, headers={"X-Error-Count": str(total)}
        )
    if isinstance(exc, LimitExceededError):
        return _limit_answer(exc, status, body=body)
    if body and isinstance(exc, SchemaMismatchError):
        error = {"type": "schema_mismatch", "loc": ["body"], "msg": str(exc)}
        return HTTPException(status_code=status, detail=[{**error, "input": None}])
    return HTTPException(status_code=status, detail=str(exc))


#: Limits on the size of a body: over them is a 413, over the others a 422.
_SIZE_LIMITS = frozenset({"max_body_bytes", "max_rows"})


def _limit_answer(exc: LimitExceededError, status: int, *, body: bool) -> HTTPException:
    if exc.limit in _SIZE_LIMITS:
        status = 413
    if not body:
        return HTTPException(status_code=status, detail=str(exc))
    error = {
        "type": "limit_exceeded",
        "loc": ["body"],
        "msg": str(exc),
        "input": None,
        "ctx": {"limit": exc.limit, "value": exc.value, "maximum": exc.maximum},
    }
    return HTTPException(status_code=status, detail=[error])


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
