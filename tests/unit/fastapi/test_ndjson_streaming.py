"""NDJSON streaming of frame batches, with types plain ``json.dumps`` cannot write."""

import asyncio
import datetime as dt
import json
import uuid
from collections.abc import AsyncIterator
from decimal import Decimal

from fastapi import FastAPI
from fastapi.testclient import TestClient

from pydantable import DataFrameModel
from pydantable.fastapi import ndjson_chunk_bytes, ndjson_streaming_response


class Event(DataFrameModel):
    id: uuid.UUID
    day: dt.date
    at: dt.datetime | None
    price: Decimal
    n: int


IDS = [uuid.UUID(int=i) for i in (1, 2, 3)]
EVENTS = Event(
    {
        "id": IDS,
        "day": ["2024-01-01", "2024-01-02", "2024-01-03"],
        "at": [dt.datetime(2024, 1, 1, 12, 30), None, "2024-01-03T00:00:00"],
        "price": ["1.5", 2, Decimal("0.25")],
        "n": [1, 2, 3],
    }
)


def _app() -> FastAPI:
    app = FastAPI()

    @app.get("/events")
    def events() -> object:
        return ndjson_streaming_response(EVENTS.astream(batch_size=2))

    @app.get("/events-sync")
    def events_sync() -> object:
        return ndjson_streaming_response(
            EVENTS.stream(batch_size=2), media_type="application/jsonl"
        )

    return app


def test_astream_batches_become_ndjson_lines() -> None:
    r = TestClient(_app()).get("/events")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/x-ndjson")
    lines = r.text.splitlines()
    assert r.text.endswith("\n")
    assert len(lines) == 2
    assert [json.loads(line) for line in lines] == [
        {
            "id": [str(IDS[0]), str(IDS[1])],
            "day": ["2024-01-01", "2024-01-02"],
            "at": ["2024-01-01T12:30:00", None],
            "price": ["1.500000000", "2.000000000"],
            "n": [1, 2],
        },
        {
            "id": [str(IDS[2])],
            "day": ["2024-01-03"],
            "at": ["2024-01-03T00:00:00"],
            "price": ["0.250000000"],
            "n": [3],
        },
    ]


def test_sync_stream_and_custom_media_type() -> None:
    client = TestClient(_app())
    r = client.get("/events-sync")
    assert r.headers["content-type"].startswith("application/jsonl")
    assert r.text == client.get("/events").text


def test_chunk_bytes_async_and_sync() -> None:
    async def chunks() -> AsyncIterator[dict[str, list[object]]]:
        yield {"d": [dt.date(2024, 1, 2)], "u": [uuid.UUID(int=0)]}
        yield {"d": [], "u": []}

    async def collect() -> list[bytes]:
        return [line async for line in ndjson_chunk_bytes(chunks())]

    expected = [
        b'{"d":["2024-01-02"],"u":["00000000-0000-0000-0000-000000000000"]}\n',
        b'{"d":[],"u":[]}\n',
    ]
    assert asyncio.run(collect()) == expected
    assert list(ndjson_chunk_bytes([{"x": [Decimal("1.5")]}])) == [b'{"x":["1.5"]}\n']
