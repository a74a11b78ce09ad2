"""A shared thread pool for a FastAPI app: ``executor_lifespan`` + ``get_executor``.

Example:
    >>> from contextlib import asynccontextmanager
    >>> from fastapi import FastAPI
    >>> @asynccontextmanager
    ... async def lifespan(app: FastAPI):
    ...     async with executor_lifespan(app, max_workers=4):
    ...         yield
    >>> app = FastAPI(lifespan=lifespan)
"""

# No ``from __future__ import annotations``: FastAPI reads ``get_executor``'s
# annotations at runtime.

import asyncio
from collections.abc import AsyncIterator
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any

from fastapi.requests import Request

__all__ = ["executor_lifespan", "get_executor"]

_UNSET: Any = object()


@asynccontextmanager
async def executor_lifespan(
    app: Any,
    *,
    max_workers: int | None = None,
    thread_name_prefix: str = "pydantable",
) -> AsyncIterator[None]:
    """Run the app with ``app.state.executor`` set to a ``ThreadPoolExecutor``.

    On exit the pool is shut down after its running and queued work finished
    (waited for in a worker thread, so the event loop keeps serving), and
    ``app.state.executor`` is restored. Usable directly as
    ``FastAPI(lifespan=executor_lifespan)`` or nested in your own lifespan.

    Example:
        >>> import asyncio
        >>> from fastapi import FastAPI
        >>> app = FastAPI()
        >>> async def main():
        ...     async with executor_lifespan(app, max_workers=2):
        ...         return app.state.executor.submit(sum, [1, 2]).result()
        >>> asyncio.run(main())
        3
    """
    executor = ThreadPoolExecutor(
        max_workers=max_workers, thread_name_prefix=thread_name_prefix
    )
    previous = getattr(app.state, "executor", _UNSET)
    app.state.executor = executor
    try:
        yield
    finally:
        if previous is _UNSET:
            app.state.executor = None
        else:
            app.state.executor = previous
        await asyncio.shield(asyncio.to_thread(executor.shutdown, wait=True))


def get_executor(request: Request) -> Executor | None:
    """Dependency: the app's executor from :func:`executor_lifespan`, or ``None``.

    Example:
        >>> from typing import Annotated
        >>> from fastapi import Depends, FastAPI
        >>> app = FastAPI()
        >>> @app.get("/work")
        ... async def work(executor: Annotated[Executor | None, Depends(get_executor)]):
        ...     return {"pooled": executor is not None}
    """
    executor = getattr(request.app.state, "executor", None)
    return executor if isinstance(executor, Executor) else None
