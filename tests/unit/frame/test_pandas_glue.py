"""pandas glue: pandas Series in ``with_columns`` (nullable dtypes, NaN vs None),
``to_pandas``/``ato_pandas`` and the error naming the extra."""

from __future__ import annotations

import asyncio
import datetime as dt
import sys

import numpy as np
import pandas as pd
import pydantic
import pytest

from pydantable import DataFrameModel
from pydantable.errors import ColumnLengthMismatchError, MissingOptionalDependency


class Row(DataFrameModel):
    id: int
    score: float | None
    ok: bool | None
    at: dt.datetime
    tag: str | None


def _rows() -> Row:
    return Row(
        {
            "id": [1, 2, 3],
            "score": [0.5, None, 1.5],
            "ok": [True, None, False],
            "at": [
                dt.datetime(2024, 1, 1),
                dt.datetime(2024, 1, 2),
                dt.datetime(2024, 1, 3),
            ],
            "tag": ["a", None, "c"],
        }
    )


def test_pandas_nullable_dtypes_become_nulls() -> None:
    df = _rows()
    out = df.with_columns(
        n=pd.Series([1, pd.NA, 3], dtype="Int64"),
        b=pd.Series([True, pd.NA, False], dtype="boolean"),
        s=pd.Series(["x", pd.NA, "z"], dtype="string"),
    )
    assert out.dtypes["n"] == int | None
    assert out.dtypes["b"] == bool | None
    assert out.dtypes["s"] == str | None
    got = out.to_dict()
    assert got["n"] == [1, None, 3]
    assert got["b"] == [True, None, False]
    assert got["s"] == ["x", None, "z"]


def test_pandas_nan_is_missing_but_numpy_nan_is_a_float() -> None:
    df = _rows()
    from_pandas = df.with_columns(p=pd.Series([0.5, np.nan, 1.0]))
    assert from_pandas.dtypes["p"] == float | None
    assert from_pandas.to_dict()["p"] == [0.5, None, 1.0]
    from_numpy = df.with_columns(p=np.array([0.5, np.nan, 1.0]))
    assert from_numpy.dtypes["p"] is float
    assert np.isnan(from_numpy.to_dict()["p"][1])
    with pytest.raises(pydantic.ValidationError) as info:  # id is not nullable
        df.with_columns(id=pd.Series([1, pd.NA, 3], dtype="Int64"))
    assert [e["loc"] for e in info.value.errors()] == [("id", 1)]


def test_pandas_series_is_aligned_by_position_not_index() -> None:
    df = _rows()
    series = pd.Series([10, 20, 30], index=[2, 0, 1])
    assert df.with_columns(v=series).to_dict()["v"] == [10, 20, 30]
    with pytest.raises(ColumnLengthMismatchError):
        df.with_columns(v=pd.Series([1, 2]))


def test_positional_named_pandas_series() -> None:
    out = _rows().with_columns(pd.Series([3.0, 2.0, 1.0], name="w"))
    assert out.to_dict()["w"] == [3.0, 2.0, 1.0]


def test_caller_series_is_not_mutated() -> None:
    series = pd.Series([1.0, np.nan, 3.0])
    before = series.copy()
    _rows().with_columns(score=series).sort("id", descending=True).to_dict()
    pd.testing.assert_series_equal(series, before)


def test_to_pandas_dtypes() -> None:
    pdf = _rows().to_pandas()
    assert list(pdf.columns) == ["id", "score", "ok", "at", "tag"]
    assert {c: str(t) for c, t in pdf.dtypes.items()} == {
        "id": "int64",
        "score": "float64",
        "ok": "boolean",
        "at": "datetime64[us]",
        "tag": pdf.dtypes["tag"].name,  # object or pandas' default str dtype
    }
    assert pdf["ok"].isna().tolist() == [False, True, False]
    assert np.isnan(pdf["score"][1])
    assert pdf["tag"].isna().tolist() == [False, True, False]


def test_to_pandas_nullable_int_keeps_ints() -> None:
    class Big(DataFrameModel):
        n: int | None

    big = 2**60 + 1  # not representable as float64
    pdf = Big({"n": [big, None]}).to_pandas()
    assert str(pdf["n"].dtype) == "Int64"
    assert int(pdf["n"][0]) == big
    assert pdf["n"][1] is pd.NA


def test_to_pandas_pyarrow_backend_and_errors() -> None:
    pdf = _rows().to_pandas(dtype_backend="pyarrow")
    assert all(isinstance(t, pd.ArrowDtype) for t in pdf.dtypes)
    assert pdf["id"].tolist() == [1, 2, 3]
    with pytest.raises(ValueError, match="dtype_backend"):
        _rows().to_pandas(dtype_backend="numpy_nullable")


def test_to_pandas_after_transforms_and_async() -> None:
    df = _rows()
    kept = df.filter(df.id > 1).select("id", "tag")
    pdf = kept.to_pandas()
    assert pdf["id"].tolist() == [2, 3]
    assert pdf["tag"].isna().tolist() == [True, False]
    assert pdf["tag"][1] == "c"
    out = asyncio.run(kept.ato_pandas())
    assert out["id"].tolist() == [2, 3]


def test_round_trip_through_pandas() -> None:
    df = _rows()
    again = Row(df.to_pandas())
    assert again.to_dict() == df.to_dict()


def test_without_pandas_the_error_names_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if not installed
    with pytest.raises(MissingOptionalDependency, match=r"pydantable-frames\[pandas\]"):
        _rows().to_pandas()
