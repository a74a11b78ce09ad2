"""Map columns (``dict[str, T]``) at ingest: every input form and trust mode.

Regression pins for the two map bugs of the conformance delta (§2.14): Arrow and
Polars ``Map`` (or key/value entries) columns and Python dict cells under the
trusted modes, and a null value inside a map at materialization.
"""

from __future__ import annotations

import enum
import uuid
import warnings

import polars as pl
import pyarrow as pa
import pydantic
import pytest

from pydantable import DataFrameModel, DtypeDriftWarning
from pydantable.errors import SchemaMismatchError


class Counts(DataFrameModel):
    m: dict[str, int]


class Color(enum.Enum):
    RED = "red"


class Point(pydantic.BaseModel):
    x: int
    color: Color


class Places(DataFrameModel):
    m: dict[str, Point | None]


class Ids(DataFrameModel):
    m: dict[str, uuid.UUID | None] | None


class Nested(DataFrameModel):
    m: list[dict[str, int]]


TRUSTED = ["shape_only", "strict"]
ALL_MODES = ["off", "shape_only", "strict"]
ENTRIES = pl.List(pl.Struct({"key": pl.String, "value": pl.Int64}))


def _arrow_map(key: pa.DataType | None = None) -> pa.Array:
    if key is not None:
        return pa.array([[(1, 1)]], type=pa.map_(key, pa.int64()))
    return pa.array(
        [[("a", 1), ("b", 2)], [("c", 3)]], type=pa.map_(pa.string(), pa.int64())
    )


# -- Arrow / Polars Map columns -------------------------------------------------------


@pytest.mark.parametrize("mode", ALL_MODES)
def test_arrow_map_table_is_accepted(mode: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a Map is the dtype of a map: no drift
        frame = Counts(pa.table({"m": _arrow_map()}), trusted_mode=mode)
    assert frame.to_dict() == {"m": [{"a": 1, "b": 2}, {"c": 3}]}


@pytest.mark.parametrize("mode", ALL_MODES)
def test_arrow_map_array_column_is_accepted(mode: str) -> None:
    frame = Counts({"m": _arrow_map()}, trusted_mode=mode)
    assert frame.to_dict() == {"m": [{"a": 1, "b": 2}, {"c": 3}]}
    assert frame.to_polars().schema["m"] == ENTRIES


@pytest.mark.parametrize("mode", ALL_MODES)
def test_polars_map_frame_is_accepted(mode: str) -> None:
    data = pl.from_arrow(pa.table({"m": _arrow_map()}))
    assert isinstance(data, pl.DataFrame)
    assert isinstance(data.schema["m"], pl.Map)
    assert Counts(data, trusted_mode=mode).to_dict() == {
        "m": [{"a": 1, "b": 2}, {"c": 3}]
    }


@pytest.mark.parametrize("mode", ALL_MODES)
def test_polars_key_value_entries_are_accepted(mode: str) -> None:
    """The stored form (what ``to_polars()`` gives) goes back in, in every mode."""
    stored = Counts({"m": [{"a": 1}, {}, {"b": 2, "c": 3}]}).to_polars()
    assert stored.schema["m"] == ENTRIES
    assert Counts(stored, trusted_mode=mode).to_dict() == {
        "m": [{"a": 1}, {}, {"b": 2, "c": 3}]
    }


def test_polars_map_value_of_wider_type_under_strict_is_rejected() -> None:
    data = pl.DataFrame(
        {"m": pl.Series([{"a": 1.5}], dtype=pl.Map(pl.String, pl.Float64))}
    )
    with pytest.raises(
        SchemaMismatchError,
        match=r"Column 'm' is incompatible with schema annotation .* in strict trusted mode",
    ):
        Counts(data, trusted_mode="strict")


def test_polars_map_lossy_value_cast_under_shape_only_is_rejected() -> None:
    data = pl.DataFrame(
        {"m": pl.Series([{"a": 1.5}], dtype=pl.Map(pl.String, pl.Float64))}
    )
    with pytest.raises(SchemaMismatchError, match="without loss"):
        Counts(data, trusted_mode="shape_only")


def test_polars_map_lossless_value_cast_under_shape_only_warns() -> None:
    data = pl.DataFrame(
        {"m": pl.Series([{"a": 1.0}], dtype=pl.Map(pl.String, pl.Float64))}
    )
    with pytest.warns(DtypeDriftWarning, match="'m'"):
        frame = Counts(data, trusted_mode="shape_only")
    assert frame.to_dict() == {"m": [{"a": 1}]}


@pytest.mark.parametrize("mode", ALL_MODES)
@pytest.mark.parametrize("as_table", [True, False])
def test_arrow_non_string_keys_are_a_type_error(mode: str, as_table: bool) -> None:
    array = _arrow_map(pa.int64())
    data = pa.table({"m": array}) if as_table else {"m": array}
    with pytest.raises(TypeError, match=r"map keys must be strings .*Int64"):
        Counts(data, trusted_mode=mode)


@pytest.mark.parametrize("mode", ALL_MODES)
def test_polars_entries_with_non_string_keys_are_a_type_error(mode: str) -> None:
    data = pl.DataFrame({"m": [[{"key": 1, "value": 1}]]})
    with pytest.raises(TypeError, match="map keys must be strings"):
        Counts(data, trusted_mode=mode)


def test_nested_arrow_map_keys_are_checked() -> None:
    array = pa.array([[[(1, 1)]]], type=pa.list_(pa.map_(pa.int64(), pa.int64())))
    with pytest.raises(TypeError, match="map keys must be strings"):
        Nested({"m": array}, trusted_mode="shape_only")


# -- Python dict cells ----------------------------------------------------------------


@pytest.mark.parametrize("mode", ALL_MODES)
def test_python_dict_cells_are_valid(mode: str) -> None:
    data = {"m": [{"a": 1, "b": 2}, {}, {"c": 3}]}
    assert Counts(data, trusted_mode=mode).to_dict() == data


@pytest.mark.parametrize("mode", TRUSTED)
def test_python_nested_dict_cells_are_valid(mode: str) -> None:
    data = {"m": [[{"a": 1}, {}], []]}
    assert Nested(data, trusted_mode=mode).to_dict() == data


@pytest.mark.parametrize("mode", TRUSTED)
def test_python_dict_cells_with_struct_values(mode: str) -> None:
    data = {"m": [{"a": {"x": 1, "color": "red"}, "b": None}]}
    frame = Places(data, trusted_mode=mode)
    assert frame.to_dict() == {"m": [{"a": {"x": 1, "color": Color.RED}, "b": None}]}


@pytest.mark.parametrize("value", [1.5, 1.0, True, "1"])
def test_strict_refuses_other_value_types(value: object) -> None:
    with pytest.raises(
        ValueError,
        match=r"Column 'm' is incompatible with schema annotation .* in strict trusted mode",
    ):
        Counts({"m": [{"a": 1}, {"b": value}]}, trusted_mode="strict")


def test_strict_refuses_other_value_types_in_nested_maps() -> None:
    with pytest.raises(ValueError, match="in strict trusted mode"):
        Nested({"m": [[{"a": 1.5}]]}, trusted_mode="strict")


def test_shape_only_float_values_lossless_or_rejected() -> None:
    with pytest.warns(DtypeDriftWarning):
        assert Counts({"m": [{"a": 1.0}]}, trusted_mode="shape_only").to_dict() == {
            "m": [{"a": 1}]
        }
    with pytest.raises(SchemaMismatchError, match="without loss"):
        Counts({"m": [{"a": 1.5}]}, trusted_mode="shape_only")


def test_off_mode_validates_dict_values_like_pydantic() -> None:
    assert Counts({"m": [{"a": "2"}]}).to_dict() == {"m": [{"a": 2}]}
    with pytest.raises(pydantic.ValidationError) as info:
        Counts({"m": [{"a": 1.5}]})
    assert info.value.errors()[0]["type"] == "int_from_float"


@pytest.mark.parametrize("mode", TRUSTED)
def test_python_non_string_keys_are_a_type_error(mode: str) -> None:
    with pytest.raises(TypeError, match=r"map keys must be strings .*\['int'\]"):
        Counts({"m": [{"a": 1}, {1: 2}]}, trusted_mode=mode)


def test_python_non_string_keys_off_mode_are_cell_errors() -> None:
    with pytest.raises(pydantic.ValidationError) as info:
        Counts({"m": [{1: 2}]})
    assert info.value.errors()[0]["type"] == "string_type"


def test_input_dicts_are_not_mutated() -> None:
    cells = [{"a": 1}, {"b": 2}]
    Counts({"m": cells}, trusted_mode="strict")
    assert cells == [{"a": 1}, {"b": 2}]


def test_lists_of_lossy_floats_are_rejected_under_shape_only() -> None:
    """A nested lossy cast (``[1.5]`` into ``list[int]``) is no longer truncated."""

    class Lists(DataFrameModel):
        v: list[int]

    with pytest.raises(SchemaMismatchError, match="without loss"):
        Lists(pl.DataFrame({"v": [[1.5]]}), trusted_mode="shape_only")


# -- a null value inside a map --------------------------------------------------------


def _places() -> Places:
    return Places({"m": [{"a": {"x": 1, "color": "red"}, "b": None}]})


def test_null_map_value_to_dict_and_rows() -> None:
    frame = _places()
    expected = {"a": {"x": 1, "color": Color.RED}, "b": None}
    assert frame.to_dict() == {"m": [expected]}
    assert frame.to_dicts() == [{"m": expected}]
    (row,) = frame.collect()
    assert row.m == {"a": Point(x=1, color=Color.RED), "b": None}
    assert frame.to_json() == b'[{"m":{"a":{"x":1,"color":"red"},"b":null}}]'


def test_null_map_value_through_map_functions() -> None:
    frame = _places()
    point = {"x": 1, "color": Color.RED}
    assert frame.select(k=frame.m.map_keys()).to_dict() == {"k": [["a", "b"]]}
    assert frame.select(v=frame.m.map_values()).to_dict() == {"v": [[point, None]]}
    assert frame.select(e=frame.m.map_entries()).to_dict() == {
        "e": [[{"key": "a", "value": point}, {"key": "b", "value": None}]]
    }
    assert frame.select(g=frame.m.map_get("b")).to_dict() == {"g": [None]}
    assert frame.select(g=frame.m.map_get("a")).to_dict() == {"g": [point]}
    rebuilt = frame.select(r=frame.m.map_entries().map_from_entries())
    assert rebuilt.to_dict() == {"r": [{"a": point, "b": None}]}
    assert rebuilt.collect()[0].r == {"a": Point(x=1, color=Color.RED), "b": None}


def test_null_map_value_of_semantic_type() -> None:
    key = uuid.UUID(int=7)
    frame = Ids({"m": [{"a": key, "b": None}, None]})
    assert frame.to_dict() == {"m": [{"a": key, "b": None}, None]}
    assert frame.filter(frame.m.is_not_null()).to_dict() == {
        "m": [{"a": key, "b": None}]
    }
    rebuilt = frame.select(r=frame.m.map_entries().map_from_entries())
    assert rebuilt.to_dict() == {"r": [{"a": key, "b": None}, None]}


def test_null_map_value_large_input() -> None:
    """The vectorized path (beyond the small-input lane) too."""
    n = 30_000
    frame = Ids({"m": [{"a": None}] * n})
    assert frame.head(2).to_dict() == {"m": [{"a": None}, {"a": None}]}
