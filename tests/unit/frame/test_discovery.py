"""Discovery methods: ``empty``, ``info()``, ``describe()``, ``null_count()``,
``is_empty()``, ``value_counts`` errors and ``explain()``."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from pydantable import DataFrame, DataFrameModel, Schema


class Obs(DataFrameModel):
    n: int | None
    x: float | None
    ok: bool | None
    tag: str | None
    day: dt.date
    at: dt.datetime
    tags: list[str]


def _obs() -> Obs:
    return Obs(
        {
            "n": [1, 2, 3, 4, None],
            "x": [None] * 5,
            "ok": [True, False, True, None, True],
            "tag": ["a", "bb", "a", None, "cccc"],
            "day": [dt.date(2024, 1, d) for d in (3, 1, 2, 5, 4)],
            "at": [dt.datetime(2024, 1, 1, h) for h in (5, 1, 2, 3, 4)],
            "tags": [[], ["x"], [], [], []],
        }
    )


def test_empty_and_is_empty_follow_the_current_plan() -> None:
    frame = _obs()
    assert frame.empty is False
    assert frame.is_empty() is False
    none = frame.filter(frame.day > dt.date(2030, 1, 1))
    assert none.empty is True
    assert none.is_empty() is True
    assert Obs({}).empty is True


def test_null_count_per_column() -> None:
    frame = _obs()
    assert frame.null_count() == {
        "n": 1,
        "x": 5,
        "ok": 1,
        "tag": 1,
        "day": 0,
        "at": 0,
        "tags": 0,
    }
    assert frame.filter(frame.n > 2).null_count()["n"] == 0


def test_info_lines() -> None:
    lines = _obs().filter(_obs().n > 1).info().splitlines()
    assert lines[0].startswith("Obs")
    assert lines[1] == "schema: ObsRow"
    assert lines[2] == "columns: 7"
    assert lines[3] == "shape (root buffer): 3 x 7"
    assert "lazy" in lines[4]
    assert "filter" in lines[4]
    assert lines[5] == "dtypes:"
    assert lines[6:] == [
        "  n: int | None",
        "  x: float | None",
        "  ok: bool | None",
        "  tag: str | None",
        "  day: date",
        "  at: datetime",
        "  tags: list[str]",
    ]


def test_info_of_a_generic_frame_names_its_schema() -> None:
    class Point(Schema):
        x: int

    text = DataFrame[Point]({"x": [1]}).info()
    assert "schema: " in text
    assert "columns: 1" in text
    assert "  x: int" in text


def test_describe_tokens() -> None:
    text = _obs().describe()
    lines = text.splitlines()
    assert lines[0] == "Obs describe (5 rows)"
    by_name = {line.split(":")[0]: line for line in lines[1:]}
    assert set(by_name) == {"n", "x", "ok", "tag", "day", "at"}  # no list column
    n = by_name["n"]
    assert re.fullmatch(
        r"n: count=4 mean=2\.5 std=1\.29099 min=1 max=4 skew=\S+ kurtosis=\S+ sem=0\.645497",
        n,
    )
    assert by_name["x"] == "x: count=0 (all null)"
    assert by_name["ok"] == "ok: count=4 true=3 false=1 null=1"
    assert by_name["tag"] == "tag: count=4 n_unique=3 min_len=1 max_len=4 null=1"
    assert by_name["day"] == "day: count=5 min=2024-01-01 max=2024-01-05 null=0"
    assert by_name["at"] == (
        "at: count=5 min=2024-01-01 01:00:00 max=2024-01-01 05:00:00 null=0"
    )


def test_describe_small_counts_leave_out_spread() -> None:
    class One(DataFrameModel):
        v: float

    assert One({"v": [1.5]}).describe().splitlines()[1] == (
        "v: count=1 mean=1.5 min=1.5 max=1.5"
    )
    two = One({"v": [1.0, 3.0]}).describe().splitlines()[1]
    assert "std=" in two
    assert "skew=" not in two


def test_describe_without_supported_columns() -> None:
    class Lists(DataFrameModel):
        v: list[int]

    assert Lists({"v": [[1]]}).describe() == (
        "describe(): no int/float/bool/str/date/datetime columns in schema."
    )


def test_value_counts_unknown_column() -> None:
    with pytest.raises(KeyError, match=r"Unknown column 'nope' for current schema\."):
        _obs().value_counts("nope")


def test_explain_names_steps_in_snake_case() -> None:
    frame = _obs()
    out = (
        frame.filter(frame.n > 1)
        .with_columns(y=frame.n * 2)
        .select("n", "y")
        .sort("y")
        .fill_null(strategy="forward")
        .head(2)
    )
    assert out.explain().splitlines() == [
        "source(engine=polars, rows=5)",
        "filter",
        "with_columns(y)",
        "select(n, y)",
        "sort(1 keys)",
        "fill_null(forward, n, y)",
        "slice(offset=0, length=2)",
    ]


def test_explain_json() -> None:
    frame = _obs()
    plan = frame.filter(frame.n > 1).with_columns(y=frame.n * 2).explain(format="json")
    assert isinstance(plan, dict)
    assert [s["op"] for s in plan["steps"]] == ["source", "filter", "with_columns"]
    assert plan["steps"][2] == {
        "op": "with_columns",
        "detail": "y",
        "text": "with_columns(y)",
    }
    assert plan["columns"]["y"] == "int | None"
    with pytest.raises(ValueError, match="'text' or 'json'"):
        frame.explain(format="xml")  # type: ignore[call-overload]
