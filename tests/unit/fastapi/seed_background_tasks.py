# Seed: pydantable-fastapi-background-tasks, "End-to-end pattern" (code kept as published)
# ruff: noqa: B008, E501, I001, RUF100
# fmt: off
from contextlib import asynccontextmanager
from typing import Annotated
from fastapi import BackgroundTasks, Depends, FastAPI, Request
from pydantic import BaseModel, Field
from pydantable import DataFrameModel
from pydantable.fastapi import (
    columnar_dependency,
    executor_lifespan,
    get_executor,
    register_exception_handlers,
)
class UserRow(DataFrameModel):
    user_id: int = Field(validation_alias="userId")
    amount: float
class EnqueueResponse(BaseModel):
    accepted_rows: int
    request_id: str | None
@asynccontextmanager
async def lifespan(app: FastAPI):
    async with executor_lifespan(app, max_workers=8, thread_name_prefix="billing-ingest"):
        yield
app = FastAPI(title="Billing ingest (example)", lifespan=lifespan)
register_exception_handlers(app)
async def persist_rollup(handle, request_id: str | None) -> None:
    """Runs after the HTTP response; holds the worker until collect finishes."""
    try:
        rows = await handle.result()
    except Exception as exc: # noqa: BLE001 - log-only boundary in an example
        # Replace with metrics / DLQ in production
        print(f"[{request_id}] background collect failed: {exc}")
        return
    # Here: write rows to warehouse, emit metrics, etc.
    print(f"[{request_id}] persisted {len(rows)} rows")
@app.post("/ingest", response_model=EnqueueResponse)
async def enqueue(
    request: Request,
    background_tasks: BackgroundTasks,
    df: Annotated[UserRow, Depends(columnar_dependency(UserRow, trusted_mode="strict"))],
    executor=Depends(get_executor),
):
    if executor is None:
        raise RuntimeError("executor_lifespan must be configured")
    rid = getattr(request.state, "request_id", None)
    n = df.shape[0]
    handle = df.submit(executor=executor)
    background_tasks.add_task(persist_rollup, handle, rid)
    return EnqueueResponse(accepted_rows=n, request_id=rid)
