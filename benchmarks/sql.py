"""SQL fetch: ``Model.read_sql(...).to_polars()`` vs ``pl.read_database`` on PostgreSQL.

Run: ``python -m benchmarks.sql [--rows N] [--runs R] [--dsn URL]`` (default 1M rows).

Without ``--dsn`` a throwaway PostgreSQL server is started on 127.0.0.1 (see
``benchmarks/_postgres.py``; needs the Debian ``postgresql`` binaries) and
stopped at the end. One table of N rows (bigint, double, text, timestamptz,
boolean, nullable bigint, date) is created with ``generate_series``; both sides
then run the same query on the same SQLAlchemy engine (psycopg 3), alternating,
``--runs`` times each; medians and their ratio are printed.

pydantable's figure includes full validation (``trusted_mode="off"``) of every
cell; ``--trusted`` also times ``trusted_mode="shape_only"``.
The target: ours / Polars within 1.2.
"""

from __future__ import annotations

import argparse
import datetime as dtm
import gc
import statistics
import sys
import time
from collections.abc import Callable

import polars as pl
import pydantic
import sqlalchemy as sa

from benchmarks._postgres import PostgresServer, find_bin_dir
from benchmarks._timing import Bench, Section
from pydantable import DataFrameModel

TARGET = 1.2
QUERY = "SELECT id, score, name, at, active, referrer, day FROM bench_sql ORDER BY id"


class Row(DataFrameModel):
    id: int
    score: float
    name: str
    at: pydantic.AwareDatetime
    active: bool
    referrer: int | None
    day: dtm.date


def _setup(engine: sa.Engine, rows: int) -> None:
    with engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS bench_sql"))
        conn.execute(
            sa.text(
                "CREATE TABLE bench_sql AS SELECT g::bigint AS id, (g * 0.5)::float8 AS score,"
                " 'name ' || g AS name,"
                " timestamptz '2024-01-01 00:00+00' + g * interval '1 second' AS at,"
                " g % 2 = 0 AS active,"
                " CASE WHEN g % 3 = 0 THEN NULL ELSE g END::bigint AS referrer,"
                " date '2000-01-01' + (g % 9000) AS day"
                " FROM generate_series(1, :n) AS g"
            ),
            {"n": rows},
        )


def _time(fn: Callable[[], pl.DataFrame]) -> float:
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def same_frames(ours: pl.DataFrame, theirs: pl.DataFrame) -> bool:
    """Equal values (Polars names the UTC zone of ``timestamptz`` ``Etc/UTC``)."""
    theirs = theirs.with_columns(pl.col("at").dt.convert_time_zone("UTC"))
    return ours.schema == theirs.schema and ours.equals(theirs)


def measure(
    rows: int, runs: int, dsn: str | None, *, trusted: bool = False
) -> tuple[dict[str, float], bool]:
    """``(median seconds per side, whether both read the same frame)``.

    Starts a throwaway server unless ``dsn`` is given. Raises ``RuntimeError``
    when no PostgreSQL binaries are found.
    """
    server = None
    if dsn is None:
        bin_dir = find_bin_dir()
        if bin_dir is None:
            msg = "no PostgreSQL binaries found; pass --dsn"
            raise RuntimeError(msg)
        server = PostgresServer(bin_dir).start()
        dsn = server.dsn
    engine = sa.create_engine(dsn)
    try:
        _setup(engine, rows)
        sides: dict[str, Callable[[], pl.DataFrame]] = {
            "pydantable read_sql": lambda: Row.read_sql(QUERY, engine).to_polars(),
            "pl.read_database": lambda: pl.read_database(sa.text(QUERY), engine),  # type: ignore[return-value]
        }
        if trusted:
            sides["read_sql shape_only"] = lambda: Row.read_sql(
                QUERY, engine, trusted_mode="shape_only"
            ).to_polars()
        theirs = sides["pl.read_database"]()
        same = theirs.height == rows and all(
            same_frames(sides[name](), theirs)
            for name in sides
            if name != "pl.read_database"
        )
        times: dict[str, list[float]] = {name: [] for name in sides}
        for _ in range(runs):
            for name, fn in sides.items():
                times[name].append(_time(fn))
        return {name: statistics.median(ts) for name, ts in times.items()}, same
    finally:
        engine.dispose()
        if server is not None:
            server.stop()


CODES = {
    "pydantable read_sql": "Row.read_sql(QUERY, engine).to_polars()",
    "pl.read_database": "pl.read_database(sa.text(QUERY), engine)",
    "read_sql shape_only": 'Row.read_sql(QUERY, engine, trusted_mode="shape_only").to_polars()',
}


def bench_group(bench: Bench) -> list[object]:
    """Group ``sql`` of ``python -m benchmarks`` (a section of its own)."""
    rows, runs = (20_000, 3) if bench.config.quick else (1_000_000, 5)
    if find_bin_dir() is None:
        bench.log("  sql: skipped (no PostgreSQL binaries found)")
        return []
    bench.log(f"  SQL fetch of {rows:,} rows, median of {runs}")
    medians, same = measure(rows, runs, None, trusted=True)
    if not bench.check(
        same, "sql: read_sql and pl.read_database read different frames"
    ):
        return []
    base = medians["pl.read_database"]
    lines = [
        "| implementation | code | median | ratio to pl.read_database |",
        "|---|---|--:|--:|",
    ]
    lines += [
        f"| {name} | `{CODES[name]}` | {m * 1000:.1f} ms | {m / base:.2f}× |"
        for name, m in medians.items()
    ]
    bench.section(
        Section(
            "sql",
            f"SQL: {rows:,} rows × 7 columns from PostgreSQL (median of {runs})",
            "\n".join(lines),
            medians,
        )
    )
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dsn", help="SQLAlchemy URL of an existing server")
    parser.add_argument("--trusted", action="store_true")
    args = parser.parse_args(argv)
    try:
        medians, same = measure(args.rows, args.runs, args.dsn, trusted=args.trusted)
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 2
    base = medians["pl.read_database"]
    print(f"SQL fetch of {args.rows:,} rows x 7 columns from PostgreSQL (psycopg 3)")
    for name, median in medians.items():
        print(f"  {name:<22} median {median:8.3f} s   ratio {median / base:5.2f}")
    ratio = medians["pydantable read_sql"] / base
    verdict = "OK" if ratio <= TARGET else "MISSED"
    print(
        f"  target ours/polars <= {TARGET}: {ratio:.2f} {verdict}; frames equal: {same}"
    )
    if not same:
        print(
            "FAILED: read_sql and pl.read_database read different frames",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
