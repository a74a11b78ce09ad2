"""Public path of the body media types and :func:`parse_frame` (the docs and the
reference service import them from here); they live in
:mod:`pydantable.fastapi.request.formats`.
"""

from pydantable.fastapi.request.formats import (
    ARROW,
    CSV,
    JSON,
    NDJSON,
    PARQUET,
    RESPONSE_MEDIA_TYPES,
    BodyFormatError,
    RowLimitError,
    check_json_rows,
    csv_row_count,
    fast_json_frame,
    json_shape,
    media_type_of,
    negotiate,
    parse_frame,
    rows_first,
)

__all__ = [
    "ARROW",
    "CSV",
    "JSON",
    "NDJSON",
    "PARQUET",
    "RESPONSE_MEDIA_TYPES",
    "BodyFormatError",
    "RowLimitError",
    "check_json_rows",
    "csv_row_count",
    "fast_json_frame",
    "json_shape",
    "media_type_of",
    "negotiate",
    "parse_frame",
    "rows_first",
]
