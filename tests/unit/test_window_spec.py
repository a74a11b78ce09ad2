"""The Spark-style window specification builder."""

from __future__ import annotations

import datetime as dt

import pytest

from pydantable.window_spec import Window, WindowSpec


def test_builders_are_immutable() -> None:
    base = Window.partitionBy("g")
    ordered = base.orderBy("t", "u", ascending=[True, False], nulls_last=True)
    framed = ordered.rowsBetween(-2, Window.currentRow)
    assert base.order == ()
    assert base.frame is None
    assert ordered.descending == (False, True)
    assert ordered.nulls_last == (True, True)
    assert framed.frame == ("rows", -2, 0)
    assert ordered.frame is None
    assert isinstance(framed, WindowSpec)
    with pytest.raises(AttributeError):
        framed.frame = None  # type: ignore[misc]


def test_unbounded_and_range_bounds() -> None:
    w = Window.orderBy("t")
    assert w.rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing).frame == (
        "rows", None, None,
    )  # fmt: skip
    assert w.rangeBetween(-dt.timedelta(days=1), 0).frame == (
        "range", -dt.timedelta(days=1), dt.timedelta(0),
    )  # fmt: skip
    assert w.rangeBetween(-1.5, 2).frame == ("range", -1.5, 2)


def test_bad_specs() -> None:
    with pytest.raises(ValueError, match="after end"):
        Window.orderBy("t").rowsBetween(1, -1)
    with pytest.raises(TypeError, match="row counts"):
        Window.orderBy("t").rowsBetween(-1.5, 0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="list of 2 bools"):
        Window.orderBy("a", "b", ascending=[True])
    with pytest.raises(ValueError, match="at least one column"):
        Window.orderBy()
    with pytest.raises(TypeError, match="column names or expressions"):
        Window.partitionBy(3)
    with pytest.raises(ValueError, match="unboundedFollowing"):
        Window.orderBy("t").rowsBetween(
            Window.unboundedFollowing, Window.unboundedFollowing
        )
