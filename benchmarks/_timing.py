"""Timing and reporting: median of N runs, results, Markdown tables.

:func:`measure_group` runs each callable once to warm up (caches, imports,
lazily built validators), calibrates how many calls make one run (so that
microsecond workloads are not dominated by timer resolution), then times
``runs`` rounds with :func:`time.perf_counter`. A round runs every callable once,
in rotating order, with :func:`gc.collect` before each run, so pydantable and its
baselines see the same machine state. The reported figure is the median
per-call time.

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
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ORIGINAL_LABEL",
    "Bench",
    "Config",
    "Measured",
    "Result",
    "Section",
    "Timing",
    "format_seconds",
    "markdown_table",
    "measure",
    "measure_group",
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
            return cls(quick=True, min_runs=3, max_runs=5, budget=0.1, batch=0.01)
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


def _calibrate(fn: Callable[[], object], config: Config) -> tuple[int, float]:
    """Warm ``fn`` up; return ``(calls per run, estimated seconds per run)``."""
    gc.collect()
    estimate = _timed_call(fn)  # warm-up
    if estimate >= config.batch:
        return 1, estimate
    estimate = max(min(estimate, _timed_call(fn)), 1e-7)
    number = max(1, int(config.batch / estimate))
    return number, estimate * number


def _timed_run(fn: Callable[[], object], number: int) -> float:
    gc.collect()
    if number == 1:
        return _timed_call(fn)
    start = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - start) / number


def measure_group(fns: Sequence[Callable[[], object]], config: Config) -> list[Timing]:
    """Time several callables with interleaved runs (one :class:`Timing` each).

    Each round runs every callable once, starting with a different one each
    round, so slow drifts of the machine state (allocator, caches, CPU
    frequency) hit all of them alike instead of whichever ran first.
    """
    plans = [_calibrate(fn, config) for fn in fns]
    per_round = sum(seconds for _, seconds in plans)
    wanted = int(config.budget * len(fns) / max(per_round, 1e-9))
    runs = max(config.min_runs, min(config.max_runs, wanted))
    samples: list[list[float]] = [[] for _ in fns]
    for round_ in range(runs):
        for k in range(len(fns)):
            i = (round_ + k) % len(fns)
            samples[i].append(_timed_run(fns[i], plans[i][0]))
    return [
        Timing(statistics.median(runs_), min(runs_), runs, number)
        for runs_, (number, _) in zip(samples, plans, strict=True)
    ]


def measure(fn: Callable[[], object], config: Config) -> Timing:
    """Median per-call time of ``fn`` over several runs, after a warm-up call."""
    return measure_group([fn], config)[0]


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
        original: the original pydantable 1.19's figure for this row, measured
            independently (not in this run), as display text.
    """

    group: str
    name: str
    rows: int
    ours: Measured
    polars: Measured | None = None
    pydantic: Measured | None = None
    polars_target: float | None = None
    pydantic_target: float | None = None
    original: str | None = None

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
        if seconds >= scale * 0.9995:  # so 999.7 µs prints as 1 ms
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds * 1e9:.3g} ns"


def _ratio_text(ratio: float | None) -> str:
    return "—" if ratio is None else f"{ratio:.2f}×"


def _median(measured: Measured | None) -> float | None:
    return (
        None if measured is None or measured.timing is None else measured.timing.median
    )


#: How the original pydantable 1.19's figures are labelled wherever they are printed.
ORIGINAL_LABEL = "original 1.19, measured independently, not this run"


def _code(measured: Measured | None) -> str:
    return "—" if measured is None else f"`{measured.code}`"


def markdown_table(results: Sequence[Result], *, codes: bool = True) -> str:
    """The results as a GitHub-flavoured Markdown table.

    With ``codes`` the exact spelling of every implementation is in the table
    (``ours`` / ``raw Polars`` / ``Pydantic`` code columns), and a column shows
    the original 1.19's figure where one exists (:data:`ORIGINAL_LABEL`).
    """
    header = (
        "| benchmark | rows | pydantable | raw Polars | Pydantic "
        "| ours/Polars | ours/Pydantic | target | status "
        f"| {ORIGINAL_LABEL} |"
    )
    rule = "|---|--:|--:|--:|--:|--:|--:|---|---|--:|"
    if codes:
        header += " pydantable code | raw Polars code | Pydantic code |"
        rule += "---|---|---|"
    lines = [header, rule]
    for r in results:
        ours = format_seconds(_median(r.ours)) if r.ours.timing else "n/a"
        line = (
            f"| {r.name} | {r.rows:,} | {ours} | {format_seconds(_median(r.polars))} "
            f"| {format_seconds(_median(r.pydantic))} | {_ratio_text(r.polars_ratio)} "
            f"| {_ratio_text(r.pydantic_ratio)} | {r.target_text()} | {r.status()} "
            f"| {r.original or ''} |"
        )
        if codes:
            line += f" {_code(r.ours)} | {_code(r.polars)} | {_code(r.pydantic)} |"
        lines.append(line)
    return "\n".join(lines)


@dataclass(frozen=True)
class Section:
    """A report section of its own (HTTP, pipeline, file scans): a title,
    Markdown text and a JSON payload."""

    group: str
    title: str
    markdown: str
    data: Any = None


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
        "original_1_19": result.original,
    }


def _to_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


@dataclass
class Bench:
    """Measures workloads and logs progress to stderr (tables go to stdout).

    Equivalence checks report through :meth:`fail` / :meth:`check`: every
    failure is logged at once, listed in the report, and makes the run exit
    non-zero. Groups with their own report format add :class:`Section` objects.
    """

    config: Config
    log: Callable[[str], object] = _to_stderr
    failures: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    checks: int = 0

    def fail(self, what: str) -> None:
        """Record a failed equivalence check (or a route that failed)."""
        self.checks += 1
        self.failures.append(what)
        self.log(f"  FAILED: {what}")

    def print_report(self) -> int:
        """Print the sections (stdout) and failures (stderr) of a group run on
        its own; the exit status: 1 when a check failed."""
        for section in self.sections:
            print(f"### {section.title}\n\n{section.markdown}\n")
        for failure in self.failures:
            print(f"FAILED: {failure}", file=sys.stderr)
        return 1 if self.failures else 0

    def check(self, ok: bool, what: str) -> bool:
        """:meth:`fail` with ``what`` unless ``ok``; return ``ok``."""
        if not ok:
            self.fail(what)
        else:
            self.checks += 1
        return ok

    def section(self, section: Section) -> None:
        self.sections.append(section)

    def time(
        self, what: str, rows: int, code: str, fn: Callable[[], object] | None
    ) -> Measured:
        """Measure ``fn`` (``None``: not available) and log its median."""
        return self.time_many(what, rows, [(code, fn)])[0]

    def time_many(
        self,
        what: str,
        rows: int,
        candidates: Sequence[tuple[str, Callable[[], object] | None]],
    ) -> list[Measured]:
        """Measure ``(code, fn)`` candidates with interleaved runs; log each median.

        A ``None`` function is reported as not available.
        """
        fns = [fn for _, fn in candidates if fn is not None]
        measured = iter(measure_group(fns, self.config) if fns else [])
        out = []
        for code, fn in candidates:
            timing = next(measured) if fn is not None else None
            if timing is None:
                self.log(f"  {what:<36} {rows:>9,} rows  {'n/a':>10}  {code}")
            else:
                self.log(
                    f"  {what:<36} {rows:>9,} rows  {format_seconds(timing.median):>10}"
                    f"  ({timing.runs}x{timing.number})  {code}"
                )
            out.append(Measured(code, timing))
        return out
