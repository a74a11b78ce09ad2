"""The original's contract for rolling and dynamic windows (conformance delta 2.15).

Duration strings on an int time column are seconds; a rolling window is
``[t - w, t]`` (both ends) within each ``by`` group. Expected values are
brute-forced here in Python.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pydantable import DataFrameModel


class Log(DataFrameModel):
    g: str
    t: int
    x: int | None


class Stamp(DataFrameModel):
    g: str
    ts: dt.datetime
    x: int


_rows = st.lists(
    st.tuples(
        st.sampled_from(["a", "b"]),
        st.integers(0, 6).map(lambda k: k * 1800),  # half hours, ties included
        st.one_of(st.none(), st.integers(-5, 5)),
    ),
    max_size=14,
)

SECONDS = {"90s": 90, "30m": 1800, "1h": 3600, "2h": 7200, "1h30m": 5400, "1d": 86400}


def _rolling(rows: list[tuple[str, int, int | None]], width: int, op: str) -> list[Any]:
    out: list[Any] = []
    for g, t, _ in rows:
        window = [x for g2, t2, x in rows if g2 == g and t - width <= t2 <= t]
        values = [x for x in window if x is not None]
        if op == "count":
            out.append(len(values))
        elif not values:
            out.append(None)
        elif op == "sum":
            out.append(sum(values))
        elif op == "min":
            out.append(min(values))
        elif op == "max":
            out.append(max(values))
        else:
            out.append(sum(values) / len(values))
    return out


@settings(max_examples=40, deadline=None)
@given(
    rows=_rows,
    window=st.sampled_from(sorted(SECONDS)),
    op=st.sampled_from(["sum", "mean", "min", "max", "count"]),
)
def test_rolling_duration_on_int_seconds_inclusive_per_group(
    rows: list[tuple[str, int, int | None]], window: str, op: str
) -> None:
    frame = Log(
        {
            "g": [r[0] for r in rows],
            "t": [r[1] for r in rows],
            "x": [r[2] for r in rows],
        }
    )
    got = frame.rolling_agg(on="t", column="x", window_size=window, op=op, by="g")
    assert got.to_dict()[f"x_rolling_{op}"] == _rolling(rows, SECONDS[window], op)
    as_int = frame.rolling_agg(
        on="t", column="x", window_size=SECONDS[window], op=op, by="g"
    )
    assert as_int.to_dict() == got.to_dict()


def test_rolling_window_includes_its_start_on_datetimes() -> None:
    base = dt.datetime(2024, 1, 1)
    frame = Stamp(
        {
            "g": ["a", "a", "a", "b"],
            "ts": [
                base,
                base + dt.timedelta(hours=1),
                base + dt.timedelta(hours=2),
                base,
            ],
            "x": [1, 2, 4, 8],
        }
    )
    out = frame.rolling_agg(on="ts", column="x", window_size="1h", op="sum", by="g")
    assert out.to_dict()["x_rolling_sum"] == [1, 3, 6, 8]


@settings(max_examples=40, deadline=None)
@given(rows=_rows, every=st.sampled_from(["30m", "1h", "2h", "1h30m"]))
def test_group_by_dynamic_every_on_int_seconds(
    rows: list[tuple[str, int, int | None]], every: str
) -> None:
    frame = Log(
        {
            "g": [r[0] for r in rows],
            "t": [r[1] for r in rows],
            "x": [r[2] for r in rows],
        }
    )
    width = SECONDS[every]
    windows: dict[int, int] = {}
    for _, t, x in sorted(rows, key=lambda r: r[1]):
        start = t // width * width
        windows[start] = windows.get(start, 0) + (x or 0)
    got = frame.group_by_dynamic("t", every=every).agg(total=("sum", "x"))
    assert got.to_dict() == {"t": list(windows), "total": list(windows.values())}


def test_group_by_dynamic_default_every_on_an_int_index_is_an_hour() -> None:
    frame = Log({"g": ["a"] * 3, "t": [0, 3599, 3600], "x": [1, 2, 3]})
    assert frame.group_by_dynamic("t").agg(s=("sum", "x")).to_dict() == {
        "t": [0, 3600],
        "s": [3, 3],
    }


@pytest.mark.parametrize(
    ("build", "error", "match"),
    [
        (lambda f: f.group_by_dynamic("t", every=0), ValueError, r"^group_by_dynamic\(\) requires positive every= and period= durations"),
        (lambda f: f.group_by_dynamic("t", every=-5), ValueError, r"^group_by_dynamic\(\) requires positive every= and period= durations"),
        (lambda f: f.group_by_dynamic("t", every="0h"), ValueError, r"^group_by_dynamic\(\) requires positive every= and period= durations"),
        (lambda f: f.group_by_dynamic("t", every="1h", period="0s"), ValueError, r"^group_by_dynamic\(\) requires positive every= and period= durations"),
        (lambda f: f.group_by_dynamic("t", every="1w"), ValueError, r"^group_by_dynamic\(\) requires positive every= and period= durations"),
        (lambda f: f.rolling_agg(on="gone", column="x", window_size=2, op="sum"), KeyError, r"^rolling_agg\(\) requires existing on/column names\."),
        (lambda f: f.rolling_agg(on="t", column="gone", window_size=2, op="sum"), KeyError, r"^rolling_agg\(\) requires existing on/column names\."),
        (lambda f: f.rolling_agg(on="t", column="x", window_size="0h", op="sum"), ValueError, "window_size must be"),
        (lambda f: f.rolling_agg(on="t", column="x", window_size="2mo", op="sum"), ValueError, "s/m/h/d"),
        (lambda f: f.group_by_dynamic("t", every="1h").agg(s=("sum",)), TypeError, r"^agg\(\) expects specs like"),
        (lambda f: f.group_by_dynamic("t", every="1h").agg(s="sum"), TypeError, r"^agg\(\) expects specs like"),
        (lambda f: f.group_by_dynamic("t", every="1h").agg(s=(1, "x")), TypeError, r"^agg\(\) op and column must be strings\."),
        (lambda f: f.group_by_dynamic("t", every="1h").agg(s=("sum", f.x)), TypeError, r"^agg\(\) op and column must be strings\."),
        (lambda f: f.group_by_dynamic("t", every="1h").agg(), ValueError, r"^agg\(\.\.\.\) requires at least one aggregation\."),
    ],
)  # fmt: skip
def test_timeseries_errors(
    build: Callable[[Log], Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        build(Log({"g": ["a"], "t": [0], "x": [1]}))


def test_int_window_on_datetime_stays_rejected() -> None:
    frame = Stamp({"g": ["a"], "ts": [dt.datetime(2024, 1, 1)], "x": [1]})
    with pytest.raises(ValueError, match="is an int"):
        frame.rolling_agg(on="ts", column="x", window_size=3, op="sum")
