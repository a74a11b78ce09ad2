"""Window functions: differential tests against Polars and a SQL-semantics oracle."""

from __future__ import annotations

import math
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from differential import Wide, assert_matches_polars, assert_sound, wide_frames
from pydantable import DataFrameModel
from pydantable.expressions import (
    col,
    cume_dist,
    dense_rank,
    first_value,
    lag,
    last_value,
    lead,
    nth_value,
    ntile,
    percent_rank,
    rank,
    row_number,
    window_max,
    window_mean,
    window_min,
    window_sum,
)
from pydantable.window_spec import Window


class W(DataFrameModel):
    g: str
    k: int | None
    x: int | None
    f: float | None


_rows = st.lists(
    st.fixed_dictionaries(
        {
            "g": st.sampled_from(["a", "b"]),
            "k": st.one_of(st.none(), st.integers(-3, 3)),
            "x": st.one_of(st.none(), st.integers(-5, 5)),
            # integral floats: every summation order gives the same result
            "f": st.one_of(st.none(), st.integers(-9, 9).map(float)),
        }
    ),
    max_size=12,
)

# -- a small SQL (PostgreSQL) semantics oracle -------------------------------------


def _sorted_partition(
    rows: list[dict[str, Any]], desc: bool, nulls_last: bool
) -> dict[str, list[int]]:
    parts: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        parts.setdefault(r["g"], []).append(i)

    def key(i: int) -> tuple[int, int]:
        k = rows[i]["k"]
        if k is None:
            return (1 if nulls_last else -1, 0)
        return (0, -k if desc else k)

    return {g: sorted(ix, key=key) for g, ix in parts.items()}


def _frame(keys: list[Any], pos: int, frame: Any, desc: bool) -> range:
    n = len(keys)
    peers = [j for j in range(n) if keys[j] == keys[pos]]
    if frame is None:
        return range(peers[-1] + 1)
    kind, lo, hi = frame
    if kind == "rows":
        start = 0 if lo is None else max(0, min(n, pos + lo))
        end = n if hi is None else max(0, min(n, pos + hi + 1))
        return range(start, max(start, end))
    k = keys[pos]

    def inside(j: int, bound: Any, is_lo: bool) -> bool:
        if bound is None:
            return True
        if bound == 0 or k is None:
            return (j >= peers[0]) if is_lo else (j <= peers[-1])
        if keys[j] is None:
            return False
        diff = (k - keys[j]) if desc else (keys[j] - k)
        return diff >= bound if is_lo else diff <= bound

    members = [j for j in range(n) if inside(j, lo, True) and inside(j, hi, False)]
    return range(members[0], members[-1] + 1) if members else range(0)


def oracle(rows: list[dict[str, Any]], fn: str, frame: Any = None, *, desc: bool = False,
           nulls_last: bool = False, arg: Any = None) -> list[Any]:  # fmt: skip
    out: list[Any] = [None] * len(rows)
    for ix in _sorted_partition(rows, desc, nulls_last).values():
        keys = [rows[i]["k"] for i in ix]
        n = len(ix)
        for pos, i in enumerate(ix):
            peers = [j for j in range(n) if keys[j] == keys[pos]]
            if fn == "row_number":
                out[i] = pos + 1
            elif fn == "rank":
                out[i] = peers[0] + 1
            elif fn == "dense_rank":
                out[i] = len(dict.fromkeys(keys[: peers[0] + 1]))
            elif fn == "percent_rank":
                out[i] = 0.0 if n == 1 else peers[0] / (n - 1)
            elif fn == "cume_dist":
                out[i] = (peers[-1] + 1) / n
            elif fn == "ntile":
                q, r = divmod(n, arg)
                sizes = [q + 1] * r + [q] * (arg - r)
                bounds = [sum(sizes[: b + 1]) for b in range(arg)]
                out[i] = next(b + 1 for b in range(arg) if pos < bounds[b])
            elif fn in ("lag", "lead"):
                j = pos - arg if fn == "lag" else pos + arg
                out[i] = rows[ix[j]]["f"] if 0 <= j < n else None
            else:
                span = [rows[ix[j]]["f"] for j in _frame(keys, pos, frame, desc)]
                vals = [v for v in span if v is not None]
                if fn == "first_value":
                    out[i] = span[0] if span else None
                elif fn == "last_value":
                    out[i] = span[-1] if span else None
                elif fn == "nth_value":
                    out[i] = span[arg - 1] if len(span) >= arg else None
                elif not vals:
                    out[i] = None
                else:
                    out[i] = {"sum": sum, "min": min, "max": max,
                              "mean": lambda v: sum(v) / len(v)}[fn](vals)  # fmt: skip
    return out


def _check(frame: W, expr: Any, expected: list[Any]) -> None:
    result = frame.with_columns(out=expr)
    got = result.to_polars()
    assert_sound(result, got)
    values = got["out"].to_list()
    for a, b in zip(values, expected, strict=True):
        if isinstance(b, float) and a is not None:
            assert math.isclose(a, b, rel_tol=1e-12), (values, expected)
        else:
            assert a == b, (values, expected)


_FRAMES = [
    None,
    ("rows", -1, 1),
    ("rows", None, 0),
    ("rows", 0, None),
    ("rows", -2, -1),
    ("rows", 1, 2),
    ("rows", None, None),
    ("range", -1, 1),
    ("range", None, 0),
    ("range", 0, None),
    ("range", -2, 0),
    ("range", 1, 3),
]


def _spec(frame: Any, desc: bool, nulls_last: bool) -> Any:
    w = Window.partitionBy("g").orderBy("k", ascending=not desc, nulls_last=nulls_last)
    if frame is None:
        return w
    lo = Window.unboundedPreceding if frame[1] is None else frame[1]
    hi = Window.unboundedFollowing if frame[2] is None else frame[2]
    return w.rowsBetween(lo, hi) if frame[0] == "rows" else w.rangeBetween(lo, hi)


@settings(max_examples=25, deadline=None)
@given(_rows, st.booleans(), st.booleans(), st.integers(1, 4))
def test_ranking_and_offsets_match_sql(
    rows: list[dict[str, Any]], desc: bool, nl: bool, b: int
) -> None:
    w = W(rows)
    spec = _spec(None, desc, nl)
    for fn, expr in [
        ("row_number", row_number()),
        ("rank", rank()),
        ("dense_rank", dense_rank()),
        ("percent_rank", percent_rank()),
        ("cume_dist", cume_dist()),
    ]:
        _check(w, expr.over(spec), oracle(rows, fn, desc=desc, nulls_last=nl))
    _check(
        w, ntile(b).over(spec), oracle(rows, "ntile", desc=desc, nulls_last=nl, arg=b)
    )
    _check(
        w, lag("f", b).over(spec), oracle(rows, "lag", desc=desc, nulls_last=nl, arg=b)
    )
    _check(
        w,
        lead(w.f, b).over(spec),
        oracle(rows, "lead", desc=desc, nulls_last=nl, arg=b),
    )


@settings(max_examples=15, deadline=None)
@given(_rows, st.booleans(), st.booleans())
@pytest.mark.parametrize("frame", _FRAMES)
def test_framed_values_and_aggregates_match_sql(
    frame: Any, rows: list[dict[str, Any]], desc: bool, nl: bool
) -> None:
    w = W(rows)
    spec = _spec(frame, desc, nl)
    for fn, expr in [
        ("first_value", first_value("f")),
        ("last_value", last_value("f")),
        ("sum", window_sum("f")),
        ("mean", window_mean("f")),
        ("min", window_min("f")),
        ("max", window_max("f")),
    ]:
        _check(w, expr.over(spec), oracle(rows, fn, frame, desc=desc, nulls_last=nl))
    _check(
        w,
        nth_value("f", 2).over(spec),
        oracle(rows, "nth_value", frame, desc=desc, nulls_last=nl, arg=2),
    )


@settings(max_examples=20, deadline=None)
@given(wide_frames(max_size=20))
def test_over_matches_polars(w: Wide) -> None:
    df = w.to_polars()
    assert_matches_polars(
        w.with_columns(s=w.i.sum().over("g"), m=w.f_n.max().over("g", "b")),
        df.with_columns(
            s=pl.col("i").sum().over("g"), m=pl.col("f_n").max().over("g", "b")
        ),
    )
    assert_matches_polars(
        w.with_columns(rn=row_number().over("g", order_by="i")),
        df.with_columns(rn=(pl.int_range(pl.len()) + 1).over("g", order_by="i")),
    )
    assert_matches_polars(
        w.with_columns(
            prev=lag("s_n", 1).over("g", order_by=[w.i, w.s], descending=True)
        ),
        df.with_columns(
            prev=pl.col("s_n").shift(1).over("g", order_by=["i", "s"], descending=True)
        ),
    )
    # mixed per-key directions: sort, number, restore the input order
    got = w.with_columns(
        rn=row_number().over(Window.orderBy("i", "s", ascending=[True, False]))
    )
    expected = (
        df.with_row_index("_ix")
        .sort(["i", "s"], descending=[False, True], maintain_order=True)
        .with_columns(rn=pl.int_range(1, pl.len() + 1))
        .sort("_ix")
        .drop("_ix")
    )
    assert_matches_polars(got, expected)


def test_headline_window_example() -> None:
    class Sale(DataFrameModel):
        region: str
        day: int
        amount: float

    s = Sale({"region": ["e", "w", "e"], "day": [1, 1, 2], "amount": [10.0, 4.0, 6.0]})
    ranked = s.with_columns(
        rn=row_number().over(Window.partitionBy("region").orderBy("day"))
    )
    assert ranked.sort("region", "day").to_dict()["rn"] == [1, 2, 1]
    assert ranked.to_dict()["rn"] == [1, 1, 2]  # input row order kept


def test_typing_and_nullability() -> None:
    w = W([{"g": "a", "k": 1, "x": 1, "f": 1.0}])
    spec = Window.partitionBy("g").orderBy("k")
    typed = w.with_columns(
        rn=row_number().over(spec),
        pr=percent_rank().over(spec),
        lg=lag("x").over(spec),
        lg0=lag("g", 0).over(spec),
        lgd=lag("g", 1, "none").over(spec),
        s=window_sum("x").over(spec),
        fv=first_value("g").over(spec),
        fr=first_value("g").over(spec.rowsBetween(1, 2)),
    ).schema
    assert (typed["rn"].dtype.name, typed["rn"].nullable) == ("Int64", False)
    assert (typed["pr"].dtype.name, typed["pr"].nullable) == ("Float64", False)
    assert typed["lg"].nullable
    assert not typed["lg0"].nullable
    assert not typed["lgd"].nullable
    assert typed["s"].nullable  # x is nullable
    assert not typed["fv"].nullable
    assert typed["fr"].nullable  # a 1..2 FOLLOWING frame may be empty


def test_errors() -> None:
    w = W([{"g": "a", "k": 1, "x": 1, "f": 1.0}])
    with pytest.raises(TypeError, match="needs an ordered window"):
        w.with_columns(r=row_number().over(Window.partitionBy("g")))
    with pytest.raises(TypeError, match="window function"):
        w.with_columns(r=row_number())
    with pytest.raises(TypeError, match="numeric or date/datetime first order key"):
        w.with_columns(r=window_sum("x").over(Window.orderBy("g").rangeBetween(-1, 0)))
    with pytest.raises(TypeError, match="window_sum is not defined"):
        w.with_columns(r=window_sum("g").over(Window.orderBy("k")))
    with pytest.raises(TypeError, match="does not take a window frame"):
        w.with_columns(r=rank().over(Window.orderBy("k").rowsBetween(-1, 0)))
    with pytest.raises(ValueError, match="mapping_strategy"):
        w.x.sum().over("g", mapping_strategy="explode")
    with pytest.raises(ValueError, match="ntile"):
        ntile(0)
    with pytest.raises(TypeError, match="running aggregates"):
        w.with_columns(r=(w.x.sum() + 1).over(Window.orderBy("k")))


def test_sql_running_aggregate_from_window_spec() -> None:
    w = W([{"g": "a", "k": k, "x": k, "f": None} for k in (2, 1, 2, 3)])
    out = w.with_columns(
        run=w.x.sum().over(Window.orderBy("k")), tot=w.x.sum().over("g")
    )
    assert out.to_dict()["run"] == [5, 1, 5, 8]  # peers share the running total
    assert out.to_dict()["tot"] == [8, 8, 8, 8]
    assert col("x").over("g").referenced_columns() == {"x", "g"}
