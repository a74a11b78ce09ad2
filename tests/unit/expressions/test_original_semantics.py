"""The original pydantable's semantics of its flat names, beside Polars' namespaces.

``len()`` is the string length, ``substr`` is 1-based, ``str_contains("")`` holds
for every non-null string and a cast from text is lenient unless ``strict=True``;
the namespaces (``.str.len_chars``, ``.str.slice``, ``.str.contains``) keep
Polars' semantics.
"""

from __future__ import annotations

import datetime as dt
import decimal

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pydantable import DataFrameModel
from pydantable import dtypes as d
from pydantable.expressions import col, global_row_count


class Text(DataFrameModel):
    s: str | None
    n: int
    ints: list[int]


TEXT = {
    "s": ["abcdef", None, "", "é√z"],
    "n": [1, 2, 3, -1],
    "ints": [[1], [], [2, 3], []],
}


# -- Expr.len() ------------------------------------------------------------------------


def test_len_is_the_string_length() -> None:
    t = Text(TEXT)
    out = t.select(a=t.s.len(), b=t.s.str.len_chars(), c=col("s").len())
    assert out.to_dict() == {
        "a": [6, None, 0, 3],
        "b": [6, None, 0, 3],
        "c": [6, None, 0, 3],
    }
    assert out.schema["a"].dtype == d.Int64()
    assert out.schema["a"].nullable
    assert t.s.len().node == t.s.str.len_chars().node


@pytest.mark.parametrize("column", ["n", "ints"])
def test_len_of_anything_else_is_a_type_error(column: str) -> None:
    t = Text(TEXT)
    with pytest.raises(
        TypeError, match=r"^len\(\) is only supported for string columns\. Got "
    ):
        t.col(column).len()
    with pytest.raises(TypeError, match=r"^len\(\) is only supported for string"):
        t.select(col(column).len())  # unbound: checked on the frame


def test_rows_are_counted_otherwise() -> None:
    t = Text(TEXT)
    assert t.select(global_row_count()).to_dict() == {"row_count": [4]}
    assert t.height == 4
    by = t.group_by("n").agg(rows=global_row_count(), same=("len", "s"))
    assert by.sort("n").to_dict() == {
        "n": [-1, 1, 2, 3],
        "rows": [1, 1, 1, 1],
        "same": [1, 1, 1, 1],
    }
    assert t.select(t.ints.list_len()).to_dict() == {"ints": [1, 0, 2, 0]}


# -- substr ----------------------------------------------------------------------------


def test_substr_is_one_based() -> None:
    t = Text(TEXT)
    out = t.select(
        a=t.s.substr(2, 3),
        b=t.s.substr(1),
        c=t.s.substr(-2),
        d=t.s.substr(-3, 1),
        e=t.s.substr(9, 2),
        f=t.s.substr(2, 0),
    )
    assert out.to_dict() == {
        "a": ["bcd", None, "", "√z"],
        "b": ["abcdef", None, "", "é√z"],
        "c": ["ef", None, "", "√z"],
        "d": ["d", None, "", "é"],
        "e": ["", None, "", ""],
        "f": ["", None, "", ""],
    }
    # the namespace stays 0-based (Polars)
    assert t.select(t.s.str.slice(2, 3)).to_dict()["s"][0] == "cde"


def test_substr_with_an_expression_start() -> None:
    t = Text(TEXT)
    out = t.select(a=t.s.substr(t.n, 2), b=t.s.substr(t.n))
    # n = 1, 2, 3, -1: the last row counts from the end
    assert out.to_dict() == {"a": ["ab", None, "", "z"], "b": ["abcdef", None, "", "z"]}


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(max_size=12),
    start=st.integers(1, 15),
    length=st.none() | st.integers(0, 15),
)
def test_substr_matches_python_slicing(
    text: str, start: int, length: int | None
) -> None:
    class One(DataFrameModel):
        s: str

    one = One({"s": [text]})
    got = one.select(one.s.substr(start, length)).to_dict()["s"][0]
    stop = None if length is None else start - 1 + length
    assert got == text[start - 1 : stop]


def test_substr_arguments() -> None:
    t = Text(TEXT)
    with pytest.raises(ValueError, match=r"^substr\(\) start is 1-based"):
        t.s.substr(0, 2)
    with pytest.raises(ValueError, match=r"^substr\(\) length must be >= 0"):
        t.s.substr(1, -1)
    with pytest.raises(TypeError, match=r"^substr\(\) start must be an int"):
        t.s.substr("1")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^substr\(\) length must be an int"):
        t.s.substr(1, 2.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^substr\(\) start must be an int"):
        t.s.substr(True)


# -- str_contains -----------------------------------------------------------------------


def test_str_contains_empty_substring_is_true_for_every_non_null_row() -> None:
    t = Text(TEXT)
    out = t.select(
        e=t.s.str_contains(""), b=t.s.str_contains("b"), dot=t.s.str_contains(".")
    )
    assert out.to_dict() == {
        "e": [True, None, True, True],
        "b": [True, None, False, False],
        "dot": [False, None, False, False],  # a plain substring, not a regex
    }
    # the namespace keeps rejecting an empty pattern (build-time ValueError)
    with pytest.raises(ValueError, match="non-empty pattern"):
        t.s.str.contains("")
    with pytest.raises(TypeError, match=r"^str_contains\(\) pattern must be a str"):
        t.s.str_contains(1)


# -- casts from text ---------------------------------------------------------------------


class Raw(DataFrameModel):
    v: str


RAW = {"v": ["12", "x", "2024-02-29", "1.5", " 7"]}


def test_cast_from_text_is_lenient_by_default() -> None:
    r = Raw(RAW)
    out = r.select(
        i=r.v.cast(int),
        f=r.v.cast(float),
        day=r.v.cast(dt.date),
        dec=r.v.cast(decimal.Decimal),
    )
    expected = (
        r.to_polars()
        .select(
            i=pl.col("v").cast(pl.Int64, strict=False),
            f=pl.col("v").cast(pl.Float64, strict=False),
            day=pl.col("v").str.to_date(strict=False),
        )
        .to_dict(as_series=False)
    )
    got = out.to_dict()
    assert {k: got[k] for k in expected} == expected
    assert got["i"][:2] == [12, None]
    assert got["day"][2] == dt.date(2024, 2, 29)
    assert all(out.schema[c].nullable for c in out.columns)


def test_strict_cast_fails_the_query_with_a_value_error() -> None:
    r = Raw(RAW)
    out = r.select(i=r.v.cast(int, strict=True), day=r.v.cast(dt.date, strict=True))
    assert not out.schema["i"].nullable  # strict: a non-null input stays non-null
    with pytest.raises(ValueError, match="conversion from `str` to `i64` failed"):
        out.to_dict()
    ok = Raw({"v": ["1", "22"]})
    assert ok.select(ok.v.cast(int, strict=True)).to_dict() == {"v": [1, 22]}


def test_other_casts_stay_strict_unless_asked() -> None:
    class F(DataFrameModel):
        x: float

    f = F({"x": [1.0, float("nan")]})
    assert not f.select(f.x.cast(int)).schema["x"].nullable
    with pytest.raises(ValueError, match="conversion"):
        f.select(f.x.cast(int)).to_dict()
    lenient = f.select(f.x.cast(int, strict=False))
    assert lenient.schema["x"].nullable
    assert lenient.to_dict() == {"x": [1, None]}
    # lossless casts are never nullable
    assert not f.select(f.x.cast(str, strict=False)).schema["x"].nullable
    with pytest.raises(TypeError, match="strict"):
        f.x.cast(int, strict="yes")  # type: ignore[arg-type]


# -- kept from ours (docs/differences.md) -----------------------------------------------------


def test_list_equality_json_targets_and_replace_are_kept() -> None:
    class K(DataFrameModel):
        a: list[int]
        b: list[int]
        js: str
        n: int

    k = K({"a": [[1, 2], [3]], "b": [[1, 2], [4]], "js": ["1", "[2]"], "n": [1, 70]})
    assert k.select(k.a == k.b).to_dict() == {"a": [True, False]}
    assert k.select(k.js.str_json_decode(int)).head(1).to_dict() == {"js": [1]}
    many = {i: i + 1 for i in range(100)}  # more than the original's 64
    assert k.select(k.n.replace(many)).to_dict() == {"n": [2, 71]}
