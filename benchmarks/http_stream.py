"""HTTP benchmark (b): GET an NDJSON stream of N rows (default 1M) over loopback.

Each version runs in its own uvicorn server (so its peak memory, VmHWM, is its
own); the client (this process) reads the stream and counts lines.

Run: ``.venv/bin/python -m benchmarks.http_stream [--rows 1000000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import httpx

from benchmarks.http_post import benchmark_server

ROUTES = ("ours", "raw", "pydantic")


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results = {}
    for route in ROUTES:
        with benchmark_server() as served:
            process, base = served.process, served.base
            url = f"{base}/{route}/stream?rows={args.rows}"
            with httpx.Client(timeout=300) as client:
                client.get(f"{url.replace(str(args.rows), '10')}")  # warm imports
                client.get(url).raise_for_status()  # warm the data cache
                before = peak_rss_mb(process.pid)
                best = float("inf")
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    lines = 0
                    with client.stream("GET", url) as response:
                        for chunk in response.iter_bytes():
                            lines += chunk.count(b"\n")
                    best = min(best, time.perf_counter() - start)
                    assert lines == args.rows, (route, lines)
            results[route] = (best, before, peak_rss_mb(process.pid))
    raw = results["raw"][0]
    print(f"GET NDJSON {args.rows} rows, best of {args.repeat}")
    for route, (seconds, before, peak) in results.items():
        print(
            f"  {route:9s} {seconds:6.2f} s ({seconds / raw:4.2f}x raw Polars)"
            f"  server peak RSS {before:6.0f} MB after warm-up, {peak:6.0f} MB after"
        )


if __name__ == "__main__":
    main()
