"""Schema rules of row-level nodes: nullability is tightened only when sound."""

from __future__ import annotations

import pytest

from plan._schemas import make, spec
from pydantable import dtypes as dt
from pydantable.plan import rows as r
from pydantable.schema import derived_column

SCHEMA = make(x=(dt.Int64(), True), y=(dt.String(), True), z=(dt.Float64(), False))


def test_duplicated_is_one_non_nullable_boolean_column() -> None:
    assert spec(r.duplicated_schema()) == [("duplicated", dt.Boolean(), False)]


def test_row_index_is_prepended_non_nullable_int64() -> None:
    out = r.row_index_schema(SCHEMA, "i")
    assert spec(out)[0] == ("i", dt.Int64(), False)
    assert out.names == ["i", "x", "y", "z"]
    with pytest.raises(ValueError, match="with_row_index: column 'x' already exists"):
        r.row_index_schema(SCHEMA, "x")


@pytest.mark.parametrize(
    ("columns", "how", "threshold", "closed"),
    [
        (["x", "y"], "any", None, {"x", "y"}),
        (["x", "y"], "all", None, set()),  # a kept row may be null in one of them
        (["x"], "all", None, {"x"}),  # one column: all == any
        (["x", "y"], "any", 1, set()),  # one non-null value is enough to stay
        (["x", "y"], "any", 2, {"x", "y"}),
    ],
)
def test_drop_nulls_closes_only_columns_guaranteed_null_free(
    columns: list[str], how: str, threshold: int | None, closed: set[str]
) -> None:
    out = r.drop_nulls_schema(SCHEMA, columns, how=how, threshold=threshold)
    nullable = {c.name for c in out.columns() if c.nullable}
    assert nullable == {"x", "y"} - closed
    assert [c.dtype for c in out.columns()] == [c.dtype for c in SCHEMA.columns()]


def test_fill_strategy_closes_only_for_zero_and_one() -> None:
    assert not r.fill_strategy_schema(SCHEMA, ["x"], "zero")["x"].nullable
    assert r.fill_strategy_schema(SCHEMA, ["x"], "zero")["y"].nullable  # not filled
    for strategy in ("forward", "backward", "min", "max", "mean"):
        assert r.fill_strategy_schema(SCHEMA, ["x"], strategy)["x"].nullable


def test_fill_strategy_applies_by_dtype() -> None:
    text = derived_column("s", dt.String(), True)
    number = derived_column("n", dt.Int64(), True)
    assert r.fill_strategy_applies("forward", text)
    assert r.fill_strategy_applies("min", text)
    assert not r.fill_strategy_applies("mean", text)
    assert not r.fill_strategy_applies("zero", text)
    assert r.fill_strategy_applies("mean", number)
    assert r.fill_strategy_applies("one", number)


def test_shift_makes_unfilled_columns_nullable() -> None:
    assert all(c.nullable for c in r.shift_schema(SCHEMA).columns())
    filled = r.shift_schema(SCHEMA, ["x", "y", "z"])
    assert spec(filled) == spec(SCHEMA)
