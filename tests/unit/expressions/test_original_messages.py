"""Build-time errors of the original pydantable's API: exception types and wording.

The messages name the function the user called (the flat name for the original's
methods) and describe dtypes in lowercase Python words; users match them with
``pytest.raises(match=...)``, so the patterns here are the contract.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import BaseModel

from pydantable import ColumnNotFoundError, DataFrameModel
from pydantable.errors import StructFieldNotFoundError
from pydantable.expressions import (
    col,
    concat,
    global_count,
    global_max,
    global_mean,
    global_min,
    global_sum,
    lag,
    lead,
    lit,
    window_max,
    window_mean,
    window_min,
    window_sum,
)


class Point(BaseModel):
    x: int
    y: int


class All(DataFrameModel):
    i: int
    f: float
    s: str
    s_n: str | None
    raw: bytes
    day: dt.date
    ts: dt.datetime
    at: dt.time
    ints: list[int]
    words: list[str]
    p: Point
    m: dict[str, int]


ROW = {
    "i": 1,
    "f": 1.5,
    "s": "a",
    "s_n": None,
    "raw": b"x",
    "day": dt.date(2024, 1, 2),
    "ts": dt.datetime(2024, 1, 2, 3, 4),
    "at": dt.time(5, 6),
    "ints": [1, 2],
    "words": ["a"],
    "p": {"x": 1, "y": 2},
    "m": {"k": 1},
}


@pytest.fixture
def df() -> All:
    return All([ROW])


Build = Callable[[All], Any]

# (build, exception type, the original's pattern, then what our message adds)
WRONG_DTYPE: list[tuple[str, Build, str]] = [
    ("map_get", lambda d: d.i.map_get("k"), r"map_get\(\) requires a map column"),
    ("element_at", lambda d: d.s.element_at("k"), r"element_at\(\) requires a map"),
    (
        "map_contains_key",
        lambda d: d.i.map_contains_key("k"),
        r"map_contains_key\(\) requires a map column",
    ),
    ("map_keys", lambda d: d.ints.map_keys(), r"map_keys\(\) requires a map column"),
    ("map_len", lambda d: d.p.map_len(), r"map_len\(\) requires a map column"),
    (
        "binary_len",
        lambda d: d.s.binary_len(),
        r"binary_len\(\) requires a bytes column",
    ),
    (
        "map_from_entries",
        lambda d: d.ints.map_from_entries(),
        r"map_from_entries\(\) requires a list of entry structs",
    ),
    (
        "map_from_entries_not_a_list",
        lambda d: d.i.map_from_entries(),
        r"map_from_entries\(\) requires a list of entry structs",
    ),
    (
        "list_mean_of_strings",
        lambda d: d.words.list_mean(),
        r"list_mean\(\) requires list\[int\] or list\[float\]",
    ),
    (
        "list_mean_not_a_list",
        lambda d: d.i.list_mean(),
        r"list_mean\(\) requires list\[int\] or list\[float\]",
    ),
    (
        "list_join",
        lambda d: d.ints.list_join(","),
        r"list_join\(\) requires list\[str\]",
    ),
    (
        "str_json_decode",
        lambda d: d.i.str_json_decode(Point),
        r"str_json_decode\(\) requires a string-like column",
    ),
    (
        "struct_json_encode",
        lambda d: d.i.struct_json_encode(),
        r"struct_json_encode\(\) requires a struct-typed expression",
    ),
    (
        "unix_timestamp",
        lambda d: d.s.unix_timestamp(),
        r"unix_timestamp\(\) requires a date or datetime column",
    ),
    (
        "upper",
        lambda d: d.i.upper(),
        r"upper\(\) requires a string column",
    ),
    (
        "str_pad_start",
        lambda d: d.f.str_pad_start(3, "0"),
        r"str_pad_start\(\) requires a string column",
    ),
    (
        "str_contains",
        lambda d: d.i.str_contains("x"),
        r"str_contains\(\) requires a string column",
    ),
    ("substr", lambda d: d.day.substr(1, 2), r"substr\(\) requires a string column"),
    (
        "dt_weekday",
        lambda d: d.s.dt_weekday(),
        r"dt_weekday\(\) requires a date or datetime column",
    ),
    (
        "dt_quarter",
        lambda d: d.at.dt_quarter(),
        r"dt_quarter\(\) requires a date or datetime column",
    ),
]


@pytest.mark.parametrize(
    ("build", "pattern"),
    [pytest.param(b, p, id=name) for name, b, p in WRONG_DTYPE],
)
def test_wrong_dtype_names_the_flat_function(
    df: All, build: Build, pattern: str
) -> None:
    with pytest.raises(TypeError, match=pattern) as info:
        build(df)
    # then the dtype found, in Python's words, and the expression
    assert "; got " in str(info.value)
    assert "in col(" in str(info.value)


@pytest.mark.parametrize("part", ["hour", "minute", "second", "nanosecond"])
def test_clock_parts_of_a_date(df: All, part: str) -> None:
    with pytest.raises(
        TypeError,
        match=r"hour\(\), minute\(\), second\(\), nanosecond\(\) require a datetime "
        rf"or time column; dt_{part}\(\) got date in col\('day'\)",
    ):
        getattr(df.day, f"dt_{part}")()
    assert getattr(df.at, f"dt_{part}")().dtype.name == "Int64"  # time has them


def test_dtypes_are_python_words(df: All) -> None:
    with pytest.raises(TypeError, match=r"got int in col\('i'\)$"):
        df.i.map_get("k")
    with pytest.raises(TypeError, match=r"got str \| None in col\('s_n'\)$"):
        df.s_n.map_len()
    with pytest.raises(TypeError, match=r"got list\[str\] in col\('words'\)$"):
        df.words.list_mean()
    with pytest.raises(TypeError, match=r"got Point in col\('p'\)$"):
        df.p.upper()
    with pytest.raises(TypeError, match=r"got dict\[str, int\] in col\('m'\)$"):
        df.m.binary_len()


def test_unbound_flat_calls_keep_their_name_until_typed(df: All) -> None:
    pending = col("i").map_get("k")  # typed when used on a frame
    with pytest.raises(TypeError, match=r"^map_get\(\) requires a map column"):
        df.select(pending)
    with pytest.raises(TypeError, match=r"^element_at\(\) requires a map column"):
        df.select(col("i").element_at("k"))


def test_namespace_calls_name_the_namespace_function(df: All) -> None:
    with pytest.raises(
        TypeError, match=r"^map\.get\(\) requires a map column; got int in col\('i'\)$"
    ):
        df.i.map.get("k")
    with pytest.raises(TypeError, match=r"^str\.to_uppercase\(\) requires a string"):
        df.i.str.to_uppercase()
    # one expression, two spellings: the nodes are equal, only the names differ
    assert df.m.map_get("k").node == df.m.map.get("k").node


def test_operators(df: All) -> None:
    for build in (lambda: df.p + 1, lambda: df.ints * df.ints, lambda: df.m - df.m):
        with pytest.raises(
            TypeError,
            match=r"^Arithmetic operators do not support struct-, list-, or map-typed "
            r"columns; got ",
        ):
            build()
    with pytest.raises(
        TypeError,
        match=r"^Arithmetic operator requires numeric operands; got str and int in "
        r"\(col\('s'\) \+ 1\)",
    ):
        df.s + 1
    with pytest.raises(
        TypeError, match=r"Arithmetic operator requires numeric operands; got date"
    ):
        df.day * 2
    for build in (lambda: df.p < df.p, lambda: df.ints >= df.ints, lambda: df.m > 1):
        with pytest.raises(
            TypeError,
            match=r"^Ordering comparisons do not support struct-, list-, or map-typed "
            r"columns; got ",
        ):
            build()


def test_filter_and_with_columns(df: All) -> None:
    for predicate in (df.i, df.s_n, df.f * 2):
        with pytest.raises(
            TypeError, match=r"^filter\(condition\) expects condition typed as bool"
        ):
            df.filter(predicate)
    assert df.filter(df.s_n == "a").height == 0  # bool | None is a condition
    for value in (None, lit(None)):
        with pytest.raises(
            TypeError,
            match=r"^with_columns\(z=None\) cannot infer destination type",
        ):
            df.with_columns(z=value)
    assert df.with_columns(z=lit(None, int)).schema["z"].nullable


def test_empty_fill_char_and_json_path(df: All) -> None:
    with pytest.raises(ValueError, match=r"str_pad_start\(\) fill_char .*empty"):
        df.s.str_pad_start(3, "")
    with pytest.raises(ValueError, match=r"str_pad_end\(\) fill_char .*empty"):
        df.s.str_pad_end(3, "")
    with pytest.raises(ValueError, match=r"fill_char must be a single character"):
        df.s.str_pad_end(3, "ab")
    with pytest.raises(
        ValueError, match=r"str_json_path_match\(\) .*non-empty JSONPath"
    ):
        df.s.str_json_path_match("")
    with pytest.raises(
        ValueError, match=r"struct_json_path_match\(\) .*non-empty JSONPath"
    ):
        df.p.struct_json_path_match("")


@pytest.mark.parametrize("name", ["contains_any", "contains_all"])
def test_list_membership_takes_literal_values(df: All, name: str) -> None:
    method = getattr(df.ints, name)
    with pytest.raises(
        TypeError, match=rf"^{name}\(\) expects literal values, not Expr"
    ):
        method(df.i)
    with pytest.raises(
        TypeError, match=rf"^{name}\(\) expects literal values, not Expr"
    ):
        method([1, df.i])
    with pytest.raises(TypeError, match=rf"^{name}\(\) expects at least one value"):
        method()
    with pytest.raises(TypeError, match=rf"^{name}\(\) expects at least one value"):
        method([])
    assert method(1, 2).dtype.name == "Boolean"


def test_has_any_key_takes_literal_keys(df: All) -> None:
    with pytest.raises(
        TypeError, match=r"^map_has_any_key\(\) expects literal values, not Expr"
    ):
        df.m.map_has_any_key(df.s)
    with pytest.raises(
        TypeError, match=r"^map_has_any_key\(\) expects at least one value"
    ):
        df.m.map_has_any_key()
    with pytest.raises(TypeError, match=r"^map_has_any_key\(\) needs a str key"):
        df.m.map_has_any_key(1)
    # the namespace has the same contract
    with pytest.raises(TypeError, match=r"^map\.has_any_key\(\) expects at least one"):
        df.m.map.has_any_key([])
    assert df.select(df.m.map_has_any_key("k", "z")).to_dict() == {"m": [True]}


def test_matches_needs_a_non_empty_string(df: All) -> None:
    for pattern in ("", None, 1):
        with pytest.raises(TypeError, match=r"^matches\(\) expects a non-empty string"):
            df.s.matches(pattern)
    with pytest.raises(ValueError, match="invalid regex"):
        df.s.matches("(")
    # other regex functions keep ValueError for an empty pattern
    with pytest.raises(ValueError, match="non-empty pattern"):
        df.s.str_contains_pat("")


def test_unknown_struct_field(df: All) -> None:
    for build in (lambda: df.p.struct_field("z"), lambda: df.p.struct.field("z")):
        for error in (TypeError, ColumnNotFoundError, StructFieldNotFoundError):
            with pytest.raises(error, match=r"^Unknown struct field 'z'"):
                build()
    with pytest.raises(TypeError, match=r"fields \['x', 'y'\]"):
        df.p.struct_field("z")


def test_struct_argument_checks(df: All) -> None:
    with pytest.raises(
        ValueError, match=r"^struct_rename_fields\(\) expected 2 names for Point"
    ):
        df.p.struct_rename_fields(["a"])
    with pytest.raises(
        TypeError,
        match=r"^struct_with_fields\(\) requires at least one keyword field=Expr",
    ):
        df.p.struct_with_fields()
    assert df.p.struct_rename_fields(["a", "b"]).dtype.fields[0].name == "a"


def test_strptime_and_alias(df: All) -> None:
    with pytest.raises(ValueError, match="strptime format must be non-empty"):
        df.s.strptime("")
    with pytest.raises(ValueError, match="strptime format must be non-empty"):
        df.s.strptime("", to_datetime=False)
    for name in ("", None, 3):
        with pytest.raises(
            TypeError, match=r"^alias\(name\) expects a non-empty string\.$"
        ):
            df.i.alias(name)  # type: ignore[arg-type]


def test_concat(df: All) -> None:
    with pytest.raises(
        TypeError, match=r"^concat\(\) requires at least two expressions\.$"
    ):
        concat(df.s)
    with pytest.raises(TypeError, match=r"^concat\(\) requires at least two"):
        concat()
    for other in ("s", 1, None):
        with pytest.raises(
            TypeError, match=r"^concat\(\) arguments must be Expr instances\.$"
        ):
            concat(df.s, other)  # type: ignore[arg-type]
    assert df.select(c=concat(df.s, lit("-"), df.s)).to_dict() == {"c": ["a-a"]}


@pytest.mark.parametrize(
    ("function", "name"),
    [
        (global_sum, "global_sum"),
        (global_mean, "global_mean"),
        (global_min, "global_min"),
        (global_max, "global_max"),
        (global_count, "global_count"),
        (window_sum, "window_sum"),
        (window_mean, "window_mean"),
        (window_min, "window_min"),
        (window_max, "window_max"),
        (lag, "lag"),
        (lead, "lead"),
    ],
)
def test_functions_of_an_expression(
    df: All, function: Callable[[Any], Any], name: str
) -> None:
    for value in (1, 2.5, None, [df.i]):
        with pytest.raises(TypeError, match=rf"^{name}\(\) expects an Expr\."):
            function(value)
    function(df.i)  # an expression
    function("i")  # a column name too (ours)
