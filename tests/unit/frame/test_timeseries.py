"""rolling_agg and group_by_dynamic: differential tests against Polars."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from differential import assert_matches_polars
from pydantable import DataFrameModel


class Tick(DataFrameModel):
    g: str
    t: int
    day: dt.date
    ts: dt.datetime
    x: int | None
    f: float


_rows = st.lists(
    st.fixed_dictionaries(
        {
            "g": st.sampled_from(["a", "b"]),
            "t": st.integers(-20, 20),
            "day": st.dates(dt.date(2023, 12, 20), dt.date(2024, 2, 10)),
            "ts": st.datetimes(dt.datetime(2024, 1, 1), dt.datetime(2024, 1, 3)),
            "x": st.one_of(st.none(), st.integers(-5, 5)),
            "f": st.integers(-9, 9).map(float),
        }
    ),
    max_size=15,
)


@settings(max_examples=20, deadline=None)
@given(
    _rows, st.sampled_from(["sum", "mean", "min", "max", "count"]), st.integers(1, 3)
)
def test_rolling_agg_matches_polars(
    rows: list[dict[str, Any]], op: str, minp: int
) -> None:
    df = Tick(rows)
    raw = df.to_polars()
    value = pl.col("x").is_not_null().cast(pl.Int64) if op == "count" else pl.col("x")
    fn = getattr(value, "rolling_sum_by" if op == "count" else f"rolling_{op}_by")
    got = df.rolling_agg(on="ts", column="x", window_size="6h", op=op, by="g",
                         min_periods=1 if op == "count" else minp)  # fmt: skip
    # the window [t - 6h, t] includes both ends (the original's window)
    expected = raw.with_columns(
        fn(
            "ts",
            window_size="6h",
            min_samples=1 if op == "count" else minp,
            closed="both",
        )
        .over("g")
        .alias(f"x_rolling_{op}")
    )
    assert_matches_polars(got, expected)
    ints = df.rolling_agg(on="t", column="f", window_size=3, op="sum", out_name="s")
    assert_matches_polars(
        ints,
        raw.with_columns(
            s=pl.col("f").rolling_sum_by("t", window_size="3i", closed="both")
        ),
    )


def test_rolling_agg_rejects_int_window_on_datetime() -> None:
    df = Tick([])
    with pytest.raises(ValueError, match="is an int"):
        df.rolling_agg(on="ts", column="x", window_size=3, op="sum")
    with pytest.raises(ValueError, match="op"):
        df.rolling_agg(on="t", column="x", window_size=3, op="nope")
    with pytest.raises(TypeError, match="int, date or datetime"):
        df.rolling_agg(on="g", column="x", window_size=3, op="sum")


@settings(max_examples=20, deadline=None)
@given(_rows, st.sampled_from(["1d", "1w", "3d"]))
def test_group_by_dynamic_date_matches_polars(
    rows: list[dict[str, Any]], every: str
) -> None:
    df = Tick(rows)
    got = df.group_by_dynamic("day", every=every, by="g").agg(
        total=("sum", "f"), n=df.x.count()
    )
    expected = (
        df.to_polars()
        .sort("g", "day")
        .group_by_dynamic("day", every=every, group_by="g")
        .agg(total=pl.col("f").sum(), n=pl.col("x").count().cast(pl.Int64))
    )
    assert_matches_polars(got, expected)
    out = got.to_polars()
    if every == "1w":  # weekly windows start on Mondays (epoch-aligned weeks)
        assert all(d.weekday() == 0 for d in out["day"].to_list())
    for label in out["day"].to_list():
        assert type(label) is dt.date


@settings(max_examples=20, deadline=None)
@given(_rows)
def test_group_by_dynamic_datetime_labels_are_window_starts(
    rows: list[dict[str, Any]],
) -> None:
    df = Tick(rows)
    got = df.group_by_dynamic("ts", every="1h", period="2h").agg(
        m=df.f.max(), s=("sum", "x")
    )
    expected = (
        df.to_polars().sort("ts").group_by_dynamic("ts", every="1h", period="2h")
        .agg(m=pl.col("f").max(), s=pl.col("x").sum())
    )  # fmt: skip
    out = assert_matches_polars(got, expected)
    for label in out["ts"].to_list():
        assert (label.minute, label.second, label.microsecond) == (0, 0, 0)


def test_group_by_dynamic_example_labels() -> None:
    df = Tick(
        {
            "g": ["a", "a", "a"],
            "t": [1, 2, 3],
            "day": [dt.date(2024, 1, 2), dt.date(2024, 1, 3), dt.date(2024, 1, 9)],
            "ts": [
                dt.datetime(2024, 1, 1, 10, 30),
                dt.datetime(2024, 1, 1, 10, 59),
                dt.datetime(2024, 1, 1, 12, 1),
            ],
            "x": [1, 2, 3],
            "f": [1.0, 2.0, 3.0],
        }
    )
    by_hour = df.group_by_dynamic("ts", every="1h", include_boundaries=True).agg(
        s=("sum", "x")
    )
    assert by_hour.to_dict()["ts"] == [
        dt.datetime(2024, 1, 1, 10),
        dt.datetime(2024, 1, 1, 12),
    ]
    assert by_hour.to_dict()["s"] == [3, 3]
    assert by_hour.to_dict()["upper_boundary"][0] == dt.datetime(2024, 1, 1, 11)
    by_week = df.group_by_dynamic("day", every="1w").agg(s=("sum", "x"))
    assert by_week.to_dict() == {
        "day": [dt.date(2024, 1, 1), dt.date(2024, 1, 8)],
        "s": [3, 3],
    }
    with pytest.raises(ValueError, match="closed"):
        df.group_by_dynamic("ts", every="1h", closed="sideways")
