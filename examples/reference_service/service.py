"""What the app keeps for its lifetime (``app.state.service``): data, model, jobs.

Every Parquet file under ``orders/`` was validated by pydantable before it was
written (the generator's output and every ingested batch), so queries scan them
with ``trusted_mode="strict"``: names, nullability and exact dtypes are checked,
and the cells are not validated again on each request.
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

JobState = Literal["queued", "running", "done", "failed"]


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


class Service:
    """Data access and shared state for the routes."""

    def __init__(self, data_dir: Path, metrics: Metrics) -> None:
        self.data_dir = data_dir
        self.metrics = metrics
        self.engine = sqlalchemy.create_engine(data.sqlite_url(data_dir))
        self.model: PriceModel | None = None
        self.jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
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
        written: int = frame.write_sql("customers", self.engine, if_exists="append")
        return written

    # -- jobs and caches -------------------------------------------------------------
    def new_job(self, table: str, rows: int) -> Job:
        job = Job(id=uuid.uuid4().hex, table=table, rows=rows)
        with self._lock:
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
