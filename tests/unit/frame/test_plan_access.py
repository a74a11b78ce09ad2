"""``logical_plan`` and ``pending_checks()``: the public views of a frame's
plan the engine API and the scan docs use."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import polars as pl
import pydantic

from pydantable import DataFrameModel
from pydantable import plan as p
from pydantable.engines import engine_of, get_engine


class Score(DataFrameModel):
    n: Annotated[int, pydantic.Field(ge=0)]
    label: str


def test_logical_plan_is_the_frame_plan() -> None:
    df = Score({"n": [1, 2], "label": ["a", "b"]})
    kept = df.filter(df.n > 1)
    assert isinstance(kept.logical_plan, p.PlanNode)
    assert [type(n).__name__ for n in p.steps(kept.logical_plan)] == [
        "Source",
        "Filter",
    ]
    assert engine_of(kept.logical_plan) is get_engine("polars")
    assert get_engine("polars").collect(kept.logical_plan).to_dict(as_series=False) == {
        "n": [2],
        "label": ["b"],
    }
    assert df.logical_plan is not kept.logical_plan  # transforms make new plans


def test_pending_checks_of_in_memory_frames_are_empty() -> None:
    df = Score({"n": [1], "label": ["a"]})
    empty = {"cells": [], "nulls": [], "casts": []}
    assert df.pending_checks() == empty
    assert df.with_columns(m=df.n * 2).pending_checks() == empty


def test_pending_checks_follow_the_scans(tmp_path: Path) -> None:
    bare = tmp_path / "bare.parquet"
    pl.DataFrame({"n": [0, 7], "label": ["a", "b"]}).write_parquet(
        bare, statistics=False
    )
    good = tmp_path / "good.parquet"
    pl.DataFrame({"n": [0, 7], "label": ["a", "b"]}).write_parquet(good)
    assert Score.read_parquet(good).pending_checks()["cells"] == []
    scan = Score.read_parquet(bare)
    assert scan.pending_checks()["cells"] == ["n", "label"]
    # through transforms and both sides of a join (each column listed once)
    joined = scan.filter(scan.n > 0).join(Score.read_parquet(bare), on="n")
    assert joined.pending_checks()["cells"] == ["n", "label"]
    trusted = Score.read_parquet(bare, trusted_mode="shape_only").pending_checks()
    assert trusted["cells"] == []
    assert Score.read_parquet(bare).to_dict() == {"n": [0, 7], "label": ["a", "b"]}
