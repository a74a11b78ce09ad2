"""What the load run found in the reference service, pinned without a server.

* concurrent SQLite appends and reads: "database is locked" was a 500;
* finished background jobs were kept forever (memory grew with every job);
* each client-chosen HTTP method became a new metrics label.
"""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path

import pytest
from examples.reference_service import data
from examples.reference_service.metrics import Metrics, MetricsMiddleware
from examples.reference_service.models import Customers
from examples.reference_service.service import MAX_FINISHED_JOBS, Service


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Service:
    folder = tmp_path_factory.mktemp("rs_data")
    data.ensure_data(folder, 200)
    return Service(folder, Metrics())


def test_concurrent_sqlite_appends_and_reads_all_succeed(service: Service) -> None:
    before = service.customers().height
    errors: list[BaseException] = []

    def write(start: int) -> None:
        try:
            for i in range(10):
                batch = Customers(
                    {
                        "customer_id": [start + i],
                        "name": ["Concurrent"],
                        "segment": ["business"],
                        "country": ["DE"],
                        "signup_date": ["2025-01-02"],
                        "email": [None],
                    }
                )
                assert service.append_customers(batch) == 1
                assert service.customers().height >= before + 1
        except BaseException as exc:  # reported below, with the thread's error
            errors.append(exc)

    threads = [
        threading.Thread(target=write, args=(1_000_000 + 100 * n,)) for n in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    assert service.customers().height == before + 80


def test_finished_jobs_are_bounded(service: Service) -> None:
    first = service.new_job("orders", 1)
    first.finished = time.time()
    running = service.new_job("orders", 1)  # never finishes: never dropped
    for _ in range(MAX_FINISHED_JOBS + 50):
        service.new_job("orders", 1).finished = time.time()
    assert first.id not in service.jobs
    assert running.id in service.jobs
    finished = [j for j in service.jobs.values() if j.finished is not None]
    assert len(finished) == MAX_FINISHED_JOBS
    newest = service.new_job("orders", 2)
    assert service.jobs[newest.id] is newest


def test_unknown_http_methods_share_one_metrics_label() -> None:
    metrics = Metrics()

    async def app(scope: object, receive: object, send: object) -> None:
        await send({"type": "http.response.start", "status": 405, "headers": []})  # type: ignore[operator]
        await send({"type": "http.response.body", "body": b""})  # type: ignore[operator]

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b""}

    async def send(message: object) -> None:
        return None

    middleware = MetricsMiddleware(app, metrics=metrics)  # type: ignore[arg-type]
    for method in ["GET", "BREW", "X" * 40, "PROPFIND"]:
        scope = {"type": "http", "method": method, "path": "/health"}
        asyncio.run(middleware(scope, receive, send))  # type: ignore[arg-type]
    assert sorted(metrics.requests) == [
        ("GET", "<unmatched>", "405"),
        ("OTHER", "<unmatched>", "405"),
    ]
    assert metrics.requests[("OTHER", "<unmatched>", "405")] == 3
    assert "BREW" not in metrics.render()


def test_sqlite_is_in_wal_mode(service: Service) -> None:
    with service.engine.connect() as conn:
        mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
    assert mode == "wal"
    assert isinstance(service.data_dir, Path)
