"""Materialization events for logging, metrics and tracing.

Register one process-global observer with :func:`set_observer`; every
materialization then calls it once, after the work finished, with an event
dict::

    {"op": "to_dict", "mode": "blocking", "engine": "polars",
     "duration_ms": 1.25, "rows": 3, "ok": True}

Fields:

* ``op``: the method the caller used (``"collect"``, ``"to_dict"``,
  ``"acollect"``, ``"submit"``, ``"stream"`` ...).
* ``mode``: ``"blocking"``, ``"async"``, ``"deferred"`` or ``"chunked"`` (the
  values of :class:`pydantable.PlanMaterialization`).
* ``engine``: the engine that ran the plan (``"polars"``).
* ``duration_ms``: wall time of the work (for async/deferred work: the time in
  the worker thread, not the time spent queued; for streams: from the first
  pull until the stream ended or was closed).
* ``rows``: result rows, when known (for streams: rows handed out so far).
* ``ok``: ``False`` when the work raised; ``error`` and ``error_type`` then hold
  the exception's type name and the exception still propagates unchanged.
* streams add ``batch_size``, ``batches`` and ``complete`` (``False`` when the
  consumer stopped early, which is not an error).

With no observer set, instrumentation costs one global read and one
environment lookup per materialization: no clock is read and no event is built.
Setting ``PYDANTABLE_TRACE`` to ``1``/``true``/``yes`` (see :func:`trace_enabled`)
prints each event as ``pydantable.trace {event}`` while no observer is set.

The observer runs synchronously in the thread that did the work (a worker
thread for async, deferred and ``astream`` work; the context variables of the
caller are visible there). If it raises, the exception is reported as a
:class:`RuntimeWarning` (shown once per call site under the default warning
filters) and dropped: an observer can never change a materialization's result
or exception.

Example:
    >>> from pydantable import DataFrameModel, set_observer
    >>> class T(DataFrameModel):
    ...     x: int
    >>> events = []
    >>> set_observer(events.append)
    >>> _ = T({"x": [1, 2]}).to_dict()
    >>> set_observer(None)
    >>> (events[0]["op"], events[0]["rows"], events[0]["ok"])
    ('to_dict', 2, True)
"""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Callable
from contextvars import ContextVar
from types import TracebackType
from typing import Any

__all__ = [
    "Observer",
    "emit",
    "get_observer",
    "request_id_var",
    "set_observer",
    "span",
    "trace_enabled",
]

#: The id of the request being served (set by
#: ``pydantable.fastapi.RequestIdMiddleware``); events carry it as ``request_id``.
request_id_var: ContextVar[str | None] = ContextVar(
    "pydantable_request_id", default=None
)

#: An observer: called with one event dict per materialization.
Observer = Callable[[dict[str, Any]], object]

_observer: Observer | None = None


def set_observer(fn: Observer | None) -> None:
    """Install ``fn`` as the process-global observer (``None`` removes it).

    Example:
        >>> from pydantable import get_observer, set_observer
        >>> set_observer(print)
        >>> get_observer() is print
        True
        >>> set_observer(None)
    """
    if fn is not None and not callable(fn):
        msg = f"observer must be callable or None; got {type(fn).__name__}"
        raise TypeError(msg)
    global _observer
    _observer = fn


def get_observer() -> Observer | None:
    """The current observer, or ``None``.

    Example:
        >>> from pydantable import get_observer
        >>> get_observer() is None
        True
    """
    return _observer


def trace_enabled() -> bool:
    """Whether ``PYDANTABLE_TRACE`` is ``1``, ``true`` or ``yes`` (any case).

    Example:
        >>> import os
        >>> from pydantable.observe import trace_enabled
        >>> os.environ["PYDANTABLE_TRACE"] = "yes"; trace_enabled()
        True
        >>> del os.environ["PYDANTABLE_TRACE"]; trace_enabled()
        False
    """
    value = os.environ.get("PYDANTABLE_TRACE")
    return value is not None and value.strip().lower() in {"1", "true", "yes"}


def _print_trace(event: dict[str, Any]) -> None:
    print(f"pydantable.trace {event}")  # noqa: T201 (the documented trace output)


def _current() -> Observer | None:
    """The observer, or the trace printer when tracing is on and none is set."""
    observer = _observer
    if observer is None and trace_enabled():
        return _print_trace
    return observer


def emit(event: dict[str, Any]) -> None:
    """Send one event to the observer, if any (observer errors become warnings).

    With no observer and ``PYDANTABLE_TRACE`` on, the event is printed as
    ``pydantable.trace {event}``.

    Example:
        >>> from pydantable.observe import emit
        >>> emit({"op": "custom", "ok": True})  # no observer: nothing happens
    """
    observer = _current()
    if observer is not None:
        _deliver(observer, event)


def _deliver(observer: Observer, event: dict[str, Any]) -> None:
    try:
        observer(event)
    except Exception as exc:
        warnings.warn(
            f"pydantable observer raised {type(exc).__name__}: {exc}; event dropped",
            RuntimeWarning,
            stacklevel=4,
        )


class Span:
    """An event being timed; set :attr:`rows` (and :attr:`fields`) inside the block.

    Only built by :func:`span`. When no observer is set, :func:`span` returns
    one shared idle span: nothing is timed and nothing is emitted.
    """

    __slots__ = ("_observer", "_start", "fields", "op", "rows")

    def __init__(
        self, observer: Observer | None, op: str, fields: dict[str, Any]
    ) -> None:
        self._observer = observer
        self._start = 0.0
        self.op = op
        self.fields = fields
        self.rows: int | None = None

    def __enter__(self) -> Span:
        if self._observer is not None:
            self._start = time.perf_counter()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        observer = self._observer
        if observer is None:
            return
        duration_ms = (time.perf_counter() - self._start) * 1000.0
        event: dict[str, Any] = {"op": self.op, "duration_ms": duration_ms}
        if self.rows is not None:
            event["rows"] = self.rows
        ok = exc_type is None or issubclass(exc_type, GeneratorExit)
        event["ok"] = ok
        event.update(self.fields)
        request_id = request_id_var.get()
        if request_id is not None:
            event["request_id"] = request_id
        if not ok:
            assert exc_type is not None
            event["error"] = event["error_type"] = exc_type.__name__
        _deliver(observer, event)


def span(op: str, *, engine: str = "polars", **fields: Any) -> Span:
    """Time a materialization and report it to the observer (internal).

    ``GeneratorExit`` (a consumer closing a stream early) counts as success;
    any other exception gives ``ok=False`` and is re-raised unchanged.

    Example:
        >>> from pydantable.observe import span
        >>> with span("custom", mode="blocking") as s:
        ...     s.rows = 3
    """
    observer = _current()
    if observer is None:
        return _IDLE
    fields["engine"] = engine
    return Span(observer, op, fields)


#: Shared by every span opened while no observer is set: it records nothing and
#: whatever is written to it is never read.
_IDLE = Span(None, "", {})
