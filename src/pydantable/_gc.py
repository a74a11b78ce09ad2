"""Pausing the cyclic garbage collector while building many Python objects.

Materializing a million rows creates millions of containers; each generation-0
threshold crossing then triggers a collection that walks all of them. The
objects built here hold no reference cycles, so collection is deferred until
the batch is complete (it runs normally afterwards).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable automatic garbage collection for the duration of the block."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
