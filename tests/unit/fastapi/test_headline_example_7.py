"""The spec's §4 headline API example 7 (FastAPI), verbatim.

No ``from __future__ import annotations``: the snippet runs exactly as a user
would write it, with runtime annotations that FastAPI introspects.
"""
# ruff: noqa: I001, PT018
# fmt: off


def test_example_7_fastapi_dependencies_error_mapping_ndjson_streaming() -> None:
    # 7. FastAPI: dependencies, error mapping, NDJSON streaming
    from typing import Annotated
    from fastapi import Depends, FastAPI
    from fastapi.testclient import TestClient
    from pydantable import DataFrameModel
    from pydantable.fastapi import (columnar_dependency, rows_dependency,
                                    register_exception_handlers, ndjson_streaming_response)

    class Reading(DataFrameModel):
        sensor: str
        value: float | None

    app = FastAPI()
    register_exception_handlers(app)

    @app.post("/rows")
    async def post_rows(df: Annotated[Reading, Depends(rows_dependency(Reading))]):
        return await df.filter(df.value.is_not_null()).ato_dict()

    @app.post("/cols")
    def post_cols(df: Annotated[Reading, Depends(columnar_dependency(Reading))]):
        return df.select("sensor").to_dict()

    @app.get("/stream")
    def stream():
        df = Reading({"sensor": ["a", "b", "c"], "value": [1.0, 2.0, 3.0]})
        return ndjson_streaming_response(df.astream(batch_size=2))

    c = TestClient(app)
    r = c.post("/rows", json=[{"sensor": "a", "value": 1.5}, {"sensor": "b", "value": None}])
    assert r.status_code == 200 and r.json() == {"sensor": ["a"], "value": [1.5]}
    r = c.post("/rows", json=[{"sensor": "a", "value": "hot"}])
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", 0, "value"]
    assert c.post("/cols", json={"sensor": ["a", "b"], "value": [1.0]}).status_code == 400
    r = c.get("/stream")
    assert r.headers["content-type"].startswith("application/x-ndjson")
    assert len(r.text.strip().splitlines()) == 2
