"""Run options an engine reads while it runs a plan: engine-neutral, per call.

``collect(engine_streaming=True)`` asks the engine to run the plan with its
streaming executor (bounded memory for large scans). The choice travels in a
context variable, so it reaches the engine through any materializer and into
worker threads (async and deferred runs copy the caller's context). Without a
per-call choice, ``PYDANTABLE_ENGINE_STREAMING`` (``1``/``true``/``yes`` or
``0``/``false``/``no``) decides; unset, the engine chooses.

Example:
    >>> from pydantable.engines.options import prefer_streaming, streaming_preferred
    >>> with prefer_streaming(True):
    ...     streaming_preferred()
    True
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextvars import ContextVar

__all__ = [
    "STREAMING_ENV",
    "prefer_streaming",
    "resolve_streaming",
    "streaming_preferred",
]

STREAMING_ENV = "PYDANTABLE_ENGINE_STREAMING"
_streaming: ContextVar[bool | None] = ContextVar("pydantable_streaming", default=None)
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def resolve_streaming(
    streaming: bool | None, engine_streaming: bool | None
) -> bool | None:
    """One choice from the two spellings (``streaming=`` and ``engine_streaming=``)."""
    if (
        streaming is not None
        and engine_streaming is not None
        and streaming != engine_streaming
    ):
        msg = "streaming= and engine_streaming= disagree; pass one of them"
        raise ValueError(msg)
    choice = engine_streaming if engine_streaming is not None else streaming
    if choice is not None and not isinstance(choice, bool):
        msg = f"engine_streaming must be True, False or None; got {choice!r}"
        raise TypeError(msg)
    return choice


def streaming_preferred() -> bool | None:
    """The per-call choice, else the environment's, else ``None`` (engine decides)."""
    choice = _streaming.get()
    if choice is not None:
        return choice
    raw = os.environ.get(STREAMING_ENV)
    if raw is None:
        return None
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    return None


@contextlib.contextmanager
def prefer_streaming(choice: bool | None) -> Iterator[None]:
    """Run the block with ``choice`` (``None``: leave the current choice)."""
    if choice is None:
        yield
        return
    token = _streaming.set(choice)
    try:
        yield
    finally:
        _streaming.reset(token)
