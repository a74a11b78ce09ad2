"""NumPy glue: ``with_columns(name=<array | Series | list>)``, ``to_numpy``,
``np.asarray(frame)``, ``from_numpy`` and ``ato_numpy``."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Annotated

import numpy as np
import polars as pl
import pydantic
import pytest

from pydantable import DataFrame, DataFrameModel, Schema
from pydantable.errors import ColumnLengthMismatchError, ColumnNotFoundError


class Features(DataFrameModel):
    id: int
    age: int | None
    income: float
    name: str


def _features() -> Features:
    return Features(
        {
            "id": [1, 2, 3, 4],
            "age": [30, None, 41, 17],
            "income": [10.5, 20.0, 30.25, 5.0],
            "name": ["a", "b", "c", "d"],
        }
    )


# -- with_columns(name=values) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "annotation", "expected"),
    [
        (np.array([1, 2, 3, 4], dtype=np.int32), int, [1, 2, 3, 4]),
        (np.array([1, 2, 3, 4], dtype=np.uint8), int, [1, 2, 3, 4]),
        (np.array([0.5, 1.5, 2.5, np.nan]), float, [0.5, 1.5, 2.5, None]),
        (np.array([True, False, True, True]), bool, [True, False, True, True]),
        (np.array(["w", "x", "y", "z"]), str, ["w", "x", "y", "z"]),
        (pl.Series([1.0, None, 2.0, 3.0]), float | None, [1.0, None, 2.0, 3.0]),
        ([1, 2, None, 4], int | None, [1, 2, None, 4]),
        (np.array([1, 2, 3, None], dtype=object), int | None, [1, 2, 3, None]),
    ],
)
def test_new_column_type_is_inferred_from_the_values(
    values: object, annotation: object, expected: list[object]
) -> None:
    out = _features().with_columns(pred=values).to_dict()["pred"]
    frame = _features().with_columns(pred=values)
    assert frame.dtypes["pred"] == annotation
    if annotation is float:  # NumPy NaN stays a float NaN (not a null)
        assert out[:3] == expected[:3]
        assert np.isnan(out[3])
    else:
        assert out == expected
    assert frame.columns == ["id", "age", "income", "name", "pred"]


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns", "D"])
def test_datetime64_units(unit: str) -> None:
    values = np.array(["2024-01-02T03:04:05", "2024-02-03T00:00:00"]).astype(
        f"datetime64[{unit}]"
    )
    frame = Features(
        {"id": [1, 2], "age": [1, 2], "income": [1.0, 2.0], "name": ["a", "b"]}
    ).with_columns(at=values)
    assert frame.dtypes["at"] is dt.datetime
    got = frame.to_dict()["at"]
    first = dt.datetime(2024, 1, 2, 3, 4, 5) if unit != "D" else dt.datetime(2024, 1, 2)
    assert got == [first, dt.datetime(2024, 2, 3)]


def test_datetime64_nanoseconds_keep_microseconds() -> None:
    values = np.array(["2024-01-01T00:00:00.123456789"], dtype="datetime64[ns]")
    one = Features({"id": [1], "age": [1], "income": [1.0], "name": ["a"]})
    assert one.with_columns(at=values).to_dict()["at"] == [
        dt.datetime(2024, 1, 1, 0, 0, 0, 123456)
    ]


def test_existing_column_is_validated_against_its_declaration() -> None:
    df = _features()
    replaced = df.with_columns(income=np.array([1, 2, 3, 4]))  # ints fit a float
    assert type(replaced) is Features  # the schema is unchanged
    assert replaced.columns == df.columns  # position kept
    assert replaced.to_dict()["income"] == [1.0, 2.0, 3.0, 4.0]
    with pytest.raises(pydantic.ValidationError) as info:
        df.with_columns(id=np.array([1.0, 2.5, 3.0, 4.0]))
    (error,) = info.value.errors()
    assert error["type"] == "int_from_float"
    assert error["loc"] == ("id", 1)
    assert error["input"] == 2.5
    with pytest.raises(pydantic.ValidationError) as info:  # not nullable
        df.with_columns(income=[1.0, None, 2.0, 3.0])
    assert [e["loc"] for e in info.value.errors()] == [("income", 1)]


def test_declared_constraints_apply_to_replacing_values() -> None:
    class Scored(DataFrameModel):
        score: Annotated[float, pydantic.Field(ge=0, le=1)]

    df = Scored({"score": [0.1, 0.2]})
    assert df.with_columns(score=np.array([0.5, 1.0])).to_dict() == {
        "score": [0.5, 1.0]
    }
    with pytest.raises(pydantic.ValidationError) as info:
        df.with_columns(score=np.array([0.5, 1.5]))
    (error,) = info.value.errors()
    assert error["type"] == "less_than_equal"
    assert error["loc"] == ("score", 1)


def test_object_arrays_are_validated() -> None:
    df = _features()
    with pytest.raises(pydantic.ValidationError) as info:
        df.with_columns(age=np.array([1, "x", 3, None], dtype=object))
    (error,) = info.value.errors()
    assert error["type"] == "int_parsing"
    assert error["loc"] == ("age", 1)
    ok = df.with_columns(age=np.array(["5", 6, None, 7], dtype=object))
    assert ok.to_dict()["age"] == [5, 6, None, 7]  # lax, like Pydantic


def test_mixed_values_for_a_new_column_are_refused_clearly() -> None:
    with pytest.raises(TypeError, match=r"with_columns\(pred=\.\.\.\): cannot infer"):
        _features().with_columns(pred=np.array([1, "x", 3, 4], dtype=object))
    with pytest.raises(TypeError, match="cannot infer"):
        _features().with_columns(pred=[None, None, None, None])
    with pytest.raises(TypeError, match="cannot infer"):
        _features().with_columns(pred=[[1], [2], [3], [4]])  # nested values


def test_length_mismatch() -> None:
    df = _features()
    with pytest.raises(ColumnLengthMismatchError, match="3 values for a frame of 4"):
        df.with_columns(pred=np.array([1, 2, 3]))
    with pytest.raises(ColumnLengthMismatchError, match="5 values for a frame of 4"):
        df.with_columns(pred=[1, 2, 3, 4, 5])
    with pytest.raises(ColumnLengthMismatchError):  # one value does not broadcast
        df.with_columns(pred=np.array([1]))


def test_two_dimensional_arrays_are_refused() -> None:
    with pytest.raises(
        ValueError, match=r"1-D column of values; got an array of shape \(4, 2\)"
    ):
        _features().with_columns(pred=np.ones((4, 2)))


def test_rows_stay_aligned_after_earlier_steps() -> None:
    df = _features()
    adults = df.filter(df.age >= 18).sort("income", descending=True)
    assert adults._height is None  # unknown until counted
    scored = adults.with_columns(pred=np.array([0.9, 0.1]), double=adults.income * 2)
    assert scored.to_dict() == {
        "id": [3, 1],
        "age": [41, 30],
        "income": [30.25, 10.5],
        "name": ["c", "a"],
        "pred": [0.9, 0.1],
        "double": [60.5, 21.0],
    }
    with pytest.raises(ColumnLengthMismatchError, match="4 values for a frame of 2"):
        adults.with_columns(pred=np.zeros(4))
    # later steps see the new column
    assert scored.filter(scored.pred > 0.5).to_dict()["id"] == [3]


def test_rows_stay_aligned_on_a_lazy_scan() -> None:
    class Row(DataFrameModel):
        x: int

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.parquet"
        pl.DataFrame({"x": [5, 1, 4, 2, 3]}).write_parquet(path)
        scan = Row.read_parquet(os.fspath(path))
        kept = scan.filter(scan.x > 1).sort("x")
        out = kept.with_columns(rank=np.array([1, 2, 3, 4])).to_dict()
    assert out == {"x": [2, 3, 4, 5], "rank": [1, 2, 3, 4]}


def test_expressions_see_the_columns_as_they_were() -> None:
    df = _features()
    out = df.with_columns(income=np.zeros(4), before=df.income + 0).to_dict()
    assert out["income"] == [0.0] * 4
    assert out["before"] == [10.5, 20.0, 30.25, 5.0]


def test_positional_series_and_keyword_order() -> None:
    df = _features()
    out = df.with_columns(pl.Series("b", [1, 2, 3, 4]), a=np.arange(4))
    assert out.columns[-2:] == ["a", "b"]
    assert out.to_dict()["b"] == [1, 2, 3, 4]
    with pytest.raises(ValueError, match="needs a name"):
        df.with_columns(pl.Series("", [1, 2, 3, 4]))


def test_callers_array_is_not_mutated() -> None:
    values = np.array([3.0, np.nan, 1.0, 2.0])
    before = values.copy()
    series = pl.Series("s", [1, None, 3, 4])
    listed = [1, None, 3, 4]
    df = _features()
    df.with_columns(p=values, s=series, q=listed).sort("p").to_dict()
    np.testing.assert_array_equal(values, before)
    assert series.to_list() == [1, None, 3, 4]
    assert listed == [1, None, 3, 4]
    array = np.array([[1, 2.5], [3, 4.5]])
    kept = array.copy()

    class Two(DataFrameModel):
        a: int
        b: float

    Two.from_numpy(array).with_columns(b=np.array([0.0, 0.0])).to_dict()
    np.testing.assert_array_equal(array, kept)


def test_dataframe_schema_face() -> None:
    class S(Schema):
        x: int

    df = DataFrame[S]({"x": [1, 2]})
    out = df.with_columns(y=np.array([0.5, 0.25]))
    assert out.to_dict() == {"x": [1, 2], "y": [0.5, 0.25]}


# -- to_numpy / __array__ -----------------------------------------------------------------


def test_to_numpy_common_dtype() -> None:
    df = _features()
    both = df.to_numpy(columns=["id", "income"])
    assert both.shape == (4, 2)
    assert both.dtype == np.float64
    assert both.tolist() == [[1, 10.5], [2, 20.0], [3, 30.25], [4, 5.0]]
    assert df.to_numpy(columns=["id"]).dtype == np.int64
    with_nulls = df.to_numpy(columns=["age"])
    assert with_nulls.dtype == np.float64  # an int column with nulls: NaN
    assert np.isnan(with_nulls[1, 0])
    assert with_nulls[0, 0] == 30.0


def test_to_numpy_refuses_non_numeric_columns_before_running() -> None:
    with pytest.raises(
        TypeError, match=r"'name' \(<class 'str'>\) are not int/float/bool"
    ):
        _features().to_numpy()
    with pytest.raises(ColumnNotFoundError, match="nope"):
        _features().to_numpy(columns=["id", "nope"])
    with pytest.raises(ValueError, match="at least one column"):
        _features().to_numpy(columns=[])


def test_to_numpy_bools() -> None:
    class Flags(DataFrameModel):
        a: bool
        b: bool | None

    flags = Flags({"a": [True, False], "b": [True, None]})
    assert flags.to_numpy(columns=["a"]).dtype == np.bool_
    with pytest.raises(TypeError, match=r"bool columns \['b'\] hold nulls"):
        flags.to_numpy()
    assert flags.fill_null(False, subset=["b"]).to_numpy().tolist() == [
        [True, True],
        [False, False],
    ]


def test_array_protocol() -> None:
    df = _features().select("id", "income")
    assert np.asarray(df).tolist() == df.to_numpy().tolist()
    assert np.asarray(df, dtype=np.float32).dtype == np.float32
    assert np.array(df).shape == (4, 2)
    assert float(np.mean(np.asarray(df)[:, 1])) == pytest.approx(16.4375)
    with pytest.raises(ValueError, match="copy=False"):
        np.asarray(df, copy=False)


def test_ato_numpy() -> None:
    df = _features()
    out = asyncio.run(df.ato_numpy(columns=["income"]))
    assert out.tolist() == [[10.5], [20.0], [30.25], [5.0]]


# -- from_numpy ---------------------------------------------------------------------------


class Point(DataFrameModel):
    x: int
    y: float | None


def test_from_numpy_default_columns_and_validation() -> None:
    frame = Point.from_numpy(np.array([[1, 0.5], [2, np.nan]]))
    assert type(frame) is Point
    got = frame.to_dict()
    assert got["x"] == [1, 2]
    assert got["y"][0] == 0.5
    assert np.isnan(got["y"][1])
    with pytest.raises(pydantic.ValidationError) as info:
        Point.from_numpy(np.array([[1.5, 0.5], [2.0, 1.0]]))
    assert [(e["type"], e["loc"]) for e in info.value.errors()] == [
        ("int_from_float", ("x", 0))
    ]


def test_from_numpy_columns_and_options() -> None:
    frame = Point.from_numpy(np.array([[0.5, 1], [1.5, 2]]), columns=["y", "x"])
    assert frame.to_dict() == {"x": [1, 2], "y": [0.5, 1.5]}
    kept = Point.from_numpy(
        np.array([[1, 0.5], [2.5, 1.0]]), ignore_errors=True
    ).to_dict()
    assert kept == {"x": [1], "y": [0.5]}


def test_from_numpy_bad_shapes() -> None:
    with pytest.raises(ValueError, match=r"2-D array.*shape \(3,\)"):
        Point.from_numpy(np.array([1, 2, 3]))
    with pytest.raises(ValueError, match="has 3 columns"):
        Point.from_numpy(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="repeats a name"):
        Point.from_numpy(np.zeros((2, 2)), columns=["x", "x"])
    with pytest.raises(TypeError, match=r"numpy\.ndarray; got list"):
        Point.from_numpy([[1, 2.0]])
