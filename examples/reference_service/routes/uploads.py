"""``multipart/form-data`` file uploads (an HTML form's ``<input type=file>``).

The file's format comes from its ``Content-Type``, else from its suffix; it is
parsed by the engine and validated by the frame's vectorized ingest, and errors
come back located like body errors: ``["body", "file", <column>, <row>]``.
"""

from __future__ import annotations

from typing import Annotated, Any

import pydantic
from examples.reference_service.models import Customers, Orders
from examples.reference_service.routes.common import Route, ServiceDep
from examples.reference_service.routes.orders import IngestResult
from fastapi import APIRouter, File, HTTPException, UploadFile

from pydantable.errors import ColumnLengthMismatchError, SchemaMismatchError
from pydantable.fastapi.errors import json_safe_errors
from pydantable.fastapi.formats import (
    ARROW,
    CSV,
    JSON,
    NDJSON,
    PARQUET,
    BodyFormatError,
    media_type_of,
    parse_frame,
)

router = APIRouter(prefix="/api/v1", tags=["uploads"], route_class=Route)

MAX_UPLOAD_BYTES = 32 * 1024 * 1024
_SUFFIXES = {
    ".csv": CSV,
    ".parquet": PARQUET,
    ".ndjson": NDJSON,
    ".jsonl": NDJSON,
    ".json": JSON,
    ".arrow": ARROW,
    ".arrows": ARROW,
}
UploadField = Annotated[
    UploadFile, File(description="CSV, Parquet, NDJSON, JSON or Arrow IPC stream.")
]


def _media(upload: UploadFile) -> str:
    media = media_type_of(upload.content_type)
    if media is None:
        name = (upload.filename or "").lower()
        media = next((m for s, m in _SUFFIXES.items() if name.endswith(s)), None)
    if media is None:
        raise HTTPException(
            415,
            f"cannot tell the format of {upload.filename!r} "
            f"({upload.content_type}); use one of " + ", ".join(sorted(_SUFFIXES)),
        )
    return media


async def read_upload(model: type[Any], upload: UploadFile) -> Any:
    """The validated frame of an uploaded file (4xx with a clear body otherwise)."""
    media = _media(upload)
    body = await upload.read(MAX_UPLOAD_BYTES + 1)
    if len(body) > MAX_UPLOAD_BYTES:
        raise HTTPException(413, f"File larger than {MAX_UPLOAD_BYTES} bytes")
    if not body:
        raise HTTPException(400, "The uploaded file is empty")
    try:
        return parse_frame(model, body, media, max_errors=50)
    except pydantic.ValidationError as exc:
        errors = json_safe_errors(
            {**e, "loc": ("body", "file", *e["loc"])}
            for e in exc.errors(include_url=False)
        )
        raise HTTPException(422, errors) from None
    except SchemaMismatchError as exc:
        raise HTTPException(422, str(exc)) from None
    except (ColumnLengthMismatchError, BodyFormatError, ValueError) as exc:
        raise HTTPException(400, str(exc)) from None


@router.post("/orders/upload", status_code=201, response_model=IngestResult)
async def upload_orders(file: UploadField, service: ServiceDep) -> IngestResult:
    """Ingest an uploaded file of orders (Parquet, NDJSON, JSON or Arrow)."""
    frame = await read_upload(Orders, file)
    path = service.append_orders(frame)
    service.metrics.add_rows("in", "orders", frame.height)
    return IngestResult(table="orders", rows=frame.height, stored_in=path.name)


@router.post("/customers/upload", status_code=201, response_model=IngestResult)
async def upload_customers(file: UploadField, service: ServiceDep) -> IngestResult:
    """Ingest an uploaded file of customers (CSV, Parquet, NDJSON, JSON or Arrow)."""
    frame = await read_upload(Customers, file)
    rows = service.append_customers(frame)
    service.metrics.add_rows("in", "customers", rows)
    return IngestResult(table="customers", rows=rows, stored_in="shop.db:customers")
