"""Transform pipelines: pydantable vs the same plan hand-written in raw Polars.

Two pipelines:

* **Events** (in ``python -m benchmarks``, group ``pipeline``; :func:`run`): the
  headline table from Parquet, the spelling a user writes::

      df = Events.read_parquet(path)                  # full validation
      kept = df.filter(df.score > 50)
      valued = kept.with_columns(value=kept.score * kept.qty)
      by = valued.group_by("name", "category").agg(
          total=("sum", "value"), events=("count", "id"), last_ts=("max", "ts"))
      by.join(categories, on="category", how="left").sort("name", "category").to_dict()

  against the same pipeline on ``pl.scan_parquet`` ending in
  ``.collect().to_dict(as_series=False)``, once with the checks full
  validation makes (one aggregate pre-pass: ``category`` members, nulls, ``qty``
  bounds; :func:`benchmarks._data.check_scan`) and once without any. Answers are
  checked equal before timing (float sums to a relative 1e-9: the engine may
  sum in another order); a difference fails the run.

* **Orders** (``python -m benchmarks.pipeline [--rows N] [--runs R]``, default 1M
  rows), described below.

The pipeline (issue 4's yardstick)::

    scan Parquet (orders) → filter → with_columns → group_by/agg
      → join (customers) → window (rank within region) → sort → to_polars()

Both sides read the same Parquet file and produce the same frame (checked
before timing; amounts are multiples of 1/4, so float sums are exact and do not
depend on the engine's summation order). Timed per side, interleaved, median of ``--runs``:

* ``raw Polars``: the pipeline hand-written with ``pl.scan_parquet``.
* ``pydantable (shape_only)``: ``Orders.read_parquet(path, trusted_mode="shape_only")``
  — the transform surface's own cost (plan building, typing, lowering).
* ``pydantable (full validation)``: ``trusted_mode="off"``: every cell of the
  file is validated first (reported for information).
* ``plan building``: only building and lowering the typed plan (no execution).

The target: pydantable (shape_only) ≤ 1.1× raw Polars.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import polars as pl
from polars.testing import assert_frame_equal

from benchmarks._data import (
    CATEGORIES,
    Category,
    Events,
    check_scan,
    events_parquet,
)
from benchmarks._original import ORIGINAL
from benchmarks._timing import Bench, Result
from pydantable import DataFrameModel
from pydantable.expressions import row_number
from pydantable.window_spec import Window

DATA_DIR = Path(__file__).resolve().parent / ".data"
TARGET = 1.1
SEED = 20_241_125


class Orders(DataFrameModel):
    order_id: int
    customer_id: int
    region: Literal["north", "south", "east", "west"]
    amount: float
    qty: int
    discount: float | None
    placed: dt.datetime


class Customers(DataFrameModel):
    customer_id: int
    name: str
    tier: Literal["free", "pro", "team"]


def write_orders(rows: int) -> Path:
    """Deterministic orders Parquet of ``rows`` rows (written once)."""
    path = DATA_DIR / f"orders_{rows}.parquet"
    if path.exists():
        return path
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    i = pl.col("order_id")
    df = (
        pl.DataFrame({"order_id": pl.int_range(0, rows, eager=True)})
        .with_columns(
            customer_id=(i * 7919) % 10_000,
            region=pl.lit(pl.Series(["north", "south", "east", "west"])).gather(i % 4),
            amount=((i * 37) % 1000).cast(pl.Float64) / 4.0,
            qty=(i % 9) + 1,
            discount=pl.when(i % 5 == 0)
            .then(None)
            .otherwise((i % 20).cast(pl.Float64) / 4.0),
            placed=pl.lit(dt.datetime(2024, 1, 1)) + pl.duration(seconds=i),
        )
        .with_columns(pl.col("placed").cast(pl.Datetime("us")))
    )
    tmp = path.with_suffix(".tmp")
    df.write_parquet(tmp)
    tmp.rename(path)
    return path


def customers_data() -> dict[str, list[object]]:
    ids = list(range(10_000))
    return {
        "customer_id": ids,
        "name": [f"customer {k}" for k in ids],
        "tier": [("free", "pro", "team")[k % 3] for k in ids],
    }


def raw_polars(path: Path, customers: pl.DataFrame) -> pl.DataFrame:
    return (
        pl.scan_parquet(path)
        .filter(pl.col("amount") > 20.0)
        .with_columns(
            net=pl.col("amount") * pl.col("qty") - pl.col("discount").fill_null(0.0)
        )
        .group_by("customer_id", "region")
        .agg(revenue=pl.col("net").sum(), orders=pl.col("order_id").count())
        .join(customers.lazy(), on="customer_id", how="left")
        .with_columns(
            rank=pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over(
                "region",
                order_by=[-pl.col("revenue"), pl.col("customer_id")],
            )
        )
        .sort("region", "rank")
        .collect()
    )


def ours(path: Path, customers: Customers, trusted_mode: str) -> pl.DataFrame:
    return build(path, customers, trusted_mode).to_polars()


def build(path: Path, customers: Customers, trusted_mode: str) -> DataFrameModel:
    orders = Orders.read_parquet(path, trusted_mode=trusted_mode)
    kept = orders.filter(orders.amount > 20.0)
    net = kept.with_columns(net=kept.amount * kept.qty - kept.discount.fill_null(0.0))
    by = net.group_by("customer_id", "region").agg(
        revenue=("sum", "net"), orders=("count", "order_id")
    )
    joined = by.join(customers, on="customer_id", how="left")
    spec = Window.partitionBy("region").orderBy(
        "revenue", "customer_id", ascending=[False, True]
    )
    ranked = joined.with_columns(rank=row_number().over(spec))
    return ranked.sort("region", "rank")


# ------------------------------------------------------------------ Events pipeline


class Categories(DataFrameModel):
    category: Category
    label: str
    weight: float


def categories_data() -> dict[str, list[object]]:
    return {
        "category": list(CATEGORIES),
        "label": [f"{c.title()} events" for c in CATEGORIES],
        "weight": [1.0, 0.5, 0.25, 2.0],
    }


OURS_EVENTS = (
    "df = Events.read_parquet(path{mode}); kept = df.filter(df.score > 50); "
    "valued = kept.with_columns(value=kept.score * kept.qty); "
    'by = valued.group_by("name", "category").agg(total=("sum", "value"), '
    'events=("count", "id"), last_ts=("max", "ts")); '
    'by.join(categories, on="category", how="left").sort("name", "category").to_dict()'
)
POLARS_EVENTS = (
    "{check}pl.scan_parquet(path).filter(pl.col('score') > 50)"
    ".with_columns(value=pl.col('score') * pl.col('qty'))"
    ".group_by('name', 'category').agg(total=pl.col('value').sum(), "
    "events=pl.col('id').count(), last_ts=pl.col('ts').max())"
    ".join(categories_pl.lazy(), on='category', how='left')"
    ".sort('name', 'category').collect().to_dict(as_series=False)"
)


def ours_events(
    path: Path, categories: Categories, trusted_mode: str | None = None
) -> dict[str, list[object]]:
    df = (
        Events.read_parquet(path)
        if trusted_mode is None
        else Events.read_parquet(path, trusted_mode=trusted_mode)
    )
    kept = df.filter(df.score > 50)
    valued = kept.with_columns(value=kept.score * kept.qty)
    by = valued.group_by("name", "category").agg(
        total=("sum", "value"), events=("count", "id"), last_ts=("max", "ts")
    )
    joined = by.join(categories, on="category", how="left")
    return joined.sort("name", "category").to_dict()  # type: ignore[no-any-return]


def polars_events(
    path: Path, categories: pl.DataFrame, *, validate: bool
) -> dict[str, list[object]]:
    scan = pl.scan_parquet(path)
    if validate:
        check_scan(scan)
    return (
        scan.filter(pl.col("score") > 50)
        .with_columns(value=pl.col("score") * pl.col("qty"))
        .group_by("name", "category")
        .agg(
            total=pl.col("value").sum(),
            events=pl.col("id").count(),
            last_ts=pl.col("ts").max(),
        )
        .join(categories.lazy(), on="category", how="left")
        .sort("name", "category")
        .collect()
        .to_dict(as_series=False)
    )


def _same_answer(ours: dict[str, list[object]], theirs: dict[str, list[object]]) -> str:
    """``""`` when the answers are equal (float sums to a relative 1e-9), else why."""
    if list(ours) != list(theirs):
        return f"columns {list(ours)} != {list(theirs)}"
    try:
        assert_frame_equal(
            pl.DataFrame(ours),
            pl.DataFrame(theirs),
            check_dtypes=False,
            rel_tol=1e-9,
            abs_tol=1e-9,
        )
    except AssertionError as exc:
        return str(exc)[:300]
    return ""


def run(bench: Bench) -> list[Result]:
    """The Events pipeline (``python -m benchmarks pipeline``)."""
    n = 20_000 if bench.config.quick else 1_000_000
    path = events_parquet(n)
    categories = Categories(categories_data())
    categories_pl = pl.DataFrame(categories_data())
    expected = polars_events(path, categories_pl, validate=True)
    for mode in (None, "shape_only"):
        what = f"pipeline (Events.read_parquet, trusted_mode={mode!r}), {n:,} rows"
        try:
            got = ours_events(path, categories, mode)
        except Exception as exc:
            bench.fail(f"{what}: {type(exc).__name__}: {exc}")
            return []
        why = _same_answer(got, expected)
        bench.check(not why, f"{what}: answer differs from raw Polars: {why}")
    bench.check(
        not _same_answer(polars_events(path, categories_pl, validate=False), expected),
        f"pipeline, {n:,} rows: raw Polars with and without checks differ",
    )
    full, shape_only, raw_checked, raw = bench.time_many(
        "pipeline → to_dict()",
        n,
        [
            (OURS_EVENTS.format(mode=""), lambda: ours_events(path, categories)),
            (
                OURS_EVENTS.format(mode=', trusted_mode="shape_only"'),
                lambda: ours_events(path, categories, "shape_only"),
            ),
            (
                POLARS_EVENTS.format(check="check_scan(pl.scan_parquet(path)); "),
                lambda: polars_events(path, categories_pl, validate=True),
            ),
            (
                POLARS_EVENTS.format(check=""),
                lambda: polars_events(path, categories_pl, validate=False),
            ),
        ],
    )
    big = n == 1_000_000
    return [
        Result(
            "pipeline",
            "read_parquet (full validation) → filter → with_columns → group_by/agg"
            " → join → sort → to_dict() (Polars: the same checks, a pre-pass per call;"
            " pydantable proves them once per file version)",
            n,
            full,
            raw_checked,
        ),
        Result(
            "pipeline",
            "read_parquet (full validation) → … → to_dict() (Polars: no checks)",
            n,
            full,
            raw,
            original=f"{ORIGINAL['pipeline_ratio']} raw Polars" if big else None,
        ),
        Result(
            "pipeline",
            'read_parquet (trusted_mode="shape_only") → … → to_dict() (Polars: no checks)',
            n,
            shape_only,
            raw,
        ),
    ]


# ------------------------------------------------------------------ Orders pipeline


def _median(fn: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pipeline")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    path = write_orders(args.rows)
    data = customers_data()
    customers_pl = Customers(data).to_polars()
    customers = Customers(data)

    expected = raw_polars(path, customers_pl)
    got = ours(path, customers, "shape_only")
    # revenue ties are broken by customer_id, so both sides are fully ordered;
    # Polars counts in UInt32, pydantable's typed count is Int64
    expected = expected.with_columns(pl.col("orders").cast(pl.Int64))
    assert_frame_equal(got, expected)
    assert_frame_equal(ours(path, customers, "off"), expected)

    sides: dict[str, Callable[[], object]] = {
        "raw Polars": lambda: raw_polars(path, customers_pl),
        "pydantable (shape_only)": lambda: ours(path, customers, "shape_only"),
        "pydantable (full validation)": lambda: ours(path, customers, "off"),
        "plan building only": lambda: build(path, customers, "shape_only")._plan,
    }
    samples: dict[str, list[float]] = {name: [] for name in sides}
    for fn in sides.values():
        fn()  # warm-up
    for round_ in range(args.runs):
        names = list(sides)
        names = names[round_ % len(names) :] + names[: round_ % len(names)]
        for name in names:
            start = time.perf_counter()
            sides[name]()
            samples[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(s) for name, s in samples.items()}
    base = medians["raw Polars"]
    print(f"## Pipeline benchmark ({args.rows:,} rows, median of {args.runs})\n")
    print("| implementation | median | ratio to raw Polars |")
    print("|---|--:|--:|")
    for name, value in medians.items():
        print(f"| {name} | {value * 1000:.1f} ms | {value / base:.3f}× |")
    ratio = medians["pydantable (shape_only)"] / base
    status = "PASS" if ratio <= TARGET else "MISS"
    print(f"\ntarget: shape_only ≤ {TARGET}× raw Polars → {ratio:.3f}× {status}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
