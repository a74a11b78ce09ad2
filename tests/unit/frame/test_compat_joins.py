"""The original's contract for ``join`` (conformance delta 2.15)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pydantable import DataFrameModel
from pydantable.errors import JoinValidationError


class Left(DataFrameModel):
    k: int
    x: str


class Right(DataFrameModel):
    k: int
    y: float


def _left() -> Left:
    return Left({"k": [1, 2, 2], "x": ["p", "q", "r"]})


def _right() -> Right:
    return Right({"k": [1, 2], "y": [0.5, 1.5]})


SPELLINGS = {
    "one_to_one": "1:1",
    "one_to_many": "1:m",
    "many_to_one": "m:1",
    "many_to_many": "m:m",
}


@pytest.mark.parametrize("validate", [*SPELLINGS, *SPELLINGS.values()])
def test_validate_spellings(validate: str) -> None:
    short = SPELLINGS.get(validate, validate)
    left_unique = short in ("1:1", "1:m")
    if left_unique:  # the left keys repeat (2, 2)
        with pytest.raises(JoinValidationError, match="left frame's keys"):
            _left().join(_right(), on="k", validate=validate)
    else:
        out = _left().join(_right(), on="k", validate=validate)
        assert sorted(out.to_dict()["y"]) == [0.5, 1.5, 1.5]


def test_validate_on_scan_roots(tmp_path: Path) -> None:
    left_path, right_path = tmp_path / "l.parquet", tmp_path / "r.parquet"
    _left().write_parquet(left_path)
    _right().write_parquet(right_path)
    left, right = Left.read_parquet(left_path), Right.read_parquet(right_path)
    out = left.join(right, on="k", validate="many_to_one").sort("x")
    assert out.to_dict() == {"k": [1, 2, 2], "x": ["p", "q", "r"], "y": [0.5, 1.5, 1.5]}
    with pytest.raises(JoinValidationError, match="left frame's keys"):
        left.join(right, on="k", validate="one_to_one")
    with pytest.raises(JoinValidationError, match="right frame's keys"):
        right.join(left, on="k", validate="m:1")


@pytest.mark.parametrize("option", ["allow_parallel", "force_parallel"])
@pytest.mark.parametrize("value", [True, False])
def test_parallel_options_exist_and_raise(option: str, value: bool) -> None:
    with pytest.raises(NotImplementedError, match=option):
        _left().join(_right(), on="k", **{option: value})
    # unset, they change nothing
    assert _left().join(_right(), on="k", **{option: None}).height == 3


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"on": "k", "how": "cross"}, ValueError, r"^cross join does not accept on/left_on/right_on keys\.$"),
        ({"left_on": "k", "how": "cross"}, ValueError, r"^cross join does not accept"),
        ({"right_on": "k", "how": "cross"}, ValueError, r"^cross join does not accept"),
        ({}, ValueError, r"^join\(\) requires on=\.\.\. or both left_on=\.\.\. and right_on=\.\.\.$"),
        ({"left_on": "k"}, ValueError, r"^join\(\) requires on=\.\.\. or both left_on"),
        ({"right_on": "k", "how": "left"}, ValueError, r"^join\(\) requires on=\.\.\. or both left_on"),
        ({"left_on": ["k", "x"], "right_on": ["k"]}, ValueError, r"^join\(\) left_on and right_on must have the same length\."),
        ({"on": "gone"}, KeyError, r"^join\(\) unknown left join key 'gone'\."),
        ({"left_on": "gone", "right_on": "k"}, KeyError, r"^join\(\) unknown left join key 'gone'\."),
        ({"left_on": "k", "right_on": "gone"}, KeyError, r"^join\(\) unknown right join key 'gone'\."),
        ({"on": "x"}, KeyError, r"^join\(\) unknown right join key 'x'\."),
        ({"on": "k", "how": "sideways"}, ValueError, r"^Unsupported join how 'sideways'\. Use one of: inner, left, right, full, semi, anti, cross, outer\.$"),
        ({"on": "k", "validate": "1:2"}, ValueError, "one_to_one"),
    ],
)  # fmt: skip
def test_join_errors(
    kwargs: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        _left().join(_right(), **kwargs)


def test_outer_is_full_and_cross_takes_no_keys() -> None:
    assert _left().join(_right(), how="cross").height == 6
    outer = _left().join(_right(), on="k", how="outer")
    assert outer.columns == _left().join(_right(), on="k", how="full").columns
