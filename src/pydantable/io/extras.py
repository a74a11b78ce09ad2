"""Extra readers and writers of the original: Delta tables (experimental), CSV on
standard input and output.

``read_delta``/``iter_delta`` read a Delta Lake table directory with PyArrow
(``pydantable-frames[arrow]``), as the original does, and are experimental: they need
``experimental=True`` (the default) or ``PYDANTABLE_IO_EXPERIMENTAL=1``. Unlike a
plain Parquet-dataset read they follow the table's transaction log
(``_delta_log``: JSON commits and Parquet checkpoints), so files that later
commits removed are not read; a table whose protocol needs reader features
(deletion vectors, column mapping) is refused rather than read wrongly. A
directory without ``_delta_log`` is read as a Parquet dataset.

Example:
    >>> import io
    >>> from pydantable.io.extras import read_csv_stdin, write_csv_stdout
    >>> out = io.StringIO()
    >>> write_csv_stdout({"id": [1, 2], "kind": ["a", "b"]}, out)
    >>> out.getvalue()
    'id,kind\\n1,a\\n2,b\\n'
    >>> read_csv_stdin(io.StringIO(out.getvalue()))
    {'id': [1, 2], 'kind': ['a', 'b']}
"""

from __future__ import annotations

import io
import json
import re
import sys
import urllib.parse
from collections.abc import Iterator
from os import PathLike
from pathlib import Path
from typing import IO, Any

import polars as pl

from pydantable._dependencies import require
from pydantable.errors import reading_batches, reading_source
from pydantable.frame._core import is_frame
from pydantable.io.options import require_experimental, resolve_io_engine
from pydantable.io.write import as_polars

__all__ = ["iter_delta", "read_csv_stdin", "read_delta", "write_csv_stdout"]


# -- Delta -------------------------------------------------------------------------
_COMMIT = re.compile(r"^(\d{20})\.json$")
_CHECKPOINT = re.compile(r"^(\d{20})\.checkpoint(?:\.\d{10}\.\d{10})?\.parquet$")


def _delta_dataset(path: str | PathLike[str], api: str, experimental: bool) -> Any:
    require_experimental(api, experimental)
    ds = require("pyarrow.dataset", extra="arrow")
    root = Path(path)
    if not root.is_dir():
        msg = f"{api} expects a Delta table directory; {str(root)!r} is not a directory"
        raise FileNotFoundError(msg) if not root.exists() else ValueError(msg)
    log = root / "_delta_log"
    if not log.is_dir():  # a plain Parquet dataset directory
        return ds.dataset(str(root), format="parquet", partitioning="hive")
    files = [str(root / name) for name in _active_files(log)]
    return ds.dataset(
        files, format="parquet", partitioning="hive", partition_base_dir=str(root)
    )


def _active_files(log: Path) -> list[str]:
    """The data files of the table's latest version, from its transaction log."""
    commits: dict[int, Path] = {}
    checkpoints: dict[int, list[Path]] = {}
    for entry in log.iterdir():
        if found := _COMMIT.match(entry.name):
            commits[int(found.group(1))] = entry
        elif found := _CHECKPOINT.match(entry.name):
            checkpoints.setdefault(int(found.group(1)), []).append(entry)
    active: dict[str, None] = {}
    start = 0
    if checkpoints:
        start = max(checkpoints)
        pq = require("pyarrow.parquet", extra="arrow")
        for part in sorted(checkpoints[start]):
            with reading_source(part, "parquet"):
                table = pq.read_table(part)
            for action in table.to_pylist():
                _apply(action, active)
        start += 1
    if not commits and not checkpoints:
        msg = f"{log} holds no Delta commits"
        raise ValueError(msg)
    expected = start
    for version in sorted(v for v in commits if v >= start):
        if version != expected:
            msg = f"the Delta log in {log} is missing version {expected}"
            raise ValueError(msg)
        with commits[version].open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    _apply(json.loads(line), active)
        expected += 1
    return list(active)


def _apply(action: dict[str, Any], active: dict[str, None]) -> None:
    protocol = action.get("protocol")
    if protocol and (protocol.get("minReaderVersion") or 1) > 1:
        features = protocol.get("readerFeatures") or []
        msg = (
            f"this Delta table needs reader version {protocol['minReaderVersion']} "
            f"(features {features}); read_delta reads plain Parquet data files only"
        )
        raise ValueError(msg)
    add = action.get("add")
    if add:
        if add.get("deletionVector"):
            msg = "this Delta table has deletion vectors; read_delta cannot apply them"
            raise ValueError(msg)
        active[urllib.parse.unquote(add["path"])] = None
    remove = action.get("remove")
    if remove:
        active.pop(urllib.parse.unquote(remove["path"]), None)


def read_delta(
    path: str | PathLike[str], *, experimental: bool = True
) -> dict[str, list[Any]]:
    """The latest version of the Delta table at ``path`` as ``{column: [values]}``.

    Experimental: ``experimental=False`` raises ``ValueError`` unless
    ``PYDANTABLE_IO_EXPERIMENTAL=1``. Needs ``pydantable-frames[arrow]``.

    Example:
        >>> import os, tempfile
        >>> import polars as pl
        >>> table = tempfile.mkdtemp()
        >>> pl.DataFrame({"id": [1, 2]}).write_parquet(os.path.join(table, "part-0.parquet"))
        >>> read_delta(table)  # no _delta_log: read as a Parquet dataset
        {'id': [1, 2]}
    """
    with reading_source(path, "delta"):
        dataset = _delta_dataset(path, "read_delta", experimental)
        columns: dict[str, list[Any]] = dataset.to_table().to_pydict()
    return columns


def iter_delta(
    path: str | PathLike[str], *, batch_size: int = 65536, experimental: bool = True
) -> Iterator[dict[str, list[Any]]]:
    """The Delta table at ``path`` in batches of at most ``batch_size`` rows.

    Example:
        >>> import os, tempfile
        >>> import polars as pl
        >>> table = tempfile.mkdtemp()
        >>> pl.DataFrame({"id": [1, 2, 3]}).write_parquet(os.path.join(table, "p.parquet"))
        >>> [b["id"] for b in iter_delta(table, batch_size=2)]
        [[1, 2], [3]]
    """
    if (
        isinstance(batch_size, bool)
        or not isinstance(batch_size, int)
        or batch_size < 1
    ):
        msg = f"batch_size must be a positive integer; got {batch_size!r}"
        raise ValueError(msg)
    with reading_source(path, "delta"):
        dataset = _delta_dataset(path, "iter_delta", experimental)
    return reading_batches(_delta_batches(dataset, batch_size), path, "delta")


def _delta_batches(dataset: Any, batch_size: int) -> Iterator[dict[str, list[Any]]]:
    pending: list[Any] = []
    rows = 0
    for batch in dataset.to_batches(batch_size=batch_size):
        if batch.num_rows == 0:
            continue
        pending.append(batch)
        rows += batch.num_rows
        while rows >= batch_size:
            pa = require("pyarrow", extra="arrow")
            table = pa.Table.from_batches(pending)
            yield table.slice(0, batch_size).to_pydict()
            rest = table.slice(batch_size)
            pending, rows = rest.to_batches(), rest.num_rows
    if rows:
        pa = require("pyarrow", extra="arrow")
        yield pa.Table.from_batches(pending).to_pydict()


# -- standard input and output ----------------------------------------------------
def read_csv_stdin(
    stream: IO[str] | IO[bytes] | None = None, *, engine: str | None = None
) -> dict[str, list[Any]]:
    """Read CSV (with a header) from ``stream`` (default ``sys.stdin``; text or
    binary) into ``{column: [values]}``, dtypes inferred as ``materialize_csv``
    does; empty input is ``{}``. ``engine`` as for ``materialize_*``.

    Example:
        >>> import io
        >>> read_csv_stdin(io.BytesIO(b"x,y\\n1,2.5\\n"))
        {'x': [1], 'y': [2.5]}
    """
    resolve_io_engine(engine)
    source: Any = sys.stdin if stream is None else stream
    data = source.read()  # a text stream decodes (text it buffered is not skipped)
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if not raw.strip():
        return {}
    with reading_source(source, "csv"):
        return pl.read_csv(io.BytesIO(raw)).to_dict(as_series=False)


def write_csv_stdout(
    data: Any, stream: IO[str] | IO[bytes] | None = None, *, engine: str | None = None
) -> None:
    """Write ``data`` (column dict, row dicts, Polars DataFrame or a frame) as CSV
    with a header to ``stream`` (default ``sys.stdout``): to ``stream.buffer``
    when it has one (bytes), else as text or bytes as the stream takes them.

    Example:
        >>> import io
        >>> out = io.BytesIO()
        >>> write_csv_stdout([{"x": 1}, {"x": 2}], out)
        >>> out.getvalue()
        b'x\\n1\\n2\\n'
    """
    resolve_io_engine(engine)
    frame = data.to_polars() if is_frame(data) else as_polars(data)
    text = frame.write_csv()
    target: Any = sys.stdout if stream is None else stream
    buffer = getattr(target, "buffer", None)
    if buffer is not None:
        target.flush()  # text already written goes first
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    elif isinstance(target, io.RawIOBase | io.BufferedIOBase):
        target.write(text.encode("utf-8"))
    else:
        target.write(text)
