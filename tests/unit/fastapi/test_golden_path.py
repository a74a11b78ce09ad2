"""The golden_path example app under real uvicorn, called with httpx."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import httpx
import polars as pl
import pytest
from server import uvicorn_server

VALID = {
    "id": [1, 2, 3],
    "name": ["a", "b", "c"],
    "age": [20, None, 40],
    "score": [1, 2.5, 3],
}


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with uvicorn_server("examples.golden_path.app:app") as url:
        yield url


@pytest.fixture
def client(base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, timeout=30) as c:
        yield c


def test_health_and_request_id(client: httpx.Client) -> None:
    r = client.get("/health")
    assert r.json() == {"status": "ok"}
    assert len(r.headers["x-request-id"]) == 32
    r = client.get("/health", headers={"X-Request-ID": "req-42"})
    assert r.headers["x-request-id"] == "req-42"
    r = client.get("/health", headers={"X-Request-ID": "bad id\twith spaces"})
    assert r.headers["x-request-id"] != "bad id\twith spaces"


def test_ingest_every_format(client: httpx.Client) -> None:
    expected = {"rows": 3, "with_age": 2}
    assert client.post("/v1/users", json=VALID).json() == expected
    rows = [dict(zip(VALID, v, strict=True)) for v in zip(*VALID.values(), strict=True)]
    assert client.post("/v1/users", json=rows).json() == expected
    ndjson = "\n".join(json.dumps(r) for r in rows).encode()
    r = client.post(
        "/v1/users", content=ndjson, headers={"content-type": "application/x-ndjson"}
    )
    assert r.json() == expected
    csv = b"id,name,age,score\n1,a,20,1\n2,b,,2.5\n3,c,40,3\n"
    r = client.post("/v1/users", content=csv, headers={"content-type": "text/csv"})
    assert r.json() == expected
    frame = pl.DataFrame(
        VALID,
        schema={
            "id": pl.Int64,
            "name": pl.String,
            "age": pl.Int64,
            "score": pl.Float64,
        },
    )
    arrow = io.BytesIO()
    frame.write_ipc_stream(arrow)
    r = client.post(
        "/v1/users",
        content=arrow.getvalue(),
        headers={"content-type": "application/vnd.apache.arrow.stream"},
    )
    assert r.json() == expected
    parquet = io.BytesIO()
    frame.write_parquet(parquet)
    r = client.post(
        "/v1/users",
        content=parquet.getvalue(),
        headers={"content-type": "application/vnd.apache.parquet"},
    )
    assert r.json() == expected


def test_ingest_errors(client: httpx.Client) -> None:
    bad = {**VALID, "id": [1, "x", 3], "age": [20, -1, 40]}
    r = client.post("/v1/users", json=bad)
    assert r.status_code == 422
    assert [(e["type"], e["loc"], e["input"]) for e in r.json()["detail"]] == [
        ("int_parsing", ["body", "id", 1], "x"),
        ("greater_than_equal", ["body", "age", 1], -1),
    ]
    assert r.headers["x-error-count"] == "2"
    r = client.post("/v1/users", json={**VALID, "id": [1, 2]})
    assert r.status_code == 400
    assert "same length" in r.json()["detail"]
    r = client.post("/v1/users", content=b"a,b", headers={"content-type": "text/plain"})
    assert r.status_code == 415
    r = client.post(
        "/v1/users",
        content=b"\x00garbage",
        headers={"content-type": "application/vnd.apache.parquet"},
    )
    assert r.status_code == 400
    assert r.json() == {"detail": "the body is not valid Parquet"}
    r = client.post(
        "/v1/users", content=b"{oops", headers={"content-type": "application/json"}
    )
    assert r.status_code == 422
    assert r.json()["detail"][0]["type"] == "json_invalid"


def test_errors_are_capped_with_total(client: httpx.Client) -> None:
    n = 250
    bad = {"id": ["x"] * n, "name": ["a"] * n, "score": [1.0] * n}
    r = client.post("/v1/users", json=bad)
    assert r.status_code == 422
    assert len(r.json()["detail"]) == 100
    assert r.headers["x-error-count"] == str(n)


def test_body_size_limit_is_413(client: httpx.Client) -> None:
    big = b'{"id": [' + b"1," * (5 * 1024 * 1024) + b"1]}"
    r = client.post(
        "/v1/users", content=big, headers={"content-type": "application/json"}
    )
    assert r.status_code == 413


def test_seed_style_route(client: httpx.Client) -> None:
    r = client.post("/v1/users/adults", json=VALID)
    assert r.status_code == 200
    assert r.json() == {
        "id": [1, 3],
        "name": ["a", "c"],
        "age": [20, 40],
        "score": [1.0, 3.0],
    }
    r = client.post("/v1/users/adults", json={**VALID, "id": [1, "x", 3]})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "id", 1]


def test_query_negotiates(client: httpx.Client) -> None:
    url = "/v1/users/query?min_age=10&limit=5"
    expected = {"id": [3, 1], "name": ["c", "a"], "score": [3.0, 1.0]}
    assert client.post(url, json=VALID).json() == expected
    r = client.post(url, json=VALID, headers={"accept": "application/x-ndjson"})
    assert [json.loads(line) for line in r.text.splitlines()] == [
        {"id": 3, "name": "c", "score": 3.0},
        {"id": 1, "name": "a", "score": 1.0},
    ]
    r = client.post(url, json=VALID, headers={"accept": "text/csv"})
    assert r.text == "id,name,score\n3,c,3.0\n1,a,1.0\n"
    r = client.post(
        url, json=VALID, headers={"accept": "application/vnd.apache.arrow.stream"}
    )
    assert (
        pl.read_ipc_stream(io.BytesIO(r.content)).to_dict(as_series=False) == expected
    )
    r = client.post(
        url, json=VALID, headers={"accept": "application/vnd.apache.parquet"}
    )
    assert pl.read_parquet(io.BytesIO(r.content)).to_dict(as_series=False) == expected
    r = client.post(url, json=VALID, headers={"accept": "image/png"})
    assert r.status_code == 406


def test_ndjson_stream(client: httpx.Client) -> None:
    lines = 0
    with client.stream("GET", "/v1/users/export", params={"rows": 200_000}) as r:
        assert r.headers["content-type"].startswith("application/x-ndjson")
        first = None
        for line in r.iter_lines():
            if first is None:
                first = json.loads(line)
            lines += 1
    assert first == {"id": 0, "name": "user0", "age": 0, "score": 0.0}
    assert lines == 200_000
