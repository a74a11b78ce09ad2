"""The original's contract for reshaping (conformance delta 2.15).

``melt`` rows come column by column (checked against rows built here in
Python, on both Polars engines), pivot's argument checks and absent
``pivot_values``, ``pivot_longer``'s melt-style keywords and explode errors.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pydantable import DataFrameModel
from pydantable import selectors as s


class Wide(DataFrameModel):
    id: int
    tag: str
    a: int | None
    b: int
    c: float


_rows = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.integers(-5, 5),
            "tag": st.sampled_from(["p", "q"]),
            "a": st.one_of(st.none(), st.integers(-9, 9)),
            "b": st.integers(-9, 9),
            "c": st.integers(-9, 9).map(float),
        }
    ),
    max_size=12,
)


def _melted(
    rows: list[dict[str, Any]], ids: list[str], values: list[str]
) -> dict[str, list[Any]]:
    """The original's melt, written out: every row for the first value column, then the next."""
    out: dict[str, list[Any]] = {name: [] for name in [*ids, "variable", "value"]}
    for value in values:
        for row in rows:
            for name in ids:
                out[name].append(row[name])
            out["variable"].append(value)
            cell = row[value]
            out["value"].append(
                None if cell is None else float(cell) if "c" in values else cell
            )
    return out


@settings(max_examples=40, deadline=None)
@given(
    rows=_rows, values=st.sampled_from([["a", "b"], ["b", "a"], ["a", "b", "c"], ["c"]])
)
def test_melt_rows_come_column_by_column(
    rows: list[dict[str, Any]], values: list[str]
) -> None:
    frame = Wide(rows)
    expected = _melted(rows, ["id", "tag"], values)
    assert frame.melt(id_vars=["id", "tag"], value_vars=values).to_dict() == expected
    assert frame.unpivot(values, index=["id", "tag"]).to_dict() == expected
    assert (
        frame.pivot_longer(id_vars=["id", "tag"], value_vars=values).to_dict()
        == expected
    )
    # after a transform the streaming-capable default engine runs the query
    filtered = frame.filter(frame.b > -100)
    assert filtered.melt(["id", "tag"], values).to_dict() == expected


def test_melt_order_on_a_large_frame() -> None:
    n = 200_000
    frame = Wide(
        {
            "id": list(range(n)),
            "tag": ["p"] * n,
            "a": [1] * n,
            "b": [2] * n,
            "c": [0.0] * n,
        }
    )
    out = (
        frame.filter(frame.id >= 0)
        .melt(id_vars="id", value_vars=["a", "b"])
        .to_polars()
    )
    assert out["variable"].to_list() == ["a"] * n + ["b"] * n
    assert out["id"].to_list() == list(range(n)) * 2


def test_melt_defaults_and_value_columns() -> None:
    frame = Wide(
        {"id": [1, 2], "tag": ["p", "q"], "a": [None, 4], "b": [5, 6], "c": [0.5, 1.5]}
    )
    out = frame.select("id", "a", "b").melt("id")
    assert out.to_dict() == {
        "id": [1, 2, 1, 2],
        "variable": ["a", "a", "b", "b"],
        "value": [None, 4, 5, 6],
    }


# -- pivot -------------------------------------------------------------------------------


class Long(DataFrameModel):
    id: int
    key: str
    other: str
    v: int


def _long() -> Long:
    return Long(
        {
            "id": [1, 1, 2],
            "key": ["x", "y", "x"],
            "other": ["m", "n", "m"],
            "v": [10, 20, 30],
        }
    )


@pytest.mark.parametrize("separator", ["", 0, None])
def test_pivot_separator_must_be_a_non_empty_string(separator: Any) -> None:
    with pytest.raises(
        TypeError, match=r"^pivot\(separator=\.\.\.\) expects a non-empty string\.$"
    ):
        _long().pivot(columns="key", index="id", values="v", separator=separator)


def test_pivot_separator_joins_name_parts() -> None:
    out = _long().pivot(columns="key", index="id", values="v", separator="__")
    assert out.columns == ["id", "x__first", "y__first"]


@pytest.mark.parametrize(
    ("spec", "arg"),
    [(["key", "other"], "columns"), (s.string(), "columns")],
)
def test_pivot_needs_exactly_one_column(spec: Any, arg: str) -> None:
    with pytest.raises(
        ValueError, match=rf"^pivot\({arg}=\.\.\.\) must match exactly one column"
    ):
        _long().pivot(columns=spec, index="id", values="v")
    with pytest.raises(
        ValueError, match=r"^pivot\(on=\.\.\.\) must match exactly one column"
    ):
        _long().pivot(spec, index="id", values="v")


@pytest.mark.parametrize("agg", ["first", "last", "mean", "median", "min", "max"])
def test_an_absent_pivot_value_gives_a_null_column(agg: str) -> None:
    out = _long().pivot(
        columns="key",
        index="id",
        values="v",
        pivot_values=["x", "z"],
        aggregate_function=agg,
    )
    data = out.to_dict()
    assert out.columns == ["id", f"x_{agg}", f"z_{agg}"]
    assert data[f"z_{agg}"] == [None, None]
    assert out.schema[f"z_{agg}"].nullable
    assert data[f"x_{agg}"] == [10, 30]


# -- pivot_longer --------------------------------------------------------------------------


def test_pivot_longer_takes_melts_keywords() -> None:
    frame = Wide({"id": [1], "tag": ["p"], "a": [2], "b": [3], "c": [0.5]})
    out = frame.pivot_longer(
        id_vars="id", value_vars=["a", "b"], variable_name="k", value_name="val"
    )
    assert out.to_dict() == {"id": [1, 1], "k": ["a", "b"], "val": [2, 3]}
    positional = frame.pivot_longer("id", ["a", "b"], "k", "val")
    assert positional.to_dict() == out.to_dict()
    aliases = frame.pivot_longer(
        index="id", on=["a", "b"], names_to="k", values_to="val"
    )
    assert aliases.to_dict() == out.to_dict()
    with pytest.raises(TypeError, match="not both"):
        frame.pivot_longer(id_vars="id", index="id")
    with pytest.raises(
        ValueError, match=r"^pivot_longer\(value_vars=lists\(\)\) matched no columns"
    ):
        frame.pivot_longer(id_vars="id", value_vars=s.lists())


# -- explode ---------------------------------------------------------------------------


class Lists(DataFrameModel):
    id: int
    xs: list[int]
    ys: list[str]


def test_explode_non_list_is_a_type_error() -> None:
    frame = Lists({"id": [1], "xs": [[1]], "ys": [["a"]]})
    with pytest.raises(TypeError, match="list dtype"):
        frame.explode("id")
    with pytest.raises(TypeError, match="list dtype"):
        frame.explode(["xs", "id"])


def test_explode_mismatched_lengths_is_a_value_error() -> None:
    frame = Lists({"id": [1, 2], "xs": [[1, 2], [3]], "ys": [["a"], ["b"]]})
    exploded = frame.explode(["xs", "ys"])
    with pytest.raises(ValueError, match="matching element counts"):
        exploded.to_dict()
    with pytest.raises(ValueError, match="matching element counts"):
        list(exploded.stream(batch_size=1))
    with pytest.raises(ValueError, match="matching element counts"):
        _ = exploded.height
    ok = Lists({"id": [1], "xs": [[1, 2]], "ys": [["a", "b"]]}).explode(["xs", "ys"])
    assert ok.to_dict() == {"id": [1, 1], "xs": [1, 2], "ys": ["a", "b"]}
