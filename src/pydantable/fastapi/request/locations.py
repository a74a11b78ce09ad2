"""Ingest errors → FastAPI request-validation errors located in the request body.

Ingest reports ``(column, row, ...)`` for columnar input and
``(row, column, ...)`` for rows, naming columns by field name. A request body
names them by the key the client sent (often an alias), under ``"body"``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pydantic
from pydantic import TypeAdapter

from pydantable.frame import BaseFrame
from pydantable.schema import derived_column

__all__ = [
    "columnar_errors",
    "locate_trusted_columns",
    "locate_trusted_rows",
    "row_keys",
    "rows_errors",
    "schema_mismatch_error",
]


def columnar_errors(
    errors: Iterable[Mapping[str, Any]], sent_keys: Mapping[str, str]
) -> list[dict[str, Any]]:
    """``(column, row, ...)`` → ``("body", <key sent>, row, ...)``."""
    out = []
    for error in errors:
        loc = tuple(error.get("loc", ()))
        if loc:
            loc = (sent_keys.get(str(loc[0]), loc[0]), *loc[1:])
        out.append({**error, "loc": ("body", *loc)})
    return out


def row_keys(model: type[pydantic.BaseModel]) -> dict[str, str]:
    """Field name → the key Pydantic reports for it (validation alias, else alias),
    for the fields that have one."""
    out: dict[str, str] = {}
    for name, info in model.model_fields.items():
        alias = next(
            (a for a in (info.validation_alias, info.alias) if isinstance(a, str)), None
        )
        if alias is not None and alias != name:
            out[name] = alias
    return out


#: FastAPI validates request bodies with ``from_attributes=True``, under which a
#: non-object for a nested model is reported as this error (not ``model_type``).
_FROM_ATTRIBUTES_ERROR: dict[str, Any] = {
    "type": "model_attributes_type",
    "msg": "Input should be a valid dictionary or object to extract fields from",
}


def rows_errors(
    errors: Iterable[Mapping[str, Any]],
    rows: Sequence[Any],
    aliases: Mapping[str, str],
    index: Sequence[int] | None = None,
) -> list[dict[str, Any]]:
    """``(row, column, ...)`` → ``("body", row, <key>, ...)`` as Pydantic reports it.

    The key is the alias unless the row gave the field by name only (Pydantic
    locates an error at the key it read, and a missing field at its alias);
    nested-model type errors read as FastAPI's ``from_attributes`` validation.
    ``index`` maps positions in ``rows`` to positions in the request body.
    """
    out = []
    for error in errors:
        if error.get("type") == "model_type":
            error = _FROM_ATTRIBUTES_ERROR | {
                "loc": error["loc"],
                "input": error["input"],
            }
        loc = list(error.get("loc", ()))
        if loc and isinstance(loc[0], int):
            position = loc[0]
            if len(loc) > 1 and error.get("type") != "extra_forbidden":
                alias = aliases.get(str(loc[1]))
                row = rows[position] if position < len(rows) else None
                if alias is not None and not (
                    isinstance(row, Mapping) and loc[1] in row and alias not in row
                ):
                    loc[1] = alias
            if index is not None:
                loc[0] = index[position]
        out.append({**error, "loc": ("body", *loc)})
    return out


def schema_mismatch_error(exc: Exception) -> dict[str, Any]:
    """A body-level request error for a shape problem no cell could be blamed for."""
    return {"type": "schema_mismatch", "loc": ("body",), "msg": str(exc), "input": None}


_COLUMN_ADAPTERS: dict[tuple[type[BaseFrame], str], TypeAdapter[list[Any]]] = {}


def _column_adapter(model: type[BaseFrame], name: str) -> TypeAdapter[list[Any]]:
    found = _COLUMN_ADAPTERS.get((model, name))
    if found is None:
        # the stored type without constraints: the trusted modes check no values
        column = model.__pydantable_schema__[name]
        annotation = derived_column(name, column.dtype, column.nullable).annotation
        found = TypeAdapter(list[annotation])  # type: ignore[valid-type]
        _COLUMN_ADAPTERS[(model, name)] = found
    return found


@functools.lru_cache(maxsize=128)
def _rows_adapter(row_model: type[pydantic.BaseModel]) -> TypeAdapter[list[Any]]:
    return TypeAdapter(list[row_model])  # type: ignore[valid-type]


def locate_trusted_columns(
    model: type[BaseFrame],
    columns: Mapping[str, Any],
    *,
    strict: bool,
    sent_keys: Mapping[str, str],
    max_errors: int,
) -> list[dict[str, Any]]:
    """Cell errors explaining why a trusted-mode ingest of ``columns`` failed.

    Trusted modes report a column, not a cell; this re-checks the columns with
    Pydantic in JSON mode (the body's values are decoded JSON; strict for
    ``"strict"``, lax for ``"shape_only"``; the stored types, no constraints)
    to point at the offending cells. Runs only after a failure.
    """
    found: list[dict[str, Any]] = []
    for name, values in columns.items():
        if name not in model.__pydantable_schema__:
            continue
        try:
            _validate_json_values(_column_adapter(model, name), values, strict=strict)
        except pydantic.ValidationError as exc:
            found.extend(
                columnar_errors(
                    (
                        {**e, "loc": (name, *e["loc"])}
                        for e in exc.errors(include_url=False)
                    ),
                    sent_keys,
                )
            )
        if len(found) >= max_errors:
            break
    return found[:max_errors]


def _validate_json_values(
    adapter: TypeAdapter[Any], values: Any, *, strict: bool
) -> None:
    """Validate decoded JSON ``values`` as the JSON they came from."""
    try:
        text = json.dumps(values, allow_nan=False)
    except (TypeError, ValueError):  # NaN/Infinity tokens, non-JSON values
        adapter.validate_python(values, strict=strict)
        return
    adapter.validate_json(text, strict=strict)


def locate_trusted_rows(
    row_model: type[pydantic.BaseModel],
    rows: Sequence[Any],
    *,
    strict: bool,
    index: Sequence[int],
    max_errors: int,
) -> list[dict[str, Any]]:
    """Like :func:`locate_trusted_columns` for row input (``("body", row, key, ...)``)."""
    try:
        _validate_json_values(_rows_adapter(row_model), rows, strict=strict)
    except pydantic.ValidationError as exc:
        errors = exc.errors(include_url=False)[:max_errors]
        out = []
        for error in errors:
            loc = list(error["loc"])
            if loc and isinstance(loc[0], int):
                loc[0] = index[loc[0]]
            out.append({**error, "loc": ("body", *loc)})
        return out
    return []
