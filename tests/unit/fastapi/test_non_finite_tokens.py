"""``NaN``/``Infinity`` tokens in a JSON body: Pydantic's answer, never a 500.

Python's ``json`` (what FastAPI parses bodies with) reads the tokens as floats.
An ``int`` column refuses them (``finite_number``); a ``float`` column follows
Pydantic's ``allow_inf_nan`` (accepted by default). The 422 shows the token the
client sent as the ``input``: JSON has no such number, and an error answer
holding one could not be written.
"""

import math
from typing import Annotated, Any

import pytest
from fastapi import Depends, FastAPI
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


def _client(route_class: bool) -> TestClient:
    app = FastAPI()
    if route_class:
        register_exception_handlers(app)

    @app.post("/columns")
    def columns(df: Annotated[Readings, Depends(columnar_dependency(Readings))]) -> Any:
        return {"x": [repr(v) for v in df.to_dict()["x"]]}

    @app.post("/rows")
    def rows(df: Annotated[Readings, Depends(rows_dependency(Readings))]) -> Any:
        return {"x": [repr(v) for v in df.to_dict()["x"]]}

    return TestClient(app, raise_server_exceptions=False)


CLIENTS = {shape: _client(shape) for shape in (False, True)}
SHAPES = pytest.mark.parametrize("route_class", [False, True])


def _post(route_class: bool, path: str, body: str) -> Any:
    return CLIENTS[route_class].post(
        path, content=body, headers={"content-type": "application/json"}
    )


@SHAPES
@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_a_float_column_takes_the_tokens(route_class: bool, token: str) -> None:
    expected = {"x": [repr(float(token.lower().replace("infinity", "inf")))]}
    r = _post(route_class, "/columns", f'{{"n": [1], "x": [{token}], "finite": [1]}}')
    assert (r.status_code, r.json()) == (200, expected)
    r = _post(route_class, "/rows", f'[{{"n": 1, "x": {token}, "finite": 1}}]')
    assert (r.status_code, r.json()) == (200, expected)


@SHAPES
@pytest.mark.parametrize(
    ("column", "token"),
    [("n", "NaN"), ("n", "Infinity"), ("finite", "NaN"), ("finite", "-Infinity")],
)
def test_int_and_finite_columns_answer_422(
    route_class: bool, column: str, token: str
) -> None:
    cells = {"n": "1", "x": "1.5", "finite": "2.5", column: token}
    columnar = "{" + ", ".join(f'"{k}": [{v}]' for k, v in cells.items()) + "}"
    r = _post(route_class, "/columns", columnar)
    assert r.status_code == 422
    assert r.json()["detail"] == [
        {
            "type": "finite_number",
            "loc": ["body", column, 0],
            "msg": "Input should be a finite number",
            "input": token,
        }
    ]
    rows = "[{" + ", ".join(f'"{k}": {v}' for k, v in cells.items()) + "}]"
    r = _post(route_class, "/rows", rows)
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", 0, column]
    assert r.json()["detail"][0]["input"] == token


def test_tokens_inside_structures_are_kept_readable() -> None:
    from pydantable.fastapi.errors import json_safe_errors

    [error] = json_safe_errors(
        [{"type": "t", "loc": ("x",), "msg": "m", "input": [math.inf, {"k": math.nan}]}]
    )
    assert error["input"] == ["Infinity", {"k": "NaN"}]
