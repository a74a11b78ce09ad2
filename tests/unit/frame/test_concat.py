"""concat (vertical, diagonal, horizontal): differential tests against Polars and errors."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pydantable
from differential import Wide, assert_matches_polars, wide_frames
from pydantable import DataFrame, DataFrameModel, Schema


@settings(max_examples=25, deadline=None)
@given(a=wide_frames(max_size=6), b=wide_frames(max_size=6))
def test_vertical_matches_polars(a: Wide, b: Wide) -> None:
    got = pydantable.concat([a, b.filter(b.i >= 0), a])
    expected = pl.concat(
        [a.to_polars(), b.to_polars().filter(pl.col("i") >= 0), a.to_polars()]
    )
    assert_matches_polars(got, expected)
    assert got.schema == a.schema  # same schema: same nullability
    assert type(got) is Wide


@settings(max_examples=25, deadline=None)
@given(a=wide_frames(max_size=6), b=wide_frames(max_size=6))
def test_diagonal_matches_polars(a: Wide, b: Wide) -> None:
    left = a.select("g", "i", "s", "li")
    right = b.select("f_n", "i", "d", "g")
    got = Wide.concat([left, right], how="diagonal")
    expected = pl.concat([left.to_polars(), right.to_polars()], how="diagonal")
    assert_matches_polars(got, expected)
    nullable = {c.name: c.nullable for c in got.schema.columns()}
    assert nullable == {
        "g": False,  # in both frames, never null
        "i": False,
        "s": True,  # missing from the second frame
        "li": True,
        "f_n": True,
        "d": True,
    }


@settings(max_examples=20, deadline=None)
@given(a=wide_frames(max_size=6))
def test_horizontal_matches_polars(a: Wide) -> None:
    left = a.select("g", "i_n")
    right = a.select(a.i.alias("i2"), "s")
    got = DataFrame.concat([left, right], how="horizontal")
    expected = pl.concat([left.to_polars(), right.to_polars()], how="horizontal")
    result = assert_matches_polars(got, expected)
    assert result.height == a.height
    assert got.schema["i2"].nullable is False


class Ints(DataFrameModel):
    x: int
    tag: str


class Floats(DataFrameModel):
    tag: str
    x: float | None


@settings(max_examples=20, deadline=None)
@given(
    ints=st.lists(st.integers(-(2**40), 2**40), max_size=5),
    floats=st.lists(st.one_of(st.none(), st.floats(-1e6, 1e6)), max_size=5),
)
def test_vertical_unifies_int_and_float(ints: list[int], floats: list[Any]) -> None:
    a = Ints({"x": ints, "tag": ["i"] * len(ints)})
    b = Floats({"tag": ["f"] * len(floats), "x": floats})
    got = pydantable.concat([a, b])
    assert got.columns == ["x", "tag"]  # the first frame's order
    expected = pl.concat(
        [
            a.to_polars().with_columns(pl.col("x").cast(pl.Float64)),
            b.to_polars().select("x", "tag"),
        ]
    )
    assert_matches_polars(got, expected)
    assert got.schema["x"].nullable is True


def test_generic_dataframe_and_model_faces() -> None:
    class P(Schema):
        a: int

    one = DataFrame[P]({"a": [1]})
    two = DataFrame[P]({"a": [2, 3]})
    both = DataFrame.concat([one, two])
    assert both.to_dict() == {"a": [1, 2, 3]}
    assert isinstance(both, DataFrame)
    assert both.height == 3
    assert Ints.concat([Ints({"x": [1], "tag": ["a"]})]).to_dict() == {
        "x": [1],
        "tag": ["a"],
    }


def test_concat_errors() -> None:
    a = Ints({"x": [1], "tag": ["a"]})

    class Other(DataFrameModel):
        x: int
        other: str

    class Texts(DataFrameModel):
        x: str
        tag: str

    with pytest.raises(
        ValueError, match="lacks \\['tag'\\] and has extra \\['other'\\]"
    ):
        pydantable.concat([a, Other({"x": [1], "other": ["b"]})])
    with pytest.raises(
        TypeError, match=r"column 'x' has incompatible dtypes.*Int64.*String"
    ):
        pydantable.concat([a, Texts({"x": ["1"], "tag": ["t"]})])
    with pytest.raises(ValueError, match="distinct column names"):
        pydantable.concat([a, a], how="horizontal")
    with pytest.raises(ValueError, match="equal height"):
        pydantable.concat(
            [a, Other({"x": [1, 2], "other": ["b", "c"]}).select("other")],
            how="horizontal",
        )
    with pytest.raises(ValueError, match="at least one frame"):
        pydantable.concat([])
    with pytest.raises(ValueError, match="how must be one of"):
        pydantable.concat([a], how="sideways")
    with pytest.raises(TypeError, match="pydantable frame"):
        pydantable.concat([a, a.to_polars()])


def test_horizontal_checks_height_of_filtered_frames() -> None:
    a = Ints({"x": [1, 2, 3], "tag": ["a", "b", "c"]})
    kept = a.filter(a.x > 1)
    other = Floats({"tag": ["p", "q"], "x": [0.5, None]}).rename({"x": "y", "tag": "t"})
    got = pydantable.concat([kept, other], how="horizontal")
    assert got.to_dict() == {
        "x": [2, 3],
        "tag": ["b", "c"],
        "t": ["p", "q"],
        "y": [0.5, None],
    }
