"""Skip the thread-pool hop of a pydantable body dependency whose frame is ready.

A :class:`~pydantable.fastapi.DataFrameRoute` builds the frame of a
``columnar_dependency``/``rows_dependency`` body from the raw request body
before FastAPI resolves the dependencies, so the synchronous dependency then
only hands that frame back. FastAPI would still run it in its thread pool (two
context switches per request); :func:`install` replaces it, in the route's own
dependency tree, by a :class:`PreparedDependency` that returns the ready frame
directly and otherwise runs the dependency in the thread pool as FastAPI would.

The stand-in hashes and compares equal to the dependency, so
``app.dependency_overrides[dependency]`` still applies, and it has the
dependency's signature (FastAPI re-reads it when overrides are active).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from fastapi.dependencies.models import Dependant
from starlette.concurrency import run_in_threadpool

from pydantable._fastapi_compat import replace_dependency
from pydantable.fastapi.body_models import ParsedRows, attached_frame

__all__ = ["PreparedDependency", "install"]


class PreparedDependency:
    """An async stand-in for a synchronous pydantable body dependency."""

    def __init__(self, dependency: Callable[..., Any]) -> None:
        self.dependency = dependency
        self.__signature__ = inspect.signature(dependency)
        self.__name__ = getattr(dependency, "__name__", "dependency")
        self.__qualname__ = getattr(dependency, "__qualname__", self.__name__)

    async def __call__(self, **kwargs: Any) -> Any:
        if len(kwargs) == 1:
            (value,) = kwargs.values()
            if isinstance(value, ParsedRows):
                return value.frame
            prepared = attached_frame(value)
            if prepared is not None:
                return prepared
        return await run_in_threadpool(self.dependency, **kwargs)

    def __hash__(self) -> int:
        return hash(self.dependency)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PreparedDependency):
            return self.dependency == other.dependency
        return self.dependency == other

    def __repr__(self) -> str:
        return f"PreparedDependency({self.dependency!r})"


def install(dependant: Dependant, dependency: Callable[..., Any]) -> None:
    """Replace ``dependency`` by its :class:`PreparedDependency` in ``dependant``'s tree."""
    replace_dependency(dependant, dependency, PreparedDependency(dependency))
