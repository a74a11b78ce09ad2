"""Wire formats of frames: request-body parsing and engine serialization.

Request bodies (by ``Content-Type``) are parsed by the engine or by Rust JSON
parsers, never cell by cell in Python, then validated by the frame's
vectorized ingest:

==========================================  =========================  ===========
media type                                  body                       error loc
==========================================  =========================  ===========
``application/json``                        ``{"col": [...]}`` or      ``[col, row]``
                                            ``[{...}, ...]``           ``[row, key]``
``application/x-ndjson``                    one row object per line    ``[row, key]``
``text/csv``                                header + rows              ``[row, col]``
``application/vnd.apache.arrow.stream``     Arrow IPC stream           ``[col, row]``
``application/vnd.apache.parquet``          Parquet file               ``[col, row]``
==========================================  =========================  ===========

Example:
    >>> negotiate("text/csv;q=0.5, application/x-ndjson")
    'application/x-ndjson'
    >>> negotiate("*/*")
    'application/json'
"""

from __future__ import annotations

import io
import json
from typing import Any

import polars as pl
import pydantic
import pydantic_core

from pydantable.frame import BaseFrame

__all__ = [
    "ARROW",
    "CSV",
    "JSON",
    "NDJSON",
    "PARQUET",
    "RESPONSE_MEDIA_TYPES",
    "BodyFormatError",
    "json_shape",
    "media_type_of",
    "negotiate",
    "parse_frame",
]

JSON = "application/json"
NDJSON = "application/x-ndjson"
CSV = "text/csv"
ARROW = "application/vnd.apache.arrow.stream"
PARQUET = "application/vnd.apache.parquet"

#: Media types a frame can be written as, in order of preference for ``*/*``.
RESPONSE_MEDIA_TYPES: tuple[str, ...] = (JSON, NDJSON, CSV, ARROW, PARQUET)
_ALIASES = {
    "application/ndjson": NDJSON,
    "application/jsonl": NDJSON,
    "application/x-jsonlines": NDJSON,
    "application/vnd.apache.arrow.file": ARROW,
    "application/x-parquet": PARQUET,
    "application/parquet": PARQUET,
    "application/csv": CSV,
}
#: Row-oriented formats locate errors ``(row, column)``; the others ``(column, row)``.
ROW_FORMATS = frozenset({NDJSON, CSV})


class BodyFormatError(ValueError):
    """A body that could not be read as its declared format (an HTTP 400)."""


def media_type_of(content_type: str | None) -> str | None:
    """The canonical media type of a ``Content-Type`` header (``None`` if unknown).

    Example:
        >>> media_type_of("application/json; charset=utf-8")
        'application/json'
        >>> media_type_of("text/plain") is None
        True
    """
    if not content_type:
        return None
    base = content_type.split(";", 1)[0].strip().lower()
    base = _ALIASES.get(base, base)
    if base == JSON or (base.startswith("application/") and base.endswith("+json")):
        return JSON
    return base if base in RESPONSE_MEDIA_TYPES else None


def negotiate(accept: str | None, default: str = JSON) -> str | None:
    """The response media type for an ``Accept`` header (``None``: nothing acceptable).

    Quality values are honoured; ties keep the header's order; ``*/*`` (or no
    header) gives ``default``.
    """
    if not accept:
        return default
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in pieces[1:]:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if pieces[0] and q > 0:
            ranked.append((-q, index, pieces[0].lower()))
    for _, _, media in sorted(ranked):
        if media in ("*/*", "application/*"):
            return default
        if media == "text/*":
            return CSV
        found = media_type_of(media)
        if found is not None:
            return found
    return None


def _json_body(body: bytes) -> Any:
    try:
        return pydantic_core.from_json(body, allow_inf_nan=True, cache_strings="keys")
    except ValueError:
        # the exact error FastAPI reports (position included) comes from json
        return json.loads(body)


def json_shape(data: Any) -> Any:
    """Check a parsed JSON body is columns of arrays or an array of objects.

    ``null`` columns are dropped (an optional column left out). Returns the data
    to ingest; raises ``pydantic.ValidationError`` located like Pydantic would
    (``list_type`` at ``(key,)``, ``model_attributes_type`` at ``(row,)``).
    """
    errors: list[Any] = []
    if isinstance(data, dict):
        data = {k: v for k, v in data.items() if v is not None}
        for key, values in data.items():
            if not isinstance(values, list):
                errors.append({"type": "list_type", "loc": (key,), "input": values})
    elif isinstance(data, list):
        for index, row in enumerate(data):
            if type(row) is not dict:
                errors.append(
                    {"type": "model_attributes_type", "loc": (index,), "input": row}
                )
    else:
        errors.append({"type": "model_attributes_type", "loc": (), "input": data})
    if errors:
        raise pydantic.ValidationError.from_exception_data("body", errors)
    return data


def parse_frame(model: type[BaseFrame], body: bytes, media: str, **options: Any) -> Any:
    """Build ``model`` from a request body of media type ``media``.

    Raises:
        json.JSONDecodeError: invalid JSON.
        BodyFormatError: a body unreadable as ``media``.
        pydantic.ValidationError: invalid cells (ingest locations).
        ColumnLengthMismatchError, SchemaMismatchError: from the ingest.
    """
    if media == JSON:
        return model(json_shape(_json_body(body)), **options)
    if media == NDJSON:
        lines = [line for line in body.splitlines() if line.strip()]
        try:
            rows = pydantic_core.from_json(
                b"[" + b",".join(lines) + b"]", cache_strings="keys"
            )
        except ValueError:
            raise BodyFormatError("the body is not valid NDJSON") from None
        return model(rows, **options)
    frame = _read_binary(model, body, media)
    return model(frame, **options)


def _read_binary(model: type[BaseFrame], body: bytes, media: str) -> pl.DataFrame:
    try:
        if media == CSV:
            # every cell as text: the ingest coerces it like a JSON string
            return pl.read_csv(io.BytesIO(body), infer_schema=False)
        if media == ARROW:
            return pl.read_ipc_stream(io.BytesIO(body))
        if media == PARQUET:
            return pl.read_parquet(io.BytesIO(body))
    except (pl.exceptions.PolarsError, OSError, ValueError) as exc:
        name = {CSV: "CSV", ARROW: "an Arrow IPC stream", PARQUET: "Parquet"}[media]
        raise BodyFormatError(f"the body is not valid {name}") from exc
    msg = f"unsupported media type {media!r}"
    raise BodyFormatError(msg)
