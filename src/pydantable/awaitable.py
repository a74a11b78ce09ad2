"""``AwaitableDataFrameModel``: a frame that is still being opened, chainable.

``Model.aread_parquet(path)`` (and ``Model.Async.read_parquet(path)``) return one.
Transforms chain on it without waiting; one ``await`` — of the object itself (a
frame) or of a materializer such as ``.collect()`` / ``.to_dict()`` — opens the
source off the event loop, applies the chain and materializes.

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
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any

from pydantable.execution import run_blocking

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
        "slice",
        "head",
        "limit",
        "tail",
        "rename",
        "drop",
    }
)

#: Materializers: ``name`` awaits to the result of the frame's ``a<name>``.
_MATERIALIZERS = {
    "collect": "acollect",
    "to_dict": "ato_dict",
    "to_dicts": "ato_dicts",
    "rows": "arows",
    "to_polars": "ato_polars",
    "to_arrow": "ato_arrow",
    "to_json": "ato_json",
}


class AwaitableDataFrameModel:
    """A lazily opened frame: chain transforms, then await once."""

    __slots__ = ("_executor", "_open", "_steps")

    def __init__(
        self,
        open_frame: Callable[[], BaseFrame],
        *,
        executor: concurrent.futures.Executor | None = None,
        steps: tuple[Callable[[BaseFrame], BaseFrame], ...] = (),
    ) -> None:
        self._open = open_frame
        self._executor = executor
        self._steps = steps

    def __repr__(self) -> str:
        return f"<AwaitableDataFrameModel steps={len(self._steps)}>"

    async def _frame(self) -> BaseFrame:
        frame = await run_blocking(self._open, executor=self._executor)
        for step in self._steps:
            frame = step(frame)
        return frame

    def __await__(self) -> Generator[Any, None, BaseFrame]:
        return self._frame().__await__()

    def then(self, fn: Callable[[BaseFrame], BaseFrame]) -> AwaitableDataFrameModel:
        """Chain any function of a frame that returns a frame."""
        return AwaitableDataFrameModel(
            self._open, executor=self._executor, steps=(*self._steps, fn)
        )

    def __getattr__(self, name: str) -> Any:
        if name in _TRANSFORMS:

            def transform(*args: Any, **kwargs: Any) -> AwaitableDataFrameModel:
                return self.then(lambda frame: getattr(frame, name)(*args, **kwargs))

            transform.__name__ = name
            return transform
        method = _MATERIALIZERS.get(name) or (
            name if name in _MATERIALIZERS.values() else None
        )
        if method is not None:

            async def materialize(*args: Any, **kwargs: Any) -> Any:
                frame = await self._frame()
                kwargs.setdefault("executor", self._executor)
                return await getattr(frame, method)(*args, **kwargs)

            materialize.__name__ = name
            return materialize
        msg = (
            f"AwaitableDataFrameModel has no attribute {name!r}: chain transforms "
            f"({sorted(_TRANSFORMS)}), await a materializer ({sorted(_MATERIALIZERS)}) "
            "or await the object for the frame"
        )
        raise AttributeError(msg)
