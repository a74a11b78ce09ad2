"""Blocking materialization: run a frame's plan and convert the result.

Everything stays columnar in the engine until the last step; conversions to
Python objects happen only for the outputs that need them (``to_dict``,
``to_dicts``, row models), and semantic columns (UUID, Enum, IP addresses,
maps) are converted per column, only when present.
"""

from __future__ import annotations

import functools
import importlib.util
import io
import ipaddress
import uuid
import warnings
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

import polars as pl
import pydantic_core

from pydantable import dtypes as dt
from pydantable import observe
from pydantable import plan as p
from pydantable._dependencies import require
from pydantable._gc import gc_paused
from pydantable._json import HAS_ORJSON, NUMPY_COLUMNS, dumps_columns
from pydantable._rows import construct_rows
from pydantable.engines import engine_of
from pydantable.engines.polars import MAP_KEY, MAP_VALUE
from pydantable.policies import column_policy, masked_value, model_policy
from pydantable.schema import FrameSchema
from pydantable.validation.python_table import PythonTable

if TYPE_CHECKING:
    import numpy
    import pandas
    import pyarrow

    from pydantable.frame._protocol import FrameCore

__all__ = [
    "CollectKind",
    "collect_as",
    "collect_kind",
    "convert_columns",
    "python_columns",
    "run",
    "series_values",
    "to_array",
    "to_arrow",
    "to_dict",
    "to_dicts",
    "to_json",
    "to_models",
    "to_numpy",
    "to_pandas",
]


#: What ``collect()`` returns: row models, column lists, NumPy arrays or Polars.
CollectKind = Literal["models", "lists", "numpy", "polars"]


def collect_kind(
    op: str, *, as_lists: bool, as_numpy: bool, as_polars: bool | None
) -> CollectKind:
    """The result kind ``collect``-style options ask for (checked, warned).

    Example:
        >>> collect_kind("collect", as_lists=True, as_numpy=False, as_polars=None)
        'lists'
    """
    if as_numpy and as_lists:
        msg = f"{op}(): cannot specify both as_numpy=True and as_lists=True."
        raise ValueError(msg)
    if as_polars is not None:
        warnings.warn(
            f"{op}(as_polars=...) is deprecated: use to_polars() for a Polars "
            "DataFrame, or to_dict() / collect(as_lists=True) for column lists",
            DeprecationWarning,
            stacklevel=3,
        )
        return "polars" if as_polars else "lists"
    if as_lists:
        return "lists"
    return "numpy" if as_numpy else "models"


def collect_as(
    frame: FrameCore,
    kind: CollectKind,
    *,
    op: str | None = None,
    mode: str = "blocking",
) -> Any:
    """The result of ``frame`` as ``kind`` (see :func:`collect_kind`)."""
    options: dict[str, Any] = {"mode": mode}
    if op is not None:
        options["op"] = op
    if kind == "lists":
        return to_dict(frame, **options)
    if kind == "numpy":
        return to_numpy(frame, **options)
    if kind == "polars":
        return run(frame, **options)
    return to_models(frame, **options)


def run(
    frame: FrameCore, *, op: str = "to_polars", mode: str = "blocking"
) -> pl.DataFrame:
    """Execute the frame's plan on its engine (the result as a Polars DataFrame)."""
    with observe.span(op, mode=mode) as event:
        result = _run(frame)
        event.rows = result.height
        return result


def _run(frame: FrameCore) -> pl.DataFrame:
    return engine_of(frame._plan).collect(frame._plan)


def _python_columns(frame: FrameCore) -> dict[str, list[Any]] | None:
    """Copies of the validated lists of an untransformed small frame, if it is one."""
    plan = frame._plan
    if isinstance(plan, p.Source) and isinstance(plan.data, PythonTable):
        return {name: list(values) for name, values in plan.data.columns.items()}
    return None


def to_arrow(
    frame: FrameCore, *, op: str = "to_arrow", mode: str = "blocking"
) -> pyarrow.Table:
    """The result as a PyArrow Table."""
    require("pyarrow", extra="arrow")
    with observe.span(op, mode=mode) as event:
        result = _run(frame)
        event.rows = result.height
        return result.to_arrow()


def to_numpy(
    frame: FrameCore, *, op: str = "collect", mode: str = "blocking"
) -> dict[str, Any]:
    """The result as ``{column: numpy.ndarray}``."""
    require("numpy", extra="numpy")
    with observe.span(op, mode=mode) as event:
        result = _run(frame)
        event.rows = result.height
        return {name: result.get_column(name).to_numpy() for name in result.columns}


#: The dtypes ``to_array`` takes: one common NumPy dtype exists for them.
_ARRAY_DTYPES = frozenset({"Int64", "Float64", "Boolean"})


def array_check(schema: FrameSchema, *, op: str = "to_numpy") -> None:
    """Refuse columns that have no numeric NumPy dtype (before anything runs).

    Raises:
        TypeError: a column is not ``int``, ``float`` or ``bool``.
    """
    if not len(schema):
        msg = f"{op}() needs at least one column"
        raise ValueError(msg)
    other = [c for c in schema.columns() if c.dtype.storage().name not in _ARRAY_DTYPES]
    if other:
        listed = ", ".join(f"{c.name!r} ({c.python_type!r})" for c in other[:10])
        msg = (
            f"{op}() builds one 2-D numeric array: columns {listed} are not "
            "int/float/bool; choose numeric columns with columns=[...] (or cast "
            "them), or use collect(as_numpy=True) for one array per column"
        )
        raise TypeError(msg)


def to_array(
    frame: FrameCore, *, op: str = "to_numpy", mode: str = "blocking"
) -> numpy.ndarray[Any, Any]:
    """The result as one 2-D array (rows × columns) of the columns' common dtype.

    The dtype is Polars' ``DataFrame.to_numpy`` choice: int and float columns
    give ``float64``, only ints ``int64``, only bools ``bool``; an int column
    with nulls gives ``float64`` with NaN.

    Raises:
        TypeError: a non-numeric column, or a bool column with nulls (it has
            no NumPy dtype).
    """
    require("numpy", extra="numpy")
    array_check(frame._plan.schema, op=op)
    with observe.span(op, mode=mode) as event:
        result = _run(frame)
        event.rows = result.height
        out: numpy.ndarray[Any, Any] = result.to_numpy()
    if out.dtype.kind == "O":
        nulls = [s.name for s in result.get_columns() if s.null_count()]
        msg = (
            f"{op}(): the bool columns {nulls} hold nulls, which have no NumPy "
            "bool value; fill_null(...) or cast them first"
        )
        raise TypeError(msg)
    return out


def to_pandas(
    frame: FrameCore,
    *,
    dtype_backend: str | None = None,
    op: str = "to_pandas",
    mode: str = "blocking",
) -> pandas.DataFrame:
    """The result as a pandas DataFrame.

    ``dtype_backend=None``: NumPy dtypes, except that the nullable ``int`` and
    ``bool`` columns become pandas' ``Int64``/``boolean`` (their nulls stay
    ``pd.NA`` instead of turning ints into floats); ``"pyarrow"``: every
    column an ``ArrowDtype``.
    """
    if dtype_backend not in (None, "pyarrow"):
        msg = (
            f"{op}(dtype_backend=...) must be None or 'pyarrow'; got {dtype_backend!r}"
        )
        raise ValueError(msg)
    pd = require("pandas", extra="pandas")
    require("pyarrow", extra="pandas")
    with observe.span(op, mode=mode) as event:
        result = _run(frame)
        event.rows = result.height
    if dtype_backend == "pyarrow":
        return result.to_pandas(use_pyarrow_extension_array=True)
    nullable = [
        c.name
        for c in frame._plan.schema.columns()
        if c.nullable and c.dtype.storage().name in ("Int64", "Boolean")
    ]
    if not nullable:
        return result.to_pandas()
    import pyarrow as pa

    mapper = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype()}
    rest = result.drop(nullable).to_pandas()
    extension = result.select(nullable).to_arrow().to_pandas(types_mapper=mapper.get)
    combined = pd.concat([rest, extension], axis=1)
    out: pandas.DataFrame = combined[result.columns]
    return out


@functools.lru_cache(maxsize=512)
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
        return lambda entries: {
            e[MAP_KEY]: None if e[MAP_VALUE] is None else value(e[MAP_VALUE])
            for e in entries
        }
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
            name: record[name]
            if conv is None or record[name] is None
            else conv(record[name])
            for name, conv in fields
        }
    return None


def python_columns(result: pl.DataFrame, schema: FrameSchema) -> dict[str, list[Any]]:
    """An engine result (or batch) as ``{column: [Python values]}`` of ``schema``.

    The conversion of :func:`to_dict`: semantic columns (UUID, Enum, IP
    addresses, maps, and lists/structs of them) become their Python types.
    """
    with gc_paused():
        out = {series.name: series_values(series) for series in result.get_columns()}
        convert_columns(out, schema)
    return out


#: From this many values, naive datetimes and dates become Python objects
#: through NumPy (3-4x faster than the engine's conversion, the same objects).
_NUMPY_TEMPORAL_ROWS = 1_000
_NUMPY_TEMPORAL = (pl.Datetime("us"), pl.Date())
_HAS_NUMPY = importlib.util.find_spec("numpy") is not None


def series_values(series: pl.Series) -> list[Any]:
    """The values of ``series`` as Python objects (``Series.to_list``, faster
    for naive datetimes and dates).

    Example:
        >>> import datetime
        >>> s = pl.Series([datetime.datetime(2024, 1, 2, 3, 4, 5, 6), None] * 600)
        >>> series_values(s)[:2]
        [datetime.datetime(2024, 1, 2, 3, 4, 5, 6), None]
    """
    if (
        _HAS_NUMPY
        and len(series) >= _NUMPY_TEMPORAL_ROWS
        and series.dtype in _NUMPY_TEMPORAL
    ):
        values: list[Any] = series.to_numpy().astype(object).tolist()
        return values
    return series.to_list()


def _schema_converters(schema: FrameSchema) -> dict[str, Callable[[Any], Any]]:
    converters = {name: _converter(column.dtype) for name, column in schema.items()}
    return {name: conv for name, conv in converters.items() if conv is not None}


def convert_columns(out: dict[str, list[Any]], schema: FrameSchema) -> None:
    """Convert stored values to Python types in place (see :func:`python_columns`)."""
    converters: dict[str, Callable[[Any], Any]] = schema.memo(
        "converters", _schema_converters
    )
    for name, conv in converters.items():
        out[name] = [None if v is None else conv(v) for v in out[name]]


def _height(columns: dict[str, list[Any]]) -> int:
    return len(next(iter(columns.values()), ()))


def to_dict(
    frame: FrameCore, *, op: str = "to_dict", mode: str = "blocking"
) -> dict[str, list[Any]]:
    """The result as ``{column: [values...]}`` in schema order."""
    with observe.span(op, mode=mode) as event:
        out = _to_dict(frame)
        event.rows = _height(out)
        return out


def _to_dict(frame: FrameCore) -> dict[str, list[Any]]:
    columns = _python_columns(frame)
    if columns is not None:
        convert_columns(columns, frame._plan.schema)
        return columns
    return python_columns(_run(frame), frame._plan.schema)


def to_dicts(
    frame: FrameCore,
    *,
    op: str = "to_dicts",
    mode: str = "blocking",
    redact: bool | None = None,
    dump: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The result as one dict per row.

    ``dump``: ``model_dump`` options (``by_alias``, ``exclude_defaults`` ...):
    rows then go through the row model. ``redact`` (default: the model policy's
    ``redact``) masks the columns whose policy says ``redact``.
    """
    with observe.span(op, mode=mode) as event:
        if dump:
            out = [row.model_dump(**dump) for row in _to_models(frame)]
        else:
            out = _to_dicts(frame)
        event.rows = len(out)
    on = redact if redact is not None else bool(model_policy(type(frame)).get("redact"))
    if on:
        _mask(out, frame._plan.schema)
    return out


def _mask(rows: list[dict[str, Any]], schema: FrameSchema) -> None:
    """Redact, in place, the columns whose policy says so (rows we just built)."""
    masked = {
        column.name: masked_value(column.dtype)
        for column in schema.columns()
        if column_policy(column)["redact"]
    }
    if not masked:
        return
    for row in rows:
        for name, value in masked.items():
            if name in row:
                row[name] = value


def _to_dicts(frame: FrameCore) -> list[dict[str, Any]]:
    schema = frame._plan.schema
    small = _python_columns(frame)
    if small is not None:
        convert_columns(small, schema)
        names = list(small)
        return [
            dict(zip(names, values, strict=True))
            for values in zip(*small.values(), strict=True)
        ]
    columns = python_columns(_run(frame), schema)
    names = list(columns)
    with gc_paused():
        return [
            dict(zip(names, values, strict=True))
            for values in zip(*columns.values(), strict=True)
        ]


def to_models(
    frame: FrameCore, *, op: str = "collect", mode: str = "blocking"
) -> list[Any]:
    """The result as row models (no re-validation: the frame is already valid)."""
    with observe.span(op, mode=mode) as event:
        out = _to_models(frame)
        event.rows = len(out)
        return out


def _to_models(frame: FrameCore) -> list[Any]:
    row_model = type(frame)._row_model()
    if row_model is None:
        return _to_dicts(frame)
    columns = _to_dict(frame)
    height = _height(columns) if columns else _run(frame).height  # no columns
    with gc_paused():
        return construct_rows(row_model, frame._plan.schema, columns, height)


def _has_map(dtype: dt.DType) -> bool:
    if isinstance(dtype, dt.Map):
        return True
    if isinstance(dtype, dt.List):
        return _has_map(dtype.inner)
    if isinstance(dtype, dt.Struct):
        return any(_has_map(f.dtype) for f in dtype.fields)
    return False


def to_json(
    frame: FrameCore,
    *,
    orient: str = "records",
    op: str = "to_json",
    mode: str = "blocking",
) -> bytes:
    """The result as JSON bytes, serialized by the engine.

    ``orient="records"`` gives ``[{"col": value, ...}, ...]``; ``"columns"``
    gives ``{"col": [values...], ...}``. Map columns (stored as key/value
    entries) are serialized as JSON objects.
    """
    if orient not in ("records", "columns"):
        msg = f"orient must be 'records' or 'columns'; got {orient!r}"
        raise ValueError(msg)
    with observe.span(op, mode=mode) as event:
        schema = frame._plan.schema
        if any(_has_map(c.dtype) for c in schema.values()):
            data: Any
            if orient == "records":
                data = _to_dicts(frame)
                event.rows = len(data)
            else:
                data = _to_dict(frame)
                event.rows = _height(data)
            return pydantic_core.to_json(data)
        result = json_ready(_run(frame), schema)
        event.rows = result.height
        buffer = io.BytesIO()
        if orient == "records":
            result.write_json(buffer)
            return buffer.getvalue()
        if result.width == 0:
            return b"{}"
        if _python_json_ok(result):
            return dumps_columns(_json_columns(result))
        result.select(pl.all().implode()).write_ndjson(buffer)
        return buffer.getvalue().rstrip(b"\n")


#: Polars dtypes whose JSON text is the same from Pydantic's serializer (Rust)
#: as from the engine's writer (non-finite floats as ``null`` in both).
_PYTHON_JSON_DTYPES = frozenset(
    {
        pl.Int8,
        pl.Int16,
        pl.Int32,
        pl.Int64,
        pl.UInt8,
        pl.UInt16,
        pl.UInt32,
        pl.UInt64,
        pl.Float64,
        pl.Boolean,
        pl.String,
    }
)
#: Up to this many cells, columnar JSON is written from Python values: the
#: engine's writer of one row of list columns costs ~0.25 ms even for tiny
#: frames. With orjson (which reads NumPy arrays of numbers directly) that
#: path stays faster up to ~100k cells; above, the engine's writer (which
#: releases the GIL) takes over.
_PYTHON_JSON_CELLS = 100_000 if HAS_ORJSON else 20_000
_NUMPY_JSON_DTYPES = _PYTHON_JSON_DTYPES - {pl.Boolean, pl.String}


def _python_json_ok(result: pl.DataFrame) -> bool:
    return result.height * result.width <= _PYTHON_JSON_CELLS and all(
        dtype in _PYTHON_JSON_DTYPES for dtype in result.dtypes
    )


def _json_columns(result: pl.DataFrame) -> dict[str, Any]:
    """Columns for :func:`dumps_columns`: numbers without nulls as NumPy views
    (with orjson), everything else as Python lists."""
    out: dict[str, Any] = {}
    for series in result.get_columns():
        if (
            NUMPY_COLUMNS
            and series.dtype in _NUMPY_JSON_DTYPES
            and not series.has_nulls()
        ):
            out[series.name] = series.to_numpy()
        else:
            out[series.name] = series.to_list()
    return out


def _iso_datetime(name: str, dtype: dt.Datetime) -> pl.Expr:
    """Datetimes as Pydantic writes them: ``T`` separator, microseconds only when
    not zero (6 digits), ``Z`` for a zero UTC offset, ``+HH:MM`` otherwise."""
    column = pl.col(name)
    text = column.dt.to_string("%Y-%m-%dT%H:%M:%S%.6f").str.strip_suffix(".000000")
    if dtype.tz is not None:
        offset = column.dt.to_string("%:z")
        text = text + pl.when(offset == "+00:00").then(pl.lit("Z")).otherwise(offset)
    return text.alias(name)


def json_ready(result: pl.DataFrame, schema: FrameSchema) -> pl.DataFrame:
    """``result`` with its datetime columns as Pydantic's JSON strings.

    Polars writes datetimes as ``2024-01-01 00:00:07``; Pydantic (and FastAPI)
    as ``2024-01-01T00:00:07``. Dates, times and durations already agree.
    Datetimes nested in lists or structs keep the engine's format.
    """
    fixes = [
        _iso_datetime(name, column.dtype)
        for name, column in schema.items()
        if isinstance(column.dtype, dt.Datetime)
    ]
    return result.with_columns(fixes) if fixes else result
