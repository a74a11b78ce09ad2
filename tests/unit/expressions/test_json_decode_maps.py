"""``str.json_decode(dict[str, T])``: JSON objects with any keys into map columns."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pydantable import DataFrameModel
from pydantable import dtypes as d
from pydantable.errors import EngineExecutionError


class Docs(DataFrameModel):
    k: int
    js: str | None


def _decoded(cells: list[str | None], target: object) -> list[object]:
    frame = Docs({"k": list(range(len(cells))), "js": cells})
    return frame.select(m=frame.js.str_json_decode(target)).to_dict()["m"]


def test_objects_become_maps_keeping_nulls_and_empty_objects() -> None:
    cells = ['{"a": 1, "b": null}', None, "{}", '{"z": 3, "a": -2}']
    assert _decoded(cells, dict[str, int]) == [
        {"a": 1, "b": None},
        None,
        {},
        {"z": 3, "a": -2},
    ]


def test_the_schema_is_a_map_with_nullable_values() -> None:
    frame = Docs({"k": [1], "js": ['{"a": 1}']})
    out = frame.with_columns(m=frame.js.str.json_decode(dict[str, int]))
    assert out.schema["m"].dtype == d.Map(d.Int64(), value_nullable=True)
    assert out.schema_fields()["m"] == dict[str, int | None] | None


def test_values_are_typed_like_struct_fields() -> None:
    stamps = _decoded(['{"t": "2024-01-02T03:04:05"}'], dict[str, dt.datetime])
    assert stamps == [{"t": dt.datetime(2024, 1, 2, 3, 4, 5)}]
    nested = _decoded(['{"xs": [1, 2], "ys": []}'], dict[str, list[int]])
    assert nested == [{"xs": [1, 2], "ys": []}]
    floats = _decoded(['{"a": 1, "b": 2.5}'], dict[str, float])
    assert floats == [{"a": 1.0, "b": 2.5}]


def test_map_functions_and_other_contexts_see_the_entries() -> None:
    frame = Docs({"k": [1, 1, 2], "js": ['{"a": 5}', '{"a": 1, "b": 2}', None]})
    maps = frame.js.str_json_decode(dict[str, int])
    out = frame.select(a=maps.map_get("a"), n=maps.map_len())
    assert out.to_dict() == {"a": [5, 1, None], "n": [1, 2, None]}
    per_key = frame.group_by("k").agg(n=maps.map_len().sum()).sort("k")
    assert per_key.to_dict() == {"k": [1, 2], "n": [3, 0]}
    after_filter = frame.filter(frame.k > 1).select(m=maps)
    assert after_filter.to_dict() == {"m": [None]}
    batches = list(frame.select(m=maps).stream(batch_size=2))
    assert [b["m"] for b in batches] == [[{"a": 5}, {"a": 1, "b": 2}], [None]]


@pytest.mark.parametrize(
    ("cell", "pattern"),
    [
        ("[1, 2]", "expects JSON objects; got '\\[1, 2\\]'"),
        ("7", "expects JSON objects"),
        ('{"a": 1},{"b": 2}', "JSON"),  # two values in one cell
        ('{"a": "x"}', "numeric"),
        ("{not json", "JSON"),
    ],
)
def test_bad_cells_fail_the_query_with_a_value_error(cell: str, pattern: str) -> None:
    with pytest.raises(EngineExecutionError, match=pattern):
        _decoded(['{"ok": 1}', cell], dict[str, int])


@pytest.mark.parametrize(
    "cells",
    [
        # a cell with two objects next to two cells that only parse together:
        # joined naively they would still give three objects
        ['{"a": 1},{"b": 2}', '{"x": [1', "2]}"],
        ["", '{"a": 1},{"b": 2}'],
        ['{"a": NaN}'],
        ["  "],
    ],
)
def test_each_cell_must_be_exactly_one_object(cells: list[str]) -> None:
    with pytest.raises(EngineExecutionError, match="JSON"):
        _decoded(cells, dict[str, int])


def test_only_top_level_maps_decode() -> None:
    frame = Docs({"k": [1], "js": ["{}"]})
    with pytest.raises(TypeError, match="cannot decode"):
        frame.js.str.json_decode(list[dict[str, int]])
    with pytest.raises(TypeError, match="cannot decode"):
        frame.js.str.json_decode(dict[str, dict[str, int]])


def test_the_input_column_is_unchanged() -> None:
    cells = ['{"a": 1}', None]
    frame = Docs({"k": [0, 1], "js": cells})
    frame.select(m=frame.js.str_json_decode(dict[str, int])).to_dict()
    assert frame.to_dict()["js"] == ['{"a": 1}', None]
    assert cells == ['{"a": 1}', None]


_keys = st.text(max_size=6)
_objects = st.dictionaries(_keys, st.none() | st.integers(-(2**62), 2**62), max_size=5)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.none() | _objects, max_size=12))
def test_round_trips_any_objects(objects: list[dict[str, int | None] | None]) -> None:
    cells = [None if o is None else json.dumps(o) for o in objects]
    assert _decoded(cells, dict[str, int]) == objects
