"""Window functions: differential tests against Polars and a SQL-semantics oracle."""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta
from decimal import Decimal
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


def _frame(keys: list[Any], pos: int, frame: Any, desc: bool, *, whole: bool) -> range:
    n = len(keys)
    peers = [j for j in range(n) if keys[j] == keys[pos]]
    if frame is None:  # aggregates: the whole partition; values: up to the last peer
        return range(n) if whole else range(peers[-1] + 1)
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
                whole = fn in ("sum", "mean", "min", "max")
                members = _frame(keys, pos, frame, desc, whole=whole)
                span = [rows[ix[j]]["f"] for j in members]
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
    with pytest.raises(TypeError, match="window_sum is not defined"):
        w.with_columns(r=window_sum("g").over(Window.orderBy("k")))
    with pytest.raises(ValueError, match="mapping_strategy"):
        w.x.sum().over("g", mapping_strategy="explode")
    with pytest.raises(ValueError, match="ntile"):
        ntile(0)
    with pytest.raises(TypeError, match="a window frame applies to window functions"):
        (w.x.sum() + 1).over(Window.orderBy("k").rowsBetween(-1, 0))


def test_unframed_aggregates_cover_the_partition_framed_ones_run() -> None:
    """Section 3: no frame = the whole partition (as Polars), a frame = its value."""
    w = W([{"g": g, "k": k, "x": k, "f": None} for g, k in
           [("a", 2), ("a", 1), ("b", 5), ("a", 2), ("a", 3)]])  # fmt: skip
    ordered = Window.partitionBy("g").orderBy("k")
    running = ordered.rowsBetween(Window.unboundedPreceding, Window.currentRow)
    out = w.with_columns(
        tot=w.x.sum().over(ordered),
        tot_fn=window_sum("x").over(ordered),
        lo=window_min("x").over(ordered),
        hi=w.x.max().over(ordered),
        avg=window_mean("x").over(ordered),
        plus=(w.x.sum() + 1).over(ordered),
        run=w.x.sum().over(running),
        run_fn=window_sum("x").over(running),
        run_max=window_max("x").over(running.orderBy("k", ascending=False)),
        peers=window_sum("x").over(ordered.rangeBetween(Window.unboundedPreceding, 0)),
        polars=w.x.sum().over("g", order_by="k"),
    ).to_dict()
    assert out["tot"] == out["tot_fn"] == out["polars"] == [8, 8, 5, 8, 8]
    assert out["lo"] == [1, 1, 5, 1, 1]
    assert out["hi"] == [3, 3, 5, 3, 3]
    assert out["avg"] == [2.0, 2.0, 5.0, 2.0, 2.0]
    assert out["plus"] == [9, 9, 6, 9, 9]
    # sorted a-partition: 1 (row 1), 2 (row 0), 2 (row 3), 3 (row 4); ties in input order
    assert out["run"] == out["run_fn"] == [3, 1, 5, 5, 8]
    assert out["run_max"] == [3, 3, 5, 3, 3]  # descending: 3, 2, 2, 1
    assert out["peers"] == [5, 1, 5, 5, 8]  # a RANGE frame: peers share the value
    assert col("x").over("g").referenced_columns() == {"x", "g"}


def test_value_functions_keep_the_sql_default_frame() -> None:
    w = W([{"g": "a", "k": k, "x": None, "f": f} for k, f in
           [(2, 1.0), (1, 2.0), (2, 3.0), (3, 4.0)]])  # fmt: skip
    ordered = Window.orderBy("k")
    out = w.with_columns(
        last=last_value("f").over(ordered),
        first=first_value("f").over(ordered),
        second=nth_value("f", 2).over(ordered),
    ).to_dict()
    assert out["last"] == [3.0, 2.0, 3.0, 4.0]  # up to the current row's last peer
    assert out["first"] == [2.0, 2.0, 2.0, 2.0]
    assert out["second"] == [1.0, None, 1.0, 1.0]


_RANKING_AND_OFFSETS = {
    "row_number": row_number,
    "rank": rank,
    "dense_rank": dense_rank,
    "percent_rank": percent_rank,
    "cume_dist": cume_dist,
    "ntile": lambda: ntile(2),
    "lag": lambda: lag("f", 1, 0.0),
    "lead": lambda: lead("f"),
}


@pytest.mark.parametrize("name", sorted(_RANKING_AND_OFFSETS))
def test_ranking_and_offsets_ignore_rows_frames_and_reject_range_frames(
    name: str,
) -> None:
    make = _RANKING_AND_OFFSETS[name]
    rows = [
        ("a", 2, 1.0),
        ("a", 1, None),
        ("b", 1, 3.0),
        ("a", 2, 4.0),
        ("a", None, 5.0),
    ]
    w = W([{"g": g, "k": k, "x": None, "f": f} for g, k, f in rows])
    ordered = Window.partitionBy("g").orderBy("k", nulls_last=True)
    plain = w.with_columns(out=make().over(ordered)).to_dict()["out"]
    for framed in (
        ordered.rowsBetween(-1, 1),
        ordered.rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing),
        ordered.rowsBetween(2, 3),
    ):
        result = w.with_columns(out=make().over(framed))
        assert result.to_dict()["out"] == plain
        assert (
            result.schema["out"]
            == w.with_columns(out=make().over(ordered)).schema["out"]
        )
    for ranged in (ordered.rangeBetween(-1, 0), ordered.rangeBetween(0, 0)):
        with pytest.raises(
            TypeError, match=rf"^{name}\(\) does not support rangeBetween frames\.$"
        ):
            w.with_columns(out=make().over(ranged))
    with pytest.raises(TypeError, match="does not support rangeBetween frames"):
        w.with_columns(out=make().over(Window.partitionBy("g").rangeBetween(-1, 0)))


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("window_sum", lambda: window_sum("x")),
        ("window_mean", lambda: window_mean("x")),
        ("window_min", lambda: window_min("x")),
        ("window_max", lambda: window_max("x")),
        ("window_sum", lambda: col("x").sum()),
        ("window_max", lambda: col("x").max()),
        ("first_value", lambda: first_value("x")),
        ("last_value", lambda: last_value("x")),
        ("nth_value", lambda: nth_value("x", 2)),
    ],
)
def test_range_frames_need_an_order_key(name: str, make: Any) -> None:
    w = W([{"g": "a", "k": 1, "x": 1, "f": 1.0}])
    pattern = rf"^{name}\(\) with rangeBetween requires at least one order_by column"
    for spec in (
        Window.partitionBy("g").rangeBetween(-1, 0),
        Window.partitionBy("g").rangeBetween(
            Window.unboundedPreceding, Window.unboundedFollowing
        ),
        Window.rangeBetween(0, 1),
    ):
        with pytest.raises(ValueError, match=pattern):
            w.with_columns(out=make().over(spec))


# -- RANGE frames: peers on the first key, physical units ---------------------------
#
# The oracle is a Polars self-join on the partition key: row j is in row i's frame
# when its first order key lies within [k_i + start, k_i + end] (mirrored for a
# descending key), offsets added with Polars' own temporal arithmetic; a null key
# sorts before (or after) every value, and a row with a null key has its null peers.


class KInt(DataFrameModel):
    g: str
    k: int | None
    t: int | None
    x: int | None


class KDate(DataFrameModel):
    g: str
    k: date | None
    t: int | None
    x: int | None


class KDatetime(DataFrameModel):
    g: str
    k: datetime | None
    t: int | None
    x: int | None


class KDuration(DataFrameModel):
    g: str
    k: timedelta | None
    t: int | None
    x: int | None


_KEYS: dict[str, tuple[type[DataFrameModel], Any, Any]] = {
    # model, int -> key value, int offset -> the Polars offset it means
    "int": (KInt, lambda v: v, lambda o: pl.lit(o)),
    "date": (
        KDate,
        lambda v: date(2024, 3, 1) + timedelta(days=v),
        lambda o: pl.duration(days=o),
    ),
    "datetime": (
        KDatetime,
        lambda v: datetime(2024, 3, 1, 12) + timedelta(microseconds=v),
        lambda o: pl.duration(microseconds=o),
    ),
    "duration": (
        KDuration,
        lambda v: timedelta(microseconds=v),
        lambda o: pl.duration(microseconds=o),
    ),
}


def range_oracle(
    df: pl.DataFrame,
    lo: int | None,
    hi: int | None,
    *,
    op: str,
    desc: bool,
    nulls_last: bool,
    offset: Any,
) -> list[Any]:
    """``op`` of ``x`` over each row's RANGE frame on ``k`` within partition ``g``."""
    rows = df.with_row_index("i")
    pairs = rows.select("i", "g", ki=pl.col("k")).join(
        rows.select("g", kj=pl.col("k"), v=pl.col("x")), on="g"
    )
    ki, kj = pl.col("ki"), pl.col("kj")

    def side(bound: int | None, *, start: bool) -> pl.Expr:
        if bound is None:
            return pl.lit(True)
        edge = ki - offset(bound) if desc else ki + offset(bound)
        inside = (kj <= edge) if desc == start else (kj >= edge)
        # a null key is past the last value (nulls last) or before the first
        null_row_ok = pl.lit(not nulls_last if start else nulls_last) | kj.is_null()
        null_peer_ok = pl.lit(nulls_last if start else not nulls_last)
        return (
            pl.when(ki.is_null())
            .then(null_row_ok)
            .when(kj.is_null())
            .then(null_peer_ok)
            .otherwise(inside)
        )

    v = pl.col("v")
    agg = {"sum": v.sum(), "min": v.min(), "max": v.max(), "mean": v.mean()}[op]
    framed = (
        pairs.filter(side(lo, start=True) & side(hi, start=False))
        .group_by("i")
        .agg(out=pl.when(v.count() > 0).then(agg))
    )
    joined = rows.select("i").join(framed, on="i", how="left").sort("i")
    return joined["out"].to_list()


def _close(got: list[Any], expected: list[Any]) -> None:
    assert len(got) == len(expected)
    for a, b in zip(got, expected, strict=True):
        if a is None or b is None:
            assert a is b, (got, expected)
        else:
            assert math.isclose(a, b, rel_tol=1e-12), (got, expected)


_bound = st.one_of(st.none(), st.just(0), st.integers(-3, 3))  # 0: the current peers
_key_rows = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c"]),
        st.one_of(st.none(), st.integers(-4, 4)),
        st.one_of(st.none(), st.integers(0, 2)),
        st.one_of(st.none(), st.integers(-5, 5)),
    ),
    max_size=14,
)


@settings(max_examples=20, deadline=None)
@given(
    rows=_key_rows,
    bounds=st.tuples(_bound, _bound).filter(
        lambda b: b[0] is None or b[1] is None or b[0] <= b[1]
    ),
    desc=st.booleans(),
    nulls_last=st.booleans(),
    second=st.tuples(st.booleans(), st.booleans()),
    op=st.sampled_from(["sum", "min", "max", "mean"]),
)
@pytest.mark.parametrize("kind", sorted(_KEYS))
def test_range_frames_match_a_join_oracle(
    kind: str,
    rows: list[tuple[str, int | None, int | None, int | None]],
    bounds: tuple[int | None, int | None],
    desc: bool,
    nulls_last: bool,
    second: tuple[bool, bool],
    op: str,
) -> None:
    """Int offsets in the key's unit; the second key only sorts (mixed flags too)."""
    model, value, offset = _KEYS[kind]
    frame = model(
        {
            "g": [r[0] for r in rows],
            "k": [None if r[1] is None else value(r[1]) for r in rows],
            "t": [r[2] for r in rows],
            "x": [r[3] for r in rows],
        }
    )
    lo, hi = bounds
    spec = (
        Window.partitionBy("g")
        .orderBy(
            "k",
            "t",
            ascending=[not desc, second[0]],
            nulls_last=[nulls_last, second[1]],
        )
        .rangeBetween(
            Window.unboundedPreceding if lo is None else lo,
            Window.unboundedFollowing if hi is None else hi,
        )
    )
    fn = {"sum": window_sum, "min": window_min, "max": window_max, "mean": window_mean}
    result = frame.with_columns(out=fn[op]("x").over(spec))
    got = result.to_polars()
    assert_sound(result, got)
    expected = range_oracle(
        frame.to_polars(),
        lo,
        hi,
        op=op,
        desc=desc,
        nulls_last=nulls_last,
        offset=offset,
    )
    _close(got["out"].to_list(), expected)


def test_range_peers_are_rows_equal_on_the_first_key() -> None:
    f = KInt({"g": ["a"] * 5 + ["b"], "k": [1, 1, 2, None, 2, 1],
              "t": [3, 1, 2, 0, 1, 0], "x": [1, 2, 4, 8, 16, 32]})  # fmt: skip
    w = Window.partitionBy("g").orderBy("k", "t")
    out = f.with_columns(
        upto=window_sum("x").over(w.rangeBetween(Window.unboundedPreceding, 0)),
        peers=window_sum("x").over(w.rangeBetween(0, 0)),
        near=window_sum("x").over(w.rangeBetween(-1, 0)),
        rows=window_sum("x").over(w.rowsBetween(Window.unboundedPreceding, 0)),
        first=first_value("x").over(w.rangeBetween(0, Window.unboundedFollowing)),
        last=last_value("x").over(w.rangeBetween(Window.unboundedPreceding, 0)),
    ).to_dict()
    # partition a sorted by (k, t), nulls first: null(8), 1/t1 (2), 1/t3 (1), 2/t1 (16), 2/t2 (4)
    assert out["upto"] == [11, 11, 31, 8, 31, 32]
    assert out["peers"] == [3, 3, 20, 8, 20, 32]
    assert out["near"] == [3, 3, 23, 8, 23, 32]
    assert out["rows"] == [11, 10, 31, 8, 27, 32]  # ROWS frames see every key
    assert out["first"] == [2, 2, 16, 8, 16, 32]  # the first row of the peer group
    assert out["last"] == [1, 1, 4, 8, 4, 32]  # the last row of the peer group


def test_range_offsets_descending_with_nulls_last() -> None:
    f = KInt({"g": ["a", "a", "a", "a", "b", "b"], "k": [5, 3, None, 4, 1, None],
              "t": [0] * 6, "x": [1, 2, 4, 8, 16, 32]})  # fmt: skip
    w = Window.partitionBy("g").orderBy("k", ascending=False, nulls_last=True)
    out = f.with_columns(
        back=window_sum("x").over(w.rangeBetween(-1, 0)),  # keys in [k, k + 1]
        ahead=window_sum("x").over(w.rangeBetween(1, Window.unboundedFollowing)),
    ).to_dict()
    # a sorted: 5 (1), 4 (8), 3 (2), null (4)
    assert out["back"] == [1, 10, 4, 9, 16, 32]
    # keys <= k - 1, then the trailing nulls; a null row: from its null peers on
    assert out["ahead"] == [14, 4, 4, 6, 32, 32]


def test_int_offsets_are_days_for_dates_and_microseconds_otherwise() -> None:
    days = [date(2024, 1, 1), date(2024, 1, 2), date(2024, 1, 4), None]
    instants = [datetime(2024, 1, 1), datetime(2024, 1, 1, 0, 0, 0, 1),
                datetime(2024, 1, 1, 0, 0, 1), None]  # fmt: skip
    spans = [timedelta(0), timedelta(microseconds=1), timedelta(seconds=1), None]
    x = [1, 2, 4, 8]
    g = ["a"] * 4
    for model, keys, ints, td in [
        (KDate, days, [1, 3, 4, 8], timedelta(days=1)),
        (KDatetime, instants, [1, 3, 4, 8], timedelta(microseconds=1)),
        (KDuration, spans, [1, 3, 4, 8], timedelta(microseconds=1)),
    ]:
        f = model({"g": g, "k": keys, "t": [0] * 4, "x": x})
        w = Window.partitionBy("g").orderBy("k")
        out = f.with_columns(
            by_int=window_sum("x").over(w.rangeBetween(-1, 0)),
            by_td=window_sum("x").over(w.rangeBetween(-td, Window.currentRow)),
        ).to_dict()
        assert out["by_int"] == out["by_td"] == ints, model


def test_date_range_frames_match_polars_rolling() -> None:
    base = date(2024, 1, 1)
    offsets = [0, 1, 1, 3, 7, 0, 2, 2, 5]
    f = KDate({
        "g": ["a", "a", "a", "a", "a", "b", "b", "b", "b"],
        "k": [base + timedelta(days=d) for d in offsets],
        "t": [1, 0, 2, 0, 0, 0, 0, 1, 0],
        "x": [1, 2, 4, 8, 16, 32, 64, 128, 256],
    })  # fmt: skip
    w = Window.partitionBy("g").orderBy("k", "t")
    got = f.with_columns(
        past=window_sum("x").over(w.rangeBetween(-2, 0)),
        around=window_max("x").over(w.rangeBetween(-1, 3)),
    ).to_polars()
    x = pl.col("x")
    expected = (
        f.to_polars()
        .with_row_index("i")
        .sort("g", "k")
        .with_columns(
            past=x.sum()
            .rolling(index_column="k", period="2d", offset="-2d", closed="both")
            .over("g"),
            around=x.max()
            .rolling(index_column="k", period="4d", offset="-1d", closed="both")
            .over("g"),
        )
        .sort("i")
    )
    assert got["past"].to_list() == expected["past"].to_list()
    assert got["around"].to_list() == expected["around"].to_list()


def test_decimal_and_float_keys_take_numeric_offsets() -> None:
    class D(DataFrameModel):
        k: Decimal | None
        f: float | None
        x: int

    frame = D({"k": [Decimal("1.5"), Decimal("2.5"), None, Decimal("3.6")],
               "f": [1.5, 2.5, None, 3.5], "x": [1, 2, 4, 8]})  # fmt: skip
    out = frame.with_columns(
        dk=window_sum("x").over(Window.orderBy("k").rangeBetween(-1, 0)),
        fk=window_sum("x").over(Window.orderBy("f").rangeBetween(-1.05, 0)),
    ).to_dict()
    assert out["dk"] == [1, 3, 4, 8]
    assert out["fk"] == [1, 3, 4, 10]


@pytest.mark.parametrize(
    ("annotation", "value"),
    [(str, "a"), (bool, True), (time, time(1, 2))],
)
def test_range_offsets_need_a_numeric_or_temporal_first_key(
    annotation: Any, value: Any
) -> None:
    class Keyed(DataFrameModel):
        k: annotation  # type: ignore[valid-type]
        x: int

    frame = Keyed({"k": [value], "x": [1]})
    pattern = r"^rangeBetween supports numeric/date/datetime/duration order columns\."
    with pytest.raises(TypeError, match=pattern):
        frame.with_columns(
            out=window_sum("x").over(Window.orderBy("k").rangeBetween(-1, 0))
        )
    with pytest.raises(TypeError, match=pattern):
        frame.with_columns(
            out=first_value("x").over(Window.orderBy("k").rangeBetween(0, 2))
        )
    # current-row / unbounded bounds only need peers: any orderable key works
    peers = Window.orderBy("k").rangeBetween(
        Window.unboundedPreceding, Window.currentRow
    )
    assert frame.with_columns(out=window_sum("x").over(peers)).to_dict()["out"] == [1]


def test_range_offset_types() -> None:
    f = KDate({"g": ["a"], "k": [date(2024, 1, 1)], "t": [0], "x": [1]})
    w = Window.orderBy("k")
    with pytest.raises(
        TypeError, match=r"must be an int \(days\) for order key dtype Date"
    ):
        f.with_columns(out=window_sum("x").over(w.rangeBetween(-1.5, 0)))
    with pytest.raises(TypeError, match="whole days"):
        f.with_columns(out=window_sum("x").over(w.rangeBetween(-timedelta(hours=1), 0)))
    i = KInt({"g": ["a"], "k": [1], "t": [0], "x": [1]})
    with pytest.raises(
        TypeError, match="is a timedelta but the first order key is Int64"
    ):
        i.with_columns(out=window_sum("x").over(w.rangeBetween(-timedelta(days=1), 0)))
    with pytest.raises(TypeError, match="must be an int for order key dtype Int64"):
        i.with_columns(out=window_sum("x").over(w.rangeBetween(-0.5, 0)))


def test_frame_errors_are_raised_when_over_is_built() -> None:
    """They need no schema: ``.over(spec)`` raises, not the later ``with_columns``."""
    with pytest.raises(TypeError, match=r"^lag\(\) does not support rangeBetween"):
        lag("x").over(Window.orderBy("k").rangeBetween(-1, 0))
    with pytest.raises(ValueError, match=r"^window_min\(\) with rangeBetween requires"):
        window_min("x").over(Window.partitionBy("g").rangeBetween(-1, 0))
    with pytest.raises(ValueError, match=r"^window_sum\(\) with rangeBetween requires"):
        col("x").sum().over(Window.partitionBy("g").rangeBetween(-1, 0))
    assert rank().over(Window.orderBy("k").rowsBetween(-1, 0)) is not None
