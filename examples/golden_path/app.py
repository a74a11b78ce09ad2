"""Golden path: a typed data service with pydantable and FastAPI.

Run it with ``uvicorn examples.golden_path.app:app``. Routes:

* ``GET /health`` — liveness;
* ``POST /v1/users`` — ingest a batch (columnar JSON, row JSON, NDJSON, CSV,
  Arrow or Parquet body), validated by the vectorized ingest; returns counts;
* ``POST /v1/users/adults`` — the seed-page style: ``columnar_dependency`` +
  ``to_dict()``;
* ``POST /v1/users/query`` — filter/sort/head a body, answer in the format the
  client ``Accept``\\ s (JSON, NDJSON, CSV, Arrow, Parquet);
* ``GET /v1/users/export`` — an NDJSON stream of generated rows (bounded memory).
"""

from __future__ import annotations

import functools
from typing import Annotated

import polars as pl
from fastapi import Depends, FastAPI, Query
from pydantic import Field

from pydantable import DataFrameModel
from pydantable.fastapi import (
    DataFrameResponse,
    DataFrameRoute,
    RequestIdMiddleware,
    columnar_dependency,
    register_exception_handlers,
)


class Users(DataFrameModel):
    id: int
    name: str
    age: int | None = Field(default=None, ge=0, le=150)
    score: float


class Route(DataFrameRoute):
    max_body_bytes = 8 * 1024 * 1024  # 413 above 8 MiB
    max_rows = 1_000_000  # 413 above a million rows


app = FastAPI(title="pydantable golden path", version="1.0.0")
register_exception_handlers(app)
app.router.route_class = Route  # engine-speed frame bodies and responses
app.add_middleware(RequestIdMiddleware)


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/v1/users")
def ingest(df: Users) -> dict[str, int]:
    return {"rows": df.height, "with_age": df.filter(df.age.is_not_null()).height}


@app.post("/v1/users/adults")
def adults(df: Annotated[Users, Depends(columnar_dependency(Users))]):
    return df.filter(df.age >= 18).to_dict()


@app.post("/v1/users/query")
def query(
    df: Users,
    min_age: Annotated[int, Query(ge=0, le=150)] = 0,
    limit: Annotated[int, Query(ge=0, le=10_000)] = 100,
):
    adults = df.filter(df.age >= min_age).sort("score", descending=True)
    return adults.select("id", "name", "score").head(limit)


@functools.lru_cache(maxsize=4)
def generated_users(rows: int) -> Users:
    """``rows`` deterministic users (validated once, then cached)."""
    i = pl.int_range(rows, eager=True, dtype=pl.Int64)
    data = pl.DataFrame(
        {
            "id": i,
            "name": pl.select(pl.format("user{}", pl.lit(i))).to_series(),
            "age": i % 90,
            "score": i.cast(pl.Float64) * 0.5,
        }
    )
    return Users(data)


@app.get("/v1/users/export")
def export(rows: Annotated[int, Query(ge=0, le=2_000_000)] = 1000):
    df = generated_users(rows)
    return DataFrameResponse(df.filter(df.age >= 0), media_type="application/x-ndjson")
