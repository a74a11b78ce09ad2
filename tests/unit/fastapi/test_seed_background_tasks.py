"""The "FastAPI: BackgroundTasks and submit / ExecutionHandle" seed page runs unchanged."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import seed_background_tasks as seed
from fastapi.testclient import TestClient


def test_enqueue_accepts_rows_and_runs_the_background_collect(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with TestClient(seed.app) as client:
        executor = seed.app.state.executor
        assert isinstance(executor, ThreadPoolExecutor)
        assert executor._thread_name_prefix == "billing-ingest"
        r = client.post("/ingest", json={"userId": [1, 2], "amount": [10.0, 2.5]})
        assert r.status_code == 200
        assert r.json() == {"accepted_rows": 2, "request_id": None}
        # The TestClient returns after the app finished, background task included.
        assert capsys.readouterr().out == "[None] persisted 2 rows\n"
    assert seed.app.state.executor is None
    assert executor._shutdown


def test_json_integers_are_valid_floats_in_strict_mode() -> None:
    with TestClient(seed.app) as client:
        r = client.post("/ingest", json={"userId": [7], "amount": [10]})
        assert r.status_code == 200
        assert r.json()["accepted_rows"] == 1


def test_strict_mode_type_error_is_a_located_422() -> None:
    with TestClient(seed.app) as client:
        r = client.post("/ingest", json={"userId": ["1", 2], "amount": [1.0, 2.0]})
    assert r.status_code == 422
    assert r.json() == {
        "detail": [
            {
                "type": "int_type",
                "loc": ["body", "userId", 0],
                "msg": "Input should be a valid integer",
                "input": "1",
            }
        ]
    }


def test_strict_mode_null_in_required_column_is_a_located_422() -> None:
    with TestClient(seed.app) as client:
        r = client.post("/ingest", json={"userId": [1, None], "amount": [1.0, 2.0]})
    assert r.status_code == 422
    assert [e["loc"] for e in r.json()["detail"]] == [["body", "userId", 1]]


def test_ragged_columns_are_a_400() -> None:
    with TestClient(seed.app) as client:
        r = client.post("/ingest", json={"userId": [1, 2], "amount": [1.0]})
    assert r.status_code == 400
    assert r.json()["detail"].startswith("All columns must have the same length; ")


def test_the_alias_is_the_column_key() -> None:
    with TestClient(seed.app) as client:
        r = client.post("/ingest", json={"user_id": [1], "amount": [1.0]})
    assert r.status_code == 422
    assert [(e["type"], e["loc"]) for e in r.json()["detail"]] == [
        ("missing", ["body", "userId"]),
        ("extra_forbidden", ["body", "user_id"]),
    ]


def test_without_the_lifespan_the_route_refuses_to_run() -> None:
    client = TestClient(seed.app)  # not entered: no lifespan, no executor
    with pytest.raises(RuntimeError, match="executor_lifespan must be configured"):
        client.post("/ingest", json={"userId": [1], "amount": [1.0]})
