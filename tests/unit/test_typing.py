"""The generic protocols of ``pydantable.typing``."""

from __future__ import annotations

from typing import Any

import pydantic
import pytest

import pydantable.typing as pt
from pydantable import DataFrame, DataFrameModel, Schema


class T(DataFrameModel):
    x: int


class S(Schema):
    x: int


def test_exports() -> None:
    assert set(pt.__all__) == {
        "Col",
        "DataFrameModelWithRow",
        "RowT",
        "SupportsLazyAsyncMaterialize",
    }


def test_supports_lazy_async_materialize() -> None:
    class Custom:
        async def acollect(self) -> int:
            return 1

    class NotCallable:
        acollect = 3

    assert isinstance(T({"x": [1]}), pt.SupportsLazyAsyncMaterialize)
    assert isinstance(DataFrame[S]({"x": [1]}), pt.SupportsLazyAsyncMaterialize)
    assert isinstance(Custom(), pt.SupportsLazyAsyncMaterialize)
    assert not isinstance(object(), pt.SupportsLazyAsyncMaterialize)
    assert not isinstance(NotCallable(), pt.SupportsLazyAsyncMaterialize)


def test_data_frame_model_with_row() -> None:
    frame: Any = T({"x": [1]})
    assert isinstance(frame, pt.DataFrameModelWithRow)
    assert frame.rows()[0].x == 1
    assert not isinstance(object(), pt.DataFrameModelWithRow)


def test_col_is_the_cell_type_at_run_time() -> None:
    """``Col[T]`` is ``T`` at run time: the model is the one of ``x: T``
    (string annotations here: ``from __future__ import annotations``)."""
    assert pt.Col[int] is int
    assert pt.Col[int | None] == (int | None)

    class Plain(DataFrameModel):
        n: int
        s: str | None

    class Spelled(DataFrameModel):
        n: pt.Col[int]
        s: pt.Col[str | None]

    assert Spelled.__pydantable_schema__ == Plain.__pydantable_schema__
    rows = [{"n": 1, "s": None}, {"n": 2, "s": "x"}]
    assert Spelled(rows).to_dict() == Plain(rows).to_dict()
    with pytest.raises(pydantic.ValidationError):
        Spelled([{"n": "not a number", "s": None}])
