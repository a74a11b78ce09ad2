"""File-scan benchmark: ``Model.read_parquet(path)`` → validate → ``to_polars()``
against raw ``pl.scan_parquet(path).collect()`` on the same file, same run.

``python -m benchmarks.io [--rows N] [--repeat R] [--no-statistics]`` prints the
median of each variant and its ratio to raw Polars (also group ``io`` of
``python -m benchmarks``). Targets: full validation within 1.3×,
``trusted_mode="shape_only"`` within 1.05×. With ``--no-statistics`` the file is
written without column statistics, so no footer proves anything and the scan
takes its checking paths (the fallback's cost).

The model has a ``Literal`` column and a constrained one, so full validation
has per-cell rules to check (members of ``kind``, ``0 <= qty <= 1000``, no
nulls but in ``note``); ``raw + checks`` is raw Polars doing those checks by
hand (one aggregate pre-pass, then the scan). Every variant must read the same
frame as raw Polars (checked before timing; a difference exits non-zero).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Literal

import polars as pl
from pydantic import Field

from benchmarks._timing import Bench, Section
from pydantable import DataFrameModel

__all__ = ["FULL_TARGET", "SHAPE_ONLY_TARGET", "bench_group", "main", "run"]

FULL_TARGET = 1.3
SHAPE_ONLY_TARGET = 1.05
KINDS = ("click", "view", "buy")


class Event(DataFrameModel):
    id: int
    user: str
    score: float
    day: dt.date
    note: str | None
    kind: Literal["click", "view", "buy"]
    qty: Annotated[int, Field(ge=0, le=1000)]


class ScanMismatchError(AssertionError):
    """A variant read a different frame than raw Polars."""


def raw_checked(path: Path) -> pl.DataFrame:
    """Raw Polars with the checks full validation makes (a pre-pass, then the scan)."""
    scan = pl.scan_parquet(path)
    ok = scan.select(
        pl.col("kind").is_in(list(KINDS)).all(),
        pl.col("qty").is_between(0, 1000).all(),
        pl.sum_horizontal(
            pl.col("id", "user", "score", "day", "kind", "qty").null_count()
        )
        == 0,
    ).collect()
    if not all(ok.row(0)):
        msg = "invalid file"
        raise ValueError(msg)
    return scan.collect()


def make_file(folder: Path, rows: int, *, statistics: bool = True) -> Path:
    """A Parquet file of ``rows`` rows matching :class:`Event` (built in Polars)."""
    path = folder / "events.parquet"
    idx = pl.int_range(pl.len())
    pl.select(pl.int_range(rows).alias("id")).select(
        pl.col("id"),
        ("u" + (idx % 1000).cast(pl.String)).alias("user"),
        (idx.cast(pl.Float64) / 7.0).alias("score"),
        (pl.date(2026, 1, 1) + pl.duration(days=idx % 365)).alias("day"),
        pl.when(idx % 3 == 0).then(None).otherwise(pl.lit("n")).alias("note"),
        pl.lit(pl.Series(KINDS)).gather(idx % len(KINDS)).alias("kind"),
        (idx * 7 % 1001).alias("qty"),
    ).write_parquet(path, statistics=statistics)
    return path


def _median(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(rows: int, repeat: int, *, with_statistics: bool = True) -> dict[str, float]:
    """Median seconds per variant (``raw``, ``raw + checks``, ``full``,
    ``shape_only``). Raises :class:`ScanMismatchError` if a variant reads a
    different frame than raw Polars."""
    with tempfile.TemporaryDirectory() as folder:
        path = make_file(Path(folder), rows, statistics=with_statistics)
        variants: dict[str, Callable[[], object]] = {
            "raw": lambda: pl.scan_parquet(path).collect(),
            "raw + checks": lambda: raw_checked(path),
            "full": lambda: Event.read_parquet(path).to_polars(),
            "shape_only": lambda: Event.read_parquet(
                path, trusted_mode="shape_only"
            ).to_polars(),
        }
        raw = variants["raw"]()
        for name in ("raw + checks", "full", "shape_only"):
            got = variants[name]()
            if not (
                isinstance(raw, pl.DataFrame)
                and isinstance(got, pl.DataFrame)
                and got.schema == raw.schema
                and got.equals(raw)
            ):
                msg = f"io: {name} read a different frame than pl.scan_parquet(path).collect()"
                raise ScanMismatchError(msg)
        times: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(repeat):  # interleaved, so machine noise hits all alike
            for name, fn in variants.items():
                times[name].append(_median(fn, 1))
        return {name: statistics.median(t) for name, t in times.items()}


CODES = {
    "raw": "pl.scan_parquet(path).collect()",
    "raw + checks": "pre-pass (kind members, qty bounds, nulls) + pl.scan_parquet(path).collect()",
    "full": "Event.read_parquet(path).to_polars()",
    "shape_only": 'Event.read_parquet(path, trusted_mode="shape_only").to_polars()',
}


def table(medians: dict[str, float]) -> str:
    raw = medians["raw"]
    checked = medians["raw + checks"]
    targets = {"full": FULL_TARGET, "shape_only": SHAPE_ONLY_TARGET}
    lines = [
        "| variant | code | median | ratio to raw Polars | ratio to raw + checks | target |",
        "|---|---|--:|--:|--:|---|",
    ]
    for name, seconds in medians.items():
        ratio = seconds / raw
        target = targets.get(name)
        mark = (
            ""
            if target is None
            else f"≤ {target}× {'ok' if ratio <= target else 'MISSED'}"
        )
        lines.append(
            f"| {name} | `{CODES[name]}` | {seconds * 1000:.1f} ms | {ratio:.2f}× "
            f"| {seconds / checked:.2f}× | {mark} |"
        )
    return "\n".join(lines)


def bench_group(bench: Bench) -> list[object]:
    """Group ``io`` of ``python -m benchmarks`` (a section of its own)."""
    rows, repeat = (100_000, 3) if bench.config.quick else (5_000_000, 5)
    bench.log(f"  read_parquet → to_polars, {rows:,} rows, median of {repeat}")
    try:
        medians = run(rows, repeat)
    except ScanMismatchError as exc:
        bench.fail(str(exc))
        return []
    bench.check(True, "io: every variant read the same frame")
    bench.section(
        Section(
            "io",
            f"File scans: read_parquet → to_polars() ({rows:,} rows × 7 columns, "
            f"median of {repeat})",
            table(medians),
            medians,
        )
    )
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.io")
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--no-statistics",
        dest="statistics",
        action="store_false",
        help="write the file without column statistics (the fallback paths)",
    )
    args = parser.parse_args(argv)
    try:
        medians = run(args.rows, args.repeat, with_statistics=args.statistics)
    except ScanMismatchError as exc:
        print(f"FAILED: {exc}", file=sys.stderr)
        return 1
    stats = "" if args.statistics else " (file without statistics)"
    print(
        f"read_parquet → to_polars, {args.rows:,} rows{stats}, median of {args.repeat}"
    )
    print(table(medians))
    return 0


if __name__ == "__main__":
    sys.exit(main())
