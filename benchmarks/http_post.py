"""HTTP benchmark (a): POST a 10k-row columnar JSON body → validate → filter → JSON.

Starts ``benchmarks.http_app`` under uvicorn on 127.0.0.1 (one worker), then a
load generator in a separate process sends the same payload to each version
of the route with the same concurrency for a fixed time, and prints req/s.

Run: ``.venv/bin/python -m benchmarks.http_post [--rows 10000] [--seconds 5]
[--rounds 5] [--routes ours-seed,raw]``. The routes take turns (``--rounds``), so
load from other processes on a shared machine hits them evenly. ``noop`` reads
the body and answers a canned response of the same size: the ceiling the load
generator and the HTTP stack allow (about 1,400 req/s at 10k rows here), so the
other routes' figures measure the server's work, not the client.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from pydantable.testing.server import Served, pythonpath_env, serve, uvicorn_command

ROOT = Path(__file__).resolve().parents[1]
ROUTES = (
    "ours-seed",
    "ours-seed-async",
    "ours-fast",
    "ours-fast-sync",
    "raw",
    "pydantic",
    "noop",
)


def payload(rows: int) -> bytes:
    return json.dumps(
        {
            "id": list(range(rows)),
            "name": [f"user{i}" for i in range(rows)],
            "age": [None if i % 7 == 0 else i % 60 for i in range(rows)],
            "score": [i * 0.5 for i in range(rows)],
        }
    ).encode()


@contextlib.contextmanager
def benchmark_server() -> Iterator[Served]:
    """``benchmarks.http_app`` under uvicorn on a free loopback port (always stopped)."""
    command = uvicorn_command("benchmarks.http_app:app")
    env = pythonpath_env(ROOT, ROOT / "src")
    with serve(command, cwd=ROOT, env=env) as served:
        yield served


def load(
    base: str,
    routes: list[str],
    body: bytes,
    concurrency: int,
    seconds: float,
    rounds: int,
    out: object,
) -> None:
    """Run in a separate process: ``rounds`` rounds; in each, ``concurrency``
    keep-alive clients POST to each route in turn for ``seconds / rounds``.

    Interleaving the routes spreads the load of a shared machine evenly over
    them; the result per route is ``(total req/s, per-round req/s, failures)``.
    """
    import httpx

    headers = {"content-type": "application/json"}
    clients = [httpx.Client(timeout=60) for _ in range(concurrency)]
    done = dict.fromkeys(routes, 0)
    failed = dict.fromkeys(routes, 0)
    spent = dict.fromkeys(routes, 0.0)
    per_round: dict[str, list[float]] = {route: [] for route in routes}

    def worker(client: httpx.Client, url: str, stop: float, counts: list[int]) -> None:
        while time.monotonic() < stop:
            r = client.post(url, content=body, headers=headers)
            counts[0 if r.status_code == 200 else 1] += 1

    for _ in range(rounds):
        for route in routes:
            url = f"{base}/{route}/filter"
            counts = [[0, 0] for _ in clients]
            start = time.monotonic()
            stop = start + seconds / rounds
            threads = [
                threading.Thread(target=worker, args=(c, url, stop, k))
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
    out.put(  # type: ignore[attr-defined]
        {r: (done[r] / spent[r], per_round[r], failed[r]) for r in routes}
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=5.0, help="per route")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--routes", default=",".join(ROUTES))
    args = parser.parse_args()
    routes = args.routes.split(",")
    body = payload(args.rows)
    with benchmark_server() as served:
        base = served.base
        import httpx

        reference = None
        for route in routes:  # same answer from every version (checked once)
            r = httpx.post(
                f"{base}/{route}/filter",
                content=body,
                headers={"content-type": "application/json"},
                timeout=60,
            )
            r.raise_for_status()
            data = r.json()
            cols = (
                data
                if isinstance(data, dict)
                else {
                    k: [row[k] for row in data] for k in ("id", "name", "age", "score")
                }
            )
            if reference is None:
                reference = cols
            assert cols == reference, route
        ctx = multiprocessing.get_context("spawn")
        queue = ctx.Queue()
        proc = ctx.Process(
            target=load,
            args=(
                base,
                routes,
                body,
                args.concurrency,
                args.seconds,
                args.rounds,
                queue,
            ),
        )
        proc.start()
        results = queue.get()
        proc.join()
        raw = results["raw"][0] if "raw" in results else None
        print(
            f"POST {args.rows} rows, concurrency {args.concurrency}, "
            f"{args.seconds}s per route in {args.rounds} interleaved rounds"
        )
        for route, (rps, rates, failed) in results.items():
            ratio = f"  ({rps / raw:4.2f}x raw Polars)" if raw else ""
            spread = f"  rounds {min(rates):6.1f}..{max(rates):6.1f}"
            print(
                f"  {route:10s} {rps:8.1f} req/s{ratio}{spread}"
                + (f"  {failed} failed" if failed else "")
            )


if __name__ == "__main__":
    main()
