"""The benchmark schema, in its three spellings, and deterministic data.

One 7-column mixed schema::

    id: int, name: str, score: float, active: bool, joined: date,
    referrer: int | None (about 1/3 null), tier: Literal["free", "pro", "team"]

declared as a pydantable ``DataFrameModel``, as a hand-written Polars schema,
and as plain Pydantic models (one row; one ``list[T]`` field per column).
Everything is built on first use, so importing this module does no work.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import polars as pl
import pydantic
from pydantic import TypeAdapter

from pydantable import DataFrameModel

__all__ = ["COLUMNS", "SEED", "Schemas", "make_columns", "schemas", "to_rows"]

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
