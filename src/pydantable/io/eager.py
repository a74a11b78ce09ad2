"""Eager file helpers: ``materialize_*``, ``export_*``, ``iter_*``, ``write_*_batches``.

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
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from pydantable.execution import run_blocking
from pydantable.io.batches import awrite_batches, write_batches
from pydantable.io.methods import write_file, write_lazy
from pydantable.io.scan import _SCANNERS

if TYPE_CHECKING:
    from pydantable.frame import BaseFrame

Source = str | Path | list[str] | list[Path]
Model = type["BaseFrame"]

_READ = ("parquet", "csv", "ndjson", "json", "ipc")


# -- materialize ---------------------------------------------------------------------
def materialize(
    fmt: str,
    source: Source,
    *,
    model: Model | None = None,
    columns: list[str] | None = None,
    trusted_mode: str | None = None,
    **scan_kwargs: Any,
) -> dict[str, list[Any]]:
    """Read ``source`` (file, directory, glob or list) into ``{column: [values]}``.

    With ``model`` every cell is validated (``trusted_mode`` as in the model's
    constructor); without it the file's own dtypes are kept.
    """
    if fmt not in _READ:
        msg = f"unknown file format {fmt!r}; expected one of {list(_READ)}"
        raise ValueError(msg)
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


def _raw(fmt: str, source: Source, scan_kwargs: dict[str, Any]) -> pl.LazyFrame:
    src: Any = str(source) if isinstance(source, Path) else source
    return _SCANNERS[fmt](src, **scan_kwargs)


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
    from pydantable.frame import BaseFrame

    if model is not None:
        frame = model(data, trusted_mode=trusted_mode)
        write_file(frame, fmt, path, **options)
    elif isinstance(data, BaseFrame):
        write_file(data, fmt, path, **options)
    else:
        write_lazy(_polars(data).lazy(), fmt, path, **options)


def _polars(data: Any) -> pl.DataFrame:
    if isinstance(data, pl.DataFrame):
        return data
    if isinstance(data, pl.LazyFrame):
        return data.collect()
    if isinstance(data, Mapping | list):
        return pl.DataFrame(data)
    msg = (
        "data must be a column mapping, a list of row dicts, a Polars DataFrame or "
        f"a pydantable frame; got {type(data).__name__}"
    )
    raise TypeError(msg)


# -- iter ----------------------------------------------------------------------------
def iterate(
    fmt: str,
    source: Source,
    *,
    batch_size: int = 65536,
    model: Model | None = None,
    columns: list[str] | None = None,
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
    source: Source,
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
    source: Source,
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


# -- the named helpers -----------------------------------------------------------------
def _named(fn: Any, name: str, doc: str) -> Any:
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc
    return fn


def _sync_helpers(fmt: str, read_as: str) -> tuple[Any, ...]:
    def mat(source: Source, **kwargs: Any) -> dict[str, list[Any]]:
        return materialize(read_as, source, **kwargs)

    def exp(path: str | Path, data: Any, **kwargs: Any) -> None:
        export(fmt, path, data, **kwargs)

    def wb(path: str | Path, batches: Iterable[Any], **kwargs: Any) -> None:
        write_batches(fmt, path, batches, **kwargs)

    async def amat(source: Source, **kwargs: Any) -> dict[str, list[Any]]:
        return await amaterialize(read_as, source, **kwargs)

    async def aexp(path: str | Path, data: Any, **kwargs: Any) -> None:
        await aexport(fmt, path, data, **kwargs)

    async def awb(path: str | Path, batches: Any, **kwargs: Any) -> None:
        await awrite_batches(fmt, path, batches, **kwargs)

    return (
        _named(
            mat,
            f"materialize_{fmt}",
            f"``materialize({fmt!r}, ...)``: see :func:`materialize`.",
        ),
        _named(exp, f"export_{fmt}", f"``export({fmt!r}, ...)``: see :func:`export`."),
        _named(
            wb,
            f"write_{fmt}_batches",
            f"``write_batches({fmt!r}, ...)``: see :func:`write_batches`.",
        ),
        _named(
            amat, f"amaterialize_{fmt}", f"``materialize_{fmt}`` in a worker thread."
        ),
        _named(aexp, f"aexport_{fmt}", f"``export_{fmt}`` in a worker thread."),
        _named(
            awb, f"awrite_{fmt}_batches", f"``write_{fmt}_batches`` off the event loop."
        ),
    )


def _iter_helpers(name: str, fmt: str) -> tuple[Any, Any]:
    def it(source: Source, **kwargs: Any) -> Iterator[dict[str, list[Any]]]:
        return iterate(fmt, source, **kwargs)

    def ait(source: Source, **kwargs: Any) -> AsyncIterator[dict[str, list[Any]]]:
        return aiterate(fmt, source, **kwargs)

    return (
        _named(it, f"iter_{name}", f"``iterate({fmt!r}, ...)``: see :func:`iterate`."),
        _named(
            ait,
            f"aiter_{name}",
            f"``iter_{name}`` with batches read in a worker thread.",
        ),
    )


(
    materialize_parquet,
    export_parquet,
    write_parquet_batches,
    amaterialize_parquet,
    aexport_parquet,
    awrite_parquet_batches,
) = _sync_helpers("parquet", "parquet")
(
    materialize_csv,
    export_csv,
    write_csv_batches,
    amaterialize_csv,
    aexport_csv,
    awrite_csv_batches,
) = _sync_helpers("csv", "csv")
(
    materialize_ndjson,
    export_ndjson,
    write_ndjson_batches,
    amaterialize_ndjson,
    aexport_ndjson,
    awrite_ndjson_batches,
) = _sync_helpers("ndjson", "ndjson")
(
    materialize_ipc,
    export_ipc,
    write_ipc_batches,
    amaterialize_ipc,
    aexport_ipc,
    awrite_ipc_batches,
) = _sync_helpers("ipc", "ipc")
(
    materialize_json,
    export_json,
    write_json_batches,
    amaterialize_json,
    aexport_json,
    awrite_json_batches,
) = _sync_helpers("json", "json")
iter_parquet, aiter_parquet = _iter_helpers("parquet", "parquet")
iter_csv, aiter_csv = _iter_helpers("csv", "csv")
iter_ndjson, aiter_ndjson = _iter_helpers("ndjson", "ndjson")
iter_json_lines, aiter_json_lines = _iter_helpers("json_lines", "ndjson")
iter_json_array, aiter_json_array = _iter_helpers("json_array", "json")
iter_ipc, aiter_ipc = _iter_helpers("ipc", "ipc")

__all__ = [
    "aexport",
    "aiterate",
    "amaterialize",
    "export",
    "iter_chain_batches",
    "iterate",
    "materialize",
    *(
        f"{prefix}{kind}_{fmt}"
        for prefix in ("", "a")
        for kind in ("materialize", "export")
        for fmt in ("parquet", "csv", "ndjson", "ipc", "json")
    ),
    *(
        f"{prefix}write_{fmt}_batches"
        for prefix in ("", "a")
        for fmt in ("parquet", "csv", "ndjson", "ipc", "json")
    ),
    *(
        f"{prefix}iter_{name}"
        for prefix in ("", "a")
        for name in ("parquet", "csv", "ndjson", "json_lines", "json_array", "ipc")
    ),
]
