"""Frame methods: materialization, blocking, async, deferred and chunked.

Each method is one call into :mod:`pydantable.materialize` (run the plan on
its engine, convert the result), :mod:`pydantable.execution` (worker threads)
or :mod:`pydantable.streaming` (bounded-memory batches).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

from pydantable import execution, materialize
from pydantable import streaming as streaming_mod
from pydantable.engines import prefer_streaming, resolve_streaming
from pydantable.frame._protocol import FrameMethods

if TYPE_CHECKING:
    import concurrent.futures

    import polars as pl
    import pyarrow

__all__ = ["MaterializeMethods"]


class MaterializeMethods(FrameMethods):
    """``to_polars``/``to_arrow``/``to_dict``/``to_dicts``/``to_json``/``collect``,
    their ``a*`` twins, ``submit``, ``stream``/``astream`` and batches."""

    __slots__ = ()

    # -- materialization --------------------------------------------------------------
    def to_polars(self) -> pl.DataFrame:
        """Run the plan and return a Polars DataFrame (no Python-object round trip)."""
        return materialize.run(self)

    def to_arrow(self) -> pyarrow.Table:
        """Run the plan and return a PyArrow Table (zero-copy from the engine)."""
        return materialize.to_arrow(self)

    def to_dict(self) -> dict[str, list[Any]]:
        """Run the plan and return ``{column: [values...]}``."""
        return materialize.to_dict(self)

    def to_dicts(
        self, *, redact: bool | None = None, **model_dump_kwargs: Any
    ) -> list[dict[str, Any]]:
        """Run the plan and return one dict per row.

        Args:
            redact: mask the columns whose policy says ``redact`` (strings as
                ``"***"``, numbers as ``0``, others ``None``); default: the
                model's ``__pydantable__["redact"]``.
            model_dump_kwargs: ``by_alias``, ``exclude_defaults``, ... — rows are
                then dumped by the row model (slower than the default path).

        Example:
            >>> import pydantic
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     user_id: int = pydantic.Field(alias="userId")
            >>> T({"user_id": [1]}).to_dicts(by_alias=True)
            [{'userId': 1}]
        """
        return materialize.to_dicts(self, redact=redact, dump=model_dump_kwargs)

    def to_json(self, *, orient: str = "records") -> bytes:
        """Run the plan and serialize the result as JSON bytes (in the engine).

        ``orient="records"``: ``[{"col": value, ...}, ...]``; ``"columns"``:
        ``{"col": [values...], ...}``.
        """
        return materialize.to_json(self, orient=orient)

    def collect(
        self,
        *,
        as_lists: bool = False,
        as_numpy: bool = False,
        as_polars: bool | None = None,
        streaming: bool | None = None,
        engine_streaming: bool | None = None,
    ) -> Any:
        """Run the plan and return row models (``as_lists``/``as_numpy``: columns).

        Args:
            as_lists: return ``dict[str, list]`` (as :meth:`to_dict`).
            as_numpy: return ``dict[str, numpy.ndarray]``.
            as_polars: deprecated: ``True`` returns :meth:`to_polars`, ``False``
                :meth:`to_dict` (a ``DeprecationWarning``).
            streaming / engine_streaming: run on the engine's streaming
                executor (``True``) or not (``False``); default: the
                ``PYDANTABLE_ENGINE_STREAMING`` variable, else the engine chooses.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            >>> T({"x": [1, 2]}).collect(as_lists=True, engine_streaming=True)
            {'x': [1, 2]}
        """
        kind = materialize.collect_kind(
            "collect", as_lists=as_lists, as_numpy=as_numpy, as_polars=as_polars
        )
        with prefer_streaming(resolve_streaming(streaming, engine_streaming)):
            return materialize.collect_as(self, kind)

    def rows(self) -> list[Any]:
        """Run the plan and return the rows as row models (same as ``collect()``)."""
        return self.collect()  # type: ignore[no-any-return]

    # -- async, deferred and chunked materialization ----------------------------------
    # (pydantable.execution and pydantable.streaming; see docs/materialization.md)

    async def acollect(
        self,
        *,
        executor: concurrent.futures.Executor | None = None,
        as_lists: bool = False,
        as_numpy: bool = False,
        as_polars: bool | None = None,
        streaming: bool | None = None,
        engine_streaming: bool | None = None,
    ) -> Any:
        """``collect()`` in a worker thread, awaited without blocking the event loop.

        Args:
            executor: where to run (default: pydantable's shared thread pool).
            as_lists, as_numpy, as_polars, streaming, engine_streaming: as in
                :meth:`collect`.

        Cancelling the awaiting task cancels the work only if it has not
        started; started engine work runs to completion in its thread.

        Example:
            >>> import asyncio
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            >>> df = T({"x": [1, 2, 3]})
            >>> [r.x for r in asyncio.run(df.filter(df.x > 1).acollect())]
            [2, 3]
        """
        kind = materialize.collect_kind(
            "acollect", as_lists=as_lists, as_numpy=as_numpy, as_polars=as_polars
        )
        with prefer_streaming(resolve_streaming(streaming, engine_streaming)):
            return await execution.run_blocking(
                materialize.collect_as,
                self,
                kind,
                op="acollect",
                mode="async",
                executor=executor,
            )

    async def ato_dict(
        self, *, executor: concurrent.futures.Executor | None = None
    ) -> dict[str, list[Any]]:
        """``to_dict()`` in a worker thread (see :meth:`acollect`)."""
        return await execution.run_blocking(
            materialize.to_dict, self, op="ato_dict", mode="async", executor=executor
        )

    async def ato_dicts(
        self,
        *,
        executor: concurrent.futures.Executor | None = None,
        redact: bool | None = None,
        **model_dump_kwargs: Any,
    ) -> list[dict[str, Any]]:
        """``to_dicts()`` in a worker thread (see :meth:`acollect`)."""
        return await execution.run_blocking(
            materialize.to_dicts,
            self,
            op="ato_dicts",
            mode="async",
            executor=executor,
            redact=redact,
            dump=model_dump_kwargs,
        )

    async def arows(
        self, *, executor: concurrent.futures.Executor | None = None
    ) -> list[Any]:
        """``rows()`` in a worker thread (see :meth:`acollect`)."""
        return await execution.run_blocking(
            materialize.to_models, self, op="arows", mode="async", executor=executor
        )

    async def ato_polars(
        self, *, executor: concurrent.futures.Executor | None = None
    ) -> pl.DataFrame:
        """``to_polars()`` in a worker thread (see :meth:`acollect`)."""
        return await execution.run_blocking(
            materialize.run, self, op="ato_polars", mode="async", executor=executor
        )

    async def ato_arrow(
        self, *, executor: concurrent.futures.Executor | None = None
    ) -> pyarrow.Table:
        """``to_arrow()`` in a worker thread (see :meth:`acollect`)."""
        return await execution.run_blocking(
            materialize.to_arrow, self, op="ato_arrow", mode="async", executor=executor
        )

    async def ato_json(
        self,
        *,
        orient: str = "records",
        executor: concurrent.futures.Executor | None = None,
    ) -> bytes:
        """``to_json()`` in a worker thread (see :meth:`acollect`)."""
        return await execution.run_blocking(
            materialize.to_json,
            self,
            orient=orient,
            op="ato_json",
            mode="async",
            executor=executor,
        )

    def submit(
        self,
        *,
        executor: concurrent.futures.Executor | None = None,
        as_lists: bool = False,
        as_numpy: bool = False,
        as_polars: bool | None = None,
        streaming: bool | None = None,
        engine_streaming: bool | None = None,
    ) -> execution.ExecutionHandle[Any]:
        """Start ``collect()`` on an executor now; await ``handle.result()`` later.

        The options are :meth:`collect`'s; ``handle.cancel()`` succeeds only
        while the work is still queued (it then never runs).

        Example:
            >>> import asyncio
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            >>> handle = T({"x": [1, 2]}).submit()
            >>> [r.x for r in asyncio.run(handle.result())]
            [1, 2]
            >>> asyncio.run(T({"x": [3]}).submit(as_lists=True).result())
            {'x': [3]}
        """
        kind = materialize.collect_kind(
            "submit", as_lists=as_lists, as_numpy=as_numpy, as_polars=as_polars
        )
        with prefer_streaming(resolve_streaming(streaming, engine_streaming)):
            future = execution.submit_blocking(
                materialize.collect_as,
                self,
                kind,
                op="submit",
                mode="deferred",
                executor=executor,
            )
        return execution.ExecutionHandle(future)

    def stream(
        self,
        batch_size: int = 65536,
        *,
        streaming: bool | None = None,
        engine_streaming: bool | None = None,
    ) -> Iterator[dict[str, list[Any]]]:
        """Batches of exactly ``batch_size`` rows as ``{column: [values...]}``.

        Pulled from the streaming engine with bounded memory; values as in
        :meth:`to_dict`. Breaking out of the loop ends the engine query.
        ``streaming``/``engine_streaming`` are accepted for the original's
        signature: batches always come from the streaming engine.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            >>> list(T({"x": [1, 2, 3]}).stream(batch_size=2))
            [{'x': [1, 2]}, {'x': [3]}]
        """
        resolve_streaming(streaming, engine_streaming)  # checks the values
        return streaming_mod.stream(self, batch_size=batch_size)

    def astream(
        self,
        batch_size: int = 65536,
        *,
        executor: concurrent.futures.Executor | None = None,
        streaming: bool | None = None,
        engine_streaming: bool | None = None,
    ) -> AsyncIterator[dict[str, list[Any]]]:
        """Async iterator of :meth:`stream` batches, each built in a worker thread.

        Example:
            >>> import asyncio
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            >>> async def main():
            ...     return [b async for b in T({"x": [1, 2, 3]}).astream(batch_size=2)]
            >>> asyncio.run(main())
            [{'x': [1, 2]}, {'x': [3]}]
        """
        resolve_streaming(streaming, engine_streaming)  # checks the values
        return streaming_mod.astream(self, batch_size=batch_size, executor=executor)

    def iter_batches(
        self, batch_size: int = 65536, *, format: str = "polars"
    ) -> Iterator[Any]:
        """Batches as ``polars.DataFrame`` (``format="polars"``) or ``pyarrow.RecordBatch``.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            >>> [b.height for b in T({"x": [1, 2, 3]}).iter_batches(2)]
            [2, 1]
        """
        return streaming_mod.iter_batches(self, batch_size=batch_size, format=format)

    def collect_batches(self, batch_size: int = 65536) -> list[pl.DataFrame]:
        """Every batch of :meth:`iter_batches` as a list of Polars DataFrames.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            >>> [b.height for b in T({"x": [1, 2, 3]}).collect_batches(2)]
            [2, 1]
        """
        return streaming_mod.collect_batches(self, batch_size=batch_size)
