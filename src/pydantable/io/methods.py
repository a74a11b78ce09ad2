"""File methods of frames: lazy ``read_*`` roots, async twins, atomic ``write_*``."""

from __future__ import annotations

import concurrent.futures
import os
import shutil
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import polars as pl

from pydantable import plan as p
from pydantable.awaitable import AwaitableDataFrameModel
from pydantable.engines.polars import lower_plan
from pydantable.io.model_helpers import ModelFileHelpers
from pydantable.io.scan import ScanTable
from pydantable.schema import FrameSchema

if TYPE_CHECKING:
    from pydantable.frame import BaseFrame

__all__ = ["WRITE_FORMATS", "FileMethods", "write_file", "write_lazy"]

FrameT = TypeVar("FrameT", bound="BaseFrame")
Source = str | Path | Sequence[str | Path]


def _scan(
    cls: type[BaseFrame],
    fmt: str,
    source: Source,
    *,
    columns: Sequence[str] | None,
    trusted_mode: str | None,
    fill_missing_optional: bool,
    scan_kwargs: dict[str, Any],
) -> BaseFrame:
    schema = cls.__pydantable_schema__
    if columns is not None:
        unknown = [c for c in columns if c not in schema]
        if unknown:
            from pydantable.errors import ColumnNotFoundError

            raise ColumnNotFoundError.from_missing(unknown[0], list(schema))
        schema = FrameSchema([schema[c] for c in columns])
    table = ScanTable(
        fmt,
        source,
        schema,
        validators=cls._cell_validators(),
        title=cls.__name__,
        trusted_mode=trusted_mode,
        fill_missing_optional=fill_missing_optional,
        scan_kwargs=scan_kwargs,
    )
    target = cls if schema == cls.__pydantable_schema__ else cls._for_schema(schema)
    return target._from_plan(p.Source(schema, table))


def _reader(fmt: str) -> Any:
    def read(
        cls: Any,
        /,
        source: Source,
        *,
        columns: Sequence[str] | None = None,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        **scan_kwargs: Any,
    ) -> BaseFrame:
        return _scan(
            cls,
            fmt,
            source,
            columns=columns,
            trusted_mode=trusted_mode,
            fill_missing_optional=fill_missing_optional,
            scan_kwargs=scan_kwargs,
        )

    read.__name__ = f"read_{fmt}"
    read.__doc__ = f"""A lazy {fmt} scan of ``source`` (file, directory or glob) as this model.

    Cells are validated when the plan is materialized, batch by batch as the engine
    reads (``trusted_mode`` as in the constructor). Missing files and missing
    required columns fail here; ``scan_kwargs`` are passed to ``polars.scan_{fmt}``
    (unknown options raise ``ValueError``).
    """
    return classmethod(read)


def _async_reader(fmt: str) -> Any:
    def aread(
        cls: Any,
        /,
        source: Source,
        *,
        executor: concurrent.futures.Executor | None = None,
        **kwargs: Any,
    ) -> AwaitableDataFrameModel:
        read = getattr(cls, f"read_{fmt}")
        return AwaitableDataFrameModel(
            lambda: read(source, **kwargs), executor=executor
        )

    aread.__name__ = f"aread_{fmt}"
    aread.__doc__ = f"""``read_{fmt}`` opened off the event loop: await it for the frame,
    or chain transforms and await a materializer (``.collect()``, ``.to_dict()``)."""
    return classmethod(aread)


class _AsyncReaders:
    """``Model.Async.read_*``: the async readers of a model class."""

    def __init__(self, cls: type[BaseFrame]) -> None:
        self._cls = cls

    def __getattr__(self, name: str) -> Any:
        if name.startswith("read_"):
            return getattr(self._cls, f"a{name}")
        raise AttributeError(name)


class _AsyncNamespace:
    def __get__(self, obj: object, owner: type[BaseFrame]) -> _AsyncReaders:
        return _AsyncReaders(owner)


def _writer(fmt: str) -> Any:
    def write(
        self: BaseFrame,
        path: str | Path,
        *,
        partition_by: str | Sequence[str] | None = None,
        mkdir: bool = False,
        overwrite: bool = False,
        write_kwargs: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        write_file(
            self,
            fmt,
            path,
            partition_by=partition_by,
            mkdir=mkdir,
            overwrite=overwrite,
            write_kwargs={**(write_kwargs or {}), **kwargs},
        )

    write.__name__ = f"write_{fmt}"
    write.__doc__ = f"""Write the frame as {fmt}, streamed from the engine (no Python rows).

    The output appears atomically: it is written beside its destination under a
    temporary name and renamed into place, so a failure leaves nothing behind.
    ``partition_by`` writes a hive-partitioned directory (``key=value/...``),
    staged and renamed the same way; an existing non-empty directory is only
    replaced with ``overwrite=True``. Options (``write_kwargs`` or keywords) go to
    Polars' ``sink_{"ndjson" if fmt == "json" else fmt}``.
    """
    return write


def _async_writer(fmt: str) -> Any:
    async def awrite(
        self: BaseFrame,
        path: str | Path,
        *,
        partition_by: str | Sequence[str] | None = None,
        mkdir: bool = False,
        overwrite: bool = False,
        write_kwargs: dict[str, Any] | None = None,
        executor: concurrent.futures.Executor | None = None,
        **kwargs: Any,
    ) -> None:
        from pydantable.execution import run_blocking

        await run_blocking(
            write_file,
            self,
            fmt,
            path,
            partition_by=partition_by,
            mkdir=mkdir,
            overwrite=overwrite,
            write_kwargs={**(write_kwargs or {}), **kwargs},
            executor=executor,
        )

    awrite.__name__ = f"awrite_{fmt}"
    awrite.__doc__ = f"``write_{fmt}`` run off the event loop."
    return awrite


WRITE_FORMATS = ("parquet", "csv", "ndjson", "json", "ipc")


def write_file(
    frame: BaseFrame,
    fmt: str,
    path: str | Path,
    *,
    partition_by: str | Sequence[str] | None = None,
    mkdir: bool = False,
    overwrite: bool = False,
    write_kwargs: dict[str, Any] | None = None,
) -> None:
    """Sink ``frame`` to ``path`` in ``fmt``; the output appears only when complete.

    The engine writes into a private temporary directory beside ``path``; on
    success the file (or partition directory) is renamed into place (atomic on one
    file system), on failure the directory is removed (a writer still finishing
    in the background then has nowhere to write).
    """
    lazy = lower_plan(frame._plan)
    write_lazy(
        lazy,
        fmt,
        path,
        partition_by=partition_by,
        mkdir=mkdir,
        overwrite=overwrite,
        write_kwargs=write_kwargs,
        schema=frame.schema,
    )


def write_lazy(
    lazy: pl.LazyFrame,
    fmt: str,
    path: str | Path,
    *,
    partition_by: str | Sequence[str] | None = None,
    mkdir: bool = False,
    overwrite: bool = False,
    write_kwargs: dict[str, Any] | None = None,
    schema: FrameSchema | None = None,
) -> None:
    """:func:`write_file` for a Polars LazyFrame (the eager helpers use it)."""
    if fmt not in WRITE_FORMATS:
        msg = f"unknown file format {fmt!r}; expected one of {list(WRITE_FORMATS)}"
        raise ValueError(msg)
    names = lazy.collect_schema()
    if fmt == "csv":
        nested = [n for n, d in names.items() if d.is_nested()]
        if nested:
            msg = (
                f"CSV cannot hold nested columns {nested} "
                f"({', '.join(str(names[n]) for n in nested)}); write parquet, ipc or "
                "ndjson, or select flat columns first"
            )
            raise TypeError(msg)
    target = Path(path)
    if mkdir:
        target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    staging.mkdir()
    options = dict(write_kwargs or {})
    try:
        if partition_by is not None:
            keys = (
                [partition_by] if isinstance(partition_by, str) else list(partition_by)
            )
            _check_keys(keys, list(names), schema)
            if fmt == "json":
                msg = "partition_by is not supported for JSON arrays; use ndjson"
                raise ValueError(msg)
            if target.exists() and any(target.iterdir()) and not overwrite:
                msg = f"{target} exists and is not empty; pass overwrite=True to replace it"
                raise FileExistsError(msg)
            out = staging / "out"
            getattr(lazy, f"sink_{fmt}")(
                pl.PartitionBy(out, key=keys), mkdir=True, **options
            )
            if not out.exists():  # an empty frame writes no partition
                out.mkdir()
            _replace_dir(out, target, staging)
        elif fmt == "json":
            lazy.sink_ndjson(staging / "rows.ndjson", **options)
            _ndjson_to_array(staging / "rows.ndjson", staging / target.name)
            os.replace(staging / target.name, target)
        else:
            getattr(lazy, f"sink_{fmt}")(staging / target.name, **options)
            os.replace(staging / target.name, target)
    finally:
        _remove_tree(staging)


def _check_keys(keys: list[str], names: list[str], schema: FrameSchema | None) -> None:
    from pydantable.errors import ColumnNotFoundError

    if not keys:
        msg = "partition_by needs at least one column"
        raise ValueError(msg)
    for key in keys:
        if key not in names:
            raise ColumnNotFoundError.from_missing(key, names)
        if schema is not None and schema[key].dtype.is_nested():
            msg = f"cannot partition by nested column {key!r}"
            raise TypeError(msg)


def _replace_dir(new: Path, target: Path, staging: Path) -> None:
    """Move directory ``new`` to ``target``; an existing target is swapped out
    first (rename, rename, delete), so readers never see a half-written tree."""
    if target.exists():
        if not target.is_dir():
            msg = f"{target} exists and is not a directory"
            raise FileExistsError(msg)
        os.replace(target, staging / "old")
    try:
        os.replace(new, target)
    except BaseException:
        if (staging / "old").exists():
            os.replace(staging / "old", target)
        raise


def _ndjson_to_array(source: Path, dest: Path, chunk: int = 1 << 20) -> None:
    """Rewrite NDJSON lines as one JSON array, in bounded chunks (no parsing:
    a JSON line never contains a raw newline)."""
    with source.open("rb") as src, dest.open("wb") as out:
        out.write(b"[")
        separator = b""
        pending = b""
        while block := src.read(chunk):
            lines = (pending + block).split(b"\n")
            pending = lines.pop()
            body = b",\n".join(line for line in lines if line.strip())
            if body:
                out.write(separator + body)
                separator = b",\n"
        if pending.strip():
            out.write(separator + pending)
        out.write(b"]\n")


def _remove_tree(path: Path, attempts: int = 5) -> None:
    for _ in range(attempts):
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            return
        time.sleep(0.02)


class FileMethods(ModelFileHelpers):
    """Readers and writers mixed into :class:`~pydantable.frame.BaseFrame`."""

    __slots__ = ()

    read_parquet = _reader("parquet")
    read_csv = _reader("csv")
    read_ndjson = _reader("ndjson")
    read_json = _reader("json")  # NDJSON (the original's alias) or a JSON array
    read_ipc = _reader("ipc")
    aread_parquet = _async_reader("parquet")
    aread_csv = _async_reader("csv")
    aread_ndjson = _async_reader("ndjson")
    aread_json = _async_reader("json")
    aread_ipc = _async_reader("ipc")
    Async = _AsyncNamespace()
    write_parquet = _writer("parquet")
    write_csv = _writer("csv")
    write_ndjson = _writer("ndjson")
    write_ipc = _writer("ipc")
    write_json = _writer("json")
    awrite_parquet = _async_writer("parquet")
    awrite_csv = _async_writer("csv")
    awrite_ndjson = _async_writer("ndjson")
    awrite_ipc = _async_writer("ipc")
    awrite_json = _async_writer("json")
