"""HTTP benchmark: GET ``response_model=list[EventRow]`` of a 100k-row in-memory table.

pydantable's route is the seed pages' spelling::

    @app.get("/events/rows/seed", response_model=list[EventRow])
    async def h():
        return await df.acollect()

against, in the same app: plain Pydantic returning models built once at
startup (``pydantic-prebuilt``), plain Pydantic validating its models from
stored row dicts on every request (``pydantic-validate``:
``TypeAdapter(list[EventRow]).validate_python(rows)``), both with the same
``response_model``, and raw Polars writing the rows itself (``raw``:
``write_json()`` after formatting ``ts`` as ISO 8601). Each app shape of
``benchmarks.http_app`` is measured twice: over HTTP (uvicorn on 127.0.0.1,
one client in this process, one request at a time: latency) and in-process
(``httpx.ASGITransport``, no sockets). Every route's answer is checked equal
to the expected rows first (same JSON after parsing, datetimes as ISO
strings); a failure is reported, not timed, and the run exits non-zero.

Run: ``.venv/bin/python -m benchmarks.http_rows [--rows 100000] [--repeat 7]
[--quick]`` (also group ``http_rows`` of ``python -m benchmarks``).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from benchmarks._data import json_columns, make_events, to_rows
from benchmarks._original import ORIGINAL, ORIGINAL_LABEL
from benchmarks._timing import Bench, Config, Section, format_seconds
from benchmarks.http_post import SHAPE_LABELS, SHAPES, benchmark_server, compare_json

__all__ = ["ROUTES", "main", "run"]

ROUTES: dict[str, str] = {
    "seed": "@app.get(..., response_model=list[EventRow]) async def h(): "
    "return await df.acollect()",
    "pydantic-prebuilt": "@app.get(..., response_model=list[EventRow]) async def h(): "
    "return models  # list[EventRow] built once",
    "pydantic-validate": "@app.get(..., response_model=list[EventRow]) async def h(): "
    "return TypeAdapter(list[EventRow]).validate_python(rows)  # stored row dicts",
    "raw": "async def h() -> Response: return Response(pl_df.with_columns("
    "pl.col('ts').dt.to_string(ISO)).write_json(), media_type='application/json')",
}


@dataclass(frozen=True)
class Settings:
    rows: int
    repeat: int

    @classmethod
    def for_config(cls, config: Config) -> Settings:
        return cls(2_000, 3) if config.quick else cls(100_000, 7)


def _median_interleaved(
    routes: Sequence[str], repeat: int, call: Callable[[str], float]
) -> dict[str, float]:
    samples: dict[str, list[float]] = {r: [] for r in routes}
    for round_ in range(repeat):
        for k in range(len(routes)):
            route = routes[(round_ + k) % len(routes)]
            gc.collect()
            samples[route].append(call(route))
    return {r: statistics.median(s) for r, s in samples.items()}


def _check(
    bench: Bench, what: str, response: httpx.Response, expected: list[dict[str, Any]]
) -> bool:
    if response.status_code != 200:
        bench.fail(f"{what}: HTTP {response.status_code}: {response.text[:400]}")
        return False
    why = compare_json(response.json(), expected, "answer")
    return bench.check(not why, f"{what}: answer differs: {why}")


def over_http(
    bench: Bench, shape: str, settings: Settings, expected: list[dict[str, Any]]
) -> dict[str, Any]:
    """Median seconds per request, uvicorn on loopback, one request at a time."""
    outcome: dict[str, Any] = {}
    with benchmark_server(shape) as served, httpx.Client(timeout=600) as client:
        good = []
        for route in ROUTES:
            url = f"{served.base}/events/rows/{route}?n={settings.rows}"
            what = f"http_rows [{shape}] GET /events/rows/{route} (HTTP)"
            if _check(bench, what, client.get(url), expected):
                good.append(route)
            else:
                outcome[route] = "FAILED"

        def call(route: str) -> float:
            url = f"{served.base}/events/rows/{route}?n={settings.rows}"
            start = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - start
            if response.status_code != 200:
                raise RuntimeError(f"{url}: HTTP {response.status_code}")
            return elapsed

        outcome.update(_median_interleaved(good, settings.repeat, call))
    return outcome


def in_process(
    bench: Bench, shape: str, settings: Settings, expected: list[dict[str, Any]]
) -> dict[str, Any]:
    """Median seconds per request through ``httpx.ASGITransport`` (no sockets)."""
    from benchmarks import http_app

    app = http_app.plain_app if shape == "plain" else http_app.pydantable_app
    outcome: dict[str, Any] = {}

    async def go() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as c:
            good = []
            for route in ROUTES:
                what = f"http_rows [{shape}] GET /events/rows/{route} (in-process)"
                response = await c.get(f"/events/rows/{route}?n={settings.rows}")
                if _check(bench, what, response, expected):
                    good.append(route)
                else:
                    outcome[route] = "FAILED"
            samples: dict[str, list[float]] = {r: [] for r in good}
            for round_ in range(settings.repeat):
                for k in range(len(good)):
                    route = good[(round_ + k) % len(good)]
                    gc.collect()
                    start = time.perf_counter()
                    response = await c.get(f"/events/rows/{route}?n={settings.rows}")
                    samples[route].append(time.perf_counter() - start)
                    if response.status_code != 200:
                        raise RuntimeError(f"{route}: HTTP {response.status_code}")
            outcome.update({r: statistics.median(s) for r, s in samples.items()})

    asyncio.run(go())
    return outcome


def _ratio(a: Any, b: Any) -> str:
    if isinstance(a, float) and isinstance(b, float) and b:
        return f"{a / b:.2f}×"
    return "—"


def table(outcomes: dict[tuple[str, str], dict[str, Any]], rows: int) -> str:
    lines = [
        "| app | via | route | median per request | × raw Polars | × Pydantic prebuilt "
        f"| × Pydantic validate | {ORIGINAL_LABEL} | spelling |",
        "|---|---|---|--:|--:|--:|--:|--:|---|",
    ]
    for (shape, via), outcome in outcomes.items():
        for route, code in ROUTES.items():
            got = outcome.get(route)
            if got is None:
                continue
            figure = format_seconds(got) if isinstance(got, float) else f"**{got}**"
            original = (
                ORIGINAL["rows_acollect_100k"]
                if route == "seed" and rows == 100_000 and via == "HTTP"
                else ""
            )
            lines.append(
                f"| {shape} | {via} | `{route}` | {figure} "
                f"| {_ratio(got, outcome.get('raw'))} "
                f"| {_ratio(got, outcome.get('pydantic-prebuilt'))} "
                f"| {_ratio(got, outcome.get('pydantic-validate'))} "
                f"| {original} | `{code}` |"
            )
    return "\n".join(lines)


def run(
    bench: Bench, shapes: Sequence[str] = SHAPES, settings: Settings | None = None
) -> list[object]:
    """Group ``http_rows`` of ``python -m benchmarks``."""
    settings = settings or Settings.for_config(bench.config)
    expected = to_rows(json_columns(make_events(settings.rows)))
    outcomes: dict[tuple[str, str], dict[str, Any]] = {}
    for shape in shapes:
        for via, fn in (("HTTP", over_http), ("in-process", in_process)):
            bench.log(f"  [{shape}] {via}: {settings.rows:,} rows x {settings.repeat}")
            outcome = fn(bench, shape, settings, expected)
            for route, got in outcome.items():
                shown = format_seconds(got) if isinstance(got, float) else got
                bench.log(f"  [{shape}] {via:<10} {route:<18} {shown}")
            outcomes[shape, via] = outcome
    notes = (
        "\n\nApp shapes: "
        + "; ".join(f"`{k}` = {v}" for k, v in SHAPE_LABELS.items())
        + ". Ratios are seconds ÷ the baseline's (lower is better). `HTTP`: uvicorn "
        "on 127.0.0.1, one client in another process, one request at a time; "
        "`in-process`: `httpx.ASGITransport`. The 1.19 figure is placed beside both "
        "shapes' seed route over HTTP."
    )
    bench.section(
        Section(
            "http_rows",
            f"HTTP GET response_model=list[EventRow], {settings.rows:,} rows "
            f"(median of {settings.repeat}, interleaved)",
            table(outcomes, settings.rows) + notes,
            {f"{s}/{v}": o for (s, v), o in outcomes.items()},
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
    settings = Settings(args.rows or base.rows, args.repeat or base.repeat)
    bench = Bench(config)
    run(bench, args.shapes.split(","), settings)
    return bench.print_report()


if __name__ == "__main__":
    sys.exit(main())
