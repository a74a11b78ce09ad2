"""Writing a sequence of batches to one file with one batch in memory at a time."""

from __future__ import annotations

import concurrent.futures
import shutil
import uuid
from collections.abc import AsyncIterable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
from pydantic_core import ValidationError

from pydantable.execution import run_blocking
from pydantable.io.methods import write_lazy

if TYPE_CHECKING:
    from pydantable.frame import BaseFrame

__all__ = ["awrite_batches", "write_batches"]

Model = type["BaseFrame"]


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
    ) -> None:
        self.target = Path(path)
        if mkdir:
            self.target.parent.mkdir(parents=True, exist_ok=True)
        self.model = model
        self.trusted_mode = trusted_mode
        self.dir = self.target.with_name(
            f".{self.target.name}.{uuid.uuid4().hex}.parts"
        )
        self.dir.mkdir()
        self.parts: list[Path] = []
        self.offset = 0

    def add(self, batch: Any) -> None:
        frame = _batch_frame(batch, self.model, self.trusted_mode, self.offset)
        self.offset += frame.height
        part = self.dir / f"{len(self.parts):08d}.ipc"
        frame.write_ipc(part)
        self.parts.append(part)

    def finish(self, fmt: str, write_kwargs: dict[str, Any]) -> None:
        if self.parts:
            lazy = pl.scan_ipc(self.parts)
        elif self.model is not None:
            lazy = self.model({}).to_polars().lazy()
        else:
            msg = "no batches to write and no model= to give the file a schema"
            raise ValueError(msg)
        write_lazy(lazy, fmt, self.target, write_kwargs=write_kwargs)

    def close(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def write_batches(
    fmt: str,
    path: str | Path,
    batches: Iterable[Any],
    *,
    model: Model | None = None,
    trusted_mode: str | None = None,
    mkdir: bool = False,
    **write_kwargs: Any,
) -> None:
    """Write an iterable of batches (column dicts, row lists, Polars or pydantable
    frames) to one file, holding one batch in memory at a time.

    Batches are spilled to IPC parts in a private directory, then the engine
    streams them into ``path`` (atomically). With ``model`` each batch is validated;
    error rows are counted from the first row of the first batch.
    """
    spill = _Spill(path, model, trusted_mode, mkdir)
    try:
        for batch in batches:
            spill.add(batch)
        spill.finish(fmt, write_kwargs)
    finally:
        spill.close()


def _batch_frame(
    batch: Any, model: Model | None, trusted_mode: str | None, offset: int
) -> pl.DataFrame:
    from pydantable.frame import BaseFrame
    from pydantable.io.eager import _polars

    if model is None:
        return batch.to_polars() if isinstance(batch, BaseFrame) else _polars(batch)
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
    executor: concurrent.futures.Executor | None = None,
    **write_kwargs: Any,
) -> None:
    """:func:`write_batches` off the event loop; ``batches`` may be an async
    iterable (each batch is spilled in a worker thread as it arrives)."""
    spill = await run_blocking(
        _Spill, path, model, trusted_mode, mkdir, executor=executor
    )
    try:
        if isinstance(batches, AsyncIterable):
            async for batch in batches:
                await run_blocking(spill.add, batch, executor=executor)
        else:
            for batch in batches:
                await run_blocking(spill.add, batch, executor=executor)
        await run_blocking(spill.finish, fmt, write_kwargs, executor=executor)
    finally:
        await run_blocking(spill.close, executor=executor)
