"""Atomic file writers: a frame's plan, a Polars LazyFrame, or a stream of batches.

Every writer stages its output beside the destination under a private name and
renames it into place when complete, so readers never see a partial file and a
failure leaves nothing behind. The formats come from
:data:`pydantable.io.formats.FILE_FORMATS`.

Example:
    >>> import os, tempfile
    >>> import polars as pl
    >>> from pydantable.io.write import write_batches, write_lazy
    >>> out = os.path.join(tempfile.mkdtemp(), "ev.csv")
    >>> write_lazy(pl.LazyFrame({"id": [1, 2]}), "csv", out)
    >>> pl.read_csv(out)["id"].to_list()
    [1, 2]
    >>> write_batches("parquet", out + ".parquet", [{"id": [1]}, {"id": [2, 3]}])
    >>> pl.read_parquet(out + ".parquet")["id"].to_list()
    [1, 2, 3]
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import csv
import os
import shutil
from collections.abc import AsyncIterable, Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import polars as pl
from pydantic_core import ValidationError

from pydantable.engines import engine_of
from pydantable.engines.polars import to_polars_dtype
from pydantable.errors import ColumnNotFoundError
from pydantable.execution import run_blocking
from pydantable.frame._core import is_frame
from pydantable.io.atomic import commit, staged_output, staging_dir
from pydantable.io.formats import file_format
from pydantable.io.options import merged_write_kwargs, write_options
from pydantable.schema import FrameSchema

__all__ = [
    "as_polars",
    "awrite_batches",
    "awrite_file",
    "write_batches",
    "write_file",
    "write_lazy",
]

if TYPE_CHECKING:
    from pydantable.frame import BaseFrame

Model: TypeAlias = "type[BaseFrame]"


# -- one frame or LazyFrame ------------------------------------------------------
def write_file(
    frame: Any,  # a BaseFrame (Any: the FileMethods mixin passes itself)
    fmt: str,
    path: str | Path,
    *,
    partition_by: str | Sequence[str] | None = None,
    mkdir: bool = False,
    overwrite: bool = False,
    write_kwargs: dict[str, Any] | None = None,
    api: str | None = None,
) -> None:
    """Sink ``frame`` to ``path`` in ``fmt``; the output appears only when complete.

    The frame's engine (:meth:`Engine.sink <pydantable.engines.Engine.sink>`)
    writes into a private temporary directory beside ``path``; on success the
    file (or partition directory) is renamed into place (atomic on one file
    system), on failure the directory is removed (a writer still finishing in
    the background then has nowhere to write).
    """
    plan = frame._plan
    engine = engine_of(plan)
    schema: FrameSchema = frame.schema

    def sink(target: Path, keys: list[str] | None, options: dict[str, Any]) -> None:
        engine.sink(
            plan, _engine_format(fmt), target, partition_by=keys, options=options
        )

    nested = {
        c.name: str(to_polars_dtype(c.dtype))
        for c in schema.columns()
        if c.dtype.is_nested()
    }
    _write_staged(
        sink,
        fmt,
        path,
        names=schema.names,
        nested=nested,
        partition_by=partition_by,
        mkdir=mkdir,
        overwrite=overwrite,
        write_kwargs=write_kwargs,
        schema=schema,
        api=api,
    )


async def awrite_file(
    frame: Any,  # a BaseFrame (Any: the FileMethods mixin passes itself)
    fmt: str,
    path: str | Path,
    *,
    partition_by: str | Sequence[str] | None = None,
    mkdir: bool = False,
    overwrite: bool = False,
    write_kwargs: dict[str, Any] | None = None,
    executor: concurrent.futures.Executor | None = None,
) -> None:
    """:func:`write_file` run off the event loop (in ``executor`` or a worker thread)."""
    await run_blocking(
        write_file,
        frame,
        fmt,
        path,
        partition_by=partition_by,
        mkdir=mkdir,
        overwrite=overwrite,
        write_kwargs=write_kwargs,
        executor=executor,
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
    api: str | None = None,
) -> None:
    """:func:`write_file` for a Polars LazyFrame (the eager helpers use it)."""
    file = file_format(fmt)
    names = lazy.collect_schema()

    def sink(target: Path, keys: list[str] | None, options: dict[str, Any]) -> None:
        if keys is None:
            getattr(lazy, file.sink)(target, **options)
        else:
            getattr(lazy, file.sink)(
                pl.PartitionBy(target, key=keys), mkdir=True, **options
            )

    _write_staged(
        sink,
        fmt,
        path,
        names=list(names),
        nested={n: str(d) for n, d in names.items() if d.is_nested()},
        partition_by=partition_by,
        mkdir=mkdir,
        overwrite=overwrite,
        write_kwargs=write_kwargs,
        schema=schema,
        api=api,
    )


#: Writes a result to a path (``keys``: a directory of hive partitions by them).
Sink = Callable[[Path, "list[str] | None", dict[str, Any]], None]


def _engine_format(fmt: str) -> str:
    """The sink format of ``fmt`` (a JSON array is written as NDJSON first)."""
    return file_format(fmt).sink.removeprefix("sink_")


def _write_staged(
    sink: Sink,
    fmt: str,
    path: str | Path,
    *,
    names: list[str],
    nested: dict[str, str],
    partition_by: str | Sequence[str] | None,
    mkdir: bool,
    overwrite: bool,
    write_kwargs: dict[str, Any] | None,
    schema: FrameSchema | None,
    api: str | None = None,
) -> None:
    """Run ``sink`` into a staging directory, then move its output into place."""
    api = api or f"write_{fmt}"
    options, array_output = write_options(fmt, write_kwargs)
    if fmt == "csv" and nested:
        msg = (
            f"CSV cannot hold nested columns {list(nested)} "
            f"({', '.join(nested.values())}); write parquet, ipc or "
            "ndjson, or select flat columns first"
        )
        raise TypeError(msg)
    target = Path(path)
    keys: list[str] | None = None
    if partition_by is not None:
        keys = [partition_by] if isinstance(partition_by, str) else list(partition_by)
        _check_keys(keys, names, schema)
        if array_output:
            msg = "partition_by is not supported for JSON arrays; use ndjson"
            raise ValueError(msg)
        _check_partition_root(target, api, mkdir=mkdir, overwrite=overwrite)
    elif target.is_dir():
        msg = f"{api} expects a single output file path, not a directory: {target}"
        raise ValueError(msg)
    elif mkdir:
        target.parent.mkdir(parents=True, exist_ok=True)
    with staging_dir(target) as staging:
        if keys is not None:
            out = staging / "out"
            sink(out, keys, options)
            if not out.exists():  # an empty frame writes no partition
                out.mkdir()
            commit(out, target)
        elif array_output:
            sink(staging / "rows.ndjson", None, options)
            _ndjson_to_array(staging / "rows.ndjson", staging / target.name)
            commit(staging / target.name, target)
        else:
            sink(staging / target.name, None, options)
            commit(staging / target.name, target)


def _check_partition_root(
    target: Path, api: str, *, mkdir: bool, overwrite: bool
) -> None:
    """The root of a partitioned write: an existing directory (empty, or replaced
    with ``overwrite=True``) or, with ``mkdir=True``, a path to create."""
    if target.exists() and not target.is_dir():
        msg = (
            f"{api}(partition_by=...): partition_by requires path to be a directory, "
            f"not an existing file: {target}"
        )
        raise ValueError(msg)
    if not target.exists():
        if not mkdir:
            msg = (
                f"{api}(partition_by=...): mkdir=False requires an existing directory "
                f"path; {target} does not exist (pass mkdir=True to create it)"
            )
            raise ValueError(msg)
        target.parent.mkdir(parents=True, exist_ok=True)
    elif any(target.iterdir()) and not overwrite:
        msg = f"{target} exists and is not empty; pass overwrite=True to replace it"
        raise FileExistsError(msg)


def _check_keys(keys: list[str], names: list[str], schema: FrameSchema | None) -> None:
    if not keys:
        msg = "partition_by needs at least one column"
        raise ValueError(msg)
    for key in keys:
        if key not in names:
            msg = f"partition_by: unknown column {key!r}; available columns: {names}"
            raise ColumnNotFoundError(msg, name=key)
        if schema is not None and schema[key].dtype.is_nested():
            msg = f"cannot partition by nested column {key!r}"
            raise TypeError(msg)


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


def as_polars(data: Any) -> pl.DataFrame:
    """``data`` (column dict, row dicts, Polars DataFrame/LazyFrame) as a Polars DataFrame."""
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


# -- write batches -------------------------------------------------------------------
class _Spill:
    """Batches spilled to IPC parts in a private directory beside the target;
    :meth:`finish` streams them into the target file (atomically)."""

    def __init__(
        self,
        path: str | Path,
        model: Model | None,
        trusted_mode: str | None,
        mkdir: bool,
        api: str = "write_batches",
    ) -> None:
        self.target = Path(path)
        if self.target.is_dir():
            msg = f"{api} expects a single output file path, not a directory: {self.target}"
            raise ValueError(msg)
        if mkdir:
            self.target.parent.mkdir(parents=True, exist_ok=True)
        self.api = api
        self.model = model
        self.trusted_mode = trusted_mode
        self._stack = contextlib.ExitStack()
        self.dir = self._stack.enter_context(staging_dir(self.target))
        self.parts: list[Path] = []
        self.offset = 0
        self.empty: pl.DataFrame | None = None  # the first empty batch: its schema

    def add(self, batch: Any) -> None:
        frame = _batch_frame(batch, self.model, self.trusted_mode, self.offset)
        if frame.height == 0:  # skipped (its columns only matter if all are empty)
            if self.empty is None:
                self.empty = frame
            return
        self.offset += frame.height
        part = self.dir / f"{len(self.parts):08d}.ipc"
        frame.write_ipc(part)
        self.parts.append(part)

    def finish(
        self,
        fmt: str,
        write_kwargs: dict[str, Any],
        *,
        mode: str = "w",
        as_stream: bool = False,
    ) -> None:
        lazy: pl.LazyFrame | None
        if self.parts:
            lazy = pl.scan_ipc(self.parts)
        elif self.model is not None:
            lazy = self.model({}).to_polars().lazy()
        elif self.empty is not None:
            lazy = self.empty.lazy()
        elif fmt in ("csv", "ndjson"):
            lazy = None  # no batches at all: an empty file
        else:
            msg = "no batches to write and no model= to give the file a schema"
            raise ValueError(msg)
        if mode == "a" and self.target.is_file() and self.target.stat().st_size > 0:
            if self.parts and lazy is not None:
                _append(lazy, fmt, self.target, write_kwargs, self.api)
            return
        if lazy is None:
            _write_bytes(self.target, b"")
        elif as_stream:
            _write_ipc_stream(lazy, self.target, write_kwargs, self.api)
        else:
            write_lazy(lazy, fmt, self.target, write_kwargs=write_kwargs, api=self.api)

    def close(self) -> None:
        self._stack.close()


def _check_batch_options(
    fmt: str, mode: str, as_stream: bool, write_kwargs: dict[str, Any]
) -> None:
    """Fail before any batch is read: a bad ``mode``, ``as_stream`` or write option."""
    if mode not in ("w", "a"):
        msg = f"mode must be 'w' or 'a'; got {mode!r}"
        raise ValueError(msg)
    if mode == "a" and fmt not in ("csv", "ndjson"):
        msg = f"mode='a' is supported for csv and ndjson batches only, not {fmt}"
        raise ValueError(msg)
    if as_stream and fmt != "ipc":
        msg = f"as_stream=True applies to ipc only, not {fmt}"
        raise ValueError(msg)
    _, array = write_options(fmt, write_kwargs)
    if array and mode == "a":
        msg = "a JSON array cannot be appended to; write NDJSON lines (json_format='lines')"
        raise ValueError(msg)


def _write_bytes(target: Path, data: bytes) -> None:
    with staged_output(target) as staged:
        staged.write_bytes(data)


#: Options of ``DataFrame.write_ipc_stream`` (the IPC stream format).
_STREAM_OPTIONS = frozenset({"compression", "compat_level"})


def _write_ipc_stream(
    lazy: pl.LazyFrame, target: Path, write_kwargs: dict[str, Any], api: str
) -> None:
    """The IPC stream format (``as_stream=True``), collected then written atomically."""
    options, _ = write_options("ipc", write_kwargs)
    extra = sorted(set(options) - _STREAM_OPTIONS)
    if extra:
        msg = f"{api}(as_stream=True) takes write options {sorted(_STREAM_OPTIONS)}; got {extra}"
        raise ValueError(msg)
    with staged_output(target) as staged:
        lazy.collect().write_ipc_stream(staged, **options)


def _csv_header(path: Path, separator: str, quote_char: str) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return next(csv.reader(f, delimiter=separator, quotechar=quote_char), [])


def _append(
    lazy: pl.LazyFrame, fmt: str, target: Path, write_kwargs: dict[str, Any], api: str
) -> None:
    """Append ``lazy``'s rows to the CSV/NDJSON file ``target``: a copy of it is
    staged beside it, the rows are added, and the copy replaces the file (readers
    see the old file or the new one, never a partial append). A CSV's header must
    name the batches' columns in order."""
    options, _ = write_options(fmt, write_kwargs)
    with staging_dir(target) as staging:
        rows = staging / "rows"
        if fmt == "csv":
            schema = lazy.collect_schema()
            nested = [name for name, dtype in schema.items() if dtype.is_nested()]
            if nested:
                msg = f"CSV cannot hold nested columns {nested}; write parquet, ipc or ndjson"
                raise TypeError(msg)
            names = schema.names()
            header = _csv_header(
                target, options.get("separator", ","), options.get("quote_char", '"')
            )
            if header != names:
                msg = (
                    f"{api}(mode='a'): the batches' columns {names} do not match "
                    f"the header of {target}: {header}"
                )
                raise ValueError(msg)
            options.update(include_header=False, include_bom=False)
            lazy.sink_csv(rows, **options)
        else:
            lazy.sink_ndjson(rows, **options)
        staged = staging / target.name
        shutil.copyfile(target, staged)
        shutil.copymode(target, staged)
        with staged.open("r+b") as out:
            out.seek(0, os.SEEK_END)
            if out.tell() > 0:
                out.seek(-1, os.SEEK_END)
                if out.read(1) != b"\n":
                    out.write(b"\n")
            with rows.open("rb") as src:
                shutil.copyfileobj(src, out)
        commit(staged, target)


def write_batches(
    fmt: str,
    path: str | Path,
    batches: Iterable[Any],
    *,
    model: Model | None = None,
    trusted_mode: str | None = None,
    mkdir: bool = False,
    mode: str = "w",
    as_stream: bool = False,
    **write_kwargs: Any,
) -> None:
    """Write an iterable of batches (column dicts, row lists, Polars or pydantable
    frames) to one file, holding one batch in memory at a time.

    Batches are spilled to IPC parts in a private directory, then the engine
    streams them into ``path`` (atomically). With ``model`` each batch is validated;
    error rows are counted from the first row of the first batch. Empty batches
    are skipped. ``mode="a"`` (csv, ndjson) appends to an existing file (a CSV
    gets no second header; its header must match); ``as_stream=True`` (ipc)
    writes the IPC stream format.
    """
    api = f"write_{fmt}_batches"
    write_kwargs = merged_write_kwargs(write_kwargs)
    _check_batch_options(fmt, mode, as_stream, write_kwargs)
    spill = _Spill(path, model, trusted_mode, mkdir, api)
    try:
        for batch in batches:
            spill.add(batch)
        spill.finish(fmt, write_kwargs, mode=mode, as_stream=as_stream)
    finally:
        spill.close()


def _batch_frame(
    batch: Any, model: Model | None, trusted_mode: str | None, offset: int
) -> pl.DataFrame:
    if model is None:
        return batch.to_polars() if is_frame(batch) else as_polars(batch)
    try:
        return model(batch, trusted_mode=trusted_mode).to_polars()
    except ValidationError as exc:
        raise _shifted(exc, offset) from None


def _shifted(exc: ValidationError, offset: int) -> ValidationError:
    """``exc`` with row numbers moved by ``offset`` (``(col, row)`` or ``(row, col)``)."""
    if offset == 0:
        return exc
    errors: list[Any] = []
    for error in exc.errors():
        loc: list[Any] = list(error["loc"])
        at = 0 if loc and isinstance(loc[0], int) else 1
        if len(loc) > at and isinstance(loc[at], int):
            loc[at] += offset
        detail = {"type": error["type"], "loc": tuple(loc), "input": error["input"]}
        if "ctx" in error:
            detail["ctx"] = error["ctx"]
        errors.append(detail)
    try:
        return ValidationError.from_exception_data(exc.title, errors)
    except (KeyError, TypeError):  # a custom error type: keep batch-relative rows
        return exc


async def awrite_batches(
    fmt: str,
    path: str | Path,
    batches: Iterable[Any] | AsyncIterable[Any],
    *,
    model: Model | None = None,
    trusted_mode: str | None = None,
    mkdir: bool = False,
    mode: str = "w",
    as_stream: bool = False,
    executor: concurrent.futures.Executor | None = None,
    **write_kwargs: Any,
) -> None:
    """:func:`write_batches` off the event loop; ``batches`` may be an async
    iterable (each batch is spilled in a worker thread as it arrives)."""
    api = f"write_{fmt}_batches"
    write_kwargs = merged_write_kwargs(write_kwargs)
    _check_batch_options(fmt, mode, as_stream, write_kwargs)
    spill = await run_blocking(
        _Spill, path, model, trusted_mode, mkdir, api, executor=executor
    )
    try:
        if isinstance(batches, AsyncIterable):
            async for batch in batches:
                await run_blocking(spill.add, batch, executor=executor)
        else:
            for batch in batches:
                await run_blocking(spill.add, batch, executor=executor)
        await run_blocking(
            spill.finish,
            fmt,
            write_kwargs,
            mode=mode,
            as_stream=as_stream,
            executor=executor,
        )
    finally:
        await run_blocking(spill.close, executor=executor)
