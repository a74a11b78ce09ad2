"""Pieces shared by the routers: the route class, dependencies, responses."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from examples.reference_service.metrics import count_lines
from examples.reference_service.service import Service
from fastapi import Depends, HTTPException, Query, Request
from pydantic import BaseModel
from starlette.responses import Response

from pydantable.fastapi import DataFrameResponse, DataFrameRoute
from pydantable.fastapi.formats import (
    ARROW,
    CSV,
    JSON,
    NDJSON,
    PARQUET,
    RESPONSE_MEDIA_TYPES,
    negotiate,
)

Format = Literal["json", "ndjson", "csv", "arrow", "parquet"]
FORMATS: dict[str, str] = {
    "json": JSON,
    "ndjson": NDJSON,
    "csv": CSV,
    "arrow": ARROW,
    "parquet": PARQUET,
}


class Route(DataFrameRoute):
    """Frame bodies up to 32 MiB and 1M rows (413 above)."""

    max_body_bytes = 32 * 1024 * 1024
    max_rows = 1_000_000
    max_errors = 50


def get_service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


ServiceDep = Annotated[Service, Depends(get_service)]


class Page(BaseModel):
    """Pagination and output options of a query route."""

    limit: int
    offset: int
    format: Format | None
    orient: Literal["columns", "records"]


def page(
    limit: Annotated[int, Query(ge=1, le=10_000, description="Rows per page.")] = 100,
    offset: Annotated[int, Query(ge=0, description="Rows to skip.")] = 0,
    format: Annotated[
        Format | None,
        Query(description="Force a format instead of negotiating on Accept."),
    ] = None,
    orient: Annotated[
        Literal["columns", "records"],
        Query(description='JSON shape: {"col": [...]} or [{...}, ...].'),
    ] = "columns",
) -> Page:
    return Page(limit=limit, offset=offset, format=format, orient=orient)


PageDep = Annotated[Page, Depends(page)]

#: OpenAPI: the media types a frame route can answer with.
FRAME_CONTENT: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The rows, in the negotiated format (Accept or ?format=).",
        "content": {media: {} for media in RESPONSE_MEDIA_TYPES if media != JSON},
    },
    406: {"description": "No acceptable format (or CSV asked for nested columns)."},
}


def choose_media(request: Request, forced: str | None) -> str:
    """The response media type: ``?format=`` else the ``Accept`` header (406 if none)."""
    if forced is not None:
        return FORMATS[forced]
    accept = request.headers.get("accept")
    media = negotiate(accept)
    if media is None:
        raise HTTPException(
            status_code=406,
            detail=f"cannot produce {accept!r}; available: "
            + ", ".join(RESPONSE_MEDIA_TYPES),
        )
    return media


def frame_response(
    frame: Any,
    media: str,
    *,
    service: Service,
    table: str,
    rows: int | None,
    orient: Literal["columns", "records"] = "columns",
    headers: dict[str, str] | None = None,
    batch_size: int = 65_536,
) -> Response:
    """A :class:`DataFrameResponse` of ``frame``, counted in the metrics.

    CSV holds no struct or list cells: asking for nested columns as CSV is a
    406 naming them (select other columns with ``?columns=``).
    """
    if media == CSV:
        nested = [
            c.name
            for c in frame.schema.columns()
            if c.dtype.name in ("Struct", "List", "Map")
        ]
        if nested:
            raise HTTPException(
                status_code=406,
                detail=f"CSV cannot hold the nested columns {nested}; select other "
                "columns with ?columns=, or ask for JSON, NDJSON, Arrow or Parquet",
            )
    response = DataFrameResponse(
        frame, media_type=media, orient=orient, headers=headers, batch_size=batch_size
    )
    if rows is not None:
        service.metrics.add_rows("out", table, rows)
    elif media == NDJSON:
        response.body_iterator = count_lines(
            response.body_iterator, service.metrics, table
        )
    return response
