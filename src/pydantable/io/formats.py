"""The file formats pydantable reads and writes, listed once.

:data:`FILE_FORMATS` maps each format name to its :class:`FileFormat`: the lazy
Polars scan that reads it, the scan options a caller may pass and the
``LazyFrame`` sink that writes it. The validated scans (:mod:`pydantable.io.scan`),
the eager file functions (:mod:`pydantable.io.file_functions`) and the atomic
writers (:mod:`pydantable.io.write`) all read this table; the frame methods
(:mod:`pydantable.frame.io`) are its only per-format spelling.

Scan options are the keys the original pydantable accepted for the format
(:data:`COMPAT_SCAN_KEYS`) and the keyword arguments of the Polars scan;
:meth:`FileFormat.scan_options_for` checks them and translates the original's
keys to Polars (``allow_missing_columns=True`` is ``missing_columns="insert"``;
``rechunk``, ``cache`` where Polars has none and ``hive_start_idx`` change
nothing in the data Polars 2 reads and are accepted without effect).

Example:
    >>> from pydantable.io.formats import FORMATS, file_format
    >>> FORMATS
    ('parquet', 'csv', 'ndjson', 'json', 'ipc')
    >>> file_format("json").sink
    'sink_ndjson'
    >>> opts = file_format("csv").scan_options_for({"row_index_name": "i", "rechunk": True})
    >>> opts.polars, opts.row_index
    ({}, ('i', 0))
    >>> file_format("xlsx")
    Traceback (most recent call last):
    ...
    ValueError: unknown file format 'xlsx'; expected one of ['parquet', 'csv', 'ndjson', 'json', 'ipc']
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from pydantable.io.json_source import scan_json, scan_ndjson

__all__ = [
    "COMPAT_SCAN_KEYS",
    "FILE_FORMATS",
    "FORMATS",
    "FileFormat",
    "FileSource",
    "ScanOptions",
    "file_format",
]

#: What the readers accept: a file, a directory, a glob, or a list of them.
FileSource = str | Path | Sequence[str | Path]

#: Scan options pydantable sets itself (the schema handling).
_RESERVED = frozenset({"source", "schema"})

_ROW_INDEX = ("row_index_name", "row_index_offset")
_HIVE = ("hive_partitioning", "hive_start_idx", "try_parse_hive_dates")
_JSON_KEYS = frozenset(
    {
        "glob",
        "low_memory",
        "rechunk",
        "ignore_errors",
        "n_rows",
        "infer_schema_length",
        "include_file_paths",
        *_ROW_INDEX,
    }
)

#: The scan keys the original pydantable accepts per format (its public contract).
COMPAT_SCAN_KEYS: dict[str, frozenset[str]] = {
    "parquet": frozenset(
        {
            "n_rows",
            "low_memory",
            "rechunk",
            "use_statistics",
            "cache",
            "glob",
            "allow_missing_columns",
            "parallel",
            *_HIVE,
            "include_file_paths",
            *_ROW_INDEX,
        }
    ),
    "csv": frozenset(
        {
            "has_header",
            "separator",
            "skip_rows",
            "skip_lines",
            "n_rows",
            "infer_schema_length",
            "low_memory",
            "rechunk",
            "glob",
            "cache",
            "quote_char",
            "eol_char",
            "include_file_paths",
            *_ROW_INDEX,
            "raise_if_empty",
            "truncate_ragged_lines",
            "decimal_comma",
            "try_parse_dates",
        }
    ),
    "ndjson": _JSON_KEYS,
    "json": _JSON_KEYS,
    "ipc": frozenset(
        {
            "record_batch_statistics",
            "glob",
            "cache",
            "rechunk",
            "n_rows",
            *_HIVE,
            "include_file_paths",
            *_ROW_INDEX,
        }
    ),
}

#: Keys of the original with no counterpart in the Polars 2 scan: what they
#: tuned (rechunking, the plan cache, hive discovery offsets) does not change
#: the rows read, so they are accepted and have no effect.
_NO_EFFECT = frozenset({"rechunk", "cache", "hive_start_idx", "glob"})


@dataclass(frozen=True)
class ScanOptions:
    """Checked scan options: ``polars`` goes to the Polars scan as is;
    ``row_index`` is ``(name, offset)`` of a requested row-index column."""

    polars: dict[str, Any] = field(default_factory=dict)
    row_index: tuple[str, int] | None = None

    @property
    def file_paths(self) -> str | None:
        """The name of the requested file-path column (``include_file_paths``)."""
        name = self.polars.get("include_file_paths")
        return None if name is None else str(name)

    @property
    def allow_missing_columns(self) -> bool:
        """Whether files lacking a column give nulls (``missing_columns="insert"``)."""
        return self.polars.get("missing_columns") == "insert"

    def with_row_index(self) -> dict[str, Any]:
        """The Polars options with the row index (for a plain Polars scan)."""
        if self.row_index is None:
            return dict(self.polars)
        name, offset = self.row_index
        return {**self.polars, "row_index_name": name, "row_index_offset": offset}


@dataclass(frozen=True)
class FileFormat:
    """One file format: how it is scanned, which options it takes, how it is written.

    ``array_output`` marks the JSON format: written as NDJSON by the engine, then
    rewritten as one JSON array (so it cannot be hive-partitioned).
    """

    name: str
    scanner: Callable[..., pl.LazyFrame]
    scan_options: frozenset[str]
    sink: str
    array_output: bool = False
    #: The keyword arguments of the Polars scan behind ``scanner``.
    native_options: frozenset[str] = frozenset()

    def scan(self, source: Any, **options: Any) -> pl.LazyFrame:
        """The lazy Polars scan of ``source`` (a ``Path`` is passed as its text)."""
        src: Any = str(source) if isinstance(source, Path) else source
        return self.scanner(src, **options)

    def scan_options_for(self, options: Mapping[str, Any]) -> ScanOptions:
        """Check a reader's ``**scan_kwargs`` and translate them for Polars.

        Raises:
            ValueError: an unknown key (``"unknown scan_kw key ..."``),
                ``row_index_offset`` without ``row_index_name``, a bad row-index
                argument, ``glob=False`` for NDJSON/JSON.
        """
        unknown = sorted(set(options) - self.scan_options)
        if unknown:
            allowed = ", ".join(sorted(self.scan_options))
            msg = f"unknown scan_kw key {unknown[0]!r} for this format; allowed: {allowed}"
            raise ValueError(msg)
        kwargs = dict(options)
        row_index = _row_index(kwargs.pop("row_index_name", None), kwargs)
        if self.name in ("ndjson", "json") and kwargs.get("glob", True) is False:
            msg = (
                f"read_{self.name}: glob=False is not supported for NDJSON/JSON scans "
                "(paths are always expanded); pass the file path or a list of paths"
            )
            raise ValueError(msg)
        native = self.native_options
        if "allow_missing_columns" in kwargs:
            allow = kwargs.pop("allow_missing_columns")
            wanted = "insert" if allow else "raise"
            if kwargs.setdefault("missing_columns", wanted) != wanted:
                msg = (
                    f"allow_missing_columns={allow!r} contradicts "
                    f"missing_columns={kwargs['missing_columns']!r}"
                )
                raise ValueError(msg)
        if "record_batch_statistics" in kwargs:
            value = kwargs.pop("record_batch_statistics")
            if "_record_batch_statistics" in native:
                kwargs["_record_batch_statistics"] = value
        for key in _NO_EFFECT:
            if key in kwargs and key not in native:
                del kwargs[key]
        return ScanOptions(kwargs, row_index)


def _row_index(name: Any, kwargs: dict[str, Any]) -> tuple[str, int] | None:
    offset = kwargs.pop("row_index_offset", None)
    if name is None:
        if offset is not None:
            msg = "row_index_offset requires row_index_name"
            raise ValueError(msg)
        return None
    if not isinstance(name, str) or not name:
        msg = f"row_index_name must be a non-empty string; got {name!r}"
        raise ValueError(msg)
    if offset is None:
        offset = 0
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        msg = f"row_index_offset must be an int >= 0; got {offset!r}"
        raise ValueError(msg)
    return name, offset


def _format(
    name: str,
    scanner: Callable[..., pl.LazyFrame],
    polars_scan: Callable[..., pl.LazyFrame],
    *,
    array_output: bool = False,
) -> FileFormat:
    native = frozenset(inspect.signature(polars_scan).parameters)
    public = frozenset(
        key for key in native if not key.startswith("_") and key not in _RESERVED
    )
    sink = "sink_ndjson" if name == "json" else f"sink_{name}"
    return FileFormat(
        name,
        scanner,
        COMPAT_SCAN_KEYS[name] | public,
        sink,
        array_output=array_output,
        native_options=native,
    )


#: Every file format, in the order error messages list them.
FILE_FORMATS: dict[str, FileFormat] = {
    "parquet": _format("parquet", pl.scan_parquet, pl.scan_parquet),
    "csv": _format("csv", pl.scan_csv, pl.scan_csv),
    # directories are expanded to their JSON files (see json_source)
    "ndjson": _format("ndjson", scan_ndjson, pl.scan_ndjson),
    # NDJSON (the original's alias) or a JSON array; takes the NDJSON options
    "json": _format("json", scan_json, pl.scan_ndjson, array_output=True),
    "ipc": _format("ipc", pl.scan_ipc, pl.scan_ipc),
}

#: The format names (``pydantable.io.FORMATS``).
FORMATS = tuple(FILE_FORMATS)


def file_format(name: str) -> FileFormat:
    """The :class:`FileFormat` called ``name``; ``ValueError`` for an unknown one."""
    found = FILE_FORMATS.get(name)
    if found is None:
        msg = f"unknown file format {name!r}; expected one of {list(FILE_FORMATS)}"
        raise ValueError(msg)
    return found
