"""Validation of one column: full (lax, Pydantic-exact) and trusted modes."""

from __future__ import annotations

import datetime
import decimal
import functools
import importlib
import itertools
import json as _json
import operator
import typing
import warnings
from collections.abc import Sequence
from typing import Any, NamedTuple

import polars as pl
import pydantic
from polars.datatypes import DataTypeClass

from pydantable import dtypes as dt
from pydantable.engines.polars import MAP_KEY, MAP_VALUE, to_polars_dtype
from pydantable.errors import (
    DtypeDriftWarning,
    SchemaMismatchError,
    drift_warnings_suppressed,
    reading_source,
)
from pydantable.limits import check_python_depth
from pydantable.schema import UTC_NAIVE, Column, derived_column, takes_aware_as_utc
from pydantable.validation.cells import CellValidator
from pydantable.validation.coerce import coerce
from pydantable.validation.constraints import violations
from pydantable.validation.report import ErrorReport

__all__ = ["Source", "source_series", "validate_full", "validate_trusted"]

_NONE = type(None)

#: Python cell types a Polars strict build into the column's dtype converts
#: exactly as Pydantic's lax mode does. Strict construction converts more than
#: Pydantic accepts (ints become dates, ``"ab"`` becomes ``["a", "b"]``, struct
#: fields are cast, aware datetimes become naive), so a forced build is used only
#: when every cell (nested values included) has one of these exact types.
_DIRECT_TYPES: dict[type[dt.DType], frozenset[type]] = {
    dt.Int64: frozenset({int, bool}),
    dt.Float64: frozenset({float, int, bool}),
    dt.Boolean: frozenset({bool}),
    dt.String: frozenset({str}),
    dt.Binary: frozenset({bytes}),
    dt.Date: frozenset({datetime.date}),
    dt.Datetime: frozenset({datetime.datetime}),
    dt.Time: frozenset({datetime.time}),
    dt.Duration: frozenset({datetime.timedelta}),
}

#: Python types a column of one single type is built from by inference, for the
#: vectorized rules of :mod:`~pydantable.validation.coerce` (``"1"`` for int ...).
#: Mixed types are not: inference casts values to the first value's type
#: (``[[1], [2.5]]`` becomes ``[[1], [2]]``, naive and aware datetimes mix).
_INFERABLE = frozenset(
    {
        int,
        float,
        bool,
        str,
        bytes,
        decimal.Decimal,
        datetime.date,
        datetime.datetime,
        datetime.time,
        datetime.timedelta,
    }
)


def _direct_types(dtype: dt.DType) -> frozenset[type]:
    if isinstance(dtype, (dt.UUID, dt.IPv4, dt.IPv6)):
        return _DIRECT_TYPES[dt.String]
    if isinstance(dtype, dt.Literal):
        return _DIRECT_TYPES[type(dtype.storage())] - {bool}
    if isinstance(dtype, dt.Enum):
        return (_DIRECT_TYPES[type(dtype.storage())] - {bool}) | {dtype.enum}
    return _DIRECT_TYPES.get(type(dtype), frozenset())


def _present(values: Sequence[Any]) -> list[Any]:
    """``values`` without ``None`` (C-level)."""
    return list(
        itertools.compress(values, map(operator.is_not, values, itertools.repeat(None)))
    )


def _one_timezone(values: Sequence[Any]) -> bool:
    """Whether all non-None ``values`` (datetimes) share one ``tzinfo``."""
    return len(set(map(operator.attrgetter("tzinfo"), _present(values)))) <= 1


def _timezones_fit(values: Sequence[Any], dtype: dt.Datetime) -> bool:
    """Whether the datetimes are all naive (naive column) or all aware (tz column):
    a forced build converts the others silently."""
    zones = set(map(operator.attrgetter("tzinfo"), _present(values)))
    return zones <= {None} if dtype.tz is None else None not in zones


#: Dtypes whose strict Polars build checks cell types itself: it refuses every
#: Python type Pydantic's lax mode would reject or convert differently, and the
#: types it accepts (int/bool for Int64; float/int/bool/Decimal for Float64; str
#: and str subclasses for strings; NumPy scalars) convert to Pydantic's values.
#: No type scan is needed for them (the hot path of large ingests).
_SELF_CHECKING = (
    dt.Int64,
    dt.Float64,
    dt.Boolean,
    dt.String,
    dt.Binary,
    dt.UUID,
    dt.IPv4,
    dt.IPv6,
)


def _buildable(values: Sequence[Any], dtype: dt.DType, *, nested: bool = False) -> bool:
    """Whether a strict Polars build of ``values`` as ``dtype`` converts exactly
    as Pydantic does (C-level passes over the values, no Python loop).

    Inside lists and structs Polars casts values, so ``nested`` cells are always
    type-checked.
    """
    if not nested and (
        isinstance(dtype, (*_SELF_CHECKING, dt.Literal))
        or (isinstance(dtype, dt.Enum) and isinstance(dtype.storage(), dt.String))
    ):
        return True
    types = set(map(type, values))
    types.discard(_NONE)
    if not types:
        return True
    if isinstance(dtype, dt.List):
        if not types <= {list, tuple}:
            return False
        inner = list(itertools.chain.from_iterable(_present(values)))
        return _buildable(inner, dtype.inner, nested=True)
    if isinstance(dtype, dt.Map):
        if types != {dict}:
            return False
        records = _present(values)
        keys = list(itertools.chain.from_iterable(records))
        if not set(map(type, keys)) <= {str}:
            return False
        items = list(itertools.chain.from_iterable(map(dict.values, records)))
        return _buildable(items, dtype.value, nested=True)
    if isinstance(dtype, dt.Struct):
        if types != {dict}:
            return False
        records = _present(values)
        for f in dtype.fields:
            try:
                field_values = list(map(operator.itemgetter(f.name), records))
            except KeyError:
                return False  # an absent key: Pydantic decides (missing / default)
            if not _buildable(field_values, f.dtype, nested=True):
                return False
        return True
    if not types <= _direct_types(dtype):
        return False
    if isinstance(dtype, dt.Datetime):
        return _timezones_fit(values, dtype)
    if isinstance(dtype, dt.Time):  # naive storage: aware times go to Pydantic
        return set(map(operator.attrgetter("tzinfo"), _present(values))) <= {None}
    return True


class Source(NamedTuple):
    """Raw column input as a Polars Series (no coercion)."""

    #: ``None`` when Polars cannot hold the values exactly (mixed Python types ...).
    series: pl.Series | None
    #: The original sequence for Python input (exact raw cells for Pydantic).
    python_values: Sequence[Any] | None
    #: Cells that are not ``None`` in the input but null in ``series``: Polars
    #: builds a Decimal too wide for the inferred scale as null.
    lost: pl.Series | None = None


def source_series(
    name: str, raw: Any, column: Column, *, decimals_as_text: bool = False
) -> Source:
    """Turn raw column input into a Polars Series, without coercion.

    With ``decimals_as_text`` (validation), Python ``Decimal`` cells of a
    Decimal column are read as their text for the vectorized rules, and given
    to Pydantic as they are for other columns: Polars panics on non-finite
    Decimals and nulls those too wide for the scale it infers.
    """
    if isinstance(raw, pl.Series):
        check_map_keys(name, raw.dtype, column)
        return Source(raw.alias(name), None)
    if not isinstance(raw, (list, tuple)):
        series = _from_array_like(name, raw)
        check_map_keys(name, series.dtype, column)
        return Source(series, None)
    target = to_polars_dtype(column.dtype)
    if target.is_nested():
        # Polars/PyArrow build nested cells natively (a deep cell would
        # overflow their stack): the depth is bounded first. Scalar columns
        # never build nested data (see _container_first).
        check_python_depth(raw)
    if isinstance(column.dtype, (dt.Date, dt.Duration)):
        # Inference builds Date/Duration only from date/timedelta cells (ints
        # and other types infer differently or fail): no type scan needed.
        try:
            inferred = pl.Series(name, raw, strict=True)
        except _BUILD_ERRORS:
            inferred = None
        if inferred is not None and inferred.dtype == target:
            return Source(inferred, raw)
    if _buildable(raw, column.dtype) and not _container_first(raw, target):
        built = _build(name, raw, target, column.dtype)
        if built is not None:
            return Source(built, raw)
    if isinstance(column.dtype, dt.Map):
        return Source(_inferred_map(name, raw), raw)
    types = set(map(type, raw))
    types.discard(_NONE)
    if len(types) != 1 or not types <= _INFERABLE:
        return Source(None, raw)  # mixed or non-scalar types: Pydantic decides
    if datetime.datetime in types and not _one_timezone(raw):
        return Source(None, raw)
    if decimals_as_text and decimal.Decimal in types:
        if not isinstance(column.dtype, dt.Decimal):
            return Source(None, raw)
        text = pl.Series(name, list(map(str, raw)), dtype=pl.String)
        nulls = pl.when(text != "None").then(text).alias(name)  # str(None) is "None"
        return Source(pl.select(nulls).to_series(), raw)
    try:
        series = pl.Series(name, raw, strict=True)
    except _BUILD_ERRORS:
        return Source(None, raw)
    lost = None
    if decimal.Decimal in types:
        is_none = pl.Series(list(map(operator.is_, raw, itertools.repeat(None))))
        lost = series.is_null() & ~is_none
        if not lost.any():
            lost = None
    return Source(series, raw, lost)


_CONTAINERS = (list, tuple, dict, set, frozenset)


def _container_first(raw: Sequence[Any], target: pl.DataType) -> bool:
    """Whether the first non-None cell of a scalar column is a container.

    Polars then tries to read the column as nested data before it refuses it,
    in time growing with the nesting depth (and overflows its stack on deeply
    nested cells: a crash). Such a column goes to Pydantic, which reports each
    cell. (A container after a scalar fails the build at once.)
    """
    if target.is_nested():
        return False
    first = next((v for v in raw if v is not None), None)
    return isinstance(first, _CONTAINERS)


def _build(
    name: str, raw: Sequence[Any], target: pl.DataType, dtype: dt.DType | None = None
) -> pl.Series | None:
    """A strict build of ``raw`` as ``target`` (``None`` if it fails).

    Nested values go through PyArrow when it is installed: Polars converts
    nested Python lists value by value in Python (about 10x slower). PyArrow is
    stricter still (no bool as int, no inexact int as float); when it refuses,
    Polars builds the values. Maps (Python dicts) are built as a Polars ``Map``
    and cast to their stored key/value entries.
    """
    build = None if dtype is None else map_build_dtype(dtype)
    if build is not None:
        built = _build(name, raw, build)
        if built is None:
            return None
        try:
            entries: pl.Series = built.cast(target, strict=True)
        except _BUILD_ERRORS:
            return None
        return entries
    if target.is_nested():
        pa = _pyarrow()
        if pa is not None:
            try:
                array = pa.array(raw, type=pl.Series(dtype=target).to_arrow().type)
                series = pl.Series(name, array)
            except _BUILD_ERRORS:
                pass
            else:
                if series.dtype == target:
                    return series
    try:
        series = pl.Series(name, raw, dtype=target, strict=True)
    except _BUILD_ERRORS:
        return None
    return series if series.dtype == target else None


def map_build_dtype(dtype: dt.DType) -> pl.DataType | None:
    """The Polars dtype Python values of ``dtype`` are built as when it holds
    maps (a ``pl.Map`` where the storage has key/value entries), else ``None``."""
    if isinstance(dtype, dt.Map):
        value = map_build_dtype(dtype.value) or to_polars_dtype(dtype.value)
        return pl.Map(pl.String(), value)
    if isinstance(dtype, dt.List):
        inner = map_build_dtype(dtype.inner)
        return None if inner is None else pl.List(inner)
    if isinstance(dtype, dt.Struct):
        fields = {f.name: map_build_dtype(f.dtype) for f in dtype.fields}
        if all(v is None for v in fields.values()):
            return None
        return pl.Struct(
            {f.name: fields[f.name] or to_polars_dtype(f.dtype) for f in dtype.fields}
        )
    return None


def _inferred_map(name: str, raw: Sequence[Any]) -> pl.Series | None:
    """Python dict cells whose values are of one scalar type, built as a
    ``Map(String, <that type>)`` (the trusted modes then check the cast to the
    schema's value type), else ``None``."""
    types = set(map(type, raw))
    types.discard(_NONE)
    if types != {dict}:
        return None
    records = _present(raw)
    if not set(map(type, itertools.chain.from_iterable(records))) <= {str}:
        return None
    items = _present(list(itertools.chain.from_iterable(map(dict.values, records))))
    kinds = set(map(type, items))
    if len(kinds) != 1 or not kinds <= _INFERABLE:
        return None
    try:
        value = pl.Series(items, strict=True).dtype
        return pl.Series(name, raw, dtype=pl.Map(pl.String(), value), strict=True)
    except _BUILD_ERRORS:
        return None


#: Polars key dtypes of a map input that hold strings.
_STRING_KEYS = (pl.String, pl.Categorical, pl.Enum, pl.Null)


def _entries_of(source: Any) -> tuple[Any, Any] | None:
    """``(key dtype, value dtype)`` of a Polars ``Map`` or key/value entries
    (``List(Struct({key, value}))``) dtype, else ``None``."""
    if isinstance(source, pl.Map):
        return source.key, source.value
    if isinstance(source, pl.List) and isinstance(source.inner, pl.Struct):
        fields = source.inner.fields
        if [f.name for f in fields] == [MAP_KEY, MAP_VALUE]:
            return fields[0].dtype, fields[1].dtype
    return None


def check_map_keys(name: str, source: Any, column: Column) -> None:
    """Refuse a Polars/Arrow input whose map keys (at any depth where the
    schema has a ``dict[str, T]``) are not strings.

    Raises:
        TypeError: the keys are not strings (the message names them).
    """
    bad = _bad_map_key(source, column.dtype)
    if bad is not None:
        msg = (
            f"Column {name!r}: map keys must be strings for {column.python_type!r} "
            f"(dict[str, T]); the input has {bad} keys"
        )
        raise TypeError(msg)


def _bad_map_key(source: Any, dtype: dt.DType) -> Any:
    if isinstance(dtype, dt.Map):
        entries = _entries_of(source)
        if entries is None:
            return None
        key, value = entries
        if not isinstance(key, _STRING_KEYS):
            return key
        return _bad_map_key(value, dtype.value)
    if isinstance(dtype, dt.List) and isinstance(source, (pl.List, pl.Array)):
        return _bad_map_key(source.inner, dtype.inner)
    if isinstance(dtype, dt.Struct) and isinstance(source, pl.Struct):
        fields = {f.name: f.dtype for f in dtype.fields}
        for f in source.fields:
            if f.name in fields:
                found = _bad_map_key(f.dtype, fields[f.name])
                if found is not None:
                    return found
    return None


def map_view(source: Any, dtype: dt.DType) -> pl.DataType | None:
    """``source`` with its key/value entries read as Polars ``Map`` where the
    schema ``dtype`` has maps (their Python values are then dicts), or ``None``
    when nothing changes."""
    if isinstance(dtype, dt.Map):
        entries = _entries_of(source)
        if entries is None:
            return None
        key, value = entries
        inner = map_view(value, dtype.value)
        if isinstance(source, pl.Map) and inner is None:
            return None
        return pl.Map(key, value if inner is None else inner)
    if isinstance(dtype, dt.List) and isinstance(source, pl.List):
        inner = map_view(source.inner, dtype.inner)
        return None if inner is None else pl.List(inner)
    if isinstance(dtype, dt.Struct) and isinstance(source, pl.Struct):
        fields = {f.name: f.dtype for f in dtype.fields}
        views = {
            f.name: map_view(f.dtype, fields[f.name]) if f.name in fields else None
            for f in source.fields
        }
        if all(v is None for v in views.values()):
            return None
        return pl.Struct({f.name: views[f.name] or f.dtype for f in source.fields})
    return None


@functools.cache
def _pyarrow() -> Any:
    try:
        return importlib.import_module("pyarrow")
    except ImportError:
        return None


#: What building a Series from arbitrary Python values may raise: anything
#: (Polars calls into user objects, e.g. ``__dict__`` of models, and panics on
#: some values such as ``Decimal("Infinity")``; a panic is a BaseException).
#: Such input is left to Pydantic.
_BUILD_ERRORS = (Exception, pl.exceptions.PanicException)


#: Digits a Decimal column holds (Polars' Decimal, Arrow's decimal128).
_MAX_DECIMAL_DIGITS = 38


def from_arrow(data: Any, *, name: str = "values") -> Any:
    """``pl.from_arrow(data)`` for a PyArrow table, batch, array or chunked
    array, with ``decimal256`` columns of at most 38 digits read as
    ``decimal128`` (the same values).

    Raises:
        InvalidSourceError: a wider ``decimal256`` column, duplicate column
            names, or Arrow data the engine cannot read (its error or panic is
            the ``reason``).
    """
    pa = _pyarrow()
    with reading_source(data, "arrow"):
        return pl.from_arrow(_narrow_decimals(pa, data, name))


def _narrow_decimals(pa: Any, data: Any, name: str) -> Any:
    schema = getattr(data, "schema", None)
    if schema is not None:  # a Table or RecordBatch
        fields = [_narrow_field(pa, f) for f in schema]
        if all(f is g for f, g in zip(fields, schema, strict=True)):
            return data
        return data.cast(pa.schema(fields))
    arrow_type = getattr(data, "type", None)
    if arrow_type is not None and pa.types.is_decimal256(arrow_type):
        return data.cast(_narrow_field(pa, pa.field(name, arrow_type)).type)
    return data


def _narrow_field(pa: Any, field: Any) -> Any:
    if not pa.types.is_decimal256(field.type):
        return field
    if field.type.precision > _MAX_DECIMAL_DIGITS:
        msg = (
            f"column {field.name!r}: Arrow {field.type} holds more digits than a "
            f"Decimal column can ({_MAX_DECIMAL_DIGITS})"
        )
        raise pa.ArrowInvalid(msg)  # the caller's reading_source names the data
    return field.with_type(pa.decimal128(field.type.precision, field.type.scale))


def _from_array_like(name: str, raw: Any) -> pl.Series:
    module = type(raw).__module__.split(".")[0]
    if module == "pyarrow":
        converted = from_arrow(raw, name=name)
        series: pl.Series = (
            converted.to_series() if isinstance(converted, pl.DataFrame) else converted
        )
        return series.alias(name)
    if module == "pandas":
        from_pandas: pl.Series = pl.from_pandas(raw)
        return from_pandas.alias(name)
    try:
        return pl.Series(name, raw)
    except (TypeError, ValueError, pl.exceptions.PolarsError) as exc:
        msg = f"column {name!r}: cannot read values of type {type(raw).__name__}: {exc}"
        raise TypeError(msg) from None


def _aware_as_utc(src: pl.Series, column: Column) -> pl.Series:
    """Timezone-aware input of a plain ``datetime`` column as its naive UTC
    time (the instant is kept, as Pydantic accepts aware values); other
    columns and naive input as they are."""
    if (
        isinstance(src.dtype, pl.Datetime)
        and src.dtype.time_zone is not None
        and takes_aware_as_utc(column)
    ):
        utc: pl.Series = src.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
        return utc
    return src


def _is_opaque(column: Column, validator: CellValidator) -> bool:
    cons = column.constraints
    return (
        cons.opaque
        or cons.strict
        or validator.has_custom_validators
        or validator.has_nested_logic
        or isinstance(column.dtype, dt.Map)
    )


def validate_full(
    name: str,
    raw: Any,
    column: Column,
    validator: CellValidator,
    report: ErrorReport,
    *,
    may_have_missing: bool = False,
) -> pl.Series:
    """Validate and coerce one column like Pydantic lax mode (``trusted_mode="off"``).

    Errors go to ``report``; failed cells are null in the returned Series.
    """
    target = to_polars_dtype(column.dtype)
    opaque = _is_opaque(column, validator)
    if opaque and isinstance(raw, (list, tuple)):
        source = Source(None, raw)  # Pydantic validates every cell: no Series needed
    else:
        source = source_series(name, raw, column, decimals_as_text=True)
    src, python_values, lost = source
    given = src  # the caller's values: cells handed to Pydantic come from here
    if src is not None:
        src = _aware_as_utc(src, column)
    if src is None or opaque:
        if python_values is not None:
            values = list(python_values)
        else:
            assert src is not None
            view = map_view(src.dtype, column.dtype)
            values = (src if view is None else src.cast(view)).to_list()
        base = pl.Series(name, [None] * len(values), dtype=target)
        return _merge(
            base, range(len(values)), values, validator, report, may_have_missing
        )
    coerced, undecided = coerce(src, column.dtype)
    masks = [] if undecided is None else [undecided]
    if not column.nullable:
        if src.null_count():  # O(1): no mask unless there are nulls
            masks.append(src.is_null())
    elif lost is not None:
        masks.append(lost)
    bad = _violations(coerced, column, given=given, python_values=python_values)
    if bad is not None:
        masks.append(bad)
    if not masks:
        return coerced.alias(name)
    rows = functools.reduce(operator.or_, masks).arg_true()
    if rows.len() == 0:
        return coerced.alias(name)
    indices = rows.to_list()
    if python_values is not None:
        cells = [python_values[i] for i in indices]
    else:
        # the values as given (an aware datetime, not its UTC time): errors show
        # the caller's input, as Pydantic's do
        cells = (src if given is None else given).gather(rows).to_list()
    return _merge(
        coerced.alias(name), indices, cells, validator, report, may_have_missing
    )


def _violations(
    values: pl.Series,
    column: Column,
    *,
    given: pl.Series | None = None,
    python_values: Sequence[Any] | None = None,
) -> pl.Series | None:
    """The cells of ``values`` (coerced from ``given``) violating the constraints.

    Aware input of a plain ``datetime`` column is stored as its UTC time, but
    Pydantic checks a naive bound against the input's wall-clock time: the
    bounds then see both (the wall clock and the UTC instant).
    """
    try:
        if (
            given is not None
            and isinstance(given.dtype, pl.Datetime)
            and given.dtype.time_zone is not None
            and column.constraints.any_bounds()
            and takes_aware_as_utc(column)
        ):
            wall = _wall_clock(given, python_values)
            if wall is None:  # the input's offsets are unknown: Pydantic decides
                return values.is_not_null()
            bad = violations(wall.alias(values.name), column, instants=values)
        else:
            bad = violations(values, column)
    except pl.exceptions.PolarsError:
        return values.is_not_null()  # e.g. a pattern Polars' regex cannot run
    if bad is not None and isinstance(column.dtype, dt.Float64):
        bad = bad | values.is_nan().fill_null(False)
    return bad


def _wall_clock(
    given: pl.Series, python_values: Sequence[Any] | None
) -> pl.Series | None:
    """The wall-clock (naive local) times of the aware datetimes ``given``.

    Polars builds Python datetimes of one fixed offset (``timezone(timedelta(
    hours=2))``) as UTC: their wall clock is the UTC time plus that offset.
    ``None`` when it is unknown (a tzinfo without a fixed offset read as UTC).
    """
    assert isinstance(given.dtype, pl.Datetime)
    wall = given.dt.replace_time_zone(None).dt.cast_time_unit("us")
    if python_values is None or given.dtype.time_zone != "UTC":
        return wall
    zone = next(
        (v.tzinfo for v in python_values if isinstance(v, datetime.datetime)), None
    )
    offset = None if zone is None else zone.utcoffset(None)
    if offset is None:
        return None
    return wall + offset if offset else wall


def _merge(
    base: pl.Series,
    rows: Sequence[int],
    cells: list[Any],
    validator: CellValidator,
    report: ErrorReport,
    may_have_missing: bool = False,
) -> pl.Series:
    ok_rows, ok_values = validator.validate(
        cells,
        rows,
        report,
        need_values=report.keep_all or not report,
        may_have_missing=may_have_missing,
    )
    if not ok_rows:
        return base
    patch = pl.Series(base.name, ok_values, dtype=base.dtype, strict=True)
    return _scatter(base, ok_rows, patch)


def _scatter(base: pl.Series, rows: list[int], patch: pl.Series) -> pl.Series:
    """``base`` with ``patch[k]`` at row ``rows[k]`` (ascending, distinct rows)."""
    if len(rows) == len(base):
        return patch.alias(base.name)
    if not base.dtype.is_nested():
        return base.scatter(rows, patch)
    # Series.scatter does not support nested dtypes: gather the patch to full length.
    position = pl.Series(None, [None] * len(base), dtype=pl.Int64).scatter(
        rows, pl.int_range(len(rows), eager=True)
    )
    full = patch.gather(position)
    return pl.select(
        pl.when(position.is_not_null()).then(full).otherwise(base).alias(base.name)
    ).to_series()


# -- trusted modes ---------------------------------------------------------------------


#: Python cell types a ``strict`` column accepts as they are (Pydantic strict mode:
#: no bool for int, no str for numbers; an int is a valid float).
_STRICT_TYPES: dict[type[dt.DType], frozenset[type]] = {
    dt.Int64: frozenset({int}),
    dt.Float64: frozenset({float, int, decimal.Decimal}),
    dt.Boolean: frozenset({bool}),
    dt.String: frozenset({str}),
    dt.Binary: frozenset({bytes}),
    dt.Date: frozenset({datetime.date}),
    dt.Datetime: frozenset({datetime.datetime}),
    dt.Time: frozenset({datetime.time}),
    dt.Duration: frozenset({datetime.timedelta}),
    dt.Decimal: frozenset({decimal.Decimal}),
}


def _check_strict_types(name: str, raw: Sequence[Any], column: Column) -> None:
    bad = _strict_bad_types(raw, column.dtype)
    if bad:
        _check_python_map_keys(name, raw, column)
        names = sorted(t.__name__ for t in bad)
        msg = (
            f"Column {name!r} is incompatible with schema annotation "
            f"{column.python_type!r} in strict trusted mode. Got Python {names} values."
        )
        raise SchemaMismatchError(msg)


_TEMPORAL = (dt.Date, dt.Datetime, dt.Time, dt.Duration)


def _check_python_map_keys(name: str, raw: Sequence[Any], column: Column) -> None:
    """Refuse Python dict cells with keys that are not strings where the
    schema has a ``dict[str, T]`` (trusted modes store keys as they are).

    Raises:
        TypeError: a key is not a string (the message names its type).
    """
    bad = _python_bad_keys(raw, column.dtype)
    if bad:
        names = sorted(t.__name__ for t in bad)
        msg = (
            f"Column {name!r}: map keys must be strings for {column.python_type!r} "
            f"(dict[str, T]); got Python {names} keys"
        )
        raise TypeError(msg)


def _python_bad_keys(values: Sequence[Any], dtype: dt.DType) -> set[type]:
    present = _present(values)
    if isinstance(dtype, dt.Map):
        records = [v for v in present if isinstance(v, dict)]
        keys = set(map(type, itertools.chain.from_iterable(records)))
        bad = {k for k in keys if not issubclass(k, str)}
        if bad:
            return bad
        items = list(itertools.chain.from_iterable(map(dict.values, records)))
        return _python_bad_keys(items, dtype.value)
    if isinstance(dtype, dt.List):
        lists = [v for v in present if isinstance(v, (list, tuple))]
        return _python_bad_keys(list(itertools.chain.from_iterable(lists)), dtype.inner)
    if isinstance(dtype, dt.Struct):
        records = [v for v in present if isinstance(v, dict)]
        for f in dtype.fields:
            bad = _python_bad_keys([r[f.name] for r in records if f.name in r], f.dtype)
            if bad:
                return bad
    return set()


def _strict_bad_types(values: Sequence[Any], dtype: dt.DType) -> set[type]:
    """The Python types among ``values`` (nested values too: list items, map
    keys and values, struct fields given as dicts) that Pydantic's strict mode
    refuses for ``dtype``; semantic leaves (UUID, Enum ...) are left to the
    build. C-level passes over the values."""
    found = set(map(type, values))
    found.discard(_NONE)
    if not found:
        return set()
    if isinstance(dtype, dt.List):
        bad = found - {list, tuple}
        if bad:
            return bad
        items = list(itertools.chain.from_iterable(_present(values)))
        return _strict_bad_types(items, dtype.inner)
    if isinstance(dtype, dt.Map):
        bad = {kind for kind in found if not issubclass(kind, dict)}
        if bad:
            return bad
        records = _present(values)
        keys = list(itertools.chain.from_iterable(records))
        bad = {k for k in set(map(type, keys)) if not issubclass(k, str)}
        if bad:
            return bad
        items = list(itertools.chain.from_iterable(map(dict.values, records)))
        return _strict_bad_types(items, dtype.value)
    if isinstance(dtype, dt.Struct):
        records = [v for v in _present(values) if isinstance(v, dict)]
        for f in dtype.fields:
            field_values = [r[f.name] for r in records if f.name in r]
            bad = _strict_bad_types(field_values, f.dtype)
            if bad:
                return bad
        return set()
    allowed = _STRICT_TYPES.get(type(dtype))
    if allowed is None:
        return set()  # semantic columns: checked through their Polars dtype
    return {kind for kind in found - allowed if not _strict_subclass(kind, dtype)}


def _strict_subclass(kind: type, dtype: dt.DType) -> bool:
    """Whether Pydantic's strict mode takes cells of ``kind`` (a subclass of an
    exact type) for the column: ``str`` subclasses (``str`` enums) for ``str``,
    ``int`` subclasses but bools for ``int``, ``float`` subclasses for ``float``."""
    if issubclass(kind, bool):
        return False
    if isinstance(dtype, dt.String):
        return issubclass(kind, str)
    if isinstance(dtype, dt.Int64):
        return issubclass(kind, int)
    if isinstance(dtype, dt.Float64):
        return issubclass(kind, (float, int, decimal.Decimal))
    return False


#: From this many cells a strict column is checked by its typed build (a few
#: engine passes) rather than by a scan of its Python types (cheaper below).
_STRICT_BUILD_CELLS = 16_384


def _strict_inferred(name: str, raw: Sequence[Any], column: Column) -> pl.Series | None:
    """A ``strict`` column built without a Python type scan where the build
    itself proves the cell types, else ``None`` (the types are scanned).

    A strict Boolean build takes bools only; a String build ``str`` and its
    subclasses (``str`` enums too), as Pydantic's strict mode does; an Int64
    build ints and bools; a Float64 build floats, ints, Decimals (all valid
    strict floats for Pydantic) and bools: only cells equal to 0 or 1 can be
    bools, and only those are looked at.
    """
    kind = type(column.dtype)
    if len(raw) < _STRICT_BUILD_CELLS or kind not in (
        dt.Int64,
        dt.Boolean,
        dt.String,
        dt.Float64,
    ):
        return None
    try:
        series = pl.Series(name, raw, dtype=to_polars_dtype(column.dtype), strict=True)
    except _BUILD_ERRORS:
        return None
    if kind in (dt.Int64, dt.Float64):
        suspects = ((series == 0) | (series == 1)).arg_true().to_list()
        if suspects and bool in set(map(type, map(raw.__getitem__, suspects))):
            return None
    return series


def validate_trusted(
    name: str,
    raw: Any,
    column: Column,
    mode: str,
    *,
    json_input: bool = False,
    validator: CellValidator | None = None,
) -> pl.Series:
    """Build one column under ``shape_only`` or ``strict`` trust.

    ``shape_only`` stores the values as the schema dtype and checks nullability;
    a lossless cast is allowed (with a :class:`DtypeDriftWarning`), a lossy one
    is rejected. ``strict`` also requires the input dtype to match the schema.

    With ``json_input`` (decoded JSON), a column of a type JSON carries as text
    (datetime, date, time, duration, Decimal, bytes) also takes that text: the
    trusted modes skip value checks, not JSON decoding.

    Raises:
        SchemaMismatchError: a value cannot be stored, a dtype is incompatible
            (strict) or a non-nullable column holds nulls.
    """
    target = to_polars_dtype(column.dtype)
    if (
        json_input
        and isinstance(column.dtype, _JSON_TEXT)
        and (
            isinstance(raw, (list, tuple))
            or (isinstance(raw, pl.Series) and raw.dtype == pl.String)
        )
    ):
        raw = _decode_json_text(name, raw, column, mode, validator)
    temporal = isinstance(column.dtype, _TEMPORAL)
    python_cells = mode == "strict" and isinstance(raw, (list, tuple))
    if python_cells:
        inferred = _strict_inferred(name, raw, column)
        if inferred is not None:
            raw = inferred
            python_cells = False
        elif not temporal:
            _check_strict_types(name, raw, column)
    src, _, lost = source_series(name, raw, column)
    if src is not None:
        src = _aware_as_utc(src, column)
    if python_cells and temporal and (src is None or src.dtype != target):
        # a temporal column builds as its dtype only from cells of its exact
        # Python type (or subclasses): the types are looked at only when not
        _check_strict_types(name, raw, column)
    if src is None or lost is not None:
        if isinstance(raw, (list, tuple)):
            _check_python_map_keys(name, raw, column)
        msg = (
            f"Column {name!r} holds values of mixed Python types that cannot be stored "
            f"as {column.dtype!r} under trusted_mode={mode!r}"
        )
        raise SchemaMismatchError(msg)
    if src.dtype != target and src.dtype != pl.Null:
        if mode == "strict" and not _compatible(src.dtype, target):
            msg = (
                f"Column {name!r} is incompatible with schema annotation "
                f"{column.python_type!r} in strict trusted mode. Got {src.dtype}, "
                f"expected {target}."
            )
            raise SchemaMismatchError(msg)
        src = _lossless_cast(src, target, column, mode)
    elif src.dtype == pl.Null:
        src = src.cast(target)
    if not column.nullable:
        nulls = src.null_count()
        if nulls:
            first = src.is_null().arg_true()[0]
            msg = (
                f"Column {name!r} is non-nullable in schema but contains null values. "
                f"Found {nulls}, the first at row {first}."
            )
            raise SchemaMismatchError(msg)
    return src


#: Dtypes that JSON carries as text (Pydantic's JSON mode decodes the text).
_JSON_TEXT = (dt.Datetime, dt.Date, dt.Time, dt.Duration, dt.Decimal, dt.Binary)
#: JSON value types a strict column of these dtypes accepts besides text.
_JSON_NUMBERS: dict[type[dt.DType], frozenset[type]] = {
    dt.Decimal: frozenset({int, float}),
    dt.Duration: frozenset({int, float}),
}


def _decode_json_text(
    name: str,
    raw: Sequence[Any] | pl.Series,
    column: Column,
    mode: str,
    validator: CellValidator | None,
) -> Sequence[Any] | pl.Series:
    """Decode the JSON text cells of a datetime/date/time/duration/Decimal/bytes
    column as Pydantic's JSON mode does (values unchecked: no constraints).

    Canonical text is parsed by the vectorized rules of
    :func:`~pydantable.validation.coerce.coerce`; other text goes to Pydantic.
    Cells that are not text are left for the usual trusted-mode checks.
    """
    try:  # text (and nulls) only: the strict build proves it, no type scan
        text = (
            raw.alias(name)
            if isinstance(raw, pl.Series)
            else pl.Series(name, raw, dtype=pl.String, strict=True)
        )
    except _BUILD_ERRORS:
        assert not isinstance(raw, pl.Series)
        kinds = set(map(type, raw))
        kinds.discard(_NONE)
        numbers = _JSON_NUMBERS.get(type(column.dtype), frozenset())
        if str in kinds and kinds <= {str} | numbers:
            return _decode_cells(name, raw, column, mode, validator)
        return raw  # Python values: the usual checks
    if text.null_count() == len(text):
        nulls: pl.Series = text.cast(to_polars_dtype(column.dtype))
        return nulls
    if isinstance(column.dtype, dt.Binary) and _json_bytes(validator) == "utf8":
        binary: pl.Series = text.cast(pl.Binary)
        return binary
    if isinstance(column.dtype, dt.Binary):
        return _decode_cells(name, text.to_list(), column, mode, validator)
    decoded, undecided = coerce(text, column.dtype)
    if undecided is None:
        return decoded
    rows = undecided.arg_true()
    cells = _decode_cells(
        name, text.gather(rows).to_list(), column, mode, validator, rows
    )
    return decoded.scatter(rows, cells)


def _json_bytes(validator: CellValidator | None) -> str:
    model = validator.row_model if validator is not None else None
    config = model.model_config if model is not None else {}
    return str(config.get("val_json_bytes", "utf8"))


def _decode_cells(
    name: str,
    cells: Sequence[Any],
    column: Column,
    mode: str,
    validator: CellValidator | None,
    rows: pl.Series | None = None,
) -> pl.Series:
    """Pydantic's JSON decoding of ``cells`` (no constraints) as a Series."""
    cell_type = derived_column(column.name, column.dtype, True).annotation
    if takes_aware_as_utc(column):  # offsets are read, the UTC time is stored
        cell_type = typing.Annotated[datetime.datetime, UTC_NAIVE] | None
    adapter = _json_adapter(cell_type, _json_bytes(validator))
    try:
        values = adapter.validate_json(
            _json.dumps(list(cells)), strict=mode == "strict"
        )
    except pydantic.ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        index = int(first["loc"][0]) if first["loc"] else 0
        row = int(rows[index]) if rows is not None else index
        shown = repr(cells[index])[:80]
        msg = (
            f"Column {name!r}: {exc.error_count()} value(s) cannot be read as "
            f"{column.dtype!r} under trusted_mode={mode!r} (first at row {row}: "
            f"{shown}, {first['msg']})"
        )
        raise SchemaMismatchError(msg) from None
    return pl.Series(name, values, dtype=to_polars_dtype(column.dtype), strict=True)


@functools.lru_cache(maxsize=256)
def _json_adapter(python_type: Any, json_bytes: str) -> pydantic.TypeAdapter[Any]:
    config = pydantic.ConfigDict(val_json_bytes=json_bytes)  # type: ignore[typeddict-item]
    return pydantic.TypeAdapter(list[python_type], config=config)


def _lossless_cast(
    src: pl.Series, target: pl.DataType, column: Column, mode: str
) -> pl.Series:
    cast: pl.Series = src
    try:
        cast = src.cast(target, strict=True)
        back = cast.cast(src.dtype, strict=True)
        lossless = (
            bool((back == src).fill_null(True).all())
            if not target.is_nested()
            else back.equals(src, check_names=False)
        )
    except pl.exceptions.PolarsError:
        lossless = False
    if not lossless:
        msg = (
            f"Column {src.name!r}: values of dtype {src.dtype} cannot be stored as "
            f"{column.dtype!r} without loss under trusted_mode={mode!r}; use "
            "trusted_mode='off' to validate and coerce them"
        )
        raise SchemaMismatchError(msg)
    if (
        mode == "shape_only"
        and not _compatible(src.dtype, target)
        and not drift_warnings_suppressed()
    ):
        warnings.warn(
            f"Column {src.name!r}: {src.dtype} cast to {target} without validation "
            "(trusted_mode='shape_only')",
            DtypeDriftWarning,
            stacklevel=6,
        )
    return cast


#: Names of the UTC zone (PostgreSQL drivers report ``Etc/UTC``).
_UTC_NAMES = frozenset(
    {
        "UTC",
        "Etc/UTC",
        "Etc/UCT",
        "UCT",
        "Etc/Universal",
        "Universal",
        "Zulu",
        "Etc/Zulu",
        "GMT",
        "Etc/GMT",
    }
)


def _zone(name: str | None) -> str | None:
    """A time-zone name with the aliases of UTC folded into ``"UTC"``."""
    return "UTC" if name in _UTC_NAMES else name


def _compatible(
    source: pl.DataType | DataTypeClass, target: pl.DataType | DataTypeClass
) -> bool:
    """Whether ``source`` values are of the kind ``target`` declares (no coercion)."""
    source = source() if isinstance(source, type) else source
    target = target() if isinstance(target, type) else target
    if source == target:
        return True
    if source.is_integer() and target.is_integer():
        return True
    if source.is_float() and target.is_float():
        return True
    if isinstance(source, (pl.Categorical, pl.Enum)) and target == pl.String:
        return True
    if isinstance(source, pl.Decimal) and isinstance(target, pl.Decimal):
        return True
    if isinstance(source, pl.Datetime) and isinstance(target, pl.Datetime):
        return _zone(source.time_zone) == _zone(target.time_zone)
    if isinstance(source, pl.Duration) and isinstance(target, pl.Duration):
        return True
    if isinstance(source, pl.Map) and _entries_of(target) is not None:
        _, value = _entries_of(target)  # type: ignore[misc]
        return isinstance(source.key, _STRING_KEYS) and (
            source.value == pl.Null or _compatible(source.value, value)
        )
    if isinstance(source, pl.List) and isinstance(target, pl.List):
        return source.inner == pl.Null or _compatible(source.inner, target.inner)
    if isinstance(source, pl.Struct) and isinstance(target, pl.Struct):
        src_fields = {f.name: f.dtype for f in source.fields}
        return all(
            f.name not in src_fields or _compatible(src_fields[f.name], f.dtype)
            for f in target.fields
        )
    return False
