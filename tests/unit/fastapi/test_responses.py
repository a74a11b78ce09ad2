"""DataFrameResponse negotiation: only formats that can hold the frame are offered."""

import io

import polars as pl
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from pydantable import DataFrameModel
from pydantable.fastapi import DataFrameResponse, register_exception_handlers
from pydantable.fastapi.response.responses import media_types_for


class Tagged(DataFrameModel):
    id: int
    tags: list[str]


class Flat(DataFrameModel):
    id: int


def _app() -> FastAPI:
    app = FastAPI()
    register_exception_handlers(app)

    @app.get("/tagged")
    def tagged():
        return Tagged({"id": [1, 2], "tags": [["a"], []]})

    return app


def test_nested_frames_are_never_answered_as_csv() -> None:
    assert "text/csv" not in media_types_for(Tagged({"id": [1], "tags": [["a"]]}))
    assert "text/csv" in media_types_for(Flat({"id": [1]}))
    with TestClient(_app()) as client:
        refused = client.get("/tagged", headers={"accept": "text/csv"})
        assert refused.status_code == 406
        assert "text/csv" not in refused.json()["detail"].split("available:")[1]
        fallback = client.get(
            "/tagged", headers={"accept": "text/csv, application/x-ndjson;q=0.5"}
        )
        assert fallback.status_code == 200
        assert fallback.headers["content-type"].startswith("application/x-ndjson")
        assert fallback.text.splitlines() == [
            '{"id":1,"tags":["a"]}',
            '{"id":2,"tags":[]}',
        ]
        arrow = client.get(
            "/tagged", headers={"accept": "application/vnd.apache.arrow.stream"}
        )
        assert pl.read_ipc_stream(io.BytesIO(arrow.content)).to_dicts() == [
            {"id": 1, "tags": ["a"]},
            {"id": 2, "tags": []},
        ]


def test_forcing_csv_on_a_nested_frame_is_a_programming_error() -> None:
    frame = Tagged({"id": [1], "tags": [["a"]]})
    with pytest.raises(
        ValueError, match="nested columns cannot be written as text/csv"
    ):
        DataFrameResponse(frame, media_type="text/csv")
    assert DataFrameResponse(Flat({"id": [1]}), media_type="text/csv").media_type == (
        "text/csv"
    )
