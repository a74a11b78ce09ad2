"""``NaN``/``Infinity``/``-Infinity`` tokens on every JSON body path: never a 500.

Python's ``json`` (FastAPI's body parser) reads the tokens as floats; orjson
and pydantic-core refuse them. Whatever reads the body, an ``int`` column
answers 422 ``finite_number``, a ``float`` column follows Pydantic's
``allow_inf_nan`` (accepted by default; ``Field(allow_inf_nan=False)`` is a
422 ``finite_number``), and the error shows the token the client sent as its
``input`` (JSON has no such number: an answer holding the float could not be
written, which was the 500). Covered: ``columnar_dependency`` and
``rows_dependency`` (every ``trusted_mode``), a ``df: Model`` body in the
endpoint or in a dependency, columnar or rows, ``Annotated[Model, Body()]``,
NDJSON bodies of ``DataFrameRoute``, and key errors whose input holds a token;
in a plain ``FastAPI()`` app and with ``register_exception_handlers``.
"""

import math
from typing import Annotated, Any

import pytest
from fastapi import Body, Depends, FastAPI
from fastapi.testclient import TestClient
from pydantic import Field

from pydantable import DataFrameModel
from pydantable.fastapi import (
    columnar_dependency,
    register_exception_handlers,
    rows_dependency,
)


class Readings(DataFrameModel):
    n: int
    x: float
    finite: Annotated[float, Field(allow_inf_nan=False)]


def readings(df: Readings) -> Readings:
    return df


def _x(df: Readings) -> Any:
    return {"x": [repr(v) for v in df.to_dict()["x"]]}


def _client(route_class: bool) -> TestClient:
    app = FastAPI()
    if route_class:
        register_exception_handlers(app)

    for mode in (None, "shape_only", "strict"):
        suffix = mode or "off"
        columns = columnar_dependency(Readings, trusted_mode=mode)
        rows = rows_dependency(Readings, trusted_mode=mode)

        @app.post(f"/columnar-dependency/{suffix}")
        def by_columns(df: Annotated[Readings, Depends(columns)]) -> Any:
            return _x(df)

        @app.post(f"/rows-dependency/{suffix}")
        def by_rows(df: Annotated[Readings, Depends(rows)]) -> Any:
            return _x(df)

    @app.post("/frame")
    def frame(df: Readings) -> Any:
        return _x(df)

    @app.post("/frame-body")
    def frame_body(df: Annotated[Readings, Body()]) -> Any:
        return _x(df)

    @app.post("/frame-dependency")
    def frame_dependency(df: Annotated[Readings, Depends(readings)]) -> Any:
        return _x(df)

    return TestClient(app, raise_server_exceptions=False)


SHAPES = pytest.mark.parametrize("route_class", [False, True], ids=["plain", "route"])
CLIENTS = {shape: _client(shape) for shape in (False, True)}
MODES = ["off", "shape_only", "strict"]
COLUMNAR = [
    "/columnar-dependency/off",
    "/frame",
    "/frame-body",
    "/frame-dependency",
]
ROWS = ["/rows-dependency/off", "/frame", "/frame-body"]
TRUSTED = [f"/{kind}-dependency/{m}" for kind in ("columnar", "rows") for m in MODES]
TOKENS = ["NaN", "Infinity", "-Infinity"]


def _post(route_class: bool, path: str, body: str, media: str = "application/json"):
    return CLIENTS[route_class].post(
        path, content=body, headers={"content-type": media}
    )


def _columnar(cells: dict[str, str]) -> str:
    return "{" + ", ".join(f'"{k}": [{v}]' for k, v in cells.items()) + "}"


def _row(cells: dict[str, str]) -> str:
    return "{" + ", ".join(f'"{k}": {v}' for k, v in cells.items()) + "}"


def _float(token: str) -> str:
    return repr(float(token.lower().replace("infinity", "inf")))


@SHAPES
@pytest.mark.parametrize("token", TOKENS)
def test_a_float_column_takes_the_tokens(route_class: bool, token: str) -> None:
    cells = {"n": "1", "x": token, "finite": "1"}
    expected = {"x": [_float(token)]}
    for path in [*COLUMNAR, *TRUSTED]:
        if "/rows-" not in path:
            r = _post(route_class, path, _columnar(cells))
            assert (r.status_code, r.json()) == (200, expected), path
    for path in [*ROWS, *TRUSTED]:
        if "/columnar-" not in path:
            r = _post(route_class, path, f"[{_row(cells)}]")
            assert (r.status_code, r.json()) == (200, expected), path


@SHAPES
@pytest.mark.parametrize("column", ["n", "finite"])
@pytest.mark.parametrize("token", TOKENS)
def test_int_and_finite_columns_answer_422(
    route_class: bool, column: str, token: str
) -> None:
    cells = {"n": "1", "x": "1.5", "finite": "2.5", column: token}
    for path in COLUMNAR:
        r = _post(route_class, path, _columnar(cells))
        assert r.status_code == 422, (path, r.text)
        assert r.json()["detail"] == [
            {
                "type": "finite_number",
                "loc": ["body", column, 0],
                "msg": "Input should be a finite number",
                "input": token,
            }
        ], path
    for path in ROWS:
        r = _post(route_class, path, f"[{_row(cells)}]")
        assert r.status_code == 422, (path, r.text)
        assert r.json()["detail"] == [
            {
                "type": "finite_number",
                "loc": ["body", 0, column],
                "msg": "Input should be a finite number",
                "input": token,
            }
        ], path


@SHAPES
@pytest.mark.parametrize("mode", ["shape_only", "strict"])
@pytest.mark.parametrize("column", ["n", "finite"])
def test_trusted_modes_answer_as_documented(
    route_class: bool, mode: str, column: str
) -> None:
    """An ``int`` column refuses the tokens (``finite_number``; ``int_type``
    under ``"strict"``, as Pydantic's strict mode refuses any float); the
    trusted modes check no ``Field`` constraints, ``allow_inf_nan`` included."""
    cells = {"n": "1", "x": "1.5", "finite": "2.5", column: "Infinity"}
    answers = [
        (_post(route_class, f"/columnar-dependency/{mode}", _columnar(cells)), "n"),
        (_post(route_class, f"/rows-dependency/{mode}", f"[{_row(cells)}]"), 0),
    ]
    for r, first in answers:
        if column == "finite":
            assert (r.status_code, r.json()) == (200, {"x": ["1.5"]})
            continue
        assert r.status_code == 422
        [error] = r.json()["detail"]
        kind = "int_type" if mode == "strict" else "finite_number"
        loc = ["body", "n", 0] if first == "n" else ["body", 0, "n"]
        assert (error["type"], error["loc"], error["input"]) == (kind, loc, "Infinity")


@SHAPES
def test_key_errors_holding_tokens_are_written(route_class: bool) -> None:
    for path in COLUMNAR:
        r = _post(route_class, path, '{"x": [NaN], "junk": [Infinity]}')
        assert r.status_code == 422, (path, r.text)
        got = [(e["type"], e["loc"], e["input"]) for e in r.json()["detail"]]
        body = {"x": ["NaN"], "junk": ["Infinity"]}
        assert got == [
            ("missing", ["body", "n"], body),
            ("missing", ["body", "finite"], body),
            ("extra_forbidden", ["body", "junk"], ["Infinity"]),
        ], path
    for path in ROWS:
        r = _post(route_class, path, '[{"n": 1, "x": NaN, "finite": 1, "junk": NaN}]')
        assert r.status_code == 422, (path, r.text)
        [error] = r.json()["detail"]
        assert (error["type"], error["loc"], error["input"]) == (
            "extra_forbidden",
            ["body", 0, "junk"],
            "NaN",
        ), path


@pytest.mark.parametrize("column", ["n", "x", "finite"])
def test_ndjson_bodies_of_the_route_class(column: str) -> None:
    cells = {"n": "1", "x": "1.5", "finite": "2.5", column: "NaN"}
    body = f"{_row(cells)}\n{_row(cells)}\n"
    for path in ("/frame", "/frame-dependency"):
        r = _post(True, path, body, "application/x-ndjson")
        if column == "x":
            assert (r.status_code, r.json()) == (200, {"x": ["nan", "nan"]}), path
            continue
        assert r.status_code == 422, path
        assert [(e["type"], e["loc"], e["input"]) for e in r.json()["detail"]] == [
            ("finite_number", ["body", 0, column], "NaN"),
            ("finite_number", ["body", 1, column], "NaN"),
        ], path


@SHAPES
def test_many_token_errors_are_bounded(route_class: bool) -> None:
    n = 300
    body = (
        '{"n": ['
        + ", ".join(["NaN"] * n)
        + '], "x": ['
        + ", ".join(["1"] * n)
        + '], "finite": ['
        + ", ".join(["Infinity"] * n)
        + "]}"
    )
    for path in COLUMNAR:
        r = _post(route_class, path, body)
        assert r.status_code == 422, path
        detail = r.json()["detail"]
        assert 0 < len(detail) <= 100, (path, len(detail))
        assert {e["input"] for e in detail} <= {"NaN", "Infinity"}, path


def test_a_python_nan_in_a_frame_field_is_reported_as_its_token() -> None:
    import pydantic

    class Batch(pydantic.BaseModel):
        readings: Readings

    with pytest.raises(pydantic.ValidationError) as info:
        Batch.model_validate({"readings": {"n": [math.nan], "x": [1], "finite": [1]}})
    [error] = info.value.errors()
    assert (error["type"], error["loc"], error["input"]) == (
        "finite_number",
        ("readings", "n", 0),
        "NaN",
    )
