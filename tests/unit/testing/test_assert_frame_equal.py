"""``pydantable.testing.assert_frame_equal``: schemas, order, nulls, the diff."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest
from pydantic import BaseModel

from pydantable import DataFrameModel
from pydantable.testing import assert_frame_equal


class Point(BaseModel):
    x: int
    y: int | None


class Left(DataFrameModel):
    id: int
    name: str | None
    score: float | None
    at: Point | None
    tags: list[str]


class Right(DataFrameModel):  # another class, the same schema
    id: int
    name: str | None
    score: float | None
    at: Point | None
    tags: list[str]


DATA = {
    "id": [1, 2, 3, 4],
    "name": ["a", None, "c", None],
    "score": [1.5, None, float("nan"), 2.0],
    "at": [{"x": 1, "y": None}, None, {"x": 3, "y": 4}, {"x": 1, "y": 2}],
    "tags": [["t"], [], ["u", "v"], ["t"]],
}


def _reorder(
    data: dict[str, list[object]], order: list[int]
) -> dict[str, list[object]]:
    return {k: [v[i] for i in order] for k, v in data.items()}


def test_equal_frames_of_different_classes_pass() -> None:
    assert_frame_equal(Left(DATA), Right(DATA))
    assert_frame_equal(Left(DATA), Left(DATA).filter(Left(DATA).id > 0))


def test_check_order_false_compares_multisets_with_nulls() -> None:
    shuffled = Right(_reorder(DATA, [3, 1, 0, 2]))
    with pytest.raises(AssertionError, match="frames differ in"):
        assert_frame_equal(Left(DATA), shuffled)
    assert_frame_equal(Left(DATA), shuffled, check_order=False)
    # multisets: a duplicated row is not the same as two distinct rows
    dup = _reorder(DATA, [0, 0, 2, 3])
    with pytest.raises(AssertionError, match=r"frames differ in \d+ of 4 rows"):
        assert_frame_equal(Left(DATA), Left(dup), check_order=False)


def test_the_diff_shows_the_first_differing_rows_and_cells() -> None:
    other = {
        **DATA,
        "name": ["a", "B", "c", None],
        "score": [1.5, None, float("nan"), 9.0],
    }
    with pytest.raises(AssertionError) as info:
        assert_frame_equal(Left(DATA), Left(other))
    assert str(info.value).splitlines() == [
        "frames differ in 2 of 4 rows (first differing rows below)",
        "  row 1: name: None != 'B'",
        "  row 3: score: 2.0 != 9.0",
    ]


def test_the_diff_is_bounded() -> None:
    class Big(DataFrameModel):
        id: int
        text: str

    n = 1000
    left = Big({"id": list(range(n)), "text": ["x" * 500] * n})
    right = Big({"id": list(range(n)), "text": ["y" * 500] * n})
    with pytest.raises(AssertionError) as info:
        assert_frame_equal(left, right)
    message = str(info.value)
    lines = message.splitlines()
    assert lines[0] == f"frames differ in {n} of {n} rows (first differing rows below)"
    assert len(lines) == 1 + 5 + 1
    assert lines[-1] == f"  … {n - 5} more differing rows"
    assert len(message) < 2_000
    assert "x" * 80 not in message


def test_nested_values_are_compared() -> None:
    other = {**DATA, "at": [{"x": 1, "y": 0}, None, {"x": 3, "y": 4}, {"x": 1, "y": 2}]}
    with pytest.raises(
        AssertionError, match=r"row 0: at: \{'x': 1, 'y': None\} != \{'x': 1, 'y': 0\}"
    ):
        assert_frame_equal(Left(DATA), Left(other))
    other = {**DATA, "tags": [["t"], [], ["u"], ["t"]]}
    with pytest.raises(AssertionError, match=r"row 2: tags: \['u', 'v'\] != \['u'\]"):
        assert_frame_equal(Left(DATA), Left(other), check_order=False)


def test_schemas_must_match() -> None:
    class Fewer(DataFrameModel):
        id: int

    with pytest.raises(
        AssertionError, match=r"different columns \(only in left: \['name'"
    ):
        assert_frame_equal(Left(DATA), Fewer({"id": [1, 2, 3, 4]}))
    swapped = Left(DATA).select("name", "id", "score", "at", "tags")
    with pytest.raises(AssertionError, match=r"different columns \(order"):
        assert_frame_equal(Left(DATA), swapped)


def test_check_dtypes() -> None:
    class Ints(DataFrameModel):
        v: int

    class Floats(DataFrameModel):
        v: float

    class Optional(DataFrameModel):
        v: int | None

    with pytest.raises(AssertionError, match=r"different dtypes: v: Int64 != Float64"):
        assert_frame_equal(Ints({"v": [1, 2]}), Floats({"v": [1.0, 2.0]}))
    with pytest.raises(AssertionError, match=r"v: Int64 != Int64 \| None"):
        assert_frame_equal(Ints({"v": [1]}), Optional({"v": [1]}))
    assert_frame_equal(
        Ints({"v": [1, 2]}), Floats({"v": [1.0, 2.0]}), check_dtypes=False
    )
    assert_frame_equal(Ints({"v": [1]}), Optional({"v": [1]}), check_dtypes=False)
    with pytest.raises(AssertionError, match=r"row 1: v: 2 != 2.5"):
        assert_frame_equal(
            Ints({"v": [1, 2]}), Floats({"v": [1.0, 2.5]}), check_dtypes=False
        )


def test_heights_and_empty_frames() -> None:
    with pytest.raises(AssertionError, match="different heights: 4 != 3"):
        assert_frame_equal(Left(DATA), Left(_reorder(DATA, [0, 1, 2])))
    empty = {k: [] for k in DATA}
    assert_frame_equal(Left(empty), Right(empty), check_order=False)


def test_temporal_and_decimal_columns() -> None:
    class T(DataFrameModel):
        day: dt.date
        amount: decimal.Decimal

    a = T({"day": [dt.date(2024, 1, 2)], "amount": [decimal.Decimal("1.50")]})
    b = T({"day": [dt.date(2024, 1, 2)], "amount": [decimal.Decimal("1.5")]})
    assert_frame_equal(a, b)
    c = T({"day": [dt.date(2024, 1, 3)], "amount": [decimal.Decimal("1.5")]})
    with pytest.raises(
        AssertionError,
        match=r"day: datetime.date\(2024, 1, 2\) != datetime.date\(2024, 1, 3\)",
    ):
        assert_frame_equal(a, c)


def test_inputs_are_frames_and_are_not_changed() -> None:
    with pytest.raises(TypeError, match=r"right is not a frame \(dict"):
        assert_frame_equal(Left(DATA), DATA)
    before = {k: list(v) for k, v in DATA.items()}
    frame = Left(DATA)
    assert_frame_equal(frame, Right(_reorder(DATA, [1, 0, 3, 2])), check_order=False)
    assert frame.to_dict()["id"] == [1, 2, 3, 4]
    assert DATA["id"] == before["id"]
