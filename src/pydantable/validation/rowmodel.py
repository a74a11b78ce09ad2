"""Whole-row validation, for row models with ``model_validator``s.

A model validator sees a whole row, so such models are validated row by row by
Pydantic itself (``TypeAdapter(list[RowModel])``, one call per chunk). This is
the documented cost of row-level Python validators; column-level validation
stays vectorized for every other model.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pydantic
from pydantic import TypeAdapter

from pydantable.schema import FrameSchema
from pydantable.validation.cells import CHUNK, storage_converter
from pydantable.validation.python_table import PythonTable
from pydantable.validation.report import ErrorReport

__all__ = ["has_row_validators", "validate_rows"]


def has_row_validators(row_model: type[pydantic.BaseModel] | None) -> bool:
    """Whether ``row_model`` declares validators that need a whole row."""
    if row_model is None:
        return False
    decorators = row_model.__pydantic_decorators__
    return bool(decorators.model_validators or decorators.root_validators)


def rows_from_columns(columns: Mapping[str, Any], n: int) -> list[dict[str, Any]]:
    """Transpose raw input columns to row dicts (for whole-row validation)."""
    names = list(columns)
    lists = [_as_list(columns[name]) for name in names]
    if not names:
        return [{} for _ in range(n)]
    return [
        dict(zip(names, values, strict=True)) for values in zip(*lists, strict=True)
    ]


def _as_list(values: Any) -> list[Any]:
    if isinstance(values, list):
        return values
    to_list = getattr(values, "to_list", None) or getattr(values, "tolist", None)
    return list(to_list()) if callable(to_list) else list(values)


def validate_rows(
    rows: Sequence[Any],
    schema: FrameSchema,
    row_model: type[pydantic.BaseModel],
    report: ErrorReport,
) -> PythonTable:
    """Validate each row with ``row_model``; failed rows hold None in every column."""
    adapter: TypeAdapter[list[Any]] = TypeAdapter(list[row_model])  # type: ignore[valid-type]
    names = list(schema)
    columns: dict[str, list[Any]] = {name: [None] * len(rows) for name in names}
    converters = {name: storage_converter(schema[name].dtype) for name in names}
    for start in range(0, len(rows), CHUNK):
        chunk = [
            r.model_dump() if isinstance(r, pydantic.BaseModel) else r
            for r in rows[start : start + CHUNK]
        ]
        indices = list(range(start, start + len(chunk)))
        try:
            models = adapter.validate_python(chunk)
        except pydantic.ValidationError as exc:
            bad: set[int] = set()
            for error in exc.errors(include_url=False):
                k = int(error["loc"][0])
                column = error["loc"][1] if len(error["loc"]) > 1 else ""
                error["loc"] = error["loc"][2:]
                report.add(indices[k], str(column), dict(error))
                bad.add(k)
            keep = [k for k in range(len(chunk)) if k not in bad]
            models = adapter.validate_python([chunk[k] for k in keep])
            indices = [indices[k] for k in keep]
        for row, model in zip(indices, models, strict=True):
            for name in names:
                value = getattr(model, name)
                convert = converters[name]
                columns[name][row] = (
                    value if convert is None or value is None else convert(value)
                )
    return PythonTable(schema, columns, len(rows))
