"""Selectors (``pydantable.selectors``): resolution, algebra, errors, use in frame methods."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import ipaddress
import uuid
from typing import Annotated, Literal

import polars as pl
import pydantic
import pytest
from hypothesis import given, settings

from differential import Wide, assert_matches_polars, example_rows, wide_frames
from pydantable import ColumnNotFoundError, DataFrameModel
from pydantable import dtypes as dtypes_
from pydantable import selectors as s


class Color(enum.Enum):
    RED = "red"


class Inner(pydantic.BaseModel):
    a: int


class Kinds(DataFrameModel):
    n: int
    x: float
    m: Annotated[decimal.Decimal, pydantic.Field(max_digits=10, decimal_places=2)]
    t: str
    raw: bytes
    day: dt.date
    at: dt.datetime
    at_utc: pydantic.AwareDatetime
    clock: dt.time
    span: dt.timedelta
    ok: bool
    li: list[int]
    mp: dict[str, int]
    st: Inner
    color: Color
    lit: Literal["a", "b"]
    v4: ipaddress.IPv4Address
    v6: ipaddress.IPv6Address
    uid: uuid.UUID


SCHEMA = Kinds.__pydantable_schema__


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        (s.numeric(), ["n", "x", "m"]),
        (s.integers(), ["n"]),
        (s.floats(), ["x"]),
        (s.decimals(), ["m"]),
        (s.string(), ["t"]),
        (s.binary(), ["raw"]),
        (s.temporal(), ["day", "at", "at_utc", "clock", "span"]),
        (s.date(), ["day"]),
        (s.datetime(), ["at", "at_utc"]),
        (s.datetime(None), ["at"]),
        (s.datetime("UTC"), ["at_utc"]),
        (s.time(), ["clock"]),
        (s.duration(), ["span"]),
        (s.boolean(), ["ok"]),
        (s.lists(), ["li"]),
        (s.maps(), ["mp"]),
        (s.structs(), ["st"]),
        (s.enums(), ["color"]),
        (s.literals(), ["lit"]),
        (s.ipv4s(), ["v4"]),
        (s.ipv6s(), ["v6"]),
        (s.uuids(), ["uid"]),
        (s.by_dtype(int, float), ["n", "x"]),
        (s.by_dtype(dtypes_.Datetime), ["at", "at_utc"]),
        (s.by_dtype(dtypes_.Datetime("UTC")), ["at_utc"]),
        (s.by_dtype(dt.datetime), ["at", "at_utc"]),
        (s.by_name("t", "n"), ["t", "n"]),
        (s.starts_with("a"), ["at", "at_utc"]),
        (s.ends_with("4", "6"), ["v4", "v6"]),
        (s.contains("_"), ["at_utc"]),
        (s.matches(r"^[a-z]{1}$"), ["n", "x", "m", "t"]),
        (
            s.everything() - s.temporal() - s.numeric(),
            [
                "t",
                "raw",
                "ok",
                "li",
                "mp",
                "st",
                "color",
                "lit",
                "v4",
                "v6",
                "uid",
            ],
        ),
        (s.numeric() | s.boolean(), ["n", "x", "m", "ok"]),
        (s.numeric() & s.starts_with("n", "m"), ["n", "m"]),
        (s.numeric().exclude("x", s.decimals()), ["n"]),
        (~s.all() | "t", ["t"]),
        ("n" | s.floats(), ["n", "x"]),
    ],
)
def test_selectors_resolve_in_schema_order(
    selector: s.Selector, expected: list[str]
) -> None:
    assert s.expand_names(selector, SCHEMA) == expected


def test_empty_match_lists_the_columns() -> None:
    with pytest.raises(
        ValueError,
        match=r"^starts_with\('zzz'\) matched no columns\. Available columns: \['n', 'x', ",
    ):
        s.starts_with("zzz").resolve(SCHEMA)
    with pytest.raises(ValueError, match="numeric"):
        s.expand([s.numeric() & s.string()], SCHEMA)


def test_bad_names_and_items() -> None:
    with pytest.raises(ColumnNotFoundError, match="Did you mean 'n'"):
        s.by_name("nn").resolve(SCHEMA)
    assert s.by_name("nn", "n", require_all=False).resolve(SCHEMA) == ["n"]
    with pytest.raises(TypeError, match="column name or a selector"):
        s.numeric() | 3
    w = Wide(example_rows())
    with pytest.raises(TypeError, match="column names or selectors"):
        s.expand_names([w.i + 1], w.schema)
    with pytest.raises(ColumnNotFoundError):
        s.expand_names(["nope"], w.schema)


def test_expand_keeps_expressions_and_flattens() -> None:
    w = Wide(example_rows())
    items = s.expand([s.floats(), [w.i + 1, "g"]], w.schema)
    assert items[:2] == ["f", "f_n"]
    assert items[3] == "g"
    assert s.is_selector(s.floats())
    assert not s.is_selector("f")
    assert repr(s.numeric() - s.by_name("i")) == "(numeric() - by_name('i'))"


@settings(max_examples=10, deadline=None)
@given(wide_frames(max_size=12))
def test_frame_methods_accept_selectors(w: Wide) -> None:
    raw = w.to_polars()
    assert_matches_polars(
        w.select(s.numeric(), "g"), raw.select("i", "i_n", "f", "f_n", "g")
    )
    assert_matches_polars(
        w.select(exclude=s.string() | s.lists()),
        raw.select(pl.exclude("g", "s", "s_n", "li")),
    )
    assert_matches_polars(w.drop(s.temporal()), raw.drop("d", "ts"))
    assert_matches_polars(
        w.sort(s.by_name("g", "i"), maintain_order=True),
        raw.sort("g", "i", maintain_order=True),
    )
    assert_matches_polars(
        w.unique(s.boolean(), keep="first", maintain_order=True),
        raw.unique(["b", "b_n"], keep="first", maintain_order=True),
    )
    assert_matches_polars(w.drop_nulls(s.floats()), raw.drop_nulls(["f", "f_n"]))
    assert w.rename_with_selector(s.floats(), str.upper).columns[3:5] == ["F", "F_N"]
