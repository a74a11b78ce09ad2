"""The eager file functions of ``pydantable.io``: ``materialize_*``, ``export_*``, ``iter_*``,
``write_*_batches``, each a one-line call of :func:`materialize`, :func:`export`,
:func:`iterate` or :func:`~pydantable.io.write.write_batches` with its format.

Every helper has an async twin (``amaterialize_*``, ``aexport_*``, ``aiter_*``,
``awrite_*_batches``) that runs the blocking work in a worker thread. With
``model=`` the data is validated exactly like ``Model.read_*`` / ``Model(data)``
(same Pydantic errors, never a bad cell cast to null); without it the helpers
read and write what the file holds, as the original does: Polars reads for
Parquet, IPC, CSV and NDJSON materialization, and the standard library where
the original used it (``iter_csv`` yields strings, ``iter_ndjson``/
``iter_json_array``/``materialize_json`` the values :mod:`json` parses,
``export_json`` writes ``json.dump(..., default=str)``; see
:mod:`pydantable.io.text_rows`). Writes are atomic like ``frame.write_*``.
``engine=`` ("auto", "rust", "pyarrow"; default ``PYDANTABLE_IO_ENGINE``) is
accepted and checked (:mod:`pydantable.io.options`).

Example:
    >>> import os, tempfile
    >>> from pydantable import DataFrameModel
    >>> from pydantable.io import export_parquet, iter_parquet, materialize_parquet
    >>> class Ev(DataFrameModel):
    ...     id: int
    ...     kind: str
    >>> path = os.path.join(tempfile.mkdtemp(), "ev.parquet")
    >>> export_parquet(path, {"id": ["1", 2], "kind": ["a", "b"]}, model=Ev)
    >>> materialize_parquet(path, model=Ev)
    {'id': [1, 2], 'kind': ['a', 'b']}
    >>> [b["id"] for b in iter_parquet(path, batch_size=1)]
    [[1], [2]]
"""

from __future__ import annotations

import concurrent.futures
import io
import os
from collections.abc import (
    AsyncIterable,
    AsyncIterator,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from pathlib import Path
from typing import IO, Any

import polars as pl

from pydantable.errors import reading_batches, reading_source, require_regular_files
from pydantable.execution import run_blocking
from pydantable.frame._core import is_frame, require_concrete
from pydantable.io.formats import FileSource, file_format
from pydantable.io.options import (
    check_write_kwargs,
    merged_write_kwargs,
    resolve_io_engine,
)
from pydantable.io.text_rows import (
    is_single_source,
    iter_csv_rows,
    iter_json_array_rows,
    iter_ndjson_rows,
    read_json_columns,
    write_json_array,
)
from pydantable.io.write import (
    as_polars,
    awrite_batches,
    write_batches,
    write_file,
    write_lazy,
)

__all__ = [
    "aexport",
    "aexport_csv",
    "aexport_ipc",
    "aexport_json",
    "aexport_ndjson",
    "aexport_parquet",
    "aiter_csv",
    "aiter_ipc",
    "aiter_json_array",
    "aiter_json_lines",
    "aiter_ndjson",
    "aiter_parquet",
    "aiterate",
    "amaterialize",
    "amaterialize_csv",
    "amaterialize_ipc",
    "amaterialize_json",
    "amaterialize_ndjson",
    "amaterialize_parquet",
    "awrite_csv_batches",
    "awrite_ipc_batches",
    "awrite_json_batches",
    "awrite_ndjson_batches",
    "awrite_parquet_batches",
    "export",
    "export_csv",
    "export_ipc",
    "export_json",
    "export_ndjson",
    "export_parquet",
    "iter_csv",
    "iter_ipc",
    "iter_json_array",
    "iter_json_lines",
    "iter_ndjson",
    "iter_parquet",
    "iterate",
    "materialize",
    "materialize_csv",
    "materialize_ipc",
    "materialize_json",
    "materialize_ndjson",
    "materialize_parquet",
    "write_csv_batches",
    "write_ipc_batches",
    "write_json_batches",
    "write_ndjson_batches",
    "write_parquet_batches",
]

#: A frame class to validate against (``Any``: the frame methods pass their class).
Model = type[Any]

#: What the IPC readers accept: a file source, the bytes of a file, or a binary stream.
IpcSource = FileSource | bytes | bytearray | memoryview | IO[bytes]


def _in_memory(source: object) -> bool:
    return isinstance(source, bytes | bytearray | memoryview) or hasattr(source, "read")


def _read_ipc(source: Any, as_stream: bool) -> pl.DataFrame:
    """An IPC file (``as_stream=False``) or stream, from a path, bytes or a buffer.
    The two formats are not told apart automatically (as in the original)."""
    if isinstance(source, bytes | bytearray | memoryview):
        source = io.BytesIO(bytes(source))
    elif isinstance(source, os.PathLike):
        source = os.fspath(source)
    if as_stream:
        return pl.read_ipc_stream(source)
    return pl.read_ipc(source)


def _eager(
    frame: pl.DataFrame,
    model: Model | None,
    columns: Sequence[str] | None,
    trusted_mode: str | None,
) -> Any:
    """An in-memory Polars read as validated ``model`` frame (or raw Polars)."""
    if model is None:
        if trusted_mode is not None:
            msg = "trusted_mode needs a model= to validate against"
            raise ValueError(msg)
        return frame if columns is None else frame.select(columns)
    names = [n for n in model.__pydantable_schema__ if n in frame.columns]
    validated = model(frame.select(names), trusted_mode=trusted_mode)
    return validated if columns is None else validated.select(*columns)


def _blank_file(source: object) -> bool:
    """``source`` is one local file holding only whitespace (or nothing)."""
    if not isinstance(source, str | os.PathLike) or not Path(source).is_file():
        return False
    with Path(source).open("rb") as f:
        while chunk := f.read(1 << 16):
            if chunk.strip():
                return False
    return True


# -- materialize ---------------------------------------------------------------------
def materialize(
    fmt: str,
    source: IpcSource,
    *,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    engine: str | None = None,
    as_stream: bool = False,
    **scan_kwargs: Any,
) -> dict[str, list[Any]]:
    """Read ``source`` (file, directory, glob or list) into ``{column: [values]}``.

    With ``model`` every cell is validated (``trusted_mode`` as in the model's
    constructor); without it the file's own dtypes are kept. IPC sources may also
    be bytes or a binary buffer, in the file format or (``as_stream=True``) the
    stream format. Without ``model``, ``json`` reads one local file with
    :mod:`json` (see :func:`~pydantable.io.text_rows.read_json_columns`) and a
    blank NDJSON file is ``{}``.
    """
    if model is not None:
        require_concrete(model, f"materialize_{fmt}")
    file_format(fmt)  # an unknown format fails before anything is read
    resolve_io_engine(engine)
    if as_stream and fmt != "ipc":
        msg = f"as_stream=True applies to ipc only, not {fmt}"
        raise ValueError(msg)
    require_regular_files(source, fmt)
    with reading_source(source, fmt):
        return _materialize(
            fmt,
            source,
            model=model,
            columns=columns,
            trusted_mode=trusted_mode,
            as_stream=as_stream,
            scan_kwargs=scan_kwargs,
        )


def _materialize(
    fmt: str,
    source: IpcSource,
    *,
    model: Model | None,
    columns: Sequence[str] | None,
    trusted_mode: str | None,
    as_stream: bool,
    scan_kwargs: dict[str, Any],
) -> dict[str, list[Any]]:
    if fmt == "ipc" and (as_stream or _in_memory(source)):
        if scan_kwargs:
            msg = f"scan options {sorted(scan_kwargs)} need an IPC file path (as_stream=False)"
            raise ValueError(msg)
        result = _eager(_read_ipc(source, as_stream), model, columns, trusted_mode)
        out: dict[str, list[Any]] = (
            result.to_dict() if model is not None else result.to_dict(as_series=False)
        )
        return out
    if model is not None:
        reader = getattr(model, f"read_{fmt}")
        frame = reader(
            source, columns=columns, trusted_mode=trusted_mode, **scan_kwargs
        )
        return frame.to_dict()  # type: ignore[no-any-return]
    if trusted_mode is not None:
        msg = "trusted_mode needs a model= to validate against"
        raise ValueError(msg)
    if fmt == "json" and not scan_kwargs and is_single_source(source):
        return read_json_columns(source, columns=columns)
    if fmt == "ndjson" and _blank_file(source):
        return {} if columns is None else {c: [] for c in columns}
    lazy = _raw(fmt, source, scan_kwargs)
    if columns is not None:
        lazy = lazy.select(columns)
    return lazy.collect().to_dict(as_series=False)


def _raw(fmt: str, source: Any, scan_kwargs: dict[str, Any]) -> pl.LazyFrame:
    """The unvalidated scan (the readers' scan keys, checked and translated)."""
    file = file_format(fmt)
    return file.scan(source, **file.scan_options_for(scan_kwargs).with_row_index())


# -- export --------------------------------------------------------------------------
def export(
    fmt: str,
    path: str | Path,
    data: Any,
    *,
    model: Model | None = None,
    trusted_mode: str | None = None,
    partition_by: str | list[str] | None = None,
    mkdir: bool = False,
    overwrite: bool = False,
    engine: str | None = None,
    indent: int | str | None = None,
    **write_kwargs: Any,
) -> None:
    """Write ``data`` (column dict, row dicts, Polars DataFrame or a frame) to ``path``.

    With ``model`` the data is validated first (``Model(data, trusted_mode=...)``).
    The file appears atomically (see ``frame.write_parquet``). ``json`` is one
    JSON array written with ``json.dump(rows, default=str, indent=indent)``
    (dates, datetimes, decimals, UUIDs as ``str(value)``), as in the original.
    """
    if model is not None:
        require_concrete(model, f"export_{fmt}")
    resolve_io_engine(engine)
    api = f"export_{fmt}"
    write_kwargs = merged_write_kwargs(write_kwargs)
    if fmt == "json":
        _export_json(
            path, data, model, trusted_mode, partition_by, mkdir, indent, write_kwargs
        )
        return
    if indent is not None:
        msg = f"indent applies to export_json only, not {api}"
        raise ValueError(msg)
    options: dict[str, Any] = {
        "partition_by": partition_by,
        "mkdir": mkdir,
        "overwrite": overwrite,
        "write_kwargs": write_kwargs,
        "api": api,
    }
    if model is not None:
        check_write_kwargs(fmt, write_kwargs)  # before validating the data
        frame = model(data, trusted_mode=trusted_mode)
        write_file(frame, fmt, path, **options)
    elif is_frame(data):
        write_file(data, fmt, path, **options)
    else:
        write_lazy(as_polars(data).lazy(), fmt, path, **options)


def _export_json(
    path: str | Path,
    data: Any,
    model: Model | None,
    trusted_mode: str | None,
    partition_by: str | list[str] | None,
    mkdir: bool,
    indent: int | str | None,
    write_kwargs: dict[str, Any],
) -> None:
    if partition_by is not None:
        msg = "partition_by is not supported for JSON arrays; use ndjson"
        raise ValueError(msg)
    check_write_kwargs("json", write_kwargs, allowed=frozenset())
    rows: list[Any] | None = None
    columns: Mapping[str, Sequence[Any]] | None = None
    if model is not None:
        columns = model(data, trusted_mode=trusted_mode).to_dict()
    elif is_frame(data):
        columns = data.to_dict()
    elif isinstance(data, pl.DataFrame | pl.LazyFrame):
        columns = as_polars(data).to_dict(as_series=False)
    elif isinstance(data, Mapping):
        columns = {str(k): list(v) for k, v in data.items()}
    elif isinstance(data, list) and all(isinstance(r, Mapping) for r in data):
        rows = data
    else:
        as_polars(data)  # raises the TypeError naming the accepted inputs
        rows = list(data)
    write_json_array(path, columns, rows=rows, indent=indent, mkdir=mkdir)


# -- iter ----------------------------------------------------------------------------
def _check_batch_size(batch_size: object) -> None:
    if (
        isinstance(batch_size, bool)
        or not isinstance(batch_size, int)
        or batch_size < 1
    ):
        msg = f"batch_size must be a positive int; got {batch_size!r}"
        raise ValueError(msg)


#: Scan options the standard-library CSV reader understands (as csv.reader's).
_CSV_DIALECT = {"separator": "delimiter", "quote_char": "quotechar"}


def iterate(
    fmt: str,
    source: IpcSource,
    *,
    batch_size: int = 65536,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    as_stream: bool = False,
    encoding: str = "utf-8",
    newline: str = "",
    **scan_kwargs: Any,
) -> Iterator[dict[str, list[Any]]]:
    """Batches of ``batch_size`` rows of ``source`` as ``{column: [values]}``.

    Streamed with bounded memory; with ``model`` each batch is validated as it
    is read (the first bad cell raises, located in the whole source). Without
    ``model``, CSV and JSON are read with the standard library as the original
    does (CSV values are strings; ``encoding``/``newline`` as for ``open``). IPC
    sources may be bytes or a buffer, and ``as_stream=True`` reads the IPC stream
    format (read whole, then cut).
    """
    if model is not None:
        require_concrete(model, f"iterate_{fmt}")
    _check_batch_size(batch_size)
    if as_stream and fmt != "ipc":
        msg = f"as_stream=True applies to ipc only, not {fmt}"
        raise ValueError(msg)
    require_regular_files(source, fmt)
    with reading_source(source, fmt):
        batches = _iterate(
            fmt,
            source,
            batch_size=batch_size,
            model=model,
            columns=columns,
            trusted_mode=trusted_mode,
            as_stream=as_stream,
            text=(encoding, newline),
            scan_kwargs=scan_kwargs,
        )
    return reading_batches(batches, source, fmt)


def _iterate(
    fmt: str,
    source: IpcSource,
    *,
    batch_size: int,
    model: Model | None,
    columns: Sequence[str] | None,
    trusted_mode: str | None,
    as_stream: bool,
    text: tuple[str, str],
    scan_kwargs: dict[str, Any],
) -> Iterator[dict[str, list[Any]]]:
    encoding, newline = text
    if fmt == "ipc" and (as_stream or _in_memory(source)):
        if scan_kwargs:
            msg = f"scan options {sorted(scan_kwargs)} need an IPC file path (as_stream=False)"
            raise ValueError(msg)
        result = _eager(_read_ipc(source, as_stream), model, columns, trusted_mode)
        if model is not None:
            return result.stream(batch_size)  # type: ignore[no-any-return]
        return _slices(result, batch_size)
    if model is not None:
        if (
            fmt == "csv"
            and encoding.lower().replace("-", "").replace("_", "") != "utf8"
        ):
            msg = f"iter_csv(model=...) reads UTF-8 only; got encoding={encoding!r}"
            raise ValueError(msg)
        reader = getattr(model, f"read_{fmt}")
        frame = reader(
            source, columns=columns, trusted_mode=trusted_mode, **scan_kwargs
        )
        return frame.stream(batch_size)  # type: ignore[no-any-return]
    if trusted_mode is not None:
        msg = "trusted_mode needs a model= to validate against"
        raise ValueError(msg)
    if fmt == "csv":
        unknown = sorted(set(scan_kwargs) - set(_CSV_DIALECT))
        if unknown:
            msg = (
                f"iter_csv without model= reads with Python's csv module (values "
                f"are strings) and takes only {sorted(_CSV_DIALECT)}; options "
                f"{unknown} need model="
            )
            raise ValueError(msg)
        dialect = {_CSV_DIALECT[k]: v for k, v in scan_kwargs.items()}
        return iter_csv_rows(
            source,
            batch_size=batch_size,
            encoding=encoding,
            newline=newline,
            columns=columns,
            **dialect,
        )
    if fmt in ("ndjson", "json"):
        if scan_kwargs:
            msg = (
                f"iter_{'json_array' if fmt == 'json' else 'ndjson'} without model= "
                f"reads with Python's json module; options {sorted(scan_kwargs)} need model="
            )
            raise ValueError(msg)
        rows = iter_json_array_rows if fmt == "json" else iter_ndjson_rows
        return rows(source, batch_size=batch_size, encoding=encoding, columns=columns)
    lazy = _raw(fmt, source, scan_kwargs)
    if columns is not None:
        lazy = lazy.select(columns)
    return _exact(lazy, batch_size)


def _slices(frame: pl.DataFrame, batch_size: int) -> Iterator[dict[str, list[Any]]]:
    for start in range(0, frame.height, batch_size):
        yield frame.slice(start, batch_size).to_dict(as_series=False)


def _exact(lazy: pl.LazyFrame, batch_size: int) -> Iterator[dict[str, list[Any]]]:
    """Engine batches re-cut to exactly ``batch_size`` rows (the last may be short)."""
    held: list[pl.DataFrame] = []
    rows = 0
    for chunk in lazy.collect_batches(chunk_size=batch_size):
        held.append(chunk)
        rows += chunk.height
        while rows >= batch_size:
            whole = pl.concat(held) if len(held) > 1 else held[0]
            yield whole.head(batch_size).to_dict(as_series=False)
            rest = whole.slice(batch_size)
            held, rows = ([rest] if rest.height else []), rest.height
    if rows:
        yield (pl.concat(held) if len(held) > 1 else held[0]).to_dict(as_series=False)


# -- async twins ---------------------------------------------------------------------
async def amaterialize(
    fmt: str,
    source: IpcSource,
    *,
    executor: concurrent.futures.Executor | None = None,
    **kwargs: Any,
) -> dict[str, list[Any]]:
    """:func:`materialize` in a worker thread."""
    return await run_blocking(materialize, fmt, source, executor=executor, **kwargs)


async def aexport(
    fmt: str,
    path: str | Path,
    data: Any,
    *,
    executor: concurrent.futures.Executor | None = None,
    **kwargs: Any,
) -> None:
    """:func:`export` in a worker thread."""
    await run_blocking(export, fmt, path, data, executor=executor, **kwargs)


async def aiterate(
    fmt: str,
    source: IpcSource,
    *,
    executor: concurrent.futures.Executor | None = None,
    **kwargs: Any,
) -> AsyncIterator[dict[str, list[Any]]]:
    """:func:`iterate` with each batch read in a worker thread."""
    batches = await run_blocking(iterate, fmt, source, executor=executor, **kwargs)
    done = object()
    try:
        while True:
            batch = await run_blocking(next, batches, done, executor=executor)
            if batch is done:
                return
            yield batch
    finally:
        close = getattr(batches, "close", None)
        if close is not None:
            await run_blocking(close, executor=executor)


# -- parquet -------------------------------------------------------------------
def materialize_parquet(
    source: FileSource,
    *,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    engine: str | None = None,
    **scan_kwargs: Any,
) -> dict[str, list[Any]]:
    """``materialize('parquet', source, ...)``: see :func:`materialize`."""
    return materialize(
        "parquet",
        source,
        model=model,
        columns=columns,
        trusted_mode=trusted_mode,
        engine=engine,
        **scan_kwargs,
    )


async def amaterialize_parquet(
    source: FileSource,
    *,
    executor: concurrent.futures.Executor | None = None,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    engine: str | None = None,
    **scan_kwargs: Any,
) -> dict[str, list[Any]]:
    """:func:`materialize_parquet` in a worker thread."""
    return await amaterialize(
        "parquet",
        source,
        executor=executor,
        model=model,
        columns=columns,
        trusted_mode=trusted_mode,
        engine=engine,
        **scan_kwargs,
    )


def export_parquet(
    path: str | Path,
    data: Any,
    *,
    model: Model | None = None,
    trusted_mode: str | None = None,
    partition_by: str | list[str] | None = None,
    mkdir: bool = False,
    overwrite: bool = False,
    engine: str | None = None,
    **write_kwargs: Any,
) -> None:
    """``export('parquet', path, data, ...)``: see :func:`export`."""
    export(
        "parquet",
        path,
        data,
        model=model,
        trusted_mode=trusted_mode,
        partition_by=partition_by,
        mkdir=mkdir,
        overwrite=overwrite,
        engine=engine,
        **write_kwargs,
    )


async def aexport_parquet(
    path: str | Path,
    data: Any,
    *,
    executor: concurrent.futures.Executor | None = None,
    model: Model | None = None,
    trusted_mode: str | None = None,
    partition_by: str | list[str] | None = None,
    mkdir: bool = False,
    overwrite: bool = False,
    engine: str | None = None,
    **write_kwargs: Any,
) -> None:
    """:func:`export_parquet` in a worker thread."""
    await aexport(
        "parquet",
        path,
        data,
        executor=executor,
        model=model,
        trusted_mode=trusted_mode,
        partition_by=partition_by,
        mkdir=mkdir,
        overwrite=overwrite,
        engine=engine,
        **write_kwargs,
    )


def write_parquet_batches(
    path: str | Path,
    batches: Iterable[Any],
    *,
    model: Model | None = None,
    trusted_mode: str | None = None,
    mkdir: bool = False,
    **write_kwargs: Any,
) -> None:
    """``write_batches('parquet', path, batches, ...)``: see :func:`~pydantable.io.write.write_batches`. ``compression=None`` writes uncompressed."""
    write_batches(
        "parquet",
        path,
        batches,
        model=model,
        trusted_mode=trusted_mode,
        mkdir=mkdir,
        **write_kwargs,
    )


async def awrite_parquet_batches(
    path: str | Path,
    batches: Iterable[Any] | AsyncIterable[Any],
    *,
    executor: concurrent.futures.Executor | None = None,
    model: Model | None = None,
    trusted_mode: str | None = None,
    mkdir: bool = False,
    **write_kwargs: Any,
) -> None:
    """:func:`write_parquet_batches` off the event loop (``batches`` may be async)."""
    await awrite_batches(
        "parquet",
        path,
        batches,
        model=model,
        trusted_mode=trusted_mode,
        mkdir=mkdir,
        executor=executor,
        **write_kwargs,
    )


# -- csv -----------------------------------------------------------------------
def materialize_csv(
    source: FileSource,
    *,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    engine: str | None = None,
    **scan_kwargs: Any,
) -> dict[str, list[Any]]:
    """``materialize('csv', source, ...)``: see :func:`materialize`."""
    return materialize(
        "csv",
        source,
        model=model,
        columns=columns,
        trusted_mode=trusted_mode,
        engine=engine,
        **scan_kwargs,
    )


async def amaterialize_csv(
    source: FileSource,
    *,
    executor: concurrent.futures.Executor | None = None,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    engine: str | None = None,
    **scan_kwargs: Any,
) -> dict[str, list[Any]]:
    """:func:`materialize_csv` in a worker thread."""
    return await amaterialize(
        "csv",
        source,
        executor=executor,
        model=model,
        columns=columns,
        trusted_mode=trusted_mode,
        engine=engine,
        **scan_kwargs,
    )


def export_csv(
    path: str | Path,
    data: Any,
    *,
    model: Model | None = None,
    trusted_mode: str | None = None,
    partition_by: str | list[str] | None = None,
    mkdir: bool = False,
    overwrite: bool = False,
    engine: str | None = None,
    **write_kwargs: Any,
) -> None:
    """``export('csv', path, data, ...)``: see :func:`export`."""
    export(
        "csv",
        path,
        data,
        model=model,
        trusted_mode=trusted_mode,
        partition_by=partition_by,
        mkdir=mkdir,
        overwrite=overwrite,
        engine=engine,
        **write_kwargs,
    )


async def aexport_csv(
    path: str | Path,
    data: Any,
    *,
    executor: concurrent.futures.Executor | None = None,
    model: Model | None = None,
    trusted_mode: str | None = None,
    partition_by: str | list[str] | None = None,
    mkdir: bool = False,
    overwrite: bool = False,
    engine: str | None = None,
    **write_kwargs: Any,
) -> None:
    """:func:`export_csv` in a worker thread."""
    await aexport(
        "csv",
        path,
        data,
        executor=executor,
        model=model,
        trusted_mode=trusted_mode,
        partition_by=partition_by,
        mkdir=mkdir,
        overwrite=overwrite,
        engine=engine,
        **write_kwargs,
    )


def write_csv_batches(
    path: str | Path,
    batches: Iterable[Any],
    *,
    model: Model | None = None,
    trusted_mode: str | None = None,
    mkdir: bool = False,
    mode: str = "w",
    **write_kwargs: Any,
) -> None:
    """``write_batches('csv', path, batches, ...)``: see :func:`~pydantable.io.write.write_batches`. ``mode="w"`` truncates, ``mode="a"`` appends (the header is written only when the file is new or empty); empty batches are skipped.

    Example:
        >>> import os, tempfile
        >>> from pathlib import Path
        >>> path = os.path.join(tempfile.mkdtemp(), "rows.csv")
        >>> write_csv_batches(path, [{"x": [1]}, {"x": []}, {"x": [2]}])
        >>> write_csv_batches(path, [{"x": [3]}], mode="a")  # no second header
        >>> Path(path).read_text()
        'x\\n1\\n2\\n3\\n'
    """
    write_batches(
        "csv",
        path,
        batches,
        model=model,
        trusted_mode=trusted_mode,
        mkdir=mkdir,
        mode=mode,
        **write_kwargs,
    )


async def awrite_csv_batches(
    path: str | Path,
    batches: Iterable[Any] | AsyncIterable[Any],
    *,
    executor: concurrent.futures.Executor | None = None,
    model: Model | None = None,
    trusted_mode: str | None = None,
    mkdir: bool = False,
    mode: str = "w",
    **write_kwargs: Any,
) -> None:
    """:func:`write_csv_batches` off the event loop (``batches`` may be async)."""
    await awrite_batches(
        "csv",
        path,
        batches,
        model=model,
        trusted_mode=trusted_mode,
        mkdir=mkdir,
        mode=mode,
        executor=executor,
        **write_kwargs,
    )


# -- ndjson --------------------------------------------------------------------
def materialize_ndjson(
    source: FileSource,
    *,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    engine: str | None = None,
    **scan_kwargs: Any,
) -> dict[str, list[Any]]:
    """``materialize('ndjson', source, ...)``: see :func:`materialize`."""
    return materialize(
        "ndjson",
        source,
        model=model,
        columns=columns,
        trusted_mode=trusted_mode,
        engine=engine,
        **scan_kwargs,
    )


async def amaterialize_ndjson(
    source: FileSource,
    *,
    executor: concurrent.futures.Executor | None = None,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    engine: str | None = None,
    **scan_kwargs: Any,
) -> dict[str, list[Any]]:
    """:func:`materialize_ndjson` in a worker thread."""
    return await amaterialize(
        "ndjson",
        source,
        executor=executor,
        model=model,
        columns=columns,
        trusted_mode=trusted_mode,
        engine=engine,
        **scan_kwargs,
    )


def export_ndjson(
    path: str | Path,
    data: Any,
    *,
    model: Model | None = None,
    trusted_mode: str | None = None,
    partition_by: str | list[str] | None = None,
    mkdir: bool = False,
    overwrite: bool = False,
    engine: str | None = None,
    **write_kwargs: Any,
) -> None:
    """``export('ndjson', path, data, ...)``: see :func:`export`."""
    export(
        "ndjson",
        path,
        data,
        model=model,
        trusted_mode=trusted_mode,
        partition_by=partition_by,
        mkdir=mkdir,
        overwrite=overwrite,
        engine=engine,
        **write_kwargs,
    )


async def aexport_ndjson(
    path: str | Path,
    data: Any,
    *,
    executor: concurrent.futures.Executor | None = None,
    model: Model | None = None,
    trusted_mode: str | None = None,
    partition_by: str | list[str] | None = None,
    mkdir: bool = False,
    overwrite: bool = False,
    engine: str | None = None,
    **write_kwargs: Any,
) -> None:
    """:func:`export_ndjson` in a worker thread."""
    await aexport(
        "ndjson",
        path,
        data,
        executor=executor,
        model=model,
        trusted_mode=trusted_mode,
        partition_by=partition_by,
        mkdir=mkdir,
        overwrite=overwrite,
        engine=engine,
        **write_kwargs,
    )


def write_ndjson_batches(
    path: str | Path,
    batches: Iterable[Any],
    *,
    model: Model | None = None,
    trusted_mode: str | None = None,
    mkdir: bool = False,
    mode: str = "w",
    **write_kwargs: Any,
) -> None:
    """``write_batches('ndjson', path, batches, ...)``: see :func:`~pydantable.io.write.write_batches`. ``mode="w"`` truncates, ``mode="a"`` appends; empty batches are skipped."""
    write_batches(
        "ndjson",
        path,
        batches,
        model=model,
        trusted_mode=trusted_mode,
        mkdir=mkdir,
        mode=mode,
        **write_kwargs,
    )


async def awrite_ndjson_batches(
    path: str | Path,
    batches: Iterable[Any] | AsyncIterable[Any],
    *,
    executor: concurrent.futures.Executor | None = None,
    model: Model | None = None,
    trusted_mode: str | None = None,
    mkdir: bool = False,
    mode: str = "w",
    **write_kwargs: Any,
) -> None:
    """:func:`write_ndjson_batches` off the event loop (``batches`` may be async)."""
    await awrite_batches(
        "ndjson",
        path,
        batches,
        model=model,
        trusted_mode=trusted_mode,
        mkdir=mkdir,
        mode=mode,
        executor=executor,
        **write_kwargs,
    )


# -- ipc -----------------------------------------------------------------------
def materialize_ipc(
    source: IpcSource,
    *,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    engine: str | None = None,
    as_stream: bool = False,
    **scan_kwargs: Any,
) -> dict[str, list[Any]]:
    """``materialize('ipc', source, ...)``: see :func:`materialize`. ``as_stream=True`` reads the IPC stream format; bytes and buffers are read too.

    Example:
        >>> import io
        >>> import polars as pl
        >>> buf = io.BytesIO()
        >>> pl.DataFrame({"id": [1, 2]}).write_ipc_stream(buf)
        >>> materialize_ipc(buf.getvalue(), as_stream=True)
        {'id': [1, 2]}
    """
    return materialize(
        "ipc",
        source,
        model=model,
        columns=columns,
        trusted_mode=trusted_mode,
        engine=engine,
        as_stream=as_stream,
        **scan_kwargs,
    )


async def amaterialize_ipc(
    source: IpcSource,
    *,
    executor: concurrent.futures.Executor | None = None,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    engine: str | None = None,
    as_stream: bool = False,
    **scan_kwargs: Any,
) -> dict[str, list[Any]]:
    """:func:`materialize_ipc` in a worker thread."""
    return await amaterialize(
        "ipc",
        source,
        executor=executor,
        model=model,
        columns=columns,
        trusted_mode=trusted_mode,
        engine=engine,
        as_stream=as_stream,
        **scan_kwargs,
    )


def export_ipc(
    path: str | Path,
    data: Any,
    *,
    model: Model | None = None,
    trusted_mode: str | None = None,
    partition_by: str | list[str] | None = None,
    mkdir: bool = False,
    overwrite: bool = False,
    engine: str | None = None,
    **write_kwargs: Any,
) -> None:
    """``export('ipc', path, data, ...)``: see :func:`export`."""
    export(
        "ipc",
        path,
        data,
        model=model,
        trusted_mode=trusted_mode,
        partition_by=partition_by,
        mkdir=mkdir,
        overwrite=overwrite,
        engine=engine,
        **write_kwargs,
    )


async def aexport_ipc(
    path: str | Path,
    data: Any,
    *,
    executor: concurrent.futures.Executor | None = None,
    model: Model | None = None,
    trusted_mode: str | None = None,
    partition_by: str | list[str] | None = None,
    mkdir: bool = False,
    overwrite: bool = False,
    engine: str | None = None,
    **write_kwargs: Any,
) -> None:
    """:func:`export_ipc` in a worker thread."""
    await aexport(
        "ipc",
        path,
        data,
        executor=executor,
        model=model,
        trusted_mode=trusted_mode,
        partition_by=partition_by,
        mkdir=mkdir,
        overwrite=overwrite,
        engine=engine,
        **write_kwargs,
    )


def write_ipc_batches(
    path: str | Path,
    batches: Iterable[Any],
    *,
    model: Model | None = None,
    trusted_mode: str | None = None,
    mkdir: bool = False,
    as_stream: bool = False,
    **write_kwargs: Any,
) -> None:
    """``write_batches('ipc', path, batches, ...)``: see :func:`~pydantable.io.write.write_batches`. ``as_stream=True`` writes the IPC stream format.

    Example:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "rows.arrows")
        >>> write_ipc_batches(path, [{"x": [1]}, {"x": [2]}], as_stream=True)
        >>> materialize_ipc(path, as_stream=True)
        {'x': [1, 2]}
    """
    write_batches(
        "ipc",
        path,
        batches,
        model=model,
        trusted_mode=trusted_mode,
        mkdir=mkdir,
        as_stream=as_stream,
        **write_kwargs,
    )


async def awrite_ipc_batches(
    path: str | Path,
    batches: Iterable[Any] | AsyncIterable[Any],
    *,
    executor: concurrent.futures.Executor | None = None,
    model: Model | None = None,
    trusted_mode: str | None = None,
    mkdir: bool = False,
    as_stream: bool = False,
    **write_kwargs: Any,
) -> None:
    """:func:`write_ipc_batches` off the event loop (``batches`` may be async)."""
    await awrite_batches(
        "ipc",
        path,
        batches,
        model=model,
        trusted_mode=trusted_mode,
        mkdir=mkdir,
        as_stream=as_stream,
        executor=executor,
        **write_kwargs,
    )


# -- json ----------------------------------------------------------------------
def materialize_json(
    source: FileSource,
    *,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    engine: str | None = None,
    **scan_kwargs: Any,
) -> dict[str, list[Any]]:
    """``materialize('json', source, ...)``: see :func:`materialize`.

    Example:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "rows.json")
        >>> _ = Path(path).write_text('[{"b": 1, "a": {}}, {"a": {"k": 2}}]')
        >>> materialize_json(path)  # sorted keys, objects stay dicts
        {'a': [{}, {'k': 2}], 'b': [1, None]}
    """
    return materialize(
        "json",
        source,
        model=model,
        columns=columns,
        trusted_mode=trusted_mode,
        engine=engine,
        **scan_kwargs,
    )


async def amaterialize_json(
    source: FileSource,
    *,
    executor: concurrent.futures.Executor | None = None,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    engine: str | None = None,
    **scan_kwargs: Any,
) -> dict[str, list[Any]]:
    """:func:`materialize_json` in a worker thread."""
    return await amaterialize(
        "json",
        source,
        executor=executor,
        model=model,
        columns=columns,
        trusted_mode=trusted_mode,
        engine=engine,
        **scan_kwargs,
    )


def export_json(
    path: str | Path,
    data: Any,
    *,
    model: Model | None = None,
    trusted_mode: str | None = None,
    partition_by: str | list[str] | None = None,
    mkdir: bool = False,
    overwrite: bool = False,
    engine: str | None = None,
    indent: int | str | None = None,
    **write_kwargs: Any,
) -> None:
    """``export('json', path, data, ...)``: see :func:`export`.

    Example:
        >>> import datetime, json, os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "rows.json")
        >>> export_json(path, {"at": [datetime.date(2026, 1, 2)], "n": [1]}, indent=None)
        >>> json.loads(Path(path).read_text())
        [{'at': '2026-01-02', 'n': 1}]
    """
    export(
        "json",
        path,
        data,
        model=model,
        trusted_mode=trusted_mode,
        partition_by=partition_by,
        mkdir=mkdir,
        overwrite=overwrite,
        engine=engine,
        indent=indent,
        **write_kwargs,
    )


async def aexport_json(
    path: str | Path,
    data: Any,
    *,
    executor: concurrent.futures.Executor | None = None,
    model: Model | None = None,
    trusted_mode: str | None = None,
    partition_by: str | list[str] | None = None,
    mkdir: bool = False,
    overwrite: bool = False,
    engine: str | None = None,
    indent: int | str | None = None,
    **write_kwargs: Any,
) -> None:
    """:func:`export_json` in a worker thread."""
    await aexport(
        "json",
        path,
        data,
        executor=executor,
        model=model,
        trusted_mode=trusted_mode,
        partition_by=partition_by,
        mkdir=mkdir,
        overwrite=overwrite,
        engine=engine,
        indent=indent,
        **write_kwargs,
    )


def write_json_batches(
    path: str | Path,
    batches: Iterable[Any],
    *,
    model: Model | None = None,
    trusted_mode: str | None = None,
    mkdir: bool = False,
    **write_kwargs: Any,
) -> None:
    """``write_batches('json', path, batches, ...)``: see :func:`~pydantable.io.write.write_batches`."""
    write_batches(
        "json",
        path,
        batches,
        model=model,
        trusted_mode=trusted_mode,
        mkdir=mkdir,
        **write_kwargs,
    )


async def awrite_json_batches(
    path: str | Path,
    batches: Iterable[Any] | AsyncIterable[Any],
    *,
    executor: concurrent.futures.Executor | None = None,
    model: Model | None = None,
    trusted_mode: str | None = None,
    mkdir: bool = False,
    **write_kwargs: Any,
) -> None:
    """:func:`write_json_batches` off the event loop (``batches`` may be async)."""
    await awrite_batches(
        "json",
        path,
        batches,
        model=model,
        trusted_mode=trusted_mode,
        mkdir=mkdir,
        executor=executor,
        **write_kwargs,
    )


# -- iter_<name> ----------------------------------------------------------------------
def iter_parquet(
    source: FileSource,
    *,
    batch_size: int = 65536,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    **scan_kwargs: Any,
) -> Iterator[dict[str, list[Any]]]:
    """``iterate('parquet', source, ...)``: see :func:`iterate`."""
    return iterate(
        "parquet",
        source,
        batch_size=batch_size,
        model=model,
        columns=columns,
        trusted_mode=trusted_mode,
        **scan_kwargs,
    )


def aiter_parquet(
    source: FileSource,
    *,
    executor: concurrent.futures.Executor | None = None,
    batch_size: int = 65536,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    **scan_kwargs: Any,
) -> AsyncIterator[dict[str, list[Any]]]:
    """:func:`iter_parquet` with batches read in a worker thread."""
    return aiterate(
        "parquet",
        source,
        executor=executor,
        batch_size=batch_size,
        model=model,
        columns=columns,
        trusted_mode=trusted_mode,
        **scan_kwargs,
    )


def iter_csv(
    source: FileSource,
    *,
    batch_size: int = 65536,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    encoding: str = "utf-8",
    newline: str = "",
    **scan_kwargs: Any,
) -> Iterator[dict[str, list[Any]]]:
    """``iterate('csv', source, ...)``: see :func:`iterate`. Without ``model=`` the values are strings (Python's csv module), and ``source`` may also be a text stream or the CSV text itself.

    Example:
        >>> import io
        >>> list(iter_csv(io.StringIO("a,b\\n1,x\\n2\\n")))  # strings; short rows padded
        [{'a': ['1', '2'], 'b': ['x', None]}]
    """
    return iterate(
        "csv",
        source,
        batch_size=batch_size,
        model=model,
        columns=columns,
        trusted_mode=trusted_mode,
        encoding=encoding,
        newline=newline,
        **scan_kwargs,
    )


def aiter_csv(
    source: FileSource,
    *,
    executor: concurrent.futures.Executor | None = None,
    batch_size: int = 65536,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    encoding: str = "utf-8",
    newline: str = "",
    **scan_kwargs: Any,
) -> AsyncIterator[dict[str, list[Any]]]:
    """:func:`iter_csv` with batches read in a worker thread."""
    return aiterate(
        "csv",
        source,
        executor=executor,
        batch_size=batch_size,
        model=model,
        columns=columns,
        trusted_mode=trusted_mode,
        encoding=encoding,
        newline=newline,
        **scan_kwargs,
    )


def iter_ndjson(
    source: FileSource,
    *,
    batch_size: int = 65536,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    **scan_kwargs: Any,
) -> Iterator[dict[str, list[Any]]]:
    """``iterate('ndjson', source, ...)``: see :func:`iterate`."""
    return iterate(
        "ndjson",
        source,
        batch_size=batch_size,
        model=model,
        columns=columns,
        trusted_mode=trusted_mode,
        **scan_kwargs,
    )


def aiter_ndjson(
    source: FileSource,
    *,
    executor: concurrent.futures.Executor | None = None,
    batch_size: int = 65536,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    **scan_kwargs: Any,
) -> AsyncIterator[dict[str, list[Any]]]:
    """:func:`iter_ndjson` with batches read in a worker thread."""
    return aiterate(
        "ndjson",
        source,
        executor=executor,
        batch_size=batch_size,
        model=model,
        columns=columns,
        trusted_mode=trusted_mode,
        **scan_kwargs,
    )


def iter_json_lines(
    source: FileSource,
    *,
    batch_size: int = 65536,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    **scan_kwargs: Any,
) -> Iterator[dict[str, list[Any]]]:
    """``iterate('ndjson', source, ...)``: see :func:`iterate`."""
    return iterate(
        "ndjson",
        source,
        batch_size=batch_size,
        model=model,
        columns=columns,
        trusted_mode=trusted_mode,
        **scan_kwargs,
    )


def aiter_json_lines(
    source: FileSource,
    *,
    executor: concurrent.futures.Executor | None = None,
    batch_size: int = 65536,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    **scan_kwargs: Any,
) -> AsyncIterator[dict[str, list[Any]]]:
    """:func:`iter_json_lines` with batches read in a worker thread."""
    return aiterate(
        "ndjson",
        source,
        executor=executor,
        batch_size=batch_size,
        model=model,
        columns=columns,
        trusted_mode=trusted_mode,
        **scan_kwargs,
    )


def iter_json_array(
    source: FileSource,
    *,
    batch_size: int = 65536,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    **scan_kwargs: Any,
) -> Iterator[dict[str, list[Any]]]:
    """``iterate('json', source, ...)``: see :func:`iterate`."""
    return iterate(
        "json",
        source,
        batch_size=batch_size,
        model=model,
        columns=columns,
        trusted_mode=trusted_mode,
        **scan_kwargs,
    )


def aiter_json_array(
    source: FileSource,
    *,
    executor: concurrent.futures.Executor | None = None,
    batch_size: int = 65536,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    **scan_kwargs: Any,
) -> AsyncIterator[dict[str, list[Any]]]:
    """:func:`iter_json_array` with batches read in a worker thread."""
    return aiterate(
        "json",
        source,
        executor=executor,
        batch_size=batch_size,
        model=model,
        columns=columns,
        trusted_mode=trusted_mode,
        **scan_kwargs,
    )


def iter_ipc(
    source: IpcSource,
    *,
    batch_size: int = 65536,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    as_stream: bool = False,
    **scan_kwargs: Any,
) -> Iterator[dict[str, list[Any]]]:
    """``iterate('ipc', source, ...)``: see :func:`iterate`. ``as_stream=True`` reads the IPC stream format (not detected automatically).

    Example:
        >>> import io
        >>> import polars as pl
        >>> buf = io.BytesIO()
        >>> pl.DataFrame({"id": [1, 2, 3]}).write_ipc(buf)
        >>> [b["id"] for b in iter_ipc(buf.getvalue(), batch_size=2)]
        [[1, 2], [3]]
    """
    return iterate(
        "ipc",
        source,
        batch_size=batch_size,
        model=model,
        columns=columns,
        trusted_mode=trusted_mode,
        as_stream=as_stream,
        **scan_kwargs,
    )


def aiter_ipc(
    source: IpcSource,
    *,
    executor: concurrent.futures.Executor | None = None,
    batch_size: int = 65536,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    as_stream: bool = False,
    **scan_kwargs: Any,
) -> AsyncIterator[dict[str, list[Any]]]:
    """:func:`iter_ipc` with batches read in a worker thread."""
    return aiterate(
        "ipc",
        source,
        executor=executor,
        batch_size=batch_size,
        model=model,
        columns=columns,
        trusted_mode=trusted_mode,
        as_stream=as_stream,
        **scan_kwargs,
    )
