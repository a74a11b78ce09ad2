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
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from pydantable.engines.polars import polars_schema, to_polars_dtype
from pydantable.errors import DtypeDriftWarning, SchemaMismatchError
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
        if self.mode == "off":
            return self._validated(located=False)
        return self._trusted()

    def _trusted(self) -> pl.LazyFrame:
        """Trusted modes: one aggregate pre-pass checks the whole source (nulls in
        non-nullable columns, lossless casts), then the plain scan streams with no
        Python in the pipeline."""
        raw = self._raw()
        exprs: list[pl.Expr] = []
        checks: list[tuple[str, str]] = []
        casts: list[pl.Expr] = []
        drift: list[str] = []
        for name, column in self.schema.items():
            if name not in self.file_schema:
                continue
            have = self.file_schema[name]
            want = to_polars_dtype(column.dtype)
            if not column.nullable:
                exprs.append(pl.col(name).is_null().arg_max().alias(f"null:{name}"))
                exprs.append(pl.col(name).null_count().alias(f"nulls:{name}"))
                checks.append((name, "null"))
            if have != want:
                converted = pl.col(name).cast(want, strict=False)
                lost = converted.is_null() & pl.col(name).is_not_null()
                if not want.is_nested():
                    lost = lost | (
                        converted.cast(have, strict=False) != pl.col(name)
                    ).fill_null(False)
                exprs.append(lost.arg_max().alias(f"lossrow:{name}"))
                exprs.append(lost.any().alias(f"loss:{name}"))
                checks.append((name, "loss"))
                casts.append(pl.col(name).cast(want, strict=True))
                if self.mode == "shape_only" and not _compatible(have, want):
                    drift.append(f"{name!r}: {have} cast to {want}")
        if exprs:
            found = raw.select(exprs).collect(engine="streaming").row(0, named=True)
            for name, kind in checks:
                if kind == "null" and found[f"nulls:{name}"]:
                    msg = (
                        f"Column {name!r} is not nullable but contains null values "
                        f"(first at row {found[f'null:{name}']} of {self.source!s}) "
                        f"under trusted_mode={self.mode!r}"
                    )
                    raise SchemaMismatchError(msg)
                if kind == "loss" and found[f"loss:{name}"]:
                    msg = (
                        f"Column {name!r}: values of dtype {self.file_schema[name]} in "
                        f"{self.source!s} cannot be stored as "
                        f"{to_polars_dtype(self.schema[name].dtype)} without loss "
                        f"(row {found[f'lossrow:{name}']}) under "
                        f"trusted_mode={self.mode!r}; use trusted_mode='off' to validate them"
                    )
                    raise SchemaMismatchError(msg)
        if drift:
            warnings.warn(
                f"{self.source!s}: {', '.join(drift)} without validation "
                "(trusted_mode='shape_only')",
                DtypeDriftWarning,
                stacklevel=2,
            )
        present = [n for n in self.schema if n in self.file_schema]
        lf = raw.select(present)
        if casts:
            lf = lf.with_columns(casts)
        defaults = self._defaults()
        if defaults:
            lf = lf.with_columns(defaults)
        return lf.select(list(self.schema))

    def _validated(self, *, located: bool) -> pl.LazyFrame:
        """Full validation (``trusted_mode="off"``) as a streaming batch function."""
        kwargs = dict(self.scan_kwargs)
        if located:
            kwargs["row_index_name"] = ROW
        source: Any = str(self.source) if isinstance(self.source, Path) else self.source
        raw = _SCANNERS[self.fmt](source, **kwargs)
        present = [n for n in self.schema if n in self.file_schema]
        defaults = self._defaults()
        index = [ROW] if located else []
        lf = raw.select([*index, *present])
        if defaults:
            lf = lf.with_columns(defaults)
        lf = lf.select([*index, *self.schema])
        return lf.map_batches(
            self._validate_batch,
            schema=polars_schema(self.schema),
            streamable=True,
            validate_output_schema=False,  # the checks build exactly this schema
        )

    def _defaults(self) -> list[pl.Expr]:
        """Typed default (or null) columns for schema columns the source lacks."""
        return [
            pl.lit(
                self.schema[n].default_value(),
                dtype=to_polars_dtype(self.schema[n].dtype),
            ).alias(n)
            for n in self.schema
            if n not in self.file_schema
        ]

    def _locate(self) -> None:
        """Run the row-indexed pass; it raises the located error."""
        self._validated(located=True).collect(engine="streaming")

    # -- per-batch validation ------------------------------------------------------
    def _rows(self, batch: pl.DataFrame) -> pl.Series | None:
        return batch.get_column(ROW) if ROW in batch.columns else None

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
