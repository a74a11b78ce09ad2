"""The Spark-style window specification builder."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from pydantable.expressions import col
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
    with pytest.raises(dataclasses.FrozenInstanceError):
        framed.frame_kind = None  # type: ignore[misc]


def test_window_spec_is_a_frozen_dataclass_with_the_original_fields() -> None:
    assert dataclasses.is_dataclass(WindowSpec)
    names = [f.name for f in dataclasses.fields(WindowSpec)]
    assert names == [
        "partition_by",
        "order_by",
        "frame_kind",
        "frame_start",
        "frame_end",
    ]
    w = (
        Window.partitionBy("g", "h")
        .orderBy("t", "u", ascending=[True, False], nulls_last=[None, True])
        .rangeBetween(-3, Window.unboundedFollowing)
    )
    assert w.partition_by == ("g", "h")
    assert w.order_by == (("t", True, None), ("u", False, True))
    assert (w.frame_kind, w.frame_start, w.frame_end) == (
        "range", -3, Window.unboundedFollowing,
    )  # fmt: skip
    assert w.frame == ("range", -3, None)  # normalised view: None = unbounded
    assert w.nulls_last == (False, True)  # None: the default placement, nulls first


def test_order_by_defaults() -> None:
    w = Window.partitionBy("g").orderBy("t")
    assert w.order_by == (("t", True, None),)
    assert (w.frame_kind, w.frame_start, w.frame_end) == (None, None, None)
    assert Window.orderBy("t", ascending=False, nulls_last=False).order_by == (
        ("t", False, False),
    )
    key = col("t")
    assert Window.orderBy(key).order_by[0][0] is key  # expressions are kept


def test_spec_finishes_a_partition_only_builder() -> None:
    spec = Window.partitionBy("g").spec()
    assert isinstance(spec, WindowSpec)
    assert spec == WindowSpec(partition_by=("g",))
    assert (spec.order_by, spec.frame_kind) == ((), None)
    ordered = Window.partitionBy("g").orderBy("t")
    assert ordered.spec() == ordered


def test_partition_only_builder_takes_frames() -> None:
    rows = Window.partitionBy("g").rowsBetween(Window.unboundedPreceding, 0)
    assert rows.partition_by == ("g",)
    assert rows.order_by == ()
    assert (rows.frame_kind, rows.frame_start, rows.frame_end) == (
        "rows", Window.unboundedPreceding, 0,
    )  # fmt: skip
    ranged = Window.partitionBy("g").rangeBetween(-1, 1)
    assert (ranged.frame_kind, ranged.frame_start, ranged.frame_end) == ("range", -1, 1)


@pytest.mark.parametrize(
    "build",
    [
        lambda: Window.partitionBy(),
        lambda: Window.partitionBy([]),
        lambda: Window.orderBy("t").partitionBy(),
    ],
)
def test_partition_by_needs_a_column(build: object) -> None:
    with pytest.raises(
        ValueError, match=r"^partitionBy\(\) requires at least one column name\.$"
    ):
        build()  # type: ignore[operator]


@pytest.mark.parametrize(
    "build",
    [
        lambda: Window.orderBy(),
        lambda: Window.partitionBy("g").orderBy(),
        lambda: Window.partitionBy("g").orderBy([]),
    ],
)
def test_order_by_needs_a_column(build: object) -> None:
    with pytest.raises(
        ValueError, match=r"^orderBy\(\) requires at least one column\.$"
    ):
        build()  # type: ignore[operator]


def test_flag_lists_must_match_the_columns() -> None:
    w = Window.partitionBy("g")
    with pytest.raises(
        ValueError, match=r"^ascending length must match columns length\.$"
    ):
        w.orderBy("a", "b", ascending=[True])
    with pytest.raises(
        ValueError, match=r"^nulls_last length must match columns length\.$"
    ):
        w.orderBy("a", "b", nulls_last=[True, False, None])
    with pytest.raises(ValueError, match="ascending must be a bool or a list of bools"):
        w.orderBy("a", ascending=[1])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="nulls_last must be a bool or a list"):
        w.orderBy("a", nulls_last="yes")  # type: ignore[arg-type]


def test_direct_construction_is_checked() -> None:
    spec = WindowSpec(partition_by=["g"], order_by=["t", ("u", False, True)])  # type: ignore[arg-type]
    assert spec.partition_by == ("g",)
    assert spec.order_by == (("t", True, None), ("u", False, True))
    with pytest.raises(TypeError, match="order_by entries must be"):
        WindowSpec(order_by=(("t", "asc", None),))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="frame_kind must be 'rows', 'range' or None"):
        WindowSpec(frame_kind="groups", frame_start=0, frame_end=0)
    with pytest.raises(ValueError, match="need frame_kind"):
        WindowSpec(frame_start=-1, frame_end=0)
    with pytest.raises(ValueError, match="after end"):
        WindowSpec(frame_kind="rows", frame_start=1, frame_end=0)


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
    with pytest.raises(TypeError, match="column names or expressions"):
        Window.partitionBy(3)
    with pytest.raises(ValueError, match="unboundedFollowing"):
        Window.orderBy("t").rowsBetween(
            Window.unboundedFollowing, Window.unboundedFollowing
        )
    with pytest.raises(TypeError, match="same kind"):
        Window.orderBy("t").rangeBetween(-dt.timedelta(days=1), 1)
