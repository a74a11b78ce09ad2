"""expr.list.*: differential tests against hand-written Polars, typing, build-time errors."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from differential import Wide, assert_matches_polars, example_rows, wide_frames
from pydantable import DataFrameModel
from pydantable import dtypes as d
from pydantable.errors import EngineExecutionError

SETTINGS = settings(max_examples=25, deadline=None)
I64 = pl.Int64
SMALL = st.integers(-50, 50)  # sums of these never overflow


class Lists(DataFrameModel):
    xs: list[int]
    ys: list[int | None] | None
    fs: list[float]
    ss: list[str | None]
    bs: list[bool]


_lists_rows = st.lists(
    st.fixed_dictionaries(
        {
            "xs": st.lists(SMALL, max_size=4),
            "ys": st.one_of(
                st.none(), st.lists(st.one_of(st.none(), SMALL), max_size=4)
            ),
            "fs": st.lists(st.floats(-1e3, 1e3), max_size=4),
            "ss": st.lists(st.one_of(st.none(), st.text(max_size=3)), max_size=4),
            "bs": st.lists(st.booleans(), max_size=3),
        }
    ),
    max_size=10,
)


@SETTINGS
@given(_lists_rows)
def test_list_functions_match_polars(rows: list[dict[str, object]]) -> None:
    t = Lists(rows)
    X, Y, F, S, B = (pl.col(c).list for c in ("xs", "ys", "fs", "ss", "bs"))
    out = t.select(
        a=t.xs.list.len(),
        b=t.ys.list.get(0, null_on_oob=True),
        c=t.xs.list.first(),
        e=t.ys.list.last(),
        f=t.xs.list.contains(3),
        g=t.ys.list.count_matches(1),
        h=t.xs.list.min(),
        i=t.fs.list.max(),
        j=t.ys.list.sum(),
        k=t.fs.list.mean(),
        m=t.xs.list.median(),
        o=t.xs.list.std(),
        p=t.ys.list.n_unique(),
        q=t.xs.list.arg_min(),
        r=t.fs.list.arg_max(),
        s=t.bs.list.any(),
        u=t.bs.list.all(),
        v=t.ss.list.join(","),
        x=t.ys.list.sort(descending=True, nulls_last=True),
        y=t.xs.list.unique(maintain_order=True),
        z=t.ss.list.reverse(),
        aa=t.xs.list.slice(1, 2),
        ab=t.ys.list.head(2),
        ac=t.xs.list.tail(1),
        ad=t.ys.list.drop_nulls(),
        ae=t.xs.list.concat(t.ys),
        af=t.ss.list.contains("a"),
        ag=t.fs.list.var(),
    )
    expected = t.to_polars().select(
        a=X.len().cast(I64),
        b=Y.get(0, null_on_oob=True),
        c=X.first(),
        e=Y.last(),
        f=X.contains(3),
        g=Y.count_matches(1).cast(I64),
        h=X.min(),
        i=F.max(),
        j=Y.sum(),
        k=F.mean(),
        m=X.median(),
        o=X.std(),
        p=Y.n_unique().cast(I64),
        q=X.arg_min().cast(I64),
        r=F.arg_max().cast(I64),
        s=B.any(),
        u=B.all(),
        v=S.join(","),
        x=Y.sort(descending=True, nulls_last=True),
        y=X.unique(maintain_order=True),
        z=S.reverse(),
        aa=X.slice(1, 2),
        ab=Y.head(2),
        ac=X.tail(1),
        ad=Y.drop_nulls(),
        ae=X.concat(pl.col("ys")),
        af=S.contains("a"),
        ag=F.var(),
    )
    assert_matches_polars(out, expected)
    schema = out.schema
    assert schema["a"].dtype == d.Int64()
    assert not schema["a"].nullable
    assert schema["c"].nullable
    assert schema["h"].nullable
    assert not schema["f"].nullable
    assert schema["af"].dtype == d.Boolean()
    assert schema["ad"].dtype == d.List(d.Int64(), inner_nullable=False)
    assert schema["ae"].dtype == d.List(d.Int64(), inner_nullable=True)
    assert schema["x"].dtype == d.List(d.Int64(), inner_nullable=True)


@SETTINGS
@given(wide_frames(max_size=12))
def test_wide_list_column_matches_polars(w: Wide) -> None:
    # Wide.li holds int64 extremes: stick to functions that cannot overflow
    L = pl.col("li").list
    out = w.select(
        n=w.li.list.len(),
        mx=w.li.list.max(),
        srt=w.li.list.sort(),
        has=w.li.list.contains(w.i),
        rev=w.li.list.reverse(),
        g=w.li.list.get(-1, null_on_oob=True),
    )
    expected = w.to_polars().select(
        n=L.len().cast(I64),
        mx=L.max(),
        srt=L.sort(),
        has=L.contains(pl.col("i")),
        rev=L.reverse(),
        g=L.get(-1, null_on_oob=True),
    )
    assert_matches_polars(out, expected)


def test_get_follows_polars_out_of_bounds_rules() -> None:
    t = Lists(
        {
            "xs": [[1], []],
            "ys": [[None], None],
            "fs": [[], []],
            "ss": [[], []],
            "bs": [[], []],
        }
    )
    strict = t.select(t.xs.list.get(0))
    assert not strict.schema["xs"].nullable  # in-bounds gets of non-null elements
    with pytest.raises(EngineExecutionError, match="out of bounds"):
        strict.to_dict()
    lenient = t.select(t.xs.list.get(0, null_on_oob=True))
    assert lenient.schema["xs"].nullable
    assert lenient.to_dict() == {"xs": [1, None]}
    assert t.select(t.ys.list.get(0)).schema["ys"].nullable  # nullable elements


def test_list_typing_errors() -> None:
    w = Wide(example_rows())
    with pytest.raises(
        TypeError, match=r"list\.len\(\) requires a list column; got str in col\('s'\)"
    ):
        w.s.list.len()
    t = Lists({"xs": [[1]], "ys": [None], "fs": [[]], "ss": [[]], "bs": [[]]})
    with pytest.raises(
        TypeError,
        match=r"list\.sum\(\) requires list\[int\] or list\[float\]; got list\[str \| None\] in col\('ss'\)",
    ):
        t.ss.list.sum()
    with pytest.raises(TypeError, match=r"list\.any\(\) requires list\[bool\]"):
        t.xs.list.any()
    with pytest.raises(TypeError, match=r"list\.join\(\) requires list\[str\]"):
        t.xs.list.join(",")
    with pytest.raises(
        TypeError, match=r"list\.contains\(\) cannot look for str in list\[int\]"
    ):
        t.xs.list.contains("a")
    with pytest.raises(
        TypeError, match=r"list\.concat\(\) needs lists of the same element dtype"
    ):
        t.xs.list.concat(t.fs)
    with pytest.raises(TypeError, match=r"list\.get\(\) index"):
        t.xs.list.get("0")  # type: ignore[arg-type]
    with pytest.raises(
        TypeError, match=r"list\.get\(\) index must be an int; got float"
    ):
        t.xs.list.get(w.f)
