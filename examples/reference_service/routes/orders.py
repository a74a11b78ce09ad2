"""``/api/v1/orders``: the Parquet table — query, stream, stats, ingest, jobs."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Annotated, Any, Literal

import polars as pl
from examples.reference_service.models import Channel, Orders, OrderStats, Region
from examples.reference_service.routes.common import (
    FRAME_CONTENT,
    PageDep,
    Route,
    Service,
    ServiceDep,
    choose_media,
    frame_response,
)
from examples.reference_service.service import Job
from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException, Query, Request
from pydantic import BaseModel

from pydantable.execution import ExecutionHandle
from pydantable.fastapi import get_executor
from pydantable.fastapi.formats import NDJSON

router = APIRouter(prefix="/api/v1", tags=["orders"], route_class=Route)

OrderColumn = Literal[
    "order_id", "placed_at", "customer_id", "region", "channel", "items",
    "unit_price", "discount", "coupon", "amount", "shipping", "tags",
]  # fmt: skip
SortColumn = Literal[
    "order_id", "placed_at", "customer_id", "region", "channel", "items",
    "unit_price", "discount", "coupon", "amount",
]  # fmt: skip
StatsKey = Literal["region", "channel", "month", "shipping_method"]


class IngestResult(BaseModel):
    """What an ingest stored."""

    table: str
    rows: int
    stored_in: str


class JobAccepted(BaseModel):
    """A background ingest was queued."""

    job_id: str
    rows: int
    status_url: str


OrderFilter = Callable[[Orders], Orders]


def order_filters(
    region: Annotated[list[Region] | None, Query(description="Any of these.")] = None,
    channel: Annotated[list[Channel] | None, Query()] = None,
    customer_id: Annotated[int | None, Query(ge=1)] = None,
    min_amount: Annotated[float | None, Query(ge=0)] = None,
    max_amount: Annotated[float | None, Query(ge=0)] = None,
    placed_from: Annotated[dt.datetime | None, Query(description="Inclusive.")] = None,
    placed_to: Annotated[dt.datetime | None, Query(description="Exclusive.")] = None,
    discounted: Annotated[bool | None, Query()] = None,
) -> OrderFilter:
    """Typed filters, lowered to one pydantable ``filter``."""
    if min_amount is not None and max_amount is not None and min_amount > max_amount:
        raise HTTPException(
            422, f"min_amount ({min_amount}) is greater than max_amount ({max_amount})"
        )
    if placed_from is not None and placed_to is not None and placed_from >= placed_to:
        raise HTTPException(422, "placed_from must be before placed_to")
    for name, value in (("placed_from", placed_from), ("placed_to", placed_to)):
        if value is not None and value.tzinfo is not None:
            raise HTTPException(
                422, f"{name} must be a naive UTC datetime (no offset); got {value}"
            )

    def apply(orders: Orders) -> Orders:
        predicates: list[Any] = []
        if region:
            predicates.append(orders.region.is_in(region))
        if channel:
            predicates.append(orders.channel.is_in(channel))
        if customer_id is not None:
            predicates.append(orders.customer_id == customer_id)
        if min_amount is not None:
            predicates.append(orders.amount >= min_amount)
        if max_amount is not None:
            predicates.append(orders.amount <= max_amount)
        if placed_from is not None:
            predicates.append(orders.placed_at >= placed_from)
        if placed_to is not None:
            predicates.append(orders.placed_at < placed_to)
        if discounted is not None:
            predicates.append(
                orders.discount.is_not_null()
                if discounted
                else orders.discount.is_null()
            )
        filtered: Orders = orders.filter(*predicates) if predicates else orders
        return filtered

    return apply


FiltersDep = Annotated[OrderFilter, Depends(order_filters)]
ColumnsQuery = Annotated[
    list[OrderColumn] | None, Query(description="Columns to return (default: all).")
]


@router.get("/orders", response_model=Orders, responses=FRAME_CONTENT)
def query_orders(
    request: Request,
    service: ServiceDep,
    filters: FiltersDep,
    page: PageDep,
    columns: ColumnsQuery = None,
    sort: SortColumn = "order_id",
    descending: bool = False,
) -> Any:
    """Filter, select, sort and paginate the orders; `X-Total-Count` has the match count.

    The format follows `Accept` (JSON, NDJSON, CSV, Arrow IPC stream, Parquet)
    unless `?format=` is given.
    """
    media = choose_media(request, page.format)
    matching = filters(service.orders())
    total = matching.height
    result = matching.sort(sort, descending=descending, nulls_last=True)
    result = result.slice(page.offset, page.limit)
    if columns:
        result = result.select(*dict.fromkeys(columns))
    rows = max(0, min(page.limit, total - page.offset))
    return frame_response(
        result,
        media,
        service=service,
        table="orders",
        rows=rows,
        orient=page.orient,
        headers={"X-Total-Count": str(total)},
    )


@router.get(
    "/orders/stream",
    response_model=Orders,
    responses={200: {"content": {NDJSON: {}}, "description": "One row per line."}},
)
def stream_orders(
    service: ServiceDep, filters: FiltersDep, columns: ColumnsQuery = None
) -> Any:
    """Every matching order as NDJSON (one row per line), in file order.

    Rows come from the streaming engine batch by batch, so memory stays bounded
    whatever the table's size.
    """
    frame = filters(service.orders())
    if columns:
        frame = frame.select(*dict.fromkeys(columns))
    return frame_response(
        frame, NDJSON, service=service, table="orders", rows=None, batch_size=50_000
    )


def order_stats(
    orders: Orders, by: list[str], sort: str, descending: bool
) -> OrderStats:
    """Group-by aggregates of ``orders`` as a typed ``OrderStats`` frame."""
    keyed = orders.with_columns(
        month=orders.placed_at.dt.strftime("%Y-%m"),
        shipping_method=orders.shipping.struct.field("method"),
    )
    grouped = keyed.group_by(*by).agg(
        orders=keyed.order_id.count(),
        revenue=keyed.amount.sum(),
        avg_amount=keyed.amount.mean(),
        avg_items=keyed.items.mean(),
        discounted_share=keyed.discount.is_not_null().cast(float).mean(),
    )
    table = grouped.to_polars().select(
        pl.concat_str([pl.col(k).cast(pl.String) for k in by], separator="/").alias(
            "group"
        ),
        "orders",
        pl.col("revenue").round(2),
        pl.col("avg_amount").round(4),
        pl.col("avg_items").round(4),
        pl.col("discounted_share").round(4),
    )
    stats = OrderStats(table, trusted_mode="shape_only")
    result: OrderStats = stats.sort(sort, descending=descending)
    return result


@router.get("/orders/stats", response_model=OrderStats, responses=FRAME_CONTENT)
def orders_stats(
    request: Request,
    service: ServiceDep,
    filters: FiltersDep,
    by: Annotated[list[StatsKey], Query(description="Group keys.")] = ["region"],  # noqa: B006
    sort: Literal["group", "orders", "revenue", "avg_amount"] = "group",
    descending: bool = False,
    format: Annotated[
        Literal["json", "ndjson", "csv", "arrow", "parquet"] | None, Query()
    ] = None,
) -> Any:
    """Orders, revenue, average amount and items, and discounted share per group."""
    media = choose_media(request, format)
    stats = order_stats(
        filters(service.orders()), list(dict.fromkeys(by)), sort, descending
    )
    return frame_response(
        stats, media, service=service, table="orders_stats", rows=stats.height
    )


@router.post("/orders", status_code=201, response_model=IngestResult)
def ingest_orders(df: Orders, service: ServiceDep) -> IngestResult:
    """Validate a batch (columnar JSON, row JSON, NDJSON, Arrow or Parquet body;
    CSV cannot hold the nested `shipping` and `tags` columns) and store it as a
    new Parquet file of the table. Bad cells: 422 listing each `loc`."""
    path = service.append_orders(df)
    service.metrics.add_rows("in", "orders", df.height)
    return IngestResult(table="orders", rows=df.height, stored_in=path.name)


async def run_job(
    job: Job,
    handle: ExecutionHandle[list[Any]],
    frame: Orders,
    service: Service,
    executor: Executor | None,
) -> None:
    """After the response: await the submitted materialization, then store."""
    job.state = "running"
    try:
        rows = await handle.result()
        if len(rows) != job.rows:  # pragma: no cover - would be a library bug
            raise RuntimeError(f"expected {job.rows} rows, got {len(rows)}")
        loop = asyncio.get_running_loop()
        path = await loop.run_in_executor(executor, service.append_orders, frame)
        service.metrics.add_rows("in", "orders", job.rows)
        job.file = path.name
        job.state = "done"
    except Exception as exc:  # a job's failure is reported by its status route
        job.error = f"{type(exc).__name__}: {exc}"
        job.state = "failed"
    finally:
        job.finished = time.time()


@router.post("/orders/jobs", status_code=202, response_model=JobAccepted)
def ingest_orders_later(
    df: Orders,
    request: Request,
    background: BackgroundTasks,
    service: ServiceDep,
    executor: Annotated[Executor | None, Depends(get_executor)],
) -> JobAccepted:
    """Validate now, store in the background: `submit()` starts the work on the
    app's executor, a `BackgroundTasks` task finishes it after the 202."""
    job = service.new_job("orders", df.height)
    handle = df.submit(executor=executor)
    background.add_task(run_job, job, handle, df, service, executor)
    url = str(request.url_for("job_status", job_id=job.id).path)
    return JobAccepted(job_id=job.id, rows=job.rows, status_url=url)
