"""JSON sources of scans: newline-delimited JSON, JSON arrays, directories of them.

A directory stands for the JSON files under it (``*.json``, ``*.jsonl``,
``*.ndjson``, at any depth, sorted; names starting with ``.`` or ``_`` are
skipped): their rows are concatenated, and ``key=value`` directory names add no
columns. A glob (``data/*.jsonl``) reads the files it matches.

Example:
    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> path = os.path.join(folder, "rows.json")
    >>> with open(path, "w") as f:
    ...     _ = f.write('[{"a": 1}, {"a": 2}]')
    >>> scan_json(path).collect()["a"].to_list()
    [1, 2]
    >>> with open(os.path.join(folder, "more.jsonl"), "w") as f:
    ...     _ = f.write('{"a": 3}\\n')
    >>> sorted(scan_json(folder).collect()["a"].to_list())
    [1, 2, 3]
"""

from __future__ import annotations

import glob as globbing
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

__all__ = ["JSON_SUFFIXES", "json_files", "scan_json", "scan_ndjson"]

#: The file name extensions a directory of JSON files is read for.
JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")


def json_files(directory: Path) -> list[str]:
    """The JSON files under ``directory`` (see the module docstring), sorted.

    Raises:
        FileNotFoundError: there is none.
    """
    found = sorted(
        str(path)
        for path in directory.rglob("*")
        if path.is_file()
        and path.suffix.lower() in JSON_SUFFIXES
        and not any(
            part.startswith((".", "_")) for part in path.relative_to(directory).parts
        )
    )
    if not found:
        msg = (
            f"no JSON files ({', '.join('*' + s for s in JSON_SUFFIXES)}) in "
            f"directory {directory}"
        )
        raise FileNotFoundError(msg)
    return found


def _expanded(source: Any) -> Any:
    """``source`` with its local directories replaced by their JSON files."""
    if isinstance(source, str | Path):
        path = Path(source)
        return json_files(path) if path.is_dir() else str(source)
    if isinstance(source, Sequence) and all(isinstance(s, str | Path) for s in source):
        out: list[str] = []
        for item in source:
            expanded = _expanded(item)
            out.extend(expanded if isinstance(expanded, list) else [expanded])
        return out
    return source


def scan_ndjson(source: Any, **kwargs: Any) -> pl.LazyFrame:
    """``polars.scan_ndjson`` of ``source``, a directory standing for its JSON files."""
    return pl.scan_ndjson(_expanded(source), **kwargs)


def _local_files(source: Any) -> list[Path] | None:
    """The local files ``source`` names (files, directories, globs), if all exist."""
    expanded = _expanded(source)
    items = expanded if isinstance(expanded, list) else [expanded]
    files: list[Path] = []
    for item in items:
        if not isinstance(item, str):
            return None
        if any(c in item for c in "*?["):
            files.extend(Path(f) for f in sorted(globbing.glob(item, recursive=True)))
        else:
            files.append(Path(item))
    if not files or not all(f.is_file() for f in files):
        return None
    return [f for f in files if f.is_file()]


def scan_json(source: Any, **kwargs: Any) -> pl.LazyFrame:
    """A JSON source: files holding a JSON array of row objects (read eagerly) or
    newline-delimited JSON (scanned lazily), in any mix.

    The kind of each local file is detected from its first non-blank byte.
    """
    files = _local_files(source)
    if files is None or not any(_first_byte(f) == b"[" for f in files):
        return scan_ndjson(source, **kwargs)
    row_index = kwargs.pop("row_index_name", None)
    offset = kwargs.pop("row_index_offset", 0)
    file_col = kwargs.pop("include_file_paths", None)
    n_rows = kwargs.pop("n_rows", None)
    kwargs.pop("low_memory", None)  # tunes the NDJSON reader only
    extra = sorted(set(kwargs) - {"schema", "schema_overrides", "infer_schema_length"})
    if extra:
        msg = f"options {extra} apply to newline-delimited JSON only, not to the JSON arrays in {source}"
        raise ValueError(msg)
    parts = []
    for file in files:
        if _first_byte(file) == b"[":
            part = pl.read_json(file, **kwargs).lazy()
        else:
            part = pl.scan_ndjson(file, **kwargs)
        if file_col is not None:
            part = part.with_columns(pl.lit(str(file)).alias(file_col))
        parts.append(part)
    lf = parts[0] if len(parts) == 1 else pl.concat(parts, how="diagonal_relaxed")
    if n_rows is not None:
        lf = lf.head(n_rows)
    if row_index is not None:
        lf = lf.with_row_index(row_index, offset=offset)
    return lf


def _first_byte(path: Path) -> bytes:
    with path.open("rb") as f:
        chunk = f.read(4096).lstrip()
    return chunk[:1]
