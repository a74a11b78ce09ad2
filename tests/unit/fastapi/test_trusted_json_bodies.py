"""Trusted modes on every JSON body path: JSON text of datetimes & co. is decoded.

Under ``trusted_mode="shape_only"``/``"strict"`` a JSON body's ISO datetime,
date, time, duration and Decimal strings (and bytes as UTF-8 text) are what
Pydantic's JSON mode reads; they build the same frame as full validation, on
``columnar_dependency``/``rows_dependency`` in a plain ``FastAPI()`` app and
with ``DataFrameRoute`` (``register_exception_handlers``), and on a frame body
in JSON and NDJSON. Undecodable text is a 422 located at the cell.
"""

import datetime
import decimal
import json
from typing import Annotated, Any, Literal

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


class Events(DataFrameModel):
    id: int
    category: Literal["alpha", "beta"]
    ts: datetime.datetime
    day: datetime.date | None
    at: datetime.time
    wait: datetime.timedelta
    price: Annotated[decimal.Decimal, Field(max_digits=8, decimal_places=2)]
    blob: bytes
    qty: Annotated[int, Field(ge=0, le=1000)]


COLUMNS: dict[str, list[Any]] = {
    "id": [1, 2],
    "category": ["alpha", "beta"],
    "ts": ["2024-01-01T00:00:00", "2024-01-02T03:04:05.25"],
    "day": ["2024-01-01", None],
    "at": ["10:20:30", "23:59"],
    "wait": ["PT1H", "P2D"],
    "price": ["1.50", "20"],
    "blob": ["abc", "xyz"],
    "qty": [0, 1000],
}
ROWS = [{k: v[i] for k, v in COLUMNS.items()} for i in range(2)]
EXPECTED = json.loads(json.dumps(Events(COLUMNS).to_dict(), default=str))


def _app(mode: str | None, *, route_class: bool) -> TestClient:
    app = FastAPI()
    if route_class:
        register_exception_handlers(app)
    columns = columnar_dependency(Events, trusted_mode=mode)
    rows = rows_dependency(Events, trusted_mode=mode)

    def answer(df: Events) -> dict[str, Any]:
        return json.loads(json.dumps(df.to_dict(), default=str))

    @app.post("/columns")
    def by_columns(df: Annotated[Events, Depends(columns)]) -> dict[str, Any]:
        return answer(df)

    @app.post("/rows")
    async def by_rows(df: Annotated[Events, Depends(rows)]) -> dict[str, Any]:
        return answer(df)

    return TestClient(app)


APPS = {
    (mode, route_class): _app(mode, route_class=route_class)
    for mode in (None, "shape_only", "strict")
    for route_class in (False, True)
}
SHAPES = pytest.mark.parametrize(
    ("mode", "route_class"), list(APPS), ids=[f"{m}-{r}" for m, r in APPS]
)


@SHAPES
@pytest.mark.parametrize(("path", "body"), [("/columns", COLUMNS), ("/rows", ROWS)])
def test_json_text_is_decoded_in_every_mode(
    mode: str | None, route_class: bool, path: str, body: Any
) -> None:
    r = APPS[mode, route_class].post(path, json=body)
    assert r.status_code == 200, r.text
    assert r.json() == EXPECTED


@SHAPES
def test_undecodable_text_is_a_located_422(mode: str | None, route_class: bool) -> None:
    body = {**COLUMNS, "ts": ["2024-01-01T00:00:00", "yesterday"]}
    r = APPS[mode, route_class].post("/columns", json=body)
    assert r.status_code == 422, r.text
    errors = r.json()["detail"]
    assert [e["loc"] for e in errors] == [["body", "ts", 1]]
    assert errors[0]["input"] == "yesterday"
    rows = [dict(ROWS[0]), {**ROWS[1], "wait": "soon"}]
    r = APPS[mode, route_class].post("/rows", json=rows)
    assert r.status_code == 422, r.text
    assert [e["loc"] for e in r.json()["detail"]] == [["body", 1, "wait"]]


@pytest.mark.parametrize("mode", [None, "shape_only", "strict"])
@pytest.mark.parametrize("path", ["/columns", "/rows"])
def test_ndjson_bodies_with_the_route_class(mode: str | None, path: str) -> None:
    """``DataFrameRoute`` also reads a dependency's body as NDJSON rows."""
    ndjson = "\n".join(json.dumps(row) for row in ROWS)
    r = APPS[mode, True].post(
        path, content=ndjson, headers={"content-type": "application/x-ndjson"}
    )
    assert r.status_code == 200, r.text
    assert r.json() == EXPECTED
