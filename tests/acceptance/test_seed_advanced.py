"""The "FastAPI (advanced)" seed page: its four apps run unchanged over real Parquet."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from fastapi.testclient import TestClient

from seeds import advanced_async, advanced_blocking, advanced_chunked, advanced_deferred

N = 2_500
IDS = list(range(1, N + 1))
AGES = [None if i % 7 == 0 else 20 + i % 50 for i in IDS]


@pytest.fixture(scope="module")
def users_parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "users.parquet"
    pl.DataFrame({"id": IDS, "age": AGES}).write_parquet(path)
    return path


@pytest.fixture(scope="module")
def other_parquet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "other.parquet"
    pl.DataFrame({"id": [7, 8], "age": [None, 40]}).write_parquet(path)
    return path


ROWS = [{"id": i, "age": a} for i, a in zip(IDS, AGES, strict=True)]


def test_blocking(users_parquet: Path) -> None:
    client = TestClient(advanced_blocking.app)
    r = client.get("/users-blocking", params={"path": str(users_parquet)})
    assert r.status_code == 200
    assert r.json() == ROWS
    r = client.get("/users-columnar-blocking", params={"path": str(users_parquet)})
    assert r.json() == {"id": IDS, "age": AGES}


def test_async(users_parquet: Path) -> None:
    client = TestClient(advanced_async.app)
    assert (
        client.get("/users-async", params={"path": str(users_parquet)}).json() == ROWS
    )
    r = client.get("/users-columnar-async", params={"path": str(users_parquet)})
    assert r.json() == {"id": IDS, "age": AGES}


def test_deferred(users_parquet: Path, other_parquet: Path) -> None:
    client = TestClient(advanced_deferred.app)
    assert (
        client.get("/users-deferred", params={"path": str(users_parquet)}).json()
        == ROWS
    )
    r = client.get(
        "/users-two-deferred",
        params={"path_a": str(other_parquet), "path_b": str(other_parquet)},
    )
    expected = [{"id": 7, "age": None}, {"id": 8, "age": 40}]
    assert r.json() == {"cohort_a": expected, "cohort_b": expected}


@pytest.mark.parametrize("route", ["/users-stream-sync", "/users-stream-async"])
def test_chunked(users_parquet: Path, route: str) -> None:
    client = TestClient(advanced_chunked.app)
    r = client.get(route, params={"path": str(users_parquet)})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/x-ndjson")
    batches = [json.loads(line) for line in r.text.splitlines()]
    assert [len(b["id"]) for b in batches] == [1000, 1000, 500]
    assert [v for b in batches for v in b["id"]] == IDS
    assert [v for b in batches for v in b["age"]] == AGES


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    client = TestClient(advanced_blocking.app, raise_server_exceptions=True)
    with pytest.raises(FileNotFoundError):
        client.get("/users-blocking", params={"path": str(tmp_path / "nope.parquet")})
