"""Health, metrics, job status and table descriptions."""

from __future__ import annotations

from typing import Any

from examples.reference_service.models import TABLES
from examples.reference_service.routes.common import Route, Service, ServiceDep
from examples.reference_service.service import JobState
from fastapi import APIRouter, HTTPException
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel

router = APIRouter(route_class=Route)


class Health(BaseModel):
    status: str
    model_ready: bool
    order_files: int


class JobStatus(BaseModel):
    job_id: str
    table: str
    rows: int
    state: JobState
    error: str | None
    stored_in: str | None


class ColumnInfo(BaseModel):
    name: str
    dtype: str
    nullable: bool


class TableInfo(BaseModel):
    name: str
    backend: str
    rows: int
    columns: list[ColumnInfo]


@router.get("/health", tags=["ops"])
def health(service: ServiceDep) -> Health:
    """Liveness: the app is up (and whether the model is trained)."""
    return Health(
        status="ok",
        model_ready=service.model is not None,
        order_files=len(service.version()),
    )


@router.get("/metrics", tags=["ops"], response_class=PlainTextResponse)
def metrics(service: ServiceDep) -> PlainTextResponse:
    """Request counts and latency, rows in/out (Prometheus text format)."""
    return PlainTextResponse(
        service.metrics.render(), media_type="text/plain; version=0.0.4"
    )


@router.get("/api/v1/jobs/{job_id}", tags=["orders"], name="job_status")
def job_status(job_id: str, service: ServiceDep) -> JobStatus:
    """State of a background ingest: queued, running, done or failed."""
    job = service.jobs.get(job_id)
    if job is None:
        raise HTTPException(404, f"no job {job_id!r}")
    return JobStatus(
        job_id=job.id,
        table=job.table,
        rows=job.rows,
        state=job.state,
        error=job.error,
        stored_in=job.file,
    )


def describe(service: Service) -> list[TableInfo]:
    """Each table's backend, row count and schema."""
    found: list[TableInfo] = []
    for name, model in TABLES.items():
        frame: Any = service.orders() if name == "orders" else service.customers()
        columns = [
            ColumnInfo(name=c.name, dtype=str(c.dtype), nullable=c.nullable)
            for c in model.__pydantable_schema__.columns()
        ]
        backend = "parquet" if name == "orders" else "sqlite"
        found.append(
            TableInfo(name=name, backend=backend, rows=frame.height, columns=columns)
        )
    return found


@router.get("/api/v1/tables", tags=["ops"])
def tables(service: ServiceDep) -> list[TableInfo]:
    """The tables: backend, row count and typed schema."""
    return describe(service)
