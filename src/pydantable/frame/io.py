"""The frame's I/O methods, written out: files (``read_*``, ``write_*``, ...) and SQL.

:class:`FileMethods` and :class:`SqlMethods` are base classes of
:class:`~pydantable.frame.BaseFrame`. Every method has its real signature and a
one-statement body that calls the shared implementation in :mod:`pydantable.io`
(the format is passed by name; the formats themselves are listed once, in
:mod:`pydantable.io.formats`). Those implementation modules are imported inside the
methods on purpose: ``import pydantable`` does not load the I/O code (scans,
writers, SQL, SQLAlchemy); the first call does.

File methods by family, for each of ``parquet``, ``csv``, ``ndjson``, ``json`` and
``ipc``:

- ``Model.read_<fmt>`` (lazy, validated as read) and ``Model.aread_<fmt>`` (opened
  off the event loop; also ``Model.Async.read_<fmt>``);
- ``frame.write_<fmt>`` / ``frame.awrite_<fmt>`` (atomic, streamed from the engine);
- ``Model.materialize_<fmt>`` / ``amaterialize_<fmt>`` (eager ``{column: values}``);
- ``Model.export_<fmt>`` / ``aexport_<fmt>`` (validate data, write it);
- ``Model.iter_<fmt>`` (validated frames of bounded size);

and ``Model.read_parquet_url`` (an HTTP download read as ``read_parquet`` does).

Example:
    >>> import os, tempfile
    >>> from pydantable import DataFrameModel
    >>> class Ev(DataFrameModel):
    ...     id: int
    ...     kind: str
    >>> path = os.path.join(tempfile.mkdtemp(), "ev.parquet")
    >>> Ev.export_parquet(path, {"id": ["1", 2], "kind": ["a", "b"]})
    >>> Ev.read_parquet(path).to_dict()
    {'id': [1, 2], 'kind': ['a', 'b']}
"""

from __future__ import annotations

import concurrent.futures
import types
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast, overload

from typing_extensions import Self

from pydantable.execution import run_blocking
from pydantable.frame._class_or_instance import with_class_form

if TYPE_CHECKING:
    from pydantable.awaitable import AwaitableDataFrameModel
    from pydantable.frame import BaseFrame
    from pydantable.io.formats import FileSource
    from pydantable.io.sql.common import Params

__all__ = ["FileMethods", "SqlMethods"]


class _AsyncReaders:
    """``Model.Async.<name>``: the async twin ``Model.a<name>`` of an I/O method
    (``Model.Async.read_parquet`` is ``Model.aread_parquet``;
    ``Model.Async.write_sqlmodel`` is ``Model.awrite_sqlmodel_data``)."""

    _RENAMED: ClassVar[dict[str, str]] = {"write_sqlmodel": "awrite_sqlmodel_data"}

    def __init__(self, cls: type[FileMethods]) -> None:
        self._cls = cls

    def __getattr__(self, name: str) -> Any:
        twin = self._RENAMED.get(name, f"a{name}")
        found = getattr(self._cls, twin, None) if not name.startswith("_") else None
        if isinstance(found, types.MethodType):  # a classmethod (reads, class forms)
            return found
        msg = f"{self._cls.__name__}.Async has no attribute {name!r}"
        raise AttributeError(msg)


class _AsyncNamespace:
    def __get__(self, obj: object, owner: type[FileMethods]) -> _AsyncReaders:
        return _AsyncReaders(owner)


class FileMethods:
    """File readers and writers of :class:`~pydantable.frame.BaseFrame`."""

    __slots__ = ()

    #: ``Model.Async.read_parquet(path)`` is ``Model.aread_parquet(path)``.
    Async = _AsyncNamespace()

    # -- lazy readers --------------------------------------------------------
    @overload
    @classmethod
    def read_parquet(
        cls,
        path: FileSource,
        *,
        columns: None = None,
        engine_streaming: bool | None = None,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        ignore_errors: bool = False,
        on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None,
        **scan_kwargs: Any,
    ) -> Self: ...
    @overload
    @classmethod
    def read_parquet(
        cls,
        path: FileSource,
        *,
        columns: Sequence[str],
        engine_streaming: bool | None = None,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        ignore_errors: bool = False,
        on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None,
        **scan_kwargs: Any,
    ) -> BaseFrame: ...
    @classmethod
    def read_parquet(
        cls,
        path: FileSource,
        *,
        columns: Sequence[str] | None = None,
        engine_streaming: bool | None = None,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        ignore_errors: bool = False,
        on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None,
        **scan_kwargs: Any,
    ) -> Any:
        """A lazy Parquet scan of ``path`` (file, directory, glob or list) as this model.

        Nothing but the schema is read here (a missing file fails now). Cells
        are validated when the plan is materialized, batch by batch as the
        engine reads (``trusted_mode`` as in the constructor); missing required
        columns fail then too. ``columns`` keeps only those columns (the frame
        is then of a derived model). ``ignore_errors=True`` (with
        ``trusted_mode`` ``"off"``) drops invalid rows at materialization and
        calls ``on_validation_errors`` once with
        ``[{"row_index", "row", "errors"}]``. ``engine_streaming`` picks
        Polars' streaming (``True``) or in-memory (``False``) engine.
        ``scan_kwargs``: the original's scan keys for the format and the
        arguments of ``polars.scan_parquet`` (unknown keys raise ``ValueError``);
        ``row_index_name`` adds an Int64 row-number column and
        ``include_file_paths`` a str column of file paths (derived model).

        Example:
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.parquet")
            >>> Ev({"id": [1, 2]}).write_parquet(path)
            >>> Ev.read_parquet(path).to_dict()
            {'id': [1, 2]}
            >>> Ev.read_parquet(path, row_index_name="i", row_index_offset=1).to_dict()
            {'i': [1, 2], 'id': [1, 2]}
        """
        from pydantable.io.read import read_file  # lazy: loads I/O on first use

        return read_file(
            cls,
            "parquet",
            path,
            columns=columns,
            engine_streaming=engine_streaming,
            trusted_mode=trusted_mode,
            fill_missing_optional=fill_missing_optional,
            ignore_errors=ignore_errors,
            on_validation_errors=on_validation_errors,
            scan_kwargs=scan_kwargs,
        )

    @overload
    @classmethod
    def read_csv(
        cls,
        path: FileSource,
        *,
        columns: None = None,
        engine_streaming: bool | None = None,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        ignore_errors: bool = False,
        on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None,
        **scan_kwargs: Any,
    ) -> Self: ...
    @overload
    @classmethod
    def read_csv(
        cls,
        path: FileSource,
        *,
        columns: Sequence[str],
        engine_streaming: bool | None = None,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        ignore_errors: bool = False,
        on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None,
        **scan_kwargs: Any,
    ) -> BaseFrame: ...
    @classmethod
    def read_csv(
        cls,
        path: FileSource,
        *,
        columns: Sequence[str] | None = None,
        engine_streaming: bool | None = None,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        ignore_errors: bool = False,
        on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None,
        **scan_kwargs: Any,
    ) -> Any:
        """A lazy CSV scan of ``path`` (file, directory, glob or list) as this model.

        Nothing but the schema is read here (a missing file fails now). Cells
        are validated when the plan is materialized, batch by batch as the
        engine reads (``trusted_mode`` as in the constructor); missing required
        columns fail then too. ``columns`` keeps only those columns (the frame
        is then of a derived model). ``ignore_errors=True`` (with
        ``trusted_mode`` ``"off"``) drops invalid rows at materialization and
        calls ``on_validation_errors`` once with
        ``[{"row_index", "row", "errors"}]``. ``engine_streaming`` picks
        Polars' streaming (``True``) or in-memory (``False``) engine.
        ``scan_kwargs``: the original's scan keys for the format and the
        arguments of ``polars.scan_csv`` (unknown keys raise ``ValueError``);
        ``row_index_name`` adds an Int64 row-number column and
        ``include_file_paths`` a str column of file paths (derived model).

        Example:
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.csv")
            >>> Ev({"id": [1, 2]}).write_csv(path)
            >>> Ev.read_csv(path).to_dict()
            {'id': [1, 2]}
            >>> Ev.read_csv(path, row_index_name="i", row_index_offset=1).to_dict()
            {'i': [1, 2], 'id': [1, 2]}
        """
        from pydantable.io.read import read_file  # lazy: loads I/O on first use

        return read_file(
            cls,
            "csv",
            path,
            columns=columns,
            engine_streaming=engine_streaming,
            trusted_mode=trusted_mode,
            fill_missing_optional=fill_missing_optional,
            ignore_errors=ignore_errors,
            on_validation_errors=on_validation_errors,
            scan_kwargs=scan_kwargs,
        )

    @overload
    @classmethod
    def read_ndjson(
        cls,
        path: FileSource,
        *,
        columns: None = None,
        engine_streaming: bool | None = None,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        ignore_errors: bool = False,
        on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None,
        **scan_kwargs: Any,
    ) -> Self: ...
    @overload
    @classmethod
    def read_ndjson(
        cls,
        path: FileSource,
        *,
        columns: Sequence[str],
        engine_streaming: bool | None = None,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        ignore_errors: bool = False,
        on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None,
        **scan_kwargs: Any,
    ) -> BaseFrame: ...
    @classmethod
    def read_ndjson(
        cls,
        path: FileSource,
        *,
        columns: Sequence[str] | None = None,
        engine_streaming: bool | None = None,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        ignore_errors: bool = False,
        on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None,
        **scan_kwargs: Any,
    ) -> Any:
        """A lazy NDJSON scan of ``path`` (file, directory, glob or list) as this model.

        Nothing but the schema is read here (a missing file fails now). Cells
        are validated when the plan is materialized, batch by batch as the
        engine reads (``trusted_mode`` as in the constructor); missing required
        columns fail then too. ``columns`` keeps only those columns (the frame
        is then of a derived model). ``ignore_errors=True`` (with
        ``trusted_mode`` ``"off"``) drops invalid rows at materialization and
        calls ``on_validation_errors`` once with
        ``[{"row_index", "row", "errors"}]``. ``engine_streaming`` picks
        Polars' streaming (``True``) or in-memory (``False``) engine.
        ``scan_kwargs``: the original's scan keys for the format and the
        arguments of ``polars.scan_ndjson`` (unknown keys raise ``ValueError``);
        ``row_index_name`` adds an Int64 row-number column and
        ``include_file_paths`` a str column of file paths (derived model).

        Example:
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.ndjson")
            >>> Ev({"id": [1, 2]}).write_ndjson(path)
            >>> Ev.read_ndjson(path).to_dict()
            {'id': [1, 2]}
            >>> Ev.read_ndjson(path, row_index_name="i", row_index_offset=1).to_dict()
            {'i': [1, 2], 'id': [1, 2]}
        """
        from pydantable.io.read import read_file  # lazy: loads I/O on first use

        return read_file(
            cls,
            "ndjson",
            path,
            columns=columns,
            engine_streaming=engine_streaming,
            trusted_mode=trusted_mode,
            fill_missing_optional=fill_missing_optional,
            ignore_errors=ignore_errors,
            on_validation_errors=on_validation_errors,
            scan_kwargs=scan_kwargs,
        )

    @overload
    @classmethod
    def read_json(
        cls,
        path: FileSource,
        *,
        columns: None = None,
        engine_streaming: bool | None = None,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        ignore_errors: bool = False,
        on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None,
        **scan_kwargs: Any,
    ) -> Self: ...
    @overload
    @classmethod
    def read_json(
        cls,
        path: FileSource,
        *,
        columns: Sequence[str],
        engine_streaming: bool | None = None,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        ignore_errors: bool = False,
        on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None,
        **scan_kwargs: Any,
    ) -> BaseFrame: ...
    @classmethod
    def read_json(
        cls,
        path: FileSource,
        *,
        columns: Sequence[str] | None = None,
        engine_streaming: bool | None = None,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        ignore_errors: bool = False,
        on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None,
        **scan_kwargs: Any,
    ) -> Any:
        """A lazy JSON (NDJSON or a JSON array) scan of ``path`` (file, directory, glob or list) as this model.

        Nothing but the schema is read here (a missing file fails now). Cells
        are validated when the plan is materialized, batch by batch as the
        engine reads (``trusted_mode`` as in the constructor); missing required
        columns fail then too. ``columns`` keeps only those columns (the frame
        is then of a derived model). ``ignore_errors=True`` (with
        ``trusted_mode`` ``"off"``) drops invalid rows at materialization and
        calls ``on_validation_errors`` once with
        ``[{"row_index", "row", "errors"}]``. ``engine_streaming`` picks
        Polars' streaming (``True``) or in-memory (``False``) engine.
        ``scan_kwargs``: the original's scan keys for the format and the
        arguments of ``polars.scan_ndjson`` (unknown keys raise ``ValueError``);
        ``row_index_name`` adds an Int64 row-number column and
        ``include_file_paths`` a str column of file paths (derived model).

        Example:
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.json")
            >>> Ev({"id": [1, 2]}).write_json(path)
            >>> Ev.read_json(path).to_dict()
            {'id': [1, 2]}
            >>> Ev.read_json(path, row_index_name="i", row_index_offset=1).to_dict()
            {'i': [1, 2], 'id': [1, 2]}
        """
        from pydantable.io.read import read_file  # lazy: loads I/O on first use

        return read_file(
            cls,
            "json",
            path,
            columns=columns,
            engine_streaming=engine_streaming,
            trusted_mode=trusted_mode,
            fill_missing_optional=fill_missing_optional,
            ignore_errors=ignore_errors,
            on_validation_errors=on_validation_errors,
            scan_kwargs=scan_kwargs,
        )

    @overload
    @classmethod
    def read_ipc(
        cls,
        path: FileSource,
        *,
        columns: None = None,
        engine_streaming: bool | None = None,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        ignore_errors: bool = False,
        on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None,
        **scan_kwargs: Any,
    ) -> Self: ...
    @overload
    @classmethod
    def read_ipc(
        cls,
        path: FileSource,
        *,
        columns: Sequence[str],
        engine_streaming: bool | None = None,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        ignore_errors: bool = False,
        on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None,
        **scan_kwargs: Any,
    ) -> BaseFrame: ...
    @classmethod
    def read_ipc(
        cls,
        path: FileSource,
        *,
        columns: Sequence[str] | None = None,
        engine_streaming: bool | None = None,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        ignore_errors: bool = False,
        on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None,
        **scan_kwargs: Any,
    ) -> Any:
        """A lazy Arrow IPC scan of ``path`` (file, directory, glob or list) as this model.

        Nothing but the schema is read here (a missing file fails now). Cells
        are validated when the plan is materialized, batch by batch as the
        engine reads (``trusted_mode`` as in the constructor); missing required
        columns fail then too. ``columns`` keeps only those columns (the frame
        is then of a derived model). ``ignore_errors=True`` (with
        ``trusted_mode`` ``"off"``) drops invalid rows at materialization and
        calls ``on_validation_errors`` once with
        ``[{"row_index", "row", "errors"}]``. ``engine_streaming`` picks
        Polars' streaming (``True``) or in-memory (``False``) engine.
        ``scan_kwargs``: the original's scan keys for the format and the
        arguments of ``polars.scan_ipc`` (unknown keys raise ``ValueError``);
        ``row_index_name`` adds an Int64 row-number column and
        ``include_file_paths`` a str column of file paths (derived model).

        Example:
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.ipc")
            >>> Ev({"id": [1, 2]}).write_ipc(path)
            >>> Ev.read_ipc(path).to_dict()
            {'id': [1, 2]}
            >>> Ev.read_ipc(path, row_index_name="i", row_index_offset=1).to_dict()
            {'i': [1, 2], 'id': [1, 2]}
        """
        from pydantable.io.read import read_file  # lazy: loads I/O on first use

        return read_file(
            cls,
            "ipc",
            path,
            columns=columns,
            engine_streaming=engine_streaming,
            trusted_mode=trusted_mode,
            fill_missing_optional=fill_missing_optional,
            ignore_errors=ignore_errors,
            on_validation_errors=on_validation_errors,
            scan_kwargs=scan_kwargs,
        )

    # -- async readers -------------------------------------------------------
    @classmethod
    def aread_parquet(
        cls,
        path: FileSource,
        *,
        columns: Sequence[str] | None = None,
        engine_streaming: bool | None = None,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        ignore_errors: bool = False,
        on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None,
        executor: concurrent.futures.Executor | None = None,
        **scan_kwargs: Any,
    ) -> AwaitableDataFrameModel:
        """:meth:`read_parquet` opened off the event loop (in ``executor`` or a worker thread).

        Await the result for the frame, or chain transforms on it and await a
        materializer (``.collect()``, ``.to_dict()``). The options are
        :meth:`read_parquet`'s.

        Example:
            >>> import asyncio
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.parquet")
            >>> Ev({"id": [1, 2]}).write_parquet(path)
            >>> asyncio.run(Ev.aread_parquet(path).head(1).to_dict())
            {'id': [1]}
        """
        from pydantable.io.read import aread_file  # lazy: loads I/O on first use

        return aread_file(
            cls,
            "parquet",
            path,
            executor=executor,
            columns=columns,
            engine_streaming=engine_streaming,
            trusted_mode=trusted_mode,
            fill_missing_optional=fill_missing_optional,
            ignore_errors=ignore_errors,
            on_validation_errors=on_validation_errors,
            **scan_kwargs,
        )

    @classmethod
    def aread_csv(
        cls,
        path: FileSource,
        *,
        columns: Sequence[str] | None = None,
        engine_streaming: bool | None = None,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        ignore_errors: bool = False,
        on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None,
        executor: concurrent.futures.Executor | None = None,
        **scan_kwargs: Any,
    ) -> AwaitableDataFrameModel:
        """:meth:`read_csv` opened off the event loop (in ``executor`` or a worker thread).

        Await the result for the frame, or chain transforms on it and await a
        materializer (``.collect()``, ``.to_dict()``). The options are
        :meth:`read_csv`'s.

        Example:
            >>> import asyncio
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.csv")
            >>> Ev({"id": [1, 2]}).write_csv(path)
            >>> asyncio.run(Ev.aread_csv(path).head(1).to_dict())
            {'id': [1]}
        """
        from pydantable.io.read import aread_file  # lazy: loads I/O on first use

        return aread_file(
            cls,
            "csv",
            path,
            executor=executor,
            columns=columns,
            engine_streaming=engine_streaming,
            trusted_mode=trusted_mode,
            fill_missing_optional=fill_missing_optional,
            ignore_errors=ignore_errors,
            on_validation_errors=on_validation_errors,
            **scan_kwargs,
        )

    @classmethod
    def aread_ndjson(
        cls,
        path: FileSource,
        *,
        columns: Sequence[str] | None = None,
        engine_streaming: bool | None = None,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        ignore_errors: bool = False,
        on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None,
        executor: concurrent.futures.Executor | None = None,
        **scan_kwargs: Any,
    ) -> AwaitableDataFrameModel:
        """:meth:`read_ndjson` opened off the event loop (in ``executor`` or a worker thread).

        Await the result for the frame, or chain transforms on it and await a
        materializer (``.collect()``, ``.to_dict()``). The options are
        :meth:`read_ndjson`'s.

        Example:
            >>> import asyncio
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.ndjson")
            >>> Ev({"id": [1, 2]}).write_ndjson(path)
            >>> asyncio.run(Ev.aread_ndjson(path).head(1).to_dict())
            {'id': [1]}
        """
        from pydantable.io.read import aread_file  # lazy: loads I/O on first use

        return aread_file(
            cls,
            "ndjson",
            path,
            executor=executor,
            columns=columns,
            engine_streaming=engine_streaming,
            trusted_mode=trusted_mode,
            fill_missing_optional=fill_missing_optional,
            ignore_errors=ignore_errors,
            on_validation_errors=on_validation_errors,
            **scan_kwargs,
        )

    @classmethod
    def aread_json(
        cls,
        path: FileSource,
        *,
        columns: Sequence[str] | None = None,
        engine_streaming: bool | None = None,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        ignore_errors: bool = False,
        on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None,
        executor: concurrent.futures.Executor | None = None,
        **scan_kwargs: Any,
    ) -> AwaitableDataFrameModel:
        """:meth:`read_json` opened off the event loop (in ``executor`` or a worker thread).

        Await the result for the frame, or chain transforms on it and await a
        materializer (``.collect()``, ``.to_dict()``). The options are
        :meth:`read_json`'s.

        Example:
            >>> import asyncio
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.json")
            >>> Ev({"id": [1, 2]}).write_json(path)
            >>> asyncio.run(Ev.aread_json(path).head(1).to_dict())
            {'id': [1]}
        """
        from pydantable.io.read import aread_file  # lazy: loads I/O on first use

        return aread_file(
            cls,
            "json",
            path,
            executor=executor,
            columns=columns,
            engine_streaming=engine_streaming,
            trusted_mode=trusted_mode,
            fill_missing_optional=fill_missing_optional,
            ignore_errors=ignore_errors,
            on_validation_errors=on_validation_errors,
            **scan_kwargs,
        )

    @classmethod
    def aread_ipc(
        cls,
        path: FileSource,
        *,
        columns: Sequence[str] | None = None,
        engine_streaming: bool | None = None,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        ignore_errors: bool = False,
        on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None,
        executor: concurrent.futures.Executor | None = None,
        **scan_kwargs: Any,
    ) -> AwaitableDataFrameModel:
        """:meth:`read_ipc` opened off the event loop (in ``executor`` or a worker thread).

        Await the result for the frame, or chain transforms on it and await a
        materializer (``.collect()``, ``.to_dict()``). The options are
        :meth:`read_ipc`'s.

        Example:
            >>> import asyncio
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.ipc")
            >>> Ev({"id": [1, 2]}).write_ipc(path)
            >>> asyncio.run(Ev.aread_ipc(path).head(1).to_dict())
            {'id': [1]}
        """
        from pydantable.io.read import aread_file  # lazy: loads I/O on first use

        return aread_file(
            cls,
            "ipc",
            path,
            executor=executor,
            columns=columns,
            engine_streaming=engine_streaming,
            trusted_mode=trusted_mode,
            fill_missing_optional=fill_missing_optional,
            ignore_errors=ignore_errors,
            on_validation_errors=on_validation_errors,
            **scan_kwargs,
        )

    # -- HTTP ------------------------------------------------------------------
    @overload
    @classmethod
    def read_parquet_url(
        cls,
        url: str,
        *,
        experimental: bool = True,
        max_bytes: int,
        timeout: float,
        headers: dict[str, str] | None = None,
        columns: None = None,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        ignore_errors: bool = False,
        on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None,
        **scan_kwargs: Any,
    ) -> Self: ...
    @overload
    @classmethod
    def read_parquet_url(
        cls,
        url: str,
        *,
        experimental: bool = True,
        max_bytes: int,
        timeout: float,
        headers: dict[str, str] | None = None,
        columns: Sequence[str],
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        ignore_errors: bool = False,
        on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None,
        **scan_kwargs: Any,
    ) -> BaseFrame: ...
    @classmethod
    def read_parquet_url(
        cls,
        url: str,
        *,
        experimental: bool = True,
        max_bytes: int,
        timeout: float,
        headers: dict[str, str] | None = None,
        columns: Sequence[str] | None = None,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        ignore_errors: bool = False,
        on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None,
        **scan_kwargs: Any,
    ) -> Any:
        """Download the Parquet file at ``url`` and read it as a frame of this model.

        The original's classmethod. ``max_bytes`` (body size limit) and
        ``timeout`` (seconds for the whole download) are required here (see
        :mod:`pydantable.io.http`); ``experimental`` is accepted and ignored.
        The file is validated as :meth:`read_parquet` does (same options) and
        loaded before returning: the frame is in memory and the temporary copy
        is gone. Errors name the URL in ``ctx["file"]``.

        Example:
            >>> import io, os, threading
            >>> from http.server import BaseHTTPRequestHandler, HTTPServer
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> os.environ["PYDANTABLE_ALLOW_URL_READS"] = "1"  # off by default
            >>> body = io.BytesIO()
            >>> Ev({"id": [1, 2]}).to_polars().write_parquet(body)
            >>> class Serve(BaseHTTPRequestHandler):
            ...     def do_GET(self):
            ...         self.send_response(200)
            ...         self.send_header("Content-Length", str(len(body.getvalue())))
            ...         self.end_headers()
            ...         self.wfile.write(body.getvalue())
            ...     def log_message(self, *args):
            ...         pass
            >>> server = HTTPServer(("127.0.0.1", 0), Serve)
            >>> thread = threading.Thread(target=server.handle_request)
            >>> thread.start()
            >>> url = f"http://127.0.0.1:{server.server_address[1]}/ev.parquet"
            >>> Ev.read_parquet_url(url, max_bytes=1_000_000, timeout=10).to_dict()
            {'id': [1, 2]}
            >>> thread.join(); server.server_close()
            >>> del os.environ["PYDANTABLE_ALLOW_URL_READS"]
        """
        from pydantable.io.http import read_parquet_url  # lazy: loads I/O on first use

        del (
            experimental
        )  # the original's flag (the opt-in is PYDANTABLE_ALLOW_URL_READS)
        return read_parquet_url(
            url,
            cast("type[BaseFrame]", cls),
            max_bytes=max_bytes,
            timeout=timeout,
            headers=headers,
            columns=columns,
            trusted_mode=trusted_mode,
            fill_missing_optional=fill_missing_optional,
            ignore_errors=ignore_errors,
            on_validation_errors=on_validation_errors,
            **scan_kwargs,
        )

    # -- writers -------------------------------------------------------------
    def write_parquet(
        self,
        path: str | Path,
        *,
        partition_by: str | Sequence[str] | None = None,
        mkdir: bool = False,
        overwrite: bool = False,
        write_kwargs: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        """Write the frame as Parquet, streamed from the engine (no Python rows).

        The output appears atomically: it is written beside its destination
        under a temporary name and renamed into place, so a failure leaves
        nothing behind. ``partition_by`` writes a hive-partitioned directory
        (``key=value/...``), staged and renamed the same way; an existing non-
        empty directory is only replaced with ``overwrite=True``. Options
        (``write_kwargs`` or keywords) go to Polars' ``sink_parquet``.

        Example:
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.parquet")
            >>> Ev({"id": [1, 2]}).write_parquet(path)
            >>> Ev.read_parquet(path).to_dict()
            {'id': [1, 2]}
        """
        from pydantable.io.write import write_file  # lazy: loads I/O on first use

        write_file(
            self,
            "parquet",
            path,
            partition_by=partition_by,
            mkdir=mkdir,
            overwrite=overwrite,
            write_kwargs={**(write_kwargs or {}), **kwargs},
        )

    def write_csv(
        self,
        path: str | Path,
        *,
        partition_by: str | Sequence[str] | None = None,
        mkdir: bool = False,
        overwrite: bool = False,
        write_kwargs: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        """Write the frame as CSV, streamed from the engine (no Python rows).

        The output appears atomically: it is written beside its destination
        under a temporary name and renamed into place, so a failure leaves
        nothing behind. ``partition_by`` writes a hive-partitioned directory
        (``key=value/...``), staged and renamed the same way; an existing non-
        empty directory is only replaced with ``overwrite=True``. Options
        (``write_kwargs`` or keywords) go to Polars' ``sink_csv``.

        Example:
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.csv")
            >>> Ev({"id": [1, 2]}).write_csv(path)
            >>> Ev.read_csv(path).to_dict()
            {'id': [1, 2]}
        """
        from pydantable.io.write import write_file  # lazy: loads I/O on first use

        write_file(
            self,
            "csv",
            path,
            partition_by=partition_by,
            mkdir=mkdir,
            overwrite=overwrite,
            write_kwargs={**(write_kwargs or {}), **kwargs},
        )

    def write_ndjson(
        self,
        path: str | Path,
        *,
        partition_by: str | Sequence[str] | None = None,
        mkdir: bool = False,
        overwrite: bool = False,
        write_kwargs: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        """Write the frame as NDJSON (newline-delimited JSON), streamed from the engine (no Python rows).

        The output appears atomically: it is written beside its destination
        under a temporary name and renamed into place, so a failure leaves
        nothing behind. ``partition_by`` writes a hive-partitioned directory
        (``key=value/...``), staged and renamed the same way; an existing non-
        empty directory is only replaced with ``overwrite=True``. Options
        (``write_kwargs`` or keywords) go to Polars' ``sink_ndjson``.

        Example:
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.ndjson")
            >>> Ev({"id": [1, 2]}).write_ndjson(path)
            >>> Ev.read_ndjson(path).to_dict()
            {'id': [1, 2]}
        """
        from pydantable.io.write import write_file  # lazy: loads I/O on first use

        write_file(
            self,
            "ndjson",
            path,
            partition_by=partition_by,
            mkdir=mkdir,
            overwrite=overwrite,
            write_kwargs={**(write_kwargs or {}), **kwargs},
        )

    def write_json(
        self,
        path: str | Path,
        *,
        partition_by: str | Sequence[str] | None = None,
        mkdir: bool = False,
        overwrite: bool = False,
        write_kwargs: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        """Write the frame as a JSON array of rows, streamed from the engine (no Python rows).

        The output appears atomically: it is written beside its destination
        under a temporary name and renamed into place, so a failure leaves
        nothing behind. ``partition_by`` is not supported (use ndjson). Options
        (``write_kwargs`` or keywords) go to Polars' ``sink_ndjson``.

        Example:
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.json")
            >>> Ev({"id": [1, 2]}).write_json(path)
            >>> Ev.read_json(path).to_dict()
            {'id': [1, 2]}
        """
        from pydantable.io.write import write_file  # lazy: loads I/O on first use

        write_file(
            self,
            "json",
            path,
            partition_by=partition_by,
            mkdir=mkdir,
            overwrite=overwrite,
            write_kwargs={**(write_kwargs or {}), **kwargs},
        )

    def write_ipc(
        self,
        path: str | Path,
        *,
        partition_by: str | Sequence[str] | None = None,
        mkdir: bool = False,
        overwrite: bool = False,
        write_kwargs: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        """Write the frame as Arrow IPC (Feather v2), streamed from the engine (no Python rows).

        The output appears atomically: it is written beside its destination
        under a temporary name and renamed into place, so a failure leaves
        nothing behind. ``partition_by`` writes a hive-partitioned directory
        (``key=value/...``), staged and renamed the same way; an existing non-
        empty directory is only replaced with ``overwrite=True``. Options
        (``write_kwargs`` or keywords) go to Polars' ``sink_ipc``.

        Example:
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.ipc")
            >>> Ev({"id": [1, 2]}).write_ipc(path)
            >>> Ev.read_ipc(path).to_dict()
            {'id': [1, 2]}
        """
        from pydantable.io.write import write_file  # lazy: loads I/O on first use

        write_file(
            self,
            "ipc",
            path,
            partition_by=partition_by,
            mkdir=mkdir,
            overwrite=overwrite,
            write_kwargs={**(write_kwargs or {}), **kwargs},
        )

    # -- async writers -------------------------------------------------------
    async def awrite_parquet(
        self,
        path: str | Path,
        *,
        partition_by: str | Sequence[str] | None = None,
        mkdir: bool = False,
        overwrite: bool = False,
        write_kwargs: dict[str, Any] | None = None,
        executor: concurrent.futures.Executor | None = None,
        **kwargs: Any,
    ) -> None:
        """:meth:`write_parquet` run off the event loop (in ``executor`` or a worker thread).

        Example:
            >>> import asyncio
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.parquet")
            >>> asyncio.run(Ev({"id": [1, 2]}).awrite_parquet(path))
            >>> Ev.read_parquet(path).to_dict()
            {'id': [1, 2]}
        """
        from pydantable.io.write import awrite_file  # lazy: loads I/O on first use

        await awrite_file(
            self,
            "parquet",
            path,
            partition_by=partition_by,
            mkdir=mkdir,
            overwrite=overwrite,
            write_kwargs={**(write_kwargs or {}), **kwargs},
            executor=executor,
        )

    async def awrite_csv(
        self,
        path: str | Path,
        *,
        partition_by: str | Sequence[str] | None = None,
        mkdir: bool = False,
        overwrite: bool = False,
        write_kwargs: dict[str, Any] | None = None,
        executor: concurrent.futures.Executor | None = None,
        **kwargs: Any,
    ) -> None:
        """:meth:`write_csv` run off the event loop (in ``executor`` or a worker thread).

        Example:
            >>> import asyncio
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.csv")
            >>> asyncio.run(Ev({"id": [1, 2]}).awrite_csv(path))
            >>> Ev.read_csv(path).to_dict()
            {'id': [1, 2]}
        """
        from pydantable.io.write import awrite_file  # lazy: loads I/O on first use

        await awrite_file(
            self,
            "csv",
            path,
            partition_by=partition_by,
            mkdir=mkdir,
            overwrite=overwrite,
            write_kwargs={**(write_kwargs or {}), **kwargs},
            executor=executor,
        )

    async def awrite_ndjson(
        self,
        path: str | Path,
        *,
        partition_by: str | Sequence[str] | None = None,
        mkdir: bool = False,
        overwrite: bool = False,
        write_kwargs: dict[str, Any] | None = None,
        executor: concurrent.futures.Executor | None = None,
        **kwargs: Any,
    ) -> None:
        """:meth:`write_ndjson` run off the event loop (in ``executor`` or a worker thread).

        Example:
            >>> import asyncio
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.ndjson")
            >>> asyncio.run(Ev({"id": [1, 2]}).awrite_ndjson(path))
            >>> Ev.read_ndjson(path).to_dict()
            {'id': [1, 2]}
        """
        from pydantable.io.write import awrite_file  # lazy: loads I/O on first use

        await awrite_file(
            self,
            "ndjson",
            path,
            partition_by=partition_by,
            mkdir=mkdir,
            overwrite=overwrite,
            write_kwargs={**(write_kwargs or {}), **kwargs},
            executor=executor,
        )

    async def awrite_json(
        self,
        path: str | Path,
        *,
        partition_by: str | Sequence[str] | None = None,
        mkdir: bool = False,
        overwrite: bool = False,
        write_kwargs: dict[str, Any] | None = None,
        executor: concurrent.futures.Executor | None = None,
        **kwargs: Any,
    ) -> None:
        """:meth:`write_json` run off the event loop (in ``executor`` or a worker thread).

        Example:
            >>> import asyncio
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.json")
            >>> asyncio.run(Ev({"id": [1, 2]}).awrite_json(path))
            >>> Ev.read_json(path).to_dict()
            {'id': [1, 2]}
        """
        from pydantable.io.write import awrite_file  # lazy: loads I/O on first use

        await awrite_file(
            self,
            "json",
            path,
            partition_by=partition_by,
            mkdir=mkdir,
            overwrite=overwrite,
            write_kwargs={**(write_kwargs or {}), **kwargs},
            executor=executor,
        )

    async def awrite_ipc(
        self,
        path: str | Path,
        *,
        partition_by: str | Sequence[str] | None = None,
        mkdir: bool = False,
        overwrite: bool = False,
        write_kwargs: dict[str, Any] | None = None,
        executor: concurrent.futures.Executor | None = None,
        **kwargs: Any,
    ) -> None:
        """:meth:`write_ipc` run off the event loop (in ``executor`` or a worker thread).

        Example:
            >>> import asyncio
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.ipc")
            >>> asyncio.run(Ev({"id": [1, 2]}).awrite_ipc(path))
            >>> Ev.read_ipc(path).to_dict()
            {'id': [1, 2]}
        """
        from pydantable.io.write import awrite_file  # lazy: loads I/O on first use

        await awrite_file(
            self,
            "ipc",
            path,
            partition_by=partition_by,
            mkdir=mkdir,
            overwrite=overwrite,
            write_kwargs={**(write_kwargs or {}), **kwargs},
            executor=executor,
        )

    # -- eager reads ---------------------------------------------------------
    @classmethod
    def materialize_parquet(
        cls,
        source: FileSource,
        *,
        columns: Sequence[str] | None = None,
        trusted_mode: str | None = None,
        **scan_kwargs: Any,
    ) -> dict[str, list[Any]]:
        """Read ``source`` as this model, validated, into ``{column: [values]}``.

        The same as ``pydantable.io.materialize_parquet(source, model=cls)``.

        Example:
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.parquet")
            >>> Ev({"id": [1, 2]}).write_parquet(path)
            >>> Ev.materialize_parquet(path)
            {'id': [1, 2]}
        """
        from pydantable.io.file_functions import (
            materialize,
        )  # lazy: loads I/O on first use

        return materialize(
            "parquet",
            source,
            model=cls,
            columns=columns,
            trusted_mode=trusted_mode,
            **scan_kwargs,
        )

    @classmethod
    async def amaterialize_parquet(
        cls,
        source: FileSource,
        *,
        columns: Sequence[str] | None = None,
        trusted_mode: str | None = None,
        executor: concurrent.futures.Executor | None = None,
        **scan_kwargs: Any,
    ) -> dict[str, list[Any]]:
        """:meth:`materialize_parquet` in ``executor`` or a worker thread.

        Example:
            >>> import asyncio
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.parquet")
            >>> Ev({"id": [1, 2]}).write_parquet(path)
            >>> asyncio.run(Ev.amaterialize_parquet(path))
            {'id': [1, 2]}
        """
        from pydantable.io.file_functions import (
            amaterialize,
        )  # lazy: loads I/O on first use

        return await amaterialize(
            "parquet",
            source,
            executor=executor,
            model=cls,
            columns=columns,
            trusted_mode=trusted_mode,
            **scan_kwargs,
        )

    @classmethod
    def materialize_csv(
        cls,
        source: FileSource,
        *,
        columns: Sequence[str] | None = None,
        trusted_mode: str | None = None,
        **scan_kwargs: Any,
    ) -> dict[str, list[Any]]:
        """Read ``source`` as this model, validated, into ``{column: [values]}``.

        The same as ``pydantable.io.materialize_csv(source, model=cls)``.

        Example:
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.csv")
            >>> Ev({"id": [1, 2]}).write_csv(path)
            >>> Ev.materialize_csv(path)
            {'id': [1, 2]}
        """
        from pydantable.io.file_functions import (
            materialize,
        )  # lazy: loads I/O on first use

        return materialize(
            "csv",
            source,
            model=cls,
            columns=columns,
            trusted_mode=trusted_mode,
            **scan_kwargs,
        )

    @classmethod
    async def amaterialize_csv(
        cls,
        source: FileSource,
        *,
        columns: Sequence[str] | None = None,
        trusted_mode: str | None = None,
        executor: concurrent.futures.Executor | None = None,
        **scan_kwargs: Any,
    ) -> dict[str, list[Any]]:
        """:meth:`materialize_csv` in ``executor`` or a worker thread.

        Example:
            >>> import asyncio
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.csv")
            >>> Ev({"id": [1, 2]}).write_csv(path)
            >>> asyncio.run(Ev.amaterialize_csv(path))
            {'id': [1, 2]}
        """
        from pydantable.io.file_functions import (
            amaterialize,
        )  # lazy: loads I/O on first use

        return await amaterialize(
            "csv",
            source,
            executor=executor,
            model=cls,
            columns=columns,
            trusted_mode=trusted_mode,
            **scan_kwargs,
        )

    @classmethod
    def materialize_ndjson(
        cls,
        source: FileSource,
        *,
        columns: Sequence[str] | None = None,
        trusted_mode: str | None = None,
        **scan_kwargs: Any,
    ) -> dict[str, list[Any]]:
        """Read ``source`` as this model, validated, into ``{column: [values]}``.

        The same as ``pydantable.io.materialize_ndjson(source, model=cls)``.

        Example:
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.ndjson")
            >>> Ev({"id": [1, 2]}).write_ndjson(path)
            >>> Ev.materialize_ndjson(path)
            {'id': [1, 2]}
        """
        from pydantable.io.file_functions import (
            materialize,
        )  # lazy: loads I/O on first use

        return materialize(
            "ndjson",
            source,
            model=cls,
            columns=columns,
            trusted_mode=trusted_mode,
            **scan_kwargs,
        )

    @classmethod
    async def amaterialize_ndjson(
        cls,
        source: FileSource,
        *,
        columns: Sequence[str] | None = None,
        trusted_mode: str | None = None,
        executor: concurrent.futures.Executor | None = None,
        **scan_kwargs: Any,
    ) -> dict[str, list[Any]]:
        """:meth:`materialize_ndjson` in ``executor`` or a worker thread.

        Example:
            >>> import asyncio
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.ndjson")
            >>> Ev({"id": [1, 2]}).write_ndjson(path)
            >>> asyncio.run(Ev.amaterialize_ndjson(path))
            {'id': [1, 2]}
        """
        from pydantable.io.file_functions import (
            amaterialize,
        )  # lazy: loads I/O on first use

        return await amaterialize(
            "ndjson",
            source,
            executor=executor,
            model=cls,
            columns=columns,
            trusted_mode=trusted_mode,
            **scan_kwargs,
        )

    @classmethod
    def materialize_json(
        cls,
        source: FileSource,
        *,
        columns: Sequence[str] | None = None,
        trusted_mode: str | None = None,
        **scan_kwargs: Any,
    ) -> dict[str, list[Any]]:
        """Read ``source`` as this model, validated, into ``{column: [values]}``.

        The same as ``pydantable.io.materialize_json(source, model=cls)``.

        Example:
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.json")
            >>> Ev({"id": [1, 2]}).write_json(path)
            >>> Ev.materialize_json(path)
            {'id': [1, 2]}
        """
        from pydantable.io.file_functions import (
            materialize,
        )  # lazy: loads I/O on first use

        return materialize(
            "json",
            source,
            model=cls,
            columns=columns,
            trusted_mode=trusted_mode,
            **scan_kwargs,
        )

    @classmethod
    async def amaterialize_json(
        cls,
        source: FileSource,
        *,
        columns: Sequence[str] | None = None,
        trusted_mode: str | None = None,
        executor: concurrent.futures.Executor | None = None,
        **scan_kwargs: Any,
    ) -> dict[str, list[Any]]:
        """:meth:`materialize_json` in ``executor`` or a worker thread.

        Example:
            >>> import asyncio
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.json")
            >>> Ev({"id": [1, 2]}).write_json(path)
            >>> asyncio.run(Ev.amaterialize_json(path))
            {'id': [1, 2]}
        """
        from pydantable.io.file_functions import (
            amaterialize,
        )  # lazy: loads I/O on first use

        return await amaterialize(
            "json",
            source,
            executor=executor,
            model=cls,
            columns=columns,
            trusted_mode=trusted_mode,
            **scan_kwargs,
        )

    @classmethod
    def materialize_ipc(
        cls,
        source: FileSource,
        *,
        columns: Sequence[str] | None = None,
        trusted_mode: str | None = None,
        **scan_kwargs: Any,
    ) -> dict[str, list[Any]]:
        """Read ``source`` as this model, validated, into ``{column: [values]}``.

        The same as ``pydantable.io.materialize_ipc(source, model=cls)``.

        Example:
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.ipc")
            >>> Ev({"id": [1, 2]}).write_ipc(path)
            >>> Ev.materialize_ipc(path)
            {'id': [1, 2]}
        """
        from pydantable.io.file_functions import (
            materialize,
        )  # lazy: loads I/O on first use

        return materialize(
            "ipc",
            source,
            model=cls,
            columns=columns,
            trusted_mode=trusted_mode,
            **scan_kwargs,
        )

    @classmethod
    async def amaterialize_ipc(
        cls,
        source: FileSource,
        *,
        columns: Sequence[str] | None = None,
        trusted_mode: str | None = None,
        executor: concurrent.futures.Executor | None = None,
        **scan_kwargs: Any,
    ) -> dict[str, list[Any]]:
        """:meth:`materialize_ipc` in ``executor`` or a worker thread.

        Example:
            >>> import asyncio
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.ipc")
            >>> Ev({"id": [1, 2]}).write_ipc(path)
            >>> asyncio.run(Ev.amaterialize_ipc(path))
            {'id': [1, 2]}
        """
        from pydantable.io.file_functions import (
            amaterialize,
        )  # lazy: loads I/O on first use

        return await amaterialize(
            "ipc",
            source,
            executor=executor,
            model=cls,
            columns=columns,
            trusted_mode=trusted_mode,
            **scan_kwargs,
        )

    # -- validated exports ---------------------------------------------------
    @classmethod
    def export_parquet(
        cls,
        path: str | Path,
        data: Any,
        *,
        trusted_mode: str | None = None,
        partition_by: str | list[str] | None = None,
        mkdir: bool = False,
        overwrite: bool = False,
        **write_kwargs: Any,
    ) -> None:
        """Validate ``data`` as this model and write it to ``path`` atomically.

        The same as ``pydantable.io.export_parquet(path, data, model=cls)``.

        Example:
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.parquet")
            >>> Ev.export_parquet(path, {"id": ["1", 2]})
            >>> Ev.materialize_parquet(path)
            {'id': [1, 2]}
        """
        from pydantable.io.file_functions import export  # lazy: loads I/O on first use

        export(
            "parquet",
            path,
            data,
            model=cls,
            trusted_mode=trusted_mode,
            partition_by=partition_by,
            mkdir=mkdir,
            overwrite=overwrite,
            **write_kwargs,
        )

    @classmethod
    async def aexport_parquet(
        cls,
        path: str | Path,
        data: Any,
        *,
        trusted_mode: str | None = None,
        partition_by: str | list[str] | None = None,
        mkdir: bool = False,
        overwrite: bool = False,
        executor: concurrent.futures.Executor | None = None,
        **write_kwargs: Any,
    ) -> None:
        """:meth:`export_parquet` in ``executor`` or a worker thread.

        Example:
            >>> import asyncio
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.parquet")
            >>> asyncio.run(Ev.aexport_parquet(path, {"id": ["1", 2]}))
            >>> Ev.materialize_parquet(path)
            {'id': [1, 2]}
        """
        from pydantable.io.file_functions import aexport  # lazy: loads I/O on first use

        await aexport(
            "parquet",
            path,
            data,
            executor=executor,
            model=cls,
            trusted_mode=trusted_mode,
            partition_by=partition_by,
            mkdir=mkdir,
            overwrite=overwrite,
            **write_kwargs,
        )

    @classmethod
    def export_csv(
        cls,
        path: str | Path,
        data: Any,
        *,
        trusted_mode: str | None = None,
        partition_by: str | list[str] | None = None,
        mkdir: bool = False,
        overwrite: bool = False,
        **write_kwargs: Any,
    ) -> None:
        """Validate ``data`` as this model and write it to ``path`` atomically.

        The same as ``pydantable.io.export_csv(path, data, model=cls)``.

        Example:
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.csv")
            >>> Ev.export_csv(path, {"id": ["1", 2]})
            >>> Ev.materialize_csv(path)
            {'id': [1, 2]}
        """
        from pydantable.io.file_functions import export  # lazy: loads I/O on first use

        export(
            "csv",
            path,
            data,
            model=cls,
            trusted_mode=trusted_mode,
            partition_by=partition_by,
            mkdir=mkdir,
            overwrite=overwrite,
            **write_kwargs,
        )

    @classmethod
    async def aexport_csv(
        cls,
        path: str | Path,
        data: Any,
        *,
        trusted_mode: str | None = None,
        partition_by: str | list[str] | None = None,
        mkdir: bool = False,
        overwrite: bool = False,
        executor: concurrent.futures.Executor | None = None,
        **write_kwargs: Any,
    ) -> None:
        """:meth:`export_csv` in ``executor`` or a worker thread.

        Example:
            >>> import asyncio
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.csv")
            >>> asyncio.run(Ev.aexport_csv(path, {"id": ["1", 2]}))
            >>> Ev.materialize_csv(path)
            {'id': [1, 2]}
        """
        from pydantable.io.file_functions import aexport  # lazy: loads I/O on first use

        await aexport(
            "csv",
            path,
            data,
            executor=executor,
            model=cls,
            trusted_mode=trusted_mode,
            partition_by=partition_by,
            mkdir=mkdir,
            overwrite=overwrite,
            **write_kwargs,
        )

    @classmethod
    def export_ndjson(
        cls,
        path: str | Path,
        data: Any,
        *,
        trusted_mode: str | None = None,
        partition_by: str | list[str] | None = None,
        mkdir: bool = False,
        overwrite: bool = False,
        **write_kwargs: Any,
    ) -> None:
        """Validate ``data`` as this model and write it to ``path`` atomically.

        The same as ``pydantable.io.export_ndjson(path, data, model=cls)``.

        Example:
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.ndjson")
            >>> Ev.export_ndjson(path, {"id": ["1", 2]})
            >>> Ev.materialize_ndjson(path)
            {'id': [1, 2]}
        """
        from pydantable.io.file_functions import export  # lazy: loads I/O on first use

        export(
            "ndjson",
            path,
            data,
            model=cls,
            trusted_mode=trusted_mode,
            partition_by=partition_by,
            mkdir=mkdir,
            overwrite=overwrite,
            **write_kwargs,
        )

    @classmethod
    async def aexport_ndjson(
        cls,
        path: str | Path,
        data: Any,
        *,
        trusted_mode: str | None = None,
        partition_by: str | list[str] | None = None,
        mkdir: bool = False,
        overwrite: bool = False,
        executor: concurrent.futures.Executor | None = None,
        **write_kwargs: Any,
    ) -> None:
        """:meth:`export_ndjson` in ``executor`` or a worker thread.

        Example:
            >>> import asyncio
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.ndjson")
            >>> asyncio.run(Ev.aexport_ndjson(path, {"id": ["1", 2]}))
            >>> Ev.materialize_ndjson(path)
            {'id': [1, 2]}
        """
        from pydantable.io.file_functions import aexport  # lazy: loads I/O on first use

        await aexport(
            "ndjson",
            path,
            data,
            executor=executor,
            model=cls,
            trusted_mode=trusted_mode,
            partition_by=partition_by,
            mkdir=mkdir,
            overwrite=overwrite,
            **write_kwargs,
        )

    @classmethod
    def export_json(
        cls,
        path: str | Path,
        data: Any,
        *,
        trusted_mode: str | None = None,
        partition_by: str | list[str] | None = None,
        mkdir: bool = False,
        overwrite: bool = False,
        **write_kwargs: Any,
    ) -> None:
        """Validate ``data`` as this model and write it to ``path`` atomically.

        The same as ``pydantable.io.export_json(path, data, model=cls)``.

        Example:
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.json")
            >>> Ev.export_json(path, {"id": ["1", 2]})
            >>> Ev.materialize_json(path)
            {'id': [1, 2]}
        """
        from pydantable.io.file_functions import export  # lazy: loads I/O on first use

        export(
            "json",
            path,
            data,
            model=cls,
            trusted_mode=trusted_mode,
            partition_by=partition_by,
            mkdir=mkdir,
            overwrite=overwrite,
            **write_kwargs,
        )

    @classmethod
    async def aexport_json(
        cls,
        path: str | Path,
        data: Any,
        *,
        trusted_mode: str | None = None,
        partition_by: str | list[str] | None = None,
        mkdir: bool = False,
        overwrite: bool = False,
        executor: concurrent.futures.Executor | None = None,
        **write_kwargs: Any,
    ) -> None:
        """:meth:`export_json` in ``executor`` or a worker thread.

        Example:
            >>> import asyncio
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.json")
            >>> asyncio.run(Ev.aexport_json(path, {"id": ["1", 2]}))
            >>> Ev.materialize_json(path)
            {'id': [1, 2]}
        """
        from pydantable.io.file_functions import aexport  # lazy: loads I/O on first use

        await aexport(
            "json",
            path,
            data,
            executor=executor,
            model=cls,
            trusted_mode=trusted_mode,
            partition_by=partition_by,
            mkdir=mkdir,
            overwrite=overwrite,
            **write_kwargs,
        )

    @classmethod
    def export_ipc(
        cls,
        path: str | Path,
        data: Any,
        *,
        trusted_mode: str | None = None,
        partition_by: str | list[str] | None = None,
        mkdir: bool = False,
        overwrite: bool = False,
        **write_kwargs: Any,
    ) -> None:
        """Validate ``data`` as this model and write it to ``path`` atomically.

        The same as ``pydantable.io.export_ipc(path, data, model=cls)``.

        Example:
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.ipc")
            >>> Ev.export_ipc(path, {"id": ["1", 2]})
            >>> Ev.materialize_ipc(path)
            {'id': [1, 2]}
        """
        from pydantable.io.file_functions import export  # lazy: loads I/O on first use

        export(
            "ipc",
            path,
            data,
            model=cls,
            trusted_mode=trusted_mode,
            partition_by=partition_by,
            mkdir=mkdir,
            overwrite=overwrite,
            **write_kwargs,
        )

    @classmethod
    async def aexport_ipc(
        cls,
        path: str | Path,
        data: Any,
        *,
        trusted_mode: str | None = None,
        partition_by: str | list[str] | None = None,
        mkdir: bool = False,
        overwrite: bool = False,
        executor: concurrent.futures.Executor | None = None,
        **write_kwargs: Any,
    ) -> None:
        """:meth:`export_ipc` in ``executor`` or a worker thread.

        Example:
            >>> import asyncio
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.ipc")
            >>> asyncio.run(Ev.aexport_ipc(path, {"id": ["1", 2]}))
            >>> Ev.materialize_ipc(path)
            {'id': [1, 2]}
        """
        from pydantable.io.file_functions import aexport  # lazy: loads I/O on first use

        await aexport(
            "ipc",
            path,
            data,
            executor=executor,
            model=cls,
            trusted_mode=trusted_mode,
            partition_by=partition_by,
            mkdir=mkdir,
            overwrite=overwrite,
            **write_kwargs,
        )

    # -- batches -------------------------------------------------------------
    @overload
    @classmethod
    def iter_parquet(
        cls,
        source: FileSource,
        *,
        batch_size: int = 65536,
        columns: None = None,
        trusted_mode: str | None = None,
        **scan_kwargs: Any,
    ) -> Iterator[Self]: ...
    @overload
    @classmethod
    def iter_parquet(
        cls,
        source: FileSource,
        *,
        batch_size: int = 65536,
        columns: Sequence[str],
        trusted_mode: str | None = None,
        **scan_kwargs: Any,
    ) -> Iterator[BaseFrame]: ...
    @classmethod
    def iter_parquet(
        cls,
        source: FileSource,
        *,
        batch_size: int = 65536,
        columns: Sequence[str] | None = None,
        trusted_mode: str | None = None,
        **scan_kwargs: Any,
    ) -> Any:
        """Validated frames of this model of at most ``batch_size`` rows of ``source``.

        :meth:`read_parquet` streamed with bounded memory; a bad cell raises, located
        in the whole source.

        Example:
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.parquet")
            >>> Ev({"id": [1, 2, 3]}).write_parquet(path)
            >>> [b.to_dict() for b in Ev.iter_parquet(path, batch_size=2)]
            [{'id': [1, 2]}, {'id': [3]}]
        """
        from pydantable.io.read import iter_frames  # lazy: loads I/O on first use

        return iter_frames(
            cls,
            "parquet",
            source,
            batch_size=batch_size,
            columns=columns,
            trusted_mode=trusted_mode,
            scan_kwargs=scan_kwargs,
        )

    @overload
    @classmethod
    def iter_csv(
        cls,
        source: FileSource,
        *,
        batch_size: int = 65536,
        columns: None = None,
        trusted_mode: str | None = None,
        **scan_kwargs: Any,
    ) -> Iterator[Self]: ...
    @overload
    @classmethod
    def iter_csv(
        cls,
        source: FileSource,
        *,
        batch_size: int = 65536,
        columns: Sequence[str],
        trusted_mode: str | None = None,
        **scan_kwargs: Any,
    ) -> Iterator[BaseFrame]: ...
    @classmethod
    def iter_csv(
        cls,
        source: FileSource,
        *,
        batch_size: int = 65536,
        columns: Sequence[str] | None = None,
        trusted_mode: str | None = None,
        **scan_kwargs: Any,
    ) -> Any:
        """Validated frames of this model of at most ``batch_size`` rows of ``source``.

        :meth:`read_csv` streamed with bounded memory; a bad cell raises, located
        in the whole source.

        Example:
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.csv")
            >>> Ev({"id": [1, 2, 3]}).write_csv(path)
            >>> [b.to_dict() for b in Ev.iter_csv(path, batch_size=2)]
            [{'id': [1, 2]}, {'id': [3]}]
        """
        from pydantable.io.read import iter_frames  # lazy: loads I/O on first use

        return iter_frames(
            cls,
            "csv",
            source,
            batch_size=batch_size,
            columns=columns,
            trusted_mode=trusted_mode,
            scan_kwargs=scan_kwargs,
        )

    @overload
    @classmethod
    def iter_ndjson(
        cls,
        source: FileSource,
        *,
        batch_size: int = 65536,
        columns: None = None,
        trusted_mode: str | None = None,
        **scan_kwargs: Any,
    ) -> Iterator[Self]: ...
    @overload
    @classmethod
    def iter_ndjson(
        cls,
        source: FileSource,
        *,
        batch_size: int = 65536,
        columns: Sequence[str],
        trusted_mode: str | None = None,
        **scan_kwargs: Any,
    ) -> Iterator[BaseFrame]: ...
    @classmethod
    def iter_ndjson(
        cls,
        source: FileSource,
        *,
        batch_size: int = 65536,
        columns: Sequence[str] | None = None,
        trusted_mode: str | None = None,
        **scan_kwargs: Any,
    ) -> Any:
        """Validated frames of this model of at most ``batch_size`` rows of ``source``.

        :meth:`read_ndjson` streamed with bounded memory; a bad cell raises, located
        in the whole source.

        Example:
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.ndjson")
            >>> Ev({"id": [1, 2, 3]}).write_ndjson(path)
            >>> [b.to_dict() for b in Ev.iter_ndjson(path, batch_size=2)]
            [{'id': [1, 2]}, {'id': [3]}]
        """
        from pydantable.io.read import iter_frames  # lazy: loads I/O on first use

        return iter_frames(
            cls,
            "ndjson",
            source,
            batch_size=batch_size,
            columns=columns,
            trusted_mode=trusted_mode,
            scan_kwargs=scan_kwargs,
        )

    @overload
    @classmethod
    def iter_json(
        cls,
        source: FileSource,
        *,
        batch_size: int = 65536,
        columns: None = None,
        trusted_mode: str | None = None,
        **scan_kwargs: Any,
    ) -> Iterator[Self]: ...
    @overload
    @classmethod
    def iter_json(
        cls,
        source: FileSource,
        *,
        batch_size: int = 65536,
        columns: Sequence[str],
        trusted_mode: str | None = None,
        **scan_kwargs: Any,
    ) -> Iterator[BaseFrame]: ...
    @classmethod
    def iter_json(
        cls,
        source: FileSource,
        *,
        batch_size: int = 65536,
        columns: Sequence[str] | None = None,
        trusted_mode: str | None = None,
        **scan_kwargs: Any,
    ) -> Any:
        """Validated frames of this model of at most ``batch_size`` rows of ``source``.

        :meth:`read_json` streamed with bounded memory; a bad cell raises, located
        in the whole source.

        Example:
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.json")
            >>> Ev({"id": [1, 2, 3]}).write_json(path)
            >>> [b.to_dict() for b in Ev.iter_json(path, batch_size=2)]
            [{'id': [1, 2]}, {'id': [3]}]
        """
        from pydantable.io.read import iter_frames  # lazy: loads I/O on first use

        return iter_frames(
            cls,
            "json",
            source,
            batch_size=batch_size,
            columns=columns,
            trusted_mode=trusted_mode,
            scan_kwargs=scan_kwargs,
        )

    @overload
    @classmethod
    def iter_ipc(
        cls,
        source: FileSource,
        *,
        batch_size: int = 65536,
        columns: None = None,
        trusted_mode: str | None = None,
        **scan_kwargs: Any,
    ) -> Iterator[Self]: ...
    @overload
    @classmethod
    def iter_ipc(
        cls,
        source: FileSource,
        *,
        batch_size: int = 65536,
        columns: Sequence[str],
        trusted_mode: str | None = None,
        **scan_kwargs: Any,
    ) -> Iterator[BaseFrame]: ...
    @classmethod
    def iter_ipc(
        cls,
        source: FileSource,
        *,
        batch_size: int = 65536,
        columns: Sequence[str] | None = None,
        trusted_mode: str | None = None,
        **scan_kwargs: Any,
    ) -> Any:
        """Validated frames of this model of at most ``batch_size`` rows of ``source``.

        :meth:`read_ipc` streamed with bounded memory; a bad cell raises, located
        in the whole source.

        Example:
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class Ev(DataFrameModel):
            ...     id: int
            >>> path = os.path.join(tempfile.mkdtemp(), "ev.ipc")
            >>> Ev({"id": [1, 2, 3]}).write_ipc(path)
            >>> [b.to_dict() for b in Ev.iter_ipc(path, batch_size=2)]
            [{'id': [1, 2]}, {'id': [3]}]
        """
        from pydantable.io.read import iter_frames  # lazy: loads I/O on first use

        return iter_frames(
            cls,
            "ipc",
            source,
            batch_size=batch_size,
            columns=columns,
            trusted_mode=trusted_mode,
            scan_kwargs=scan_kwargs,
        )


def _write_sql_data(
    cls: type[BaseFrame],
    data: Any,
    table_name: str,
    bind: Any,
    *,
    schema: str | None = None,
    if_exists: str = "append",
    chunk_size: int = 10_000,
) -> int:
    """``Model.write_sql(data, table_name, bind)``: the original's class form.

    ``data`` (a column dict, rows, or anything the constructor takes) is
    validated as the model, then written as ``Model(data).write_sql(table_name,
    bind, if_exists=..., db_schema=schema)`` does (``"append"`` by default; a
    missing table is created from the model's schema).

    Example:
        >>> import os, tempfile
        >>> from pydantable import DataFrameModel
        >>> class T(DataFrameModel):
        ...     id: int
        >>> url = "sqlite:///" + os.path.join(tempfile.mkdtemp(), "t.db")
        >>> T.write_sql({"id": [1, 2]}, "t", url), T.write_sql({"id": ["3"]}, "t", url)
        (2, 1)
        >>> T.read_sql("SELECT id FROM t", url).to_dict()
        {'id': [1, 2, 3]}
    """
    return cls(data).write_sql(
        table_name,
        bind,
        if_exists=if_exists,
        chunk_size=chunk_size,
        db_schema=schema,
    )


async def _awrite_sql_data(
    cls: type[BaseFrame],
    data: Any,
    table_name: str,
    bind: Any,
    *,
    schema: str | None = None,
    if_exists: str = "append",
    chunk_size: int = 10_000,
    executor: concurrent.futures.Executor | None = None,
) -> int:
    """``await Model.awrite_sql(data, table_name, bind)``: the original's class form.

    ``data`` is validated in ``executor`` (the default pool), then written as
    ``frame.awrite_sql`` does.

    Example:
        >>> import asyncio, os, tempfile
        >>> from pydantable import DataFrameModel
        >>> class T(DataFrameModel):
        ...     id: int
        >>> url = "sqlite:///" + os.path.join(tempfile.mkdtemp(), "t.db")
        >>> asyncio.run(T.awrite_sql({"id": [1, 2]}, "t", url))
        2
    """
    frame = await run_blocking(cls, data, executor=executor)
    return await frame.awrite_sql(
        table_name,
        bind,
        if_exists=if_exists,
        chunk_size=chunk_size,
        db_schema=schema,
    )


class SqlMethods:
    """SQL readers and writers mixed into :class:`~pydantable.frame.BaseFrame`."""

    __slots__ = ()

    @classmethod
    def read_sql(
        cls,
        query: Any,
        bind: Any,
        *,
        params: Params = None,
        trusted_mode: str | None = None,
    ) -> Self:
        """A lazy frame of ``query``'s rows (runs at materialization).

        Args:
            query: SQL text with ``:name`` placeholders, or a SQLAlchemy
                ``text()``/``select()``.
            bind: a SQLAlchemy ``Engine``/``Connection`` (open until
                materialized), a database URL (sync or async driver), an
                ``AsyncEngine``, or a DB-API/ADBC connection.
            params: bound parameter values (never formatted into the SQL).
            trusted_mode: as in the constructor.

        Extra result columns are ignored; missing required columns raise
        :class:`~pydantable.errors.SchemaMismatchError` and invalid cells a
        ``pydantic.ValidationError`` located by column and row, both when the
        frame is materialized.

        Example:
            >>> import sqlite3, os, tempfile
            >>> from pydantable import DataFrameModel
            >>> path = os.path.join(tempfile.mkdtemp(), "t.db")
            >>> with sqlite3.connect(path) as db:
            ...     _ = db.execute("CREATE TABLE t (id INTEGER, name TEXT)")
            ...     _ = db.execute("INSERT INTO t VALUES (1, 'a'), (2, 'b')")
            >>> db.close()
            >>> class T(DataFrameModel):
            ...     id: int
            ...     name: str
            >>> lazy = T.read_sql("SELECT * FROM t WHERE id > :n", f"sqlite:///{path}", params={"n": 1})
            >>> lazy.to_dict()
            {'id': [2], 'name': ['b']}
        """
        from pydantable.io.sql import frames  # lazy: loads SQL I/O on first use

        return frames.read_sql(
            cls, query, bind, params=params, trusted_mode=trusted_mode
        )

    @classmethod
    async def aread_sql(
        cls,
        query: Any,
        bind: Any,
        *,
        params: Params = None,
        trusted_mode: str | None = None,
    ) -> Self:
        """Fetch ``query`` now, awaited, as a validated frame.

        With an async bind (``AsyncEngine``, ``AsyncConnection``,
        ``postgresql+asyncpg://...``) the I/O runs on the event loop; a sync bind
        is read in a worker thread.

        Example:
            >>> import asyncio
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     id: int
            >>> url = "sqlite:///" + os.path.join(tempfile.mkdtemp(), "t.db")
            >>> T({"id": [1, 2]}).write_sql("t", url)
            2
            >>> asyncio.run(T.aread_sql("SELECT id FROM t", url)).to_dict()
            {'id': [1, 2]}
        """
        from pydantable.io.sql import frames  # lazy: loads SQL I/O on first use

        return await frames.aread_sql(
            cls, query, bind, params=params, trusted_mode=trusted_mode
        )

    @classmethod
    def iter_sql(
        cls,
        query: Any,
        bind: Any,
        *,
        params: Params = None,
        batch_size: int = 65536,
        trusted_mode: str | None = None,
    ) -> Iterator[Self]:
        """Validated frames of at most ``batch_size`` rows of ``query``.

        Example:
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     id: int
            >>> url = "sqlite:///" + os.path.join(tempfile.mkdtemp(), "t.db")
            >>> T({"id": [1, 2, 3]}).write_sql("t", url)
            3
            >>> [b.to_dict() for b in T.iter_sql("SELECT id FROM t", url, batch_size=2)]
            [{'id': [1, 2]}, {'id': [3]}]
        """
        from pydantable.io.sql import frames  # lazy: loads SQL I/O on first use

        return frames.iter_sql(
            cls,
            query,
            bind,
            params=params,
            batch_size=batch_size,
            trusted_mode=trusted_mode,
        )

    @classmethod
    def fetch_sqlmodel(
        cls,
        table: Any,
        bind: Any,
        *,
        where: Any = None,
        parameters: Mapping[str, Any] | None = None,
        columns: Sequence[Any] | None = None,
        order_by: Any = None,
        limit: int | None = None,
        batch_size: int | None = None,
        auto_stream: bool = True,
        auto_stream_threshold_rows: int | None = None,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        ignore_errors: bool = False,
        on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> Self:
        """This model's columns read from a SQLModel table now, validated.

        ``where`` is a SQLAlchemy clause (``bindparam`` values in
        ``parameters``; ``params`` is our older name) or ``{column: value}``;
        ``columns`` and ``order_by`` take column attributes (``Hero.name``,
        ``Hero.id.desc()``) or names; ``auto_stream*`` are accepted for the
        original's signature (a frame is columnar already). The ingest options
        are the constructor's. An empty result is an empty frame.

        Example:
            >>> import sqlalchemy as sa
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     id: int
            >>> url = "sqlite:///" + os.path.join(tempfile.mkdtemp(), "t.db")
            >>> table = sa.Table("t", sa.MetaData(), sa.Column("id", sa.Integer))
            >>> T({"id": [2, 1]}).write_sql("t", url)
            2
            >>> T.fetch_sqlmodel(table, url, order_by=table.c.id).to_dict()
            {'id': [1, 2]}
        """
        from pydantable.io.sql import frames  # lazy: loads SQL I/O on first use

        return frames.fetch_sqlmodel(
            cls,
            table,
            bind,
            where=where,
            parameters=parameters,
            columns=columns,
            order_by=order_by,
            limit=limit,
            batch_size=batch_size,
            trusted_mode=trusted_mode,
            fill_missing_optional=fill_missing_optional,
            ignore_errors=ignore_errors,
            on_validation_errors=on_validation_errors,
            params=params,
        )

    @classmethod
    async def afetch_sqlmodel(
        cls,
        table: Any,
        bind: Any,
        *,
        where: Any = None,
        parameters: Mapping[str, Any] | None = None,
        columns: Sequence[Any] | None = None,
        order_by: Any = None,
        limit: int | None = None,
        batch_size: int | None = None,
        auto_stream: bool = True,
        auto_stream_threshold_rows: int | None = None,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        ignore_errors: bool = False,
        on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None,
        executor: concurrent.futures.Executor | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> Self:
        """:meth:`fetch_sqlmodel`, awaited (async I/O on an async bind).

        Example:
            >>> import asyncio, os, tempfile
            >>> import sqlalchemy as sa
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     id: int
            >>> url = "sqlite:///" + os.path.join(tempfile.mkdtemp(), "t.db")
            >>> table = sa.Table("t", sa.MetaData(), sa.Column("id", sa.Integer))
            >>> T({"id": [1]}).write_sql("t", url)
            1
            >>> asyncio.run(T.afetch_sqlmodel(table, url)).to_dict()
            {'id': [1]}
        """
        from pydantable.io.sql import frames  # lazy: loads SQL I/O on first use

        return await frames.afetch_sqlmodel(
            cls,
            table,
            bind,
            where=where,
            parameters=parameters,
            columns=columns,
            order_by=order_by,
            limit=limit,
            batch_size=batch_size,
            trusted_mode=trusted_mode,
            fill_missing_optional=fill_missing_optional,
            ignore_errors=ignore_errors,
            on_validation_errors=on_validation_errors,
            executor=executor,
            params=params,
        )

    @classmethod
    def iter_sqlmodel(
        cls,
        table: Any,
        bind: Any,
        *,
        where: Any = None,
        parameters: Mapping[str, Any] | None = None,
        columns: Sequence[Any] | None = None,
        order_by: Any = None,
        limit: int | None = None,
        batch_size: int | None = None,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        ignore_errors: bool = False,
        on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> Iterator[Self]:
        """Validated frames of at most ``batch_size`` rows of a SQLModel table.

        Example:
            >>> import os, tempfile
            >>> import sqlalchemy as sa
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     id: int
            >>> url = "sqlite:///" + os.path.join(tempfile.mkdtemp(), "t.db")
            >>> table = sa.Table("t", sa.MetaData(), sa.Column("id", sa.Integer))
            >>> T({"id": [1, 2, 3]}).write_sql("t", url)
            3
            >>> [b.height for b in T.iter_sqlmodel(table, url, batch_size=2)]
            [2, 1]
        """
        from pydantable.io.sql import frames  # lazy: loads SQL I/O on first use

        return frames.iter_sqlmodel(
            cls,
            table,
            bind,
            where=where,
            parameters=parameters,
            columns=columns,
            order_by=order_by,
            limit=limit,
            batch_size=batch_size,
            trusted_mode=trusted_mode,
            fill_missing_optional=fill_missing_optional,
            ignore_errors=ignore_errors,
            on_validation_errors=on_validation_errors,
            params=params,
        )

    @classmethod
    def aiter_sqlmodel(
        cls,
        table: Any,
        bind: Any,
        *,
        where: Any = None,
        parameters: Mapping[str, Any] | None = None,
        columns: Sequence[Any] | None = None,
        order_by: Any = None,
        limit: int | None = None,
        batch_size: int | None = None,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        ignore_errors: bool = False,
        on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None,
        executor: concurrent.futures.Executor | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> AsyncIterator[Self]:
        """:meth:`iter_sqlmodel` as an async iterator.

        Example:
            >>> import asyncio, os, tempfile
            >>> import sqlalchemy as sa
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     id: int
            >>> url = "sqlite:///" + os.path.join(tempfile.mkdtemp(), "t.db")
            >>> table = sa.Table("t", sa.MetaData(), sa.Column("id", sa.Integer))
            >>> T({"id": [1, 2, 3]}).write_sql("t", url)
            3
            >>> async def heights():
            ...     return [b.height async for b in T.aiter_sqlmodel(table, url, batch_size=2)]
            >>> asyncio.run(heights())
            [2, 1]
        """
        from pydantable.io.sql import frames  # lazy: loads SQL I/O on first use

        return frames.aiter_sqlmodel(
            cls,
            table,
            bind,
            where=where,
            parameters=parameters,
            columns=columns,
            order_by=order_by,
            limit=limit,
            batch_size=batch_size,
            trusted_mode=trusted_mode,
            fill_missing_optional=fill_missing_optional,
            ignore_errors=ignore_errors,
            on_validation_errors=on_validation_errors,
            executor=executor,
            params=params,
        )

    @classmethod
    def assert_sqlmodel_compatible(
        cls,
        table: Any,
        *,
        direction: str = "read",
        column_map: Mapping[str, str] | None = None,
        read_keys: Sequence[str] | None = None,
    ) -> None:
        """Raise ``SchemaMismatchError`` (a ``ValueError``) when the model does not
        fit a SQLModel table: names as the original checks them, then dtypes.

        ``direction="read"``: every field (renamed by ``column_map``, field →
        SQL key) is among ``read_keys`` (default: the table's columns);
        ``"write"``: the mapped names equal the table's columns exactly;
        ``"both"``: both. Beyond the original, each column's dtype family and
        nullability must fit the direction.

        Example:
            >>> import sqlalchemy as sa
            >>> from pydantable import DataFrameModel
            >>> t = sa.Table("t", sa.MetaData(), sa.Column("id", sa.Integer, nullable=False))
            >>> class T(DataFrameModel):
            ...     id: int
            >>> T.assert_sqlmodel_compatible(t, direction="write")
        """
        from pydantable.io.sql import frames  # lazy: loads SQL I/O on first use

        frames.assert_compatible(
            cls,
            table,
            direction=direction,
            column_map=column_map,
            read_keys=read_keys,
        )

    @classmethod
    def write_sqlmodel_data(
        cls,
        data: Any,
        table: Any,
        bind: Any,
        *,
        schema: str | None = None,
        if_exists: str = "append",
        chunk_size: int | None = None,
        validate_rows: bool = False,
        replace_ok: bool = False,
    ) -> int:
        """Validate ``data`` as this model, then insert it into a SQLModel table.

        Options as in :meth:`write_sqlmodel`; returns the rows written.

        Example:
            >>> import os, tempfile
            >>> import sqlalchemy as sa
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     id: int
            >>> url = "sqlite:///" + os.path.join(tempfile.mkdtemp(), "t.db")
            >>> table = sa.Table("t", sa.MetaData(), sa.Column("id", sa.Integer))
            >>> T.write_sqlmodel_data({"id": ["1", 2]}, table, url, if_exists="replace",
            ...                       replace_ok=True)
            2
        """
        from pydantable.io.sql import frames  # lazy: loads SQL I/O on first use

        return frames.write_sqlmodel_data(
            cls,
            data,
            table,
            bind,
            schema=schema,
            if_exists=if_exists,
            chunk_size=chunk_size,
            validate_rows=validate_rows,
            replace_ok=replace_ok,
        )

    @classmethod
    async def awrite_sqlmodel_data(
        cls,
        data: Any,
        table: Any,
        bind: Any,
        *,
        schema: str | None = None,
        if_exists: str = "append",
        chunk_size: int | None = None,
        validate_rows: bool = False,
        replace_ok: bool = False,
        executor: concurrent.futures.Executor | None = None,
    ) -> int:
        """:meth:`write_sqlmodel_data`, awaited (async I/O on an async bind).

        Example:
            >>> import asyncio, os, tempfile
            >>> import sqlalchemy as sa
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     id: int
            >>> url = "sqlite:///" + os.path.join(tempfile.mkdtemp(), "t.db")
            >>> table = sa.Table("t", sa.MetaData(), sa.Column("id", sa.Integer))
            >>> asyncio.run(T.awrite_sqlmodel_data({"id": [1]}, table, url,
            ...     if_exists="replace", replace_ok=True))
            1
        """
        from pydantable.io.sql import frames  # lazy: loads SQL I/O on first use

        return await frames.awrite_sqlmodel_data(
            cls,
            data,
            table,
            bind,
            schema=schema,
            if_exists=if_exists,
            chunk_size=chunk_size,
            validate_rows=validate_rows,
            replace_ok=replace_ok,
            executor=executor,
        )

    @with_class_form(_write_sql_data)
    def write_sql(
        self,
        table: str | Any,  # a name or a SQLAlchemy Table
        bind: Any,
        *,
        if_exists: str = "fail",
        chunk_size: int = 10_000,
        db_schema: str | None = None,
    ) -> int:
        """Write the frame to ``table`` in one transaction; returns the rows written.

        Called on the class, ``Model.write_sql(data, table_name, bind, *,
        schema=None, if_exists="append")`` validates ``data`` first (the
        original's form).

        The table is created from this frame's schema (``NOT NULL`` for
        non-nullable columns, quoted identifiers); ``if_exists``: ``"fail"``
        (``ValueError``), ``"append"`` or ``"replace"``. Values are bound
        parameters, inserted ``chunk_size`` rows per ``executemany``.

        Example:
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     id: int
            >>> url = "sqlite:///" + os.path.join(tempfile.mkdtemp(), "t.db")
            >>> T({"id": [1, 2]}).write_sql("t", url)
            2
            >>> T({"id": [3]}).write_sql("t", url, if_exists="append")
            1
            >>> T.read_sql("SELECT id FROM t", url).to_dict()
            {'id': [1, 2, 3]}
        """
        from pydantable.io.sql import frames  # lazy: loads SQL I/O on first use

        return frames.write_sql(
            self,
            table,
            bind,
            if_exists=if_exists,
            chunk_size=chunk_size,
            db_schema=db_schema,
        )

    @with_class_form(_awrite_sql_data)
    async def awrite_sql(
        self,
        table: str | Any,  # a name or a SQLAlchemy Table
        bind: Any,
        *,
        if_exists: str = "fail",
        chunk_size: int = 10_000,
        db_schema: str | None = None,
    ) -> int:
        """:meth:`write_sql`, awaited: real async I/O on an async bind.

        Example:
            >>> import asyncio
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     id: int
            >>> url = "sqlite:///" + os.path.join(tempfile.mkdtemp(), "t.db")
            >>> asyncio.run(T({"id": [1, 2]}).awrite_sql("t", url))
            2
        """
        from pydantable.io.sql import frames  # lazy: loads SQL I/O on first use

        return await frames.awrite_sql(
            self,
            table,
            bind,
            if_exists=if_exists,
            chunk_size=chunk_size,
            db_schema=db_schema,
        )

    def write_sqlmodel(
        self,
        table: Any,
        bind: Any,
        *,
        schema: str | None = None,
        if_exists: str = "append",
        chunk_size: int | None = None,
        validate_rows: bool = False,
        replace_ok: bool = False,
    ) -> int:
        """Insert the frame into a SQLModel table, in one transaction; the rows written.

        The frame's columns must be the table's columns (``ValueError`` naming
        the missing and extra ones); values are checked against the table's
        types, and ``validate_rows=True`` also runs the SQLModel class on each
        row. ``None`` in a column the database fills itself (an auto-increment
        key, a default) leaves it to the database. ``if_exists="replace"``
        drops and recreates the table from the class and needs
        ``replace_ok=True``; appending needs an existing table. ``schema``, if
        given, must be the table's. ``chunk_size`` defaults to
        ``PYDANTABLE_SQL_WRITE_CHUNK_SIZE``.

        Example:
            >>> import sqlalchemy as sa
            >>> import os, tempfile
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     id: int
            >>> url = "sqlite:///" + os.path.join(tempfile.mkdtemp(), "t.db")
            >>> table = sa.Table("t", sa.MetaData(), sa.Column("id", sa.Integer))
            >>> T({"id": [1, 2]}).write_sqlmodel(table, url, if_exists="replace",
            ...                                  replace_ok=True)
            2
            >>> T.read_sql("SELECT id FROM t", url).to_dict()
            {'id': [1, 2]}
        """
        from pydantable.io.sql import frames  # lazy: loads SQL I/O on first use

        return frames.write_sqlmodel(
            self,
            table,
            bind,
            schema=schema,
            if_exists=if_exists,
            chunk_size=chunk_size,
            validate_rows=validate_rows,
            replace_ok=replace_ok,
        )

    async def awrite_sqlmodel(
        self,
        table: Any,
        bind: Any,
        *,
        schema: str | None = None,
        if_exists: str = "append",
        chunk_size: int | None = None,
        validate_rows: bool = False,
        replace_ok: bool = False,
        executor: concurrent.futures.Executor | None = None,
    ) -> int:
        """:meth:`write_sqlmodel`, awaited (async I/O on an async bind).

        Example:
            >>> import asyncio, os, tempfile
            >>> import sqlalchemy as sa
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     id: int
            >>> url = "sqlite:///" + os.path.join(tempfile.mkdtemp(), "t.db")
            >>> table = sa.Table("t", sa.MetaData(), sa.Column("id", sa.Integer))
            >>> asyncio.run(T({"id": [1]}).awrite_sqlmodel(table, url,
            ...     if_exists="replace", replace_ok=True))
            1
        """
        from pydantable.io.sql import frames  # lazy: loads SQL I/O on first use

        return await frames.awrite_sqlmodel(
            self,
            table,
            bind,
            schema=schema,
            if_exists=if_exists,
            chunk_size=chunk_size,
            validate_rows=validate_rows,
            replace_ok=replace_ok,
            executor=executor,
        )
