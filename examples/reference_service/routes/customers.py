"""``/api/v1/customers``: the SQLite table — query, stream, stats, ingest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, Literal

import polars as pl
from examples.reference_service.models import Customers, CustomerStats, Segment
from examples.reference_service.routes.common import (
    FRAME_CONTENT,
    Format,
    PageDep,
    Route,
    ServiceDep,
    choose_media,
    frame_response,
)
from examples.reference_service.routes.orders import IngestResult
from fastapi import APIRouter, Depends, HTTPException, Query, Request

from pydantable.fastapi.formats import NDJSON

router = APIRouter(prefix="/api/v1", tags=["customers"], route_class=Route)

CustomerColumn = Literal[
    "customer_id", "name", "segment", "country", "signup_date", "email"
]  # fmt: skip
CustomerKey = Literal["segment", "country", "signup_year"]
CustomerFilter = Callable[[Customers], Customers]


def customer_filters(
    segment: Annotated[list[Segment] | None, Query()] = None,
    country: Annotated[
        list[str] | None, Query(description="ISO 3166 alpha-2 codes, e.g. DE.")
    ] = None,
    signup_from: Annotated[dt.date | None, Query(description="Inclusive.")] = None,
    signup_to: Annotated[dt.date | None, Query(description="Inclusive.")] = None,
    has_email: bool | None = None,
) -> CustomerFilter:
    """Typed filters, lowered to one pydantable ``filter``."""
    for code in country or ():
        if len(code) != 2 or not code.isalpha() or not code.isupper():
            raise HTTPException(
                422, f"country must be two upper-case letters (e.g. DE); got {code!r}"
            )
    if signup_from is not None and signup_to is not None and signup_from > signup_to:
        raise HTTPException(422, "signup_from is after signup_to")

    def apply(customers: Customers) -> Customers:
        predicates: list[Any] = []
        if segment:
            predicates.append(customers.segment.is_in(segment))
        if country:
            predicates.append(customers.country.is_in(country))
        if signup_from is not None:
            predicates.append(customers.signup_date >= signup_from)
        if signup_to is not None:
            predicates.append(customers.signup_date <= signup_to)
        if has_email is not None:
            email = customers.email
            predicates.append(email.is_not_null() if has_email else email.is_null())
        filtered: Customers = customers.filter(*predicates) if predicates else customers
        return filtered

    return apply


FiltersDep = Annotated[CustomerFilter, Depends(customer_filters)]
ColumnsQuery = Annotated[list[CustomerColumn] | None, Query()]


@router.get("/customers", response_model=Customers, responses=FRAME_CONTENT)
def query_customers(
    request: Request,
    service: ServiceDep,
    filters: FiltersDep,
    page: PageDep,
    columns: ColumnsQuery = None,
    sort: CustomerColumn = "customer_id",
    descending: bool = False,
) -> Any:
    """Filter, select, sort and paginate the customers (read from SQLite)."""
    media = choose_media(request, page.format)
    matching = filters(service.customers())
    total = matching.height
    result = matching.sort(sort, descending=descending, nulls_last=True).slice(
        page.offset, page.limit
    )
    if columns:
        result = result.select(*dict.fromkeys(columns))
    return frame_response(
        result,
        media,
        service=service,
        table="customers",
        rows=max(0, min(page.limit, total - page.offset)),
        orient=page.orient,
        headers={"X-Total-Count": str(total)},
    )


@router.get(
    "/customers/stream",
    response_model=Customers,
    responses={200: {"content": {NDJSON: {}}, "description": "One row per line."}},
)
def stream_customers(
    service: ServiceDep, filters: FiltersDep, columns: ColumnsQuery = None
) -> Any:
    """Every matching customer as NDJSON, one row per line."""
    frame = filters(service.customers())
    if columns:
        frame = frame.select(*dict.fromkeys(columns))
    return frame_response(frame, NDJSON, service=service, table="customers", rows=None)


@router.get("/customers/stats", response_model=CustomerStats, responses=FRAME_CONTENT)
def customers_stats(
    request: Request,
    service: ServiceDep,
    filters: FiltersDep,
    by: Annotated[list[CustomerKey], Query(description="Group keys.")] = ["segment"],  # noqa: B006
    format: Annotated[Format | None, Query()] = None,
) -> Any:
    """Customers, first/last signup and share with an e-mail per group."""
    media = choose_media(request, format)
    keys = list(dict.fromkeys(by))
    customers = filters(service.customers())
    keyed = customers.with_columns(signup_year=customers.signup_date.dt.year())
    grouped = keyed.group_by(*keys).agg(
        customers=keyed.customer_id.count(),
        first_signup=keyed.signup_date.min(),
        last_signup=keyed.signup_date.max(),
        with_email_share=keyed.email.is_not_null().cast(float).mean(),
    )
    table = grouped.to_polars().select(
        pl.concat_str([pl.col(k).cast(pl.String) for k in keys], separator="/").alias(
            "group"
        ),
        "customers",
        "first_signup",
        "last_signup",
        pl.col("with_email_share").round(4),
    )
    stats = CustomerStats(table, trusted_mode="shape_only").sort("group")
    return frame_response(
        stats, media, service=service, table="customers_stats", rows=stats.height
    )


@router.post("/customers", status_code=201, response_model=IngestResult)
def ingest_customers(df: Customers, service: ServiceDep) -> IngestResult:
    """Validate a batch (columnar JSON, row JSON, NDJSON, CSV, Arrow or Parquet
    body) and append it to the SQLite table in one transaction."""
    rows = service.append_customers(df)
    service.metrics.add_rows("in", "customers", rows)
    return IngestResult(table="customers", rows=rows, stored_in="shop.db:customers")
