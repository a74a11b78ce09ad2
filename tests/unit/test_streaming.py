"""Chunked materialization: stream/astream/iter_batches/collect_batches."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import datetime as dt
import decimal
import gc
import json
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import polars as pl
import pyarrow as pa
import pytest
from pydantic import Field

import pydantable.validation.ingest as ingest_module
from pydantable import DataFrameModel, set_observer
from pydantable.errors import EngineExecutionError
from shared_types import Color


class Num(DataFrameModel):
    a: int


class Text(DataFrameModel):
    s: str


class Rich(DataFrameModel):
    id: int
    key: uuid.UUID
    color: Color
    day: dt.date
    at: dt.datetime | None
    price: decimal.Decimal = Field(max_digits=8, decimal_places=2)
    tags: list[str]
    attrs: dict[str, int] | None


def _rich_data(n: int) -> dict[str, list[Any]]:
    return {
        "id": list(range(n)),
        "key": [uuid.UUID(int=i) for i in range(n)],
        "color": [Color.RED if i % 2 else Color.BLUE for i in range(n)],
        "day": [dt.date(2026, 1, 1) + dt.timedelta(days=i % 300) for i in range(n)],
        "at": [
            None if i % 3 == 0 else dt.datetime(2026, 1, 1, i % 24) for i in range(n)
        ],
        "price": [decimal.Decimal(i % 1000) / 4 for i in range(n)],
        "tags": [[str(i)] * (i % 3) for i in range(n)],
        "attrs": [None if i % 5 == 0 else {"k": i} for i in range(n)],
    }


@pytest.fixture(params=["small", "vectorized"])
def strategy(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "vectorized":
        monkeypatch.setattr(ingest_module, "SMALL_INPUT_CELLS", 0)
    return str(request.param)


@pytest.fixture
def events() -> Iterator[list[dict[str, Any]]]:
    seen: list[dict[str, Any]] = []
    set_observer(seen.append)
    try:
        yield seen
    finally:
        set_observer(None)


def _concat(
    batches: list[dict[str, list[Any]]], names: list[str]
) -> dict[str, list[Any]]:
    return {name: [v for b in batches for v in b[name]] for name in names}


def _lazy_5m() -> Any:
    """5M rows and a with_columns expression costing ~1 s of engine time in total."""
    frame = Num(
        pl.DataFrame({"a": pl.int_range(5_000_000, eager=True)}),
        trusted_mode="shape_only",
    )
    expr = frame.a
    for _ in range(10):
        expr = expr.cast(str).cast(int) + 1
    return frame.with_columns(b=expr)


# -- batch sizes ---------------------------------------------------------------------


@pytest.mark.parametrize("batch_size", [1, 2, 3, 7, 100, 101, 250, 65536])
def test_exact_batch_sizes(batch_size: int) -> None:
    n = 250
    df = Num({"a": list(range(n))})
    expected = [min(batch_size, n - k) for k in range(0, n, batch_size)]
    plans = {
        "source": df,
        "plan": df.with_columns(a=df.a * 2),
        "filtered": df.filter(df.a >= 0),
    }
    for label, plan in plans.items():
        sizes = [len(b["a"]) for b in plan.stream(batch_size=batch_size)]
        assert sizes == expected, label
        assert [b.height for b in plan.iter_batches(batch_size)] == expected, label
        assert [b.height for b in plan.collect_batches(batch_size)] == expected, label
        assert _concat(list(plan.stream(batch_size)), ["a"]) == plan.to_dict(), label


def test_engine_chunks_are_rechunked_to_exact_sizes() -> None:
    # a filter makes the streaming engine emit irregular chunks (e.g. 667 rows)
    df = Num(
        pl.DataFrame({"a": pl.int_range(300_000, eager=True)}),
        trusted_mode="shape_only",
    )
    plan = df.filter(df.a % 3 == 0)
    for batch_size in (1000, 4096, 5000, 65536):
        batches = list(plan.iter_batches(batch_size))
        assert all(b.height == batch_size for b in batches[:-1])
        assert 0 < batches[-1].height <= batch_size
        values = pl.concat(batches)["a"].to_list()
        assert values == list(range(0, 300_000, 3))  # order kept


def test_empty_results_give_no_batches() -> None:
    empty = Num({"a": []})
    filtered = Num({"a": [1, 2]})
    none_left = filtered.filter(filtered.a > 5)
    for frame in (empty, none_left, Num()):
        assert list(frame.stream(batch_size=3)) == []
        assert list(frame.iter_batches(3)) == []
        assert list(frame.iter_batches(3, format="arrow")) == []
        assert frame.collect_batches(3) == []

        async def collect(frame: Any = frame) -> list[Any]:
            return [b async for b in frame.astream(3)]

        assert asyncio.run(collect()) == []


def test_invalid_arguments_fail_at_call_time() -> None:
    df = Num({"a": [1]})
    for bad in (0, -1):
        with pytest.raises(ValueError, match="batch_size must be >= 1"):
            df.stream(batch_size=bad)
        with pytest.raises(ValueError, match="batch_size must be >= 1"):
            df.astream(bad)
        with pytest.raises(ValueError, match="batch_size must be >= 1"):
            df.iter_batches(bad)
    for wrong in (True, 1.5, "10"):
        with pytest.raises(TypeError, match="batch_size must be an int"):
            df.stream(batch_size=wrong)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="format must be 'polars' or 'arrow'"):
        df.iter_batches(format="pandas")


# -- values --------------------------------------------------------------------------


def test_stream_values_match_to_dict(strategy: str) -> None:
    df = Rich(_rich_data(40))
    names = df.columns
    for plan in (df, df.filter(df.id >= 0), df.with_columns(id=df.id + 0)):
        batches = list(plan.stream(batch_size=16))
        assert [len(b["id"]) for b in batches] == [16, 16, 8]
        assert all(list(b) == names for b in batches)
        assert repr(_concat(batches, names)) == repr(plan.to_dict())
        first = batches[0]
        assert first["key"][1] == uuid.UUID(int=1)
        assert first["color"][:2] == [Color.BLUE, Color.RED]
        assert first["day"][0] == dt.date(2026, 1, 1)
        assert first["at"][:2] == [None, dt.datetime(2026, 1, 1, 1)]
        assert first["price"][1] == decimal.Decimal("0.25")
        assert first["attrs"][:2] == [None, {"k": 1}]
        for batch in batches:
            line = json.dumps(batch, default=str)
            assert json.loads(line)["key"][0] == str(batch["key"][0])


def test_astream_values_match_stream(strategy: str) -> None:
    df = Rich(_rich_data(40))
    plan = df.filter(df.id % 2 == 0)

    async def collect() -> list[dict[str, list[Any]]]:
        return [b async for b in plan.astream(6)]

    assert repr(asyncio.run(collect())) == repr(list(plan.stream(6)))


def test_iter_batches_arrow_and_collect_batches() -> None:
    df = Rich(_rich_data(25))
    plan = df.filter(df.id < 23)
    batches = list(plan.iter_batches(10, format="arrow"))
    assert all(isinstance(b, pa.RecordBatch) for b in batches)
    assert [b.num_rows for b in batches] == [10, 10, 3]
    table = pa.Table.from_batches(batches)
    assert table.equals(plan.to_arrow())
    frames = plan.collect_batches(10)
    assert all(isinstance(f, pl.DataFrame) for f in frames)
    assert pl.concat(frames).equals(plan.to_polars())


def test_stream_errors_keep_their_type() -> None:
    df = Text({"s": ["1", "2", "oops"]})
    plan = df.select(n=df.s.cast(int, strict=True))
    with pytest.raises(EngineExecutionError):
        list(plan.stream(batch_size=1))

    async def consume() -> None:
        async for _ in plan.astream(1):
            pass

    with pytest.raises(EngineExecutionError):
        asyncio.run(consume())


# -- early exit stops the engine -----------------------------------------------------


def _cpu_rate(seconds: float) -> float:
    """CPU seconds this process uses per wall second over the next ``seconds``."""
    cpu = time.process_time()
    time.sleep(seconds)
    return (time.process_time() - cpu) / seconds


def _cpu_until_idle(limit: float = 3.0) -> float:
    """CPU seconds used until the process is idle (polled every 0.1 s, bounded)."""
    start = time.process_time()
    deadline = time.monotonic() + limit
    while _cpu_rate(0.1) > 0.1 and time.monotonic() < deadline:
        pass
    return time.process_time() - start


def _live_engine_iterators() -> int:
    """How many Polars streaming-batch iterators are alive in this process."""
    kind = type(pl.LazyFrame({"a": [1]}).collect_batches(lazy=True))
    gc.collect()
    return sum(1 for obj in gc.get_objects() if type(obj) is kind)


def _full_stream(plan: Any) -> tuple[float, float]:
    """Wall and CPU seconds of streaming the whole result through the same engine."""
    wall, cpu = time.perf_counter(), time.process_time()
    assert sum(b.height for b in plan.iter_batches(65536)) == 5_000_000
    return time.perf_counter() - wall, time.process_time() - cpu


def test_breaking_out_of_stream_ends_the_query(events: list[dict[str, Any]]) -> None:
    plan = _lazy_5m()
    full_wall, full_cpu = _full_stream(plan)
    threads = threading.active_count()

    start = time.perf_counter()
    for batch in plan.stream(batch_size=1000):
        first = batch
        break
    elapsed = time.perf_counter() - start

    assert first == {"a": list(range(1000)), "b": [v + 10 for v in range(1000)]}
    assert elapsed < full_wall / 4, (elapsed, full_wall)
    # the generator was closed at the break: its event is already out
    stream_events = [e for e in events if e["op"] == "stream"]
    assert len(stream_events) == 1
    assert stream_events[0]["complete"] is False
    assert stream_events[0]["ok"] is True
    assert stream_events[0]["rows"] == 1000
    assert _live_engine_iterators() == 0
    # the engine finishes the chunks it had in flight (its bounded look-ahead),
    # then stops: it does not compute the remaining ~5M rows
    assert _cpu_until_idle() < full_cpu / 2
    assert _cpu_rate(0.2) < 0.1
    assert threading.active_count() == threads


def test_breaking_out_of_astream_ends_the_query(events: list[dict[str, Any]]) -> None:
    plan = _lazy_5m()
    full_wall, full_cpu = _full_stream(plan)
    threads = threading.active_count()
    pool = concurrent.futures.ThreadPoolExecutor(2, thread_name_prefix="test-astream")

    async def main() -> tuple[float, dict[str, list[Any]]]:
        start = time.perf_counter()
        async for batch in plan.astream(1000, executor=pool):
            first = batch
            break
        elapsed = time.perf_counter() - start
        # a plain `break` leaves closing to the async-generator finalizer,
        # which runs on the next loop iterations
        for _ in range(100):
            if any(e["op"] == "astream" for e in events):
                break
            await asyncio.sleep(0.01)
        return elapsed, first

    elapsed, first = asyncio.run(main())
    assert first == {"a": list(range(1000)), "b": [v + 10 for v in range(1000)]}
    assert elapsed < full_wall / 4, (elapsed, full_wall)
    closed = [e for e in events if e["op"] == "astream"]
    assert len(closed) == 1
    assert closed[0]["complete"] is False
    assert _live_engine_iterators() == 0
    assert _cpu_until_idle() < full_cpu / 2
    assert _cpu_rate(0.2) < 0.1
    pool.shutdown(wait=False)
    deadline = time.monotonic() + 5
    while threading.active_count() > threads and time.monotonic() < deadline:
        time.sleep(0.01)
    assert threading.active_count() == threads


def test_aclose_releases_the_query_before_returning(
    events: list[dict[str, Any]],
) -> None:
    plan = _lazy_5m()

    async def main() -> None:
        async with contextlib.aclosing(plan.astream(1000)) as batches:  # type: ignore[type-var]
            async for _ in batches:
                break
        # released synchronously by aclose(): the event is already out
        assert [e["complete"] for e in events if e["op"] == "astream"] == [False]
        assert _live_engine_iterators() == 0

    asyncio.run(main())


def test_cancelling_the_consumer_mid_pull_closes_after_that_pull(
    events: list[dict[str, Any]],
) -> None:
    # the first batch needs the whole (~0.3 s) computation: the filter keeps 1 row
    frame = Num(
        pl.DataFrame({"a": pl.int_range(1_500_000, eager=True)}),
        trusted_mode="shape_only",
    )
    expr = frame.a
    for _ in range(10):
        expr = expr.cast(str).cast(int) + 1
    plan = frame.filter(expr == 17)

    async def main() -> float:
        async def consume() -> None:
            async for _ in plan.astream(10):
                pass

        task = asyncio.create_task(consume())
        await asyncio.sleep(0.05)  # the first pull is running in a worker
        assert not events  # nothing finished yet
        start = time.perf_counter()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return time.perf_counter() - start

    cancel_wait = asyncio.run(main())
    assert cancel_wait < 0.05  # the consumer did not wait for the engine
    deadline = time.monotonic() + 10
    while not events and time.monotonic() < deadline:
        time.sleep(0.01)
    # the pull finished in its worker, then the generator was closed there
    assert [(e["op"], e["complete"], e["rows"]) for e in events] == [
        ("astream", False, 1)
    ]


def test_stream_is_lazy_until_iterated(events: list[dict[str, Any]]) -> None:
    df = Num({"a": [1, 2, 3]})
    batches = df.stream(batch_size=2)
    agen = df.astream(2)
    assert events == []  # nothing ran
    assert next(batches) == {"a": [1, 2]}
    batches.close()
    del agen
    assert [e["op"] for e in events] == ["stream"]
