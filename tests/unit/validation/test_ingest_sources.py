"""Every supported input kind builds the same validated frame."""

from __future__ import annotations

import datetime as dt
import warnings
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pydantic
import pytest

from pydantable import DataFrameModel, DtypeDriftWarning
from pydantable.errors import InvalidSourceError, SchemaMismatchError


class Event(DataFrameModel):
    id: int
    name: str
    score: float | None
    day: dt.date


EXPECTED = {
    "id": [1, 2, 3],
    "name": ["a", "b", "c"],
    "score": [0.5, None, 2.0],
    "day": [dt.date(2026, 1, 1), dt.date(2026, 1, 2), dt.date(2026, 1, 3)],
}


def _polars() -> pl.DataFrame:
    return pl.DataFrame(
        EXPECTED,
        schema={"id": pl.Int64, "name": pl.String, "score": pl.Float64, "day": pl.Date},
    )


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: dict(EXPECTED), id="dict-of-lists"),
        pytest.param(
            lambda: {k: tuple(v) for k, v in EXPECTED.items()}, id="dict-of-tuples"
        ),
        pytest.param(
            lambda: {
                "id": np.array([1, 2, 3]),
                "name": np.array(["a", "b", "c"]),
                "score": np.array([0.5, np.nan, 2.0]),
                "day": EXPECTED["day"],
            },
            id="numpy-arrays",
        ),
        pytest.param(
            lambda: {k: pa.array(v) for k, v in EXPECTED.items()}, id="arrow-arrays"
        ),
        pytest.param(
            lambda: {k: pa.chunked_array([v]) for k, v in EXPECTED.items()},
            id="arrow-chunked",
        ),
        pytest.param(
            lambda: {k: pl.Series(k, v) for k, v in EXPECTED.items()},
            id="polars-series",
        ),
        pytest.param(lambda: _polars(), id="polars-frame"),
        pytest.param(lambda: _polars().lazy(), id="polars-lazy"),
        pytest.param(lambda: _polars().to_arrow(), id="arrow-table"),
        pytest.param(lambda: _polars().to_arrow().to_batches()[0], id="arrow-batch"),
        pytest.param(
            lambda: [
                dict(zip(EXPECTED, row, strict=True))
                for row in zip(*EXPECTED.values(), strict=True)
            ],
            id="row-dicts",
        ),
        pytest.param(
            lambda: [
                Event.RowModel(**dict(zip(EXPECTED, row, strict=True)))
                for row in zip(*EXPECTED.values(), strict=True)
            ],
            id="row-models",
        ),
    ],
)
def test_input_kinds(make: object) -> None:
    data = make()  # type: ignore[operator]
    frame = Event(data)
    result = frame.to_dict()
    if isinstance(data, dict) and isinstance(data.get("score"), np.ndarray):
        # NumPy has no null float: NaN is a value, as Pydantic sees it.
        assert np.isnan(result["score"][1])
        result["score"][1] = None
    assert result == EXPECTED


def test_pandas_frame() -> None:
    df = pd.DataFrame(
        {
            "id": [1, 2, 3],
            "name": ["a", "b", "c"],
            "score": [0.5, None, 2.0],
            "day": EXPECTED["day"],
        }
    )
    result = Event(df).to_dict()
    assert result["id"] == [1, 2, 3]
    assert result["day"] == EXPECTED["day"]


@pytest.mark.parametrize(
    "data", [{}, [], {"id": [], "name": [], "score": [], "day": []}, None]
)
def test_empty_inputs(data: object) -> None:
    frame = Event(data) if data is not None else Event()
    assert frame.shape == (0, 4)
    assert (
        frame.to_dict() == {"id": [], "name": [], "score": [], "day": []}
        or frame.to_dict() == {}
    )
    assert frame.to_polars().schema == pl.Schema(
        {"id": pl.Int64, "name": pl.String, "score": pl.Float64, "day": pl.Date}
    )


def test_fill_missing_optional() -> None:
    frame = Event({"id": [1], "name": ["a"], "day": ["2026-01-01"]})
    assert frame.to_dict()["score"] == [None]
    with pytest.raises(
        SchemaMismatchError,
        match=r"Missing optional columns \(configured as error\): \['score'\]",
    ):
        Event(
            {"id": [1], "name": ["a"], "day": ["2026-01-01"]},
            fill_missing_optional=False,
        )
    with pytest.raises(pydantic.ValidationError) as info:
        Event(
            [{"id": 1, "name": "a", "day": "2026-01-01"}], fill_missing_optional=False
        )
    assert [(e["type"], e["loc"]) for e in info.value.errors()] == [
        ("missing", (0, "score"))
    ]


def test_unknown_and_missing_columns_are_named() -> None:
    with pytest.raises(
        SchemaMismatchError, match=r"Unknown columns for schema: \['extra'\]"
    ):
        Event({**EXPECTED, "extra": [1, 2, 3]})
    with pytest.raises(
        SchemaMismatchError, match=r"Missing required columns: \['day'\]"
    ):
        Event({"id": [1], "name": ["a"]})


def test_polars_input_is_validated_by_default() -> None:
    data = pl.DataFrame(
        {
            "id": ["1", "x"],
            "name": ["a", "b"],
            "score": [None, None],
            "day": ["2026-01-01", "2026-01-02"],
        }
    )
    with pytest.raises(pydantic.ValidationError) as info:
        Event(data)
    assert [(e["type"], e["loc"], e["input"]) for e in info.value.errors()] == [
        ("int_parsing", ("id", 1), "x")
    ]


def test_shape_only_polars_lossless_cast_warns_and_lossy_cast_fails() -> None:
    data = pl.DataFrame(
        {
            "id": pl.Series([1, 2], dtype=pl.Int32),
            "name": ["a", "b"],
            "score": [None, 1.0],
            "day": [dt.date(2026, 1, 1)] * 2,
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Event(
            data, trusted_mode="strict"
        )  # Int32 -> Int64 is the same kind: no warning
    floats = data.with_columns(id=pl.Series([1.0, 2.5]))
    with pytest.raises(SchemaMismatchError, match="without loss"):
        Event(floats, trusted_mode="shape_only")  # 2.5 is never silently truncated
    whole = data.with_columns(id=pl.Series([1.0, 2.0]))
    with pytest.warns(DtypeDriftWarning):
        assert Event(whole, trusted_mode="shape_only").to_dict()["id"] == [1, 2]


def test_inputs_are_not_mutated() -> None:
    rows = [{"id": "1", "name": "a", "score": None, "day": "2026-01-01"}]
    columns = {"id": ["1"], "name": ["a"], "score": [None], "day": ["2026-01-01"]}
    snapshot_rows = [dict(r) for r in rows]
    snapshot_columns = {k: list(v) for k, v in columns.items()}
    Event(rows).to_dict()
    Event(columns).to_dict()
    assert rows == snapshot_rows
    assert columns == snapshot_columns


def test_results_are_copies() -> None:
    frame = Event(dict(EXPECTED))
    out = frame.to_dict()
    out["id"].append(99)
    assert frame.to_dict()["id"] == [1, 2, 3]
    polars_out = frame.to_polars()
    polars_out.insert_column(0, pl.Series("z", [0, 0, 0]))
    assert frame.columns == ["id", "name", "score", "day"]
    assert frame.to_polars().columns == ["id", "name", "score", "day"]


def test_unsupported_input_type() -> None:
    with pytest.raises(TypeError, match="cannot build a frame"):
        Event(42)


@pytest.mark.parametrize("max_errors", [-1, 0, 1.5, True, "10"])
def test_max_errors_must_be_a_positive_int(max_errors: Any) -> None:
    class Ints(DataFrameModel):
        x: int

    with pytest.raises(ValueError, match=r"max_errors must be an int >= 1"):
        Ints({"x": ["a"]}, max_errors=max_errors)


def test_a_generator_column_is_a_clear_type_error() -> None:
    class Ints(DataFrameModel):
        x: int

    with pytest.raises(
        TypeError, match=r"a column must be a sequence .* got generator"
    ):
        Ints({"x": (k for k in range(3))})


@pytest.mark.parametrize("mode", [None, "shape_only", "strict"])
@pytest.mark.parametrize("form", ["table", "batch", "column"])
def test_arrow_decimal256_is_read_or_refused_never_a_panic(
    mode: str | None, form: str
) -> None:
    import decimal

    class Prices(DataFrameModel):
        p: decimal.Decimal

    def arrow(precision: int) -> Any:
        values = [decimal.Decimal("1.5"), decimal.Decimal("-2.25")]
        table = pa.table({"p": pa.array(values, type=pa.decimal256(precision, 2))})
        if form == "batch":
            return table.to_batches()[0]
        return {"p": table.column("p")} if form == "column" else table

    frame = Prices(arrow(20), trusted_mode=mode)  # 20 digits fit a decimal128
    assert frame.to_dict()["p"] == [decimal.Decimal("1.5"), decimal.Decimal("-2.25")]
    with pytest.raises(
        InvalidSourceError, match=r"column 'p': Arrow decimal256\(40, 2\) holds more"
    ) as info:
        Prices(arrow(40), trusted_mode=mode)
    assert info.value.format == "arrow"
    assert info.value.source.startswith("pyarrow.")
