"""expr.str.*: differential tests against hand-written Polars, typing, build-time errors."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings

from differential import Wide, assert_matches_polars, example_rows, wide_frames
from pydantable import DataFrameModel, lit
from pydantable import dtypes as d
from pydantable.errors import EngineExecutionError
from pydantable.expressions import col, concat, concat_str

SETTINGS = settings(max_examples=25, deadline=None)
I64 = pl.Int64


@SETTINGS
@given(wide_frames(max_size=12))
def test_string_functions_match_polars(w: Wide) -> None:
    s, sn = w.s.str, w.s_n.str
    out = w.select(
        a=s.len_chars(),
        b=sn.len_bytes(),
        c=s.to_uppercase(),
        e=sn.to_lowercase(),
        f=s.to_titlecase(),
        g=sn.strip_chars(),
        h=s.strip_chars(" a"),
        i=sn.strip_chars_start(),
        j=s.strip_chars_end("z"),
        k=s.strip_prefix("a"),
        m=sn.strip_suffix(w.g),
        o=s.starts_with("a"),
        p=sn.ends_with(w.g),
        q=s.pad_start(6, "*"),
        r=sn.pad_end(4),
        t=s.zfill(5),
        u=s.slice(1, 2),
        v=sn.slice(-2),
        x=s.head(2),
        y=sn.tail(-1),
        z=s.reverse(),
    )
    S, SN = pl.col("s").str, pl.col("s_n").str
    expected = w.to_polars().select(
        a=S.len_chars().cast(I64),
        b=SN.len_bytes().cast(I64),
        c=S.to_uppercase(),
        e=SN.to_lowercase(),
        f=S.to_titlecase(),
        g=SN.strip_chars(),
        h=S.strip_chars(" a"),
        i=SN.strip_chars_start(),
        j=S.strip_chars_end("z"),
        k=S.strip_prefix("a"),
        m=SN.strip_suffix(pl.col("g")),
        o=S.starts_with("a"),
        p=SN.ends_with(pl.col("g")),
        q=S.pad_start(6, "*"),
        r=SN.pad_end(4),
        t=S.zfill(5),
        u=S.slice(1, 2),
        v=SN.slice(-2),
        x=S.head(2),
        y=SN.tail(-1),
        z=S.reverse(),
    )
    result = assert_matches_polars(out, expected)
    assert out.schema["a"].nullable is False
    assert out.schema["b"].nullable is True
    assert result.height == w.height


@SETTINGS
@given(wide_frames(max_size=12))
def test_pattern_functions_match_polars(w: Wide) -> None:
    s, sn = w.s.str, w.s_n.str
    out = w.select(
        a=s.contains("a|é"),
        b=sn.contains(".", literal=True),
        c=s.contains(w.g, literal=True),
        e=s.find("[a-z]"),
        f=sn.count_matches(r"\w"),
        g=s.extract(r"(\w)(\w)", 2),
        h=sn.extract_all(r"\d+"),
        i=s.replace(r"[0-9]", "#"),
        j=sn.replace_all("a", "$0$0"),
        k=s.replace_all(".", "!", literal=True),
        m=sn.split(","),
        o=s.split(""),
        p=s.split(r"\s+", literal=False),
    )
    S, SN = pl.col("s").str, pl.col("s_n").str
    expected = w.to_polars().select(
        a=S.contains("a|é"),
        b=SN.contains(".", literal=True),
        c=S.contains(pl.col("g"), literal=True),
        e=S.find("[a-z]").cast(I64),
        f=SN.count_matches(r"\w").cast(I64),
        g=S.extract(r"(\w)(\w)", 2),
        h=SN.extract_all(r"\d+"),
        i=S.replace(r"[0-9]", "#"),
        j=SN.replace_all("a", "$0$0"),
        k=S.replace_all(".", "!", literal=True),
        m=SN.split(","),
        o=S.split(""),
        p=S.split(r"\s+", literal=False),
    )
    assert_matches_polars(out, expected)
    assert out.schema["a"].nullable is False
    assert out.schema["e"].nullable is True  # no match is null
    assert out.schema["g"].nullable is True


def test_concat_str_and_concat() -> None:
    w = Wide(example_rows())
    out = w.select(
        a=concat_str(w.g, lit("-"), w.s),
        b=concat_str(w.g, w.s_n, separator="/"),
        c=concat_str("g", w.s_n, separator="/", ignore_nulls=True),
        e=concat(w.s, w.g),
    )
    expected = w.to_polars().select(
        a=pl.concat_str(pl.col("g"), pl.lit("-"), pl.col("s")),
        b=pl.concat_str(pl.col("g"), pl.col("s_n"), separator="/"),
        c=pl.concat_str("g", "s_n", separator="/", ignore_nulls=True),
        e=pl.concat_str("s", "g"),
    )
    assert_matches_polars(out, expected)
    assert [out.schema[c].nullable for c in "abce"] == [False, True, False, False]
    assert out.to_dict()["c"] == ["a", "b/y"]


class Texts(DataFrameModel):
    day: str
    stamp: str | None
    num: str
    js: str


TEXTS = {
    "day": ["2024-02-29", "1999-12-31"],
    "stamp": ["2024-02-29 13:05:00", None],
    "num": ["12", "-7"],
    "js": ['{"a": 1, "b": [1, 2]}', '{"b": []}'],
}


def test_parsing_matches_polars() -> None:
    t = Texts(TEXTS)
    struct = d.Struct(
        (d.StructField("a", d.Int64()), d.StructField("b", d.List(d.Int64())))
    )
    out = t.select(
        a=t.day.str.to_date(),
        b=t.stamp.str.to_datetime("%Y-%m-%d %H:%M:%S"),
        c=t.stamp.str.to_datetime(time_zone="UTC"),
        e=t.day.str.strptime(dt.date, "%Y-%m-%d"),
        f=t.num.str.to_integer(),
        g=t.num.str.to_integer(base=16),
        h=t.js.str.json_path_match("$.a"),
        i=t.js.str.json_decode(struct),
        j=t.day.str.to_date("%d/%m/%Y", strict=False),
    )
    polars_struct = pl.Struct({"a": pl.Int64, "b": pl.List(pl.Int64)})
    expected = t.to_polars().select(
        a=pl.col("day").str.to_date(),
        b=pl.col("stamp").str.to_datetime("%Y-%m-%d %H:%M:%S", time_unit="us"),
        c=pl.col("stamp").str.to_datetime(time_unit="us", time_zone="UTC"),
        e=pl.col("day").str.strptime(pl.Date, "%Y-%m-%d"),
        f=pl.col("num").str.to_integer(),
        g=pl.col("num").str.to_integer(base=16),
        h=pl.col("js").str.json_path_match("$.a"),
        i=pl.col("js").str.json_decode(polars_struct),
        j=pl.col("day").str.to_date("%d/%m/%Y", strict=False),
    )
    result = assert_matches_polars(out, expected)
    assert out.schema["a"].dtype == d.Date()
    assert not out.schema["a"].nullable
    assert out.schema["c"].dtype == d.Datetime("UTC")
    assert out.schema["j"].nullable
    assert result["j"].null_count() == 2
    # decoded JSON is untrusted: every nested field becomes nullable
    decoded = out.schema["i"].dtype
    assert isinstance(decoded, d.Struct)
    assert all(f.nullable for f in decoded.fields)
    assert out.to_dict()["i"][1] == {"a": None, "b": []}


def test_strict_parsing_fails_the_query() -> None:
    t = Texts({**TEXTS, "day": ["2024-02-30", "x"]})
    # an engine failure is a ValueError carrying the engine's message
    with pytest.raises(EngineExecutionError, match="conversion from `str` to `date`"):
        t.select(t.day.str.to_date("%Y-%m-%d")).to_dict()
    with pytest.raises(EngineExecutionError, match="strict integer parsing"):
        t.select(t.day.str.to_integer()).to_dict()
    out = t.select(t.day.str.to_integer(strict=False))
    assert out.schema["day"].nullable
    assert out.to_dict() == {"day": [None, None]}


def test_semantic_string_columns_are_strings() -> None:
    import typing

    class Tagged(DataFrameModel):
        kind: typing.Literal["alpha", "beta"]

    t = Tagged({"kind": ["alpha", "beta"]})
    out = t.select(t.kind.str.to_uppercase(), n=t.kind.str.contains("alpha"))
    assert out.schema["kind"].dtype == d.String()
    assert out.to_dict() == {"kind": ["ALPHA", "BETA"], "n": [True, False]}


# -- build-time errors ----------------------------------------------------------------


def test_wrong_dtype_names_function_column_and_dtype() -> None:
    w = Wide(example_rows())
    with pytest.raises(
        TypeError,
        match=r"str\.contains\(\) requires a string column; got int in col\('i'\)",
    ):
        w.i.str.contains("x")
    with pytest.raises(
        TypeError,
        match=r"str\.len_chars\(\) requires a string column; got float \| None in col\('f_n'\)",
    ):
        w.f_n.str.len_chars()
    with pytest.raises(
        TypeError,
        match=r"str\.starts_with\(\) prefix must be a string; got int in col\('i'\)",
    ):
        w.s.str.starts_with(w.i)
    with pytest.raises(TypeError, match=r"str\.slice\(\) offset"):
        w.s.str.slice("1")  # type: ignore[arg-type]
    with pytest.raises(
        TypeError, match=r"concat_str needs String expressions; got Int64 in col\('i'\)"
    ):
        concat_str(w.s, w.i)
    with pytest.raises(TypeError, match="lit"):
        concat_str(w.s, 1)
    with pytest.raises(TypeError, match=r"strings are not joined with \+"):
        w.s + w.s_n


def test_unbound_expressions_are_checked_on_the_frame() -> None:
    w = Wide(example_rows())
    expr = col("i").str.to_uppercase()  # unbound: typed when used
    with pytest.raises(TypeError, match=r"got int in col\('i'\)"):
        w.select(expr)
    out = w.select(col("s").str.to_uppercase())
    assert out.to_dict() == {"s": ["X", "Ÿ"]}


@pytest.mark.parametrize(
    "build",
    [
        lambda s: s.str.contains("("),
        lambda s: s.str.replace_all("[a-", "x"),
        lambda s: s.str.extract("(?<=a)b"),  # look-behind: not in the Rust dialect
        lambda s: s.str.count_matches("*"),
        lambda s: s.str.split("(", literal=False),
    ],
)
def test_invalid_regex_is_a_build_time_value_error(build) -> None:  # type: ignore[no-untyped-def]
    w = Wide(example_rows())
    with pytest.raises(ValueError, match="invalid regex"):
        build(w.s)


def test_empty_and_bad_patterns() -> None:
    w = Wide(example_rows())
    for build in (
        lambda: w.s.str.contains(""),
        lambda: w.s.str.contains("", literal=True),
        lambda: w.s.str.replace("", "x"),
        lambda: w.s.str.find(""),
    ):
        with pytest.raises(ValueError, match="non-empty pattern"):
            build()
    # literal patterns are not regexes
    out = w.select(w.s.str.contains("(", literal=True))
    assert out.to_dict() == {"s": [False, False]}
    with pytest.raises(ValueError, match="fill_char"):
        w.s.str.pad_start(3, "ab")
    with pytest.raises(ValueError, match="base"):
        w.s.str.to_integer(base=1)
    with pytest.raises(ValueError, match="JSONPath"):
        w.s.str.json_path_match("a.b")
    with pytest.raises(TypeError, match="cannot decode"):
        w.s.str.json_decode(d.UUID())
    with pytest.raises(TypeError, match="parses to Date, Datetime or Time"):
        w.s.str.strptime(int)
    with pytest.raises(ValueError, match="unknown time zone"):
        w.s.str.to_datetime(time_zone="Mars/Base")
