"""The small-input path: Pydantic validates every cell, Polars is built lazily.

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
from collections.abc import Sequence
from typing import Any

import polars as pl

from pydantable import dtypes as dt
from pydantable.engines.polars import polars_schema
from pydantable.schema import FrameSchema
from pydantable.validation.cells import CellValidator
from pydantable.validation.report import ErrorReport

__all__ = ["PythonTable", "validate_small"]


class PythonTable:
    """Validated columns held as Python lists (storage form), built into Polars once."""

    __slots__ = ("_polars", "columns", "height", "schema")

    def __init__(
        self, schema: FrameSchema, columns: dict[str, list[Any]], height: int
    ) -> None:
        self.schema = schema
        self.columns = columns
        self.height = height
        self._polars: pl.DataFrame | None = None

    def to_polars(self) -> pl.DataFrame:
        """The table as a Polars DataFrame (built on first call, then cached)."""
        if self._polars is None:
            self._polars = pl.DataFrame(
                self.columns, schema=polars_schema(self.schema), strict=True
            )
        return self._polars

    def drop_rows(self, rows: Sequence[int]) -> PythonTable:
        """A copy without the given row indices."""
        dropped = set(rows)
        keep = [i for i in range(self.height) if i not in dropped]
        columns = {
            name: [values[i] for i in keep] for name, values in self.columns.items()
        }
        return PythonTable(self.schema, columns, len(keep))


def validate_small(
    name: str,
    values: Sequence[Any],
    validator: CellValidator,
    report: ErrorReport,
    *,
    may_have_missing: bool = False,
) -> list[Any]:
    """Validate every cell of a short column with Pydantic; failed cells become None."""
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
    return _check_int_range(out, validator, report)


def _normalizer(dtype: dt.DType) -> Any:
    """Bring Pydantic's values to the exact form the engine returns."""
    if isinstance(dtype, dt.Decimal):
        quantum = decimal.Decimal(1).scaleb(-dtype.scale)
        return lambda v: v.quantize(quantum)
    if isinstance(dtype, dt.Datetime) and dtype.tz is not None:
        tz = zoneinfo.ZoneInfo(dtype.tz)
        return lambda v: v.astimezone(tz)
    return None


_I64 = (-(2**63), 2**63 - 1)


def _check_int_range(
    values: list[Any], validator: CellValidator, report: ErrorReport
) -> list[Any]:
    if not isinstance(validator.column.dtype.storage(), dt.Int64):
        return values
    low, high = _I64
    for row, value in enumerate(values):
        if value is not None and not (low <= value <= high):
            report.add(
                row,
                validator.column.name,
                {
                    "type": "int_overflow",
                    "loc": (),
                    "msg": "Input should fit in a signed 64-bit integer",
                    "input": value,
                },
            )
            values[row] = None
    return values
