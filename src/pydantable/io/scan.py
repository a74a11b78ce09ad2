"""Lazy file roots: Parquet, CSV, NDJSON and IPC scans validated as they are read.

A scan is a plan source whose rows are validated at materialization, batch by
batch inside the engine's streaming pipeline (bounded memory), with the same
rules and the same Pydantic errors as in-memory ingest. Error locations are
``(column, row)`` with the row counted from the start of the scan; each error's
``ctx`` also names the file it came from (``ctx["file"]``) and the row within that
file (``ctx["file_row"]``), so a bad cell in a glob, directory or hive-partitioned
scan is found without counting rows across files.

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

import functools
import operator
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

from pydantable import dtypes as dt
from pydantable.engines.polars import polars_schema, to_polars_dtype
from pydantable.errors import (
    DtypeDriftWarning,
    SchemaMismatchError,
    drift_warnings_suppressed,
)
from pydantable.io.formats import file_format
from pydantable.io.locate import with_files
from pydantable.io.parquet_stats import (
    FooterFacts,
    cells_to_check,
    footer_facts,
    null_free,
    widening,
)
from pydantable.schema import FrameSchema
from pydantable.validation.coerce import _PLAIN
from pydantable.validation.columns import _compatible, _is_opaque, validate_full
from pydantable.validation.constraints import violation_expr
from pydantable.validation.ingest import CellValidators, normalize_trusted_mode
from pydantable.validation.report import ErrorReport

__all__ = ["ScanTable"]


#: Columns a pre-pass proved valid, by file versions and column rules: a
#: service scanning the same files again does not check them again (a
#: rewritten file has a new key).
_PROVEN: dict[tuple[Any, ...], bool] = {}
_PROVEN_SIZE = 4096

#: The row-index and file-path columns of the locating pass (never in a frame).
ROW = "__pydantable_row__"
FILE = "__pydantable_file__"


class ScanTable:
    """A file source of a frame: scanned lazily, validated when materialized.

    ``trusted_mode`` is applied per batch as the engine reads: ``"off"`` validates
    and coerces every cell, ``"shape_only"`` casts to the schema dtypes (lossless
    only) and checks nullability, ``"strict"`` also requires compatible file dtypes.
    Checks that Parquet footers prove (no nulls, values within bounds) or that
    cannot fail (a plain column already stored as its dtype) are skipped; see
    :meth:`pending_checks` and :mod:`pydantable.io.parquet_stats`.
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
        self.format = file_format(fmt)
        kwargs = dict(scan_kwargs or {})
        allowed = self.format.scan_options
        unknown = sorted(set(kwargs) - allowed)
        if unknown:
            msg = f"unknown {fmt} scan options {unknown}; allowed: {sorted(allowed)}"
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
        self._empty = False
        try:
            self.file_schema = self._raw().collect_schema()  # fails fast: missing file
        except pl.exceptions.ComputeError as exc:
            if fmt not in ("ndjson", "json") or "empty reader" not in str(exc):
                raise
            self._empty = True  # an empty JSON file: no rows, the model's columns
            self.file_schema = self._raw().collect_schema()
        self._check_columns()

    def __repr__(self) -> str:
        return f"ScanTable({self.fmt}, {self.source!r}, trusted_mode={self.mode!r})"

    def _raw(self) -> pl.LazyFrame:
        if self._empty:
            return pl.LazyFrame(schema=polars_schema(self.schema))
        return self.format.scan(self.source, **self.scan_kwargs)

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

    def _footers(self) -> FooterFacts | None:
        """What the Parquet footers of the source prove (``None``: nothing)."""
        if self.fmt != "parquet" or self._empty:
            return None
        return footer_facts(self.source, self.scan_kwargs)

    def pending_checks(self) -> dict[str, list[str]]:
        """The checks materializing this scan runs on the data, after what the
        Parquet footers prove: ``"cells"`` (columns validated cell by cell,
        ``trusted_mode="off"``), ``"nulls"`` and ``"casts"`` (columns of the
        trusted modes' pre-pass: null and lossless-cast checks). Empty lists: the
        scan is the plain engine scan.

        Example:
            >>> import os, tempfile
            >>> import polars as pl
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.parquet")
            >>> pl.DataFrame({"id": [1, 2]}).write_parquet(path)
            >>> Ev.read_parquet(path)._plan.data.pending_checks()
            {'cells': [], 'nulls': [], 'casts': []}
        """
        if self.mode == "off":
            cells = cells_to_check(
                self.schema, self.file_schema, self.validators, self._footers()
            )
            return {"cells": cells, "nulls": [], "casts": []}
        _, checks, _, _ = self._trusted_checks()
        return {
            "cells": [],
            "nulls": [n for n, kind in checks if kind == "null"],
            "casts": [n for n, kind in checks if kind == "loss"],
        }

    def _trusted_checks(
        self,
    ) -> tuple[list[pl.Expr], list[tuple[str, str]], list[pl.Expr], list[str]]:
        """The pre-pass of the trusted modes: ``(aggregates, checks, casts,
        drift)``, without the checks the footers prove."""
        facts = (
            self._footers()
            if any(
                not c.nullable and n in self.file_schema for n, c in self.schema.items()
            )
            else None
        )
        exprs: list[pl.Expr] = []
        checks: list[tuple[str, str]] = []
        casts: list[pl.Expr] = []
        drift: list[str] = []
        for name, column in self.schema.items():
            if name not in self.file_schema:
                continue
            have = self.file_schema[name]
            want = to_polars_dtype(column.dtype)
            if not column.nullable and not null_free(facts, name):
                exprs.append(pl.col(name).is_null().arg_max().alias(f"null:{name}"))
                exprs.append(pl.col(name).null_count().alias(f"nulls:{name}"))
                checks.append((name, "null"))
            if have != want and widening(have, want):
                casts.append(pl.col(name).cast(want, strict=True))
            elif have != want:
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
            if (
                have != want
                and self.mode == "shape_only"
                and not _compatible(have, want)
            ):
                drift.append(f"{name!r}: {have} cast to {want}")
        return exprs, checks, casts, drift

    def _trusted(self) -> pl.LazyFrame:
        """Trusted modes: one aggregate pre-pass checks the whole source (nulls in
        non-nullable columns, lossless casts), then the plain scan streams with no
        Python in the pipeline. Checks the Parquet footers prove are skipped (no
        pre-pass at all when none is left)."""
        raw = self._raw()
        exprs, checks, casts, drift = self._trusted_checks()
        if exprs:
            found = raw.select(exprs).collect(engine="streaming").row(0, named=True)
            for name, kind in checks:
                if kind == "null" and found[f"nulls:{name}"]:
                    msg = (
                        f"Column {name!r} is not nullable but contains null values "
                        f"(first at {self.where(found[f'null:{name}'])}; scan row "
                        f"{found[f'null:{name}']}) "
                        f"under trusted_mode={self.mode!r}"
                    )
                    raise SchemaMismatchError(msg)
                if kind == "loss" and found[f"loss:{name}"]:
                    msg = (
                        f"Column {name!r}: values of dtype {self.file_schema[name]} in "
                        f"{self.source!s} cannot be stored as "
                        f"{to_polars_dtype(self.schema[name].dtype)} without loss "
                        f"(row {found[f'lossrow:{name}']}: "
                        f"{self.where(found[f'lossrow:{name}'])}) under "
                        f"trusted_mode={self.mode!r}; use trusted_mode='off' to validate them"
                    )
                    raise SchemaMismatchError(msg)
        if drift and not drift_warnings_suppressed():
            warnings.warn(
                f"{self.source!s}: {', '.join(drift)} without validation "
                "(trusted_mode='shape_only')",
                DtypeDriftWarning,
                stacklevel=2,
            )
        return self._plain(raw, casts)

    def _plain(self, raw: pl.LazyFrame, casts: list[pl.Expr]) -> pl.LazyFrame:
        """The schema's columns of ``raw`` (cast), missing ones as defaults."""
        present = [n for n in self.schema if n in self.file_schema]
        lf = raw.select(present)
        if casts:
            lf = lf.with_columns(casts)
        defaults = self._defaults()
        if defaults:
            lf = lf.with_columns(defaults)
        return lf.select(list(self.schema))

    def _validated(
        self, *, located: bool, checked: list[str] | None = None
    ) -> pl.LazyFrame:
        """Full validation (``trusted_mode="off"``) as a streaming batch function
        over the columns that need it (``checked``; none: the plain scan)."""
        if checked is None:
            checked = cells_to_check(
                self.schema, self.file_schema, self.validators, self._footers()
            )
            if not located:
                checked = self._unproven(checked)
        if not checked and not located:
            return self._plain(self._raw(), [])
        raw = self._raw_located() if located else self._raw()
        present = [n for n in self.schema if n in self.file_schema]
        defaults = self._defaults()
        index = [ROW, *([FILE] if self._file_col == FILE else [])] if located else []
        lf = raw.select([*index, *present])
        if defaults:
            lf = lf.with_columns(defaults)
        lf = lf.select([*index, *self.schema])
        return lf.map_batches(
            functools.partial(self._validate_batch, checked=frozenset(checked)),
            schema=polars_schema(self.schema),
            streamable=True,
            validate_output_schema=False,  # the checks build exactly this schema
        )

    def _unproven(self, checked: list[str]) -> list[str]:
        """``checked`` without the columns one aggregate pre-pass proves valid.

        A column stored as its dtype whose rules are all expressions
        (nullability, ``Literal``/``Enum`` members, bounds, lengths) is checked
        by the engine over that column alone, with projection pushdown. When no
        cell breaks a rule, the scan keeps it as read (what full validation
        would return) and the query runs as a plain engine scan, with no Python
        batch function and every optimization. Otherwise the column stays with
        full validation, which reports the exact errors.
        """
        checks = {
            name: check
            for name in checked
            if (check := self._bad_cells(name)) is not None
        }
        if not checks:
            return checked
        version = self._version()
        keys = {
            name: (
                version,
                name,
                repr(self.schema[name].dtype),
                self.schema[name].nullable,
                repr(self.schema[name].constraints),
            )
            for name in checks
        }
        todo = {
            n: c for n, c in checks.items() if version is None or keys[n] not in _PROVEN
        }
        if todo:
            found = (
                self._raw()
                .select([check.any().alias(name) for name, check in todo.items()])
                .collect(engine="streaming")
                .row(0, named=True)
            )
            for name in todo:
                if found[name] is False and version is not None:
                    if len(_PROVEN) >= _PROVEN_SIZE:
                        _PROVEN.pop(next(iter(_PROVEN)))
                    _PROVEN[keys[name]] = True
        else:
            found = {}
        return [
            n
            for n in checked
            if n not in checks or not (keys[n] in _PROVEN or found.get(n) is False)
        ]

    def _version(self) -> tuple[tuple[str, int, int, int], ...] | None:
        """The scan's local Parquet files as ``(path, inode, size, mtime)``, the
        key of what a pre-pass proved (``None``: nothing is remembered)."""
        facts = self._footers()
        if facts is None:
            return None
        try:
            stats = [(f, Path(f).stat()) for f in facts.files]
        except OSError:
            return None
        return tuple((f, s.st_ino, s.st_size, s.st_mtime_ns) for f, s in stats)

    def _bad_cells(self, name: str) -> pl.Expr | None:
        """An expression marking the cells of column ``name`` full validation
        would change or refuse, or ``None`` when expressions cannot tell."""
        column = self.schema[name]
        want = to_polars_dtype(column.dtype)
        if (
            name not in self.file_schema
            or self.file_schema[name] != want
            or _is_opaque(column, self.validators[name])
            or column.constraints.pattern is not None  # regex dialects differ
            or (
                column.constraints.multiple_of is not None
                and not isinstance(column.dtype.storage(), dt.Int64)
            )
        ):
            return None
        value = pl.col(name)
        parts: list[pl.Expr] = []
        if isinstance(column.dtype, (dt.Literal, dt.Enum)):
            members = (
                column.dtype.values
                if isinstance(column.dtype, dt.Literal)
                else column.dtype.values()
            )
            allowed = pl.Series(list(members), dtype=want).implode()
            parts.append(value.is_not_null() & ~value.is_in(allowed))
        elif type(column.dtype) not in _PLAIN:
            return None
        if not column.nullable:
            parts.append(value.is_null())
        bounds = violation_expr(value, column)
        if bounds is not None:
            parts.append(bounds)
            if isinstance(column.dtype, dt.Float64):
                parts.append(value.is_nan().fill_null(False))
        if not parts:
            return None
        return functools.reduce(operator.or_, parts)

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

    def _locate(self, checked: frozenset[str]) -> None:
        """Run the row-indexed pass; it raises the located error."""
        self._validated(located=True, checked=list(checked)).collect(engine="streaming")

    @property
    def _file_col(self) -> str:
        """The file-path column of the locating pass (the caller's, if they asked)."""
        return str(self.scan_kwargs.get("include_file_paths") or FILE)

    def _raw_located(self) -> pl.LazyFrame:
        """The raw scan with a global row index and each row's file path."""
        if self._empty:
            return (
                self._raw()
                .with_columns(pl.lit(None, pl.String).alias(self._file_col))
                .with_row_index(ROW)
            )
        kwargs = {
            **self.scan_kwargs,
            "row_index_name": ROW,
            "include_file_paths": self._file_col,
        }
        return self.format.scan(self.source, **kwargs)

    def _file_offsets(self) -> dict[str, int]:
        """File path → global row of its first row (one pass over the source)."""
        firsts = (
            self._raw_located()
            .group_by(self._file_col)
            .agg(pl.col(ROW).min())
            .collect()
        )
        return dict(
            zip(
                firsts.get_column(self._file_col).to_list(),
                firsts.get_column(ROW).to_list(),
                strict=True,
            )
        )

    def where(self, row: int) -> str:
        """``"row R of file F"`` for a global scan row (used in error messages)."""
        found = (
            self._raw_located()
            .filter(pl.col(ROW) == row)
            .select(self._file_col)
            .collect()
        )
        if found.height == 0:
            return f"row {row} of {self.source!s}"
        file = str(found.item())
        return f"row {row - self._file_offsets()[file]} of {file}"

    # -- per-batch validation ------------------------------------------------------
    def _validate_batch(
        self, batch: pl.DataFrame, *, checked: frozenset[str]
    ) -> pl.DataFrame:
        rows = batch.get_column(ROW) if ROW in batch.columns else None
        report = ErrorReport(self.title, "columns", column_order=self._order)
        out = [
            validate_full(
                name, batch.get_column(name), column, self.validators[name], report
            )
            if name in checked
            else batch.get_column(name)
            for name, column in self.schema.items()
        ]
        if report:
            if rows is None:
                self._locate(checked)
                msg = "the located validation pass found no error"  # pragma: no cover
                raise AssertionError(msg)  # pragma: no cover
            index = rows.to_list()
            files = batch.get_column(self._file_col).to_list()
            offsets = self._file_offsets()
            located = {
                (c, index[r]): (files[r], index[r] - offsets[files[r]])
                for r, c, _ in report.details
            }
            report.details = [(index[r], c, e) for r, c, e in report.details]
            raise with_files(report.to_validation_error(), located, self.source)
        return pl.DataFrame(out)
