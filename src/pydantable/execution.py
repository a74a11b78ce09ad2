"""Async and deferred materialization: running blocking engine work off the event loop.

A plan can be materialized in four ways (:class:`PlanMaterialization`):
blocking (``collect()``), async (``await acollect()``), deferred
(``submit()`` → :class:`ExecutionHandle`) and chunked (``stream()`` /
``astream()``). Async and deferred work runs the same blocking code in a
worker thread of a :class:`concurrent.futures.Executor`: the caller's or, by
default, a process-wide ``ThreadPoolExecutor`` created on first use. The
Polars engine releases the GIL while it computes, so the event loop keeps
running; converting results to Python objects needs the GIL and is shared
with the loop at the interpreter's switch interval.

Cancellation guarantees (the engine has no interruption point):

* work that has not started yet (queued behind other work in the executor) is
  cancelled for real by :meth:`ExecutionHandle.cancel` or by cancelling the
  task awaiting ``acollect()``/``ato_*()``;
* work that has started runs to completion in its worker thread (it is bounded
  by the plan: it never spins forever) and its result is discarded;
  ``cancel()`` then returns ``False``.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import contextvars
import enum
import functools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Generic, TypeVar

__all__ = ["ExecutionHandle", "PlanMaterialization", "plan_materialization_summary"]

T = TypeVar("T")


class PlanMaterialization(str, enum.Enum):
    """The four ways of materializing a plan (labels; see the module docs).

    Example:
        >>> from pydantable import PlanMaterialization
        >>> PlanMaterialization("chunked") is PlanMaterialization.CHUNKED
        True
    """

    BLOCKING = "blocking"
    ASYNC = "async"
    DEFERRED = "deferred"
    CHUNKED = "chunked"


_SUMMARIES = {
    PlanMaterialization.BLOCKING: (
        "blocking: collect()/to_dict()/to_polars()... run the plan in the calling "
        "thread and return the whole result"
    ),
    PlanMaterialization.ASYNC: (
        "async: await acollect()/ato_dict()/... run the same work in a worker "
        "thread without blocking the event loop"
    ),
    PlanMaterialization.DEFERRED: (
        "deferred: submit() starts the work on an executor now and returns an "
        "ExecutionHandle; await handle.result() later"
    ),
    PlanMaterialization.CHUNKED: (
        "chunked: stream()/astream()/iter_batches() pull fixed-size batches from "
        "the streaming engine, with bounded memory"
    ),
}


def plan_materialization_summary(kind: PlanMaterialization | str) -> str:
    """A one-line description of a materialization mode.

    Example:
        >>> from pydantable import plan_materialization_summary
        >>> plan_materialization_summary("deferred").split(":")[0]
        'deferred'
    """
    try:
        member = PlanMaterialization(kind)
    except ValueError:
        choices = [m.value for m in PlanMaterialization]
        msg = f"unknown materialization kind {kind!r}; expected one of {choices}"
        raise ValueError(msg) from None
    return _SUMMARIES[member]


# -- the default executor ------------------------------------------------------------

_default_executor: ThreadPoolExecutor | None = None
_default_lock = threading.Lock()


def default_executor() -> ThreadPoolExecutor:
    """The process-wide worker pool used when no ``executor=`` is given.

    Created on first use (``thread_name_prefix="pydantable"``, the standard
    default size) and shut down at interpreter exit: queued work is cancelled,
    running work finishes.
    """
    global _default_executor
    executor = _default_executor
    if executor is None:
        with _default_lock:
            executor = _default_executor
            if executor is None:
                executor = ThreadPoolExecutor(thread_name_prefix="pydantable")
                _default_executor = executor
    return executor


def _shutdown_default_executor() -> None:
    global _default_executor
    with _default_lock:
        executor, _default_executor = _default_executor, None
    if executor is not None:
        executor.shutdown(wait=False, cancel_futures=True)


# Worker threads of thread pools are joined by ``concurrent.futures.thread``
# (imported above, so registered first) *before* ``atexit`` handlers run; the
# same hook runs in reverse order of registration, so this cancels queued work
# first and interpreter exit waits only for work already running.
_register_before_join = getattr(threading, "_register_atexit", None)
if _register_before_join is not None:
    with contextlib.suppress(RuntimeError):  # registered during interpreter shutdown
        _register_before_join(_shutdown_default_executor)
atexit.register(_shutdown_default_executor)


def _in_context(
    fn: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> Callable[[], T]:
    """``fn(*args, **kwargs)`` bound to a copy of the caller's context variables."""
    context = contextvars.copy_context()
    return functools.partial(context.run, fn, *args, **kwargs)


def submit_blocking(
    fn: Callable[..., T],
    /,
    *args: Any,
    executor: concurrent.futures.Executor | None = None,
    **kwargs: Any,
) -> concurrent.futures.Future[T]:
    """Start ``fn(*args, **kwargs)`` on ``executor`` (default pool) in the caller's context."""
    pool = default_executor() if executor is None else executor
    return pool.submit(_in_context(fn, args, kwargs))


async def run_blocking(
    fn: Callable[..., T],
    /,
    *args: Any,
    executor: concurrent.futures.Executor | None = None,
    **kwargs: Any,
) -> T:
    """Await ``fn(*args, **kwargs)`` run in a worker thread; the loop is never blocked.

    Exceptions propagate with their original type. Cancelling the awaiting task
    cancels the call if it has not started; a started call runs to completion
    in its thread and its result is dropped.

    Example:
        >>> import asyncio
        >>> from pydantable.execution import run_blocking
        >>> asyncio.run(run_blocking(sum, [1, 2, 3]))
        6
    """
    loop = asyncio.get_running_loop()
    pool = default_executor() if executor is None else executor
    return await loop.run_in_executor(pool, _in_context(fn, args, kwargs))


class ExecutionHandle(Generic[T]):
    """A materialization started in the background by ``frame.submit()``.

    The work starts immediately on the executor. ``await handle.result()``
    (any number of times, from any event loop) gives the result or raises the
    original exception. Cancelling a task that awaits ``result()`` does not
    cancel the work (other awaiters may want it); use :meth:`cancel`.

    Example:
        >>> import asyncio
        >>> from pydantable import DataFrameModel
        >>> class T(DataFrameModel):
        ...     x: int
        >>> handle = T({"x": [1, 2]}).submit()
        >>> [row.x for row in asyncio.run(handle.result())]
        [1, 2]
        >>> handle.done()
        True
    """

    __slots__ = ("_future",)

    def __init__(self, future: concurrent.futures.Future[T]) -> None:
        self._future = future

    async def result(self) -> T:
        """Wait for the result without blocking the event loop.

        Raises:
            concurrent.futures.CancelledError: the work was cancelled by
                :meth:`cancel` (an ``Exception``, distinct from
                ``asyncio.CancelledError``, so it is not mistaken for the
                cancellation of the awaiting task).
            Exception: whatever the materialization raised, unchanged.
        """
        future = self._future
        if not future.done():
            waiter = asyncio.wrap_future(future)
            try:
                await asyncio.shield(waiter)
            except asyncio.CancelledError:
                if not future.cancelled():
                    raise  # the awaiting task itself was cancelled
        return future.result()

    def result_blocking(self, timeout: float | None = None) -> T:
        """Block the calling thread until the result is ready (not for event loops).

        Raises:
            TimeoutError: not done within ``timeout`` seconds.
            concurrent.futures.CancelledError: the work was cancelled.
        """
        return self._future.result(timeout)

    def done(self) -> bool:
        """Whether the work finished (with a result, an error, or cancelled)."""
        return self._future.done()

    def running(self) -> bool:
        """Whether the work is executing right now."""
        return self._future.running()

    def cancelled(self) -> bool:
        """Whether the work was cancelled before it started."""
        return self._future.cancelled()

    def cancel(self) -> bool:
        """Cancel the work if it has not started; ``True`` when it will never run.

        A started engine collect cannot be interrupted: it runs to completion
        in its worker thread (bounded by the plan) and ``cancel()`` returns
        ``False``. After cancellation, ``result()`` raises
        ``concurrent.futures.CancelledError``.
        """
        return self._future.cancel()

    def __repr__(self) -> str:
        if self._future.cancelled():
            state = "cancelled"
        elif self._future.done():
            state = "done"
        elif self._future.running():
            state = "running"
        else:
            state = "pending"
        return f"<ExecutionHandle {state}>"
