"""OpenAPI for what a ``DataFrameRoute`` reads and writes besides JSON.

FastAPI documents a frame body as ``application/json`` only, and the result of
a route as FastAPI would serialize it. A :class:`~pydantable.fastapi.DataFrameRoute`
also reads NDJSON, CSV, Arrow IPC streams, Parquet and ``multipart/form-data``
uploads, and sends a returned frame in the format the client accepts.
:func:`route_openapi_extra` computes the route's ``openapi_extra`` (which
FastAPI merges into the operation) documenting those:

* request body: NDJSON (the row object, one per line), CSV (a string; the
  description lists the columns), Arrow / Parquet (binary strings) and
  ``multipart/form-data`` (a binary ``file`` part in any of these formats);
* responses: 400, 413 (with the route's limits) and 415 for frame bodies; the
  negotiated response formats and 406 for routes that render a frame result.

Keys of the ``openapi_extra`` the route was given win over the computed ones.

Example:
    >>> from fastapi import FastAPI
    >>> from pydantable import DataFrameModel
    >>> from pydantable.fastapi import DataFrameRoute
    >>> class Users(DataFrameModel):
    ...     id: int
    >>> app = FastAPI()
    >>> app.router.route_class = DataFrameRoute
    >>> @app.post("/users")
    ... def create(df: Users):
    ...     return df
    >>> body = app.openapi()["paths"]["/users"]["post"]["requestBody"]["content"]
    >>> sorted(body)[:3]
    ['application/json', 'application/vnd.apache.arrow.stream', 'application/vnd.apache.parquet']
    >>> body["text/csv"]["schema"]["type"]
    'string'
"""

from __future__ import annotations

import copy
import inspect
import typing
from collections.abc import Mapping
from typing import Any

from pydantable.fastapi.body_models import column_keys, frame_row_model
from pydantable.fastapi.request.annotations import result_frame_class
from pydantable.fastapi.request.formats import ARROW, CSV, JSON, NDJSON, PARQUET
from pydantable.fastapi.response.responses import DataFrameResponse
from pydantable.frame import BaseFrame

__all__ = ["UPLOAD_MEDIA_TYPES", "deep_merge", "route_openapi_extra"]

MULTIPART = "multipart/form-data"
#: Formats of an uploaded file, in the order OpenAPI lists them.
UPLOAD_MEDIA_TYPES: tuple[str, ...] = (CSV, NDJSON, JSON, ARROW, PARQUET)
_UPLOADS_BUT_JSON = tuple(m for m in UPLOAD_MEDIA_TYPES if m != JSON)
_NAMES = {ARROW: "an Arrow IPC stream", PARQUET: "a Parquet file"}
_ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}


def _binary(media: str) -> dict[str, Any]:
    return {
        "type": "string",
        "format": "binary",
        "contentMediaType": media,
        "description": f"The rows as {_NAMES[media]}.",
    }


def _error(description: str) -> dict[str, Any]:
    schema = copy.deepcopy(_ERROR)
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _inline(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with its local ``$defs`` references replaced by their targets.

    The operation cannot add components, so a row schema is written whole; a
    recursive reference (a model containing itself) becomes ``{}`` (any value).
    """
    defs = schema.get("$defs", {})

    def resolve(node: Any, seen: frozenset[str]) -> Any:
        if isinstance(node, list):
            return [resolve(item, seen) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            name = ref.removeprefix("#/$defs/")
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            if name in seen or name not in defs:
                return resolve(siblings, seen)
            return {**resolve(defs[name], seen | {name}), **resolve(siblings, seen)}
        return {k: resolve(v, seen) for k, v in node.items() if k != "$defs"}

    resolved: dict[str, Any] = resolve(schema, frozenset())
    return resolved


def _row_schema(model: type[BaseFrame]) -> dict[str, Any]:
    return _inline(frame_row_model(model).model_json_schema(mode="validation"))


def _columns(row: dict[str, Any], skip: frozenset[str] = frozenset()) -> str:
    required = set(row.get("required", ()))
    return ", ".join(
        name if name in required else f"{name} (optional)"
        for name in row.get("properties", {})
        if name not in skip
    )


def _nested_keys(model: type[BaseFrame]) -> frozenset[str]:
    """Body keys of the nested columns (lists, structs, maps): no CSV cell holds one."""
    nested = {
        c.name for c in model.__pydantable_schema__.columns() if c.dtype.is_nested()
    }
    return frozenset(
        column_keys(info, name, "aliases")[0]
        for name, info in frame_row_model(model).model_fields.items()
        if name in nested
    )


def _request_content(model: type[BaseFrame]) -> dict[str, Any]:
    row = _row_schema(model)
    lines = "NDJSON: one JSON object per line, each a row."
    ndjson = {**row, "description": f"{lines} {row.get('description', '')}".strip()}
    nested = _nested_keys(model)
    # CSV when the nested columns may be left out (a CSV cell is text)
    with_csv = not nested & set(row.get("required", ()))
    uploads = [m for m in UPLOAD_MEDIA_TYPES if with_csv or m != CSV]
    upload = {
        "type": "object",
        "properties": {
            "file": {
                "type": "string",
                "format": "binary",
                "description": "The rows as a file, in a format told by the part's "
                "Content-Type or else by the file name's extension (.csv, "
                ".ndjson/.jsonl, .json, .arrow/.arrows/.ipc, .parquet).",
            }
        },
        "required": ["file"],
    }
    content: dict[str, Any] = {NDJSON: {"schema": ndjson}}
    if with_csv:
        header = "CSV text: a header line naming the columns, then one line per row."
        columns = f" Columns: {_columns(row, nested)}."
        content[CSV] = {"schema": {"type": "string", "description": header + columns}}
    content[ARROW] = {"schema": _binary(ARROW)}
    content[PARQUET] = {"schema": _binary(PARQUET)}
    content[MULTIPART] = {
        "schema": upload,
        "encoding": {"file": {"contentType": ", ".join(uploads)}},
    }
    return content


def _limits(route: Any) -> str:
    parts = []
    body_limits = getattr(route, "body_limits", None)
    if callable(body_limits):
        limits = body_limits()
        max_bytes, max_rows = limits.max_body_bytes, limits.max_rows
    else:
        max_bytes = getattr(route, "max_body_bytes", None)
        max_rows = getattr(route, "max_rows", None)
    if max_bytes is not None:
        parts.append(f"a body over {max_bytes} bytes")
    if max_rows is not None:
        parts.append(f"more than {max_rows} rows")
    return " or ".join(parts) or "a body too large for the server"


def _result_frame(endpoint: Any) -> type[BaseFrame] | bool:
    """What a rendering endpoint returns: a frame class, ``True`` (maybe a
    frame: no annotation, ``Any``, a frame of unknown columns or a
    ``DataFrameResponse``), or ``False`` (not a frame)."""
    annotation = inspect.signature(endpoint).return_annotation
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if annotation is inspect.Signature.empty or annotation is Any:
        return True
    annotation = result_frame_class(annotation) or annotation  # ``Users | None``
    if not isinstance(annotation, type):
        return False
    if issubclass(annotation, BaseFrame):
        try:
            frame_row_model(annotation)
        except TypeError:
            return True
        return annotation
    return issubclass(annotation, DataFrameResponse)


def _result_row(frame: type[BaseFrame]) -> dict[str, Any]:
    """A result row: every column, keyed by name (as the engine writes it)."""
    row_model = frame_row_model(frame)
    schema = row_model.model_json_schema(mode="serialization", by_alias=False)
    row = _inline(schema)
    row["required"] = list(row.get("properties", {}))
    return row


def _response_content(frame: type[BaseFrame] | None) -> dict[str, Any]:
    lines = "One JSON object per line, one per row."
    row = _result_row(frame) if frame is not None else {"type": "object"}
    content: dict[str, Any] = {NDJSON: {"schema": {**row, "description": lines}}}
    if frame is None or not _nested_keys(frame):  # no CSV cell holds a nested value
        columns = f" Columns: {_columns(row)}." if frame is not None else ""
        header = "CSV: a header line, then one line per row."
        content[CSV] = {"schema": {"type": "string", "description": header + columns}}
    content[ARROW] = {"schema": _binary(ARROW)}
    content[PARQUET] = {"schema": _binary(PARQUET)}
    return content


def deep_merge(base: Mapping[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` updated by ``top`` recursively (``top``'s values win).

    Example:
        >>> deep_merge({"a": {"b": 1, "c": 2}}, {"a": {"c": 3}})
        {'a': {'b': 1, 'c': 3}}
    """
    merged = dict(base)
    for key, value in top.items():
        old = merged.get(key)
        if isinstance(old, Mapping) and isinstance(value, Mapping):
            merged[key] = deep_merge(old, value)
        else:
            merged[key] = value
    return merged


def _defer_to_declared(
    responses: dict[str, Any], declared: Mapping[Any, Any] | None
) -> None:
    """Drop what the route's own ``responses=`` already documents (theirs win)."""
    for code, theirs in (declared or {}).items():
        ours = responses.get(str(code))
        if ours is None or not isinstance(theirs, Mapping):
            continue
        content = theirs.get("content") or {}
        if "description" in ours:  # one of ours entirely: keep theirs
            del responses[str(code)]
        else:  # the success response: only the formats they did not describe
            ours["content"] = {
                k: v for k, v in ours["content"].items() if k not in content
            }


def route_openapi_extra(
    route: Any, *, body_model: type[BaseFrame] | None, renders: bool
) -> dict[str, Any] | None:
    """The ``openapi_extra`` of a ``DataFrameRoute`` (merged with its own).

    Args:
        route: the route (its ``openapi_extra``, ``status_code``, ``endpoint``,
            ``max_body_bytes`` and ``max_rows`` are read).
        body_model: the frame class its body becomes (``None``: no frame body).
        renders: whether the route renders the endpoint's result itself.
    """
    extra: dict[str, Any] = {}
    if body_model is not None:
        extra["requestBody"] = {"content": _request_content(body_model)}
        extra["responses"] = {
            "400": _error("A body unreadable as its Content-Type, or ragged columns"),
            "413": _error(f"Payload too large: {_limits(route)}"),
            "415": _error(
                "Unsupported Content-Type (or format of the uploaded file); "
                f"accepted: {JSON}, {', '.join(_UPLOADS_BUT_JSON)} or {MULTIPART}"
            ),
        }
    result = _result_frame(route.endpoint) if renders else False
    declared = result_frame_class(getattr(route, "response_model", None))
    if result is True and declared is not None:
        result = declared  # ``response_model=Model``: the frame written is its
    if result is not False:
        frame = result if isinstance(result, type) else None
        status = str(route.status_code or 200)
        responses = extra.setdefault("responses", {})
        responses[status] = {"content": _response_content(frame)}
        responses["406"] = _error("No acceptable response format (see Accept)")
    if "responses" in extra:
        _defer_to_declared(extra["responses"], route.responses)
    user = route.openapi_extra
    if user:
        extra = deep_merge(extra, copy.deepcopy(user))
    return extra or None
