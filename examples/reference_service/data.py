"""Deterministic sample data: orders in Parquet, customers in SQLite.

Everything is generated from a seeded NumPy generator with vectorized Polars
expressions (no per-row Python), so the same ``rows`` and ``seed`` always give
the same files. Nothing is downloaded.

Layout of a data directory::

    <data_dir>/manifest.json          rows, seed and format version
    <data_dir>/orders/part-0.parquet  the generated orders
    <data_dir>/orders/part-<ns>-*.parquet  batches added through the API
    <data_dir>/shop.db                SQLite: table ``customers``

Run ``python -m examples.reference_service.data --rows 100000 DIR`` to generate
only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sqlite3
import time
from pathlib import Path

import numpy as np
import polars as pl
from examples.reference_service.models import (
    CHANNELS,
    REGIONS,
    SEGMENTS,
    SHIP_METHODS,
    TAGS,
    Customers,
    Orders,
)

DEFAULT_ROWS = 3_000_000
DEFAULT_SEED = 20240611
FORMAT_VERSION = 1
START = dt.datetime(2024, 1, 1)
SPAN_SECONDS = 2 * 365 * 86_400
#: Fixed part of ``amount`` per shipping method (the ML model learns these).
SHIPPING_FEE = {"standard": 4.0, "express": 9.5, "pickup": 0.0}
COUNTRIES: tuple[str, ...] = ("DE", "FR", "GB", "US", "CA", "JP", "BR", "IN")


def orders_dir(data_dir: Path) -> Path:
    return data_dir / "orders"


def orders_glob(data_dir: Path) -> str:
    return str(orders_dir(data_dir) / "*.parquet")


def sqlite_path(data_dir: Path) -> Path:
    return data_dir / "shop.db"


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite:///{sqlite_path(data_dir)}"


def customer_count(rows: int) -> int:
    """Customers for ``rows`` orders: one per ~150 orders, 100 … 20,000."""
    return max(100, min(20_000, rows // 150))


def _pick(rng: np.random.Generator, values: tuple[str, ...], n: int, p: list[float]):
    codes = rng.choice(len(values), size=n, p=p)
    return pl.Series(values).gather(pl.Series(codes, dtype=pl.UInt32))


def generate_orders(rows: int, seed: int = DEFAULT_SEED) -> pl.DataFrame:
    """``rows`` orders as a Polars frame (vectorized; deterministic for a seed).

    Example:
        >>> generate_orders(3).columns[:3]
        ['order_id', 'placed_at', 'customer_id']
    """
    rng = np.random.default_rng(seed)
    n = rows
    seconds = np.sort(rng.integers(0, SPAN_SECONDS, size=n))
    discount_pick = rng.choice(
        np.array([0.05, 0.1, 0.15, 0.2, 0.3]), size=n
    )  # used where has_discount
    frame = pl.DataFrame(
        {
            "order_id": pl.int_range(1, n + 1, eager=True, dtype=pl.Int64),
            "placed_at": pl.Series(seconds * 1_000_000, dtype=pl.Int64).cast(
                pl.Duration("us")
            )
            + START,
            "customer_id": rng.integers(1, customer_count(n) + 1, size=n),
            "region": _pick(rng, REGIONS, n, [0.35, 0.25, 0.25, 0.15]),
            "channel": _pick(rng, CHANNELS, n, [0.55, 0.3, 0.15]),
            "items": np.minimum(1 + rng.poisson(1.6, size=n), 100),
            "unit_price": np.round(
                np.clip(rng.lognormal(3.0, 0.7, size=n), 0.5, 5_000), 2
            ),
            "has_discount": rng.random(n) < 0.3,
            "discount_pick": discount_pick,
            "method": _pick(rng, SHIP_METHODS, n, [0.6, 0.25, 0.15]),
            "day_noise": rng.integers(0, 6, size=n),
            "noise": rng.normal(0.0, 1.5, size=n),
            "t_gift": rng.random(n) < 0.1,
            "t_fragile": rng.random(n) < 0.07,
            "t_bulk": rng.random(n) < 0.05,
            "t_priority": rng.random(n) < 0.04,
        }
    )
    discount = pl.when(pl.col("has_discount")).then(pl.col("discount_pick"))
    fee = pl.col("method").replace_strict(SHIPPING_FEE, return_dtype=pl.Float64)
    gross = pl.col("items") * pl.col("unit_price")
    days = (
        pl.when(pl.col("method") == "express")
        .then(1 + pl.col("day_noise") % 2)
        .when(pl.col("method") == "pickup")
        .then(pl.col("day_noise") % 2)
        .otherwise(2 + pl.col("day_noise"))
    )
    tags = pl.concat_list(
        [pl.when(pl.col(f"t_{tag}")).then(pl.lit(tag)) for tag in TAGS]
    ).list.drop_nulls()
    return frame.select(
        "order_id",
        "placed_at",
        "customer_id",
        "region",
        "channel",
        pl.col("items").cast(pl.Int64),
        "unit_price",
        discount.alias("discount"),
        pl.when(pl.col("has_discount"))
        .then(
            pl.format("SAVE{}", (pl.col("discount_pick") * 100).round().cast(pl.Int64))
        )
        .alias("coupon"),
        (gross * (1 - discount.fill_null(0.0)) + fee + pl.col("noise"))
        .clip(0.0)
        .round(2)
        .alias("amount"),
        pl.struct(pl.col("method"), days.cast(pl.Int64).alias("days")).alias(
            "shipping"
        ),
        tags.alias("tags"),
    )


def generate_customers(count: int, seed: int = DEFAULT_SEED) -> pl.DataFrame:
    """``count`` customers (ids 1..count), deterministic for a seed.

    Example:
        >>> generate_customers(2)["name"].to_list()
        ['Customer 1', 'Customer 2']
    """
    rng = np.random.default_rng(seed + 1)
    frame = pl.DataFrame(
        {
            "customer_id": pl.int_range(1, count + 1, eager=True, dtype=pl.Int64),
            "segment": _pick(rng, SEGMENTS, count, [0.7, 0.25, 0.05]),
            "country": _pick(
                rng, COUNTRIES, count, [1 / len(COUNTRIES)] * len(COUNTRIES)
            ),
            "offset": rng.integers(0, 3 * 365, size=count),
            "has_email": rng.random(count) < 0.8,
        }
    )
    return frame.select(
        "customer_id",
        pl.format("Customer {}", pl.col("customer_id")).alias("name"),
        "segment",
        "country",
        (pl.lit(dt.date(2021, 1, 1)) + pl.duration(days=pl.col("offset")))
        .cast(pl.Date)
        .alias("signup_date"),
        pl.when(pl.col("has_email"))
        .then(pl.format("customer{}@example.com", pl.col("customer_id")))
        .alias("email"),
    )


def _manifest(rows: int, seed: int) -> dict[str, int]:
    return {"rows": rows, "seed": seed, "version": FORMAT_VERSION}


def is_ready(data_dir: Path, rows: int, seed: int = DEFAULT_SEED) -> bool:
    """Whether ``data_dir`` holds the data for ``rows``/``seed`` already."""
    manifest = data_dir / "manifest.json"
    try:
        found = json.loads(manifest.read_text())
    except (OSError, ValueError):
        return False
    return bool(
        found == _manifest(rows, seed)
        and (orders_dir(data_dir) / "part-0.parquet").is_file()
        and sqlite_path(data_dir).is_file()
    )


def ensure_data(
    data_dir: Path,
    rows: int = DEFAULT_ROWS,
    *,
    seed: int = DEFAULT_SEED,
    force: bool = False,
    log: bool = False,
) -> bool:
    """Generate the dataset into ``data_dir`` unless it is there; True if generated.

    The orders are validated once by pydantable (``trusted_mode="strict"``:
    names, nullability and exact dtypes) before they are written; the
    customers go through ``write_sql`` (DDL from the model). The manifest is
    written last, so an interrupted run is redone next time.
    """
    if rows < 1:
        msg = f"rows must be at least 1; got {rows}"
        raise ValueError(msg)
    if not force and is_ready(data_dir, rows, seed):
        return False
    started = time.perf_counter()
    if log:
        print(f"generating {rows:,} orders into {data_dir} ...", flush=True)
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "manifest.json").unlink(missing_ok=True)
    shutil.rmtree(orders_dir(data_dir), ignore_errors=True)
    sqlite_path(data_dir).unlink(missing_ok=True)
    orders_dir(data_dir).mkdir()
    orders = Orders(generate_orders(rows, seed), trusted_mode="strict")
    orders.write_parquet(orders_dir(data_dir) / "part-0.parquet")
    customers = Customers(
        generate_customers(customer_count(rows), seed), trusted_mode="strict"
    )
    customers.write_sql("customers", sqlite_url(data_dir))
    with sqlite3.connect(sqlite_path(data_dir)) as db:
        db.execute("CREATE INDEX customers_id ON customers (customer_id)")
    db.close()
    (data_dir / "manifest.json").write_text(json.dumps(_manifest(rows, seed)))
    if log:
        print(f"generated in {time.perf_counter() - started:.1f} s", flush=True)
    return True


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--force", action="store_true", help="regenerate")
    args = parser.parse_args(argv)
    ensure_data(args.data_dir, args.rows, seed=args.seed, force=args.force, log=True)


if __name__ == "__main__":
    main()
