"""The FastAPI apps the HTTP benchmarks serve: the same routes in two app shapes.

* ``plain_app``: ``FastAPI()`` with no pydantable handlers (FastAPI's own
  ``APIRoute``: bodies parsed by ``json.loads``, answers by FastAPI's encoder);
* ``pydantable_app``: ``FastAPI()`` + ``register_exception_handlers(app)``, which
  installs :class:`~pydantable.fastapi.DataFrameRoute` for the routes defined
  after it (frame bodies parsed by orjson on its fast lane, results written by
  its response path). Every route of this app, baselines included, takes the
  same response path; the baselines' bodies are parsed by orjson too.

pydantable's routes are the seed pages' spellings, letter for letter. The
baselines do the same work: the same parser class as pydantable's route in
that app shape, the same typed frame (``ts`` parsed to Datetime, ``category``
cast to an Enum, nulls and ``qty`` bounds checked), the same answer format
through the same FastAPI response path.

Routes (``/events/...``: the headline 7-column table; ``/users/...``: the
older 4-column one, kept as a second row):

* ``POST /events/{seed,seed-shape-only,seed-async,raw,pydantic}``,
  ``POST /users/{seed,raw,pydantic}``, ``POST /noop``: a columnar JSON body,
  validate, keep ``score > 50`` (``age >= 18`` for users), answer the columns;
* ``GET /events/rows/{seed,pydantic-prebuilt,pydantic-validate,raw}?n=``: a
  ``response_model=list[EventRow]`` answer of an ``n``-row in-memory table;
* ``GET /events/ndjson/{seed,seed-shape-only,raw,pydantic}?path=``: an NDJSON
  stream of a Parquet file, one line per 10,000-row batch.
"""

# No ``from __future__ import annotations``: the routes are defined inside
# ``make_app`` and FastAPI reads their annotations at runtime.

import functools
import json
from typing import Annotated, Any

import orjson
import polars as pl
import pyarrow.parquet as pq
import pydantic
from fastapi import Body, Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import Response, StreamingResponse

from benchmarks._data import (
    EVENT_COLUMNS,
    EVENTS_POLARS,
    EVENTS_ROWS,
    TS_FORMAT,
    EventColumns,
    EventRow,
    Events,
    PolarsValidationError,
    check_scan,
    make_events,
    polars_events_from_json,
    to_rows,
)
from pydantable import DataFrameModel
from pydantable.fastapi import (
    columnar_dependency,
    ndjson_streaming_response,
    register_exception_handlers,
)

__all__ = [
    "SHAPES",
    "UserColumns",
    "Users",
    "make_app",
    "plain_app",
    "pydantable_app",
    "users_body",
]

SHAPES = ("plain", "pydantable")
BATCH = 10_000


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

    @pydantic.model_validator(mode="after")
    def _same_lengths(self) -> "UserColumns":
        if len({len(self.id), len(self.name), len(self.age), len(self.score)}) > 1:
            msg = "All columns must have the same length"
            raise ValueError(msg)
        return self


USERS_POLARS = {
    "id": pl.Int64(),
    "name": pl.String(),
    "age": pl.Int64(),
    "score": pl.Float64(),
}


def users_body(rows: int) -> bytes:
    return json.dumps(
        {
            "id": list(range(rows)),
            "name": [f"user{i}" for i in range(rows)],
            "age": [None if i % 7 == 0 else i % 60 for i in range(rows)],
            "score": [i * 0.5 for i in range(rows)],
        }
    ).encode()


def polars_users(data: Any) -> pl.DataFrame:
    if type(data) is not dict or set(data) != set(USERS_POLARS):
        raise PolarsValidationError("body must hold the 4 user columns")
    try:
        frame = pl.DataFrame(data, schema=USERS_POLARS, strict=True)
    except (TypeError, ValueError, pl.exceptions.PolarsError) as exc:
        raise PolarsValidationError(str(exc)) from None
    if any(frame.select(pl.col("id", "name", "score").null_count()).row(0)):
        raise PolarsValidationError("null values in non-nullable columns")
    return frame


def _422(exc: Exception) -> HTTPException:
    return HTTPException(status_code=422, detail=str(exc))


# ---------------------------------------------------------------- in-memory tables
# Built on first use, shared by both app shapes (one process serves one shape).


@functools.lru_cache(maxsize=2)
def event_columns(n: int) -> dict[str, list[Any]]:
    return make_events(n)


@functools.lru_cache(maxsize=2)
def events_frame(n: int) -> Events:
    return Events(event_columns(n))


@functools.lru_cache(maxsize=2)
def event_dicts(n: int) -> list[dict[str, Any]]:
    return to_rows(event_columns(n))


@functools.lru_cache(maxsize=2)
def event_models(n: int) -> list[EventRow]:
    return EVENTS_ROWS.validate_python(event_dicts(n))


@functools.lru_cache(maxsize=2)
def events_polars(n: int) -> pl.DataFrame:
    return pl.DataFrame(event_columns(n), schema=EVENTS_POLARS, strict=True)


async def orjson_body(request: Request) -> Any:
    """The body parsed by orjson: the parser class DataFrameRoute uses for a
    columnar frame body (its fast lane), for the baselines of that app shape."""
    try:
        return orjson.loads(await request.body())
    except orjson.JSONDecodeError as exc:
        raise HTTPException(status_code=422, detail="JSON decode error") from exc


def make_app(shape: str) -> FastAPI:
    """The benchmark app in one of :data:`SHAPES`."""
    if shape not in SHAPES:
        raise ValueError(shape)
    app = FastAPI(title=f"pydantable benchmarks ({shape})")
    if shape == "pydantable":
        register_exception_handlers(app)  # as the seed pages do
        # parsed by orjson, like pydantable's route in this app
        Parsed = Annotated[Any, Depends(orjson_body)]
    else:
        # parsed by FastAPI's json.loads, like pydantable's route in this app
        Parsed = Annotated[Any, Body()]

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok", "shape": shape}

    # ------------------------------------------------------------ POST, 7 columns
    # pydantable: the seed pages' spellings
    @app.post("/events/seed")
    def seed(
        df: Annotated[Events, Depends(columnar_dependency(Events))],
    ) -> dict[str, list]:
        return df.filter(df.score > 50).to_dict()

    @app.post("/events/seed-shape-only")
    def seed_shape_only(
        df: Annotated[
            Events, Depends(columnar_dependency(Events, trusted_mode="shape_only"))
        ],
    ) -> dict[str, list]:
        return df.filter(df.score > 50).to_dict()

    @app.post("/events/seed-async")
    async def seed_async(
        df: Annotated[Events, Depends(columnar_dependency(Events))],
    ) -> dict[str, list]:
        return df.filter(df.score > 50).to_dict()

    # raw Polars: same parser class, same typed frame, same answer
    @app.post("/events/raw")
    def raw(data: Parsed) -> dict[str, list]:
        try:
            frame = polars_events_from_json(data)
        except PolarsValidationError as exc:
            raise _422(exc) from None
        return frame.filter(pl.col("score") > 50).to_dict(as_series=False)

    # plain Pydantic: a list-per-column body model, the filter in Python
    if shape == "plain":

        @app.post("/events/pydantic")
        def plain_pydantic(body: EventColumns) -> dict[str, list]:
            return _pydantic_filter(body)

    else:

        @app.post("/events/pydantic")
        def plain_pydantic_orjson(data: Parsed) -> dict[str, list]:
            try:
                body = EventColumns.model_validate(data)
            except pydantic.ValidationError as exc:
                raise _422(exc) from None
            return _pydantic_filter(body)

    # ------------------------------------------------------------ POST, 4 columns
    @app.post("/users/seed")
    def users_seed(
        df: Annotated[Users, Depends(columnar_dependency(Users))],
    ) -> dict[str, list]:
        return df.filter(df.age >= 18).to_dict()

    @app.post("/users/raw")
    def users_raw(data: Parsed) -> dict[str, list]:
        try:
            frame = polars_users(data)
        except PolarsValidationError as exc:
            raise _422(exc) from None
        return frame.filter(pl.col("age") >= 18).to_dict(as_series=False)

    if shape == "plain":

        @app.post("/users/pydantic")
        def users_pydantic(body: UserColumns) -> dict[str, list]:
            return _users_filter(body)

    else:

        @app.post("/users/pydantic")
        def users_pydantic_orjson(data: Parsed) -> dict[str, list]:
            try:
                body = UserColumns.model_validate(data)
            except pydantic.ValidationError as exc:
                raise _422(exc) from None
            return _users_filter(body)

    canned: dict[int, bytes] = {}

    @app.post("/noop")
    async def noop(request: Request) -> Response:
        """Reads the body, answers a canned response of the usual size (no
        work): the ceiling the load generator and the HTTP stack allow."""
        body = await request.body()
        answer = canned.get(len(body))
        if answer is None:
            answer = canned[len(body)] = _canned_answer(body)
        return Response(answer, media_type="application/json")

    # --------------------------------------------- GET response_model=list[EventRow]
    @app.get("/events/rows/seed", response_model=list[EventRow])
    async def rows_seed(n: int = 100_000):
        df = events_frame(n)
        return await df.acollect()

    @app.get("/events/rows/pydantic-prebuilt", response_model=list[EventRow])
    async def rows_prebuilt(n: int = 100_000):
        return event_models(n)

    @app.get("/events/rows/pydantic-validate", response_model=list[EventRow])
    async def rows_validate(n: int = 100_000):
        return EVENTS_ROWS.validate_python(event_dicts(n))

    @app.get("/events/rows/raw")
    async def rows_raw(n: int = 100_000) -> Response:
        frame = events_polars(n).with_columns(pl.col("ts").dt.to_string(TS_FORMAT))
        return Response(frame.write_json(), media_type="application/json")

    # ------------------------------------------------------- GET NDJSON of Parquet
    @app.get("/events/ndjson/seed")
    async def ndjson_seed(path: str = Query(...)):
        df = Events.read_parquet(path)
        return ndjson_streaming_response(df.astream(batch_size=10_000))

    @app.get("/events/ndjson/seed-shape-only")
    async def ndjson_seed_shape_only(path: str = Query(...)):
        df = await Events.aread_parquet(path, trusted_mode="shape_only")
        return ndjson_streaming_response(df.astream(batch_size=10_000))

    @app.get("/events/ndjson/raw")
    def ndjson_raw(path: str = Query(...)) -> StreamingResponse:
        scan = pl.scan_parquet(path)
        try:
            check_scan(scan)  # what full validation checks, one pre-pass
        except PolarsValidationError as exc:
            raise _422(exc) from None

        def lines():
            for chunk in scan.collect_batches(chunk_size=BATCH):
                yield orjson.dumps(chunk.to_dict(as_series=False)) + b"\n"

        return StreamingResponse(lines(), media_type="application/x-ndjson")

    @app.get("/events/ndjson/pydantic")
    def ndjson_pydantic(path: str = Query(...)) -> StreamingResponse:
        def lines():
            for batch in pq.ParquetFile(path).iter_batches(batch_size=BATCH):
                columns = EventColumns.model_validate(batch.to_pydict())
                yield columns.__pydantic_serializer__.to_json(columns) + b"\n"

        return StreamingResponse(lines(), media_type="application/x-ndjson")

    return app


def _pydantic_filter(body: EventColumns) -> dict[str, list[Any]]:
    keep = [i for i, s in enumerate(body.score) if s is not None and s > 50]
    return {
        name: [values[i] for i in keep]
        for name in EVENT_COLUMNS
        for values in (getattr(body, name),)
    }


def _users_filter(body: UserColumns) -> dict[str, list[Any]]:
    keep = [i for i, age in enumerate(body.age) if age is not None and age >= 18]
    return {
        "id": [body.id[i] for i in keep],
        "name": [body.name[i] for i in keep],
        "age": [body.age[i] for i in keep],
        "score": [body.score[i] for i in keep],
    }


def _canned_answer(body: bytes) -> bytes:
    data = json.loads(body)
    if "category" in data:
        frame = polars_events_from_json(data).filter(pl.col("score") > 50)
        frame = frame.with_columns(pl.col("ts").dt.to_string(TS_FORMAT))
    else:
        frame = polars_users(data).filter(pl.col("age") >= 18)
    return orjson.dumps(frame.to_dict(as_series=False))


plain_app = make_app("plain")
pydantable_app = make_app("pydantable")
