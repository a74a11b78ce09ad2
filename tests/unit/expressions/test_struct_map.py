"""expr.struct.*, expr.map.*, expr.bin.*: differential tests, typing, build-time errors."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from differential import assert_matches_polars
from pydantable import ColumnNotFoundError, DataFrameModel
from pydantable import dtypes as d

SETTINGS = settings(max_examples=25, deadline=None)
I64 = pl.Int64


class Point(BaseModel):
    x: int
    label: str | None


class Shapes(DataFrameModel):
    p: Point
    q: Point | None
    n: int


_point = st.fixed_dictionaries(
    {"x": st.integers(-100, 100), "label": st.one_of(st.none(), st.text(max_size=3))}
)
_shape_rows = st.lists(
    st.fixed_dictionaries(
        {"p": _point, "q": st.one_of(st.none(), _point), "n": st.integers(-5, 5)}
    ),
    max_size=10,
)


@SETTINGS
@given(_shape_rows)
def test_struct_functions_match_polars(rows: list[dict[str, object]]) -> None:
    s = Shapes(rows)
    out = s.select(
        s.p.struct.field("x"),
        lab=s.q.struct.field("label"),
        qx=s.q.struct.field("x") * 2,
        ren=s.q.struct.rename_fields(["a", "b"]),
        wf=s.p.struct.with_fields(y=s.n, x=s.p.struct.field("x") + 1),
        wq=s.q.struct.with_fields((s.n * 2).alias("m")),
        js=s.p.struct.json_encode(),
        jq=s.q.struct.json_encode(),
    )
    P, Q = pl.col("p").struct, pl.col("q").struct
    expected = s.to_polars().select(
        P.field("x"),
        lab=Q.field("label"),
        qx=Q.field("x") * 2,
        ren=Q.rename_fields(["a", "b"]),
        wf=P.with_fields(y=pl.col("n"), x=P.field("x") + 1),
        wq=Q.with_fields((pl.col("n") * 2).alias("m")),
        js=P.json_encode(),
        jq=Q.json_encode(),
    )
    assert_matches_polars(out, expected)
    schema = out.schema
    assert schema["x"].dtype == d.Int64()
    assert not schema["x"].nullable
    assert schema["qx"].nullable
    assert schema["lab"].nullable
    wf = schema["wf"].dtype
    assert isinstance(wf, d.Struct)
    assert [(f.name, f.dtype, f.nullable) for f in wf.fields] == [
        ("x", d.Int64(), False),
        ("label", d.String(), True),
        ("y", d.Int64(), False),
    ]
    assert schema["wq"].nullable  # a null struct stays null


def test_struct_errors() -> None:
    s = Shapes([{"p": {"x": 1, "label": None}, "q": None, "n": 1}])
    # an unknown field is a TypeError (the original) and a ColumnNotFoundError
    for error in (ColumnNotFoundError, TypeError):
        with pytest.raises(
            error,
            match=r"Unknown struct field 'z' in struct\.field\(\): col\('p'\) "
            r"\(Point\) has fields \['x', 'label'\]",
        ):
            s.p.struct.field("z")
    with pytest.raises(
        TypeError,
        match=r"struct\.field\(\) requires a struct column; got int in col\('n'\)",
    ):
        s.n.struct.field("x")
    with pytest.raises(ValueError, match=r"expected 2 names"):
        s.p.struct.rename_fields(["a"])
    with pytest.raises(ValueError, match="distinct"):
        s.p.struct.rename_fields(["a", "a"])
    with pytest.raises(TypeError, match="needs a dtype"):
        s.p.struct.with_fields(z=None)


class Bags(DataFrameModel):
    m: dict[str, int]
    o: dict[str, int | None] | None
    b: bytes
    bn: bytes | None


_keys = st.sampled_from(["a", "b", "c", "é", ""])
_bag_rows = st.lists(
    st.fixed_dictionaries(
        {
            "m": st.dictionaries(_keys, st.integers(-9, 9), max_size=3),
            "o": st.one_of(
                st.none(),
                st.dictionaries(
                    _keys, st.one_of(st.none(), st.integers(-9, 9)), max_size=3
                ),
            ),
            "b": st.binary(max_size=4),
            "bn": st.one_of(st.none(), st.binary(max_size=4)),
        }
    ),
    max_size=10,
)


def _key() -> pl.Expr:
    return pl.element().struct.field("key")


@SETTINGS
@given(_bag_rows)
def test_map_and_binary_functions_match_polars(rows: list[dict[str, object]]) -> None:
    t = Bags(rows)
    M, OPT = pl.col("m").list, pl.col("o").list
    out = t.select(
        n=t.m.map.len(),
        e=t.o.map.is_empty(),
        ga=t.m.map.get("a"),
        gb=t.o.map.get("b"),
        ck=t.o.map.contains_key("c"),
        ak=t.m.map.has_any_key("a", "é"),
        ks=t.m.map.keys(),
        vs=t.o.map.values(),
        en=t.o.map.entries(),
        rt=t.m.map.entries().map_from_entries(),
        sz=t.b.bin.size(),
        hx=t.bn.bin.encode("hex"),
        b64=t.b.bin.encode("base64"),
        bc=t.b.bin.contains(b"a"),
        bs=t.bn.bin.starts_with(b"\x00"),
        be=t.b.bin.ends_with(t.b),
    )
    expected = t.to_polars().select(
        n=M.len().cast(I64),
        e=OPT.len() == 0,
        ga=M.filter(_key() == "a").list.first().struct.field("value"),
        gb=OPT.filter(_key() == "b").list.first().struct.field("value"),
        ck=OPT.eval(_key() == "c").list.any(),
        ak=M.eval(_key().is_in(["a", "é"])).list.any(),
        ks=M.eval(_key()),
        vs=OPT.eval(pl.element().struct.field("value")),
        en=pl.col("o"),
        rt=pl.col("m"),
        sz=pl.col("b").bin.size().cast(I64),
        hx=pl.col("bn").bin.encode("hex"),
        b64=pl.col("b").bin.encode("base64"),
        bc=pl.col("b").bin.contains(b"a"),
        bs=pl.col("bn").bin.starts_with(b"\x00"),
        be=pl.col("b").bin.ends_with(pl.col("b")),
    )
    assert_matches_polars(out, expected)
    schema = out.schema
    assert schema["ga"].nullable
    assert not schema["n"].nullable
    assert schema["e"].nullable
    assert schema["vs"].dtype == d.List(d.Int64(), inner_nullable=True)
    assert schema["rt"].dtype == d.Map(d.Int64())
    # round trip to Python: maps come back as dicts
    assert out.to_dict()["rt"] == [r["m"] for r in rows]
    assert out.to_dict()["ga"] == [r["m"].get("a") for r in rows]  # type: ignore[attr-defined]


def test_map_from_entries_keeps_the_last_duplicate() -> None:
    class KV(BaseModel):
        key: str
        value: int

    class Rows(DataFrameModel):
        e: list[KV]

    r = Rows(
        {
            "e": [
                [
                    {"key": "a", "value": 1},
                    {"key": "b", "value": 2},
                    {"key": "a", "value": 3},
                ]
            ]
        }
    )
    out = r.select(m=r.e.map_from_entries())
    assert out.schema["m"].dtype == d.Map(d.Int64())
    assert out.to_dict() == {"m": [{"b": 2, "a": 3}]}
    assert out.select(a=out.m.map.get("a")).to_dict() == {"a": [3]}


def test_map_and_binary_errors() -> None:
    t = Bags([{"m": {}, "o": None, "b": b"", "bn": None}])
    with pytest.raises(
        TypeError, match=r"map\.len\(\) requires a map column; got bytes in col\('b'\)"
    ):
        t.b.map.len()
    with pytest.raises(TypeError, match="str key"):
        t.m.map.get(1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="at least one value"):
        t.m.map.has_any_key([])
    with pytest.raises(
        TypeError, match=r"bin\.size\(\) requires a bytes column; got dict\[str, int\]"
    ):
        t.m.bin.size()
    with pytest.raises(TypeError, match="needs bytes"):
        t.b.bin.contains("a")
    with pytest.raises(ValueError, match="hex"):
        t.b.bin.encode("utf8")
    with pytest.raises(
        TypeError, match=r"map_from_entries\(\) requires a list of entry structs"
    ):
        t.b.map_from_entries()
