"""Blocking materialization outputs, on both ingest strategies."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import gc
import json
import uuid

import numpy as np
import polars as pl
import pyarrow as pa
import pytest
from pydantic import AwareDatetime, Field

import pydantable.validation.ingest as ingest_module
from pydantable import DataFrameModel


class Color(str, enum.Enum):
    RED = "red"
    BLUE = "blue"


class Item(DataFrameModel):
    id: int
    price: decimal.Decimal = Field(max_digits=10, decimal_places=2)
    color: Color
    key: uuid.UUID
    seen: AwareDatetime | None
    tags: list[str]
    attrs: dict[str, int] | None


KEY = uuid.UUID("12345678-1234-5678-1234-567812345678")
DATA = {
    "id": ["1", 2],
    "price": ["1.5", decimal.Decimal("2.25")],
    "color": ["red", Color.BLUE],
    "key": [str(KEY).upper(), KEY],
    "seen": ["2026-01-01T10:00:00+02:00", None],
    "tags": [["a"], []],
    "attrs": [{"x": 1}, None],
}


@pytest.fixture(params=["small", "vectorized"])
def strategy(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "vectorized":
        monkeypatch.setattr(ingest_module, "SMALL_INPUT_CELLS", 0)
    return str(request.param)


def test_to_dict_returns_python_types(strategy: str) -> None:
    out = Item(DATA).to_dict()
    assert out["id"] == [1, 2]
    assert out["price"] == [decimal.Decimal("1.50"), decimal.Decimal("2.25")]
    assert out["color"] == [Color.RED, Color.BLUE]
    assert out["key"] == [KEY, KEY]
    assert out["seen"][0] == dt.datetime(2026, 1, 1, 8, 0, tzinfo=dt.timezone.utc)
    assert out["seen"][1] is None
    assert out["tags"] == [["a"], []]
    assert out["attrs"] == [{"x": 1}, None]


def test_both_strategies_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    small = Item(DATA)
    monkeypatch.setattr(ingest_module, "SMALL_INPUT_CELLS", 0)
    vectorized = Item(DATA)
    assert small.to_dicts() == vectorized.to_dicts()
    assert small.to_polars().equals(vectorized.to_polars())
    assert repr(small.to_dict()) == repr(vectorized.to_dict())


def test_collect_builds_row_models(strategy: str) -> None:
    rows = Item(DATA).collect()
    assert [type(r) for r in rows] == [Item.RowModel, Item.RowModel]
    assert rows[1].color is Color.BLUE
    assert rows[0].model_dump()["attrs"] == {"x": 1}
    assert Item(DATA).rows() == rows


def test_collect_of_derived_frame_uses_derived_row_model(strategy: str) -> None:
    frame = Item(DATA)
    out = frame.select("id", doubled=frame.id * 2).collect()
    assert [(r.id, r.doubled) for r in out] == [(1, 2), (2, 4)]
    assert type(out[0]).__name__.endswith("Row")
    assert set(type(out[0]).model_fields) == {"id", "doubled"}


def test_to_polars_and_arrow_dtypes(strategy: str) -> None:
    frame = Item(DATA)
    result = frame.to_polars()
    assert result.schema["price"] == pl.Decimal(10, 2)
    assert result.schema["seen"] == pl.Datetime("us", "UTC")
    assert result.schema["attrs"] == pl.List(
        pl.Struct({"key": pl.String, "value": pl.Int64})
    )
    table = frame.to_arrow()
    assert isinstance(table, pa.Table)
    assert table.num_rows == 2


def test_to_json_records_and_columns(strategy: str) -> None:
    frame = Item(DATA)
    records = json.loads(frame.to_json())
    assert records[0]["attrs"] == {"x": 1}
    assert records[0]["key"] == str(KEY)
    columns = json.loads(frame.select("id", "tags").to_json(orient="columns"))
    assert columns == {"id": [1, 2], "tags": [["a"], []]}
    assert json.loads(frame.select("id").to_json()) == [{"id": 1}, {"id": 2}]
    with pytest.raises(ValueError, match="orient"):
        frame.to_json(orient="split")


def test_collect_as_numpy_and_lists(strategy: str) -> None:
    frame = Item(DATA).select("id")
    arrays = frame.collect(as_numpy=True)
    assert isinstance(arrays["id"], np.ndarray)
    assert arrays["id"].tolist() == [1, 2]
    assert frame.collect(as_lists=True) == {"id": [1, 2]}


def test_gc_state_is_restored() -> None:
    assert gc.isenabled()
    Item(DATA).collect()
    assert gc.isenabled()
    gc.disable()
    try:
        Item(DATA).collect()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_large_frame_round_trip() -> None:
    n = 50_000
    frame = Item(
        {
            "id": list(range(n)),
            "price": [decimal.Decimal("1.25")] * n,
            "color": ["red", "blue"] * (n // 2),
            "key": [str(KEY)] * n,
            "seen": [None] * n,
            "tags": [["t"]] * n,
            "attrs": [None] * n,
        }
    )
    assert frame.shape == (n, 7)
    assert frame.filter(frame.id % 1000 == 0).height == 50
    rows = frame.head(3).collect()
    assert [r.id for r in rows] == [0, 1, 2]


def test_gc_pause_is_safe_across_threads() -> None:
    import sys
    import threading

    from pydantable._gc import gc_paused

    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        barrier = threading.Barrier(4)

        def work() -> None:
            barrier.wait()
            for _ in range(200):
                with gc_paused():
                    pass

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(switch)
    assert gc.isenabled()


def test_to_json_writes_datetimes_as_pydantic_does() -> None:
    import datetime as _dt

    import pydantic as _pydantic
    from hypothesis import given, settings
    from hypothesis import strategies as st

    class Stamps(DataFrameModel):
        naive: _dt.datetime
        maybe: _dt.datetime | None
        aware: _pydantic.AwareDatetime | None

    utc = _dt.timezone.utc
    # local times in named zones past 2037 follow the engine's zone rules, which
    # end there (the instant is right; the rendered offset can differ)
    naive = st.datetimes(_dt.datetime(1900, 1, 1), _dt.datetime(2037, 1, 1))

    @settings(max_examples=40, deadline=None)
    @given(st.lists(st.tuples(naive, st.none() | naive, st.none() | naive), max_size=6))
    def check(rows: list[tuple[_dt.datetime, object, object]]) -> None:
        frame = Stamps(
            {
                "naive": [r[0] for r in rows],
                "maybe": [r[1] for r in rows],
                "aware": [
                    None if r[2] is None else r[2].replace(tzinfo=utc) for r in rows
                ],
            }
        )
        paris = frame.with_columns(
            paris=frame.aware.dt.convert_time_zone("Europe/Paris")
        )
        for f in (frame, paris):
            expected = _pydantic.TypeAdapter(list[f.RowModel]).dump_json(f.collect())
            assert f.to_json() == expected

    check()


def test_collected_rows_share_one_full_fields_set() -> None:
    """Rows of ``collect()`` behave as validated models: assignment, copies and
    dumps work; the shared fields set refuses changes that would touch every row."""

    class Row(DataFrameModel):
        a: int
        b: str | None

    rows = Row({"a": [1, 2], "b": ["x", None]}).collect()
    validated = [Row.RowModel(a=1, b="x"), Row.RowModel(a=2, b=None)]
    assert rows == validated
    assert [r.model_fields_set for r in rows] == [{"a", "b"}, {"a", "b"}]
    rows[0].a = 10  # a field assignment adds a name already set: fine
    assert (rows[0].a, rows[1].a) == (10, 2)
    assert rows[0].model_dump(exclude_unset=True) == {"a": 10, "b": "x"}
    copied = rows[1].model_copy(update={"a": 3})
    assert type(copied.model_fields_set) is set
    copied.model_fields_set.discard("b")  # a copy's set is its own
    assert rows[1].model_fields_set == {"a", "b"}
    with pytest.raises(TypeError, match="shared by all of them"):
        rows[0].model_fields_set.discard("a")
    with pytest.raises(TypeError, match="shared by all of them"):
        rows[0].model_fields_set.add("zzz")
    assert rows[1].model_fields_set == {"a", "b"}
