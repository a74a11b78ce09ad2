"""CSV and JSON read and written with the standard library, as the original's untyped
eager helpers do.

Without ``model=``, ``iter_csv`` yields the CSV text as it is (every value a
``str``; a short row padded with ``None``), ``iter_ndjson``/``iter_json_array``
and ``materialize_json`` yield the values ``json`` parses (objects stay dicts),
and ``export_json`` writes one array with ``json.dump(..., default=str)``. With
``model=`` the helpers validate through the typed readers instead
(:mod:`pydantable.io.file_functions`).

Example:
    >>> import io
    >>> from pydantable.io.text_rows import iter_csv_rows
    >>> list(iter_csv_rows(io.StringIO("a,b\\n1,x\\n2\\n"), batch_size=10))
    [{'a': ['1', '2'], 'b': ['x', None]}]
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from pydantable.errors import ColumnNotFoundError
from pydantable.io.atomic import staged_output

__all__ = [
    "TextSource",
    "column_rows",
    "is_single_source",
    "iter_csv_rows",
    "iter_json_array_rows",
    "iter_ndjson_rows",
    "read_json_columns",
    "write_json_array",
]

#: A file path, or an open text or binary stream.
TextSource = str | os.PathLike[str] | IO[str] | IO[bytes]


def is_stream(source: object) -> bool:
    return hasattr(source, "read") and not isinstance(source, str | os.PathLike)


def is_single_source(source: object) -> bool:
    """A stream, or a path naming one existing file (not a directory or glob)."""
    if is_stream(source):
        return True
    return isinstance(source, str | os.PathLike) and Path(source).is_file()


def _paths(source: Any, api: str, *, text: bool = False) -> list[Any]:
    """The sources ``source`` names, each a stream or an existing file (with
    ``text``, a ``str`` holding a line break is the content itself)."""
    items = list(source) if isinstance(source, list | tuple) else [source]
    for number, item in enumerate(items):
        if text and isinstance(item, str) and "\n" in item and not Path(item).exists():
            items[number] = item = io.StringIO(item)
        if is_stream(item):
            continue
        if not isinstance(item, str | os.PathLike):
            msg = f"{api} expects a file path or an open stream; got {type(item).__name__}"
            raise TypeError(msg)
        path = Path(item)
        pattern = any(ch in str(item) for ch in "*?[")
        if not path.exists() and not pattern:
            msg = f"No such file: {str(path)!r}"
            raise FileNotFoundError(msg)
        if not path.is_file():
            msg = (
                f"{api} without model= reads one file (or a list of files) with "
                f"Python's csv/json modules, not a directory or glob: {str(path)!r}; "
                "pass model= to scan it, or use iter_chain_batches"
            )
            raise ValueError(msg)
    return items


@contextlib.contextmanager
def _open_text(source: Any, encoding: str, newline: str | None) -> Iterator[IO[str]]:
    if not is_stream(source):
        with Path(source).open(encoding=encoding, newline=newline) as f:
            yield f
        return
    sample = source.read(0)
    if isinstance(sample, bytes):  # a binary stream: decode it, leave it open
        wrapper = io.TextIOWrapper(source, encoding=encoding, newline=newline)
        try:
            yield wrapper
        finally:
            wrapper.detach()
    else:
        yield source


def column_rows(
    rows: Sequence[Mapping[str, Any]], *, sort_keys: bool = False
) -> dict[str, list[Any]]:
    """Row dicts as columns: the union of their keys (first-seen order, or sorted),
    ``None`` where a row lacks a key."""
    keys: dict[str, None] = {}
    for row in rows:
        keys.update(dict.fromkeys(row))
    names = sorted(keys) if sort_keys else list(keys)
    return {name: [row.get(name) for row in rows] for name in names}


def _select(
    batch: dict[str, list[Any]], columns: Sequence[str] | None, rows: int
) -> dict[str, list[Any]]:
    if columns is None:
        return batch
    return {c: batch.get(c, [None] * rows) for c in columns}


# -- CSV -------------------------------------------------------------------------
def iter_csv_rows(
    source: Any,
    *,
    batch_size: int,
    encoding: str = "utf-8",
    newline: str = "",
    columns: Sequence[str] | None = None,
    delimiter: str = ",",
    quotechar: str = '"',
) -> Iterator[dict[str, list[Any]]]:
    """Batches of a CSV read with :mod:`csv`: the header gives the keys, every value
    is a ``str``, a short row is padded with ``None``; a header-only or empty file
    yields nothing. A row longer than the header raises ``ValueError`` (its extra
    values have no column). ``source`` is a path, a stream, a list of them, or the
    CSV text itself (a ``str`` with a line break). Files are checked now, read as
    iterated."""
    items = _paths(source, "iter_csv", text=True)
    return _csv_batches(
        items, batch_size, encoding, newline, columns, delimiter, quotechar
    )


def _csv_batches(
    items: list[Any],
    batch_size: int,
    encoding: str,
    newline: str,
    columns: Sequence[str] | None,
    delimiter: str,
    quotechar: str,
) -> Iterator[dict[str, list[Any]]]:
    for item in items:
        with _open_text(item, encoding, newline) as f:
            reader = csv.reader(f, delimiter=delimiter, quotechar=quotechar)
            header = next((row for row in reader if row), None)
            if header is None:
                continue
            if len(set(header)) != len(header):
                msg = f"CSV header has duplicate column names: {header}"
                raise ValueError(msg)
            picked = list(header) if columns is None else list(columns)
            for name in picked:
                if name not in header:
                    raise ColumnNotFoundError.from_missing(name, header)
            index = [header.index(name) for name in picked]
            width = len(header)
            batch: list[list[str]] = []
            for row in reader:
                if not row:
                    continue
                if len(row) > width:
                    msg = (
                        f"CSV line {reader.line_num} has {len(row)} fields; the "
                        f"header has {width}"
                    )
                    raise ValueError(msg)
                batch.append(row)
                if len(batch) == batch_size:
                    yield _csv_columns(batch, picked, index)
                    batch = []
            if batch:
                yield _csv_columns(batch, picked, index)


def _csv_columns(
    rows: list[list[str]], names: list[str], index: list[int]
) -> dict[str, list[Any]]:
    return {
        name: [row[i] if i < len(row) else None for row in rows]
        for name, i in zip(names, index, strict=True)
    }


# -- JSON ------------------------------------------------------------------------
def iter_ndjson_rows(
    source: Any,
    *,
    batch_size: int,
    encoding: str = "utf-8",
    columns: Sequence[str] | None = None,
) -> Iterator[dict[str, list[Any]]]:
    """Batches of newline-delimited JSON read with :mod:`json`; blank lines are
    skipped, every other line must be a JSON object. A batch's keys are those its
    rows have (``None`` where a row lacks one)."""
    items = _paths(source, "iter_ndjson")
    return _ndjson_batches(items, batch_size, encoding, columns)


def _ndjson_batches(
    items: list[Any], batch_size: int, encoding: str, columns: Sequence[str] | None
) -> Iterator[dict[str, list[Any]]]:
    for item in items:
        with _open_text(item, encoding, None) as f:
            rows: list[dict[str, Any]] = []
            for number, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                rows.append(_object(json.loads(line), number))
                if len(rows) == batch_size:
                    yield _select(column_rows(rows), columns, len(rows))
                    rows = []
            if rows:
                yield _select(column_rows(rows), columns, len(rows))


def _object(value: Any, line: int) -> dict[str, Any]:
    if not isinstance(value, dict):
        msg = (
            f"NDJSON lines must be JSON objects; line {line} is {type(value).__name__}"
        )
        raise ValueError(msg)
    return value


def iter_json_array_rows(
    source: Any,
    *,
    batch_size: int,
    encoding: str = "utf-8",
    columns: Sequence[str] | None = None,
) -> Iterator[dict[str, list[Any]]]:
    """Batches of a file holding one JSON array of objects (read whole, then cut);
    each batch's keys are the keys its rows have."""
    items = _paths(source, "iter_json_array")
    return _array_batches(items, batch_size, encoding, columns)


def _array_batches(
    items: list[Any], batch_size: int, encoding: str, columns: Sequence[str] | None
) -> Iterator[dict[str, list[Any]]]:
    for item in items:
        with _open_text(item, encoding, None) as f:
            text = f.read()
        rows = json.loads(text) if text.lstrip().startswith("[") else None
        if not isinstance(rows, list):
            msg = "JSON array reader expects a top-level array"
            raise ValueError(msg)
        for row in rows:
            if not isinstance(row, dict):
                msg = "JSON array reader: array elements must be JSON objects"
                raise ValueError(msg)
        for start in range(0, len(rows), batch_size):
            chunk = rows[start : start + batch_size]
            yield _select(column_rows(chunk), columns, len(chunk))


def read_json_columns(
    source: Any, *, encoding: str = "utf-8", columns: Sequence[str] | None = None
) -> dict[str, list[Any]]:
    """A JSON file as columns, as the original's ``materialize_json`` reads it: an
    empty or blank file is ``{}``; a file starting with ``[`` is an array of objects;
    anything else is NDJSON. Keys are the sorted union of the rows' keys; nested
    objects stay dicts."""
    [item] = _paths(source, "materialize_json")
    with _open_text(item, encoding, None) as f:
        text = f.read()
    body = text.lstrip()
    if not body:
        rows: list[dict[str, Any]] = []
    elif body.startswith("["):
        parsed = json.loads(text)
        if not isinstance(parsed, list) or not all(
            isinstance(row, dict) for row in parsed
        ):
            msg = "materialize_json: array elements must be JSON objects"
            raise ValueError(msg)
        rows = parsed
    else:
        rows = [
            _object(json.loads(line), number)
            for number, line in enumerate(text.splitlines(), start=1)
            if line.strip()
        ]
    if not rows and columns is None:
        return {}
    return _select(column_rows(rows, sort_keys=True), columns, len(rows))


# -- write -----------------------------------------------------------------------
def write_json_array(
    path: str | os.PathLike[str],
    columns: Mapping[str, Sequence[Any]] | None,
    *,
    rows: Iterable[Mapping[str, Any]] | None = None,
    indent: int | str | None = None,
    mkdir: bool = False,
    api: str = "export_json",
) -> None:
    """Write rows (given as columns or as row dicts) as one JSON array with
    ``json.dump(default=str)``; the file appears atomically."""
    target = Path(path)
    if target.is_dir():
        msg = f"{api} expects a single output file path, not a directory: {target}"
        raise ValueError(msg)
    if columns is not None:
        names = list(columns)
        lengths = {len(columns[n]) for n in names}
        if len(lengths) > 1:
            msg = "all columns in data must have the same length"
            raise ValueError(msg)
        height = lengths.pop() if lengths else 0
        values = [list(columns[n]) for n in names]
        out: list[Mapping[str, Any]] = [
            {n: values[j][i] for j, n in enumerate(names)} for i in range(height)
        ]
    else:
        out = list(rows or [])
    if mkdir:
        target.parent.mkdir(parents=True, exist_ok=True)
    with staged_output(target) as staged, staged.open("w", encoding="utf-8") as f:
        json.dump(out, f, default=str, indent=indent)
