"""Failures of the engine while a plan runs surface as ``EngineExecutionError``.

A ``ValueError`` (a :class:`~pydantable.errors.PydantableUserError`) carrying the
engine's message, with the Polars exception as ``__cause__``: never a raw
``polars.exceptions`` class, whichever way the plan is run.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from pydantic import BaseModel

from pydantable import DataFrameModel
from pydantable.errors import EngineExecutionError, PydantableUserError
from pydantable.expressions import col


class Inner(BaseModel):
    a: int


class Data(DataFrameModel):
    day: str
    js: str
    xs: list[int]
    ys: list[int]
    k: str


DATA = {
    "day": ["2024-02-29", "not a date"],
    "js": ['{"a": 1}', "{broken"],
    "xs": [[1, 2], [3]],
    "ys": [[1], [2]],
    "k": ["a", "b"],
}


def _failures(d: Data) -> dict[str, Any]:
    return {
        "strptime": d.select(d.day.strptime("%Y-%m-%d", to_datetime=False)),
        "to_date": d.select(d.day.str.to_date("%Y-%m-%d")),
        "json_decode": d.select(d.js.str_json_decode(Inner)),
        "explode": d.explode(["xs", "ys"]),
        "strict_cast": d.select(d.day.cast(dt.date, strict=True)),
        "list_get": d.select(d.xs.list.get(1)),
    }


@pytest.mark.parametrize(
    "case", ["strptime", "to_date", "json_decode", "explode", "strict_cast", "list_get"]
)
def test_failures_are_value_errors_with_the_engine_message(case: str) -> None:
    plan = _failures(Data(DATA))[case]
    with pytest.raises(EngineExecutionError) as info:
        plan.to_dict()
    error = info.value
    assert isinstance(error, ValueError)
    assert isinstance(error, PydantableUserError)
    assert not isinstance(error, pl.exceptions.PolarsError)
    cause = error.__cause__
    assert isinstance(cause, pl.exceptions.PolarsError)
    assert str(error) == str(cause)  # the engine's own message


Run = Callable[[Any], Any]
RUNS: dict[str, Run] = {
    "to_dict": lambda f: f.to_dict(),
    "to_dicts": lambda f: f.to_dicts(),
    "collect": lambda f: f.collect(),
    "rows": lambda f: f.rows(),
    "to_polars": lambda f: f.to_polars(),
    "to_arrow": lambda f: f.to_arrow(),
    "to_json": lambda f: f.to_json(),
    "stream": lambda f: list(f.stream(batch_size=1)),
    "collect_batches": lambda f: f.collect_batches(1),
    "acollect": lambda f: asyncio.run(f.acollect()),
    "submit": lambda f: f.submit().result_blocking(timeout=30),
    "height": lambda f: (
        f.filter(f.day.str.to_date("%Y-%m-%d") > dt.date(2000, 1, 1)).height
    ),
}


@pytest.mark.parametrize("run", sorted(RUNS))
def test_every_materialization_translates(run: str) -> None:
    d = Data(DATA)
    plan = d.with_columns(day=d.day.cast(dt.date, strict=True).cast(str))
    with pytest.raises(EngineExecutionError, match="not a date"):
        RUNS[run](plan)


def test_sinks_translate(tmp_path: Path) -> None:
    d = Data(DATA)
    bad = d.select(day=d.day.cast(dt.date, strict=True))
    with pytest.raises(EngineExecutionError, match="not a date"):
        bad.write_parquet(tmp_path / "out.parquet")
    with pytest.raises(EngineExecutionError):
        bad.write_csv(tmp_path / "out.csv")


def test_build_time_queries_translate() -> None:
    d = Data(DATA)
    bad = d.with_columns(k=d.day.cast(dt.date, strict=True).cast(str))
    # pivot finds its columns with one engine query when it is built
    with pytest.raises(EngineExecutionError, match="not a date"):
        bad.pivot(on="k", index="js", values="day", aggregate_function="first")


def test_python_errors_of_the_query_pass_unchanged(tmp_path: Path) -> None:
    d = Data(DATA)
    missing = tmp_path / "missing" / "out.parquet"
    with pytest.raises(OSError):
        d.write_parquet(missing)
    with pytest.raises(KeyError):
        d.select(col("nope"))  # a build-time error stays what it was


def test_successful_plans_are_unchanged() -> None:
    d = Data({**DATA, "day": ["2024-02-29", "2024-03-01"], "js": ['{"a": 1}', "{}"]})
    assert d.select(d.day.strptime("%Y-%m-%d", to_datetime=False)).to_dict() == {
        "day": [dt.date(2024, 2, 29), dt.date(2024, 3, 1)]
    }
    assert d.select(d.js.str_json_decode(Inner)).to_dict() == {
        "js": [{"a": 1}, {"a": None}]
    }
