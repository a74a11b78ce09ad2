"""The benchmark tables, in every spelling, and deterministic data.

The headline table, ``Events`` (used by every benchmark)::

    id: int, name: str, score: float | None (about 10% null),
    category: Literal["alpha", "beta", "gamma", "delta"], ts: datetime (whole
    seconds; ISO strings in JSON), flag: bool, qty: Annotated[int, Field(ge=0, le=1000)]

as a ``DataFrameModel`` (:class:`Events`), a Pydantic row model
(:class:`EventRow`), a Pydantic columnar body (:class:`EventColumns`), Polars
schemas, and the hand-written Polars validation that matches pydantable's
(:func:`polars_events`, :func:`polars_events_from_json`, :func:`check_scan`).

The older ``Users`` schema (kept for reference)::

    id: int, name: str, score: float, active: bool, joined: date,
    referrer: int | None (about 1/3 null), tier: Literal["free", "pro", "team"]

declared as a pydantable ``DataFrameModel``, as a hand-written Polars schema,
and as plain Pydantic models (one row; one ``list[T]`` field per column).
Everything is built on first use, so importing this module does no work.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import polars as pl
import pydantic
from pydantic import TypeAdapter

from pydantable import DataFrameModel

__all__ = [
    "CATEGORIES",
    "CATEGORY_ENUM",
    "COLUMNS",
    "EVENTS_JSON_POLARS",
    "EVENTS_POLARS",
    "EVENTS_ROWS",
    "EVENT_COLUMNS",
    "SEED",
    "TS_FORMAT",
    "EventColumns",
    "EventRow",
    "Events",
    "PolarsValidationError",
    "Schemas",
    "check_scan",
    "events_body",
    "events_parquet",
    "filtered_columns",
    "json_columns",
    "lazy_checks",
    "make_columns",
    "make_events",
    "polars_check_nulls",
    "polars_events",
    "polars_events_from_json",
    "polars_validate",
    "schemas",
    "to_rows",
]

SEED = 20_240_531
COLUMNS = ("id", "name", "score", "active", "joined", "referrer", "tier")
Tier = Literal["free", "pro", "team"]

_FIRST = (
    "ada",
    "alan",
    "grace",
    "edsger",
    "barbara",
    "donald",
    "ken",
    "linus",
    "guido",
)
_LAST = (
    "lovelace",
    "turing",
    "hopper",
    "dijkstra",
    "liskov",
    "knuth",
    "thompson",
    "torvalds",
)
_TIERS: tuple[Tier, ...] = ("free", "pro", "team")


@dataclass(frozen=True)
class Schemas:
    """The schema as a pydantable model, a Polars schema and Pydantic models."""

    frame: type[DataFrameModel]
    polars: dict[str, pl.DataType]
    row: type[pydantic.BaseModel]
    columns: type[pydantic.BaseModel]
    rows_adapter: TypeAdapter[list[Any]]


@cache
def schemas() -> Schemas:
    """Build the three spellings of the schema (once)."""

    class Users(DataFrameModel):
        id: int
        name: str
        score: float
        active: bool
        joined: dt.date
        referrer: int | None
        tier: Tier

    class UserRow(pydantic.BaseModel):
        id: int
        name: str
        score: float
        active: bool
        joined: dt.date
        referrer: int | None
        tier: Tier

    class UserColumns(pydantic.BaseModel):
        id: list[int]
        name: list[str]
        score: list[float]
        active: list[bool]
        joined: list[dt.date]
        referrer: list[int | None]
        tier: list[Tier]

    polars_schema: dict[str, pl.DataType] = {
        "id": pl.Int64(),
        "name": pl.String(),
        "score": pl.Float64(),
        "active": pl.Boolean(),
        "joined": pl.Date(),
        "referrer": pl.Int64(),
        "tier": pl.String(),  # pydantable stores Literal[str, ...] as String
    }
    return Schemas(
        frame=Users,
        polars=polars_schema,
        row=UserRow,
        columns=UserColumns,
        rows_adapter=TypeAdapter(list[UserRow]),
    )


def make_columns(n: int, seed: int = SEED) -> dict[str, list[Any]]:
    """``n`` rows of deterministic data as a dict of Python lists."""
    rng = random.Random(seed)
    rand = rng.random
    randrange = rng.randrange
    first = [rng.choice(_FIRST) for _ in range(64)]
    names = [f"{a} {b}" for a in first for b in _LAST]
    start = dt.date(2015, 1, 1)
    days = [start + dt.timedelta(days=k) for k in range(3_650)]
    return {
        "id": list(range(1, n + 1)),
        "name": [names[randrange(len(names))] for _ in range(n)],
        "score": [round(rand() * 100.0, 3) for _ in range(n)],
        "active": [rand() < 0.5 for _ in range(n)],
        "joined": [days[randrange(len(days))] for _ in range(n)],
        "referrer": [None if rand() < 1 / 3 else randrange(1, n + 1) for _ in range(n)],
        "tier": [_TIERS[randrange(3)] for _ in range(n)],
    }


def to_rows(columns: dict[str, list[Any]]) -> list[dict[str, Any]]:
    """The same data as a list of row dicts."""
    names = list(columns)
    return [
        dict(zip(names, values, strict=True))
        for values in zip(*columns.values(), strict=True)
    ]


# --------------------------------------------------------------------------------------
# The headline table: 7 realistic event columns, in every spelling the benchmarks need.
# --------------------------------------------------------------------------------------

Category = Literal["alpha", "beta", "gamma", "delta"]
CATEGORIES: tuple[Category, ...] = ("alpha", "beta", "gamma", "delta")
EVENT_COLUMNS = ("id", "name", "score", "category", "ts", "flag", "qty")
Qty = Annotated[int, pydantic.Field(ge=0, le=1000)]
QTY_MIN, QTY_MAX = 0, 1000
#: ``ts`` is whole seconds: FastAPI, Pydantic, orjson and ``datetime.isoformat``
#: all write it as ``YYYY-MM-DDTHH:MM:SS``; raw Polars is told the same format.
TS_FORMAT = "%Y-%m-%dT%H:%M:%S"
_TS_START = dt.datetime(2024, 1, 1)


class Events(DataFrameModel):
    """The headline frame model (the benchmarks' ``Events``)."""

    id: int
    name: str
    score: float | None
    category: Category
    ts: dt.datetime
    flag: bool
    qty: Qty


class EventRow(pydantic.BaseModel):
    """The same fields as a plain Pydantic row model."""

    id: int
    name: str
    score: float | None
    category: Category
    ts: dt.datetime
    flag: bool
    qty: Qty


class EventColumns(pydantic.BaseModel):
    """The plain Pydantic columnar body: one ``list[T]`` per column, the same
    types and constraints, and the same rule that all columns have one length
    (pydantable answers ragged columns with a 400)."""

    id: list[int]
    name: list[str]
    score: list[float | None]
    category: list[Category]
    ts: list[dt.datetime]
    flag: list[bool]
    qty: list[Qty]

    @pydantic.model_validator(mode="after")
    def _same_lengths(self) -> EventColumns:
        lengths = {len(getattr(self, name)) for name in EVENT_COLUMNS}
        if len(lengths) > 1:
            msg = "All columns must have the same length"
            raise ValueError(msg)
        return self


#: The Polars schema pydantable stores ``Events`` as (a str ``Literal`` is String).
EVENTS_POLARS: dict[str, pl.DataType] = {
    "id": pl.Int64(),
    "name": pl.String(),
    "score": pl.Float64(),
    "category": pl.String(),
    "ts": pl.Datetime("us"),
    "flag": pl.Boolean(),
    "qty": pl.Int64(),
}
#: The same schema for JSON text (``ts`` arrives as ISO strings).
EVENTS_JSON_POLARS: dict[str, pl.DataType] = {**EVENTS_POLARS, "ts": pl.String()}
CATEGORY_ENUM = pl.Enum(list(CATEGORIES))
EVENTS_ROWS = TypeAdapter(list[EventRow])
_NON_NULL = tuple(c for c in EVENT_COLUMNS if c != "score")


class PolarsValidationError(ValueError):
    """A hand-written Polars check failed (the raw routes answer 422)."""


def polars_check_nulls(frame: pl.DataFrame) -> None:
    """What ``shape_only``/``strict`` check beyond the dtypes: nullability."""
    nulls = frame.select(pl.col(*_NON_NULL).null_count()).row(0)
    if any(nulls):
        msg = f"null values in non-nullable columns: {dict(zip(_NON_NULL, nulls, strict=True))}"
        raise PolarsValidationError(msg)


def polars_validate(frame: pl.DataFrame) -> pl.DataFrame:
    """The hand-written equivalent of full validation on a typed frame:
    ``category`` cast to an Enum (refuses other values), no nulls where the
    model has none, ``0 <= qty <= 1000``. Returns the frame with the Enum."""
    try:
        frame = frame.with_columns(pl.col("category").cast(CATEGORY_ENUM))
    except pl.exceptions.PolarsError as exc:  # an unknown category
        raise PolarsValidationError(str(exc)) from None
    polars_check_nulls(frame)
    if not frame.select(pl.col("qty").is_between(QTY_MIN, QTY_MAX).all()).item():
        msg = "qty outside [0, 1000]"
        raise PolarsValidationError(msg)
    return frame


def polars_events(data: dict[str, list[Any]]) -> pl.DataFrame:
    """Python columns (``ts`` as datetimes) → the typed, validated Polars frame."""
    try:
        frame = pl.DataFrame(data, schema=EVENTS_POLARS, strict=True)
    except (TypeError, ValueError, pl.exceptions.PolarsError) as exc:
        raise PolarsValidationError(str(exc)) from None
    return polars_validate(frame)


def polars_events_from_json(data: Any) -> pl.DataFrame:
    """Parsed columnar JSON (``ts`` as ISO strings) → the typed, validated frame:
    strict build, ``ts`` parsed to Datetime, ``category`` cast, checks."""
    if type(data) is not dict or set(data) != set(EVENT_COLUMNS):
        msg = "body must be an object with the 7 event columns"
        raise PolarsValidationError(msg)
    try:
        frame = pl.DataFrame(data, schema=EVENTS_JSON_POLARS, strict=True)
        frame = frame.with_columns(
            pl.col("ts").str.to_datetime(TS_FORMAT, time_unit="us", strict=True)
        )
    except (TypeError, ValueError, pl.exceptions.PolarsError) as exc:
        raise PolarsValidationError(str(exc)) from None
    return polars_validate(frame)


def lazy_checks(frame: pl.LazyFrame) -> pl.LazyFrame:
    """One aggregate pre-pass over a scan: the checks of :func:`polars_validate`
    (one row of booleans, all true when the data is valid)."""
    return frame.select(
        members=pl.col("category").is_in(list(CATEGORIES)).all(),
        nulls=pl.sum_horizontal(pl.col(*_NON_NULL).null_count()) == 0,
        qty=pl.col("qty").is_between(QTY_MIN, QTY_MAX).all(),
    )


def check_scan(frame: pl.LazyFrame) -> None:
    """Raise :class:`PolarsValidationError` unless the scan passes :func:`lazy_checks`."""
    row = lazy_checks(frame).collect().row(0, named=True)
    if not all(row.values()):
        msg = f"invalid data: {row}"
        raise PolarsValidationError(msg)


def make_events(n: int, seed: int = SEED) -> dict[str, list[Any]]:
    """``n`` deterministic events as Python columns (``ts`` as datetimes; about
    10% of ``score`` null)."""
    rng = random.Random(seed)
    rand = rng.random
    randrange = rng.randrange
    first = [rng.choice(_FIRST) for _ in range(64)]
    names = [f"{a} {b}" for a in first for b in _LAST]
    seconds = 366 * 86_400
    step = dt.timedelta(seconds=1)
    return {
        "id": list(range(1, n + 1)),
        "name": [names[randrange(len(names))] for _ in range(n)],
        "score": [None if rand() < 0.1 else round(rand() * 100.0, 2) for _ in range(n)],
        "category": [CATEGORIES[randrange(4)] for _ in range(n)],
        "ts": [_TS_START + step * randrange(seconds) for _ in range(n)],
        "flag": [rand() < 0.5 for _ in range(n)],
        "qty": [randrange(QTY_MIN, QTY_MAX + 1) for _ in range(n)],
    }


def json_columns(data: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """The columns as JSON carries them (``ts`` as ISO strings)."""
    return {**data, "ts": [t.isoformat() for t in data["ts"]]}


def events_body(n: int, seed: int = SEED) -> bytes:
    """A columnar JSON body of ``n`` events (what a client POSTs)."""
    return json.dumps(json_columns(make_events(n, seed))).encode()


def filtered_columns(
    data: dict[str, list[Any]], threshold: float = 50.0
) -> dict[str, list[Any]]:
    """Reference answer of the POST routes: rows with ``score > threshold``."""
    keep = [i for i, s in enumerate(data["score"]) if s is not None and s > threshold]
    return {name: [values[i] for i in keep] for name, values in data.items()}


DATA_DIR = Path(__file__).resolve().parent / ".data"
#: Row groups of 100,000 rows: 10,000-row batches never straddle one.
ROW_GROUP_ROWS = 100_000


def events_parquet(n: int, seed: int = SEED) -> Path:
    """A Parquet file of :func:`make_events` (written once into ``benchmarks/.data``)."""
    path = DATA_DIR / f"events_{n}_{seed}.parquet"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        frame = pl.DataFrame(make_events(n, seed), schema=EVENTS_POLARS, strict=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        frame.write_parquet(tmp, row_group_size=ROW_GROUP_ROWS)
        os.replace(tmp, path)
    return path
