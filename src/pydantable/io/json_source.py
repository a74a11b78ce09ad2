"""JSON sources of scans: a JSON array of row objects or newline-delimited JSON.

Example:
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "rows.json")
    >>> with open(path, "w") as f:
    ...     _ = f.write('[{"a": 1}, {"a": 2}]')
    >>> scan_json(path).collect()["a"].to_list()
    [1, 2]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

__all__ = ["scan_json"]


def scan_json(source: Any, **kwargs: Any) -> pl.LazyFrame:
    """A JSON source: a JSON array of row objects (one local file, read eagerly)
    or newline-delimited JSON (scanned lazily: files, globs, lists).

    The kind is detected from the first non-blank byte of a single local file.
    """
    path = Path(source) if isinstance(source, str | Path) else None
    if path is None or not path.is_file() or _first_byte(path) != b"[":
        return pl.scan_ndjson(source, **kwargs)
    row_index = kwargs.pop("row_index_name", None)
    offset = kwargs.pop("row_index_offset", 0)
    file_col = kwargs.pop("include_file_paths", None)
    extra = sorted(set(kwargs) - {"schema", "schema_overrides", "infer_schema_length"})
    if extra:
        msg = f"options {extra} apply to newline-delimited JSON only, not to the JSON array in {path}"
        raise ValueError(msg)
    lf = pl.read_json(path, **kwargs).lazy()
    if file_col is not None:
        lf = lf.with_columns(pl.lit(str(source)).alias(file_col))
    if row_index is not None:
        lf = lf.with_row_index(row_index, offset=offset)
    return lf


def _first_byte(path: Path) -> bytes:
    with path.open("rb") as f:
        chunk = f.read(4096).lstrip()
    return chunk[:1]
