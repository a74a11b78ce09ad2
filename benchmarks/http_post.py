"""HTTP benchmark: POST a columnar JSON body → validate → filter → JSON answer.

For each app shape of ``benchmarks.http_app`` (``plain``: ``FastAPI()`` alone;
``pydantable``: with ``register_exception_handlers(app)``, i.e. DataFrameRoute),
uvicorn serves the app on 127.0.0.1 (one worker); a load generator in a separate
process sends the same body to each route with the same concurrency for a fixed
time and counts answers per second. The routes take turns (``--rounds``), so
load from other processes on a shared machine hits them evenly.

Before timing, every route's answer is checked equal to the expected answer
(computed here from the generated data; same JSON after parsing, datetimes as
ISO strings). A route that answers anything else, or fails during the load,
is reported as FAILED, is not timed, and makes the run exit non-zero.

Run: ``.venv/bin/python -m benchmarks.http_post [--rows 10000] [--seconds 6]
[--rounds 3] [--shapes plain,pydantable] [--quick]`` (also group ``http_post``
of ``python -m benchmarks``). ``noop`` reads the body and answers a canned
response of the usual size: the ceiling the load generator and the HTTP stack
allow, so the other figures measure the server's work, not the client.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks._data import events_body, filtered_columns, json_columns, make_events
from benchmarks._original import ORIGINAL, ORIGINAL_LABEL
from benchmarks._timing import Bench, Config, Section
from pydantable.testing.server import Served, pythonpath_env, serve, uvicorn_command

__all__ = [
    "POST_ROUTES",
    "SHAPE_LABELS",
    "Route",
    "benchmark_server",
    "compare_json",
    "load",
    "main",
    "run",
]

ROOT = Path(__file__).resolve().parents[1]
SHAPES = ("plain", "pydantable")
SHAPE_LABELS = {
    "plain": "plain `FastAPI()`",
    "pydantable": "`FastAPI()` + `register_exception_handlers(app)` (DataFrameRoute)",
}
JSON_HEADERS = {"content-type": "application/json"}
ORIGINAL_ROWS = 10_000  # the body size of the original 1.19's figures


@dataclass(frozen=True)
class Route:
    """One route of the benchmark app: its path, what it is, its spelling."""

    path: str
    table: str  # "events" | "users" | "noop"
    role: str  # "ours" | "raw" | "pydantic" | "noop"
    spelling: str
    #: the spelling in the pydantable app shape, when it differs
    spelling_pydantable: str | None = None
    original: str | None = None  # key of ORIGINAL (plain app shape only)

    def code(self, shape: str) -> str:
        if shape == "pydantable" and self.spelling_pydantable is not None:
            return self.spelling_pydantable
        return self.spelling

    def original_text(self, shape: str, rows: int) -> str:
        """The 1.19 figure (measured on 10,000-row bodies in the plain shape)."""
        if self.original is None or shape != "plain" or rows != ORIGINAL_ROWS:
            return ""
        return ORIGINAL[self.original]


_SEED = (
    "{a}def h(df: Annotated[Events, Depends(columnar_dependency(Events{opt}))])"
    " -> dict[str, list]: return df.filter(df.score > 50).to_dict()"
)
_RAW = (
    "def h(data: {param}) -> dict[str, list]: "
    "return polars_events_from_json(data).filter(pl.col('score') > 50)"
    ".to_dict(as_series=False)  # {note}; strict typed build, ts str.to_datetime, "
    "category cast to Enum, null + qty checks"
)
_PARAM_PLAIN = {"param": "Annotated[Any, Body()]", "note": "FastAPI's json.loads"}
_PARAM_ORJSON = {
    "param": "Annotated[Any, Depends(orjson_body)]",
    "note": "orjson.loads(await request.body())",
}

POST_ROUTES: tuple[Route, ...] = (
    Route(
        "events/seed",
        "events",
        "ours",
        _SEED.format(a="", opt=""),
        original="post_seed_plain",
    ),
    Route(
        "events/seed-shape-only",
        "events",
        "ours",
        _SEED.format(a="", opt=', trusted_mode="shape_only"'),
        original="post_shape_only",
    ),
    Route("events/seed-async", "events", "ours", _SEED.format(a="async ", opt="")),
    Route(
        "events/raw",
        "events",
        "raw",
        _RAW.format(**_PARAM_PLAIN),
        _RAW.format(**_PARAM_ORJSON),
    ),
    Route(
        "events/pydantic",
        "events",
        "pydantic",
        "def h(body: EventColumns) -> dict[str, list]: keep rows with score > 50 in"
        " Python, return the columns  # FastAPI's json.loads + validation",
        "def h(data: Annotated[Any, Depends(orjson_body)]) -> dict[str, list]: "
        "body = EventColumns.model_validate(data); keep rows with score > 50 in "
        "Python, return the columns  # orjson.loads",
    ),
    Route(
        "users/seed",
        "users",
        "ours",
        "def h(df: Annotated[Users, Depends(columnar_dependency(Users))])"
        " -> dict[str, list]: return df.filter(df.age >= 18).to_dict()",
    ),
    Route(
        "users/raw",
        "users",
        "raw",
        "def h(data: Annotated[Any, Body()]) -> dict[str, list]: strict typed "
        "pl.DataFrame + null checks, filter, to_dict(as_series=False)",
        "def h(data: Annotated[Any, Depends(orjson_body)]) -> dict[str, list]: "
        "strict typed pl.DataFrame + null checks, filter, to_dict(as_series=False)",
    ),
    Route(
        "users/pydantic",
        "users",
        "pydantic",
        "def h(body: UserColumns) -> dict[str, list]: filter in Python",
        "def h(data: Annotated[Any, Depends(orjson_body)]) -> dict[str, list]: "
        "UserColumns.model_validate(data), filter in Python",
    ),
    Route(
        "noop",
        "noop",
        "noop",
        "async def h(request): await request.body(); return a canned Response",
    ),
)


@contextlib.contextmanager
def benchmark_server(shape: str = "pydantable") -> Iterator[Served]:
    """``benchmarks.http_app`` in app ``shape`` under uvicorn on a free loopback
    port (always stopped)."""
    command = uvicorn_command(f"benchmarks.http_app:{shape}_app")
    env = pythonpath_env(ROOT, ROOT / "src")
    with serve(command, cwd=ROOT, env=env) as served:
        yield served


def compare_json(got: Any, expected: Any, where: str = "") -> str:
    """``""`` if two parsed JSON answers are equal, else where they first differ."""
    if got == expected:
        return ""
    if isinstance(got, dict) and isinstance(expected, dict):
        if list(got) != list(expected):
            return f"{where}: keys {list(got)} != {list(expected)}"
        for key in got:
            why = compare_json(got[key], expected[key], f"{where}.{key}")
            if why:
                return why
    if isinstance(got, list) and isinstance(expected, list):
        if len(got) != len(expected):
            return f"{where}: {len(got)} items != {len(expected)}"
        for i, (a, b) in enumerate(zip(got, expected, strict=True)):
            why = compare_json(a, b, f"{where}[{i}]")
            if why:
                return why
    return f"{where}: {got!r:.120} != {expected!r:.120}"


def load(
    base: str,
    routes: list[str],
    bodies: dict[str, bytes],
    concurrency: int,
    seconds: float,
    rounds: int,
    out: Any,
) -> None:
    """Run in a separate process: ``rounds`` rounds; in each, ``concurrency``
    keep-alive clients POST ``bodies[route]`` to each route in turn for
    ``seconds / rounds``.

    Interleaving the routes spreads the load of a shared machine evenly over
    them; the result per route is ``(total req/s, per-round req/s, failures)``.
    """
    import httpx

    clients = [httpx.Client(timeout=120) for _ in range(concurrency)]
    done = dict.fromkeys(routes, 0)
    failed = dict.fromkeys(routes, 0)
    spent = dict.fromkeys(routes, 0.0)
    per_round: dict[str, list[float]] = {route: [] for route in routes}

    def worker(
        client: httpx.Client, url: str, body: bytes, stop: float, counts: list[int]
    ) -> None:
        while time.monotonic() < stop:
            r = client.post(url, content=body, headers=JSON_HEADERS)
            counts[0 if r.status_code == 200 else 1] += 1

    for _ in range(rounds):
        for route in routes:
            url = f"{base}/{route}"
            counts = [[0, 0] for _ in clients]
            start = time.monotonic()
            stop = start + seconds / rounds
            threads = [
                threading.Thread(target=worker, args=(c, url, bodies[route], stop, k))
                for c, k in zip(clients, counts, strict=True)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            elapsed = time.monotonic() - start
            ok = sum(k[0] for k in counts)
            done[route] += ok
            failed[route] += sum(k[1] for k in counts)
            spent[route] += elapsed
            per_round[route].append(ok / elapsed)
    for client in clients:
        client.close()
    out.put({r: (done[r] / spent[r], per_round[r], failed[r]) for r in routes})


@dataclass(frozen=True)
class Settings:
    rows: int
    seconds: float
    rounds: int
    concurrency: int

    @classmethod
    def for_config(cls, config: Config) -> Settings:
        if config.quick:
            return cls(rows=1_000, seconds=0.2, rounds=2, concurrency=4)
        return cls(rows=10_000, seconds=6.0, rounds=3, concurrency=4)


def _users_expected(body: bytes) -> dict[str, list[Any]]:
    data = json.loads(body)
    keep = [i for i, age in enumerate(data["age"]) if age is not None and age >= 18]
    return {name: [values[i] for i in keep] for name, values in data.items()}


def measure_shape(
    bench: Bench, shape: str, settings: Settings, routes: Sequence[Route]
) -> dict[str, Any]:
    """Check then load every route of one app shape; ``{path: outcome}``."""
    from benchmarks.http_app import users_body

    events = make_events(settings.rows)
    bodies = {"events": events_body(settings.rows), "users": users_body(settings.rows)}
    bodies["noop"] = bodies["events"]
    expected = {
        "events": json_columns(filtered_columns(events)),
        "users": _users_expected(bodies["users"]),
    }
    expected["noop"] = expected["events"]
    outcome: dict[str, Any] = {}
    with benchmark_server(shape) as served:
        import httpx

        good: list[str] = []
        with httpx.Client(timeout=120) as client:
            for route in routes:
                what = f"http_post [{shape}] POST /{route.path}"
                r = client.post(
                    f"{served.base}/{route.path}",
                    content=bodies[route.table],
                    headers=JSON_HEADERS,
                )
                if r.status_code != 200:
                    outcome[route.path] = f"FAILED: HTTP {r.status_code}"
                    bench.fail(f"{what}: HTTP {r.status_code}: {r.text[:400]}")
                    continue
                why = compare_json(r.json(), expected[route.table], "answer")
                if not bench.check(not why, f"{what}: answer differs: {why}"):
                    outcome[route.path] = "FAILED: different answer"
                    continue
                good.append(route.path)
        bench.log(
            f"  [{shape}] {len(good)} routes answer the same; loading each for "
            f"{settings.seconds:g} s in {settings.rounds} rounds "
            f"(concurrency {settings.concurrency}, {settings.rows:,} rows, "
            f"{len(bodies['events']):,} B events body)"
        )
        ctx = multiprocessing.get_context("spawn")
        queue = ctx.Queue()
        by_path = {r.path: bodies[r.table] for r in routes}
        proc = ctx.Process(
            target=load,
            args=(
                served.base,
                good,
                by_path,
                settings.concurrency,
                settings.seconds,
                settings.rounds,
                queue,
            ),
        )
        proc.start()
        results = queue.get()
        proc.join()
    for path, (rps, rates, failed) in results.items():
        if failed:
            bench.fail(
                f"http_post [{shape}] POST /{path}: {failed} failed requests under load"
            )
            outcome[path] = f"FAILED: {failed} failed requests"
            continue
        outcome[path] = (rps, rates)
        bench.log(
            f"  [{shape}] {path:<24} {rps:8.1f} req/s  rounds "
            f"{min(rates):7.1f}..{max(rates):7.1f}"
        )
    return outcome


def _fmt_ratio(a: Any, b: Any) -> str:
    if isinstance(a, tuple) and isinstance(b, tuple) and b[0]:
        return f"{a[0] / b[0]:.2f}×"
    return "—"


def table(
    outcomes: dict[str, dict[str, Any]], routes: Sequence[Route], rows: int
) -> str:
    lines = [
        "| app | table | route | req/s | rounds (req/s) | × raw Polars | × Pydantic "
        f"| {ORIGINAL_LABEL} | spelling |",
        "|---|---|---|--:|--:|--:|--:|--:|---|",
    ]
    for shape, outcome in outcomes.items():
        for route in routes:
            got = outcome.get(route.path)
            if got is None:
                continue
            raw = outcome.get(f"{route.table}/raw")
            pyd = outcome.get(f"{route.table}/pydantic")
            if route.table == "noop":
                raw, pyd = outcome.get("events/raw"), outcome.get("events/pydantic")
            if isinstance(got, tuple):
                rps, rates = got
                figure, spread = f"{rps:.1f}", f"{min(rates):.0f}–{max(rates):.0f}"
            else:
                figure, spread = f"**{got}**", ""
            lines.append(
                f"| {shape} | {route.table} | `/{route.path}` | {figure} | {spread} "
                f"| {_fmt_ratio(got, raw)} | {_fmt_ratio(got, pyd)} "
                f"| {route.original_text(shape, rows)} | `{route.code(shape)}` |"
            )
    return "\n".join(lines)


def run(
    bench: Bench, shapes: Sequence[str] = SHAPES, settings: Settings | None = None
) -> list[object]:
    """Group ``http_post`` of ``python -m benchmarks``."""
    settings = settings or Settings.for_config(bench.config)
    outcomes = {
        shape: measure_shape(bench, shape, settings, POST_ROUTES) for shape in shapes
    }
    title = (
        f"HTTP POST {settings.rows:,} rows columnar JSON → validate → filter → JSON "
        f"(uvicorn, 1 worker; {settings.concurrency} keep-alive clients in another "
        f"process; {settings.seconds:g} s per route in {settings.rounds} interleaved "
        "rounds; ratios are throughput ÷ the baseline's: > 1 is faster)"
    )
    notes = (
        "\n\nApp shapes: "
        + "; ".join(f"`{k}` = {v}" for k, v in SHAPE_LABELS.items())
        + ". In each shape the baselines parse the body with the parser class "
        "pydantable's route uses there (FastAPI's `json.loads` in `plain`, orjson in "
        "`pydantable`) and answer through the same FastAPI response path "
        "(`-> dict[str, list]`). The 1.19 figures are for the `plain` shape."
    )
    bench.section(
        Section(
            "http_post",
            title,
            table(outcomes, POST_ROUTES, settings.rows) + notes,
            outcomes,
        )
    )
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--rows", type=int)
    parser.add_argument("--seconds", type=float, help="per route")
    parser.add_argument("--rounds", type=int)
    parser.add_argument("--concurrency", type=int)
    parser.add_argument("--shapes", default=",".join(SHAPES))
    args = parser.parse_args(argv)
    config = Config.for_mode(quick=args.quick)
    base = Settings.for_config(config)
    settings = Settings(
        rows=args.rows or base.rows,
        seconds=args.seconds or base.seconds,
        rounds=args.rounds or base.rounds,
        concurrency=args.concurrency or base.concurrency,
    )
    bench = Bench(config)
    run(bench, args.shapes.split(","), settings)
    return bench.print_report()


if __name__ == "__main__":
    sys.exit(main())
