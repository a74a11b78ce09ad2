"""The typed frame: an immutable ``(schema, plan)`` pair with a Polars-shaped API.

:class:`BaseFrame` implements construction (validated ingest), column
references, lazy transforms and materialization. :class:`~pydantable.DataFrameModel`
and :class:`~pydantable.DataFrame` are its two public faces; every transform
returns a new frame of a class derived from the new schema.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import polars as pl
from typing_extensions import Self

from pydantable import plan as p
from pydantable import selectors
from pydantable.column_ops import ColumnMethods
from pydantable.engines.polars import lower_plan
from pydantable.errors import ColumnNotFoundError
from pydantable.expressions.expr import (
    ColumnRef,
    Expr,
    into_expr,
    iter_exprs,
    output_name,
)
from pydantable.expressions.infer import type_of
from pydantable.expressions.nodes import Col, Node
from pydantable.grouping import GroupingMethods, broadcast_outputs, select_outputs
from pydantable.io.frame_methods import FileMethods, SqlMethods
from pydantable.joins import JoinMethods
from pydantable.reshape import ReshapeMethods
from pydantable.row_ops import RowMethods
from pydantable.schema import Column, FrameSchema, derived_column
from pydantable.timeseries import TimeSeriesMethods
from pydantable.validation import CellValidators, IngestOptions, normalize_trusted_mode
from pydantable.validation.ingest import ingest

#: Set while :meth:`BaseFrame._from_json_values` builds a frame.
_JSON_INPUT: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "pydantable_json_input", default=False
)

if TYPE_CHECKING:
    import concurrent.futures
    from collections.abc import AsyncIterator, Iterator

    import pyarrow
    import pydantic

    from pydantable.execution import ExecutionHandle

__all__ = ["BaseFrame"]

_PROFILES: dict[str, dict[str, Any]] = {
    "service_strict": {"trusted_mode": "off", "ignore_errors": False},
    "batch_lenient": {"trusted_mode": "off", "ignore_errors": True},
    "trusted_upstream": {"trusted_mode": "shape_only"},
}


class BaseFrame(
    GroupingMethods,
    JoinMethods,
    ReshapeMethods,
    RowMethods,
    ColumnMethods,
    TimeSeriesMethods,
    FileMethods,
    SqlMethods,
):
    """Shared implementation of typed frames (see :class:`~pydantable.DataFrameModel`)."""

    __pydantable_schema__: ClassVar[FrameSchema]
    __slots__ = ("_height", "_plan")

    _plan: p.PlanNode
    _height: int | None

    def __init__(
        self,
        data: Any = None,
        *,
        trusted_mode: str | None = None,
        fill_missing_optional: bool = True,
        ignore_errors: bool = False,
        on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None,
        validation_profile: str | None = None,
        max_errors: int = 100,
    ) -> None:
        """Validate ``data`` against the schema and build the frame.

        Args:
            data: a mapping of columns (lists, tuples, NumPy/Arrow arrays,
                Polars/pandas Series), a list of row dicts or Pydantic models, a
                Polars DataFrame/LazyFrame, a PyArrow Table/RecordBatch or a
                pandas DataFrame. ``None`` builds an empty frame.
            trusted_mode: ``None``/``"off"`` validates and coerces every cell like
                Pydantic lax mode; ``"shape_only"`` checks columns, lengths and
                nullability; ``"strict"`` also requires matching dtypes.
            fill_missing_optional: absent optional columns/keys become ``None``
                (or the field default).
            ignore_errors: drop invalid rows instead of raising (``"off"`` only).
            on_validation_errors: called once with ``[{row_index, row, errors}]``
                for the dropped rows.
            validation_profile: a preset: ``"service_strict"``, ``"batch_lenient"``
                or ``"trusted_upstream"``; explicit arguments win.
            max_errors: how many cell errors a ``ValidationError`` details.

        Raises:
            pydantic.ValidationError: invalid cells, located by column and row.
            pydantable.errors.ColumnLengthMismatchError: ragged columns.
            pydantable.errors.SchemaMismatchError: unknown/missing columns,
                trusted-mode violations.
        """
        if validation_profile is not None:
            preset = _PROFILES.get(validation_profile)
            if preset is None:
                msg = f"unknown validation_profile {validation_profile!r}; expected one of {list(_PROFILES)}"
                raise ValueError(msg)
            trusted_mode = (
                trusted_mode if trusted_mode is not None else preset.get("trusted_mode")
            )
            ignore_errors = ignore_errors or bool(preset.get("ignore_errors", False))
        options = IngestOptions(
            trusted_mode=normalize_trusted_mode(trusted_mode),
            fill_missing_optional=fill_missing_optional,
            ignore_errors=ignore_errors,
            on_validation_errors=on_validation_errors,
            max_errors=max_errors,
            json_input=_JSON_INPUT.get(),
        )
        schema = type(self).__pydantable_schema__
        table = ingest(
            {} if data is None else data,
            schema,
            validators=type(self)._cell_validators(),
            title=type(self).__name__,
            options=options,
        )
        self._plan = p.Source(schema, table, rows=table.height)
        self._height = table.height

    @classmethod
    def _from_json_values(cls, data: Any, **options: Any) -> Self:
        """Build a frame from decoded JSON (``json.loads`` output), validating
        it as Pydantic validates JSON: under the trusted modes a datetime, date,
        time, duration, UUID, Decimal or bytes cell may be its JSON text (an
        ISO string ...), since JSON cannot carry those types otherwise.

        ``options`` are the constructor's keywords.
        """
        token = _JSON_INPUT.set(True)
        try:
            return cls(data, **options)
        finally:
            _JSON_INPUT.reset(token)

    # -- class-level hooks (overridden by DataFrameModel / DataFrame[S]) ------------
    @classmethod
    def _row_model(cls) -> type[pydantic.BaseModel] | None:
        return None

    @classmethod
    def _cell_validators(cls) -> CellValidators:
        cached = cls.__dict__.get("_pydantable_validators")
        if cached is None:
            cached = CellValidators(cls.__pydantable_schema__, cls._row_model())
            cls._pydantable_validators = cached  # type: ignore[attr-defined]
        return cached

    @classmethod
    def _for_schema(cls, schema: FrameSchema) -> type[BaseFrame]:
        """The frame class for a derived schema (cached, deterministic)."""
        from pydantable.model import derived_model

        return derived_model(schema)

    @classmethod
    def _from_plan(cls, plan: p.PlanNode, height: int | None = None) -> Self:
        frame = cls.__new__(cls)
        frame._plan = plan
        frame._height = height
        return frame

    def _derive(self, plan: p.PlanNode, *, height: int | None = None) -> BaseFrame:
        target = type(self)
        if plan.schema != target.__pydantable_schema__:
            target = target._for_schema(plan.schema)
        return target._from_plan(plan, height)

    # -- schema introspection ---------------------------------------------------------
    @property
    def schema(self) -> FrameSchema:
        """The frame's schema: column name → :class:`~pydantable.schema.Column`."""
        return self._plan.schema

    @property
    def columns(self) -> list[str]:
        """Column names, in order."""
        return self._plan.schema.names

    @property
    def dtypes(self) -> dict[str, Any]:
        """Column name → Python annotation (``int``, ``float | None`` ...)."""
        return {c.name: c.python_type for c in self._plan.schema.columns()}

    @property
    def shape(self) -> tuple[int, int]:
        """``(rows, columns)`` of the current plan (runs a row count if needed)."""
        return (self.height, len(self._plan.schema))

    @property
    def height(self) -> int:
        """Number of rows of the current plan."""
        if self._height is None:
            counted = lower_plan(self._plan).select(pl.len()).collect().item()
            object.__setattr__(self, "_height", int(counted))
        assert self._height is not None
        return self._height

    @property
    def width(self) -> int:
        """Number of columns."""
        return len(self._plan.schema)

    def __len__(self) -> int:
        return self.height

    def is_empty(self) -> bool:
        """Whether the frame has no rows."""
        return self.height == 0

    def schema_fields(self) -> dict[str, Column]:
        """Column name → column spec (name, dtype, nullability, annotation)."""
        return dict(self._plan.schema.items())

    def __repr__(self) -> str:
        rows = f", rows={self._height}" if self._height is not None else ""
        lines = [f"{type(self).__name__}(columns={self.width}{rows})"]
        for column in list(self._plan.schema.columns())[:32]:
            null = " | None" if column.nullable else ""
            lines.append(f"  {column.name}: {column.dtype!r}{null}")
        if self.width > 32:
            lines.append(f"  ... {self.width - 32} more")
        return "\n".join(lines)

    # -- column references ------------------------------------------------------------
    def col(self, name: str) -> ColumnRef:
        """A typed reference to column ``name``."""
        if name not in self._plan.schema:
            raise ColumnNotFoundError.from_missing(name, self.columns)
        return ColumnRef(Col(name), self._plan.schema)

    def __getattr__(self, name: str) -> ColumnRef:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            plan = object.__getattribute__(self, "_plan")
        except AttributeError:
            raise AttributeError(name) from None
        if name in plan.schema:
            return ColumnRef(Col(name), plan.schema)
        msg = f"{type(self).__name__!r} has no attribute or column {name!r}"
        raise AttributeError(msg)

    def __getitem__(self, name: str) -> ColumnRef:
        return self.col(name)

    # -- transforms -------------------------------------------------------------------
    def _bind(self, value: Any) -> Expr:
        expr = into_expr(value, self._plan.schema)
        expr.typed_in(self._plan.schema)  # type-check against this frame
        return expr

    def _named(
        self, items: Iterable[Any], named: Mapping[str, Any]
    ) -> list[tuple[str, Node, Column]]:
        out: list[tuple[str, Node, Column]] = []
        for item in selectors.expand(items, self._plan.schema):
            expr = self._bind(item)
            name = output_name(expr.node)
            out.append((name, expr.node, self._column_for(name, expr.node)))
        for name, value in named.items():
            expr = self._bind(value)
            out.append((name, expr.node, self._column_for(name, expr.node)))
        return out

    def _column_for(self, name: str, node: Node) -> Column:
        schema = self._plan.schema
        if isinstance(node, Col) and node.name in schema:
            source = schema[node.name]
            return source if source.name == name else source.renamed(name)
        typed = type_of(node, schema)
        return derived_column(name, typed.dtype, typed.nullable)

    def select(self, *exprs: Any, exclude: Any = None, **named: Any) -> BaseFrame:
        """Project to columns/expressions, in the given order.

        Args:
            *exprs: column names, expressions (named by their output name or
                ``alias``), or lists of them.
            exclude: column names or selectors to leave out (with no positional arguments,
                selects every other column).
            **named: ``name=expression`` outputs.
        """
        items = selectors.expand(exprs, self._plan.schema)
        excluded = (
            set()
            if exclude is None
            else set(selectors.expand_names(exclude, self._plan.schema))
        )
        if not items and not named and excluded:
            items = [c for c in self.columns if c not in excluded]
        outputs = [o for o in self._named(items, named) if o[0] not in excluded]
        names = [o[0] for o in outputs]
        if len(set(names)) != len(names):
            dupes = sorted({n for n in names if names.count(n) > 1})
            msg = f"select() would produce duplicate column names {dupes}; use .alias()"
            raise ValueError(msg)
        # aggregates only: one row; mixed with row-wise columns: broadcast
        outputs, collapsed = select_outputs(self._plan.schema, outputs)
        schema = FrameSchema([column for _, _, column in outputs])
        plan = p.Select(
            schema, self._plan, tuple((name, node) for name, node, _ in outputs)
        )
        return self._derive(plan, height=1 if collapsed else self._height)

    def with_columns(self, *exprs: Any, **named: Any) -> BaseFrame:
        """Add or replace columns; replaced columns keep their position."""
        outputs = broadcast_outputs(self._plan.schema, self._named(exprs, named))
        columns = dict(self._plan.schema.items())
        for name, _, column in outputs:
            columns[name] = column
        schema = FrameSchema(list(columns.values()))
        plan = p.WithColumns(
            schema, self._plan, tuple((name, node) for name, node, _ in outputs)
        )
        return self._derive(plan, height=self._height)

    def filter(self, *predicates: Any) -> BaseFrame:
        """Keep rows where every predicate is true (null counts as false).

        Raises:
            TypeError: a predicate is not boolean.
        """
        if not predicates:
            msg = "filter() needs at least one predicate"
            raise TypeError(msg)
        combined: Expr | None = None
        for predicate in iter_exprs(predicates):
            expr = self._bind(predicate)
            typed = expr.typed_in(self._plan.schema)
            if typed.dtype.name != "Boolean":
                msg = (
                    f"filter() predicate must be boolean; got {typed.dtype!r} from "
                    f"{expr!r}"
                )
                raise TypeError(msg)
            combined = expr if combined is None else combined & expr
        assert combined is not None
        plan = p.Filter(self._plan.schema, self._plan, combined.node)
        return self._derive(plan)

    def sort(
        self,
        *by: Any,
        descending: bool | list[bool] = False,
        nulls_last: bool | list[bool] = False,
        maintain_order: bool = False,
    ) -> BaseFrame:
        """Sort by one or more columns or expressions."""
        keys = [self._bind(k) for k in selectors.expand(by, self._plan.schema)]
        if not keys:
            msg = "sort() needs at least one key"
            raise TypeError(msg)
        for key in keys:
            typed = key.typed_in(self._plan.schema)
            if not typed.dtype.is_orderable():
                msg = f"cannot sort by {key!r}: {typed.dtype!r} has no order"
                raise TypeError(msg)
        plan = p.Sort(
            self._plan.schema,
            self._plan,
            tuple(k.node for k in keys),
            _per_key(descending, len(keys), "descending"),
            _per_key(nulls_last, len(keys), "nulls_last"),
            maintain_order,
        )
        return self._derive(plan, height=self._height)

    def slice(self, offset: int, length: int | None = None) -> BaseFrame:
        """Rows ``offset`` .. ``offset + length`` (negative offset counts from the end)."""
        if length is not None and length < 0:
            msg = f"slice length must be >= 0; got {length}"
            raise ValueError(msg)
        height = None
        if self._height is not None:
            n = self._height
            start = offset if offset >= 0 else n + offset  # may stay negative
            stop = n if length is None else start + length
            height = max(min(max(stop, 0), n) - min(max(start, 0), n), 0)
        plan = p.Slice(self._plan.schema, self._plan, offset, length)
        return self._derive(plan, height=height)

    def head(self, n: int = 5) -> BaseFrame:
        """The first ``n`` rows."""
        return self.slice(0, n)

    def limit(self, n: int = 5) -> BaseFrame:
        """Alias of :meth:`head`."""
        return self.head(n)

    def tail(self, n: int = 5) -> BaseFrame:
        """The last ``n`` rows."""
        if n == 0:
            return self.slice(0, 0)
        return self.slice(-n, n)

    def rename(self, mapping: Mapping[str, str], *, strict: bool = True) -> BaseFrame:
        """Rename columns (``{old: new}``).

        Raises:
            ColumnNotFoundError: ``strict`` and an old name does not exist.
            ValueError: the result would have duplicate names.
        """
        schema = self._plan.schema
        pairs = {}
        for old, new in mapping.items():
            if old not in schema:
                if strict:
                    raise ColumnNotFoundError.from_missing(old, self.columns)
                continue
            pairs[old] = new
        columns = [
            schema[name].renamed(pairs[name]) if name in pairs else schema[name]
            for name in schema
        ]
        try:
            new_schema = FrameSchema(columns)
        except ValueError as exc:
            msg = f"rename() would produce {exc}"
            raise ValueError(msg) from None
        plan = p.Rename(new_schema, self._plan, tuple(pairs.items()))
        return self._derive(plan, height=self._height)

    def drop(self, *columns: Any, strict: bool = True) -> BaseFrame:
        """Remove columns."""
        names = [
            c.name if isinstance(c, ColumnRef) else c
            for c in selectors.expand(columns, self._plan.schema)
        ]
        schema = self._plan.schema
        for name in names:
            if name not in schema and strict:
                raise ColumnNotFoundError.from_missing(name, self.columns)
        dropped = [n for n in names if n in schema]
        new_schema = FrameSchema([c for c in schema.columns() if c.name not in dropped])
        plan = p.Drop(new_schema, self._plan, tuple(dropped))
        return self._derive(plan, height=self._height)

    # -- materialization --------------------------------------------------------------
    def to_polars(self) -> pl.DataFrame:
        """Run the plan and return a Polars DataFrame (no Python-object round trip)."""
        from pydantable.materialize import run

        return run(self)

    def to_arrow(self) -> pyarrow.Table:
        """Run the plan and return a PyArrow Table (zero-copy from the engine)."""
        from pydantable.materialize import to_arrow

        return to_arrow(self)

    def to_dict(self) -> dict[str, list[Any]]:
        """Run the plan and return ``{column: [values...]}``."""
        from pydantable.materialize import to_dict

        return to_dict(self)

    def to_dicts(self) -> list[dict[str, Any]]:
        """Run the plan and return one dict per row."""
        from pydantable.materialize import to_dicts

        return to_dicts(self)

    def to_json(self, *, orient: str = "records") -> bytes:
        """Run the plan and serialize the result as JSON bytes (in the engine).

        ``orient="records"``: ``[{"col": value, ...}, ...]``; ``"columns"``:
        ``{"col": [values...], ...}``.
        """
        from pydantable.materialize import to_json

        return to_json(self, orient=orient)

    def collect(self, *, as_lists: bool = False, as_numpy: bool = False) -> Any:
        """Run the plan and return row models (``as_lists``/``as_numpy``: columns).

        Returns:
            ``list[RowModel]`` by default; ``dict[str, list]`` with ``as_lists``;
            ``dict[str, numpy.ndarray]`` with ``as_numpy``.
        """
        from pydantable.materialize import to_models, to_numpy

        if as_lists:
            return self.to_dict()
        if as_numpy:
            return to_numpy(self)
        return to_models(self)

    def rows(self) -> list[Any]:
        """Run the plan and return the rows as row models (same as ``collect()``)."""
        return self.collect()  # type: ignore[no-any-return]

    def explain(self) -> str:
        """The logical plan, one step per line (nothing is executed)."""
        return "\n".join(node.describe() for node in p.steps(self._plan))

    # -- async, deferred and chunked materialization ----------------------------------
    # (pydantable.execution and pydantable.streaming; see docs/materialization.md)

    async def acollect(
        self,
        *,
        executor: concurrent.futures.Executor | None = None,
        as_lists: bool = False,
        as_numpy: bool = False,
    ) -> Any:
        """``collect()`` in a worker thread, awaited without blocking the event loop.

        Args:
            executor: where to run (default: pydantable's shared thread pool).
            as_lists: return ``dict[str, list]`` instead of row models.
            as_numpy: return ``dict[str, numpy.ndarray]``.

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
        from pydantable import materialize
        from pydantable.execution import run_blocking

        if as_lists:
            return await run_blocking(
                materialize.to_dict,
                self,
                op="acollect",
                mode="async",
                executor=executor,
            )
        if as_numpy:
            return await run_blocking(
                materialize.to_numpy,
                self,
                op="acollect",
                mode="async",
                executor=executor,
            )
        return await run_blocking(
            materialize.to_models, self, op="acollect", mode="async", executor=executor
        )

    async def ato_dict(
        self, *, executor: concurrent.futures.Executor | None = None
    ) -> dict[str, list[Any]]:
        """``to_dict()`` in a worker thread (see :meth:`acollect`)."""
        from pydantable import materialize
        from pydantable.execution import run_blocking

        return await run_blocking(
            materialize.to_dict, self, op="ato_dict", mode="async", executor=executor
        )

    async def ato_dicts(
        self, *, executor: concurrent.futures.Executor | None = None
    ) -> list[dict[str, Any]]:
        """``to_dicts()`` in a worker thread (see :meth:`acollect`)."""
        from pydantable import materialize
        from pydantable.execution import run_blocking

        return await run_blocking(
            materialize.to_dicts, self, op="ato_dicts", mode="async", executor=executor
        )

    async def arows(
        self, *, executor: concurrent.futures.Executor | None = None
    ) -> list[Any]:
        """``rows()`` in a worker thread (see :meth:`acollect`)."""
        from pydantable import materialize
        from pydantable.execution import run_blocking

        return await run_blocking(
            materialize.to_models, self, op="arows", mode="async", executor=executor
        )

    async def ato_polars(
        self, *, executor: concurrent.futures.Executor | None = None
    ) -> pl.DataFrame:
        """``to_polars()`` in a worker thread (see :meth:`acollect`)."""
        from pydantable import materialize
        from pydantable.execution import run_blocking

        return await run_blocking(
            materialize.run, self, op="ato_polars", mode="async", executor=executor
        )

    async def ato_arrow(
        self, *, executor: concurrent.futures.Executor | None = None
    ) -> pyarrow.Table:
        """``to_arrow()`` in a worker thread (see :meth:`acollect`)."""
        from pydantable import materialize
        from pydantable.execution import run_blocking

        return await run_blocking(
            materialize.to_arrow, self, op="ato_arrow", mode="async", executor=executor
        )

    async def ato_json(
        self,
        *,
        orient: str = "records",
        executor: concurrent.futures.Executor | None = None,
    ) -> bytes:
        """``to_json()`` in a worker thread (see :meth:`acollect`)."""
        from pydantable import materialize
        from pydantable.execution import run_blocking

        return await run_blocking(
            materialize.to_json,
            self,
            orient=orient,
            op="ato_json",
            mode="async",
            executor=executor,
        )

    def submit(
        self, *, executor: concurrent.futures.Executor | None = None
    ) -> ExecutionHandle[list[Any]]:
        """Start ``collect()`` on an executor now; await ``handle.result()`` later.

        ``handle.cancel()`` succeeds only while the work is still queued.

        Example:
            >>> import asyncio
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            >>> handle = T({"x": [1, 2]}).submit()
            >>> [r.x for r in asyncio.run(handle.result())]
            [1, 2]
        """
        from pydantable import materialize
        from pydantable.execution import ExecutionHandle, submit_blocking

        future = submit_blocking(
            materialize.to_models, self, op="submit", mode="deferred", executor=executor
        )
        return ExecutionHandle(future)

    def stream(self, batch_size: int = 65536) -> Iterator[dict[str, list[Any]]]:
        """Batches of exactly ``batch_size`` rows as ``{column: [values...]}``.

        Pulled from the streaming engine with bounded memory; values as in
        :meth:`to_dict`. Breaking out of the loop ends the engine query.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            >>> list(T({"x": [1, 2, 3]}).stream(batch_size=2))
            [{'x': [1, 2]}, {'x': [3]}]
        """
        from pydantable.streaming import stream

        return stream(self, batch_size=batch_size)

    def astream(
        self,
        batch_size: int = 65536,
        *,
        executor: concurrent.futures.Executor | None = None,
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
        from pydantable.streaming import astream

        return astream(self, batch_size=batch_size, executor=executor)

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
        from pydantable.streaming import iter_batches

        return iter_batches(self, batch_size=batch_size, format=format)

    def collect_batches(self, batch_size: int = 65536) -> list[pl.DataFrame]:
        """Every batch of :meth:`iter_batches` as a list of Polars DataFrames.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            >>> [b.height for b in T({"x": [1, 2, 3]}).collect_batches(2)]
            [2, 1]
        """
        from pydantable.streaming import collect_batches

        return collect_batches(self, batch_size=batch_size)


def _per_key(value: bool | list[bool], n: int, what: str) -> tuple[bool, ...]:
    if isinstance(value, bool):
        return (value,) * n
    flags = tuple(bool(v) for v in value)
    if len(flags) != n:
        msg = f"{what} has {len(flags)} flags for {n} sort keys"
        raise ValueError(msg)
    return flags
