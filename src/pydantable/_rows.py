"""Fast construction of row models from already-validated row dicts."""

from __future__ import annotations

from typing import Any

import pydantic

from pydantable import dtypes as dt
from pydantable.schema import FrameSchema

__all__ = ["construct_rows"]

_setattr = object.__setattr__


def _nested_builder(dtype: dt.DType) -> Any:
    """A function turning a stored nested value into model instances, or None."""
    if isinstance(dtype, dt.Struct) and dtype.model is not None:
        model = dtype.model
        inner = {f.name: _nested_builder(f.dtype) for f in dtype.fields}

        def build(value: dict[str, Any]) -> Any:
            data = {
                k: (v if v is None or inner.get(k) is None else inner[k](v))
                for k, v in value.items()
            }
            return model.model_construct(**data)

        return build
    if isinstance(dtype, dt.List):
        item = _nested_builder(dtype.inner)
        if item is None:
            return None
        return lambda values: [None if v is None else item(v) for v in values]
    if isinstance(dtype, dt.Map):
        value = _nested_builder(dtype.value)
        if value is None:
            return None
        return lambda entries: {
            k: None if v is None else value(v) for k, v in entries.items()
        }
    return None


def construct_rows(
    model: type[pydantic.BaseModel], schema: FrameSchema, rows: list[dict[str, Any]]
) -> list[Any]:
    """Instances of ``model`` holding ``rows`` without re-validating them.

    The rows come from a frame whose every cell was validated at ingest (or
    produced by a typed transform), so validation would only repeat work.
    """
    builders = {
        name: b
        for name, c in schema.items()
        if (b := _nested_builder(c.dtype)) is not None
    }
    if builders:
        for row in rows:
            for name, build in builders.items():
                value = row[name]
                if value is not None:
                    row[name] = build(value)
    if model.__private_attributes__:
        return [model.model_construct(**row) for row in rows]
    fields = frozenset(model.model_fields)
    new = object.__new__
    out: list[Any] = []
    append = out.append
    for row in rows:
        obj = new(model)
        _setattr(obj, "__dict__", row)
        _setattr(obj, "__pydantic_fields_set__", set(fields))
        _setattr(obj, "__pydantic_extra__", None)
        _setattr(obj, "__pydantic_private__", None)
        append(obj)
    return out
