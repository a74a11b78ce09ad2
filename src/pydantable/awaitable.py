"""``AwaitableDataFrameModel``: a frame that is still being opened, chainable.

``Model.aread_parquet(path)`` (and ``Model.Async.read_parquet(path)``) return one,
and ``AwaitableDataFrameModel(get_df)`` wraps any function that returns a frame
(or a coroutine of one). Transforms chain on it without waiting — including
``join`` (with a frame or another chain), ``group_by(...).agg(...)`` and
``group_by_dynamic(...).agg(...)``. One ``await`` — of the object itself (the
frame), of a property (``await chain.columns``), or of any other frame method
(``await chain.to_dict()``, ``await chain.describe()``) — opens the source off
the event loop, applies the chain and runs the method. Blocking writers
(``write_*``, ``export_*``, ``write_sql``, ``collect_batches``) are refused with
a ``TypeError``: await the frame first, or use their ``a*`` twins.

Example:
    >>> import asyncio, os, tempfile
    >>> import polars as pl
    >>> from pydantable import DataFrameModel, col
    >>> class Ev(DataFrameModel):
    ...     id: int
    >>> path = os.path.join(tempfile.mkdtemp(), "ev.parquet")
    >>> pl.DataFrame({"id": [1, 2, 3]}).write_parquet(path)
    >>> asyncio.run(Ev.aread_parquet(path).filter(col("id") > 1).to_dict())
    {'id': [2, 3]}
"""

from __future__ import annotations

import concurrent.futures
import inspect
from collections.abc import Awaitable, Callable, Generator, Sequence
from typing import TYPE_CHECKING, Any

from pydantable.execution import run_blocking
from pydantable.frame.joins import concat

if TYPE_CHECKING:
    from pydantable.frame import BaseFrame

__all__ = ["AwaitableDataFrameModel"]

#: Frame methods that return a new frame (recorded, applied after opening).
_TRANSFORMS = frozenset(
    {
        "select",
        "with_columns",
        "filter",
        "sort",
        "unique",
        "distinct",
        "drop",
        "rename",
        "slice",
        "head",
        "limit",
        "tail",
        "fill_null",
        "drop_nulls",
        "melt",
        "unpivot",
        "pivot",
        "explode",
        "unnest",
        "rolling_agg",
        "with_row_index",
        "cast",
        "top_k",
        "bottom_k",
        "sample",
    }
)
#: Methods whose result is a grouped frame: ``.agg(...)`` makes a chain again.
_GROUPINGS = frozenset({"group_by", "group_by_dynamic"})
#: Properties awaited to their value (``await chain.columns``).
_PROPERTIES = frozenset(
    {"columns", "dtypes", "shape", "empty", "height", "width", "schema"}
)
#: Blocking writers: refused on a pending chain.
_BLOCKING_PREFIXES = ("write_", "export_", "materialize_")
_BLOCKING = frozenset(
    {"collect_batches", "write_sql", "write_sqlmodel", "iter_batches"}
)

Step = Callable[[Any], Any]


class _PendingGroups:
    """``chain.group_by(...)``: ``.agg(...)`` (or a shortcut) continues the chain."""

    __slots__ = ("_args", "_chain", "_kwargs", "_method")

    def __init__(
        self, chain: AwaitableDataFrameModel, method: str, args: Any, kwargs: Any
    ) -> None:
        self._chain = chain
        self._method = method
        self._args = args
        self._kwargs = kwargs

    def __getattr__(self, name: str) -> Callable[..., AwaitableDataFrameModel]:
        if name.startswith("_"):
            raise AttributeError(name)
        method, args, kwargs = self._method, self._args, self._kwargs

        def finish(*more: Any, **more_kwargs: Any) -> AwaitableDataFrameModel:
            return self._chain.then(
                lambda frame: getattr(getattr(frame, method)(*args, **kwargs), name)(
                    *more, **more_kwargs
                )
            )

        finish.__name__ = name
        return finish


class AwaitableDataFrameModel:
    """A lazily opened frame: chain transforms, then await once.

    Args:
        get_df: a function of no arguments returning the frame, or a
            coroutine function returning it (sync functions run in ``executor``).
        repr_label: shown by ``repr()``.
        executor: where the sync work runs (default: pydantable's pool).
    """

    __slots__ = ("_executor", "_frame_class", "_label", "_open", "_steps")

    def __init__(
        self,
        get_df: Callable[[], Any],
        *,
        repr_label: str | None = None,
        executor: concurrent.futures.Executor | None = None,
        steps: tuple[Step, ...] = (),
        frame_class: type[Any] | None = None,
    ) -> None:
        if not callable(get_df):
            msg = f"get_df must be callable; got {type(get_df).__name__}"
            raise TypeError(msg)
        self._open = get_df
        self._label = repr_label
        self._executor = executor
        self._steps = steps
        # the class of the opened frame when known: unknown names fail at once
        self._frame_class = frame_class if not steps else None

    def __repr__(self) -> str:
        label = f" {self._label}" if self._label else ""
        return f"<AwaitableDataFrameModel{label} steps={len(self._steps)}>"

    # -- resolving --------------------------------------------------------------------
    async def _frame(self) -> BaseFrame:
        if inspect.iscoroutinefunction(self._open):
            frame = await self._open()
        else:
            frame = await run_blocking(self._open, executor=self._executor)
        frame = await _resolved(frame)
        for step in self._steps:
            frame = await _resolved(step(frame))
        result: BaseFrame = frame
        return result

    def __await__(self) -> Generator[Any, None, BaseFrame]:
        return self._frame().__await__()

    def then(self, fn: Callable[[Any], Any]) -> AwaitableDataFrameModel:
        """Chain any function of the frame; a coroutine or chain it returns is awaited."""
        return AwaitableDataFrameModel(
            self._open,
            repr_label=self._label,
            executor=self._executor,
            steps=(*self._steps, fn),
        )

    @classmethod
    def concat(cls, *frames: Any, how: str = "vertical") -> AwaitableDataFrameModel:
        """A chain of ``pydantable.concat`` of frames or chains (at least two).

        Example:
            >>> import asyncio
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            >>> a = AwaitableDataFrameModel(lambda: T({"x": [1]}))
            >>> asyncio.run(AwaitableDataFrameModel.concat(a, T({"x": [2]})).to_dict())
            {'x': [1, 2]}
        """
        if len(frames) < 2:
            msg = "AwaitableDataFrameModel.concat requires at least two frames"
            raise ValueError(msg)
        parts: Sequence[Any] = frames

        async def opened() -> BaseFrame:
            resolved = [await _resolved(part) for part in parts]
            result: BaseFrame = concat(resolved, how=how)
            return result

        return cls(opened, repr_label="concat")

    # -- the frame's methods ---------------------------------------------------------
    def join(self, other: Any, *args: Any, **kwargs: Any) -> AwaitableDataFrameModel:
        """``frame.join(other, ...)``; ``other`` may be a frame or another chain."""

        async def step(frame: Any) -> Any:
            return frame.join(await _resolved(other), *args, **kwargs)

        return self.then(step)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name in _TRANSFORMS:

            def transform(*args: Any, **kwargs: Any) -> AwaitableDataFrameModel:
                return self.then(lambda frame: getattr(frame, name)(*args, **kwargs))

            transform.__name__ = name
            return transform
        if name in _GROUPINGS:

            def group(*args: Any, **kwargs: Any) -> _PendingGroups:
                return _PendingGroups(self, name, args, kwargs)

            group.__name__ = name
            return group
        if name in _PROPERTIES:
            return self._value(lambda frame: getattr(frame, name))
        if name in _BLOCKING or name.startswith(_BLOCKING_PREFIXES):
            msg = (
                f"{type(self).__name__}: cannot call {name}() on a pending async "
                f"chain; await the chain first (frame = await chain) or use "
                f"a{name}() where it exists"
            )
            raise TypeError(msg)
        if self._frame_class is not None and not hasattr(self._frame_class, name):
            msg = (
                f"{type(self).__name__} has no attribute {name!r}: chain transforms "
                f"({sorted(_TRANSFORMS)}), await a materializer or another frame "
                "method, or await the object for the frame"
            )
            raise AttributeError(msg)
        return self._terminal(name)

    def _value(self, get: Callable[[Any], Any]) -> Awaitable[Any]:
        async def value() -> Any:
            return get(await self._frame())

        return value()

    def _terminal(self, name: str) -> Callable[..., Awaitable[Any]]:
        async def call(*args: Any, **kwargs: Any) -> Any:
            frame = await self._frame()
            twin = _ASYNC_TWINS.get(name, f"a{name}")
            method = getattr(frame, twin, None) or getattr(frame, name, None)
            if method is None:
                msg = f"{type(frame).__name__} has no attribute {name!r}"
                raise AttributeError(msg)
            if inspect.iscoroutinefunction(method):
                if "executor" in inspect.signature(method).parameters:
                    kwargs.setdefault("executor", self._executor)
                return await method(*args, **kwargs)
            if not callable(method):
                return method
            result = await run_blocking(
                method, *args, executor=self._executor, **kwargs
            )
            return await _resolved(result)

        call.__name__ = name
        return call


#: Materializers awaited through their async twin.
_ASYNC_TWINS = {
    "collect": "acollect",
    "to_dict": "ato_dict",
    "to_dicts": "ato_dicts",
    "rows": "arows",
    "to_polars": "ato_polars",
    "to_arrow": "ato_arrow",
    "to_json": "ato_json",
}


async def _resolved(value: Any) -> Any:
    """``value`` with coroutines and chains awaited (nested ones too)."""
    while inspect.isawaitable(value):
        value = await value
    return value
