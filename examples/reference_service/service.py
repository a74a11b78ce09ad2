"""What the app keeps for its lifetime (``app.state.service``): data, model, jobs.

Every Parquet file under ``orders/`` was validated by pydantable before it was
written (the generator's output and every ingested batch), so queries scan them
with ``trusted_mode="strict"``: names, nullability and exact dtypes are checked,
and the cells are not validated again on each request.

The SQLite database is opened in WAL mode with a busy timeout, and appends
take a lock: under concurrent requests readers never block the writer and two
writers never race for the write lock (which SQLite answers with "database is
locked" at once, not after the timeout).
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import sqlalchemy
from examples.reference_service import data
from examples.reference_service.metrics import Metrics
from examples.reference_service.ml import PriceModel
from examples.reference_service.models import Customers, Orders
from sqlalchemy import event

JobState = Literal["queued", "running", "done", "failed"]
#: finished jobs kept for their status route (the oldest are forgotten first)
MAX_FINISHED_JOBS = 1_000


@dataclass
class Job:
    """A background ingest (``POST /api/v1/orders/jobs``)."""

    id: str
    table: str
    rows: int
    state: JobState = "queued"
    created: float = field(default_factory=time.time)
    finished: float | None = None
    error: str | None = None
    file: str | None = None


def _sqlite_wal(connection: Any, _record: Any) -> None:
    """Each new SQLite connection: write-ahead log (readers do not block writes)."""
    connection.execute("PRAGMA journal_mode=WAL")


class Service:
    """Data access and shared state for the routes."""

    def __init__(self, data_dir: Path, metrics: Metrics) -> None:
        self.data_dir = data_dir
        self.metrics = metrics
        self.engine = sqlalchemy.create_engine(
            data.sqlite_url(data_dir), connect_args={"timeout": 30.0}
        )
        event.listen(self.engine, "connect", _sqlite_wal)
        self.model: PriceModel | None = None
        self.jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._sqlite_writer = threading.Lock()
        self._plots: dict[tuple[Any, ...], bytes] = {}

    # -- tables ----------------------------------------------------------------------
    def orders(self) -> Orders:
        """A lazy, typed scan of every orders file (new ingests included)."""
        frame: Orders = Orders.read_parquet(
            data.orders_glob(self.data_dir), trusted_mode="strict"
        )
        return frame

    def customers(self) -> Customers:
        """A lazy, typed read of the SQLite ``customers`` table.

        SQLite stores dates as text, so its rows get full validation (which
        parses them), not a trusted mode.
        """
        frame: Customers = Customers.read_sql("SELECT * FROM customers", self.engine)
        return frame

    def version(self) -> tuple[Any, ...]:
        """Changes whenever a file is added to the orders table."""
        folder = data.orders_dir(self.data_dir)
        return tuple(
            sorted((p.name, p.stat().st_size) for p in folder.glob("*.parquet"))
        )

    def append_orders(self, frame: Orders) -> Path:
        """Write a validated batch as a new Parquet file of the table (atomic)."""
        name = f"part-{time.time_ns()}-{uuid.uuid4().hex[:8]}.parquet"
        path = data.orders_dir(self.data_dir) / name
        frame.write_parquet(path)
        return path

    def append_customers(self, frame: Customers) -> int:
        """Append a validated batch to SQLite in one transaction."""
        with self._sqlite_writer:
            written: int = frame.write_sql("customers", self.engine, if_exists="append")
        return written

    # -- jobs and caches -------------------------------------------------------------
    def new_job(self, table: str, rows: int) -> Job:
        """Register a job; beyond :data:`MAX_FINISHED_JOBS` finished ones, the
        oldest finished are dropped (a long-running service stays bounded)."""
        job = Job(id=uuid.uuid4().hex, table=table, rows=rows)
        with self._lock:
            finished = [j.id for j in self.jobs.values() if j.finished is not None]
            for old in finished[: max(0, len(finished) - MAX_FINISHED_JOBS + 1)]:
                del self.jobs[old]
            self.jobs[job.id] = job
        return job

    def cached_plot(self, key: tuple[Any, ...], render: Any) -> bytes:
        with self._lock:
            found = self._plots.get(key)
        if found is None:
            found = render()
            with self._lock:
                if len(self._plots) > 16:
                    self._plots.clear()
                self._plots[key] = found
        return found

    def close(self) -> None:
        self.engine.dispose()
