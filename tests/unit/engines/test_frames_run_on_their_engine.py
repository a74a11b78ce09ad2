"""Every way of running a frame goes through the engine that owns its sources."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from tests.unit.engines.recording import CALLS

from pydantable import DataFrameModel
from pydantable import plan as p
from pydantable.engines import register_engine


class Sales(DataFrameModel):
    region: str
    units: int


@pytest.fixture
def recorded() -> Sales:
    register_engine("recording", "tests.unit.engines.recording:RecordingEngine")
    data = Sales({"region": ["n", "s", "n"], "units": [3, 1, 4]}).to_polars()
    CALLS.clear()
    return Sales._from_plan(
        p.Source(Sales.__pydantable_schema__, data, engine="recording")
    )


def test_materializers(recorded: Sales) -> None:
    frame = recorded.filter(recorded.units > 1)
    assert frame.to_dict() == {"region": ["n", "n"], "units": [3, 4]}
    assert [r.units for r in frame.collect()] == [3, 4]
    assert frame.to_polars().height == 2
    assert frame.to_arrow().num_rows == 2
    assert asyncio.run(frame.ato_dicts()) == [
        {"region": "n", "units": 3},
        {"region": "n", "units": 4},
    ]
    assert CALLS == ["collect"] * 5


def test_height_and_batches(recorded: Sales) -> None:
    frame = recorded.filter(recorded.units > 1)
    assert frame.height == 2
    assert [b["units"] for b in frame.stream(batch_size=1)] == [[3], [4]]
    assert CALLS == ["count", "batches"]


def test_build_time_queries(recorded: Sales) -> None:
    recorded.join(recorded, on="units", validate="1:1")
    assert CALLS == ["duplicate_key_count", "duplicate_key_count"]
    CALLS.clear()
    out = recorded.pivot(
        on="region", index="units", values="units", aggregate_function="sum"
    )
    assert CALLS == ["distinct_values", "value_names"]
    assert out.columns == ["units", "n_sum", "s_sum"]


def test_a_plan_cannot_mix_engines(recorded: Sales) -> None:
    plain = Sales({"region": ["n"], "units": [1]})
    joined = recorded.join(plain, on="region")
    with pytest.raises(
        ValueError, match=r"cannot mix sources of engines \['polars', 'recording'\]"
    ):
        joined.to_dict()


def test_writers_sink_through_the_engine(recorded: Sales, tmp_path: Path) -> None:
    frame = recorded.filter(recorded.units > 1)
    frame.write_parquet(tmp_path / "a.parquet")
    frame.write_json(tmp_path / "a.json")
    frame.write_csv(tmp_path / "parts", partition_by="region", mkdir=True)
    assert CALLS == ["sink:parquet", "sink:ndjson", "sink:csv"]
    assert Sales.read_parquet(tmp_path / "a.parquet").to_dict() == frame.to_dict()
    assert sorted(p.name for p in (tmp_path / "parts").iterdir()) == ["region=n"]
