"""Whole columns of values given to ``with_columns``: NumPy arrays, Polars and
pandas Series, lists.

The frame methods (:mod:`pydantable.frame.arrays`) check the length and build
the column; this module recognizes such values and infers the column a new
one gets from the values' dtype (the values are then validated by the usual
ingest, :func:`pydantable.validation.ingest.ingest`).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import polars as pl

from pydantable.schema import Column, FrameSchema, column_from_annotation

__all__ = [
    "column_for",
    "is_column_values",
    "one_dimensional",
    "prepared",
    "series_name",
]


def _module(value: object) -> str:
    return type(value).__module__.split(".", 1)[0]


def is_column_values(value: object) -> bool:
    """Whether ``value`` is a whole column (array, Series or list), not an expression.

    Example:
        >>> is_column_values([1, 2]), is_column_values(3)
        (True, False)
    """
    if isinstance(value, (list, pl.Series)):
        return True
    module = _module(value)
    if module == "numpy":
        return hasattr(value, "ndim") and hasattr(value, "dtype")
    return module == "pandas" and type(value).__name__ == "Series"


def series_name(value: object) -> str | None:
    """The name of a Polars/pandas Series (positional ``with_columns`` items).

    Example:
        >>> series_name(pl.Series("pred", [1])), series_name([1])
        ('pred', None)
    """
    if isinstance(value, pl.Series) or (
        _module(value) == "pandas" and type(value).__name__ == "Series"
    ):
        name = getattr(value, "name", None)
        return name if isinstance(name, str) and name else None
    return None


def one_dimensional(value: Any, *, where: str) -> int:
    """The length of a column of values; refuses arrays that are not 1-D.

    Example:
        >>> one_dimensional([1, 2, 3], where="with_columns(x=...)")
        3
    """
    ndim = getattr(value, "ndim", 1)
    if ndim != 1:
        shape = getattr(value, "shape", None)
        msg = (
            f"{where} needs a 1-D column of values; got an array of shape {shape} "
            "(pass one column, e.g. array[:, 0], or a 1-D array)"
        )
        raise ValueError(msg)
    return len(value)


# Polars dtype (as inferred from the values) → the Python annotation of a new column.
def _annotation(dtype: pl.DataType) -> Any:
    if dtype.is_integer():
        return int
    if dtype.is_float():
        return float
    simple: dict[type[pl.DataType], Any] = {
        pl.Boolean: bool,
        pl.String: str,
        pl.Date: _dt.date,
        pl.Time: _dt.time,
        pl.Duration: _dt.timedelta,
        pl.Binary: bytes,
    }
    if isinstance(dtype, pl.Datetime) and dtype.time_zone is None:
        return _dt.datetime
    return simple.get(dtype.base_type())


def _as_series(values: Any) -> pl.Series:
    if isinstance(values, pl.Series):
        return values
    if _module(values) == "pandas":
        converted: pl.Series = pl.from_pandas(
            values
        )  # NaN, pd.NA: nulls (pandas' sense)
        return converted
    return pl.Series(values)


#: NumPy datetime64/timedelta64 units Polars reads as datetimes/durations.
_TIME_UNITS = frozenset({"ms", "us", "ns"})


def prepared(values: Any) -> Any:
    """``values`` as ingest and inference read them (the caller's object is
    never modified): an object array becomes the list of its cells (they are
    Python objects already, validated one by one like a list), a datetime64 or
    timedelta64 array of another unit (``s``, ``D``, ...) is converted to
    microseconds (a ``datetime64[D]`` column is a datetime, not a date).

    Example:
        >>> import numpy as np
        >>> prepared(np.array(["2024-01-02"], dtype="datetime64[D]")).dtype
        dtype('<M8[us]')
    """
    if _module(values) != "numpy":
        return values
    kind = values.dtype.kind
    if kind == "O":
        return values.tolist()
    if kind in "Mm":
        import numpy as np

        unit, _ = np.datetime_data(values.dtype)
        if unit not in _TIME_UNITS:
            return values.astype(
                f"{'datetime64' if kind == 'M' else 'timedelta64'}[us]"
            )
    return values


def column_for(name: str, values: Any, schema: FrameSchema) -> Column:
    """The column ``name=values`` validates against: the declared one when the
    frame has it, else one inferred from the values' dtype (nullable when
    they hold nulls; NumPy NaN is a float value, not a null).

    Example:
        >>> column_for("p", [1.5, None], FrameSchema([]))
        Column('p', Float64, nullable=True)

    Raises:
        TypeError: the values' dtype has no column type (mixed objects,
            nested values, time-zone aware datetimes, all nulls).
    """
    if name in schema:
        declared = schema[name]
        # aliases are dropped (the values are given by name), constraints kept
        return Column(
            name,
            declared.dtype,
            declared.nullable,
            declared.annotation,
            constraints=declared.constraints,
        )
    try:
        series = _as_series(values)
    except (TypeError, ValueError, pl.exceptions.PolarsError) as exc:
        msg = (
            f"with_columns({name}=...): cannot infer a column type from these "
            f"values ({type(exc).__name__}: {str(exc)[:200]}); give values of one "
            "type, or add the column to the schema first and replace it"
        )
        raise TypeError(msg) from None
    base = _annotation(series.dtype)
    if base is None:
        msg = (
            f"with_columns({name}=...): cannot infer a column type from values of "
            f"dtype {series.dtype}; supported: int, float, bool, str, date, "
            "datetime (naive), time, timedelta, bytes — cast the values, or add "
            "the column to the schema first and replace it"
        )
        raise TypeError(msg)
    annotation = base | None if series.null_count() else base
    return column_from_annotation(name, annotation)
