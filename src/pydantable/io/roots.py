"""Module-level lazy roots: ``pydantable.io.read_parquet/read_csv/read_ndjson/read_json/read_ipc``.

In the original these return an untyped lazy scan root holding the ``path``,
which a model class then wraps. Here they return a :class:`ScanRoot`: a frozen,
inspectable description of the scan (``path``, ``format``, ``columns``,
``scan_kwargs``) that reads nothing until asked. It becomes a typed, validated
frame with :meth:`ScanRoot.as_model` (the same as ``Model.read_<fmt>(path, ...)``),
or is read untyped with :meth:`ScanRoot.lazy` / :meth:`ScanRoot.to_dict`. With
``model=`` the functions return the typed frame directly. ``read_json`` is the
NDJSON alias of the original (same root type); it also reads a JSON array, as
``Model.read_json`` does.

Example:
    >>> import os, tempfile
    >>> import polars as pl
    >>> import pydantable.io as pio
    >>> from pydantable import DataFrameModel
    >>> class Ev(DataFrameModel):
    ...     id: int
    >>> path = os.path.join(tempfile.mkdtemp(), "ev.parquet")
    >>> pl.DataFrame({"id": [1, 2]}).write_parquet(path)
    >>> root = pio.read_parquet(path)
    >>> root.path == path, root.format
    (True, 'parquet')
    >>> root.as_model(Ev).to_dict()
    {'id': [1, 2]}
    >>> frame = pio.read_parquet(path, model=Ev)  # typed: Ev.read_parquet(path)
    >>> frame.filter(frame.id > 1).to_dict()
    {'id': [2]}
"""

from __future__ import annotations

import concurrent.futures
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar, overload

import polars as pl

from pydantable.execution import run_blocking
from pydantable.io.formats import FileSource, file_format

if TYPE_CHECKING:
    from pydantable.frame import BaseFrame

__all__ = [
    "ScanRoot",
    "aread_csv",
    "aread_ipc",
    "aread_json",
    "aread_ndjson",
    "aread_parquet",
    "read_csv",
    "read_ipc",
    "read_json",
    "read_ndjson",
    "read_parquet",
]

FrameT = TypeVar("FrameT", bound="BaseFrame")


def _path_of(source: FileSource) -> str | list[str]:
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    return [os.fspath(item) for item in source]


@dataclass(frozen=True)
class ScanRoot:
    """An untyped lazy file scan: what to read, read only when asked.

    ``path`` is the source as given (``str``; a list of ``str`` for several),
    ``format`` its file format, ``columns`` the columns to keep (``None``: all),
    ``scan_kwargs`` the scan options (checked when the root is built).
    """

    format: str
    path: str | list[str] = field(hash=False)
    columns: tuple[str, ...] | None = None
    scan_kwargs: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        allowed = file_format(self.format).scan_options
        for key in self.scan_kwargs:
            if key not in allowed:
                msg = (
                    f"unknown scan_kw key {key!r} for this format; allowed: "
                    f"{', '.join(sorted(allowed))}"
                )
                raise ValueError(msg)
        object.__setattr__(
            self, "scan_kwargs", MappingProxyType(dict(self.scan_kwargs))
        )

    def as_model(
        self,
        model: type[FrameT],
        *,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        **read_options: Any,
    ) -> BaseFrame:
        """The typed, validated lazy frame: ``model.read_<format>(path, ...)``
        with this root's columns and scan options.

        Example:
            >>> import os, tempfile
            >>> import polars as pl
            >>> from pydantable import DataFrameModel
            >>> from pydantable.io import read_csv
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.csv")
            >>> pl.DataFrame({"id": [1], "x": ["a"]}).write_csv(path)
            >>> read_csv(path, columns=["id"]).as_model(Ev).to_dict()
            {'id': [1]}
        """
        reader = getattr(model, f"read_{self.format}")
        frame: BaseFrame = reader(
            self.path,
            columns=None if self.columns is None else list(self.columns),
            trusted_mode=trusted_mode,
            fill_missing_optional=fill_missing_optional,
            **{**self.scan_kwargs, **read_options},
        )
        return frame

    def lazy(self) -> pl.LazyFrame:
        """The untyped Polars scan (the file's own dtypes, nothing validated).

        Example:
            >>> import os, tempfile
            >>> import polars as pl
            >>> from pydantable.io import read_ipc
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.ipc")
            >>> pl.DataFrame({"id": [1, 2]}).write_ipc(path)
            >>> read_ipc(path).lazy().collect()["id"].to_list()
            [1, 2]
        """
        source: Any = self.path
        lazy = file_format(self.format).scan(source, **self.scan_kwargs)
        if self.columns is not None:
            lazy = lazy.select(self.columns)
        return lazy

    def to_dict(self) -> dict[str, list[Any]]:
        """The untyped scan read into ``{column: [values]}``.

        Example:
            >>> import os, tempfile
            >>> from pathlib import Path
            >>> from pydantable.io import read_ndjson
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.ndjson")
            >>> _ = Path(path).write_text('{"id": 1}\\n{"id": 2}\\n')
            >>> read_ndjson(path).to_dict()
            {'id': [1, 2]}
        """
        return self.lazy().collect().to_dict(as_series=False)


def _root(
    fmt: str,
    source: FileSource,
    model: type[Any] | None,
    columns: Sequence[str] | None,
    scan_kwargs: dict[str, Any],
) -> Any:
    if isinstance(columns, str):
        msg = "columns must be a sequence of column names, not a str"
        raise TypeError(msg)
    if model is not None:
        return getattr(model, f"read_{fmt}")(source, columns=columns, **scan_kwargs)
    if not isinstance(source, str | os.PathLike | list | tuple):
        msg = f"read_{fmt} expects a path (or a list of paths); got {type(source).__name__}"
        raise TypeError(msg)
    return ScanRoot(
        fmt,
        _path_of(source),
        None if columns is None else tuple(columns),
        scan_kwargs,
    )


# -- one function per format (written out for their signatures) -------------------
@overload
def read_parquet(
    path: FileSource,
    *,
    model: None = None,
    columns: Sequence[str] | None = None,
    **scan_kwargs: Any,
) -> ScanRoot: ...
@overload
def read_parquet(
    path: FileSource, *, model: type[FrameT], columns: None = None, **scan_kwargs: Any
) -> FrameT: ...
@overload
def read_parquet(
    path: FileSource, *, model: type[Any], columns: Sequence[str], **scan_kwargs: Any
) -> BaseFrame: ...
def read_parquet(
    path: FileSource,
    *,
    model: type[Any] | None = None,
    columns: Sequence[str] | None = None,
    **scan_kwargs: Any,
) -> Any:
    """A lazy Parquet root of ``path``; with ``model=`` the typed frame
    (``model.read_parquet(path, ...)``). See :class:`ScanRoot`.

    Example:
        >>> import os, tempfile
        >>> import polars as pl
        >>> path = os.path.join(tempfile.mkdtemp(), "a.parquet")
        >>> pl.DataFrame({"x": [1]}).write_parquet(path)
        >>> read_parquet(path, columns=["x"]).to_dict()
        {'x': [1]}
    """
    return _root("parquet", path, model, columns, scan_kwargs)


@overload
def read_csv(
    path: FileSource,
    *,
    model: None = None,
    columns: Sequence[str] | None = None,
    **scan_kwargs: Any,
) -> ScanRoot: ...
@overload
def read_csv(
    path: FileSource, *, model: type[FrameT], columns: None = None, **scan_kwargs: Any
) -> FrameT: ...
@overload
def read_csv(
    path: FileSource, *, model: type[Any], columns: Sequence[str], **scan_kwargs: Any
) -> BaseFrame: ...
def read_csv(
    path: FileSource,
    *,
    model: type[Any] | None = None,
    columns: Sequence[str] | None = None,
    **scan_kwargs: Any,
) -> Any:
    """A lazy CSV root of ``path``; with ``model=`` the typed frame. See :class:`ScanRoot`.

    Example:
        >>> import os, tempfile
        >>> from pathlib import Path
        >>> path = os.path.join(tempfile.mkdtemp(), "a.csv")
        >>> _ = Path(path).write_text("x\\n1\\n")
        >>> read_csv(path).to_dict()
        {'x': [1]}
    """
    return _root("csv", path, model, columns, scan_kwargs)


@overload
def read_ndjson(
    path: FileSource,
    *,
    model: None = None,
    columns: Sequence[str] | None = None,
    **scan_kwargs: Any,
) -> ScanRoot: ...
@overload
def read_ndjson(
    path: FileSource, *, model: type[FrameT], columns: None = None, **scan_kwargs: Any
) -> FrameT: ...
@overload
def read_ndjson(
    path: FileSource, *, model: type[Any], columns: Sequence[str], **scan_kwargs: Any
) -> BaseFrame: ...
def read_ndjson(
    path: FileSource,
    *,
    model: type[Any] | None = None,
    columns: Sequence[str] | None = None,
    **scan_kwargs: Any,
) -> Any:
    """A lazy NDJSON root of ``path``; with ``model=`` the typed frame. See :class:`ScanRoot`.

    Example:
        >>> import os, tempfile
        >>> from pathlib import Path
        >>> path = os.path.join(tempfile.mkdtemp(), "a.ndjson")
        >>> _ = Path(path).write_text('{"x": 1}\\n')
        >>> read_ndjson(path).format
        'ndjson'
    """
    return _root("ndjson", path, model, columns, scan_kwargs)


@overload
def read_json(
    path: FileSource,
    *,
    model: None = None,
    columns: Sequence[str] | None = None,
    **scan_kwargs: Any,
) -> ScanRoot: ...
@overload
def read_json(
    path: FileSource, *, model: type[FrameT], columns: None = None, **scan_kwargs: Any
) -> FrameT: ...
@overload
def read_json(
    path: FileSource, *, model: type[Any], columns: Sequence[str], **scan_kwargs: Any
) -> BaseFrame: ...
def read_json(
    path: FileSource,
    *,
    model: type[Any] | None = None,
    columns: Sequence[str] | None = None,
    **scan_kwargs: Any,
) -> Any:
    """The original's NDJSON alias (a :class:`ScanRoot` like :func:`read_ndjson`);
    it also reads a JSON array. With ``model=`` the typed frame.

    Example:
        >>> import os, tempfile
        >>> from pathlib import Path
        >>> path = os.path.join(tempfile.mkdtemp(), "a.json")
        >>> _ = Path(path).write_text('[{"x": 1}, {"x": 2}]')
        >>> read_json(path).to_dict()
        {'x': [1, 2]}
    """
    return _root("json", path, model, columns, scan_kwargs)


@overload
def read_ipc(
    path: FileSource,
    *,
    model: None = None,
    columns: Sequence[str] | None = None,
    **scan_kwargs: Any,
) -> ScanRoot: ...
@overload
def read_ipc(
    path: FileSource, *, model: type[FrameT], columns: None = None, **scan_kwargs: Any
) -> FrameT: ...
@overload
def read_ipc(
    path: FileSource, *, model: type[Any], columns: Sequence[str], **scan_kwargs: Any
) -> BaseFrame: ...
def read_ipc(
    path: FileSource,
    *,
    model: type[Any] | None = None,
    columns: Sequence[str] | None = None,
    **scan_kwargs: Any,
) -> Any:
    """A lazy Arrow IPC (file format) root of ``path``; with ``model=`` the typed frame.

    Example:
        >>> import os, tempfile
        >>> import polars as pl
        >>> path = os.path.join(tempfile.mkdtemp(), "a.ipc")
        >>> pl.DataFrame({"x": [1]}).write_ipc(path)
        >>> read_ipc(path).path == path
        True
    """
    return _root("ipc", path, model, columns, scan_kwargs)


# -- async twins -------------------------------------------------------------------
async def _aroot(
    fmt: str,
    source: FileSource,
    model: type[Any] | None,
    columns: Sequence[str] | None,
    executor: concurrent.futures.Executor | None,
    scan_kwargs: dict[str, Any],
) -> Any:
    return await run_blocking(
        _root, fmt, source, model, columns, scan_kwargs, executor=executor
    )


async def aread_parquet(
    path: FileSource,
    *,
    model: type[Any] | None = None,
    columns: Sequence[str] | None = None,
    executor: concurrent.futures.Executor | None = None,
    **scan_kwargs: Any,
) -> Any:
    """:func:`read_parquet` built in a worker thread (with ``model=`` the scan opens
    there: a missing file fails without blocking the loop).

    Example:
        >>> import asyncio, os, tempfile
        >>> import polars as pl
        >>> path = os.path.join(tempfile.mkdtemp(), "a.parquet")
        >>> pl.DataFrame({"x": [1]}).write_parquet(path)
        >>> asyncio.run(aread_parquet(path)).to_dict()
        {'x': [1]}
    """
    return await _aroot("parquet", path, model, columns, executor, scan_kwargs)


async def aread_csv(
    path: FileSource,
    *,
    model: type[Any] | None = None,
    columns: Sequence[str] | None = None,
    executor: concurrent.futures.Executor | None = None,
    **scan_kwargs: Any,
) -> Any:
    """:func:`read_csv` built in a worker thread.

    Example:
        >>> import asyncio, os, tempfile
        >>> from pathlib import Path
        >>> path = os.path.join(tempfile.mkdtemp(), "a.csv")
        >>> _ = Path(path).write_text("x\\n1\\n")
        >>> asyncio.run(aread_csv(path)).format
        'csv'
    """
    return await _aroot("csv", path, model, columns, executor, scan_kwargs)


async def aread_ndjson(
    path: FileSource,
    *,
    model: type[Any] | None = None,
    columns: Sequence[str] | None = None,
    executor: concurrent.futures.Executor | None = None,
    **scan_kwargs: Any,
) -> Any:
    """:func:`read_ndjson` built in a worker thread.

    Example:
        >>> import asyncio
        >>> asyncio.run(aread_ndjson("rows.ndjson")).path
        'rows.ndjson'
    """
    return await _aroot("ndjson", path, model, columns, executor, scan_kwargs)


async def aread_json(
    path: FileSource,
    *,
    model: type[Any] | None = None,
    columns: Sequence[str] | None = None,
    executor: concurrent.futures.Executor | None = None,
    **scan_kwargs: Any,
) -> Any:
    """:func:`read_json` built in a worker thread.

    Example:
        >>> import asyncio
        >>> asyncio.run(aread_json("rows.json")).format
        'json'
    """
    return await _aroot("json", path, model, columns, executor, scan_kwargs)


async def aread_ipc(
    path: FileSource,
    *,
    model: type[Any] | None = None,
    columns: Sequence[str] | None = None,
    executor: concurrent.futures.Executor | None = None,
    **scan_kwargs: Any,
) -> Any:
    """:func:`read_ipc` built in a worker thread.

    Example:
        >>> import asyncio
        >>> asyncio.run(aread_ipc("t.ipc")).path
        't.ipc'
    """
    return await _aroot("ipc", path, model, columns, executor, scan_kwargs)
