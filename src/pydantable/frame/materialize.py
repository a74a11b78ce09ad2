"""Frame methods: materialization, blocking, async, deferred and chunked.

Each method is one call into :mod:`pydantable.materialize` (run the plan on
its engine, convert the result), :mod:`pydantable.execution` (worker threads)
or :mod:`pydantable.streaming` (bounded-memory batches).
"""

from __future__ import annotations

import math
import typing
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

from pydantable import dtypes as dt
from pydantable import execution, materialize
from pydantable import streaming as streaming_mod
from pydantable.engines import prefer_streaming, resolve_streaming
from pydantable.frame._protocol import FrameMethods

if TYPE_CHECKING:
    import concurrent.futures

    import polars as pl
    import pyarrow

    from pydantable.expressions.expr import ColumnRef
    from pydantable.schema import Column

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

    # -- discovery ----------------------------------------------------------------------
    @property
    def empty(self) -> bool:
        """Whether the frame has no rows (a row count of the current plan).

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            >>> t = T({"x": [1, 2]})
            >>> t.empty, t.filter(t.x > 5).empty
            (False, True)
        """
        return self.height == 0

    def null_count(self) -> dict[str, int]:
        """Nulls per column, counted in the engine (one query).

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            ...     y: str | None
            >>> T({"x": [1, 2], "y": ["a", None]}).null_count()
            {'x': 0, 'y': 1}
        """
        names = self.columns
        if not names:
            return {}
        counts = self.select(**{n: self.col(n).null_count() for n in names}).to_dict()
        return {n: int(counts[n][0]) for n in names}

    def info(self) -> str:
        """A summary of the frame: class, schema, column count, shape and
        dtypes, one per line (the shape is that of the current plan: filters
        are applied, which runs a row count).

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            ...     y: str | None
            >>> print(T({"x": [1, 2], "y": ["a", None]}).info())
            T
            schema: TRow
            columns: 2
            shape (root buffer): 2 x 2
            note: transforms are lazy; the shape is the row count of the current plan (filters applied)
            dtypes:
              x: int
              y: str | None
        """
        row_model = type(self)._row_model()
        schema_name = (
            row_model.__qualname__ if row_model is not None else type(self).__qualname__
        )
        lines = [
            type(self).__name__,
            f"schema: {schema_name}",
            f"columns: {len(self.columns)}",
            f"shape (root buffer): {self.height} x {len(self.columns)}",
            "note: transforms are lazy; the shape is the row count of the current "
            "plan (filters applied)",
            "dtypes:",
        ]
        lines += [
            f"  {c.name}: {_annotation_text(c.python_type)}"
            for c in self.schema.columns()
        ]
        return "\n".join(lines)

    def describe(self) -> str:
        """Summary statistics of the int, float, bool, str, date and datetime
        columns, computed in the engine (one query), one line per column.

        Numbers show ``count`` (non-null values), ``mean``, ``std`` (from 2
        values), ``min``, ``max`` and, from 4 values, ``skew``, ``kurtosis``
        and ``sem``; booleans ``count``/``true``/``false``/``null``; strings
        ``count``/``n_unique``/``min_len``/``max_len``/``null``; dates and
        datetimes ``count``/``min``/``max``/``null``. Other columns are left out.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            ...     ok: bool
            ...     tag: str | None
            >>> print(T({"x": [1, 2, 3], "ok": [True, False, True], "tag": ["a", "bb", None]}).describe())
            T describe (3 rows)
            x: count=3 mean=2 std=1 min=1 max=3
            ok: count=3 true=2 false=1 null=0
            tag: count=2 n_unique=2 min_len=1 max_len=2 null=1
        """
        columns = [c for c in self.schema.columns() if _describe_kind(c.dtype)]
        if not columns:
            return "describe(): no int/float/bool/str/date/datetime columns in schema."
        aggs: dict[str, Any] = {}
        for column in columns:
            aggs.update(_describe_aggs(self.col(column.name), column))
        stats = {k: v[0] for k, v in self.select(**aggs).to_dict().items()}
        first = columns[0].name
        rows = stats[f"{first}\x00count"] + stats[f"{first}\x00null"]
        lines = [f"{type(self).__name__} describe ({rows} rows)"]
        lines += [_describe_line(c, stats) for c in columns]
        return "\n".join(lines)

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


def _annotation_text(annotation: Any) -> str:
    """``int``, ``str | None``, ``list[int]``: an annotation as it is written."""
    if isinstance(annotation, type) and not typing.get_args(annotation):
        return annotation.__qualname__
    return str(annotation).replace("typing.", "")


def _describe_kind(dtype: dt.DType) -> str | None:
    if type(dtype) in (dt.Int64, dt.Float64):
        return "number"
    if type(dtype) is dt.Boolean:
        return "bool"
    if type(dtype) is dt.String:
        return "str"
    if type(dtype) in (dt.Date, dt.Datetime):
        return "temporal"
    return None


def _describe_aggs(ref: ColumnRef, column: Column) -> dict[str, Any]:
    """The aggregates :meth:`describe` shows for ``column`` (output name → Expr)."""
    name = column.name
    kind = _describe_kind(column.dtype)
    out: dict[str, Any] = {
        f"{name}\x00count": ref.count(),
        f"{name}\x00null": ref.null_count(),
    }
    if kind == "number":
        values = ref.cast(float)
        out.update(
            {
                f"{name}\x00mean": values.mean(),
                f"{name}\x00std": values.std(),
                f"{name}\x00min": ref.min(),
                f"{name}\x00max": ref.max(),
                f"{name}\x00skew": values.skew(),
                f"{name}\x00kurtosis": values.kurtosis(),
            }
        )
    elif kind == "bool":
        out[f"{name}\x00true"] = ref.cast(int).sum()
    elif kind == "str":
        lengths = ref.str.len_chars()
        out.update(
            {
                f"{name}\x00n_unique": ref.n_unique(),
                f"{name}\x00min_len": lengths.min(),
                f"{name}\x00max_len": lengths.max(),
            }
        )
    else:
        out.update({f"{name}\x00min": ref.min(), f"{name}\x00max": ref.max()})
    return out


def _number(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def _describe_line(column: Column, stats: dict[str, Any]) -> str:
    name = column.name

    def get(stat: str) -> Any:
        return stats[f"{name}\x00{stat}"]

    count, nulls = int(get("count")), int(get("null"))
    kind = _describe_kind(column.dtype)
    if kind == "number":
        if count == 0:
            return f"{name}: count=0 (all null)"
        parts = [f"count={count}", f"mean={_number(get('mean'))}"]
        if count >= 2:
            parts.append(f"std={_number(get('std'))}")
        parts += [f"min={_number(get('min'))}", f"max={_number(get('max'))}"]
        if count >= 4:
            std = get("std")
            sem = std / math.sqrt(count) if std is not None else None
            parts += [
                f"skew={_number(get('skew'))}",
                f"kurtosis={_number(get('kurtosis'))}",
                f"sem={_number(sem)}",
            ]
        return f"{name}: {' '.join(parts)}"
    if kind == "bool":
        true = int(get("true") or 0)
        return f"{name}: count={count} true={true} false={count - true} null={nulls}"
    if kind == "str":
        unique = int(get("n_unique")) - (1 if nulls else 0)  # nulls are no value
        return (
            f"{name}: count={count} n_unique={unique} min_len={get('min_len')} "
            f"max_len={get('max_len')} null={nulls}"
        )
    return f"{name}: count={count} min={get('min')} max={get('max')} null={nulls}"
