"""Lazy file roots: Parquet, CSV, NDJSON and IPC scans validated as they are read.

A scan is a plan source whose rows are validated at materialization, batch by
batch inside the engine's streaming pipeline (bounded memory), with the same
rules and the same Pydantic errors as in-memory ingest. Error locations are
``(column, row)`` with the row counted from the start of the scan.

Example:
    >>> import os, tempfile
    >>> import polars as pl
    >>> from pydantable import DataFrameModel
    >>> class Ev(DataFrameModel):
    ...     id: int
    ...     kind: str
    >>> path = os.path.join(tempfile.mkdtemp(), "ev.parquet")
    >>> pl.DataFrame({"id": [1, 2], "kind": ["a", "b"]}).write_parquet(path)
    >>> Ev.read_parquet(path).filter(Ev.read_parquet(path).id > 1).to_dict()
    {'id': [2], 'kind': ['b']}
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from pydantable.engines.polars import polars_schema, to_polars_dtype
from pydantable.errors import SchemaMismatchError
from pydantable.schema import FrameSchema
from pydantable.validation.columns import _compatible, validate_full
from pydantable.validation.ingest import CellValidators, normalize_trusted_mode
from pydantable.validation.report import ErrorReport

__all__ = ["FORMATS", "ScanTable"]

_SCANNERS: dict[str, Callable[..., pl.LazyFrame]] = {
    "parquet": pl.scan_parquet,
    "csv": pl.scan_csv,
    "ndjson": pl.scan_ndjson,
    "ipc": pl.scan_ipc,
}
FORMATS = tuple(_SCANNERS)

#: Scan options pydantable sets itself (schema handling and row indices).
_RESERVED = {"source", "schema", "row_index_name", "row_index_offset", "n_rows"}
_ALLOWED = {
    fmt: {
        name
        for name in inspect.signature(scanner).parameters
        if not name.startswith("_") and name not in _RESERVED
    }
    for fmt, scanner in _SCANNERS.items()
}

#: The row-index column of the locating pass (never part of a frame).
ROW = "__pydantable_row__"


class ScanTable:
    """A file source of a frame: scanned lazily, validated when materialized.

    ``trusted_mode`` is applied per batch as the engine reads: ``"off"`` validates
    and coerces every cell, ``"shape_only"`` casts to the schema dtypes (lossless
    only) and checks nullability, ``"strict"`` also requires compatible file dtypes.
    """

    def __init__(
        self,
        fmt: str,
        source: str | Path | Sequence[str | Path],
        schema: FrameSchema,
        *,
        validators: CellValidators,
        title: str,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        scan_kwargs: dict[str, Any] | None = None,
    ) -> None:
        if fmt not in _SCANNERS:
            msg = f"unknown file format {fmt!r}; expected one of {list(_SCANNERS)}"
            raise ValueError(msg)
        kwargs = dict(scan_kwargs or {})
        unknown = sorted(set(kwargs) - _ALLOWED[fmt])
        if unknown:
            msg = f"unknown {fmt} scan options {unknown}; allowed: {sorted(_ALLOWED[fmt])}"
            raise ValueError(msg)
        self.fmt = fmt
        self.source = source
        self.schema = schema
        self.validators = validators
        self.title = title
        self.mode = normalize_trusted_mode(trusted_mode)
        self.fill_missing_optional = fill_missing_optional
        self.scan_kwargs = kwargs
        self._order = {name: i for i, name in enumerate(schema)}
        self.file_schema = self._raw().collect_schema()  # fails fast: missing file
        self._check_columns()

    def __repr__(self) -> str:
        return f"ScanTable({self.fmt}, {self.source!r}, trusted_mode={self.mode!r})"

    def _raw(self) -> pl.LazyFrame:
        source: Any = str(self.source) if isinstance(self.source, Path) else self.source
        return _SCANNERS[self.fmt](source, **self.scan_kwargs)

    def _check_columns(self) -> None:
        missing = [n for n in self.schema if n not in self.file_schema]
        required = [
            n
            for n in missing
            if not self.schema[n].has_default
            and not (self.schema[n].nullable and self.fill_missing_optional)
        ]
        if required:
            msg = f"Missing required columns: {required} in {self.source!s}"
            raise SchemaMismatchError(msg)
        if self.mode == "strict":
            for name in self.schema:
                if name not in self.file_schema:
                    continue
                have = self.file_schema[name]
                want = to_polars_dtype(self.schema[name].dtype)
                if have != pl.Null and not _compatible(have, want):
                    msg = (
                        f"Column {name!r} is incompatible with schema annotation "
                        f"{self.schema[name].annotation!r} in strict trusted mode (file "
                        f"{self.source!s} has {have}, expected {want})."
                    )
                    raise SchemaMismatchError(msg)

    def to_lazy(self) -> pl.LazyFrame:
        """The validated scan as a Polars LazyFrame (validation runs as it streams).

        Batches are validated without row positions (a row index costs the
        streaming engine memory); when a batch fails, a second, row-indexed pass
        over the source locates the first errors exactly, and those are raised.
        """
        return self._validated(located=False)

    def _validated(self, *, located: bool) -> pl.LazyFrame:
        kwargs = dict(self.scan_kwargs)
        if located:
            kwargs["row_index_name"] = ROW
        source: Any = str(self.source) if isinstance(self.source, Path) else self.source
        raw = _SCANNERS[self.fmt](source, **kwargs)
        present = [n for n in self.schema if n in self.file_schema]
        defaults = [
            pl.lit(
                self.schema[n].default_value(),
                dtype=to_polars_dtype(self.schema[n].dtype),
            ).alias(n)
            for n in self.schema
            if n not in self.file_schema
        ]
        index = [ROW] if located else []
        lf = raw.select([*index, *present])
        if defaults:
            lf = lf.with_columns(defaults)
        lf = lf.select([*index, *self.schema])
        check = self._validate_batch if self.mode == "off" else self._check_batch
        return lf.map_batches(
            check,
            schema=polars_schema(self.schema),
            streamable=True,
            validate_output_schema=False,  # the checks build exactly this schema
        )

    def _locate(self) -> None:
        """Run the row-indexed pass; it raises the located error."""
        self._validated(located=True).collect(engine="streaming")

    # -- per-batch validation ------------------------------------------------------
    def _rows(self, batch: pl.DataFrame) -> pl.Series | None:
        return batch.get_column(ROW) if ROW in batch.columns else None

    def _check_batch(self, batch: pl.DataFrame) -> pl.DataFrame:
        rows = self._rows(batch)
        out = []
        for name, column in self.schema.items():
            series = batch.get_column(name)
            target = to_polars_dtype(column.dtype)
            if series.dtype != target:
                series = self._lossless_cast(series, target, rows)
            if not column.nullable and series.null_count():
                if rows is None:
                    self._locate()
                first = (
                    int(rows.filter(series.is_null())[0]) if rows is not None else "?"
                )
                msg = (
                    f"Column {name!r} is not nullable but contains null values (first at "
                    f"row {first} of {self.source!s}) under trusted_mode={self.mode!r}"
                )
                raise SchemaMismatchError(msg)
            out.append(series)
        return pl.DataFrame(out)

    def _lossless_cast(
        self, series: pl.Series, target: pl.DataType, rows: pl.Series | None
    ) -> pl.Series:
        bad_row: int | None = None
        try:
            cast: pl.Series = series.cast(target, strict=True)
        except pl.exceptions.PolarsError:
            pass
        else:
            if target.is_nested():
                return cast
            lost = (cast.cast(series.dtype, strict=False) != series).fill_null(False)
            if not lost.any():
                return cast
            if rows is not None:
                bad_row = int(rows.filter(lost)[0])
        if rows is None:
            self._locate()
        where = f" (row {bad_row})" if bad_row is not None else ""
        msg = (
            f"Column {series.name!r}: values of dtype {series.dtype} in {self.source!s} "
            f"cannot be stored as {target} without loss{where} under "
            f"trusted_mode={self.mode!r}; use trusted_mode='off' to validate them"
        )
        raise SchemaMismatchError(msg)

    def _validate_batch(self, batch: pl.DataFrame) -> pl.DataFrame:
        rows = self._rows(batch)
        report = ErrorReport(self.title, "columns", column_order=self._order)
        out = [
            validate_full(
                name, batch.get_column(name), column, self.validators[name], report
            )
            for name, column in self.schema.items()
        ]
        if report:
            if rows is None:
                self._locate()
            else:
                index = rows.to_list()
                report.details = [(index[r], c, e) for r, c, e in report.details]
            exc = report.to_validation_error()
            if hasattr(exc, "add_note"):
                exc.add_note(f"while reading {self.source!s}")
            raise exc
        return pl.DataFrame(out)
