"""File-scan benchmark: ``Model.read_parquet(path)`` → validate → ``to_polars()``
against raw ``pl.scan_parquet(path).collect()`` on the same file, same run.

``python -m benchmarks.io [--rows N] [--repeat R] [--no-statistics]`` prints the
median of each variant and its ratio to raw Polars. Targets: full validation
within 1.3×, ``trusted_mode="shape_only"`` within 1.05×. With ``--no-statistics``
the file is written without column statistics, so no footer proves anything and
the scan takes its checking paths (the fallback's cost). Kept out of the test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl

from pydantable import DataFrameModel

__all__ = ["FULL_TARGET", "SHAPE_ONLY_TARGET", "main", "run"]

FULL_TARGET = 1.3
SHAPE_ONLY_TARGET = 1.05


class Event(DataFrameModel):
    id: int
    user: str
    score: float
    day: dt.date
    note: str | None


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
    """Median seconds per variant (``raw``, ``full``, ``shape_only``)."""
    with tempfile.TemporaryDirectory() as folder:
        path = make_file(Path(folder), rows, statistics=with_statistics)
        variants: dict[str, Callable[[], object]] = {
            "raw": lambda: pl.scan_parquet(path).collect(),
            "full": lambda: Event.read_parquet(path).to_polars(),
            "shape_only": lambda: Event.read_parquet(
                path, trusted_mode="shape_only"
            ).to_polars(),
        }
        raw = variants["raw"]()
        for name in ("full", "shape_only"):
            got = variants[name]()
            assert isinstance(raw, pl.DataFrame)
            assert isinstance(got, pl.DataFrame)
            assert got.equals(raw), f"{name} read a different frame"
        times: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(repeat):  # interleaved, so machine noise hits all alike
            for name, fn in variants.items():
                times[name].append(_median(fn, 1))
        return {name: statistics.median(t) for name, t in times.items()}


def main(argv: list[str] | None = None) -> None:
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
    medians = run(args.rows, args.repeat, with_statistics=args.statistics)
    raw = medians["raw"]
    targets = {"full": FULL_TARGET, "shape_only": SHAPE_ONLY_TARGET}
    stats = "" if args.statistics else " (file without statistics)"
    print(
        f"read_parquet → to_polars, {args.rows:,} rows{stats}, median of {args.repeat}"
    )
    print("| variant | median | ratio to raw Polars | target |")
    print("|---|---|---|---|")
    for name, seconds in medians.items():
        ratio = seconds / raw
        target = targets.get(name)
        mark = (
            ""
            if target is None
            else f"≤ {target}× {'ok' if ratio <= target else 'MISSED'}"
        )
        print(f"| {name} | {seconds * 1000:.1f} ms | {ratio:.2f}× | {mark} |")


if __name__ == "__main__":
    main()
