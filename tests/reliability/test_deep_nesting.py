"""Deep nesting never kills the process nor answers 500 (issue 18).

Pins of the hostile-input probe: columnar ingest of a large ``str``/``int``
column of deeply nested cells died with SIGSEGV (run in a subprocess here, so a
crash fails the test instead of pytest), and a JSON body nested 100,000 levels
deep made ``json.loads`` raise ``RecursionError`` (a 500).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import Annotated, Any

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from pydantable import DataFrameModel
from pydantable.errors import LimitExceededError
from pydantable.fastapi import (
    DataFrameRoute,
    columnar_dependency,
    register_exception_handlers,
    rows_dependency,
)
from pydantable.limits import (
    IngestLimits,
    check_json_depth,
    check_python_depth,
    limits_scope,
)

_INGEST = textwrap.dedent(
    """
    import pydantic
    from pydantable import DataFrameModel
    from pydantable.errors import LimitExceededError

    class M(DataFrameModel):
        x: {annotation}

    def nest(depth):
        cell = 1
        for _ in range(depth):
            cell = [cell]
        return cell

    cells = [nest({depth}) for _ in range(50)] * ({rows} // 50)
    try:
        M({{"x": cells}}, trusted_mode={mode!r})
    except pydantic.ValidationError as exc:
        print("ValidationError", exc.errors()[0]["type"])
    except LimitExceededError as exc:
        print("LimitExceededError", exc.limit)
    except ValueError as exc:
        print(type(exc).__name__)
    else:
        print("accepted")
    """
)


@pytest.mark.parametrize(
    ("annotation", "mode", "expected"),
    [
        ("str", None, "ValidationError string_type"),
        ("int", None, "ValidationError int_type"),
        ("list[int]", None, "ValidationError int_type"),
        ("list[int]", "shape_only", "LimitExceededError max_depth"),
        ("list[list[int]]", "shape_only", "LimitExceededError max_depth"),
        ("str", "shape_only", "SchemaMismatchError"),
    ],
)
def test_deep_cells_in_a_large_column_are_a_clean_error(
    annotation: str, mode: str | None, expected: str
) -> None:
    script = _INGEST.format(annotation=annotation, depth=2_000, rows=10_000, mode=mode)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]  # -11 was the SIGSEGV
    assert done.stdout.strip() == expected


class Users(DataFrameModel):
    id: int


DEEP = 100_000
BODIES = {
    "array": b"[" * DEEP + b"]" * DEEP,
    "cell": b'{"id": ' + b"[" * DEEP + b"]" * DEEP + b"}",
    "object": b'{"a":' * DEEP + b"1" + b"}" * DEEP,
}


def _app(*, route_class: bool, handlers: bool) -> TestClient:
    app = FastAPI()
    if handlers:
        register_exception_handlers(app, install_route_class=False)
    if route_class:
        app.router.route_class = DataFrameRoute

    @app.post("/frame")
    def frame(df: Users) -> Any:
        return df.to_dict()

    @app.post("/columns")
    def columns(df: Annotated[Users, Depends(columnar_dependency(Users))]) -> Any:
        return df.to_dict()

    @app.post("/rows")
    def rows(df: Annotated[Users, Depends(rows_dependency(Users))]) -> Any:
        return df.to_dict()

    return TestClient(app, raise_server_exceptions=False)


@pytest.mark.parametrize("route_class", [True, False])
@pytest.mark.parametrize("handlers", [True, False])
@pytest.mark.parametrize("media", ["application/json", "application/x-ndjson"])
def test_a_body_nested_100k_deep_is_a_4xx(
    route_class: bool, handlers: bool, media: str
) -> None:
    client = _app(route_class=route_class, handlers=handlers)
    for path in ("/frame", "/columns", "/rows"):
        for name, body in BODIES.items():
            response = client.post(path, content=body, headers={"content-type": media})
            assert response.status_code in (400, 422), (path, name, response.text)
            if route_class:  # (a plain app's validation errors echo the input)
                assert len(response.content) < 4096
                assert response.status_code == 422, (path, name)
                [error] = response.json()["detail"]
                assert error["type"] == "limit_exceeded"
                assert error["ctx"]["limit"] == "max_depth"


def test_the_depth_limit_is_configurable_per_route() -> None:
    class Shallow(DataFrameRoute):
        limits = IngestLimits(max_depth=2)

    app = FastAPI()
    app.router.route_class = Shallow

    @app.post("/frame")
    def frame(df: Users) -> Any:
        return df.to_dict()

    client = TestClient(app)
    assert client.post("/frame", json={"id": [1]}).json() == {"id": [1]}
    response = client.post("/frame", json={"id": [[1]]})
    assert response.status_code == 422
    assert response.json()["detail"][0]["ctx"] == {
        "limit": "max_depth",
        "value": None,
        "maximum": 2,
    }


@pytest.fixture(params=["numpy", "bytes"])
def scan(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways of the depth scan: vectorized (NumPy) and bytes-only."""
    if request.param == "bytes":
        monkeypatch.setattr("pydantable.limits._numpy", lambda: None)
    return str(request.param)


@pytest.mark.parametrize(
    ("body", "depth"),
    [
        (b"1", 0),
        (b"[]", 1),
        (b'{"a": [1, {"b": []}]}', 4),
        (b'["[[[[[[", "\\"[[[["]', 1),  # brackets inside strings do not count
        (b'["\\\\", [[["\\\\\\"]"]]]]', 4),  # escaped backslashes and quotes
        (b"[" * 500 + b"]" * 500, 500),
        (b"[{}" * 30 + b"]" * 30, 31),
        (b'{"k": "}}}}}}}}}", "v": [[[[]]]]}', 5),
    ],
)
def test_json_depth_scan_is_exact(scan: str, body: bytes, depth: int) -> None:
    check_json_depth(body, depth)
    if depth:
        with pytest.raises(LimitExceededError) as caught:
            check_json_depth(body, depth - 1)
        assert (caught.value.limit, caught.value.maximum) == ("max_depth", depth - 1)


def test_json_depth_leaves_malformed_brackets_to_the_parser(scan: str) -> None:
    for body in (b"]" * 1000 + b"[" * 1000, b"[}" * 1000, b'"' + b"[" * 1000):
        check_json_depth(body, 10)


def test_python_depth_follows_lists_tuples_sets_and_dict_values() -> None:
    cells = [[1, (2, {3})], {"k": {"j": [4]}}, None, "text"]
    check_python_depth(cells, 3)
    with pytest.raises(LimitExceededError):
        check_python_depth(cells, 2)
    with limits_scope(max_depth=None):
        check_python_depth([[[[[[1]]]]]])  # limits off


class Text(DataFrameModel):
    x: str


@pytest.mark.parametrize("handlers", [False, True])
@pytest.mark.parametrize("depth", [100, 500, 900])
def test_a_plain_app_answers_cells_nested_below_the_parser_limit(
    handlers: bool, depth: int
) -> None:
    # FastAPI decodes these (json.loads goes ~1000 deep); the error's input used
    # to be walked recursively (RecursionError: a 500)
    app = FastAPI()
    if handlers:
        register_exception_handlers(app, install_route_class=False)

    @app.post("/text")
    def text(df: Text) -> Any:
        return df.to_dict()

    client = TestClient(app, raise_server_exceptions=False)
    cell = b"[" * depth + b"1" + b"]" * depth
    for body in (b'{"x": [' + cell + b"]}", b'[{"x": ' + cell + b"}]"):
        response = client.post(
            "/text", content=body, headers={"content-type": "application/json"}
        )
        assert response.status_code == 422, response.text[:300]
        [error] = response.json()["detail"]
        assert error["type"] == "string_type"
        assert len(response.content) < 1024  # deep inputs end in a placeholder
        assert "[...]" in json.dumps(error["input"])


@pytest.mark.parametrize("route_class", [False, True])
def test_a_lone_surrogate_in_an_error_is_written_escaped(route_class: bool) -> None:
    app = FastAPI()
    if route_class:
        app.router.route_class = DataFrameRoute

    @app.post("/frame")
    def frame(df: Users) -> Any:
        return df.to_dict()

    client = TestClient(app, raise_server_exceptions=False)
    for body in (b'{"id": ["\\ud800"]}', b'[{"id": "\\ud800"}]', b'[{"\\udfff": 1}]'):
        response = client.post(
            "/frame", content=body, headers={"content-type": "application/json"}
        )
        assert response.status_code == 422, (body, response.text[:300])
        assert "\\\\ud" in response.text  # the escape, as text
