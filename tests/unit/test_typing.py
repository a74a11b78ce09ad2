"""The generic protocols of ``pydantable.typing``."""

from __future__ import annotations

from typing import Any

import pydantable.typing as pt
from pydantable import DataFrame, DataFrameModel, Schema


class T(DataFrameModel):
    x: int


class S(Schema):
    x: int


def test_exports() -> None:
    assert set(pt.__all__) == {
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
