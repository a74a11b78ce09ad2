"""Eager helpers: materialize_*, export_*, iter_*, write_*_batches and async twins."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import polars as pl
import pydantic
import pytest

import pydantable.io as pio
from pydantable import DataFrameModel


class Ev(DataFrameModel):
    id: int
    kind: str
    at: dt.date | None


DATA = {
    "id": [1, 2, 3, 4, 5],
    "kind": ["a", "b", "a", "c", "b"],
    "at": [dt.date(2026, 1, d) for d in (1, 2, 3, 4)] + [None],
}
FORMATS = ["parquet", "csv", "ndjson", "json", "ipc"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_then_materialize(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"ev.{fmt}"
    getattr(pio, f"export_{fmt}")(
        path, {**DATA, "id": [str(i) for i in DATA["id"]]}, model=Ev
    )
    assert getattr(pio, f"materialize_{fmt}")(path, model=Ev) == DATA  # coerced
    raw = getattr(pio, f"materialize_{fmt}")(path, columns=["id"])
    assert raw == {"id": DATA["id"]}
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_export_without_model_and_from_frames(tmp_path: Path) -> None:
    pio.export_parquet(tmp_path / "a.parquet", pl.DataFrame({"x": [1, 2]}))
    pio.export_csv(tmp_path / "b.csv", [{"x": 1}, {"x": 2}])
    pio.export_ipc(tmp_path / "c.ipc", Ev(DATA))
    assert pio.materialize_parquet(tmp_path / "a.parquet") == {"x": [1, 2]}
    assert pio.materialize_csv(tmp_path / "b.csv") == {"x": [1, 2]}
    assert pio.materialize_ipc(tmp_path / "c.ipc", model=Ev) == DATA
    with pytest.raises(TypeError, match="column mapping"):
        pio.export_parquet(tmp_path / "d.parquet", 42)
    with pytest.raises(ValueError, match="needs a model"):
        pio.materialize_parquet(tmp_path / "a.parquet", trusted_mode="strict")


def test_export_validates_before_writing(tmp_path: Path) -> None:
    with pytest.raises(pydantic.ValidationError) as info:
        pio.export_parquet(
            tmp_path / "x.parquet", {**DATA, "id": [1, 2, "z", 4, 5]}, model=Ev
        )
    assert info.value.errors()[0]["loc"] == ("id", 2)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["parquet", "csv", "ndjson", "ipc"])
def test_iter_batches_are_exact_and_validated(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"ev.{fmt}"
    getattr(Ev(DATA), f"write_{fmt}")(path)
    batches = list(getattr(pio, f"iter_{fmt}")(path, batch_size=2, model=Ev))
    assert [b["id"] for b in batches] == [[1, 2], [3, 4], [5]]
    raw = list(getattr(pio, f"iter_{fmt}")(path, batch_size=3, columns=["kind"]))
    assert raw == [{"kind": ["a", "b", "a"]}, {"kind": ["c", "b"]}]
    with pytest.raises(ValueError, match="batch_size"):
        getattr(pio, f"iter_{fmt}")(path, batch_size=0)


def test_iter_json_flavours_and_chain(tmp_path: Path) -> None:
    Ev(DATA).write_ndjson(tmp_path / "ev.ndjson")
    Ev(DATA).write_json(tmp_path / "ev.json")
    lines = list(pio.iter_json_lines(tmp_path / "ev.ndjson", batch_size=4, model=Ev))
    array = list(pio.iter_json_array(tmp_path / "ev.json", batch_size=4, model=Ev))
    assert lines == array
    assert [len(b["id"]) for b in lines] == [4, 1]
    chained = pio.iter_chain_batches(
        pio.iter_json_lines(tmp_path / "ev.ndjson", batch_size=5),
        pio.iter_json_array(tmp_path / "ev.json", batch_size=5),
    )
    assert [b["id"] for b in chained] == [DATA["id"], DATA["id"]]


def test_iter_reports_bad_cells_located(tmp_path: Path) -> None:
    path = tmp_path / "ev.csv"
    path.write_text("id,kind,at\n1,a,\n2,b,2026-02-30\n")
    with pytest.raises(pydantic.ValidationError) as info:
        list(pio.iter_csv(path, model=Ev))
    [error] = info.value.errors()
    assert error["loc"] == ("at", 1)
    assert error["ctx"]["file"] == str(path)


@pytest.mark.parametrize("fmt", FORMATS)
def test_write_batches(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"ev.{fmt}"
    batches = [
        {k: v[:2] for k, v in DATA.items()},
        Ev({k: v[2:4] for k, v in DATA.items()}),
        [{"id": "5", "kind": "b", "at": None}],  # rows, coerced
    ]
    getattr(pio, f"write_{fmt}_batches")(path, iter(batches), model=Ev)
    assert getattr(pio, f"materialize_{fmt}")(path, model=Ev) == DATA
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_write_batches_errors_count_rows_across_batches(tmp_path: Path) -> None:
    batches = [{"id": [1, 2], "kind": ["a", "b"]}, {"id": [3, "x"], "kind": ["c", "d"]}]
    with pytest.raises(pydantic.ValidationError) as info:
        pio.write_parquet_batches(tmp_path / "x.parquet", batches, model=Ev)
    assert info.value.errors()[0]["loc"] == ("id", 3)
    assert list(tmp_path.iterdir()) == []  # no file, no spilled parts
    with pytest.raises(ValueError, match="no batches"):
        pio.write_parquet_batches(tmp_path / "y.parquet", [])
    pio.write_parquet_batches(tmp_path / "z.parquet", [], model=Ev)
    assert pio.materialize_parquet(tmp_path / "z.parquet", model=Ev) == {
        "id": [],
        "kind": [],
        "at": [],
    }


def test_async_twins(tmp_path: Path) -> None:
    async def batches() -> AsyncIterator[dict[str, list[object]]]:
        for start in (0, 3):
            yield {k: v[start : start + 3] for k, v in DATA.items()}

    async def main() -> None:
        await pio.aexport_parquet(tmp_path / "a.parquet", DATA, model=Ev)
        assert await pio.amaterialize_parquet(tmp_path / "a.parquet", model=Ev) == DATA
        got = [b async for b in pio.aiter_parquet(tmp_path / "a.parquet", batch_size=2)]
        assert [b["id"] for b in got] == [[1, 2], [3, 4], [5]]
        await pio.awrite_ndjson_batches(tmp_path / "b.ndjson", batches(), model=Ev)
        assert await pio.amaterialize_ndjson(tmp_path / "b.ndjson", model=Ev) == DATA
        stream = pio.aiter_ndjson(tmp_path / "b.ndjson", batch_size=1, model=Ev)
        first = await anext(stream)
        await stream.aclose()  # stopping early closes the engine iterator
        assert first["id"] == [1]

    asyncio.run(main())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.parquet", "b.ndjson"]


def test_module_mirrors_the_helpers() -> None:
    for fmt in FORMATS:
        for name in (f"materialize_{fmt}", f"export_{fmt}", f"write_{fmt}_batches"):
            assert name in pio.__all__
            assert f"a{name}" in pio.__all__
            assert getattr(pio, name).__name__ == name
    for name in ("parquet", "csv", "ndjson", "ipc", "json_lines", "json_array"):
        assert f"iter_{name}" in pio.__all__
        assert f"aiter_{name}" in pio.__all__
