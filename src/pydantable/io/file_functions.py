"""The eager file functions of ``pydantable.io``: ``materialize_*``, ``export_*``, ``iter_*``,
``write_*_batches``, each a one-line call of :func:`materialize`, :func:`export`,
:func:`iterate` or :func:`~pydantable.io.write.write_batches` with its format.

Every helper has an async twin (``amaterialize_*``, ``aexport_*``, ``aiter_*``,
``awrite_*_batches``) that runs the blocking work in a worker thread. With
``model=`` the data is validated exactly like ``Model.read_*`` / ``Model(data)``
(same Pydantic errors, never a bad cell cast to null); without it the helpers are
plain Polars reads and writes. Writes are atomic like ``frame.write_*``.

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
import itertools
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from pydantable.execution import run_blocking
from pydantable.frame._core import is_frame
from pydantable.io.formats import FileSource, file_format
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
    "iter_chain_batches",
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


# -- materialize ---------------------------------------------------------------------
def materialize(
    fmt: str,
    source: FileSource,
    *,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    **scan_kwargs: Any,
) -> dict[str, list[Any]]:
    """Read ``source`` (file, directory, glob or list) into ``{column: [values]}``.

    With ``model`` every cell is validated (``trusted_mode`` as in the model's
    constructor); without it the file's own dtypes are kept.
    """
    file_format(fmt)  # an unknown format fails before anything is read
    if model is not None:
        reader = getattr(model, f"read_{fmt}")
        frame = reader(
            source, columns=columns, trusted_mode=trusted_mode, **scan_kwargs
        )
        return frame.to_dict()  # type: ignore[no-any-return]
    if trusted_mode is not None:
        msg = "trusted_mode needs a model= to validate against"
        raise ValueError(msg)
    lazy = _raw(fmt, source, scan_kwargs)
    if columns is not None:
        lazy = lazy.select(columns)
    return lazy.collect().to_dict(as_series=False)


def _raw(fmt: str, source: FileSource, scan_kwargs: dict[str, Any]) -> pl.LazyFrame:
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
    **write_kwargs: Any,
) -> None:
    """Write ``data`` (column dict, row dicts, Polars DataFrame or a frame) to ``path``.

    With ``model`` the data is validated first (``Model(data, trusted_mode=...)``).
    The file appears atomically (see ``frame.write_parquet``).
    """
    options: dict[str, Any] = {
        "partition_by": partition_by,
        "mkdir": mkdir,
        "overwrite": overwrite,
        "write_kwargs": write_kwargs,
    }
    if model is not None:
        frame = model(data, trusted_mode=trusted_mode)
        write_file(frame, fmt, path, **options)
    elif is_frame(data):
        write_file(data, fmt, path, **options)
    else:
        write_lazy(as_polars(data).lazy(), fmt, path, **options)


# -- iter ----------------------------------------------------------------------------
def iterate(
    fmt: str,
    source: FileSource,
    *,
    batch_size: int = 65536,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    **scan_kwargs: Any,
) -> Iterator[dict[str, list[Any]]]:
    """Batches of ``batch_size`` rows of ``source`` as ``{column: [values]}``.

    Streamed with bounded memory; with ``model`` each batch is validated as it
    is read (the first bad cell raises, located in the whole source).
    """
    if (
        isinstance(batch_size, bool)
        or not isinstance(batch_size, int)
        or batch_size < 1
    ):
        msg = f"batch_size must be a positive int; got {batch_size!r}"
        raise ValueError(msg)
    if model is not None:
        reader = getattr(model, f"read_{fmt}")
        frame = reader(
            source, columns=columns, trusted_mode=trusted_mode, **scan_kwargs
        )
        return frame.stream(batch_size)  # type: ignore[no-any-return]
    if trusted_mode is not None:
        msg = "trusted_mode needs a model= to validate against"
        raise ValueError(msg)
    lazy = _raw(fmt, source, scan_kwargs)
    if columns is not None:
        lazy = lazy.select(columns)
    return _exact(lazy, batch_size)


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


def iter_chain_batches(
    *iterables: Iterable[dict[str, list[Any]]],
) -> Iterator[dict[str, list[Any]]]:
    """The batches of several ``iter_*`` calls, one source after the other."""
    return itertools.chain.from_iterable(iterables)


# -- async twins ---------------------------------------------------------------------
async def amaterialize(
    fmt: str,
    source: FileSource,
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
    source: FileSource,
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


# -- parquet -----------------------------------------------------------------------
def materialize_parquet(
    source: FileSource,
    *,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    **scan_kwargs: Any,
) -> dict[str, list[Any]]:
    """``materialize('parquet', source, ...)``: see :func:`materialize`."""
    return materialize(
        "parquet",
        source,
        model=model,
        columns=columns,
        trusted_mode=trusted_mode,
        **scan_kwargs,
    )


async def amaterialize_parquet(
    source: FileSource,
    *,
    executor: concurrent.futures.Executor | None = None,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
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
    """``write_batches('parquet', path, batches, ...)``: see :func:`~pydantable.io.write.write_batches`."""
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


# -- csv ---------------------------------------------------------------------------
def materialize_csv(
    source: FileSource,
    *,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    **scan_kwargs: Any,
) -> dict[str, list[Any]]:
    """``materialize('csv', source, ...)``: see :func:`materialize`."""
    return materialize(
        "csv",
        source,
        model=model,
        columns=columns,
        trusted_mode=trusted_mode,
        **scan_kwargs,
    )


async def amaterialize_csv(
    source: FileSource,
    *,
    executor: concurrent.futures.Executor | None = None,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
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
        **write_kwargs,
    )


def write_csv_batches(
    path: str | Path,
    batches: Iterable[Any],
    *,
    model: Model | None = None,
    trusted_mode: str | None = None,
    mkdir: bool = False,
    **write_kwargs: Any,
) -> None:
    """``write_batches('csv', path, batches, ...)``: see :func:`~pydantable.io.write.write_batches`."""
    write_batches(
        "csv",
        path,
        batches,
        model=model,
        trusted_mode=trusted_mode,
        mkdir=mkdir,
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
        executor=executor,
        **write_kwargs,
    )


# -- ndjson ------------------------------------------------------------------------
def materialize_ndjson(
    source: FileSource,
    *,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    **scan_kwargs: Any,
) -> dict[str, list[Any]]:
    """``materialize('ndjson', source, ...)``: see :func:`materialize`."""
    return materialize(
        "ndjson",
        source,
        model=model,
        columns=columns,
        trusted_mode=trusted_mode,
        **scan_kwargs,
    )


async def amaterialize_ndjson(
    source: FileSource,
    *,
    executor: concurrent.futures.Executor | None = None,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
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
        **write_kwargs,
    )


def write_ndjson_batches(
    path: str | Path,
    batches: Iterable[Any],
    *,
    model: Model | None = None,
    trusted_mode: str | None = None,
    mkdir: bool = False,
    **write_kwargs: Any,
) -> None:
    """``write_batches('ndjson', path, batches, ...)``: see :func:`~pydantable.io.write.write_batches`."""
    write_batches(
        "ndjson",
        path,
        batches,
        model=model,
        trusted_mode=trusted_mode,
        mkdir=mkdir,
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
        executor=executor,
        **write_kwargs,
    )


# -- ipc ---------------------------------------------------------------------------
def materialize_ipc(
    source: FileSource,
    *,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    **scan_kwargs: Any,
) -> dict[str, list[Any]]:
    """``materialize('ipc', source, ...)``: see :func:`materialize`."""
    return materialize(
        "ipc",
        source,
        model=model,
        columns=columns,
        trusted_mode=trusted_mode,
        **scan_kwargs,
    )


async def amaterialize_ipc(
    source: FileSource,
    *,
    executor: concurrent.futures.Executor | None = None,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
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
        **write_kwargs,
    )


def write_ipc_batches(
    path: str | Path,
    batches: Iterable[Any],
    *,
    model: Model | None = None,
    trusted_mode: str | None = None,
    mkdir: bool = False,
    **write_kwargs: Any,
) -> None:
    """``write_batches('ipc', path, batches, ...)``: see :func:`~pydantable.io.write.write_batches`."""
    write_batches(
        "ipc",
        path,
        batches,
        model=model,
        trusted_mode=trusted_mode,
        mkdir=mkdir,
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
        executor=executor,
        **write_kwargs,
    )


# -- json --------------------------------------------------------------------------
def materialize_json(
    source: FileSource,
    *,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    **scan_kwargs: Any,
) -> dict[str, list[Any]]:
    """``materialize('json', source, ...)``: see :func:`materialize`."""
    return materialize(
        "json",
        source,
        model=model,
        columns=columns,
        trusted_mode=trusted_mode,
        **scan_kwargs,
    )


async def amaterialize_json(
    source: FileSource,
    *,
    executor: concurrent.futures.Executor | None = None,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
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
    **write_kwargs: Any,
) -> None:
    """``export('json', path, data, ...)``: see :func:`export`."""
    export(
        "json",
        path,
        data,
        model=model,
        trusted_mode=trusted_mode,
        partition_by=partition_by,
        mkdir=mkdir,
        overwrite=overwrite,
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
    **scan_kwargs: Any,
) -> Iterator[dict[str, list[Any]]]:
    """``iterate('csv', source, ...)``: see :func:`iterate`."""
    return iterate(
        "csv",
        source,
        batch_size=batch_size,
        model=model,
        columns=columns,
        trusted_mode=trusted_mode,
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
    source: FileSource,
    *,
    batch_size: int = 65536,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    **scan_kwargs: Any,
) -> Iterator[dict[str, list[Any]]]:
    """``iterate('ipc', source, ...)``: see :func:`iterate`."""
    return iterate(
        "ipc",
        source,
        batch_size=batch_size,
        model=model,
        columns=columns,
        trusted_mode=trusted_mode,
        **scan_kwargs,
    )


def aiter_ipc(
    source: FileSource,
    *,
    executor: concurrent.futures.Executor | None = None,
    batch_size: int = 65536,
    model: Model | None = None,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
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
        **scan_kwargs,
    )
