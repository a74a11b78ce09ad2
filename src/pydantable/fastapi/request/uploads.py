"""``multipart/form-data`` uploads of a frame body on a ``DataFrameRoute``.

An HTML form (``<input type=file name=file>``), ``curl -F file=@users.csv`` or
``httpx.post(url, files={"file": ...})`` sends the rows as a file part. The
route reads the part named ``file`` (else the only file part) and parses it
like a raw body of its format: the part's ``Content-Type`` if it names one
(JSON, NDJSON, CSV, Arrow IPC, Parquet), else the file name's extension
(``.csv``, ``.ndjson``/``.jsonl``, ``.json``, ``.arrow``/``.arrows``/``.ipc``,
``.parquet``). Errors:

* no file part (or an empty one) → 422 ``missing`` at ``["body", "file"]``,
  FastAPI's shape for a missing ``File()``;
* a format that cannot be told → 415;
* more than the route's ``max_body_bytes`` → 413 while the upload arrives;
* malformed multipart (no boundary, too many parts) → 400.

The upload is kept in memory (up to the size limit) instead of a temporary file.

Example:
    >>> upload_media("text/csv", "users.bin")
    'text/csv'
    >>> upload_media("application/octet-stream", "Users.JSONL")
    'application/x-ndjson'
    >>> upload_media(None, "notes.txt") is None
    True
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator

from fastapi.exceptions import HTTPException, RequestValidationError
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request

from pydantable._fastapi_compat import cache_body
from pydantable.fastapi.request.formats import (
    ARROW,
    CSV,
    JSON,
    NDJSON,
    PARQUET,
    media_type_of,
)

__all__ = ["MULTIPART", "is_multipart", "read_upload", "upload_media"]

MULTIPART = "multipart/form-data"
#: File name extension → media type, for parts without a usable ``Content-Type``.
EXTENSIONS = {
    "csv": CSV,
    "ndjson": NDJSON,
    "jsonl": NDJSON,
    "json": JSON,
    "arrow": ARROW,
    "arrows": ARROW,
    "ipc": ARROW,
    "parquet": PARQUET,
}
MAX_FILES = 8
MAX_FIELDS = 32
MAX_FIELD_BYTES = 1024 * 1024
_SPOOL_BYTES = 64 * 1024 * 1024  # in memory below this when the route has no limit


def is_multipart(content_type: str | None) -> bool:
    """Whether a ``Content-Type`` header is ``multipart/form-data``.

    Example:
        >>> is_multipart("multipart/form-data; boundary=x")
        True
    """
    if not content_type:
        return False
    return content_type.split(";", 1)[0].strip().lower() == MULTIPART


def upload_media(content_type: str | None, filename: str | None) -> str | None:
    """The format of an uploaded file: its ``Content-Type``, else its extension."""
    media = media_type_of(content_type)
    if media is None and filename and "." in filename:
        media = EXTENSIONS.get(filename.rsplit(".", 1)[1].strip().lower())
    return media


def _missing() -> RequestValidationError:
    return RequestValidationError(
        [
            {
                "type": "missing",
                "loc": ("body", "file"),
                "msg": "Field required",
                "input": None,
            }
        ]
    )


def _too_large(limit: int) -> HTTPException:
    return HTTPException(status_code=413, detail=f"Body larger than {limit} bytes")


async def _limited(
    stream: AsyncIterator[bytes], limit: int | None
) -> AsyncGenerator[bytes, None]:
    size = 0
    async for chunk in stream:
        size += len(chunk)
        if limit is not None and size > limit:
            raise _too_large(limit)
        yield chunk


def _pick(files: list[tuple[str, UploadFile]]) -> UploadFile | None:
    named = [upload for name, upload in files if name == "file"]
    if len(named) == 1:
        return named[0]
    if not named and len(files) == 1:
        return files[0][1]
    return None


async def read_upload(request: Request, limit: int | None) -> tuple[bytes, str]:
    """The bytes and media type of the uploaded file of a multipart ``request``.

    Reads the request body (at most ``limit`` bytes, else 413 while it
    arrives); caches the file's bytes as the request body. Raises the
    ``HTTPException`` / ``RequestValidationError`` listed in the module docs.
    """
    declared = request.headers.get("content-length")
    if limit is not None and declared and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    parser = MultiPartParser(
        request.headers,
        _limited(request.stream(), limit),
        max_files=MAX_FILES,
        max_fields=MAX_FIELDS,
        max_part_size=MAX_FIELD_BYTES,
    )
    parser.spool_max_size = _SPOOL_BYTES if limit is None else limit
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        raise HTTPException(status_code=400, detail=exc.message) from None
    try:
        files = [(k, v) for k, v in form.multi_items() if isinstance(v, UploadFile)]
        upload = _pick(files)
        if upload is None:
            raise _missing()
        media = upload_media(upload.content_type, upload.filename)
        if media is None:
            raise HTTPException(
                status_code=415,
                detail=f"Unsupported upload format {upload.content_type!r} "
                f"(file {upload.filename!r}); send CSV, NDJSON, JSON, Arrow IPC or "
                "Parquet, by Content-Type or extension ("
                + ", ".join(f".{e}" for e in EXTENSIONS)
                + ")",
            )
        body = await upload.read()
    finally:
        await form.close()
    if not body:
        raise _missing()
    cache_body(request, body)
    return body, media
