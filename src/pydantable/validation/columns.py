"""Validation of one column: full (lax, Pydantic-exact) and trusted modes."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import polars as pl

from pydantable import dtypes as dt
from pydantable.engines.polars import to_polars_dtype
from pydantable.errors import DtypeDriftWarning, SchemaMismatchError
from pydantable.schema import Column
from pydantable.validation.cells import CellValidator
from pydantable.validation.coerce import coerce
from pydantable.validation.constraints import violations
from pydantable.validation.report import ErrorReport

__all__ = ["source_series", "validate_full", "validate_trusted"]

#: Dtypes a Python list can be built into directly (strict Polars construction
#: accepts exactly what Pydantic's lax mode accepts for them, no more).
_DIRECT = (
    dt.Int64,
    dt.Float64,
    dt.Boolean,
    dt.String,
    dt.Binary,
    dt.Date,
    dt.Datetime,
    dt.Time,
    dt.Duration,
    dt.UUID,
    dt.IPv4,
    dt.IPv6,
    dt.Literal,
    dt.Enum,
    dt.List,
    dt.Struct,
)


def source_series(
    name: str, raw: Any, column: Column
) -> tuple[pl.Series | None, Sequence[Any] | None]:
    """Turn raw column input into a Polars Series, without coercion.

    Returns:
        ``(series, python_values)``: ``series`` is ``None`` for a Python sequence
        of mixed types Polars cannot hold; ``python_values`` is the original
        sequence for Python input (kept to hand exact raw cells to Pydantic).
    """
    if isinstance(raw, pl.Series):
        return raw.alias(name), None
    if not isinstance(raw, (list, tuple)):
        return _from_array_like(name, raw), None
    target = to_polars_dtype(column.dtype)
    if isinstance(column.dtype, _DIRECT):
        try:
            series = pl.Series(name, raw, dtype=target, strict=True)
        except (TypeError, ValueError, OverflowError, pl.exceptions.PolarsError):
            pass
        else:
            if series.dtype == target:
                return series, raw
    try:
        return pl.Series(name, raw, strict=True), raw
    except (TypeError, ValueError, OverflowError, pl.exceptions.PolarsError):
        return None, raw


def _from_array_like(name: str, raw: Any) -> pl.Series:
    module = type(raw).__module__.split(".")[0]
    if module == "pyarrow":
        converted = pl.from_arrow(raw)
        if isinstance(converted, pl.DataFrame):
            converted = converted.to_series()
        return converted.alias(name)
    if module == "pandas":
        return pl.from_pandas(raw).alias(name)
    try:
        return pl.Series(name, raw)
    except (TypeError, ValueError, pl.exceptions.PolarsError) as exc:
        msg = f"column {name!r}: cannot read values of type {type(raw).__name__}: {exc}"
        raise TypeError(msg) from None


def _is_opaque(column: Column, validator: CellValidator) -> bool:
    cons = column.constraints
    return (
        cons.opaque
        or cons.strict
        or validator.has_custom_validators
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
    src, python_values = source_series(name, raw, column)
    if src is None or _is_opaque(column, validator):
        values = list(python_values) if python_values is not None else src.to_list()  # type: ignore[union-attr]
        base = pl.Series(name, [None] * len(values), dtype=target)
        return _merge(
            base, range(len(values)), values, validator, report, may_have_missing
        )
    coerced, undecided = coerce(src, column.dtype)
    if not column.nullable:
        undecided = undecided | src.is_null()
    bad = _violations(coerced, column)
    if bad is not None:
        undecided = undecided | bad
    rows = undecided.arg_true()
    if rows.len() == 0:
        return coerced.alias(name)
    indices = rows.to_list()
    if python_values is not None:
        cells = [python_values[i] for i in indices]
    else:
        cells = src.gather(rows).to_list()
    return _merge(coerced.alias(name), indices, cells, validator, report)


def _violations(values: pl.Series, column: Column) -> pl.Series | None:
    try:
        bad = violations(values, column)
    except pl.exceptions.PolarsError:
        return values.is_not_null()  # e.g. a pattern Polars' regex cannot run
    if bad is not None and isinstance(column.dtype, dt.Float64):
        bad = bad | values.is_nan().fill_null(False)
    return bad


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
    """``base`` with ``patch[k]`` at row ``rows[k]`` (nested dtypes included)."""
    if len(rows) == len(base):
        return patch.alias(base.name) if rows == list(range(len(base))) else patch.gather(
            pl.Series(rows).arg_sort()
        ).alias(base.name)
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


def validate_trusted(name: str, raw: Any, column: Column, mode: str) -> pl.Series:
    """Build one column under ``shape_only`` or ``strict`` trust.

    ``shape_only`` stores the values as the schema dtype and checks nullability;
    a lossless cast is allowed (with a :class:`DtypeDriftWarning`), a lossy one
    is rejected. ``strict`` also requires the input dtype to match the schema.

    Raises:
        SchemaMismatchError: a value cannot be stored, a dtype is incompatible
            (strict) or a non-nullable column holds nulls.
    """
    target = to_polars_dtype(column.dtype)
    src, _ = source_series(name, raw, column)
    if src is None:
        msg = (
            f"Column {name!r} holds values of mixed Python types that cannot be stored "
            f"as {column.dtype!r} under trusted_mode={mode!r}"
        )
        raise SchemaMismatchError(msg)
    if src.dtype != target and src.dtype != pl.Null:
        if mode == "strict" and not _compatible(src.dtype, target):
            msg = (
                f"Column {name!r} is incompatible with schema annotation "
                f"{column.annotation!r} in strict trusted mode (got {src.dtype}, "
                f"expected {target})."
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
                f"Column {name!r} is not nullable but contains {nulls} null value(s) "
                f"(first at row {first})"
            )
            raise SchemaMismatchError(msg)
    return src


def _lossless_cast(src: pl.Series, target: pl.DataType, column: Column, mode: str) -> pl.Series:
    try:
        cast = src.cast(target, strict=True)
        back = cast.cast(src.dtype, strict=True)
        lossless = bool((back == src).fill_null(True).all()) if not target.is_nested() else True
    except pl.exceptions.PolarsError:
        lossless = False
    if not lossless:
        msg = (
            f"Column {src.name!r}: values of dtype {src.dtype} cannot be stored as "
            f"{column.dtype!r} without loss under trusted_mode={mode!r}; use "
            "trusted_mode='off' to validate and coerce them"
        )
        raise SchemaMismatchError(msg)
    if mode == "shape_only" and not _compatible(src.dtype, target):
        warnings.warn(
            f"Column {src.name!r}: {src.dtype} cast to {target} without validation "
            "(trusted_mode='shape_only')",
            DtypeDriftWarning,
            stacklevel=6,
        )
    return cast


def _compatible(source: pl.DataType, target: pl.DataType) -> bool:
    """Whether ``source`` values are of the kind ``target`` declares (no coercion)."""
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
        return source.time_zone == target.time_zone
    if isinstance(source, pl.Duration) and isinstance(target, pl.Duration):
        return True
    if isinstance(source, pl.List) and isinstance(target, pl.List):
        return source.inner == pl.Null or _compatible(source.inner, target.inner)
    if isinstance(source, pl.Struct) and isinstance(target, pl.Struct):
        src_fields = {f.name: f.dtype for f in source.fields}
        return all(
            f.name not in src_fields or _compatible(src_fields[f.name], f.dtype)
            for f in target.fields
        )
    return False
