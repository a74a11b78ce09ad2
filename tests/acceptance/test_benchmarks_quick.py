"""The benchmarks' own machinery: failed equivalence checks fail the run, the
hand-written baselines validate what pydantable validates, and every HTTP route
of both app shapes gives the same answer (in-process, small bodies).

The benchmarks themselves run in ``make bench-quick`` (``python -m benchmarks --quick``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

# the benchmarks package lives at the repository root (as in tests/unit/io/conftest.py)
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks import __main__ as cli
from benchmarks._data import (
    PolarsValidationError,
    events_body,
    filtered_columns,
    json_columns,
    make_events,
    polars_events_from_json,
)
from benchmarks._timing import Bench
from benchmarks.http_post import POST_ROUTES, compare_json


def test_a_failed_check_makes_the_run_exit_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def failing(bench: Bench) -> list[Any]:
        bench.check(False, "answers differ")
        return []

    def passing(bench: Bench) -> list[Any]:
        bench.check(True, "answers agree")
        return []

    def crashing(bench: Bench) -> list[Any]:
        raise RuntimeError("boom")

    monkeypatch.setattr(
        cli, "GROUPS", {"bad": failing, "good": passing, "crash": crashing}
    )
    assert cli.main(["good", "--quick"]) == 0
    assert "All 1 checks passed." in capsys.readouterr().out
    assert cli.main(["bad", "--quick"]) == 1
    assert "FAILED: answers differ" in capsys.readouterr().out
    assert cli.main(["crash", "--quick"]) == 1
    assert "group crash crashed: RuntimeError: boom" in capsys.readouterr().out


def test_compare_json_names_the_first_difference() -> None:
    assert compare_json({"a": [1, 2]}, {"a": [1, 2]}) == ""
    assert "answer.a[1]" in compare_json({"a": [1, 2]}, {"a": [1, 3]}, "answer")
    assert "keys" in compare_json({"a": []}, {"b": []})
    assert compare_json(["2024-01-01T00:00:00"], ["2024-01-01 00:00:00"])


@pytest.mark.parametrize(
    ("column", "index", "value"),
    [
        ("category", 0, "omega"),
        ("qty", 1, 1001),
        ("qty", 2, -1),
        ("name", 3, None),
        ("ts", 4, "not a time"),
        ("flag", 5, "yes"),
    ],
)
def test_raw_polars_checks_what_full_validation_checks(
    column: str, index: int, value: Any
) -> None:
    data = json_columns(make_events(10))
    polars_events_from_json(data)  # valid
    data[column][index] = value
    with pytest.raises(PolarsValidationError):
        polars_events_from_json(data)


@pytest.mark.parametrize("shape", ["plain", "pydantable"])
def test_every_post_route_gives_the_expected_answer(shape: str) -> None:
    from benchmarks import http_app
    from fastapi.testclient import TestClient

    app = http_app.plain_app if shape == "plain" else http_app.pydantable_app
    rows = 200
    body = {"events": events_body(rows), "users": http_app.users_body(rows)}
    body["noop"] = body["events"]
    expected = json_columns(filtered_columns(make_events(rows)))
    with TestClient(app) as client:
        for route in POST_ROUTES:
            if route.table == "users":
                continue
            response = client.post(
                f"/{route.path}",
                content=body[route.table],
                headers={"content-type": "application/json"},
            )
            assert response.status_code == 200, (route.path, response.text[:300])
            assert compare_json(response.json(), expected) == "", route.path
