"""``Model.materialize_*`` / ``Model.export_*`` / ``Model.iter_*`` (+ async) on real files."""

from __future__ import annotations

import asyncio
from pathlib import Path

import polars as pl
import pydantic
import pytest

from pydantable import DataFrameModel

FORMATS = ["parquet", "csv", "ndjson", "ipc", "json"]


class Ev(DataFrameModel):
    id: int
    kind: str | None


DATA = {"id": ["1", 2, 3, 4, 5], "kind": ["a", None, "c", "d", "e"]}
EXPECTED = {"id": [1, 2, 3, 4, 5], "kind": ["a", None, "c", "d", "e"]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_validates_then_materialize_and_iter(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"ev.{fmt}"
    getattr(Ev, f"export_{fmt}")(path, DATA)
    assert getattr(Ev, f"materialize_{fmt}")(path) == EXPECTED
    batches = list(getattr(Ev, f"iter_{fmt}")(path, batch_size=2))
    assert [type(b) for b in batches] == [Ev, Ev, Ev]
    assert [b.height for b in batches] == [2, 2, 1]
    merged: dict[str, list[object]] = {"id": [], "kind": []}
    for batch in batches:
        for name, values in batch.to_dict().items():
            merged[name].extend(values)
    assert merged == EXPECTED
    # a batch is a frame: transforms work on it
    assert batches[0].filter(batches[0].id > 1).to_dict() == {"id": [2], "kind": [None]}


def test_export_rejects_bad_data_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bad.parquet"
    with pytest.raises(pydantic.ValidationError) as info:
        Ev.export_parquet(path, {"id": [1, "x"], "kind": ["a", "b"]})
    assert info.value.errors()[0]["loc"] == ("id", 1)
    assert not path.exists()


def test_iter_locates_a_bad_cell_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "raw.parquet"
    pl.DataFrame({"id": ["1", "2", "x"], "kind": ["a", "b", "c"]}).write_parquet(path)
    with pytest.raises(pydantic.ValidationError) as info:
        list(Ev.iter_parquet(path, batch_size=2))
    error = info.value.errors()[0]
    assert (error["type"], error["loc"], error["input"]) == (
        "int_parsing",
        ("id", 2),
        "x",
    )


def test_iter_rejects_bad_batch_size(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="batch_size"):
        Ev.iter_parquet(tmp_path / "x.parquet", batch_size=0)


def test_async_twins(tmp_path: Path) -> None:
    path = tmp_path / "ev.ndjson"

    async def main() -> dict[str, list[object]]:
        await Ev.aexport_ndjson(path, DATA)
        return await Ev.amaterialize_ndjson(path)

    assert asyncio.run(main()) == EXPECTED
