"""The Python lane of ingest (small inputs): Pydantic validates every cell, Polars is built lazily.

For API-sized payloads (a few hundred rows) the fixed cost of vectorized
validation and of building a Polars frame dominates; Pydantic's per-column
``list[T]`` validation is faster there. Results and errors are identical on both
paths: every cell goes through the same :class:`CellValidator` the vectorized
path uses for the cells it cannot decide. The validated columns are kept as
Python lists in a :class:`PythonTable`, converted to Polars only when a plan
needs the engine (and then once).
"""

from __future__ import annotations

import decimal
import zoneinfo
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import pydantic
from pydantic import TypeAdapter
from typing_extensions import TypedDict

from pydantable import dtypes as dt
from pydantable.engines.polars import MAP_KEY, MAP_VALUE
from pydantable.schema import FrameSchema
from pydantable.validation.cells import (
    CellValidator,
    cell_annotation,
    has_unstorable,
    needs_storage_check,
    storage_converter,
)
from pydantable.validation.report import ErrorReport

__all__ = ["ColumnsValidator", "validate_small"]


class ValidatorLookup(Protocol):
    """Anything returning the :class:`CellValidator` of a column by name."""

    def __getitem__(self, name: str, /) -> CellValidator: ...


class ColumnsValidator:
    """Validates all columns of a small input in one Pydantic call.

    A ``TypedDict`` of ``list[T]`` fields (the shape of a plain Pydantic
    list-per-field model) checks every cell at once; only when that raises are
    columns validated one by one to locate and collect the errors. Columns with
    custom field validators (which take one cell) are not eligible.
    """

    def __init__(self, schema: FrameSchema, validators: ValidatorLookup) -> None:
        self.schema = schema
        self.validators = validators
        self._adapter: TypeAdapter[dict[str, list[Any]]] | None = None
        self._eligible: bool | None = None
        self._post: list[tuple[str, Any, Any, bool]] = []

    def _build(self) -> TypeAdapter[dict[str, list[Any]]] | None:
        if self._eligible is None:
            names = list(self.schema)
            self._eligible = not any(
                self.validators[n].has_custom_validators for n in names
            )
            if self._eligible:
                for name in names:
                    dtype = self.schema[name].dtype
                    steps = (
                        storage_converter(dtype),
                        _normalizer(dtype),
                        needs_storage_check(dtype),
                    )
                    if steps != (None, None, False):
                        self._post.append((name, *steps))
                fields = {n: list[cell_annotation(self.schema[n])] for n in names}  # type: ignore[misc]
                typed_dict = TypedDict("Columns", fields)  # type: ignore[misc]
                adapter: TypeAdapter[Any] = TypeAdapter(typed_dict)
                self._adapter = adapter
        return self._adapter

    def validate(
        self, columns: Mapping[str, Sequence[Any]], n: int
    ) -> dict[str, list[Any]] | None:
        """Validated storage columns, or ``None`` if any cell needs error reporting."""
        adapter = self._build()
        if adapter is None:
            return None
        try:
            out = adapter.validate_python({name: columns[name] for name in self.schema})
        except pydantic.ValidationError:
            return None
        result: dict[str, list[Any]] = out
        for name, convert, normalize, is_int in self._post:
            values = result[name]
            if is_int and has_unstorable(values, self.schema[name].dtype, checked=True):
                return None  # the per-column path reports them
            if convert is not None:
                values = [None if v is None else convert(v) for v in values]
            if normalize is not None:
                values = [None if v is None else normalize(v) for v in values]
            result[name] = values
        return result


def validate_small(
    name: str,
    values: Sequence[Any],
    validator: CellValidator,
    report: ErrorReport,
    *,
    may_have_missing: bool = False,
) -> list[Any]:
    """Validate every cell of a short column with Pydantic; failed cells become None.

    Values the engine cannot store (64-bit bounds ...) are reported and dropped by
    the :class:`CellValidator` itself.
    """
    n = len(values)
    ok_rows, ok_values = validator.validate(
        list(values),
        range(n),
        report,
        need_values=report.keep_all or not report,
        may_have_missing=may_have_missing,
    )
    normalize = _normalizer(validator.column.dtype)
    if len(ok_rows) == n:
        out = ok_values
    else:
        out = [None] * n
        for row, value in zip(ok_rows, ok_values, strict=True):
            out[row] = value
    if normalize is not None:
        out = [None if v is None else normalize(v) for v in out]
    return out


def _normalizer(dtype: dt.DType) -> Any:
    """Bring Pydantic's values to the exact form the engine returns."""
    if isinstance(dtype, dt.Decimal):
        quantum = decimal.Decimal(1).scaleb(-dtype.scale)
        # 38 digits: more than the default context's 28 (1E+19 at scale 9 needs 29).
        context = decimal.Context(prec=dtype.precision)
        return lambda v: v.quantize(quantum, context=context)
    if isinstance(dtype, dt.Datetime) and dtype.tz is not None:
        tz = zoneinfo.ZoneInfo(dtype.tz)
        return lambda v: v.astimezone(tz)
    if isinstance(dtype, dt.List):
        item = _normalizer(dtype.inner)
        if item is None:
            return None
        return lambda v: [None if x is None else item(x) for x in v]
    if isinstance(dtype, dt.Map):
        value = _normalizer(dtype.value)
        if value is None:
            return None
        return lambda entries: [
            {
                MAP_KEY: e[MAP_KEY],
                MAP_VALUE: None if e[MAP_VALUE] is None else value(e[MAP_VALUE]),
            }
            for e in entries
        ]
    if isinstance(dtype, dt.Struct):
        fields = [(f.name, _normalizer(f.dtype)) for f in dtype.fields]
        active = [(name, norm) for name, norm in fields if norm is not None]
        if not active:
            return None

        def record(v: dict[str, Any]) -> dict[str, Any]:
            out = dict(v)
            for name, norm in active:
                if out.get(name) is not None:
                    out[name] = norm(out[name])
            return out

        return record
    return None
