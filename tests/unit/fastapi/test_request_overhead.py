"""The per-request fast paths keep behaviour: JSON bytes, engine choice, dependencies."""

# No ``from __future__ import annotations``: the routes below annotate with locals.

import datetime
import math
from typing import Annotated

import polars as pl
import pydantic
from fastapi import Depends, FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from pydantable import DataFrameModel
from pydantable.engines.polars.execute import IN_MEMORY_CELLS, engine_for
from pydantable.fastapi import (
    columnar_dependency,
    register_exception_handlers,
    rows_dependency,
)
from pydantable.fastapi.request.prepared import PreparedDependency


class Cells(DataFrameModel):
    i: int | None
    f: float | None
    s: str | None
    b: bool | None


def _engine_json(frame: pl.DataFrame) -> bytes:
    """Columnar JSON as the engine writes it (the large-frame path)."""
    text = frame.select(pl.all().implode()).write_ndjson()
    return text.encode().rstrip(b"\n")


_ROWS = st.lists(
    st.fixed_dictionaries(
        {
            "i": st.none() | st.integers(-(2**63), 2**63 - 1),
            "f": st.none() | st.floats(allow_nan=True, allow_infinity=True),
            "s": st.none() | st.text(max_size=8),
            "b": st.none() | st.booleans(),
        }
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(_ROWS)
def test_small_columnar_json_is_byte_identical_to_the_engine_writer(
    rows: list[dict[str, object]],
) -> None:
    frame = Cells(rows) if rows else Cells(None)
    filtered = frame.filter(frame.i.is_not_null() | frame.i.is_null())
    expected = _engine_json(filtered.to_polars())
    assert frame.to_json(orient="columns") == expected
    assert filtered.to_json(orient="columns") == expected


def test_non_finite_floats_are_null_and_other_dtypes_keep_the_engine_writer() -> None:
    frame = Cells({"i": [1], "f": [math.inf], "s": ["é\n"], "b": [True]})
    assert frame.to_json(orient="columns") == (
        '{"i":[1],"f":[null],"s":["é\\n"],"b":[true]}'.encode()
    )

    class Dated(DataFrameModel):
        d: datetime.date
        x: float

    dated = Dated({"d": [datetime.date(2024, 1, 2)], "x": [0.5]})
    expected = _engine_json(dated.to_polars())
    assert (
        dated.to_json(orient="columns") == expected == b'{"d":["2024-01-02"],"x":[0.5]}'
    )


def test_engine_choice_only_switches_elementwise_plans_of_small_tables() -> None:
    frame = Cells({"i": [3, 1, 2], "f": [1.0, 2.0, 3.0], "s": ["a", "b", "c"]})
    filtered = frame.filter((frame.i >= 2) & ~(frame.f > 2.5))
    assert engine_for(filtered._plan) == "in-memory"
    assert filtered.to_dict() == {"i": [3], "f": [1.0], "s": ["a"], "b": [None]}
    derived = frame.with_columns(g=frame.f * 2).select("i", "g")
    assert engine_for(derived._plan) == "in-memory"
    assert derived.to_dict() == {"i": [3, 1, 2], "g": [2.0, 4.0, 6.0]}
    # reductions, functions and sorts may differ between engines: default engine
    assert engine_for(frame.select(frame.f.mean())._plan) == "auto"
    assert engine_for(frame.sort("i")._plan) == "auto"
    assert engine_for(frame.filter(frame.s.str.contains("a"))._plan) == "auto"
    big = pl.DataFrame({"i": pl.int_range(IN_MEMORY_CELLS // 4 + 1, eager=True)})
    large = Cells(big.with_columns(f=None, s=None, b=None), trusted_mode="shape_only")
    assert engine_for(large.filter(large.i > 0)._plan) == "auto"


def _app() -> tuple[FastAPI, object, object]:
    app = FastAPI()
    register_exception_handlers(app)
    columns = columnar_dependency(Cells)
    rows = rows_dependency(Cells)

    @app.post("/columns")
    def by_columns(df: Annotated[Cells, Depends(columns)]) -> dict[str, int]:
        return {"rows": df.height}

    @app.post("/rows")
    def by_rows(df: Annotated[Cells, Depends(rows)]) -> dict[str, int]:
        return {"rows": df.height}

    return app, columns, rows


def test_body_dependencies_resolve_without_a_thread_hop_and_still_validate() -> None:
    app, columns, rows = _app()
    stand_ins = [
        d.call
        for route in app.routes
        if isinstance(route, APIRoute)
        for d in route.dependant.dependencies
    ]
    assert all(isinstance(c, PreparedDependency) for c in stand_ins)
    assert stand_ins == [columns, rows]  # equal to (and hashed like) the originals
    with TestClient(app) as client:
        ok = client.post("/columns", json={"i": [1, 2], "f": [0.5, None]})
        assert ok.status_code == 200
        assert ok.json() == {"rows": 2}
        ok = client.post("/rows", json=[{"i": 1, "f": 1.0, "s": "x", "b": True}])
        assert ok.json() == {"rows": 1}
        bad = client.post("/columns", json={"i": [1, "x"]})
        assert bad.status_code == 422
        assert bad.json()["detail"] == [
            {
                "type": "int_parsing",
                "loc": ["body", "i", 1],
                "msg": "Input should be a valid integer, unable to parse string as an integer",
                "input": "x",
            }
        ]
        bad = client.post("/rows", json=[{"i": "y"}])
        assert bad.status_code == 422
        assert bad.json()["detail"][0]["loc"] == ["body", 0, "i"]


def test_dependency_overrides_still_apply_to_the_stand_in() -> None:
    app, columns, _ = _app()

    def fake() -> Cells:
        return Cells({"i": [1, 2, 3]})

    app.dependency_overrides[columns] = fake
    with TestClient(app) as client:
        answer = client.post("/columns", json={"i": [1]})
        assert answer.status_code == 200
        assert answer.json() == {"rows": 3}
    app.dependency_overrides.clear()

    other = FastAPI()
    other.dependency_overrides[pydantic.BaseModel] = fake  # unrelated override
    other.router.routes.extend(app.router.routes)
    with TestClient(other) as client:  # overrides active, none for ours
        answer = client.post("/columns", json={"i": [1, 2]})
        assert answer.status_code == 200
        assert answer.json() == {"rows": 2}
