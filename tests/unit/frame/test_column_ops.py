"""Column operations (``column_ops.py``): rename family, reordering, projection."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings

from differential import Wide, assert_matches_polars, example_rows, wide_frames
from pydantable import ColumnNotFoundError, DataFrameModel
from pydantable import selectors as s


class T(DataFrameModel):
    a_x: int
    b_x: str | None
    c: float


def _df() -> T:
    return T({"a_x": [1, 2], "b_x": ["p", None], "c": [0.5, 1.5]})


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda d: d.rename_prefix("p_"), ["p_a_x", "p_b_x", "p_c"]),
        (lambda d: d.rename_prefix("p_", subset="c"), ["a_x", "b_x", "p_c"]),
        (
            lambda d: d.rename_suffix("_1", subset=s.ends_with("_x")),
            ["a_x_1", "b_x_1", "c"],
        ),
        (lambda d: d.rename_replace("_x", "_y"), ["a_y", "b_y", "c"]),
        (lambda d: d.rename_upper(), ["A_X", "B_X", "C"]),
        (lambda d: d.rename_upper().rename_lower(), ["a_x", "b_x", "c"]),
        (lambda d: d.rename_title(), ["A_X", "B_X", "C"]),
        (lambda d: d.rename_prefix("  ").rename_strip(), ["a_x", "b_x", "c"]),
        (lambda d: d.rename_strip(chars="_xc"), None),  # "c" would become ""
        (
            lambda d: d.rename_with_selector(s.numeric(), lambda n: n + "!"),
            ["a_x!", "b_x", "c!"],
        ),
    ],
)
def test_rename_family(call: object, expected: list[str] | None) -> None:
    if expected is None:
        with pytest.raises(ValueError, match="non-empty"):
            call(_df())  # type: ignore[operator]
        return
    out = call(_df())  # type: ignore[operator]
    assert out.columns == expected
    assert out.to_polars().rows() == _df().to_polars().rows()
    assert [c.dtype for c in out.schema.values()] == [
        c.dtype for c in _df().schema.values()
    ]
    assert isinstance(out, DataFrameModel)


def test_rename_collisions_and_missing() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        _df().rename_replace("_x", "").rename_replace("a", "b")
    with pytest.raises(ValueError, match="duplicate"):
        _df().rename_with_selector(s.all(), lambda n: "same")
    with pytest.raises(ValueError, match="matched no columns"):
        _df().rename_with_selector(s.temporal(), str.upper)
    with pytest.raises(ColumnNotFoundError):
        _df().rename_prefix("x", subset="nope")


@settings(max_examples=10, deadline=None)
@given(wide_frames(max_size=12))
def test_renames_and_moves_match_polars(w: Wide) -> None:
    raw = w.to_polars()
    assert_matches_polars(w.rename_upper(), raw.rename(str.upper))
    assert_matches_polars(
        w.rename_prefix("x_", subset=s.numeric()),
        raw.rename({c: "x_" + c for c in ["i", "i_n", "f", "f_n"]}),
    )
    assert_matches_polars(
        w.move(["ts", "d"], before="g"), raw.select("ts", "d", pl.exclude("ts", "d"))
    )
    assert_matches_polars(w.select_last("g"), raw.select(pl.exclude("g"), "g"))
    assert_matches_polars(
        w.select_schema(s.ends_with("_n")), raw.select(pl.col("^.*_n$"))
    )


def test_reordering() -> None:
    d = _df()
    assert d.reorder_columns(["c", "a_x", "b_x"]).columns == ["c", "a_x", "b_x"]
    assert d.reorder_columns([s.floats(), s.ends_with("_x")]).columns == [
        "c",
        "a_x",
        "b_x",
    ]
    # the listed columns first, the others after them (the original's rule)
    assert d.reorder_columns(["c", "a_x"]).columns == ["c", "a_x", "b_x"]
    with pytest.raises(ValueError, match="exactly once"):
        d.reorder_columns(["c", "a_x", "b_x", "c"])
    assert d.select_first("c").columns == ["c", "a_x", "b_x"]
    assert d.select_first(s.string(), "c").columns == ["b_x", "c", "a_x"]
    assert d.select_last(s.starts_with("a")).columns == ["b_x", "c", "a_x"]
    assert d.move("a_x", after="c").columns == ["b_x", "c", "a_x"]
    assert d.move(s.ends_with("_x"), after="c").columns == ["c", "a_x", "b_x"]
    assert d.select_all().columns == d.columns
    assert d.select_prefix("a", "b").columns == ["a_x", "b_x"]
    assert d.select_suffix("c").columns == ["c"]
    with pytest.raises(TypeError, match="exactly one"):
        d.move("c")
    with pytest.raises(TypeError, match="exactly one"):
        d.move("c", before="a_x", after="b_x")
    with pytest.raises(ValueError, match="itself"):
        d.move(["c", "a_x"], before="c")
    with pytest.raises(ColumnNotFoundError):
        d.move("c", before="zz")
    with pytest.raises(ValueError, match="matched no columns"):
        d.select_prefix("zz")
    moved = d.move("c", before="a_x")
    assert list(type(moved).RowModel.model_fields) == ["c", "a_x", "b_x"]
    assert moved.to_dict() == {"c": [0.5, 1.5], "a_x": [1, 2], "b_x": ["p", None]}


def test_column_ops_on_example_rows() -> None:
    w = Wide(example_rows())
    assert w.select_schema(s.by_name("s", "g")).columns == ["g", "s"]
    assert w.rename_title(subset="g").columns[0] == "G"
