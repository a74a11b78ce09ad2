"""Blocking materialization: run a frame's plan and convert the result.

Everything stays columnar in the engine until the last step; conversions to
Python objects happen only for the outputs that need them (``to_dict``,
``to_dicts``, row models), and semantic columns (UUID, Enum, IP addresses,
maps) are converted per column, only when present.
"""

from __future__ import annotations

import ipaddress
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import polars as pl

from pydantable import dtypes as dt
from pydantable import plan as p
from pydantable.engines.polars import MAP_KEY, MAP_VALUE, lower_plan
from pydantable.schema import FrameSchema

if TYPE_CHECKING:
    import pyarrow

    from pydantable.frame import BaseFrame

__all__ = ["run", "to_arrow", "to_dict", "to_dicts", "to_models", "to_numpy"]


def run(frame: BaseFrame) -> pl.DataFrame:
    """Execute the frame's plan on the embedded engine."""
    plan = frame._plan
    if isinstance(plan, p.Source) and isinstance(plan.data, pl.DataFrame):
        return plan.data.clone()
    return lower_plan(plan).collect()


def to_arrow(frame: BaseFrame) -> pyarrow.Table:
    """The result as a PyArrow Table."""
    from pydantable._dependencies import require

    require("pyarrow", extra="arrow")
    return run(frame).to_arrow()


def to_numpy(frame: BaseFrame) -> dict[str, Any]:
    """The result as ``{column: numpy.ndarray}``."""
    from pydantable._dependencies import require

    require("numpy", extra="numpy")
    result = run(frame)
    return {name: result.get_column(name).to_numpy() for name in result.columns}


def _converter(dtype: dt.DType) -> Callable[[Any], Any] | None:
    """A per-value converter from stored form to the Python type, if one is needed."""
    if isinstance(dtype, dt.UUID):
        return uuid.UUID
    if isinstance(dtype, dt.IPv4):
        return ipaddress.IPv4Address
    if isinstance(dtype, dt.IPv6):
        return ipaddress.IPv6Address
    if isinstance(dtype, dt.Enum):
        return dtype.enum
    if isinstance(dtype, dt.Map):
        value = _converter(dtype.value)
        if value is None:
            return lambda entries: {e[MAP_KEY]: e[MAP_VALUE] for e in entries}
        return lambda entries: {e[MAP_KEY]: value(e[MAP_VALUE]) for e in entries}
    if isinstance(dtype, dt.List):
        inner = _converter(dtype.inner)
        if inner is None:
            return None
        return lambda items: [None if v is None else inner(v) for v in items]
    if isinstance(dtype, dt.Struct):
        fields = [(f.name, _converter(f.dtype)) for f in dtype.fields]
        if all(conv is None for _, conv in fields):
            return None
        return lambda record: {
            name: record[name] if conv is None or record[name] is None else conv(record[name])
            for name, conv in fields
        }
    return None


def _columns(result: pl.DataFrame, schema: FrameSchema) -> dict[str, list[Any]]:
    out = result.to_dict(as_series=False)
    for name, column in schema.items():
        conv = _converter(column.dtype)
        if conv is not None:
            out[name] = [None if v is None else conv(v) for v in out[name]]
    return out


def to_dict(frame: BaseFrame) -> dict[str, list[Any]]:
    """The result as ``{column: [values...]}`` in schema order."""
    return _columns(run(frame), frame._plan.schema)


def to_dicts(frame: BaseFrame) -> list[dict[str, Any]]:
    """The result as one dict per row."""
    schema = frame._plan.schema
    result = run(frame)
    if not any(_converter(c.dtype) for c in schema.values()):
        return result.to_dicts()
    columns = _columns(result, schema)
    names = list(columns)
    return [dict(zip(names, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def to_models(frame: BaseFrame) -> list[Any]:
    """The result as row models (no re-validation: the frame is already valid)."""
    row_model = type(frame)._row_model()
    if row_model is None:
        return to_dicts(frame)
    from pydantable._rows import construct_rows

    return construct_rows(row_model, frame._plan.schema, to_dicts(frame))
