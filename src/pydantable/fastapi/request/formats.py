"""Wire formats of frames: request-body parsing and engine serialization.

Request bodies (by ``Content-Type``) are parsed by the engine or by Rust JSON
parsers, never cell by cell in Python, then validated by the frame's
vectorized ingest:

==========================================  =========================  ===========
media type                                  body                       error loc
==========================================  =========================  ===========
``application/json``                        ``{"col": [...]}`` or      ``[col, row]``
                                            ``[{...}, ...]``           ``[row, key]``
``application/x-ndjson``                    one row object per line    ``[row, key]``
``text/csv``                                header + rows              ``[row, col]``
``application/vnd.apache.arrow.stream``     Arrow IPC stream           ``[col, row]``
``application/vnd.apache.parquet``          Parquet file               ``[col, row]``
==========================================  =========================  ===========

Example:
    >>> negotiate("text/csv;q=0.5, application/x-ndjson")
    'application/x-ndjson'
    >>> negotiate("*/*")
    'application/json'
"""

from __future__ import annotations

import importlib
import io
import json
from collections.abc import Collection
from typing import Any

import polars as pl
import pydantic
import pydantic_core
from polars.exceptions import PanicException

from pydantable.errors import LimitExceededError, reading_source
from pydantable.fastapi.body_models import (
    body_columns,
    columnar_body_model_from_dataframe_model,
)
from pydantable.fastapi.request.json_fast import fast_columns
from pydantable.frame import BaseFrame
from pydantable.limits import IngestLimits, check_json_depth
from pydantable.validation.columns import from_arrow
from pydantable.validation.report import _init_details

__all__ = [
    "ARROW",
    "CSV",
    "JSON",
    "NDJSON",
    "PARQUET",
    "RESPONSE_MEDIA_TYPES",
    "BodyFormatError",
    "RowLimitError",
    "check_cell_bytes",
    "check_columns",
    "check_json_body",
    "check_json_rows",
    "csv_row_count",
    "fast_json_frame",
    "json_shape",
    "media_type_of",
    "negotiate",
    "parse_frame",
    "rows_first",
]

JSON = "application/json"
NDJSON = "application/x-ndjson"
CSV = "text/csv"
ARROW = "application/vnd.apache.arrow.stream"
PARQUET = "application/vnd.apache.parquet"

#: Media types a frame can be written as, in order of preference for ``*/*``.
RESPONSE_MEDIA_TYPES: tuple[str, ...] = (JSON, NDJSON, CSV, ARROW, PARQUET)
_ALIASES = {
    "application/ndjson": NDJSON,
    "application/jsonl": NDJSON,
    "application/x-jsonlines": NDJSON,
    "application/vnd.apache.arrow.file": ARROW,
    "application/x-parquet": PARQUET,
    "application/parquet": PARQUET,
    "application/csv": CSV,
}
#: Row-oriented formats locate errors ``(row, column)``; the others ``(column, row)``.
ROW_FORMATS = frozenset({NDJSON, CSV})


class BodyFormatError(ValueError):
    """A body that could not be read as its declared format (an HTTP 400)."""


def media_type_of(content_type: str | None) -> str | None:
    """The canonical media type of a ``Content-Type`` header (``None`` if unknown).

    Example:
        >>> media_type_of("application/json; charset=utf-8")
        'application/json'
        >>> media_type_of("text/plain") is None
        True
    """
    if not content_type:
        return None
    base = content_type.split(";", 1)[0].strip().lower()
    base = _ALIASES.get(base, base)
    if base == JSON or (base.startswith("application/") and base.endswith("+json")):
        return JSON
    return base if base in RESPONSE_MEDIA_TYPES else None


def negotiate(
    accept: str | None,
    default: str = JSON,
    *,
    available: Collection[str] = RESPONSE_MEDIA_TYPES,
) -> str | None:
    """The response media type for an ``Accept`` header (``None``: nothing acceptable).

    Quality values are honoured; ties keep the header's order; ``*/*`` (or no
    header) gives ``default``. Only ``available`` media types are chosen.

    Example:
        >>> negotiate("text/csv, application/x-ndjson;q=0.5", available=(JSON, NDJSON))
        'application/x-ndjson'
    """
    if not accept:
        return default
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        q = 1.0
        for param in pieces[1:]:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if pieces[0] and q > 0:
            ranked.append((-q, index, pieces[0].lower()))
    for _, _, media in sorted(ranked):
        if media in ("*/*", "application/*"):
            return default
        found = CSV if media == "text/*" else media_type_of(media)
        if found is not None and found in available:
            return found
    return None


def _json_body(body: bytes) -> Any:
    try:
        return pydantic_core.from_json(body, allow_inf_nan=True, cache_strings="keys")
    except ValueError:
        # the exact error FastAPI reports (position included) comes from json
        try:
            return json.loads(body)
        except RecursionError:
            raise BodyFormatError("the body is nested too deeply") from None


def json_shape(data: Any) -> Any:
    """Check a parsed JSON body is columns of arrays or an array of objects.

    ``null`` columns are dropped (an optional column left out). Returns the data
    to ingest; raises ``pydantic.ValidationError`` located like Pydantic would
    (``list_type`` at ``(key,)``, ``model_attributes_type`` at ``(row,)``).
    """
    errors: list[Any] = []
    if isinstance(data, dict):
        data = {k: v for k, v in data.items() if v is not None}
        for key, values in data.items():
            if not isinstance(values, list):
                errors.append({"type": "list_type", "loc": (key,), "input": values})
    elif isinstance(data, list):
        for index, row in enumerate(data):
            if type(row) is not dict:
                errors.append(
                    {"type": "model_attributes_type", "loc": (index,), "input": row}
                )
    else:
        errors.append({"type": "model_attributes_type", "loc": (), "input": data})
    if errors:
        raise pydantic.ValidationError.from_exception_data("body", errors)
    return data


def _columns(
    model: type[BaseFrame], data: dict[str, Any], options: dict[str, Any]
) -> dict[str, Any]:
    """The columns of a columnar JSON body, checked as ``columnar_dependency``
    checks them: by the model's columnar body model (names and aliases
    accepted), so ``{}`` for a model with required columns, a missing column or
    an unknown key is a 422 at the key in FastAPI's shape (``missing``,
    ``extra_forbidden``, ``list_type``), not a frame of no rows.

    Raises:
        pydantic.ValidationError: located at ``(key,)``.
    """
    body_model = columnar_body_model_from_dataframe_model(
        model,
        input_key_mode="both",
        fill_missing_optional=options.get("fill_missing_optional", True),
    )
    return body_columns(body_model.model_validate(data))


def parse_frame(
    model: type[BaseFrame],
    body: bytes,
    media: str,
    *,
    max_rows: int | None = None,
    limits: IngestLimits | None = None,
    **options: Any,
) -> Any:
    """Build ``model`` from a request body of media type ``media``.

    ``limits`` (an :class:`~pydantable.limits.IngestLimits`; default: none but
    ``max_rows``) bounds the body before it is decoded: the JSON nesting depth
    (JSON, NDJSON: a byte scan, no recursion), the number of columns (JSON keys,
    the CSV header, the Parquet or Arrow schema) and the bytes of a text or
    binary cell (CSV, Arrow, Parquet; JSON and NDJSON strings).

    ``max_rows`` is checked as early as the format allows, before the cells are
    validated: NDJSON and CSV by a line count (an exact count, else after
    parsing), Parquet from the footer, an Arrow IPC stream while its batches
    are read (stopping once over), JSON once decoded. Other ``options`` go to
    the constructor.

    Raises:
        json.JSONDecodeError: invalid JSON.
        BodyFormatError: a body unreadable as ``media``.
        RowLimitError: more than ``max_rows`` rows.
        LimitExceededError: over another of ``limits``.
        pydantic.ValidationError: invalid cells (ingest locations).
        ColumnLengthMismatchError, SchemaMismatchError: from the ingest.

    Example:
        >>> from pydantable import DataFrameModel
        >>> class T(DataFrameModel):
        ...     x: int
        >>> parse_frame(T, b"x\\n1\\n2\\n", "text/csv").to_dict()
        {'x': [1, 2]}
        >>> parse_frame(T, b'{"x": [1, 2, 3]}', JSON, max_rows=2)
        Traceback (most recent call last):
        ...
        pydantable.fastapi.request.formats.RowLimitError: Too many rows: 3 > 2
    """
    if limits is not None and media in (JSON, NDJSON):
        check_json_body(body, limits)
    if media == JSON:
        fast = fast_json_frame(model, body, options, max_rows=max_rows)
        if fast is not None:
            return _checked_cells(fast, body, limits)
        raw = _json_body(body)
        if limits is not None and isinstance(raw, dict):
            check_columns(len(raw), limits)
        data = (
            json_shape(raw)
            if not isinstance(raw, dict)
            else _columns(model, raw, options)
        )
        check_json_rows(data, max_rows)
        return _checked_cells(model._from_json_values(data, **options), body, limits)
    if media == NDJSON:
        lines = [line for line in body.splitlines() if line.strip()]
        if max_rows is not None and len(lines) > max_rows:
            raise RowLimitError(len(lines), max_rows)
        try:
            rows = pydantic_core.from_json(
                b"[" + b",".join(lines) + b"]", cache_strings="keys"
            )
        except ValueError:
            raise BodyFormatError("the body is not valid NDJSON") from None
        frame = model._from_json_values(json_shape(rows), **options)
        return _checked_cells(frame, body, limits)
    raw_frame = _read_binary(model, body, media, max_rows=max_rows, limits=limits)
    if limits is not None:
        check_columns(raw_frame.width, limits)
        check_cell_bytes(raw_frame, limits)
    return model(raw_frame, **options)


def check_json_body(body: bytes, limits: IngestLimits) -> None:
    """The byte-level limits of a JSON or NDJSON body, before it is decoded:
    ``max_depth`` (of the body; of each line of NDJSON)."""
    if limits.max_depth is not None:
        check_json_depth(body, limits.max_depth)


def check_columns(count: int, limits: IngestLimits) -> None:
    """Raise :class:`LimitExceededError` if ``count`` is over ``max_columns``."""
    if limits.max_columns is not None and count > limits.max_columns:
        raise LimitExceededError(
            "max_columns", count, limits.max_columns, what="number of columns"
        )


def check_cell_bytes(frame: pl.DataFrame, limits: IngestLimits) -> None:
    """Raise :class:`LimitExceededError` if a text or binary cell of ``frame`` is
    over ``max_cell_bytes`` (one vectorized length per column)."""
    maximum = limits.max_cell_bytes
    if maximum is None:
        return
    sized = [
        (
            pl.col(name).str.len_bytes()
            if dtype == pl.String
            else pl.col(name).bin.size()
        )
        .max()
        .alias(name)
        for name, dtype in frame.schema.items()
        if dtype in (pl.String, pl.Binary)
    ]
    if not sized:
        return
    largest = max((v for v in frame.select(sized).row(0) if v is not None), default=0)
    if largest > maximum:
        raise LimitExceededError(
            "max_cell_bytes", int(largest), maximum, what="bytes of a cell"
        )


def _checked_cells(frame: Any, body: bytes, limits: IngestLimits | None) -> Any:
    """``frame`` (built from a JSON ``body``) once its cells are within
    ``max_cell_bytes`` (no cell can be larger than a body within it)."""
    if (
        limits is not None
        and limits.max_cell_bytes is not None
        and len(body) > limits.max_cell_bytes
        and isinstance(frame, BaseFrame)
    ):
        check_cell_bytes(frame.to_polars(), limits)
    return frame


def fast_json_frame(
    model: type[BaseFrame],
    body: bytes,
    options: dict[str, Any],
    *,
    max_rows: int | None = None,
) -> Any:
    """``model`` built from a columnar JSON ``body`` on the fast lane of
    :mod:`pydantable.fastapi.request.json_fast`, or ``None``: read it the exact way
    (which also gives every error of a body the lane refused)."""
    columns = fast_columns(model, body, options)
    if columns is None:
        return None
    rows = len(next(iter(columns.values())))
    if max_rows is not None and rows > max_rows:
        raise RowLimitError(rows, max_rows)
    try:
        return model._from_json_values(columns, **options)
    except Exception:  # the exact way answers (and locates) it
        return None


def rows_first(exc: pydantic.ValidationError) -> pydantic.ValidationError:
    """``exc`` with its cell errors located ``(row, column)``, in row order.

    The ingest of a columnar source (what :func:`parse_frame` reads a CSV body
    as) locates errors ``(column, row)``; a route answers a CSV body's errors
    like those of the row formats.

    Example:
        >>> from pydantable import DataFrameModel
        >>> class T(DataFrameModel):
        ...     x: int
        >>> try:
        ...     parse_frame(T, b"x\\n1\\nz\\n", CSV)
        ... except pydantic.ValidationError as exc:
        ...     print(exc.errors()[0]["loc"], rows_first(exc).errors()[0]["loc"])
        ('x', 1) (1, 'x')
    """
    located: list[tuple[int, int, tuple[Any, ...], Any]] = []
    for index, error in enumerate(exc.errors(include_url=False)):
        loc = tuple(error["loc"])
        if loc[:1] == ("__row__",):  # a whole-row error
            loc = loc[1:]
        elif len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
            loc = (loc[1], loc[0], *loc[2:])
        row = loc[0] if loc and isinstance(loc[0], int) else -1
        located.append((row, index, loc, error))
    line_errors = [_init_details(dict(e), loc) for _, _, loc, e in sorted(located)]
    out = pydantic.ValidationError.from_exception_data(exc.title, line_errors)
    total = getattr(exc, "pydantable_total_errors", len(line_errors))
    out.pydantable_total_errors = total  # type: ignore[attr-defined]
    return out


class RowLimitError(ValueError):
    """A body with more rows than allowed (an HTTP 413).

    ``rows`` is the row count, or ``None`` when reading stopped once over ``limit``.
    """

    def __init__(self, rows: int | None, limit: int) -> None:
        self.rows = rows
        self.limit = limit
        count = f"more than {limit}" if rows is None else f"{rows} > {limit}"
        super().__init__(f"Too many rows: {count}")


def check_json_rows(data: Any, max_rows: int | None) -> None:
    """Raise :class:`RowLimitError` if decoded JSON rows (or its longest column)
    exceed ``max_rows``.

    Example:
        >>> check_json_rows({"a": [1, 2], "b": None}, 2)
        >>> check_json_rows([{}, {}, {}], 2)
        Traceback (most recent call last):
        ...
        pydantable.fastapi.request.formats.RowLimitError: Too many rows: 3 > 2
    """
    if max_rows is None:
        return
    rows = 0
    if isinstance(data, list):
        rows = len(data)
    elif isinstance(data, dict):
        rows = max((len(v) for v in data.values() if isinstance(v, list)), default=0)
    if rows > max_rows:
        raise RowLimitError(rows, max_rows)


def csv_row_count(body: bytes) -> int | None:
    """The number of rows Polars reads from a CSV ``body``, if a line count tells it.

    Every line after the header is a row (a blank one too: a row of nulls), so
    the count is exact unless quotes (a quoted field may span lines), a lone
    ``\\r`` or a leading blank line make it ambiguous (then ``None``).

    Example:
        >>> csv_row_count(b"a,b\\r\\n1,2\\r\\n\\r\\n3,4")
        3
        >>> csv_row_count(b'a\\n"x\\ny"\\n') is None
        True
    """
    if (
        b'"' in body
        or body.startswith((b"\n", b"\r", b"\xef\xbb\xbf\n", b"\xef\xbb\xbf\r"))
        or body.count(b"\r") != body.count(b"\r\n")
    ):
        return None
    return body.count(b"\n") - (1 if body.endswith(b"\n") else 0)


def _check_csv_rows(body: bytes, max_rows: int | None) -> bool:
    """Raise if an exact line count is over; ``True``: parse, then check."""
    if max_rows is None or body.count(b"\n") <= max_rows:  # an upper bound
        return False
    rows = csv_row_count(body)
    if rows is None:
        return True
    if rows > max_rows:
        raise RowLimitError(rows, max_rows)
    return False


def _arrow_with_pyarrow(body: bytes) -> pl.DataFrame:
    try:
        pa = importlib.import_module("pyarrow")
    except ImportError:
        raise BodyFormatError("the body is not valid Arrow IPC") from None
    with reading_source(body, "arrow"):
        reader = (
            pa.ipc.open_file(body)
            if body.startswith(b"ARROW1")
            else pa.ipc.open_stream(body)
        )
        frame = from_arrow(reader.read_all())
    if not isinstance(frame, pl.DataFrame):  # pragma: no cover - a table is a frame
        raise BodyFormatError("the body is not valid Arrow IPC")
    return frame


def _read_binary(
    model: type[BaseFrame],
    body: bytes,
    media: str,
    *,
    max_rows: int | None = None,
    limits: IngestLimits | None = None,
) -> pl.DataFrame:
    try:
        if media == CSV:
            if limits is not None:  # from the header line, before parsing
                header = body.split(b"\n", 1)[0]
                check_columns(header.count(b",") + 1, limits)
            late = _check_csv_rows(body, max_rows)
            # every cell as text: the ingest coerces it like a JSON string
            frame = pl.read_csv(io.BytesIO(body), infer_schema=False)
            if late and max_rows is not None and frame.height > max_rows:
                raise RowLimitError(frame.height, max_rows)
            return frame
        if media == ARROW:
            n_rows = None if max_rows is None else max_rows + 1
            try:
                if body.startswith(b"ARROW1"):  # the IPC file format (Feather v2)
                    frame = pl.read_ipc(io.BytesIO(body), n_rows=n_rows)
                else:  # batch by batch, stopping once over the limit
                    frame = pl.read_ipc_stream(io.BytesIO(body), n_rows=n_rows)
            except PanicException:
                # a type Polars' IPC reader panics on (decimal256): PyArrow
                # reads it and ingest narrows it, or says why it cannot
                frame = _arrow_with_pyarrow(body)
            if max_rows is not None and frame.height > max_rows:
                raise RowLimitError(None, max_rows)
            return frame
        if media == PARQUET:
            if limits is not None:  # from the footer, before reading data
                check_columns(len(pl.read_parquet_schema(io.BytesIO(body))), limits)
            if max_rows is not None:  # from the footer, before reading data
                footer = pl.scan_parquet(io.BytesIO(body)).select(pl.len())
                rows = int(footer.collect().item())
                if rows > max_rows:
                    raise RowLimitError(rows, max_rows)
            return pl.read_parquet(io.BytesIO(body))
    except (RowLimitError, LimitExceededError):
        raise
    except (pl.exceptions.PolarsError, OSError, ValueError, PanicException) as exc:
        name = {CSV: "CSV", ARROW: "Arrow IPC", PARQUET: "Parquet"}[media]
        raise BodyFormatError(f"the body is not valid {name}") from exc
    msg = f"unsupported media type {media!r}"
    raise BodyFormatError(msg)
