"""HTTP benchmark: GET a 1M-row NDJSON stream of a Parquet file over loopback.

pydantable's routes are the seed pages' spellings::

    @app.get("/events/ndjson/seed")
    async def h(path: str = Query(...)):
        df = Events.read_parquet(path)                       # full validation
        return ndjson_streaming_response(df.astream(batch_size=10_000))

    @app.get("/events/ndjson/seed-shape-only")
    async def h(path: str = Query(...)):
        df = await Events.aread_parquet(path, trusted_mode="shape_only")
        return ndjson_streaming_response(df.astream(batch_size=10_000))

against, in the same app: raw Polars (the checks full validation makes, as one
aggregate pre-pass over the scan, then ``collect_batches(chunk_size=10_000)``,
one ``orjson.dumps(chunk.to_dict(as_series=False))`` line per batch) and plain
Pydantic (``pyarrow`` ``iter_batches(10_000)``, each batch validated by the
``EventColumns`` model and written by its serializer). Every line is one
``{column: [values]}`` object of 10,000 rows.

Each route runs in a server of its own (``--quick``: one server per app shape),
so its resident memory is its own: RSS after a warm-up request, and the peak
(VmHWM) after the timed requests. Before timing, every route's lines are
checked equal to the expected lines (same JSON after parsing, datetimes as ISO
strings); a failure is reported, not timed, and the run exits non-zero.

Run: ``.venv/bin/python -m benchmarks.http_stream [--rows 1000000] [--repeat 3]
[--quick]`` (also group ``http_stream`` of ``python -m benchmarks``).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import statistics
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import orjson
import polars as pl

from benchmarks._data import ROW_GROUP_ROWS, events_parquet
from benchmarks._original import ORIGINAL, ORIGINAL_LABEL
from benchmarks._timing import Bench, Config, Section
from benchmarks.http_post import SHAPE_LABELS, SHAPES, benchmark_server, compare_json
from pydantable.testing.server import Served

__all__ = ["ROUTES", "main", "run"]

BATCH = 10_000
ROUTES: dict[str, str] = {
    "seed": "async def h(path): df = Events.read_parquet(path); "
    "return ndjson_streaming_response(df.astream(batch_size=10_000))",
    "seed-shape-only": "async def h(path): df = await Events.aread_parquet(path, "
    'trusted_mode="shape_only"); '
    "return ndjson_streaming_response(df.astream(batch_size=10_000))",
    "raw": "def h(path): check_scan(pl.scan_parquet(path)); StreamingResponse("
    "orjson.dumps(c.to_dict(as_series=False)) + b'\\n' for c in "
    "scan.collect_batches(chunk_size=10_000))",
    "pydantic": "def h(path): StreamingResponse(EventColumns.model_validate("
    "b.to_pydict()) serialized to JSON + b'\\n' for b in "
    "pq.ParquetFile(path).iter_batches(batch_size=10_000))",
}


@dataclass(frozen=True)
class Settings:
    rows: int
    repeat: int
    isolated: bool  # a server per route (its memory is its own)

    @classmethod
    def for_config(cls, config: Config) -> Settings:
        if config.quick:
            return cls(50_000, 2, isolated=False)
        return cls(1_000_000, 3, isolated=True)


def status_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def canonical(line: bytes) -> bytes:
    """A line's JSON value written canonically (so equal values hash equal)."""
    return orjson.dumps(orjson.loads(line), option=orjson.OPT_SORT_KEYS)


def expected_lines(path: Path) -> list[bytes]:
    """The lines every route must send: 10,000-row batches of the file, in order."""
    frame = pl.read_parquet(path)
    return [
        canonical(orjson.dumps(frame.slice(k, BATCH).to_dict(as_series=False)))
        for k in range(0, frame.height, BATCH)
    ]


def _digest(lines: Sequence[bytes]) -> str:
    h = hashlib.sha256()
    for line in lines:
        h.update(line)
        h.update(b"\n")
    return h.hexdigest()


def check_route(
    bench: Bench,
    client: httpx.Client,
    url: str,
    what: str,
    expected: list[bytes],
) -> bool:
    """Fetch the whole stream once and compare it with the expected lines."""
    response = client.get(url)
    if response.status_code != 200:
        bench.fail(f"{what}: HTTP {response.status_code}: {response.text[:400]}")
        return False
    lines = [canonical(line) for line in response.content.splitlines()]
    if _digest(lines) == _digest(expected):
        return bench.check(True, what)
    if len(lines) != len(expected):
        bench.fail(f"{what}: {len(lines)} lines, expected {len(expected)}")
        return False
    for i, (got, want) in enumerate(zip(lines, expected, strict=True)):
        why = compare_json(orjson.loads(got), orjson.loads(want), f"line {i}")
        if why:
            bench.fail(f"{what}: answer differs: {why}")
            return False
    return bench.check(True, what)  # canonical bytes differ, values equal


def _time_stream(client: httpx.Client, url: str, rows: int) -> float:
    start = time.perf_counter()
    lines = 0
    with client.stream("GET", url) as response:
        if response.status_code != 200:
            raise RuntimeError(f"{url}: HTTP {response.status_code}")
        for chunk in response.iter_bytes():
            lines += chunk.count(b"\n")
    elapsed = time.perf_counter() - start
    if lines != -(-rows // BATCH):
        raise RuntimeError(f"{url}: {lines} lines")
    return elapsed


def _measure_routes(
    bench: Bench,
    served: Served,
    shape: str,
    routes: Sequence[str],
    path: Path,
    settings: Settings,
    expected: list[bytes],
) -> dict[str, Any]:
    outcome: dict[str, Any] = {}
    pid = served.process.pid
    with httpx.Client(timeout=600) as client:
        for route in routes:
            url = f"{served.base}/events/ndjson/{route}?path={path}"
            what = f"http_stream [{shape}] GET /events/ndjson/{route}"
            if not check_route(bench, client, url, what, expected):
                outcome[route] = "FAILED"
                continue
            before = status_mb(pid, "VmRSS")
            times = [
                _time_stream(client, url, settings.rows) for _ in range(settings.repeat)
            ]
            outcome[route] = {
                "seconds": statistics.median(times),
                "best": min(times),
                "rss_before_mb": before,
                "rss_after_mb": status_mb(pid, "VmRSS"),
                "peak_mb": status_mb(pid, "VmHWM"),
            }
            bench.log(
                f"  [{shape}] {route:<16} {outcome[route]['seconds']:7.3f} s  RSS "
                f"{before:6.0f} MB before, peak {outcome[route]['peak_mb']:6.0f} MB"
            )
    return outcome


@contextlib.contextmanager
def _server(shape: str) -> Iterator[Served]:
    with benchmark_server(shape) as served:
        yield served


def measure_shape(
    bench: Bench, shape: str, path: Path, settings: Settings, expected: list[bytes]
) -> dict[str, Any]:
    if not settings.isolated:
        with _server(shape) as served:
            return _measure_routes(
                bench, served, shape, list(ROUTES), path, settings, expected
            )
    outcome: dict[str, Any] = {}
    for route in ROUTES:
        with _server(shape) as served:
            outcome.update(
                _measure_routes(bench, served, shape, [route], path, settings, expected)
            )
    return outcome


def _ratio(a: Any, b: Any) -> str:
    if isinstance(a, dict) and isinstance(b, dict) and b["seconds"]:
        return f"{a['seconds'] / b['seconds']:.2f}×"
    return "—"


def table(outcomes: dict[str, dict[str, Any]], settings: Settings) -> str:
    lines = [
        "| app | route | median | rows/s | × raw Polars | × Pydantic | server RSS "
        f"before → peak | {ORIGINAL_LABEL} | spelling |",
        "|---|---|--:|--:|--:|--:|--:|--:|---|",
    ]
    for shape, outcome in outcomes.items():
        for route, code in ROUTES.items():
            got = outcome.get(route)
            if got is None:
                continue
            original = (
                ORIGINAL["ndjson_1m"]
                if route == "seed" and settings.rows == 1_000_000
                else ""
            )
            if isinstance(got, dict):
                figure = f"{got['seconds']:.3f} s"
                rate = f"{settings.rows / got['seconds']:,.0f}"
                rss = f"{got['rss_before_mb']:.0f} → {got['peak_mb']:.0f} MB"
            else:
                figure, rate, rss = f"**{got}**", "", ""
            lines.append(
                f"| {shape} | `{route}` | {figure} | {rate} "
                f"| {_ratio(got, outcome.get('raw'))} "
                f"| {_ratio(got, outcome.get('pydantic'))} | {rss} | {original} "
                f"| `{code}` |"
            )
    return "\n".join(lines)


def run(
    bench: Bench, shapes: Sequence[str] = SHAPES, settings: Settings | None = None
) -> list[object]:
    """Group ``http_stream`` of ``python -m benchmarks``."""
    settings = settings or Settings.for_config(bench.config)
    path = events_parquet(settings.rows)
    expected = expected_lines(path)
    outcomes = {}
    for shape in shapes:
        bench.log(f"  [{shape}] NDJSON of {settings.rows:,} rows x {settings.repeat}")
        outcomes[shape] = measure_shape(bench, shape, path, settings, expected)
    memory = (
        "each route in a fresh server"
        if settings.isolated
        else "all routes of a shape in one server (memory figures not isolated)"
    )
    notes = (
        "\n\nApp shapes: "
        + "; ".join(f"`{k}` = {v}" for k, v in SHAPE_LABELS.items())
        + f". Ratios are seconds ÷ the baseline's (lower is better); {memory}; "
        "RSS before = after a warm-up request, peak = VmHWM after the timed requests. "
        f"The file has row groups of {ROW_GROUP_ROWS:,} rows. The full-validation "
        "routes prove the file's rules once per file version and remember it; the "
        "raw route's hand-written pre-pass runs on every request."
    )
    bench.section(
        Section(
            "http_stream",
            f"HTTP GET NDJSON of a {settings.rows:,}-row Parquet file, batches of "
            f"{BATCH:,} (median of {settings.repeat})",
            table(outcomes, settings) + notes,
            outcomes,
        )
    )
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--rows", type=int)
    parser.add_argument("--repeat", type=int)
    parser.add_argument("--shapes", default=",".join(SHAPES))
    args = parser.parse_args(argv)
    config = Config.for_mode(quick=args.quick)
    base = Settings.for_config(config)
    settings = Settings(
        args.rows or base.rows, args.repeat or base.repeat, base.isolated
    )
    bench = Bench(config)
    run(bench, args.shapes.split(","), settings)
    return bench.print_report()


if __name__ == "__main__":
    sys.exit(main())
