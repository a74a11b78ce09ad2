"""Vectorized lax-mode coercion of one column to its schema dtype.

:func:`coerce` converts the canonical values of a source Series (same dtype,
or the usual spellings such as ``"42"`` for an ``int`` column or
``"2024-01-31"`` for a ``date`` column) with Polars expressions. It returns the
converted Series and a mask of the non-null cells it could not decide; those go
to Pydantic (:mod:`pydantable.validation.cells`), which either coerces them
exactly as Pydantic does or reports the exact error. Canonical forms are chosen
so that the vectorized result always equals Pydantic's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import polars as pl

from pydantable import dtypes as dt
from pydantable.engines.polars import to_polars_dtype

__all__ = ["coerce"]

_INT_RE = r"^-?[0-9]{1,18}$"
_FLOAT_RE = r"^-?[0-9]{1,15}(\.[0-9]{1,15})?$"
_DATE_RE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_UUID_RE = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
_OCTET = r"(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_IPV4_RE = rf"^{_OCTET}(\.{_OCTET}){{3}}$"
_BOOL_STRINGS = {
    "0": False,
    "off": False,
    "f": False,
    "false": False,
    "n": False,
    "no": False,
    "1": True,
    "on": True,
    "t": True,
    "true": True,
    "y": True,
    "yes": True,
}
_HM = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]"  # no hour 24
_SECONDS = r":[0-5][0-9]"  # no leap second (Polars reads 60, Pydantic rejects it)
_DATETIME_FORMATS = (
    (
        "%Y-%m-%dT%H:%M:%S%.f",
        rf"^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}T{_HM}{_SECONDS}\.[0-9]{{1,6}}$",
    ),
    ("%Y-%m-%dT%H:%M:%S", rf"^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}T{_HM}{_SECONDS}$"),
    ("%Y-%m-%dT%H:%M", rf"^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}T{_HM}$"),
    ("%Y-%m-%d", _DATE_RE),
)


def coerce(src: pl.Series, dtype: dt.DType) -> tuple[pl.Series, pl.Series | None]:
    """Coerce ``src`` to ``dtype``'s storage.

    Returns:
        ``(values, undecided)``: ``values`` has the target Polars dtype, with
        null where the source is null or undecided; ``undecided`` is a boolean
        mask (no nulls) of non-null source cells left to Pydantic, or ``None``
        when there are none (the common case: no mask is built at all).
    """
    target = to_polars_dtype(dtype)
    if src.dtype == pl.Null:
        return _nulls(src, target), None
    if src.dtype == target and type(dtype) in _PLAIN:
        return src, None
    rule = _RULES.get(type(dtype))
    if rule is not None:
        result = rule(src, dtype, target)
        if result is not None:
            values, decided = result
            # without nulls, counting the decided cells is enough (no mask)
            if not src.has_nulls() and decided.sum() == src.len():
                return values.cast(target).alias(src.name), None
            undecided = src.is_not_null() & ~decided.fill_null(False)
            if not undecided.any():
                return values.cast(target).alias(src.name), None
            values = pl.select(
                pl.when(undecided).then(None).otherwise(values).alias(src.name)
            ).to_series()
            return values.cast(target), undecided
    undecided = src.is_not_null()
    return _nulls(src, target), undecided if undecided.any() else None


def _nulls(src: pl.Series, target: pl.DataType) -> pl.Series:
    """An all-null Series of ``target`` as long as ``src``."""
    return pl.Series(src.name, dtype=target).extend_constant(None, len(src))


#: Dtypes whose every value of the target Polars dtype is valid (semantic types
#: such as UUID, Literal or nested ones have their own rules even then).
_PLAIN = frozenset(
    {
        dt.Int64,
        dt.Float64,
        dt.Boolean,
        dt.String,
        dt.Binary,
        dt.Date,
        dt.Datetime,
        dt.Time,
        dt.Duration,
        dt.Decimal,
    }
)


Result = tuple[pl.Series, pl.Series] | None


def _int(src: pl.Series, dtype: dt.DType, target: pl.DataType) -> Result:
    if src.dtype.is_integer():
        cast = src.cast(
            pl.Int64, strict=False
        )  # null when out of range: Pydantic decides
        return cast, cast.is_not_null()
    if src.dtype == pl.Boolean:
        return src.cast(pl.Int64), src.is_not_null()
    if src.dtype.is_float():
        ok = src.is_finite() & (src == src.floor()) & (src.abs() < 2.0**63)
        return pl.select(pl.when(ok).then(src).otherwise(None)).to_series().cast(
            pl.Int64
        ), ok
    if src.dtype == pl.String:
        ok = src.str.contains(_INT_RE)
        return _cast_where(src, ok, pl.Int64()), ok
    return None


def _float(src: pl.Series, dtype: dt.DType, target: pl.DataType) -> Result:
    if src.dtype.is_integer() or src.dtype.is_float() or src.dtype == pl.Boolean:
        return src.cast(pl.Float64), src.is_not_null()
    if src.dtype == pl.String:
        ok = src.str.contains(_FLOAT_RE)
        return _cast_where(src, ok, pl.Float64()), ok
    return None


def _bool(src: pl.Series, dtype: dt.DType, target: pl.DataType) -> Result:
    if src.dtype.is_integer():
        ok = src.is_in([0, 1])
        return _cast_where(src, ok, pl.Boolean()), ok
    if src.dtype == pl.String:
        mapped = src.replace_strict(
            _BOOL_STRINGS, default=None, return_dtype=pl.Boolean
        )
        return mapped, mapped.is_not_null()
    return None


def _string(src: pl.Series, dtype: dt.DType, target: pl.DataType) -> Result:
    if isinstance(src.dtype, (pl.Categorical, pl.Enum)):
        return src.cast(pl.String), src.is_not_null()
    return None


def _binary(src: pl.Series, dtype: dt.DType, target: pl.DataType) -> Result:
    if src.dtype == pl.String:
        return src.cast(pl.Binary), src.is_not_null()
    return None


def _date(src: pl.Series, dtype: dt.DType, target: pl.DataType) -> Result:
    if isinstance(src.dtype, pl.Datetime) and src.dtype.time_zone is None:
        as_date = src.dt.date()
        ok = src == as_date.cast(src.dtype)
        return as_date, ok
    if src.dtype == pl.String:
        parsed = src.str.to_date("%Y-%m-%d", strict=False, exact=True)
        # Polars reads year 0, Python dates start at year 1.
        ok = src.str.contains(_DATE_RE) & (parsed.dt.year() >= 1).fill_null(False)
        return parsed, ok
    return None


def _datetime(src: pl.Series, dtype: dt.DType, target: pl.DataType) -> Result:
    assert isinstance(dtype, dt.Datetime)
    if isinstance(src.dtype, pl.Datetime):
        if (src.dtype.time_zone is None) != (dtype.tz is None):
            return None
        out = src.dt.cast_time_unit("us")
        if dtype.tz is not None:
            out = out.dt.convert_time_zone(dtype.tz)
        return out, src.is_not_null()
    if src.dtype == pl.Date and dtype.tz is None:
        return src.cast(target), src.is_not_null()
    if src.dtype == pl.String and dtype.tz is None:
        return _datetime_text(src)
    return None


def _datetime_text(src: pl.Series) -> tuple[pl.Series, pl.Series]:
    """Naive datetimes from their canonical texts (``T`` or space separator).

    A column of API data nearly always spells every value one way, so the
    format of the first text is tried first, on the whole column, in one query
    (regex check, parse, year check); the other formats only run when cells
    are left.
    """
    name = src.name
    frame = src.to_frame(name).lazy()
    present = src.len() - src.null_count()
    parsed: pl.Series | None = None
    for column, fmt, pattern in _datetime_attempts(src):
        value = column.str.to_datetime(fmt, time_unit="us", strict=False, exact=True)
        # Polars reads year 0, Python datetimes start at year 1.
        ok = column.str.contains(pattern) & (value.dt.year() >= 1)
        step = frame.select(pl.when(ok).then(value).alias(name)).collect().to_series()
        parsed = step if parsed is None else parsed.fill_null(step)
        if parsed.len() - parsed.null_count() == present:
            break  # every text read
    assert parsed is not None
    return parsed, parsed.is_not_null()


def _datetime_attempts(src: pl.Series) -> Iterator[tuple[pl.Expr, str, str]]:
    """(text, format, pattern) to try: the first text's format as it is spelled,
    then every format on the text with a space separator read as ``T``."""
    column = pl.col(src.name)
    first = src.drop_nulls().head(1).to_list()
    if first:
        sample = str(first[0])
        sep = " " if sample[10:11] == " " else "T"
        for fmt, pattern in _DATETIME_FORMATS:
            spelled = (fmt.replace("T", sep, 1), pattern.replace("T", sep, 1))
            if re.fullmatch(spelled[1].strip("^$"), sample):
                yield column, *spelled
                break
    normalized = column.str.replace(" ", "T", literal=True, n=1)
    for fmt, pattern in _DATETIME_FORMATS:
        yield normalized, fmt, pattern


def _decimal(src: pl.Series, dtype: dt.DType, target: pl.DataType) -> Result:
    assert isinstance(dtype, dt.Decimal)
    whole = dtype.precision - dtype.scale
    if src.dtype.is_integer():
        cast = src.cast(target, strict=False)  # null when too many whole digits
        return cast, cast.is_not_null()
    if isinstance(src.dtype, pl.Decimal):
        # Exact only if no digit is lost: casting back must give the source value.
        cast = src.cast(target, strict=False)
        back = cast.cast(src.dtype, strict=False)
        ok = cast.is_not_null() & (back == src).fill_null(False)
        return cast, ok
    if src.dtype == pl.String:
        frac = f"(\\.[0-9]{{1,{dtype.scale}}})?" if dtype.scale else ""
        ok = src.str.contains(rf"^-?[0-9]{{1,{max(whole, 1)}}}{frac}$")
        return _cast_where(src, ok, target), ok
    return None


def _uuid(src: pl.Series, dtype: dt.DType, target: pl.DataType) -> Result:
    if src.dtype == pl.String:
        ok = src.str.contains(_UUID_RE)
        return src, ok
    return None


def _ipv4(src: pl.Series, dtype: dt.DType, target: pl.DataType) -> Result:
    if src.dtype == pl.String:
        ok = src.str.contains(_IPV4_RE)
        return src, ok
    return None


def _members(src: pl.Series, dtype: dt.DType, target: pl.DataType) -> Result:
    assert isinstance(dtype, (dt.Literal, dt.Enum))
    values = dtype.values if isinstance(dtype, dt.Literal) else dtype.values()
    if src.dtype != target:
        return None
    ok = src.is_in(pl.Series(list(values), dtype=target).implode())
    return src, ok


def _list(src: pl.Series, dtype: dt.DType, target: pl.DataType) -> Result:
    assert isinstance(dtype, dt.List)
    if not isinstance(src.dtype, pl.List) or not _plain_leaves(dtype):
        return None
    if src.dtype != target:
        if src.dtype.inner != pl.Null:
            return None
        src = src.cast(target)
    return src, _allowed(src, dtype)


def _struct(src: pl.Series, dtype: dt.DType, target: pl.DataType) -> Result:
    assert isinstance(dtype, dt.Struct)
    if src.dtype != target or not _plain_leaves(dtype):
        return None
    return src, _allowed(src, dtype)


def _plain_leaves(dtype: dt.DType) -> bool:
    """Whether every value of the Polars dtype storing ``dtype`` is valid, nulls
    aside (no UUID/Literal/Enum/... leaves, whose strings or ints need checks)."""
    if isinstance(dtype, dt.List):
        return _plain_leaves(dtype.inner)
    if isinstance(dtype, dt.Struct):
        return all(_plain_leaves(f.dtype) for f in dtype.fields)
    return type(dtype) in _PLAIN


def _allowed(src: pl.Series, dtype: dt.DType) -> pl.Series:
    """Mask of non-null values holding no null, at any depth, where ``dtype``
    forbids one."""
    check = _null_check(pl.col(src.name), dtype)
    if check is None:
        return src.is_not_null()
    forbidden = src.to_frame().select(check.fill_null(False)).to_series()
    return src.is_not_null() & ~forbidden


def _null_check(expr: pl.Expr, dtype: dt.DType) -> pl.Expr | None:
    parts: list[pl.Expr] = []
    if isinstance(dtype, dt.List):
        if not dtype.inner_nullable:
            parts.append(pl.element().is_null())
        inner = _null_check(pl.element(), dtype.inner)
        if inner is not None:
            parts.append(inner.fill_null(False))
        if not parts:
            return None
        return expr.list.eval(pl.any_horizontal(parts)).list.any()
    if isinstance(dtype, dt.Struct):
        for f in dtype.fields:
            field = expr.struct.field(f.name)
            if not f.nullable:
                parts.append(field.is_null())
            inner = _null_check(field, f.dtype)
            if inner is not None:
                parts.append(inner.fill_null(False))
        return pl.any_horizontal(parts) if parts else None
    return None


def _cast_where(src: pl.Series, ok: pl.Series, target: pl.DataType) -> pl.Series:
    return pl.select(
        pl.when(ok).then(src).otherwise(None).cast(target, strict=False)
    ).to_series()


_RULES = {
    dt.Int64: _int,
    dt.Float64: _float,
    dt.Boolean: _bool,
    dt.String: _string,
    dt.Binary: _binary,
    dt.Date: _date,
    dt.Datetime: _datetime,
    dt.Decimal: _decimal,
    dt.UUID: _uuid,
    dt.IPv4: _ipv4,
    dt.Literal: _members,
    dt.Enum: _members,
    dt.List: _list,
    dt.Struct: _struct,
}
