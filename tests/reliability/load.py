"""A bounded load run against the reference service under real uvicorn.

:func:`start_service` runs ``python -m examples.reference_service`` in a
subprocess on 127.0.0.1 (small generated data, its own ``TMPDIR``);
:func:`run_round` sends a fixed number of requests from a seeded mix at a fixed
concurrency with ``httpx.AsyncClient`` and stops by itself; :func:`probe` reads
the server's RSS, threads and file descriptors from ``/proc``. Every response is
checked against what the route documents (status and body shape): an answer
that is not is a *problem*, listed in the figures.

The mix: valid ingests (orders, customers, predictions), invalid ingests (bad
cells, a missing column, unequal column lengths), queries in several formats,
NDJSON streams read to the end, hostile bodies (random bytes, a wrong
``Content-Type``, 10 MiB over the body limit, declared and chunked, JSON nested
5 000 and 100 000 deep), clients that drop a stream or an upload midway, slow
readers, and bursts of heavy requests beyond the worker threads.

The valid ingests add order files and customer rows; after each round (the
server idle) :func:`restore_data` deletes what the round added, so every round
and every probe sees tables of the generated size: the memory check compares
like with like, and growth it finds is the server's, not the data's.
``PYDANTABLE_LOAD_DEBUG=<file>`` starts the server through
``tests/reliability/debug_server.py`` (object counts after each round; debug
only, its ``malloc_trim`` changes the RSS the probes read).

``python -m tests.reliability.soak`` (``make soak``) runs the long version;
``tests/reliability/test_load.py`` the bounded one.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import io
import json
import os
import random
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import polars as pl

from pydantable.testing.server import Served, pythonpath_env, serve

ROOT = Path(__file__).resolve().parents[2]
ROWS = 20_000
#: ``Route.max_body_bytes`` of the reference service
BODY_LIMIT = 32 * 1024 * 1024
#: worker threads of the service's executor (``create_app(max_workers=4)``)
EXECUTOR_WORKERS = 4
#: AnyIO's worker threads (``def`` routes) are made on demand, up to 40, and kept
ANYIO_THREADS = 40
#: JSON nested 100 000 deep must be a 4xx too (left on: it is part of the contract)
DEEP_100K = True

NDJSON = "application/x-ndjson"
ARROW = "application/vnd.apache.arrow.stream"
PARQUET = "application/vnd.apache.parquet"
ERROR_KEYS = {"type", "loc", "msg", "input"}


@dataclasses.dataclass
class Outcome:
    """One request: what was sent, what came back, and whether it was right."""

    kind: str
    status: int | None
    seconds: float
    problem: str | None = None


@dataclasses.dataclass
class Probe:
    """The server process's resources at one moment."""

    rss_kib: int
    threads: int
    fds: int
    temp_files: int


@dataclasses.dataclass
class Service:
    """A running reference service: its URL, pid, temp dir and output."""

    served: Served
    temp_dir: Path

    @property
    def base(self) -> str:
        return self.served.base

    @property
    def pid(self) -> int:
        return self.served.process.pid


@contextlib.contextmanager
def start_service(work: Path, *, rows: int = ROWS) -> Iterator[Service]:
    """The reference service on a free loopback port, with data under ``work``."""
    data_dir = work / "data"
    temp_dir = work / "tmp"
    temp_dir.mkdir(parents=True, exist_ok=True)
    env = pythonpath_env(ROOT, ROOT / "src")
    env["TMPDIR"] = str(temp_dir)
    # glibc makes up to 8 malloc arenas per core for the 40+ worker threads,
    # and each keeps its peak: with 2 the RSS stays flat (docs/reliability.md)
    env.setdefault("MALLOC_ARENA_MAX", "2")
    # debug only: object counts on SIGUSR1 (tests/reliability/debug_server.py)
    debug = os.environ.get("PYDANTABLE_LOAD_DEBUG")
    launcher = ["tests.reliability.debug_server", debug] if debug else []
    command = [
        sys.executable,
        "-m",
        *(launcher or ["examples.reference_service"]),
        "--data-dir",
        str(data_dir),
        "--rows",
        str(rows),
        "--port",
        "{port}",
        "--log-level",
        "warning",
    ]
    with serve(
        command, timeout=120, cwd=ROOT, env=env, stop_signal=signal.SIGINT
    ) as served:
        yield Service(served, temp_dir)


def probe(service: Service) -> Probe:
    """RSS (``VmRSS``), thread and fd counts of the server, files in its TMPDIR."""
    proc = Path(f"/proc/{service.pid}")
    rss = 0
    for line in (proc / "status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1])
    return Probe(
        rss_kib=rss,
        threads=len(os.listdir(proc / "task")),
        fds=len(os.listdir(proc / "fd")),
        temp_files=sum(1 for _ in service.temp_dir.rglob("*")),
    )


#: ids of the rows a run adds (``Context.fresh_id``); the generated ones are below
RUN_IDS = 90_000_000


def restore_data(service: Service) -> int:
    """Take the service's tables back to their generated size: delete the order
    files the run's ingests added (every file but ``part-0.parquet``) and the
    customers with the run's ids. Between rounds, while the server is idle, so
    every round works on tables of the same size (data growth is not a leak:
    docs/reliability.md). Returns the number of files and rows removed."""
    data_dir = service.temp_dir.parent / "data"
    added = [
        p for p in (data_dir / "orders").glob("*.parquet") if p.name != "part-0.parquet"
    ]
    for path in added:
        path.unlink()
    db_file = data_dir / "shop.db"
    with contextlib.closing(sqlite3.connect(db_file, timeout=30)) as db, db:
        rows = db.execute(
            "DELETE FROM customers WHERE customer_id >= ?", (RUN_IDS,)
        ).rowcount
    return len(added) + rows


# -- expected shapes -------------------------------------------------------------------
def error_problem(response: httpx.Response, statuses: set[int]) -> str | None:
    """``None`` when ``response`` is one of ``statuses`` with the documented
    error body: ``{"detail": str}`` or ``{"detail": [{type, loc, msg, input}]}``."""
    if response.status_code not in statuses:
        return f"status {response.status_code} not in {sorted(statuses)}"
    try:
        body = response.json()
    except ValueError:
        return f"error body is not JSON: {response.text[:100]!r}"
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, str) and detail:
        return None
    if isinstance(detail, list) and detail:
        for item in detail:
            if not (isinstance(item, dict) and item.keys() >= ERROR_KEYS):
                return f"error item without {sorted(ERROR_KEYS)}: {item!r}"[:200]
            if not isinstance(item["loc"], list) or not isinstance(item["msg"], str):
                return f"bad loc/msg: {item!r}"[:200]
        return None
    return f"no detail in {body!r}"[:200]


def expect(response: httpx.Response, status: int) -> str | None:
    if response.status_code != status:
        return f"status {response.status_code} != {status}: {response.text[:150]!r}"
    return None


def new_order(order_id: int) -> dict[str, Any]:
    return {
        "order_id": order_id,
        "placed_at": "2026-03-01T12:30:00",
        "customer_id": 7,
        "region": "west",
        "channel": "app",
        "items": 2,
        "unit_price": 10.0,
        "discount": None,
        "coupon": None,
        "amount": 20.0,
        "shipping": {"method": "express", "days": 1},
        "tags": ["load"],
    }


def new_customer(customer_id: int) -> dict[str, Any]:
    return {
        "customer_id": customer_id,
        "name": "Load Tester",
        "segment": "business",
        "country": "DE",
        "signup_date": "2025-01-02",
        "email": None,
    }


# -- the operations --------------------------------------------------------------------
Op = Callable[["Context", httpx.AsyncClient], Awaitable[str | None]]


@dataclasses.dataclass
class Context:
    """Shared, bounded state of a run: ids, caps and reused big bodies."""

    rng: random.Random
    slow_chunks: int
    next_id: int = RUN_IDS
    order_ingests_left: int = 0
    over_limit: bytes = b""

    def fresh_id(self) -> int:
        self.next_id += 1
        return self.next_id


async def query_json(ctx: Context, c: httpx.AsyncClient) -> str | None:
    region = ctx.rng.choice(["north", "south", "east", "west"])
    limit = ctx.rng.choice([1, 10, 100])
    r = await c.get("/api/v1/orders", params={"region": region, "limit": limit})
    if problem := expect(r, 200):
        return problem
    ids = r.json()["order_id"]
    total = int(r.headers["x-total-count"])
    if len(ids) != min(limit, total) or total < 1:
        return f"got {len(ids)} rows of {total}, limit {limit}"
    return None


async def query_records(ctx: Context, c: httpx.AsyncClient) -> str | None:
    params: dict[str, Any] = {
        "columns": ["order_id", "amount"],
        "orient": "records",
        "limit": 20,
    }
    r = await c.get("/api/v1/orders", params=params)
    if problem := expect(r, 200):
        return problem
    rows = r.json()
    if len(rows) != 20 or any(set(row) != {"order_id", "amount"} for row in rows):
        return f"bad records: {rows[:2]!r}"
    return None


async def query_arrow(ctx: Context, c: httpx.AsyncClient) -> str | None:
    offset = ctx.rng.randrange(0, ROWS - 50)
    params: dict[str, Any] = {"format": "arrow", "limit": 50, "offset": offset}
    r = await c.get("/api/v1/orders", params=params)
    if problem := expect(r, 200):
        return problem
    frame = pl.read_ipc_stream(io.BytesIO(r.content))
    if frame.height != 50 or "shipping" not in frame.columns:
        return f"bad Arrow answer: {frame.shape}"
    return None


async def query_csv(ctx: Context, c: httpx.AsyncClient) -> str | None:
    params: dict[str, Any] = {
        "columns": ["order_id", "region"],
        "format": "csv",
        "limit": 30,
    }
    r = await c.get("/api/v1/orders", params=params)
    if problem := expect(r, 200):
        return problem
    lines = r.text.splitlines()
    if lines[0] != "order_id,region" or len(lines) != 31:
        return f"bad CSV: {lines[:2]!r}"
    return None


async def stats(ctx: Context, c: httpx.AsyncClient) -> str | None:
    by = ctx.rng.choice(["region", "channel", "shipping_method"])
    r = await c.get("/api/v1/orders/stats", params={"by": by})
    if problem := expect(r, 200):
        return problem
    body = r.json()
    if not body["group"] or sum(body["orders"]) < ROWS:
        return f"bad stats: {body!r}"[:200]
    return None


async def customers(ctx: Context, c: httpx.AsyncClient) -> str | None:
    r = await c.get("/api/v1/customers", params={"limit": 20})
    if problem := expect(r, 200):
        return problem
    if len(r.json()["customer_id"]) != 20:
        return "expected 20 customers"
    return None


async def health(ctx: Context, c: httpx.AsyncClient) -> str | None:
    r = await c.get("/health")
    if problem := expect(r, 200):
        return problem
    return None if r.json()["status"] == "ok" else r.text


async def bad_query(ctx: Context, c: httpx.AsyncClient) -> str | None:
    params: dict[str, Any] = {"region": "mars", "limit": 0, "placed_from": "soon"}
    r = await c.get("/api/v1/orders", params=params)
    return error_problem(r, {422})


async def odd_method(ctx: Context, c: httpx.AsyncClient) -> str | None:
    method = ctx.rng.choice(["BREW", "PROPFIND", "X" * 40])
    r = await c.request(method, "/health")
    return error_problem(r, {405})


async def unknown_job(ctx: Context, c: httpx.AsyncClient) -> str | None:
    r = await c.get(f"/api/v1/jobs/{ctx.rng.randbytes(8).hex()}")
    return error_problem(r, {404})


async def metrics(ctx: Context, c: httpx.AsyncClient) -> str | None:
    """The Prometheus text: label values stay bounded (no raw methods or paths)."""
    r = await c.get("/metrics")
    if problem := expect(r, 200):
        return problem
    if "BREW" in r.text or "/api/v1/jobs/0" in r.text:
        return "a client-chosen method or path became a metrics label"
    return None


async def predict(ctx: Context, c: httpx.AsyncClient) -> str | None:
    body = {"items": [1, 2, 3], "unit_price": [10.0, 5.5, 99.0]}
    r = await c.post("/api/v1/predict", json=body)
    if problem := expect(r, 200):
        return problem
    predicted = r.json()["predicted_amount"]
    if len(predicted) != 3 or not all(isinstance(p, float) for p in predicted):
        return f"bad prediction: {predicted!r}"
    return None


async def ingest_customer(ctx: Context, c: httpx.AsyncClient) -> str | None:
    r = await c.post("/api/v1/customers", json=[new_customer(ctx.fresh_id())])
    if problem := expect(r, 201):
        return problem
    return None if r.json()["rows"] == 1 else r.text


async def ingest_orders(ctx: Context, c: httpx.AsyncClient) -> str | None:
    """Valid orders (a new Parquet file each: capped per round; the files are
    deleted after the round by :func:`restore_data`)."""
    if ctx.order_ingests_left <= 0:
        return await ingest_customer(ctx, c)
    ctx.order_ingests_left -= 1
    rows = [new_order(ctx.fresh_id()) for _ in range(3)]
    r = await c.post("/api/v1/orders", json=rows)
    if problem := expect(r, 201):
        return problem
    return None if r.json()["rows"] == 3 else r.text


async def bad_cells(ctx: Context, c: httpx.AsyncClient) -> str | None:
    rows = [new_order(ctx.fresh_id()) for _ in range(3)]
    rows[0]["placed_at"] = "yesterday"
    rows[1]["region"] = "mars"
    rows[2]["shipping"] = {"method": "drone", "days": 99}
    r = await c.post("/api/v1/orders", json=rows)
    if problem := error_problem(r, {422}):
        return problem
    # row JSON: ["body", <row>, <column>, ...]
    locs = {tuple(e["loc"][:3]) for e in r.json()["detail"]}
    if not {("body", 0, "placed_at"), ("body", 1, "region")} <= locs:
        return f"missing cell locations in {sorted(locs)!r}"[:200]
    return None


async def missing_column(ctx: Context, c: httpx.AsyncClient) -> str | None:
    r = await c.post("/api/v1/customers", json={"customer_id": [1], "name": ["x"]})
    return error_problem(r, {422})


async def unequal_lengths(ctx: Context, c: httpx.AsyncClient) -> str | None:
    r = await c.post("/api/v1/predict", json={"items": [1, 2], "unit_price": [1.0]})
    return error_problem(r, {400})


async def wrong_content_type(ctx: Context, c: httpx.AsyncClient) -> str | None:
    headers = {"content-type": ctx.rng.choice(["text/xml", "application/pdf"])}
    r = await c.post("/api/v1/orders", content=b"<x/>", headers=headers)
    return error_problem(r, {415})


async def garbage(ctx: Context, c: httpx.AsyncClient) -> str | None:
    media = ctx.rng.choice(["application/json", NDJSON, ARROW, PARQUET, "text/csv"])
    body = ctx.rng.randbytes(ctx.rng.randrange(1, 20_000))
    path = ctx.rng.choice(["/api/v1/orders", "/api/v1/customers", "/api/v1/predict"])
    r = await c.post(path, content=body, headers={"content-type": media})
    return error_problem(r, {400, 422})


async def garbage_upload(ctx: Context, c: httpx.AsyncClient) -> str | None:
    name, media = ctx.rng.choice(
        [("x.parquet", PARQUET), ("x.csv", "text/csv"), ("x.arrow", ARROW)]
    )
    # over 1 MiB: Starlette spools the part to a temporary file
    files = {"file": (name, ctx.rng.randbytes(1_200_000), media)}
    r = await c.post("/api/v1/customers/upload", files=files)
    return error_problem(r, {400, 422})


def deep_json(depth: int, *, as_object: bool) -> bytes:
    if as_object:
        return b'{"a":' * depth + b"1" + b"}" * depth
    return b"[" * depth + b"]" * depth


async def deep(ctx: Context, c: httpx.AsyncClient, depth: int) -> str | None:
    body = deep_json(depth, as_object=ctx.rng.random() < 0.5)
    path = ctx.rng.choice(["/api/v1/orders", "/api/v1/predict"])
    r = await c.post(path, content=body, headers={"content-type": "application/json"})
    return error_problem(r, {400, 413, 422})


async def deep_5k(ctx: Context, c: httpx.AsyncClient) -> str | None:
    return await deep(ctx, c, 5_000)


async def deep_100k(ctx: Context, c: httpx.AsyncClient) -> str | None:
    return await deep(ctx, c, 100_000)


async def over_limit(ctx: Context, c: httpx.AsyncClient) -> str | None:
    """10 MiB over the body limit: declared (Content-Length) or chunked."""
    headers = {"content-type": "application/json"}
    if ctx.rng.random() < 0.5:
        r = await c.post("/api/v1/predict", content=ctx.over_limit, headers=headers)
    else:

        async def chunks() -> AsyncIterator[bytes]:
            piece = ctx.over_limit[: 1024 * 1024]
            for _ in range(len(ctx.over_limit) // len(piece)):
                yield piece

        r = await c.post("/api/v1/predict", content=chunks(), headers=headers)
    return error_problem(r, {413})


async def stream_all(ctx: Context, c: httpx.AsyncClient) -> str | None:
    lines = 0
    tail = b""
    params = {"columns": ["order_id", "region"]}
    async with c.stream("GET", "/api/v1/orders/stream", params=params) as r:
        if problem := expect(r, 200):
            return problem
        async for chunk in r.aiter_bytes():
            lines += chunk.count(b"\n")
            tail = (tail + chunk)[-200:]
    last = json.loads(tail.rstrip(b"\n").rsplit(b"\n", 1)[-1])
    if lines < ROWS or set(last) != {"order_id", "region"}:
        return f"stream ended after {lines} lines: {last!r}"
    return None


async def drop_stream(ctx: Context, c: httpx.AsyncClient) -> str | None:
    """Read the first bytes of a full-table stream, then disconnect."""
    async with c.stream("GET", "/api/v1/orders/stream") as r:
        if problem := expect(r, 200):
            return problem
        async for chunk in r.aiter_bytes():
            if b"order_id" not in chunk:
                return f"unexpected first chunk {chunk[:80]!r}"
            break
    return None


async def slow_reader(ctx: Context, c: httpx.AsyncClient) -> str | None:
    """Read a stream 8 KiB at a time with pauses (the server waits on the
    socket), for a bounded number of chunks, then go away."""
    async with c.stream("GET", "/api/v1/orders/stream") as r:
        if problem := expect(r, 200):
            return problem
        got = 0
        async for _ in r.aiter_bytes(8192):
            got += 1
            if got >= ctx.slow_chunks:
                break
            await asyncio.sleep(0.02)
    return None


class AbortError(Exception):
    """Raised by a request body generator to drop the connection midway."""


async def drop_upload(ctx: Context, c: httpx.AsyncClient) -> str | None:
    """Send half of a 2 MiB multipart upload, then disconnect."""
    boundary = "loadtestboundary"
    head = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=file; "
        'filename="x.csv"\r\nContent-Type: text/csv\r\n\r\n'
        "customer_id,name\r\n"
    ).encode()

    async def body() -> AsyncIterator[bytes]:
        yield head
        for _ in range(4):
            yield b"1,abc\n" * 43_690  # ~256 KiB
        raise AbortError

    headers = {"content-type": f"multipart/form-data; boundary={boundary}"}
    try:
        await c.post("/api/v1/customers/upload", content=body(), headers=headers)
    except AbortError:
        return None
    return "the aborted upload got an answer"


#: the mix: (operation, weight)
MIX: tuple[tuple[Op, int], ...] = (
    (query_json, 12),
    (query_records, 5),
    (query_arrow, 5),
    (query_csv, 4),
    (stats, 5),
    (customers, 4),
    (health, 4),
    (bad_query, 4),
    (odd_method, 2),
    (unknown_job, 2),
    (metrics, 2),
    (predict, 8),
    (ingest_customer, 5),
    (ingest_orders, 3),
    (bad_cells, 6),
    (missing_column, 3),
    (unequal_lengths, 3),
    (wrong_content_type, 3),
    (garbage, 6),
    (garbage_upload, 2),
    (deep_5k, 3),
    *(((deep_100k, 2),) if DEEP_100K else ()),
    (over_limit, 1),
    (stream_all, 3),
    (drop_stream, 3),
    (slow_reader, 2),
    (drop_upload, 2),
)


async def timed(op: Op, ctx: Context, client: httpx.AsyncClient) -> Outcome:
    start = time.perf_counter()
    try:
        problem = await op(ctx, client)
    except httpx.HTTPError as exc:
        problem = f"client error {type(exc).__name__}: {exc!r}"[:200]
    seconds = time.perf_counter() - start
    return Outcome(op.__name__, None, seconds, problem)


async def _heavy(ctx: Context, c: httpx.AsyncClient, jobs: list[str]) -> str | None:
    rows = [new_order(ctx.fresh_id()) for _ in range(2)]
    r = await c.post("/api/v1/orders/jobs", json=rows)
    if problem := expect(r, 202):
        return problem
    jobs.append(r.json()["status_url"])
    return None


async def saturate(
    ctx: Context, client: httpx.AsyncClient, *, heavy: int, jobs: int
) -> list[Outcome]:
    """More concurrent heavy requests than threads: ``jobs`` background ingests
    (the app's executor has 4 workers) and ``heavy`` full-table stats at once
    (more than AnyIO's 40 threads), then every job must finish (bounded)."""
    urls: list[str] = []

    async def job(ctx: Context, c: httpx.AsyncClient) -> str | None:
        return await _heavy(ctx, c, urls)

    async def burst_stats(ctx: Context, c: httpx.AsyncClient) -> str | None:
        return await stats(ctx, c)

    job.__name__ = "job_ingest"
    ops: list[Op] = [*([job] * jobs), *([burst_stats] * heavy)]
    outcomes = list(await asyncio.gather(*(timed(op, ctx, client) for op in ops)))
    deadline = time.monotonic() + 60
    pending = list(urls)
    while pending and time.monotonic() < deadline:
        states = [(await client.get(u)).json()["state"] for u in pending]
        failed = [s for s in states if s == "failed"]
        if failed:
            outcomes.append(Outcome("job_ingest", None, 0.0, f"{failed} jobs failed"))
        pending = [
            u
            for u, s in zip(pending, states, strict=True)
            if s in ("queued", "running")
        ]
        if pending:
            await asyncio.sleep(0.1)
    if pending:
        outcomes.append(Outcome("job_ingest", None, 0.0, f"{len(pending)} jobs hung"))
    return outcomes


async def run_round(
    base: str,
    *,
    requests: int,
    concurrency: int,
    seed: int,
    slow_chunks: int = 20,
    order_ingests: int = 10,
    heavy: int = 48,
    jobs: int = 3 * EXECUTOR_WORKERS,
    statuses: Counter[int] | None = None,
) -> list[Outcome]:
    """``requests`` requests of :data:`MIX` (seeded) by ``concurrency`` workers,
    then one :func:`saturate` burst. Bounded: each request has a 60 s timeout.
    Every response's status is counted in ``statuses``."""
    rng = random.Random(seed)
    ops, weights = zip(*MIX, strict=True)
    plan: list[Op] = rng.choices(ops, weights=weights, k=requests)
    ctx = Context(
        rng=rng,
        slow_chunks=slow_chunks,
        next_id=RUN_IDS + seed * 1_000_000,
        order_ingests_left=order_ingests,
        over_limit=b" " * (BODY_LIMIT + 10 * 1024 * 1024),
    )
    queue: asyncio.Queue[Op] = asyncio.Queue()
    for op in plan:
        queue.put_nowait(op)
    outcomes: list[Outcome] = []
    limits = httpx.Limits(max_connections=concurrency + heavy + jobs)
    timeout = httpx.Timeout(60.0)

    async def worker(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            outcomes.append(await timed(queue.get_nowait(), ctx, client))

    counts: Counter[int] = Counter() if statuses is None else statuses

    async def count(response: httpx.Response) -> None:
        counts[response.status_code] += 1

    async with httpx.AsyncClient(
        base_url=base,
        limits=limits,
        timeout=timeout,
        event_hooks={"response": [count]},
    ) as c:
        await asyncio.gather(*(worker(c) for _ in range(concurrency)))
        outcomes.extend(await saturate(ctx, c, heavy=heavy, jobs=jobs))
    return outcomes


def settle(service: Service, baseline: Probe, *, seconds: float = 10.0) -> Probe:
    """Probe once the server has closed the run's sockets (at most ``seconds``
    waiting for the fd count to fall back to ``baseline``)."""
    deadline = time.monotonic() + seconds
    found = probe(service)
    while time.monotonic() < deadline and found.fds > baseline.fds:
        time.sleep(0.2)
        found = probe(service)
    return found


# -- figures ---------------------------------------------------------------------------
def percentile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


#: operations that take long by design (left out of the second latency line)
LONG = frozenset(
    {"stream_all", "slow_reader", "drop_stream", "drop_upload", "over_limit"}
    | {"job_ingest", "burst_stats"}
)


def figures(run: Run) -> str:
    """A plain-text table of the run."""
    outcomes = run.outcomes
    kinds = Counter(o.kind for o in outcomes)
    problems = Counter(o.kind for o in outcomes if o.problem)
    latency = sorted(o.seconds for o in outcomes)
    quick = sorted(o.seconds for o in outcomes if o.kind not in LONG)
    statuses = ", ".join(f"{k}: {v}" for k, v in sorted(run.statuses.items()))
    lines = [
        f"requests      {len(outcomes)} in {run.seconds:.1f} s "
        f"({len(outcomes) / run.seconds:.0f}/s), {run.concurrency} concurrent",
        f"statuses      {statuses}",
        f"5xx           {sum(v for k, v in run.statuses.items() if k >= 500)}",
        f"problems      {sum(problems.values())} (wrong status/shape, client errors)",
        f"restored      {run.restored} added order files and customer rows "
        "deleted between rounds",
        f"latency       p50 {percentile(latency, 50) * 1000:.1f} ms, "
        f"p99 {percentile(latency, 99) * 1000:.1f} ms, "
        f"max {latency[-1] * 1000:.0f} ms (all)",
        f"              p50 {percentile(quick, 50) * 1000:.1f} ms, "
        f"p99 {percentile(quick, 99) * 1000:.1f} ms (without streams, slow "
        "readers, dropped clients, 42 MiB bodies and the burst)",
        "",
        f"{'probe':<14}{'RSS MiB':>9}{'threads':>9}{'fds':>6}{'tmp':>5}",
    ]
    for label, p in run.probes:
        lines.append(
            f"{label:<14}{p.rss_kib / 1024:>9.1f}{p.threads:>9}{p.fds:>6}"
            f"{p.temp_files:>5}"
        )
    lines += ["", f"{'operation':<20}{'count':>7}{'problems':>10}"]
    for kind, count in sorted(kinds.items()):
        lines.append(f"{kind:<20}{count:>7}{problems[kind]:>10}")
    return "\n".join(lines)


def statuses_in_log(output: str) -> list[str]:
    """Server log lines that show a failure (tracebacks, 5xx, errors)."""
    bad = ("Traceback", "ERROR", "Exception in ASGI", " 500 ")
    return [line for line in output.splitlines() if any(b in line for b in bad)]


@dataclasses.dataclass
class Run:
    """A whole load run: every outcome, status counts, probes, the server log."""

    outcomes: list[Outcome]
    statuses: Counter[int]
    probes: list[tuple[str, Probe]]
    seconds: float
    concurrency: int
    failure_lines: list[str]
    clean_exit: bool
    output: str
    #: order files and customer rows of the run deleted between rounds
    restored: int = 0

    @property
    def problems(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.problem]

    @property
    def thread_ceiling(self) -> int:
        """The most threads a server without a leak can have: those at start,
        AnyIO's pool, the app's executor, and 2 of slack (Polars' own pool is
        made at start-up)."""
        return self.probes[0][1].threads + ANYIO_THREADS + EXECUTOR_WORKERS + 2


def load_run(
    *,
    requests: int,
    rounds: int,
    concurrency: int,
    slow_chunks: int = 20,
    heavy: int = 44,
    work: Path | None = None,
) -> Run:
    """Start the service, run ``rounds`` rounds of ``requests`` (plus a
    saturation burst each), probe after each, then stop it with Ctrl-C."""
    outcomes: list[Outcome] = []
    statuses: Counter[int] = Counter()
    with contextlib.ExitStack() as stack:
        if work is None:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        service = stack.enter_context(start_service(work))
        probes = [("start", probe(service))]
        restored = 0
        start = time.perf_counter()
        for n in range(rounds):
            outcomes += asyncio.run(
                run_round(
                    service.base,
                    requests=requests,
                    concurrency=concurrency,
                    seed=n,
                    slow_chunks=slow_chunks,
                    heavy=heavy,
                    statuses=statuses,
                )
            )
            restored += restore_data(service)
            probes.append(
                (f"after {requests * (n + 1)}", settle(service, probes[0][1]))
            )
            if os.environ.get("PYDANTABLE_LOAD_DEBUG"):
                os.kill(service.pid, signal.SIGUSR1)
        seconds = time.perf_counter() - start
    output = service.served.output()
    clean = not service.served.killed and service.served.process.returncode == 0
    return Run(
        outcomes=outcomes,
        statuses=statuses,
        probes=probes,
        seconds=seconds,
        concurrency=concurrency,
        failure_lines=statuses_in_log(output),
        clean_exit=clean and output.rstrip().endswith("stopped"),
        output=output,
        restored=restored,
    )
