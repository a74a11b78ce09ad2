"""Lazy file roots: Parquet, CSV, NDJSON and IPC scans validated as they are read.

A scan is a plan source whose rows are validated at materialization, batch by
batch inside the engine's streaming pipeline (bounded memory), with the same
rules and the same Pydantic errors as in-memory ingest. Error locations are
``(column, row)`` with the row counted from the start of the scan; each error's
``ctx`` also names the file it came from (``ctx["file"]``) and the row within that
file (``ctx["file_row"]``), so a bad cell in a glob, directory or hive-partitioned
scan is found without counting rows across files. Batches run in parallel and no
query may run inside another: a failed batch stops the query with a
:class:`~pydantable.engines.polars.execute.DeferredError`, and the engine then
runs one locating pass that reports the first errors of every batch in location
order.

With ``ignore_errors=True`` (``trusted_mode="off"``) the invalid rows are found
first, given to ``on_validation_errors`` as ``[{"row_index", "row", "errors"}]``
and left out of the result. A requested row index (``row_index_name``) or
file-path column (``include_file_paths``) is part of the scan's schema.

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

import copy
import functools
import operator
import threading
import warnings
from collections.abc import Callable, Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

import polars as pl
from pydantic_core import ValidationError

from pydantable import dtypes as dt
from pydantable.engines.polars import polars_schema, to_polars_dtype
from pydantable.engines.polars.execute import DeferredError
from pydantable.errors import (
    DtypeDriftWarning,
    InvalidSourceError,
    SchemaMismatchError,
    drift_warnings_suppressed,
    is_reader_failure,
    reading_source,
    require_regular_files,
)
from pydantable.io.formats import ScanOptions, file_format
from pydantable.io.locate import with_files
from pydantable.io.parquet_stats import (
    FooterFacts,
    cells_to_check,
    file_schemas,
    footer_facts,
    null_free,
    widening,
)
from pydantable.schema import FrameSchema, derived_column
from pydantable.validation.coerce import _PLAIN
from pydantable.validation.columns import _compatible, _is_opaque, validate_full
from pydantable.validation.constraints import violation_expr
from pydantable.validation.ingest import CellValidators, normalize_trusted_mode
from pydantable.validation.report import ErrorReport, RowFailure

__all__ = ["FailureCallback", "ScanTable"]


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

    ``ignore_errors`` drops invalid rows under ``"off"`` (it has no effect in
    the trusted modes, whose checks raise); ``on_validation_errors`` receives
    them. ``engine_streaming`` asks the engine for Polars' streaming (``True``)
    or in-memory (``False``) engine. ``scan_kwargs`` are checked and translated
    by :meth:`~pydantable.io.formats.FileFormat.scan_options_for`; ``schema``
    is then the given schema with the generated columns (see :attr:`generated`).
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
        ignore_errors: bool = False,
        on_validation_errors: FailureCallback | None = None,
        engine_streaming: bool | None = None,
        scan_kwargs: dict[str, Any] | None = None,
    ) -> None:
        self.format = file_format(fmt)
        options = self.format.scan_options_for(scan_kwargs or {})
        if not isinstance(ignore_errors, bool):
            msg = f"ignore_errors must be a bool; got {ignore_errors!r}"
            raise TypeError(msg)
        if on_validation_errors is not None and not callable(on_validation_errors):
            msg = f"on_validation_errors must be callable; got {on_validation_errors!r}"
            raise TypeError(msg)
        if engine_streaming is not None and not isinstance(engine_streaming, bool):
            msg = f"engine_streaming must be a bool or None; got {engine_streaming!r}"
            raise TypeError(msg)
        self.fmt = fmt
        self.source = source
        self.validators = validators
        self.title = title
        self.mode = normalize_trusted_mode(trusted_mode)
        self.fill_missing_optional = fill_missing_optional
        #: Drop invalid rows at materialization (``trusted_mode="off"`` only).
        self.ignore_errors = ignore_errors
        self.on_validation_errors = on_validation_errors
        #: Collect with Polars' streaming engine (``True``), its in-memory engine
        #: (``False``), or as the engine chooses (``None``).
        self.engine_streaming = engine_streaming
        #: The options given to the Polars scan (the row index is added apart).
        self.scan_kwargs = options.polars
        self.row_index = options.row_index
        #: The columns validated as the model's (the generated ones are not).
        self._model_schema = schema
        self.schema, self.generated = _with_generated(schema, options)
        self._order = {name: i for i, name in enumerate(self.schema)}
        self._empty = False
        #: The schema given to the Polars scan: with ``allow_missing_columns``,
        #: the union of the files' columns (Polars takes the first file's).
        self._scan_schema: pl.Schema | None = None
        #: Whether the model's scalar columns are read as text (see _as_text).
        self._text = False
        self._text_copy: ScanTable | None = None
        #: ``extra_columns`` for the Polars scan when the files are known to
        #: differ only in columns the frame does not read.
        self._extra_columns: str | None = None
        require_regular_files(source, fmt)  # a FIFO would never end
        with reading_source(source, fmt):  # a corrupt, truncated or empty file
            self._open(fmt, options)

    def _open(self, fmt: str, options: ScanOptions) -> None:
        """Read the file schema (fails fast: a missing or unreadable file)."""
        if fmt == "parquet" and options.allow_missing_columns:
            self._scan_schema = _union_schema(self.source, self.scan_kwargs)
        try:
            self.file_schema = self._raw().collect_schema()
        except pl.exceptions.DuplicateError as exc:  # a generated name the file has
            msg = f"{self.source!s}: {exc}; choose another row_index_name/include_file_paths"
            raise SchemaMismatchError(msg) from None
        except pl.exceptions.ComputeError as exc:
            if fmt not in ("ndjson", "json") or "empty reader" not in str(exc):
                raise
            self._empty = True  # an empty JSON file: no rows, the model's columns
            self.file_schema = self._raw().collect_schema()

    def __repr__(self) -> str:
        return f"ScanTable({self.fmt}, {self.source!r}, trusted_mode={self.mode!r})"

    def _scan(self, **extra: Any) -> pl.LazyFrame:
        """The Polars scan of the source with ``extra`` options."""
        kwargs = {**self.scan_kwargs, **extra}
        if self._scan_schema is not None:
            kwargs["schema"] = self._scan_schema
        if self._extra_columns is not None:
            kwargs.setdefault("extra_columns", self._extra_columns)
        return self.format.scan(self.source, **kwargs)

    def _raw(self) -> pl.LazyFrame:
        if self._empty:
            return pl.LazyFrame(schema=polars_schema(self.schema))
        if self.row_index is None:
            return self._scan()
        name, offset = self.row_index
        lf = self._scan(row_index_name=name, row_index_offset=offset)
        return lf.with_columns(pl.col(name).cast(pl.Int64))

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
        if self.fmt == "parquet" and self._scan_schema is None and not self._empty:
            self._check_files()
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

    def _check_files(self) -> None:
        """Local Parquet files must agree on the frame's columns (unless
        ``allow_missing_columns=True``): Polars reads every file with the first
        file's columns and fails on a file that differs as it reads it. Columns
        the frame does not read may differ (the scan then ignores them)."""
        files = file_schemas(self.source, self.scan_kwargs)
        if files is None or len(files) < 2:
            return
        first, columns = files[0][0], set(files[0][1])
        ignored = False
        for file, schema in files[1:]:
            lacking = [n for n in self.schema if n in columns and n not in schema]
            extra = [n for n in schema if n not in columns]
            wanted = [n for n in extra if n in self.schema]
            if lacking or wanted:
                what = (
                    f"lacks column(s) {lacking}"
                    if lacking
                    else f"has column(s) {wanted} that {first} lacks"
                )
                msg = (
                    f"the Parquet files of {self.source!s} do not have the same "
                    f"columns: {file} {what}; pass allow_missing_columns=True to "
                    "read the columns a file lacks as nulls"
                )
                raise SchemaMismatchError(msg)
            ignored = ignored or bool(extra)
        if ignored and "extra_columns" not in self.scan_kwargs:
            self._extra_columns = "ignore"  # never read: nothing is lost

    def to_lazy(self) -> pl.LazyFrame:
        """The validated scan as a Polars LazyFrame (validation runs as it streams).

        Column checks run now (missing columns, strict dtypes, Parquet files
        that differ). Batches are validated without row positions (a row index
        costs the streaming engine memory); when a batch fails, a second,
        row-indexed pass over the source locates the first errors exactly, and
        those are raised. With ``ignore_errors`` (``trusted_mode="off"``) the
        invalid rows are found first, reported to ``on_validation_errors`` and
        left out (see :meth:`_lenient`).
        """
        self._check_columns()
        if self.mode == "off":
            if self.ignore_errors:
                return self._lenient()
            return self._validated()
        return self._trusted()

    def _as_text(self) -> ScanTable | None:
        """This CSV/NDJSON/JSON scan reading the model's scalar columns as text.

        Polars infers those formats' dtypes from the first rows, and a later
        value that does not parse as the inferred dtype fails the whole query
        in the reader; read as text, it is a cell the validation reports.
        ``None`` for other formats (or when the caller set the dtypes).
        """
        if self.fmt not in ("csv", "ndjson", "json") or self._empty or self._text:
            return None
        given = self.scan_kwargs.get("schema_overrides")
        if given is not None and not isinstance(given, Mapping):
            return None
        if self._text_copy is None:
            names = [
                n
                for n in self._model_schema
                if n in self.file_schema and not self.file_schema[n].is_nested()
            ]
            text = copy.copy(self)
            text.scan_kwargs = {
                **self.scan_kwargs,
                "schema_overrides": {
                    **dict.fromkeys(names, pl.String()),
                    **(given or {}),
                },
            }
            text._text = True
            text.file_schema = text._raw().collect_schema()
            self._text_copy = text
        return self._text_copy

    def engine_error(self, exc: BaseException) -> Exception | None:
        """The error a failed query over this scan means, if it can tell (the
        engine's hook; see :func:`~pydantable.engines.polars.execute.resolving`).

        Under ``trusted_mode="off"`` a CSV/NDJSON/JSON value that does not
        parse as the dtype Polars inferred from the first rows is an invalid
        cell: the scan is validated again as text and the located
        ``ValidationError`` returned. When the file itself cannot be read
        (a corrupt Parquet page, NDJSON that is not JSON ...: a plain read of
        the scan fails too), an :class:`~pydantable.errors.InvalidSourceError`.
        ``None`` otherwise (``exc`` stands: the plan's own failure).
        """
        located = self._invalid_cells(exc)
        if located is not None:
            return located
        return self._unreadable()

    def _unreadable(self) -> InvalidSourceError | None:
        """The error of a plain, projection-free read of the whole scan, if it
        fails (one streaming pass keeping no rows)."""
        try:
            self._raw().map_batches(
                _no_rows,
                schema=self._raw().collect_schema(),
                streamable=True,
                validate_output_schema=False,
            ).collect(engine="streaming")
        except BaseException as exc:  # a panic is a BaseException
            if not is_reader_failure(exc):
                raise
            return InvalidSourceError(
                source=self.source, format=self.fmt, reason=str(exc)
            )
        return None

    def _invalid_cells(self, exc: BaseException) -> Exception | None:
        if self.mode != "off" or not isinstance(exc, pl.exceptions.ComputeError):
            return None
        text = self._as_text()
        if text is None:
            return None
        checked = cells_to_check(
            text._model_schema, text.file_schema, text.validators, None
        )
        try:
            report, files = text._scan_errors(checked, keep_all=False)
        except pl.exceptions.ComputeError:
            return None  # not a value the text read fixes
        return text._located(report, files) if report else None

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
            >>> Ev.read_parquet(path).pending_checks()
            {'cells': [], 'nulls': [], 'casts': []}
        """
        if self.mode == "off":
            cells = cells_to_check(
                self._model_schema, self.file_schema, self.validators, self._footers()
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
        for name, column in self._model_schema.items():
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
        self,
        *,
        checked: list[str] | None = None,
        without: list[int] | None = None,
    ) -> pl.LazyFrame:
        """Full validation (``trusted_mode="off"``) as a streaming batch function
        over the columns that need it (``checked``; none: the plain scan),
        leaving out the scan rows ``without``.

        The batches carry no row positions (a row index costs the streaming
        engine memory): a batch with an invalid cell stops the query with a
        :class:`DeferredError` the engine resolves by :meth:`_located_error`.
        """
        if checked is None:
            checked = self._unproven(
                cells_to_check(
                    self._model_schema,
                    self.file_schema,
                    self.validators,
                    self._footers(),
                )
            )
        raw = self._raw()
        if without:
            raw = self._raw_located().filter(~pl.col(ROW).is_in(_rows(without)))
        if not checked:
            return self._plain(raw, [])
        present = [n for n in self.schema if n in self.file_schema]
        defaults = self._defaults()
        lf = raw.select(present)
        if defaults:
            lf = lf.with_columns(defaults)
        lf = lf.select(list(self.schema))
        return lf.map_batches(
            functools.partial(self._validate_batch, checked=frozenset(checked)),
            schema=polars_schema(self.schema),
            streamable=True,
            validate_output_schema=False,  # the checks build exactly this schema
        )

    def _validate_batch(
        self, batch: pl.DataFrame, *, checked: frozenset[str]
    ) -> pl.DataFrame:
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
            # no query may run inside this one (the engine's workers are busy
            # running it): the engine resolves this once the query has stopped
            raise DeferredError(
                f"invalid cells in {self.source!s}",
                lambda: self._located_error(checked),
            )
        return pl.DataFrame(out)

    def _scan_errors(
        self, checked: list[str], *, keep_all: bool, parse: Collection[str] = ()
    ) -> tuple[ErrorReport, dict[int, str]]:
        """One streaming pass validating ``checked`` over the whole scan (the
        columns in ``parse`` are read too, unvalidated).

        Returns the errors by scan row (every one with ``keep_all``, else the
        first ``max_errors`` of each column in row order, and the total) and
        the file of each row with an error.
        """
        merged = ErrorReport(
            self.title, "columns", keep_all=keep_all, column_order=self._order
        )
        files: dict[int, str] = {}
        lock = threading.Lock()  # batches may run in parallel
        wanted = set(checked) | set(parse)
        present = [n for n in self.schema if n in wanted and n in self.file_schema]
        lf = self._raw_located().select(
            list(dict.fromkeys([ROW, self._file_col, *present]))
        )
        defaults = self._defaults([n for n in checked if n not in self.file_schema])
        if defaults:
            lf = lf.with_columns(defaults)
        lf.map_batches(
            functools.partial(
                self._batch_errors, checked=checked, into=(merged, files, lock)
            ),
            schema=pl.Schema({ROW: pl.get_index_type()}),
            streamable=True,
            validate_output_schema=False,
        ).collect(engine="streaming")
        return merged, files

    def _batch_errors(
        self,
        batch: pl.DataFrame,
        *,
        checked: list[str],
        into: tuple[ErrorReport, dict[int, str], threading.Lock],
    ) -> pl.DataFrame:
        merged, files, lock = into
        report = ErrorReport(
            self.title,
            "columns",
            keep_all=merged.keep_all,
            column_order=self._order,
        )
        for name in checked:
            validate_full(
                name,
                batch.get_column(name),
                self._model_schema[name],
                self.validators[name],
                report,
            )
        if report:
            rows = batch.get_column(ROW).to_list()
            paths = batch.get_column(self._file_col).to_list()
            with lock:
                for r, column, error in report.details:
                    merged.add(rows[r], column, error)
                    files[rows[r]] = paths[r]
                merged.add_count(report.total - len(report.details))
        return batch.select(ROW).clear()

    def _located_error(self, checked: Collection[str]) -> ValidationError:
        """The located errors of the ``checked`` columns (one pass over the
        scan): ``loc`` ``(column, scan row)``, ``ctx`` the file and its row."""
        try:
            report, files = self._scan_errors(sorted(checked), keep_all=False)
        except pl.exceptions.ComputeError:
            text = self._as_text()  # a later value the reader fails on
            if text is None:
                raise
            checked = cells_to_check(
                text._model_schema, text.file_schema, text.validators, None
            )
            return text._located_error(checked)
        if not report:  # pragma: no cover - the failed batch had an error
            msg = "the located validation pass found no error"
            raise AssertionError(msg)
        return self._located(report, files)

    def _located(self, report: ErrorReport, files: dict[int, str]) -> ValidationError:
        offsets = self._file_offsets()
        located = {
            (c, row): (files[row], row - offsets[files[row]])
            for row, c, _ in report.details
        }
        return with_files(report.to_validation_error(), located, self.source)

    # -- ignore_errors -------------------------------------------------------------
    def _lenient(self) -> pl.LazyFrame:
        """``ignore_errors=True``: the scan without its invalid rows.

        A first streaming pass validates the columns that need it (vectorized,
        as :meth:`_validated` does) and keeps only the errors, by scan row; the
        invalid rows are then read whole and given, once, to
        ``on_validation_errors`` as ``[{"row_index", "row", "errors"}]``. The
        returned scan validates and coerces the other rows as they stream.
        Columns filled in for a file that lacks them (defaults, nulls of
        optional columns) are never reported.
        """
        try:
            return self._drop_invalid()
        except pl.exceptions.ComputeError:
            # CSV/NDJSON/JSON: a value that does not parse as the dtype Polars
            # inferred from the first rows fails the reader; read as text, it
            # is a cell the validation reports (a dropped row)
            text = self._as_text()
            if text is None:
                raise
            return text._drop_invalid()

    def _drop_invalid(self) -> pl.LazyFrame:
        checked = self._unproven(
            cells_to_check(
                self._model_schema, self.file_schema, self.validators, self._footers()
            )
        )
        searched = [n for n in checked if n in self.file_schema]
        # text formats: the first pass parses every column, so a value the
        # reader fails on shows now (see _lenient), not in the returned scan
        parse = self.fmt in ("csv", "ndjson", "json") and not self._text
        if not searched and not parse:
            return self._validated(checked=checked)
        report, _ = self._scan_errors(
            searched, keep_all=True, parse=self._model_schema if parse else ()
        )
        if not report:
            return self._validated(checked=checked)
        bad = sorted(report.failures)
        self._report(bad, report.failures)
        return self._validated(checked=checked, without=bad)

    def _report(self, bad: list[int], failures: dict[int, RowFailure]) -> None:
        """Give the invalid rows, read whole, to ``on_validation_errors``."""
        if self.on_validation_errors is None:
            return
        present = [n for n in self.schema if n in self.file_schema]
        lf = self._raw_located().filter(pl.col(ROW).is_in(_rows(bad)))
        lf = lf.select([ROW, *present])
        defaults = self._defaults()
        if defaults:
            lf = lf.with_columns(defaults)
        read = lf.select([ROW, *self.schema]).collect().sort(ROW)
        payload = [
            {"row_index": row.pop(ROW), "row": row, "errors": failures[index].errors}
            for index, row in zip(bad, read.iter_rows(named=True), strict=True)
        ]
        self.on_validation_errors(payload)

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

    def _defaults(self, names: Sequence[str] | None = None) -> list[pl.Expr]:
        """Typed default (or null) columns for schema columns the source lacks
        (those in ``names`` only, if given)."""
        return [
            pl.lit(
                self.schema[n].default_value(),
                dtype=to_polars_dtype(self.schema[n].dtype),
            ).alias(n)
            for n in self.schema
            if n not in self.file_schema and (names is None or n in names)
        ]

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
        lf = self._scan(row_index_name=ROW, include_file_paths=self._file_col)
        if self.row_index is None:
            return lf
        name, offset = self.row_index
        return lf.with_columns((pl.col(ROW).cast(pl.Int64) + offset).alias(name))

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


def _no_rows(batch: pl.DataFrame) -> pl.DataFrame:
    return batch.clear()


def _rows(rows: list[int]) -> pl.Expr:
    """Scan rows as the right side of ``is_in``."""
    return pl.lit(pl.Series(rows, dtype=pl.get_index_type()).implode())


#: The ``on_validation_errors`` callback: ``[{"row_index", "row", "errors"}]``.
FailureCallback = Callable[[list[dict[str, Any]]], Any]


def _with_generated(
    schema: FrameSchema, options: ScanOptions
) -> tuple[FrameSchema, frozenset[str]]:
    """``schema`` with the columns the scan itself makes (a requested row index
    first, as Int64; a file-path column last, as str) unless the model declares
    them, and the names of those added."""
    columns = list(schema.columns())
    added: list[str] = []
    if options.row_index is not None and options.row_index[0] not in schema:
        name = options.row_index[0]
        columns = [derived_column(name, dt.Int64(), False), *columns]
        added.append(name)
    paths = options.file_paths
    if paths is not None and paths not in schema:
        columns = [*columns, derived_column(paths, dt.String(), False)]
        added.append(paths)
    if not added:
        return schema, frozenset()
    return FrameSchema(columns), frozenset(added)


def _union_schema(source: Any, scan_kwargs: dict[str, Any]) -> pl.Schema | None:
    """The columns of all local Parquet files of ``source`` (first dtype seen),
    or ``None`` when unknown (remote sources: Polars takes the first file's)."""
    files = file_schemas(source, scan_kwargs)
    if files is None:
        return None
    union: dict[str, pl.DataType] = {}
    for _, schema in files:
        for name, dtype in schema.items():
            union.setdefault(name, dtype)
    return pl.Schema(union)
