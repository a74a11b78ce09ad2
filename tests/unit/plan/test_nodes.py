"""Schema rules of the core nodes: select, with_columns, rename, drop."""

from __future__ import annotations

import pytest

from plan._schemas import make, spec
from pydantable import dtypes as dt
from pydantable import plan as p
from pydantable.schema import derived_column

SCHEMA = make(a=(dt.Int64(), False), b=(dt.String(), True), c=(dt.Float64(), False))


def test_select_keeps_output_order_and_rejects_repeated_names() -> None:
    out = p.select_schema([SCHEMA["c"], SCHEMA["a"]])
    assert spec(out) == [("c", dt.Float64(), False), ("a", dt.Int64(), False)]
    with pytest.raises(
        ValueError, match=r"duplicate column names \['a'\]; use \.alias"
    ):
        p.select_schema([SCHEMA["a"], SCHEMA["a"]])


def test_with_columns_replaces_in_place_and_appends_new() -> None:
    replaced = derived_column("b", dt.Int64(), False)
    new = derived_column("d", dt.Boolean(), True)
    out = p.with_columns_schema(SCHEMA, [new, replaced])
    assert spec(out) == [
        ("a", dt.Int64(), False),
        ("b", dt.Int64(), False),
        ("c", dt.Float64(), False),
        ("d", dt.Boolean(), True),
    ]


def test_rename_keeps_position_dtype_and_nullability() -> None:
    out = p.rename_schema(SCHEMA, {"b": "x"})
    assert spec(out) == [
        ("a", dt.Int64(), False),
        ("x", dt.String(), True),
        ("c", dt.Float64(), False),
    ]
    with pytest.raises(ValueError, match=r"rename\(\) would produce duplicate"):
        p.rename_schema(SCHEMA, {"b": "a"})


def test_drop_keeps_the_other_columns_in_order() -> None:
    assert p.drop_schema(SCHEMA, ["b"]).names == ["a", "c"]
    assert p.drop_schema(SCHEMA, []).names == ["a", "b", "c"]
