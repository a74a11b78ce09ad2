"""Request counts, latencies and rows in/out, exposed in Prometheus' text format.

A pure ASGI middleware times each HTTP request (until its last body byte is
sent, so streams count their whole duration) and labels it with the route's
path template (``/api/v1/orders``, not the raw URL) and its method (unknown
methods as ``OTHER``): label values stay bounded whatever clients send.
Routes add the rows they ingested or served with :meth:`Metrics.add_rows`.

Example:
    >>> m = Metrics()
    >>> m.observe("GET", "/health", 200, 0.002)
    >>> m.add_rows("out", "orders", 5)
    >>> 'rs_rows_total{direction="out",table="orders"} 5' in m.render()
    True
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Methods counted by name; any other is counted as ``OTHER`` (bounded labels).
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

#: Latency histogram bucket bounds, seconds.
BUCKETS: tuple[float, ...] = (
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
    5.0,
    10.0,
)


def _labels(**labels: str) -> str:
    inner = ",".join(
        f'{k}="{v.replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}"'
        for k, v in labels.items()
    )
    return "{" + inner + "}"


class Metrics:
    """Thread-safe counters and histograms (one instance per app)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: dict[tuple[str, str, str], int] = defaultdict(int)
        self.latency_buckets: dict[tuple[str, str], list[int]] = {}
        self.latency_sum: dict[tuple[str, str], float] = defaultdict(float)
        self.latency_count: dict[tuple[str, str], int] = defaultdict(int)
        self.rows: dict[tuple[str, str], int] = defaultdict(int)
        self.in_flight = 0

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count one finished request."""
        with self._lock:
            self.requests[(method, route, str(status))] += 1
            key = (method, route)
            counts = self.latency_buckets.setdefault(key, [0] * len(BUCKETS))
            for i, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    counts[i] += 1
            self.latency_sum[key] += seconds
            self.latency_count[key] += 1

    def add_rows(self, direction: str, table: str, rows: int) -> None:
        """Add ``rows`` ingested (``direction="in"``) or served (``"out"``)."""
        with self._lock:
            self.rows[(direction, table)] += rows

    def render(self) -> str:
        """All metrics in the Prometheus text exposition format (version 0.0.4)."""
        with self._lock:
            lines = [
                "# HELP rs_http_requests_total HTTP requests by method, route and status.",
                "# TYPE rs_http_requests_total counter",
            ]
            for (method, route, status), n in sorted(self.requests.items()):
                labels = _labels(method=method, route=route, status=status)
                lines.append(f"rs_http_requests_total{labels} {n}")
            lines += [
                "# HELP rs_http_request_duration_seconds Request latency (to the last byte).",
                "# TYPE rs_http_request_duration_seconds histogram",
            ]
            for (method, route), counts in sorted(self.latency_buckets.items()):
                for bound, n in zip(BUCKETS, counts, strict=True):
                    labels = _labels(method=method, route=route, le=repr(bound))
                    lines.append(f"rs_http_request_duration_seconds_bucket{labels} {n}")
                total = self.latency_count[(method, route)]
                labels = _labels(method=method, route=route, le="+Inf")
                lines.append(f"rs_http_request_duration_seconds_bucket{labels} {total}")
                labels = _labels(method=method, route=route)
                lines.append(
                    f"rs_http_request_duration_seconds_sum{labels} "
                    f"{self.latency_sum[(method, route)]:.6f}"
                )
                lines.append(f"rs_http_request_duration_seconds_count{labels} {total}")
            lines += [
                "# HELP rs_rows_total Rows ingested (in) and served (out) per table.",
                "# TYPE rs_rows_total counter",
            ]
            for (direction, table), n in sorted(self.rows.items()):
                lines.append(
                    f"rs_rows_total{_labels(direction=direction, table=table)} {n}"
                )
            lines += [
                "# HELP rs_http_requests_in_flight Requests being handled now.",
                "# TYPE rs_http_requests_in_flight gauge",
                f"rs_http_requests_in_flight {self.in_flight}",
            ]
        return "\n".join(lines) + "\n"


class MetricsMiddleware:
    """ASGI middleware feeding :class:`Metrics` (``/metrics`` itself included)."""

    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        with self.metrics._lock:
            self.metrics.in_flight += 1

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "<unmatched>"
            with self.metrics._lock:
                self.metrics.in_flight -= 1
            method = scope["method"] if scope["method"] in METHODS else "OTHER"
            self.metrics.observe(
                method, template, status, time.perf_counter() - started
            )


async def count_lines(
    chunks: AsyncIterator[Any], metrics: Metrics, table: str
) -> AsyncIterator[Any]:
    """Pass ``chunks`` through, adding their newline count to the ``out`` rows."""
    rows = 0
    try:
        async for chunk in chunks:
            data = chunk if isinstance(chunk, bytes) else str(chunk).encode()
            rows += data.count(b"\n")
            yield chunk
    finally:
        metrics.add_rows("out", table, rows)
