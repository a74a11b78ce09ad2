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

from pydantable import plan as p
from pydantable.awaitable import AwaitableDataFrameModel
from pydantable.engines.polars import lower_plan
from pydantable.io.scan import ScanTable
from pydantable.schema import FrameSchema

if TYPE_CHECKING:
    from pydantable.frame import BaseFrame

__all__ = ["FileMethods"]

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
        self: BaseFrame, path: str | Path, *, mkdir: bool = False, **write_kwargs: Any
    ) -> None:
        write_file(self, fmt, path, mkdir=mkdir, write_kwargs=write_kwargs)

    write.__name__ = f"write_{fmt}"
    write.__doc__ = f"""Write the frame to a {fmt} file, streamed from the engine.

    The file appears atomically: it is written beside its destination under a
    temporary name and renamed into place, so a failure leaves no partial file.
    """
    return write


def _async_writer(fmt: str) -> Any:
    async def awrite(
        self: BaseFrame,
        path: str | Path,
        *,
        mkdir: bool = False,
        executor: concurrent.futures.Executor | None = None,
        **write_kwargs: Any,
    ) -> None:
        from pydantable.execution import run_blocking

        await run_blocking(
            write_file,
            self,
            fmt,
            path,
            mkdir=mkdir,
            write_kwargs=write_kwargs,
            executor=executor,
        )

    awrite.__name__ = f"awrite_{fmt}"
    awrite.__doc__ = f"``write_{fmt}`` run off the event loop."
    return awrite


def write_file(
    frame: BaseFrame,
    fmt: str,
    path: str | Path,
    *,
    mkdir: bool = False,
    write_kwargs: dict[str, Any] | None = None,
) -> None:
    """Sink ``frame`` to ``path`` in ``fmt``; the file appears only when complete.

    The engine writes into a private temporary directory beside ``path``; on
    success the file is renamed into place (atomic on one file system), on failure
    the directory is removed (a writer still finishing in the background then has
    nowhere to write).
    """
    target = Path(path)
    if mkdir:
        target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    staging.mkdir()
    lazy = lower_plan(frame._plan)
    try:
        getattr(lazy, f"sink_{fmt}")(staging / target.name, **(write_kwargs or {}))
        os.replace(staging / target.name, target)
    finally:
        _remove_tree(staging)


def _remove_tree(path: Path, attempts: int = 5) -> None:
    for _ in range(attempts):
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            return
        time.sleep(0.02)


class FileMethods:
    """Readers and writers mixed into :class:`~pydantable.frame.BaseFrame`."""

    __slots__ = ()

    read_parquet = _reader("parquet")
    read_csv = _reader("csv")
    read_ndjson = _reader("ndjson")
    read_json = _reader("ndjson")  # the original's alias: newline-delimited JSON
    read_ipc = _reader("ipc")
    aread_parquet = _async_reader("parquet")
    aread_csv = _async_reader("csv")
    aread_ndjson = _async_reader("ndjson")
    aread_json = _async_reader("ndjson")
    aread_ipc = _async_reader("ipc")
    Async = _AsyncNamespace()
    write_parquet = _writer("parquet")
    write_csv = _writer("csv")
    write_ndjson = _writer("ndjson")
    write_ipc = _writer("ipc")
    awrite_parquet = _async_writer("parquet")
    awrite_csv = _async_writer("csv")
    awrite_ndjson = _async_writer("ndjson")
    awrite_ipc = _async_writer("ipc")
