"""HTTP benchmark (a): POST a 10k-row columnar JSON body → validate → filter → JSON.

Starts ``benchmarks.http_app`` under uvicorn on 127.0.0.1 (one worker), then a
load generator in a separate process sends the same payload to each version
of the route with the same concurrency for a fixed time, and prints req/s.

Run: ``.venv/bin/python -m benchmarks.http_post [--rows 10000] [--seconds 5]``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUTES = ("ours-seed", "ours-fast", "raw", "pydantic")


def payload(rows: int) -> bytes:
    return json.dumps(
        {
            "id": list(range(rows)),
            "name": [f"user{i}" for i in range(rows)],
            "age": [None if i % 7 == 0 else i % 60 for i in range(rows)],
            "score": [i * 0.5 for i in range(rows)],
        }
    ).encode()


def start_server() -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'src'}"}
    log = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the server)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "benchmarks.http_app:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    import httpx

    for _ in range(200):
        try:
            if httpx.get(f"{base}/health").status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("server did not start")


def load(url: str, body: bytes, concurrency: int, seconds: float, out: object) -> None:
    """Run in a separate process: ``concurrency`` keep-alive clients for ``seconds``."""
    import httpx

    done = [0] * concurrency
    failed = [0] * concurrency
    stop = time.monotonic() + seconds
    headers = {"content-type": "application/json"}

    def worker(k: int) -> None:
        with httpx.Client(timeout=60) as client:
            while time.monotonic() < stop:
                r = client.post(url, content=body, headers=headers)
                if r.status_code == 200:
                    done[k] += 1
                else:
                    failed[k] += 1

    start = time.monotonic()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    out.put((sum(done) / elapsed, sum(failed)))  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    body = payload(args.rows)
    process, base = start_server()
    try:
        import httpx

        reference = None
        for route in ROUTES:  # same answer from every version (checked once)
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
        results = {}
        for route in ROUTES:
            queue = ctx.Queue()
            proc = ctx.Process(
                target=load,
                args=(
                    f"{base}/{route}/filter",
                    body,
                    args.concurrency,
                    args.seconds,
                    queue,
                ),
            )
            proc.start()
            results[route] = queue.get()
            proc.join()
        raw = results["raw"][0]
        print(
            f"POST {args.rows} rows, concurrency {args.concurrency}, {args.seconds}s each"
        )
        for route, (rps, failed) in results.items():
            print(
                f"  {route:10s} {rps:8.1f} req/s  ({rps / raw:4.2f}x raw Polars)"
                + (f"  {failed} failed" if failed else "")
            )
    finally:
        process.terminate()
        process.wait(timeout=10)


if __name__ == "__main__":
    main()
