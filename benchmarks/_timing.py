"""Timing and reporting: median of N runs, results, Markdown tables.

:func:`measure` runs a callable once to warm up (caches, imports, lazily built
validators), calibrates how many calls make one run (so that microsecond
workloads are not dominated by timer resolution), then times ``runs`` runs with
:func:`time.perf_counter`, calling :func:`gc.collect` before each run. The
reported figure is the median per-call time.

The cyclic garbage collector stays enabled while timing: the collections a
workload triggers (e.g. while building a million row models) are part of what a
service pays.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "Bench",
    "Config",
    "Measured",
    "Result",
    "Timing",
    "format_seconds",
    "markdown_table",
    "measure",
    "result_to_json",
]


@dataclass(frozen=True)
class Config:
    """How long to time each workload.

    Attributes:
        quick: smoke-run mode (small sizes, few runs).
        min_runs: fewest timed runs per measurement.
        max_runs: most timed runs per measurement.
        budget: seconds of timed work aimed at per measurement (more runs for
            fast workloads, ``min_runs`` for slow ones).
        batch: a run repeats the call until it takes about this many seconds.
    """

    quick: bool = False
    min_runs: int = 5
    max_runs: int = 25
    budget: float = 1.0
    batch: float = 0.05

    @classmethod
    def for_mode(cls, *, quick: bool) -> Config:
        """The full-run or the ``--quick`` configuration."""
        if quick:
            return cls(quick=True, min_runs=3, max_runs=7, budget=0.15, batch=0.01)
        return cls()


@dataclass(frozen=True)
class Timing:
    """Per-call seconds of one measured workload."""

    median: float
    best: float
    runs: int
    number: int  # calls per timed run

    def as_json(self) -> dict[str, Any]:
        return {
            "median_s": self.median,
            "best_s": self.best,
            "runs": self.runs,
            "calls_per_run": self.number,
        }


def _timed_call(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    out = fn()
    elapsed = time.perf_counter() - start
    del out  # freeing a large result is not part of the timed work
    return elapsed


def measure(fn: Callable[[], object], config: Config) -> Timing:
    """Median per-call time of ``fn`` over several runs, after a warm-up call."""
    gc.collect()
    estimate = _timed_call(fn)  # warm-up
    if estimate < config.batch:
        estimate = min(estimate, _timed_call(fn))
    number = (
        max(1, int(config.batch / max(estimate, 1e-7)))
        if estimate < config.batch
        else 1
    )
    wanted = int(config.budget / max(estimate * number, 1e-9))
    runs = max(config.min_runs, min(config.max_runs, wanted))
    samples: list[float] = []
    for _ in range(runs):
        gc.collect()
        if number == 1:
            samples.append(_timed_call(fn))
            continue
        start = time.perf_counter()
        for _ in range(number):
            fn()
        samples.append((time.perf_counter() - start) / number)
    return Timing(statistics.median(samples), min(samples), runs, number)


@dataclass(frozen=True)
class Measured:
    """A timed implementation: the code it runs and its timing.

    ``timing`` is ``None`` when the implementation is not available (e.g. a
    pydantable method that does not exist yet).
    """

    code: str
    timing: Timing | None


@dataclass(frozen=True)
class Result:
    """One table row: pydantable and its baselines on the same data.

    Attributes:
        group: ``"ingest"`` or ``"egress"``.
        name: what the row measures.
        rows: number of rows in the data.
        ours: the pydantable implementation.
        polars: the hand-written Polars baseline.
        pydantic: the plain Pydantic baseline.
        polars_target: target for ``ours / polars`` (lower is better).
        pydantic_target: target for ``ours / pydantic``.
    """

    group: str
    name: str
    rows: int
    ours: Measured
    polars: Measured | None = None
    pydantic: Measured | None = None
    polars_target: float | None = None
    pydantic_target: float | None = None

    def ratio(self, baseline: Measured | None) -> float | None:
        """``ours / baseline`` median ratio, if both were measured."""
        if baseline is None or baseline.timing is None or self.ours.timing is None:
            return None
        return self.ours.timing.median / baseline.timing.median

    @property
    def polars_ratio(self) -> float | None:
        return self.ratio(self.polars)

    @property
    def pydantic_ratio(self) -> float | None:
        return self.ratio(self.pydantic)

    def target_text(self) -> str:
        parts = []
        if self.polars_target is not None:
            parts.append(f"≤{self.polars_target:g}× Polars")
        if self.pydantic_target is not None:
            parts.append(f"≤{self.pydantic_target:g}× Pydantic")
        return "; ".join(parts) or "—"

    def status(self) -> str:
        """``PASS``/``MISS`` against the targets (informational), ``—`` without one."""
        checks = [
            (name, ratio, limit)
            for name, ratio, limit in (
                ("Polars", self.polars_ratio, self.polars_target),
                ("Pydantic", self.pydantic_ratio, self.pydantic_target),
            )
            if limit is not None
        ]
        if not checks:
            return "—"
        if self.ours.timing is None:
            return "n/a"
        missed = [
            name for name, ratio, limit in checks if ratio is None or ratio > limit
        ]
        if not missed:
            return "PASS"
        return f"MISS ({', '.join(missed)})" if len(checks) > 1 else "MISS"


def format_seconds(seconds: float | None) -> str:
    """``1.23 s``, ``45.6 ms`` or ``789 µs`` (``—`` for ``None``)."""
    if seconds is None:
        return "—"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds * 1e9:.3g} ns"


def _ratio_text(ratio: float | None) -> str:
    return "—" if ratio is None else f"{ratio:.2f}×"


def _median(measured: Measured | None) -> float | None:
    return (
        None if measured is None or measured.timing is None else measured.timing.median
    )


def markdown_table(results: Sequence[Result]) -> str:
    """The results as a GitHub-flavoured Markdown table."""
    header = (
        "| benchmark | rows | pydantable | raw Polars | Pydantic "
        "| ours/Polars | ours/Pydantic | target | status |"
    )
    lines = [header, "|---|--:|--:|--:|--:|--:|--:|---|---|"]
    for r in results:
        ours = format_seconds(_median(r.ours)) if r.ours.timing else "n/a"
        lines.append(
            f"| {r.name} | {r.rows:,} | {ours} | {format_seconds(_median(r.polars))} "
            f"| {format_seconds(_median(r.pydantic))} | {_ratio_text(r.polars_ratio)} "
            f"| {_ratio_text(r.pydantic_ratio)} | {r.target_text()} | {r.status()} |"
        )
    return "\n".join(lines)


def result_to_json(result: Result) -> dict[str, Any]:
    """A JSON-ready dict of one result (codes, timings, ratios, status)."""

    def side(measured: Measured | None) -> dict[str, Any] | None:
        if measured is None:
            return None
        timing = measured.timing.as_json() if measured.timing is not None else None
        return {"code": measured.code, "timing": timing}

    return {
        "group": result.group,
        "name": result.name,
        "rows": result.rows,
        "pydantable": side(result.ours),
        "polars": side(result.polars),
        "pydantic": side(result.pydantic),
        "ratio_polars": result.polars_ratio,
        "ratio_pydantic": result.pydantic_ratio,
        "target": result.target_text(),
        "status": result.status(),
    }


def _to_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


@dataclass
class Bench:
    """Measures workloads and logs progress to stderr (tables go to stdout)."""

    config: Config
    log: Callable[[str], object] = _to_stderr

    def time(
        self, what: str, rows: int, code: str, fn: Callable[[], object] | None
    ) -> Measured:
        """Measure ``fn`` (``None``: not available) and log its median."""
        if fn is None:
            self.log(f"  {what:<44} {rows:>9,} rows  {'n/a':>10}  {code}")
            return Measured(code, None)
        timing = measure(fn, self.config)
        self.log(
            f"  {what:<44} {rows:>9,} rows  {format_seconds(timing.median):>10}  "
            f"({timing.runs}x{timing.number})  {code}"
        )
        return Measured(code, timing)
