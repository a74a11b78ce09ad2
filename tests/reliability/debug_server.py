"""Debug-only launcher of the reference service for the load runner.

``PYDANTABLE_LOAD_DEBUG=<file> python -m tests.reliability.soak`` starts the
server through this module instead of ``python -m examples.reference_service``.
On ``SIGUSR1`` (sent by the load runner after each round's probe) it appends one
JSON line to ``<file>``: the RSS, the gc-tracked objects counted by type, the
number of ``type`` objects (per-request classes would show here) and, after
``malloc_trim(0)``, the RSS again (what glibc kept but the program no longer
uses). Nothing of this is part of the library or of the service.
"""

from __future__ import annotations

import ctypes
import gc
import json
import runpy
import signal
import sys
from collections import Counter
from pathlib import Path
from types import FrameType


def _rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _dump(target: Path) -> None:
    gc.collect()
    objects = gc.get_objects()
    counts = Counter(type(o).__qualname__ for o in objects)
    types = sum(1 for o in objects if isinstance(o, type))
    del objects
    rss = _rss_kib()
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    record = {
        "rss_kib": rss,
        "rss_after_trim_kib": _rss_kib(),
        "objects": sum(counts.values()),
        "types": types,
        "by_type": dict(counts.most_common(60)),
    }
    with target.open("a") as out:
        out.write(json.dumps(record) + "\n")


def main() -> None:
    target = Path(sys.argv[1])

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        _dump(target)

    signal.signal(signal.SIGUSR1, on_signal)
    sys.argv = ["examples.reference_service", *sys.argv[2:]]
    runpy.run_module("examples.reference_service", run_name="__main__")


if __name__ == "__main__":
    main()
