"""Execution keywords (``as_lists``/``as_numpy``/``as_polars``/``engine_streaming``)
and ``AwaitableDataFrameModel`` chains."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

import pydantable
from pydantable import AwaitableDataFrameModel, DataFrameModel, col
from pydantable.engines import prefer_streaming, streaming_preferred


class Sale(DataFrameModel):
    region: str
    units: int


class Region(DataFrameModel):
    region: str
    manager: str


def sales() -> Sale:
    return Sale({"region": ["n", "s", "n"], "units": [3, 1, 4]})


# -- collect / acollect / submit keywords -----------------------------------------
def test_collect_kinds() -> None:
    df = sales()
    assert [r.units for r in df.collect()] == [3, 1, 4]
    assert df.collect(as_lists=True) == {"region": ["n", "s", "n"], "units": [3, 1, 4]}
    arrays = df.collect(as_numpy=True)
    assert isinstance(arrays["units"], np.ndarray)
    assert arrays["units"].tolist() == [3, 1, 4]


@pytest.mark.parametrize("method", ["collect", "submit"])
def test_as_numpy_and_as_lists_exclude_each_other(method: str) -> None:
    with pytest.raises(
        ValueError, match=r"cannot specify both as_numpy=True and as_lists=True\."
    ):
        getattr(sales(), method)(as_numpy=True, as_lists=True)


def test_as_polars_is_deprecated() -> None:
    with pytest.warns(DeprecationWarning, match="as_polars"):
        out = sales().collect(as_polars=True)
    assert isinstance(out, pl.DataFrame)
    with pytest.warns(DeprecationWarning, match="as_polars"):
        assert sales().collect(as_polars=False)["units"] == [3, 1, 4]


def test_acollect_and_submit_honour_the_kinds() -> None:
    async def main() -> tuple[Any, Any, Any]:
        lists = await sales().acollect(as_lists=True)
        arrays = await sales().acollect(as_numpy=True)
        handle = sales().submit(as_lists=True)
        return lists, arrays, await handle.result()

    lists, arrays, submitted = asyncio.run(main())
    assert lists["units"] == [3, 1, 4]
    assert arrays["region"].tolist() == ["n", "s", "n"]
    assert submitted == lists


def test_a_cancelled_submit_never_runs() -> None:
    gate = threading.Event()
    ran: list[int] = []
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(gate.wait, 10)  # occupies the only worker
        df = sales()
        handle = df.with_columns(x=col("units") * 2).submit(executor=pool)
        assert handle.cancel()
        gate.set()
        ran.append(1)
    assert handle.cancelled()
    assert ran == [1]


def test_engine_streaming_reaches_the_engine_and_gives_the_same_rows(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.parquet"
    pl.DataFrame(
        {"region": ["n", "s"] * 500, "units": list(range(1000))}
    ).write_parquet(path)
    lazy = Sale.read_parquet(path)
    grouped = lazy.group_by("region").agg(total=("sum", "units")).sort("region")
    expected = {"region": ["n", "s"], "total": [249500, 250000]}
    assert grouped.collect(as_lists=True, engine_streaming=True) == expected
    assert grouped.collect(as_lists=True, streaming=False) == expected
    assert asyncio.run(grouped.acollect(as_lists=True, streaming=True)) == expected
    with pytest.raises(ValueError, match="disagree"):
        grouped.collect(streaming=True, engine_streaming=False)
    with pytest.raises(TypeError, match="engine_streaming must be True, False or None"):
        grouped.collect(engine_streaming="yes")  # type: ignore[arg-type]


def test_streaming_preference_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PYDANTABLE_ENGINE_STREAMING", raising=False)
    assert streaming_preferred() is None
    monkeypatch.setenv("PYDANTABLE_ENGINE_STREAMING", "true")
    assert streaming_preferred() is True
    with prefer_streaming(False):
        assert streaming_preferred() is False  # the call's choice wins
    monkeypatch.setenv("PYDANTABLE_ENGINE_STREAMING", "0")
    assert streaming_preferred() is False
    monkeypatch.setenv("PYDANTABLE_ENGINE_STREAMING", "maybe")
    assert streaming_preferred() is None


def test_stream_accepts_the_streaming_keywords() -> None:
    batches = list(sales().stream(batch_size=2, engine_streaming=True))
    assert batches == [
        {"region": ["n", "s"], "units": [3, 1]},
        {"region": ["n"], "units": [4]},
    ]

    async def main() -> list[Any]:
        return [b async for b in sales().astream(batch_size=2, streaming=True)]

    assert asyncio.run(main()) == batches


# -- AwaitableDataFrameModel ------------------------------------------------------------
def test_exported_and_built_from_a_function() -> None:
    assert pydantable.AwaitableDataFrameModel is AwaitableDataFrameModel
    chain = AwaitableDataFrameModel(sales, repr_label="sales")
    assert "sales" in repr(chain)
    assert asyncio.run(chain.filter(col("units") > 1).to_dict())["units"] == [3, 4]

    async def opened() -> Sale:
        return sales()

    assert asyncio.run(AwaitableDataFrameModel(opened).head(1).to_dict())["units"] == [
        3
    ]
    with pytest.raises(TypeError, match="get_df must be callable"):
        AwaitableDataFrameModel(3)  # type: ignore[arg-type]


def test_every_transform_chains_join_and_group_by_included() -> None:
    regions = AwaitableDataFrameModel(
        lambda: Region({"region": ["n", "s"], "manager": ["ann", "bo"]})
    )
    chain = (
        AwaitableDataFrameModel(sales)
        .join(regions, on="region")
        .group_by("manager")
        .agg(total=("sum", "units"))
        .sort("manager")
    )
    assert asyncio.run(chain.to_dict()) == {"manager": ["ann", "bo"], "total": [7, 1]}
    more = (
        AwaitableDataFrameModel(sales)
        .with_columns(double=col("units") * 2)
        .unique()
        .fill_null(0)
        .drop_nulls()
        .rename({"double": "twice"})
        .drop("region")
        .slice(0, 2)
        .tail(1)
    )
    assert asyncio.run(more.to_dict()) == {"units": [1], "twice": [2]}


def test_then_awaits_coroutines_and_nested_chains() -> None:
    async def add_flag(frame: Any) -> Any:
        return frame.with_columns(flag=col("units") > 2)

    chain = (
        AwaitableDataFrameModel(sales)
        .then(add_flag)
        .then(lambda frame: AwaitableDataFrameModel(lambda: frame.filter(col("flag"))))
    )
    assert asyncio.run(chain.to_dict())["units"] == [3, 4]


def test_properties_and_terminals_are_awaited() -> None:
    chain = AwaitableDataFrameModel(sales).filter(col("units") > 1)

    async def main() -> tuple[Any, ...]:
        return (
            await chain.columns,
            await chain.shape,
            await chain.height,
            await chain.to_dicts(),
            await chain.arows(),
            await (await chain.submit(as_lists=True)).result(),
        )

    columns, shape, empty, dicts, rows, submitted = asyncio.run(main())
    assert columns == ["region", "units"]
    assert shape == (2, 2)
    assert empty == 2  # height
    assert dicts == [{"region": "n", "units": 3}, {"region": "n", "units": 4}]
    assert [r.units for r in rows] == [3, 4]
    assert submitted["units"] == [3, 4]


def test_concat() -> None:
    a = AwaitableDataFrameModel(sales)
    out = asyncio.run(AwaitableDataFrameModel.concat(a, sales()).to_dict())
    assert out["units"] == [3, 1, 4, 3, 1, 4]
    with pytest.raises(ValueError, match="requires at least two frames"):
        AwaitableDataFrameModel.concat(a)


@pytest.mark.parametrize(
    "name",
    ["write_parquet", "export_csv", "collect_batches", "write_sql", "iter_batches"],
)
def test_blocking_writers_are_refused(name: str) -> None:
    with pytest.raises(
        TypeError,
        match=rf"AwaitableDataFrameModel: cannot call {name}\(\) on a pending async chain",
    ):
        getattr(AwaitableDataFrameModel(sales), name)


def test_model_async_namespace_exports(tmp_path: Path) -> None:
    path = tmp_path / "out.parquet"
    asyncio.run(Sale.Async.export_parquet(path, {"region": ["w"], "units": ["2"]}))
    assert Sale.read_parquet(path).to_dict() == {"region": ["w"], "units": [2]}
