"""The original's contract for ``group_by``/``agg`` (conformance delta 2.15).

Messages and exception types of malformed keys and specs, the shortcuts'
``streaming=`` and column requirement, and ``n_unique`` ignoring nulls
(checked against counts computed here in Python).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pydantable import DataFrameModel
from pydantable.expressions import col


class Sale(DataFrameModel):
    k: str
    x: int | None
    y: float
    s: str | None


def _sale() -> Sale:
    return Sale(
        {
            "k": ["a", "b", "a", "b"],
            "x": [1, None, 3, None],
            "y": [1.0, 2.0, 3.0, 4.0],
            "s": ["p", None, "q", "p"],
        }
    )


@pytest.mark.parametrize(
    ("build", "error", "match"),
    [
        (lambda d: d.group_by(), ValueError, r"^group_by\(\.\.\.\) requires at least one key\.$"),
        (lambda d: d.group_by([]), ValueError, r"^group_by\(\.\.\.\) requires at least one key\."),
        (lambda d: d.group_by("k").agg(), ValueError, r"^agg\(\.\.\.\) requires at least one aggregation\.$"),
        (lambda d: d.group_by("k").agg(t=("sum",)), TypeError, r"^agg\(\) expects specs like output_name=\(op, column\)\."),
        (lambda d: d.group_by("k").agg(t=("sum", "x", 1, 2)), TypeError, r"^agg\(\) expects specs like output_name=\(op, column\)\."),
        (lambda d: d.group_by("k").agg(t="sum"), TypeError, r"^agg\(\) expects specs like output_name=\(op, column\)\."),
        (lambda d: d.group_by("k").agg(t=5), TypeError, r"^agg\(\) expects specs like output_name=\(op, column\)\."),
        (lambda d: d.group_by("k").agg(t=["sum", "x"]), TypeError, r"^agg\(\) expects specs like"),
        (lambda d: d.group_by("k").agg(t=(len, "x")), TypeError, r"^Aggregation operator must be a string\."),
        (lambda d: d.group_by("k").agg(t=(1, "x")), TypeError, r"^Aggregation operator must be a string\."),
        (lambda d: d.group_by("k").agg(t=("sum", d.x + d.y)), TypeError, r"exactly one column\."),
        (lambda d: d.group_by("k").agg(t=("count", col("x") * 0 + col("y"))), TypeError, r"exactly one column\."),
        (lambda d: d.group_by("k").agg(t=("sum", 5)), TypeError, r"must be a column name or Expr"),
        (lambda d: d.group_by("k").agg(t=("sum", None)), TypeError, r"must be a column name or Expr"),
        (lambda d: d.group_by("k").agg(t=("avg", "x")), ValueError, r"^Unsupported aggregation 'avg'\. Use one of: sum, mean, median, min, max, std, var, count, n_unique, first, last"),
        (lambda d: d.group_by("k").agg(t=("median", "s")), TypeError, r"^median\(\) requires int or float"),
        (lambda d: d.group_by("k").agg(t=("mean", "k")), TypeError, r"^mean\(\) requires int or float"),
        (lambda d: d.group_by("k").median("s"), TypeError, r"^median\(\) requires int or float"),
        (lambda d: d.group_by("gone"), KeyError, r"^group_by\(\) unknown key 'gone'\."),
        (lambda d: d.group_by("k", col("gone")), KeyError, r"^group_by\(\) unknown key 'gone'\."),
        (lambda d: d.group_by("k").agg(t=("sum", "gone")), KeyError, r"^agg\(\) unknown input column 'gone'\."),
        (lambda d: d.group_by("k").agg(t=("sum", col("gone"))), KeyError, r"^agg\(\) unknown input column 'gone'\."),
        (lambda d: d.group_by("k").agg(t=col("gone").sum()), KeyError, r"^agg\(\) unknown input column 'gone'\."),
        (lambda d: d.group_by("k").sum("gone"), KeyError, r"^agg\(\) unknown input column 'gone'\."),
    ],
)  # fmt: skip
def test_group_by_errors(
    build: Callable[[Sale], Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        build(_sale())


@pytest.mark.parametrize("op", ["sum", "mean", "min", "max", "count"])
def test_shortcuts_need_columns_and_take_streaming(op: str) -> None:
    grouped = _sale().group_by("k", maintain_order=True)
    method = getattr(grouped, op)
    with pytest.raises(
        ValueError, match=rf"^{op}\(\) requires at least one column name\.$"
    ):
        method()
    with pytest.raises(
        ValueError, match=rf"^{op}\(\) requires at least one column name\.$"
    ):
        method(streaming=True)
    out = method("y", streaming=True)
    assert out.columns == ["k", f"y_{op}"]
    values = {"a": [1.0, 3.0], "b": [2.0, 4.0]}
    python = {
        "sum": sum,
        "mean": lambda v: sum(v) / len(v),
        "min": min,
        "max": max,
        "count": len,
    }[op]
    assert out.to_dict()[f"y_{op}"] == [python(values["a"]), python(values["b"])]
    assert method("y").to_dict() == out.to_dict()


def test_every_shortcut_takes_streaming() -> None:
    grouped = _sale().group_by("k", maintain_order=True)
    for op in ("median", "std", "var", "n_unique", "first", "last"):
        assert getattr(grouped, op)("y", streaming=False).columns == ["k", f"y_{op}"]
    assert grouped.len(streaming=True).to_dict() == {"k": ["a", "b"], "len": [2, 2]}


def test_a_one_column_expression_spec_is_accepted() -> None:
    out = (
        _sale()
        .group_by("k", maintain_order=True)
        .agg(t=("sum", col("y") * 2), m=("max", _sale().x))
    )
    assert out.to_dict() == {"k": ["a", "b"], "t": [8.0, 12.0], "m": [3, None]}


_cells = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c"]), st.one_of(st.none(), st.integers(0, 3))
    ),
    max_size=30,
)


@settings(max_examples=50, deadline=None)
@given(_cells)
def test_n_unique_ignores_nulls(rows: list[tuple[str, int | None]]) -> None:
    class KV(DataFrameModel):
        k: str
        v: int | None

    frame = KV({"k": [k for k, _ in rows], "v": [v for _, v in rows]})
    expected: dict[str, set[int]] = {}
    for k, v in rows:
        expected.setdefault(k, set())
        if v is not None:
            expected[k].add(v)
    keys = list(expected)  # order of first appearance
    counts = [len(expected[k]) for k in keys]
    grouped = frame.group_by("k", maintain_order=True)
    assert grouped.agg(n=("n_unique", "v")).to_dict() == {"k": keys, "n": counts}
    assert grouped.n_unique("v").to_dict() == {"k": keys, "v_n_unique": counts}
    out = grouped.agg(n=("n_unique", "v"))
    assert not out.schema["n"].nullable


def test_n_unique_of_an_all_null_group_is_zero() -> None:
    out = _sale().group_by("k", maintain_order=True).agg(n=("n_unique", "x"))
    assert out.to_dict() == {"k": ["a", "b"], "n": [2, 0]}
    dynamic = _sale().with_row_index("t").group_by_dynamic("t", every=2)
    assert dynamic.agg(n=("n_unique", "x")).to_dict() == {"t": [0, 2], "n": [1, 1]}
