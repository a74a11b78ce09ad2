"""File reads of frame classes: the lazy validated root, its async opener, batches.

These are the implementations behind ``Model.read_*``, ``Model.aread_*`` and
``Model.iter_*`` (:mod:`pydantable.frame.io`): one function each, the
format passed by name.

Example:
    >>> import os, tempfile
    >>> import polars as pl
    >>> from pydantable import DataFrameModel
    >>> from pydantable.io.read import iter_frames, read_file
    >>> class Ev(DataFrameModel):
    ...     id: int
    >>> path = os.path.join(tempfile.mkdtemp(), "ev.csv")
    >>> pl.DataFrame({"id": [1, 2, 3]}).write_csv(path)
    >>> read_file(Ev, "csv", path).to_dict()
    {'id': [1, 2, 3]}
    >>> [b.to_dict() for b in iter_frames(Ev, "csv", path, batch_size=2)]
    [{'id': [1, 2]}, {'id': [3]}]
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from pydantable import plan as p
from pydantable.awaitable import AwaitableDataFrameModel
from pydantable.errors import ColumnNotFoundError
from pydantable.frame._core import require_concrete
from pydantable.io.formats import FileSource
from pydantable.io.scan import FailureCallback, ScanTable
from pydantable.schema import FrameSchema

if TYPE_CHECKING:
    from pydantable.frame import BaseFrame

__all__ = ["aread_file", "iter_frames", "read_file"]


def read_file(
    cls: type[Any],
    fmt: str,
    source: FileSource,
    *,
    columns: Sequence[str] | None = None,
    engine_streaming: bool | None = None,
    trusted_mode: str | None = None,
    fill_missing_optional: bool = True,
    ignore_errors: bool = False,
    on_validation_errors: FailureCallback | None = None,
    scan_kwargs: dict[str, Any] | None = None,
) -> BaseFrame:
    """A lazy ``fmt`` scan of ``source`` as a frame of ``cls`` (validated as read).

    With ``columns`` the frame holds only those columns (a derived model of
    ``cls``); an unknown name raises :class:`~pydantable.errors.ColumnNotFoundError`.
    A requested row index (``row_index_name``) or file-path column
    (``include_file_paths``) the model does not declare is added to the frame's
    schema (a derived model too). ``ignore_errors``/``on_validation_errors``
    and the rest: see :class:`~pydantable.io.scan.ScanTable`.
    """
    require_concrete(cls, f"read_{fmt}")
    frame_cls: type[BaseFrame] = cls
    schema = frame_cls.__pydantable_schema__
    if columns is not None:
        options = scan_kwargs or {}
        generated = {options.get("row_index_name"), options.get("include_file_paths")}
        unknown = [c for c in columns if c not in schema and c not in generated]
        if unknown:
            raise ColumnNotFoundError.from_missing(unknown[0], list(schema))
        schema = FrameSchema([schema[c] for c in columns if c in schema])
    table = ScanTable(
        fmt,
        source,
        schema,
        validators=frame_cls._cell_validators(),
        title=frame_cls.__name__,
        trusted_mode=trusted_mode,
        fill_missing_optional=fill_missing_optional,
        ignore_errors=ignore_errors,
        on_validation_errors=on_validation_errors,
        engine_streaming=engine_streaming,
        scan_kwargs=scan_kwargs,
    )
    schema = table.schema
    target = (
        frame_cls
        if schema == frame_cls.__pydantable_schema__
        else frame_cls._for_schema(schema)
    )
    return target._from_plan(p.Source(schema, table))


def aread_file(
    cls: type[Any],
    fmt: str,
    source: FileSource,
    *,
    executor: concurrent.futures.Executor | None = None,
    **read_options: Any,
) -> AwaitableDataFrameModel:
    """``cls.read_<fmt>(source, **read_options)`` opened off the event loop."""
    require_concrete(cls, f"aread_{fmt}")
    read = getattr(cls, f"read_{fmt}")
    return AwaitableDataFrameModel(
        lambda: read(source, **read_options),
        executor=executor,
        repr_label=f"{cls.__name__}.read_{fmt}",
        frame_class=cls,
    )


def iter_frames(
    cls: type[Any],
    fmt: str,
    source: FileSource,
    *,
    batch_size: int = 65536,
    columns: Sequence[str] | None = None,
    trusted_mode: str | None = None,
    scan_kwargs: dict[str, Any] | None = None,
) -> Iterator[BaseFrame]:
    """Validated frames of at most ``batch_size`` rows of ``cls.read_<fmt>(source)``.

    ``batch_size`` is checked now; the scan opens now too (a missing file fails
    here), and batches stream with bounded memory as the iterator is consumed.
    """
    require_concrete(cls, f"iter_{fmt}")
    if (
        isinstance(batch_size, bool)
        or not isinstance(batch_size, int)
        or batch_size < 1
    ):
        msg = f"batch_size must be a positive int; got {batch_size!r}"
        raise ValueError(msg)
    reader = getattr(cls, f"read_{fmt}")
    frame = reader(
        source, columns=columns, trusted_mode=trusted_mode, **(scan_kwargs or {})
    )
    return _frames(frame, batch_size)


def _frames(frame: BaseFrame, batch_size: int) -> Iterator[BaseFrame]:
    # batches come from a validated scan: each becomes an in-memory source of
    # the same schema without validating again
    target = type(frame)
    schema = frame.schema
    for batch in frame.iter_batches(batch_size):
        yield target._from_plan(
            p.Source(schema, batch, rows=batch.height), batch.height
        )
