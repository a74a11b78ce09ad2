"""The original pydantable's flat method names are thin aliases of the namespaces."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import polars as pl
import pytest
from pydantic import BaseModel

from differential import Wide, assert_matches_polars, example_rows
from pydantable import DataFrameModel
from pydantable.expressions import Expr, concat, concat_str


class Inner(BaseModel):
    a: int
    b: str


class Many(DataFrameModel):
    s: str | None
    ts: dt.datetime
    secs: int
    li: list[int]
    lb: list[bool]
    st: Inner
    m: dict[str, int]
    raw: bytes


ROWS = {
    "s": ["  Ab c ", None, ""],
    "ts": [
        dt.datetime(2024, 2, 29, 13, 5, 6, 7),
        dt.datetime(1970, 1, 1),
        dt.datetime(2000, 12, 31, 23, 59),
    ],
    "secs": [0, 86_400, -1],
    "li": [[3, 1], [], [2, 2]],
    "lb": [[True], [], [False, True]],
    "st": [{"a": 1, "b": "x"}, {"a": 2, "b": "y"}, {"a": 3, "b": "z"}],
    "m": [{"k": 1}, {}, {"j": 2, "k": 3}],
    "raw": [b"ab", b"", b"\x00"],
}

Pair = tuple[Callable[[Many], Expr], Callable[[Many], Expr]]
PAIRS: dict[str, Pair] = {
    "upper": (lambda f: f.s.upper(), lambda f: f.s.str.to_uppercase()),
    "lower": (lambda f: f.s.lower(), lambda f: f.s.str.to_lowercase()),
    "strip": (lambda f: f.s.strip(), lambda f: f.s.str.strip_chars()),
    "strip_chars": (
        lambda f: f.s.strip_chars(" A"),
        lambda f: f.s.str.strip_chars(" A"),
    ),
    "strip_prefix": (
        lambda f: f.s.strip_prefix(" "),
        lambda f: f.s.str.strip_prefix(" "),
    ),
    "strip_suffix": (
        lambda f: f.s.strip_suffix(" "),
        lambda f: f.s.str.strip_suffix(" "),
    ),
    # substr is 1-based (the original's), str.slice 0-based (Polars)
    "substr": (lambda f: f.s.substr(2, 3), lambda f: f.s.str.slice(1, 3)),
    "char_length": (lambda f: f.s.char_length(), lambda f: f.s.str.len_chars()),
    "str_len": (lambda f: f.s.str_len(), lambda f: f.s.str.len_chars()),
    "str_reverse": (lambda f: f.s.str_reverse(), lambda f: f.s.str.reverse()),
    "str_pad_start": (
        lambda f: f.s.str_pad_start(9, "."),
        lambda f: f.s.str.pad_start(9, "."),
    ),
    "str_pad_end": (lambda f: f.s.str_pad_end(9), lambda f: f.s.str.pad_end(9)),
    "str_zfill": (lambda f: f.s.str_zfill(4), lambda f: f.s.str.zfill(4)),
    "starts_with": (lambda f: f.s.starts_with(" "), lambda f: f.s.str.starts_with(" ")),
    "ends_with": (lambda f: f.s.ends_with(" "), lambda f: f.s.str.ends_with(" ")),
    "str_contains": (
        lambda f: f.s.str_contains("b c"),
        lambda f: f.s.str.contains("b c", literal=True),
    ),
    "str_contains_pat": (
        lambda f: f.s.str_contains_pat("[a-z]"),
        lambda f: f.s.str.contains("[a-z]"),
    ),
    "matches": (lambda f: f.s.matches("^ +A"), lambda f: f.s.str.contains("^ +A")),
    "str_replace": (
        lambda f: f.s.str_replace(" ", "_"),
        lambda f: f.s.str.replace_all(" ", "_", literal=True),
    ),
    "str_split": (lambda f: f.s.str_split(" "), lambda f: f.s.str.split(" ")),
    "str_extract_regex": (
        lambda f: f.s.str_extract_regex(r"(\w)"),
        lambda f: f.s.str.extract(r"(\w)", 1),
    ),
    "dt_year": (lambda f: f.ts.dt_year(), lambda f: f.ts.dt.year()),
    "dt_quarter": (lambda f: f.ts.dt_quarter(), lambda f: f.ts.dt.quarter()),
    "dt_month": (lambda f: f.ts.dt_month(), lambda f: f.ts.dt.month()),
    "dt_week": (lambda f: f.ts.dt_week(), lambda f: f.ts.dt.week()),
    "dt_weekday": (lambda f: f.ts.dt_weekday(), lambda f: f.ts.dt.weekday()),
    "dt_day": (lambda f: f.ts.dt_day(), lambda f: f.ts.dt.day()),
    "dt_dayofyear": (lambda f: f.ts.dt_dayofyear(), lambda f: f.ts.dt.ordinal_day()),
    "dt_hour": (lambda f: f.ts.dt_hour(), lambda f: f.ts.dt.hour()),
    "dt_minute": (lambda f: f.ts.dt_minute(), lambda f: f.ts.dt.minute()),
    "dt_second": (lambda f: f.ts.dt_second(), lambda f: f.ts.dt.second()),
    "dt_millisecond": (
        lambda f: f.ts.dt_millisecond(),
        lambda f: f.ts.dt.millisecond(),
    ),
    "dt_microsecond": (
        lambda f: f.ts.dt_microsecond(),
        lambda f: f.ts.dt.microsecond(),
    ),
    "dt_nanosecond": (lambda f: f.ts.dt_nanosecond(), lambda f: f.ts.dt.nanosecond()),
    "dt_date": (lambda f: f.ts.dt_date(), lambda f: f.ts.dt.date()),
    "dt_time": (lambda f: f.ts.dt_time(), lambda f: f.ts.dt.time()),
    "dt_truncate": (lambda f: f.ts.dt_truncate("1d"), lambda f: f.ts.dt.truncate("1d")),
    "dt_round": (lambda f: f.ts.dt_round("1h"), lambda f: f.ts.dt.round("1h")),
    "dt_offset_by": (
        lambda f: f.ts.dt_offset_by("1mo"),
        lambda f: f.ts.dt.offset_by("1mo"),
    ),
    "unix_timestamp": (lambda f: f.ts.unix_timestamp(), lambda f: f.ts.dt.epoch("s")),
    "unix_timestamp_ms": (
        lambda f: f.ts.unix_timestamp("milliseconds"),
        lambda f: f.ts.dt.epoch("ms"),
    ),
    "list_len": (lambda f: f.li.list_len(), lambda f: f.li.list.len()),
    "list_get": (
        lambda f: f.li.list_get(1),
        lambda f: f.li.list.get(1, null_on_oob=True),
    ),
    "list_contains": (lambda f: f.li.list_contains(2), lambda f: f.li.list.contains(2)),
    "list_min": (lambda f: f.li.list_min(), lambda f: f.li.list.min()),
    "list_max": (lambda f: f.li.list_max(), lambda f: f.li.list.max()),
    "list_sum": (lambda f: f.li.list_sum(), lambda f: f.li.list.sum()),
    "list_mean": (lambda f: f.li.list_mean(), lambda f: f.li.list.mean()),
    "list_sort": (
        lambda f: f.li.list_sort(descending=True),
        lambda f: f.li.list.sort(descending=True),
    ),
    "list_unique": (
        lambda f: f.li.list_unique(stable=True),
        lambda f: f.li.list.unique(maintain_order=True),
    ),
    "list_reverse": (lambda f: f.li.list_reverse(), lambda f: f.li.list.reverse()),
    "list_slice": (lambda f: f.li.list_slice(1), lambda f: f.li.list.slice(1)),
    "list_concat": (lambda f: f.li.list_concat(f.li), lambda f: f.li.list.concat(f.li)),
    "list_drop_nulls": (
        lambda f: f.li.list_drop_nulls(),
        lambda f: f.li.list.drop_nulls(),
    ),
    "list_arg_min": (lambda f: f.li.list_arg_min(), lambda f: f.li.list.arg_min()),
    "list_arg_max": (lambda f: f.li.list_arg_max(), lambda f: f.li.list.arg_max()),
    "list_std": (lambda f: f.li.list_std(), lambda f: f.li.list.std()),
    "list_any": (lambda f: f.lb.list_any(), lambda f: f.lb.list.any()),
    "list_all": (lambda f: f.lb.list_all(), lambda f: f.lb.list.all()),
    "struct_field": (
        lambda f: f.st.struct_field("a"),
        lambda f: f.st.struct.field("a"),
    ),
    "struct_json_encode": (
        lambda f: f.st.struct_json_encode(),
        lambda f: f.st.struct.json_encode(),
    ),
    "struct_rename_fields": (
        lambda f: f.st.struct_rename_fields(("x", "y")),
        lambda f: f.st.struct.rename_fields(["x", "y"]),
    ),
    "struct_with_fields": (
        lambda f: f.st.struct_with_fields(c=f.secs),
        lambda f: f.st.struct.with_fields(c=f.secs),
    ),
    "map_len": (lambda f: f.m.map_len(), lambda f: f.m.map.len()),
    "map_get": (lambda f: f.m.map_get("k"), lambda f: f.m.map.get("k")),
    "element_at": (lambda f: f.m.element_at("k"), lambda f: f.m.map.get("k")),
    "map_contains_key": (
        lambda f: f.m.map_contains_key("j"),
        lambda f: f.m.map.contains_key("j"),
    ),
    "map_keys": (lambda f: f.m.map_keys(), lambda f: f.m.map.keys()),
    "map_values": (lambda f: f.m.map_values(), lambda f: f.m.map.values()),
    "map_entries": (lambda f: f.m.map_entries(), lambda f: f.m.map.entries()),
    "map_is_empty": (lambda f: f.m.map_is_empty(), lambda f: f.m.map.is_empty()),
    "map_has_any_key": (
        lambda f: f.m.map_has_any_key(["x", "k"]),
        lambda f: f.m.map.has_any_key("x", "k"),
    ),
    "binary_len": (lambda f: f.raw.binary_len(), lambda f: f.raw.bin.size()),
}


@pytest.mark.parametrize("name", sorted(PAIRS))
def test_flat_alias_builds_the_namespace_expression(name: str) -> None:
    frame = Many(ROWS)
    flat, namespaced = PAIRS[name]
    a, b = flat(frame), namespaced(frame)
    assert a.node == b.node
    assert (a.dtype, a.nullable) == (b.dtype, b.nullable)
    assert frame.select(out=a).to_dict() == frame.select(out=b).to_dict()


def test_composed_string_helpers_match_polars() -> None:
    w = Wide([*example_rows(), {**example_rows()[1], "s": " ", "s_n": ""}])
    out = w.select(
        a=w.s_n.is_empty_str(),
        b=w.s.is_blank_str(),
        c=w.s_n.is_null_or_empty_str(),
        e=w.s_n.is_not_null_and_not_empty_str(),
        f=w.li.list_is_empty(),
        g=w.li.contains_any(1, 5),
        h=w.li.contains_all([1, 2]),
    )
    S = pl.col("s_n")
    expected = w.to_polars().select(
        a=S == "",
        b=pl.col("s").str.strip_chars() == "",
        c=S.is_null() | (S == ""),
        e=S.is_not_null() & (S != ""),
        f=pl.col("li").list.len() == 0,
        g=pl.col("li").list.contains(1) | pl.col("li").list.contains(5),
        h=pl.col("li").list.contains(1) & pl.col("li").list.contains(2),
    )
    assert_matches_polars(out, expected)
    assert not out.schema["c"].nullable
    assert not out.schema["e"].nullable


def test_temporal_and_misc_aliases() -> None:
    frame = Many(ROWS)
    texts = Many(ROWS).select(
        t=frame.ts.dt.strftime("%Y-%m-%d %H:%M:%S"), d=frame.ts.dt.strftime("%Y-%m-%d")
    )
    out = texts.select(
        a=texts.t.strptime("%Y-%m-%d %H:%M:%S"),
        b=texts.d.strptime("%Y-%m-%d", to_datetime=False),
    )
    assert out.to_dict()["b"] == [
        dt.date(2024, 2, 29),
        dt.date(1970, 1, 1),
        dt.date(2000, 12, 31),
    ]
    assert out.to_dict()["a"][0] == dt.datetime(2024, 2, 29, 13, 5, 6)
    epoch = frame.select(
        t=frame.secs.from_unix_time(), ms=frame.secs.from_unix_time("ms")
    )
    assert epoch.to_dict()["t"] == [
        dt.datetime(1970, 1, 1),
        dt.datetime(1970, 1, 2),
        dt.datetime(1969, 12, 31, 23, 59, 59),
    ]
    assert epoch.to_dict()["ms"][2] == dt.datetime(1969, 12, 31, 23, 59, 59, 999000)
    js = frame.select(
        j=frame.st.struct_json_path_match("$.b"),
        d=frame.st.struct_json_encode().str_json_decode(Inner),
    )
    assert js.to_dict()["j"] == ["x", "y", "z"]
    assert js.to_dict()["d"] == [
        {"a": 1, "b": "x"},
        {"a": 2, "b": "y"},
        {"a": 3, "b": "z"},
    ]
    joined = frame.select(
        j=frame.s.str_split(" ").list_join("+"), c=concat(frame.s, frame.s)
    )
    assert joined.to_dict() == {
        "j": ["++Ab+c+", None, ""],
        "c": ["  Ab c   Ab c ", None, ""],
    }
    assert concat(frame.s, frame.s).node == concat_str(frame.s, frame.s).node


def test_alias_errors_match_namespace_errors() -> None:
    frame = Many(ROWS)
    # the messages name the flat function the user called, in Python's words
    with pytest.raises(
        TypeError,
        match=r"upper\(\) requires a string column; got int in col\('secs'\)",
    ):
        frame.secs.upper()
    with pytest.raises(
        TypeError,
        match=r"dt_year\(\) requires a date or datetime column; got str \| None",
    ):
        frame.s.dt_year()
    with pytest.raises(ValueError, match=r"str_contains_pat\(\): invalid regex"):
        frame.s.str_contains_pat("(")
    with pytest.raises(TypeError, match=r"contains_any\(\) expects at least one value"):
        frame.li.contains_any()


def test_alias_with_unbound_column() -> None:
    from pydantable.expressions import col

    frame = Many(ROWS)
    assert frame.select(col("s").upper()).to_dict() == {"s": ["  AB C ", None, ""]}
