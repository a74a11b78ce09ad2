"""``create_app(data_dir)``: the reference data service.

The lifespan opens the data (a lazy Parquet scan, a SQLite engine), trains
the pricing model from the sample data and keeps it in ``app.state`` (as in
the engineering page), and runs a shared executor for background work.

Example (data generated first, see ``data.ensure_data``)::

    app = create_app(Path("examples/reference_service/.data"))
    uvicorn.run(app, host="127.0.0.1", port=8000)
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from examples.reference_service import data, ml
from examples.reference_service.metrics import Metrics, MetricsMiddleware
from examples.reference_service.page import router as page_router
from examples.reference_service.routes.customers import router as customers_router
from examples.reference_service.routes.ml import router as ml_router
from examples.reference_service.routes.ops import router as ops_router
from examples.reference_service.routes.orders import router as orders_router
from examples.reference_service.routes.uploads import router as uploads_router
from examples.reference_service.service import Service
from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from pydantable.fastapi import (
    RequestIdMiddleware,
    executor_lifespan,
    register_exception_handlers,
)

log = logging.getLogger("reference_service")

DESCRIPTION = """
A typed data service on pydantable's embedded engine: **orders** (Parquet, a few
million rows) and **customers** (SQLite). Query with typed filters in JSON, NDJSON,
CSV, Arrow or Parquet; stream; aggregate; ingest (validated: 422 on bad cells);
price orders with a scikit-learn model trained at start-up. The page at `/` shows
the schema, a preview and a chart.
"""


def create_app(
    data_dir: Path,
    *,
    train_sample: int = 200_000,
    max_workers: int = 4,
) -> FastAPI:
    """The FastAPI app serving ``data_dir`` (which must hold generated data)."""
    if not (data.orders_dir(data_dir) / "part-0.parquet").is_file():
        msg = (
            f"no data in {data_dir}: run `python -m examples.reference_service` "
            "(or data.ensure_data) first"
        )
        raise FileNotFoundError(msg)
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service = Service(data_dir, metrics)
        app.state.service = service
        try:
            async with executor_lifespan(
                app, max_workers=max_workers, thread_name_prefix="reference"
            ):
                service.model = await asyncio.to_thread(
                    ml.train, service.orders(), sample_rows=train_sample
                )
                log.info("model trained: R2=%.4f", service.model.r2)
                yield
        finally:
            service.close()

    # Swagger UI and ReDoc served from a local copy: /docs works offline
    app = FastAPIOffline(
        title="pydantable reference service",
        version="1.0.0",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    register_exception_handlers(app)
    for router in (
        page_router,
        ops_router,
        orders_router,
        customers_router,
        uploads_router,
        ml_router,
    ):
        app.include_router(router)
    app.add_middleware(RequestIdMiddleware)
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    return app
