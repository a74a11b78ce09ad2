"""Pausing the cyclic garbage collector while building many Python objects.

Materializing a million rows creates millions of containers; each generation-0
threshold crossing then triggers a collection that walks all of them. The
objects built here hold no reference cycles, so collection is deferred until
the batch is complete (it runs normally afterwards).

Pauses nest and may overlap across threads: the collector is disabled when the
first pause starts and restored (if it was enabled then) when the last ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable automatic garbage collection for the duration of the block."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
