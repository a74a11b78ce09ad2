"""JSON encoding of plain Python data for HTTP answers.

With the ``fastapi`` extra installed, `orjson <https://github.com/ijl/orjson>`_
writes the bytes (about three times faster than pydantic-core on columns of
scalars, and it reads NumPy arrays without making Python objects); without it,
pydantic-core does. Both write non-finite floats as ``null``.

Example:
    >>> dumps_plain({"a": [1, None], "b": ["x", "y"], "n": {"k": (1.5, True)}})
    b'{"a":[1,null],"b":["x","y"],"n":{"k":[1.5,true]}}'
    >>> import datetime
    >>> dumps_plain({"when": [datetime.date(2024, 1, 1)]}) is None
    True
"""

from __future__ import annotations

import importlib.util
from typing import Any

import pydantic_core

try:
    import orjson
except ImportError:  # pragma: no cover - exercised when the extra is missing
    orjson = None  # type: ignore[assignment]

__all__ = ["HAS_ORJSON", "NUMPY_COLUMNS", "dumps_columns", "dumps_plain"]

HAS_ORJSON = orjson is not None
#: Whether :func:`dumps_columns` takes NumPy arrays (orjson and NumPy installed).
NUMPY_COLUMNS = HAS_ORJSON and importlib.util.find_spec("numpy") is not None

#: JSON scalars FastAPI's ``jsonable_encoder`` passes through unchanged.
_SCALARS = frozenset({int, float, str, bool, type(None)})
_CHUNK = 8192
if orjson is not None:
    #: Types whose JSON text could differ from FastAPI's encoder (dates,
    #: dataclasses, subclasses of str/int/dict/list) raise instead.
    _PLAIN = (
        orjson.OPT_PASSTHROUGH_DATETIME
        | orjson.OPT_PASSTHROUGH_DATACLASS
        | orjson.OPT_PASSTHROUGH_SUBCLASS
    )


def dumps_columns(columns: dict[str, Any]) -> bytes:
    """JSON of ``{name: values}`` whose values are lists of JSON scalars or
    (with orjson) NumPy arrays of numbers.

    Integers beyond 64 bits and other surprises fall back to pydantic-core.
    """
    if orjson is not None:
        try:
            return orjson.dumps(columns, option=orjson.OPT_SERIALIZE_NUMPY)
        except TypeError:
            pass
        columns = {k: _as_list(v) for k, v in columns.items()}
    return pydantic_core.to_json(columns, inf_nan_mode="null")


def _as_list(values: Any) -> Any:
    tolist = getattr(values, "tolist", None)
    return values if tolist is None else tolist()


def dumps_plain(value: Any) -> bytes | None:
    """JSON bytes of ``value`` if FastAPI would write the same JSON, else ``None``.

    ``value`` qualifies when it is made of dicts with ``str`` keys, lists,
    tuples and JSON scalars (with orjson also enums and UUIDs, which FastAPI
    writes as their value / text too); dates, Decimals, models, sets and other
    types are left to FastAPI's encoder. Non-finite floats become ``null``
    (FastAPI's encoder would fail on them).
    """
    if orjson is not None:
        try:
            return orjson.dumps(value, option=_PLAIN)
        except TypeError:  # a type left to FastAPI, or an int beyond 64 bits
            return None
    if not _scalar_columns(value):
        return None
    return pydantic_core.to_json(value, inf_nan_mode="null")


def _scalar_columns(value: Any) -> bool:
    """Without orjson: only ``{str: [JSON scalars]}`` (checked at C level)."""
    if type(value) is not dict:
        return False
    for key, column in value.items():
        if type(key) is not str or type(column) is not list:
            return False
        if not _scalar_column(column):
            return False
    return True


def _scalar_column(column: list[Any]) -> bool:
    """Whether every cell is a JSON scalar FastAPI's encoder writes the same way.

    A column of strings is recognized by ``str.join`` (one C-level pass, no
    per-cell type lookup); others have each cell's exact type checked.
    """
    try:
        for start in range(0, len(column), _CHUNK):  # bounded temporary strings
            "".join(column[start : start + _CHUNK])
    except TypeError:
        return _SCALARS.issuperset(map(type, column))
    return True
