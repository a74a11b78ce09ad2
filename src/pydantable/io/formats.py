"""The file formats pydantable reads and writes, listed once.

:data:`FILE_FORMATS` maps each format name to its :class:`FileFormat`: the lazy
Polars scan that reads it, the scan options a caller may pass and the
``LazyFrame`` sink that writes it. The validated scans (:mod:`pydantable.io.scan`),
the eager file functions (:mod:`pydantable.io.file_functions`) and the atomic
writers (:mod:`pydantable.io.write`) all read this table; the frame methods
(:mod:`pydantable.frame.io`) are its only per-format spelling.

Example:
    >>> from pydantable.io.formats import FORMATS, file_format
    >>> FORMATS
    ('parquet', 'csv', 'ndjson', 'json', 'ipc')
    >>> file_format("json").sink
    'sink_ndjson'
    >>> file_format("xlsx")
    Traceback (most recent call last):
    ...
    ValueError: unknown file format 'xlsx'; expected one of ['parquet', 'csv', 'ndjson', 'json', 'ipc']
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from pydantable.io.json_source import scan_json

__all__ = ["FILE_FORMATS", "FORMATS", "FileFormat", "FileSource", "file_format"]

#: What the readers accept: a file, a directory, a glob, or a list of them.
FileSource = str | Path | Sequence[str | Path]

#: Scan options pydantable sets itself (schema handling and row indices).
_RESERVED = frozenset(
    {"source", "schema", "row_index_name", "row_index_offset", "n_rows"}
)


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

    def scan(self, source: Any, **options: Any) -> pl.LazyFrame:
        """The lazy Polars scan of ``source`` (a ``Path`` is passed as its text)."""
        src: Any = str(source) if isinstance(source, Path) else source
        return self.scanner(src, **options)


def _options(signature_of: Callable[..., Any]) -> frozenset[str]:
    return frozenset(
        name
        for name in inspect.signature(signature_of).parameters
        if not name.startswith("_") and name not in _RESERVED
    )


#: Every file format, in the order error messages list them.
FILE_FORMATS: dict[str, FileFormat] = {
    "parquet": FileFormat(
        "parquet", pl.scan_parquet, _options(pl.scan_parquet), "sink_parquet"
    ),
    "csv": FileFormat("csv", pl.scan_csv, _options(pl.scan_csv), "sink_csv"),
    "ndjson": FileFormat(
        "ndjson", pl.scan_ndjson, _options(pl.scan_ndjson), "sink_ndjson"
    ),
    # NDJSON (the original's alias) or a JSON array; takes the NDJSON options
    "json": FileFormat(
        "json", scan_json, _options(pl.scan_ndjson), "sink_ndjson", array_output=True
    ),
    "ipc": FileFormat("ipc", pl.scan_ipc, _options(pl.scan_ipc), "sink_ipc"),
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
