"""The FastAPI app the HTTP benchmarks load (three versions of each route).

Routes: ``POST /{ours-seed,ours-seed-async,ours-fast,ours-fast-sync,raw,pydantic,noop}/filter`` (columnar JSON body,
full validation, filter ``age >= 18``, JSON answer) and
``GET /{ours,raw,pydantic}/stream?rows=N`` (an NDJSON stream).
"""

from __future__ import annotations

import functools
import io
import json
from typing import Annotated

import polars as pl
import pydantic
from fastapi import Depends, FastAPI, Request
from fastapi.responses import Response, StreamingResponse

from pydantable import DataFrameModel
from pydantable.fastapi import (
    DataFrameResponse,
    columnar_dependency,
    register_exception_handlers,
)


class Users(DataFrameModel):
    id: int
    name: str
    age: int | None
    score: float


class UserColumns(pydantic.BaseModel):
    id: list[int]
    name: list[str]
    age: list[int | None]
    score: list[float]


class UserRow(pydantic.BaseModel):
    id: int
    name: str
    age: int | None
    score: float


app = FastAPI()
register_exception_handlers(app)  # as the seed pages do


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


# (a) POST a columnar body, validate, filter, answer JSON ------------------------------
@app.post("/ours-seed/filter")
def ours_seed(df: Annotated[Users, Depends(columnar_dependency(Users))]):
    return df.filter(df.age >= 18).to_dict()


@app.post("/ours-seed-async/filter")
async def ours_seed_async(df: Annotated[Users, Depends(columnar_dependency(Users))]):
    """The seed pages' own ``async def`` form (their background-tasks page)."""
    return df.filter(df.age >= 18).to_dict()


@app.post("/ours-fast/filter")
async def ours_fast(df: Users):
    """The fastest documented form: a frame body, a frame result, ``async def``."""
    return df.filter(df.age >= 18)


@app.post("/ours-fast-sync/filter")
def ours_fast_sync(df: Users):
    return df.filter(df.age >= 18)


_CANNED: dict[int, bytes] = {}


@app.post("/noop/filter")
async def noop(request: Request) -> Response:
    """Reads the body and answers a canned response of the usual size (no work):
    the ceiling the load generator and the HTTP stack allow."""
    body = await request.body()
    answer = _CANNED.get(len(body))
    if answer is None:
        frame = pl.DataFrame(json.loads(body))
        answer = _CANNED[len(body)] = (
            frame.filter(pl.col("age") >= 18).write_json().encode()
        )
    return Response(answer, media_type="application/json")


@app.post("/raw/filter")
async def raw(request: Request) -> Response:
    frame = pl.DataFrame(json.loads(await request.body()))
    out = frame.filter(pl.col("age") >= 18).write_json()
    return Response(out, media_type="application/json")


@app.post("/pydantic/filter")
def plain(body: UserColumns) -> UserColumns:
    keep = [i for i, age in enumerate(body.age) if age is not None and age >= 18]
    return UserColumns(
        id=[body.id[i] for i in keep],
        name=[body.name[i] for i in keep],
        age=[body.age[i] for i in keep],
        score=[body.score[i] for i in keep],
    )


# (b) GET an NDJSON stream --------------------------------------------------------------
@functools.lru_cache(maxsize=2)
def table(rows: int) -> pl.DataFrame:
    i = pl.int_range(rows, eager=True, dtype=pl.Int64)
    return pl.DataFrame(
        {
            "id": i,
            "name": pl.select(pl.format("user{}", pl.lit(i))).to_series(),
            "age": i % 90,
            "score": i.cast(pl.Float64) * 0.5,
        }
    )


@functools.lru_cache(maxsize=2)
def frame(rows: int) -> Users:
    return Users(table(rows))


@functools.lru_cache(maxsize=1)
def models(rows: int) -> list[UserRow]:
    return [UserRow(**r) for r in table(rows).iter_rows(named=True)]


@app.get("/ours/stream")
def ours_stream(rows: int = 1_000_000):
    return DataFrameResponse(frame(rows), media_type="application/x-ndjson")


@app.get("/raw/stream")
def raw_stream(rows: int = 1_000_000) -> Response:
    buffer = io.BytesIO()
    table(rows).write_ndjson(buffer)
    return Response(buffer.getvalue(), media_type="application/x-ndjson")


_ROWS = pydantic.TypeAdapter(list[UserRow])


@app.get("/pydantic/stream")
def pydantic_stream(rows: int = 1_000_000) -> StreamingResponse:
    data = models(rows)

    def lines():
        for start in range(0, len(data), 10_000):
            chunk = data[start : start + 10_000]
            yield b"".join(
                row.__pydantic_serializer__.to_json(row) + b"\n" for row in chunk
            )

    return StreamingResponse(lines(), media_type="application/x-ndjson")
