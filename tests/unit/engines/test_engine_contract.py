"""The engine contract, run on every engine of ``--engines``; hand-written
Polars (``tests/differential.py``) is the oracle."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from differential import assert_matches_polars
from pydantable import DataFrameModel
from pydantable.engines import (
    SINK_FORMATS,
    Engine,
    engine_of,
    get_engine,
    register_engine,
)


class Sales(DataFrameModel):
    region: str
    units: int
    price: float | None


ROWS = {
    "region": ["n", "s", "n", "e", "s", "n"],
    "units": [3, 1, 4, 1, 5, 9],
    "price": [2.5, None, 1.0, 4.0, None, 0.5],
}


@pytest.fixture
def sales() -> Sales:
    return Sales(ROWS)


def test_the_engine_implements_the_protocol(engine: Engine) -> None:
    assert isinstance(engine, Engine)
    assert get_engine(engine.name) is engine


def test_collect_matches_the_oracle(engine: Engine, sales: Sales) -> None:
    frame = sales.filter(sales.units > 1).with_columns(
        revenue=sales.units * sales.price
    )
    expected = (
        pl.DataFrame(ROWS)
        .filter(pl.col("units") > 1)
        .with_columns(revenue=pl.col("units") * pl.col("price"))
    )
    assert_matches_polars(frame, expected, engine=engine)


def test_collect_returns_a_frame_the_caller_owns(engine: Engine, sales: Sales) -> None:
    first = engine.collect(sales._plan)
    first = first.with_columns(pl.lit(0).alias("units"))
    assert engine.collect(sales._plan)["units"].to_list() == ROWS["units"]


def test_count(engine: Engine, sales: Sales) -> None:
    assert engine.count(sales._plan) == 6
    assert engine.count(sales.filter(sales.region == "n")._plan) == 3
    assert engine.count(sales.filter(sales.units > 100)._plan) == 0


@pytest.mark.parametrize("size", [1, 2, 4, 6, 7])
def test_batches_have_exactly_the_asked_size(
    engine: Engine, sales: Sales, size: int
) -> None:
    plan = sales.sort("units")._plan
    batches = list(engine.batches(plan, size))
    assert [b.height for b in batches[:-1]] == [size] * (len(batches) - 1)
    assert 0 < batches[-1].height <= size
    assert_frame_equal(pl.concat(batches), engine.collect(plan))


@pytest.mark.parametrize("fmt", SINK_FORMATS)
def test_sink_writes_the_result(
    engine: Engine, sales: Sales, fmt: str, tmp_path: Path
) -> None:
    target = tmp_path / f"out.{fmt}"
    plan = sales.filter(sales.units > 1)._plan
    engine.sink(plan, fmt, target)
    read = getattr(pl, f"read_{fmt}")(target)
    expected = engine.collect(plan)
    assert read.to_dict(as_series=False) == expected.to_dict(as_series=False)


def test_sink_partitions(engine: Engine, sales: Sales, tmp_path: Path) -> None:
    engine.sink(sales._plan, "parquet", tmp_path / "parts", partition_by=["region"])
    regions = sorted(p.name for p in (tmp_path / "parts").iterdir())
    assert regions == ["region=e", "region=n", "region=s"]


def test_sink_refuses_an_unknown_format(
    engine: Engine, sales: Sales, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="cannot sink 'xlsx'"):
        engine.sink(sales._plan, "xlsx", tmp_path / "x.xlsx")


def test_distinct_values_in_order_of_first_appearance(
    engine: Engine, sales: Sales
) -> None:
    assert engine.distinct_values(sales._plan, "region") == ["n", "s", "e"]
    assert engine.distinct_values(sales._plan, "price") == [2.5, None, 1.0, 4.0, 0.5]


def test_duplicate_key_count(engine: Engine, sales: Sales) -> None:
    keys = [sales.region.node]
    assert engine.duplicate_key_count(sales._plan, keys, nulls_equal=False) == 2
    price = [sales.price.node]
    # the null price appears twice: a duplicate only when nulls are equal
    assert engine.duplicate_key_count(sales._plan, price, nulls_equal=False) == 0
    assert engine.duplicate_key_count(sales._plan, price, nulls_equal=True) == 1


def test_check_regex(engine: Engine) -> None:
    assert engine.check_regex(r"^\d+$") is None
    error = engine.check_regex("a(")
    assert error is not None
    assert "unclosed" in error


def test_cheap_cells_only_for_one_pass_over_held_data(
    engine: Engine, sales: Sales
) -> None:
    elementwise = sales.filter(sales.units > 1).select("region", "units")
    cells = engine.cheap_cells(elementwise._plan)
    # an engine may decline to judge (None); if it judges, it counts the source
    assert cells in (None, len(ROWS["units"]) * len(ROWS))
    if engine.name == "polars":
        assert cells == 18
    assert engine.cheap_cells(sales.sort("units")._plan) is None
    assert (
        engine.cheap_cells(sales.group_by("region").agg(n=("count", "units"))._plan)
        is None
    )


def test_supports_the_functions_it_lowers(engine: Engine) -> None:
    assert engine.supports("str.len_chars")
    assert not engine.supports("str.no_such_function")


def test_engine_of_a_plan_is_the_owner_of_its_sources(sales: Sales) -> None:
    assert engine_of(sales.join(sales, on="region")._plan).name == "polars"


def test_unknown_engines_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown engine 'spark'"):
        get_engine("spark")
    with pytest.raises(ValueError, match="module:attribute"):
        register_engine("bad", "no_colon")
