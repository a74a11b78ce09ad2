"""Hostile file, bytes and Arrow inputs: each failure the hostile-input probe
found is a documented pydantable error naming the source and its format.

Every read path (lazy scans, eager ``materialize_*``, batch iterators, async
readers, Arrow ingest, URL downloads, FastAPI routes) answers an unreadable
source with :class:`~pydantable.errors.InvalidSourceError`; cell problems stay
``pydantic.ValidationError``, shape problems ``SchemaMismatchError``.
"""

from __future__ import annotations

import asyncio
import decimal
import os
import pickle
import threading
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.feather as feather
import pyarrow.parquet as pq
import pydantic
import pytest

import pydantable.io as pio
from pydantable import DataFrameModel, InvalidSourceError, PydantableUserError
from pydantable import errors as perrors
from pydantable.errors import EngineExecutionError, SchemaMismatchError

ROWS = {"id": [1, 2, 3], "name": ["a", "b", "c"]}


class Row(DataFrameModel):
    id: int
    name: str


class Money(DataFrameModel):
    x: decimal.Decimal


def _valid(tmp_path: Path, fmt: str) -> bytes:
    path = tmp_path / f"valid.{fmt}"
    frame = pl.DataFrame(ROWS)
    {
        "parquet": frame.write_parquet,
        "ipc": frame.write_ipc,
        "csv": frame.write_csv,
        "ndjson": frame.write_ndjson,
    }[fmt](path)
    return path.read_bytes()


def _written(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _check(
    info: pytest.ExceptionInfo[InvalidSourceError], path: Path, fmt: str
) -> None:
    err = info.value
    assert isinstance(err, ValueError)
    assert isinstance(err, PydantableUserError)
    assert err.source == str(path)
    assert err.format == fmt
    assert err.reason
    assert str(path) in str(err)
    assert f"as {fmt}" in str(err)
    assert len(str(err)) < 1000


# -- the error itself ---------------------------------------------------------------
def test_the_error_is_exported_documented_and_picklable() -> None:
    assert perrors.InvalidSourceError is InvalidSourceError
    assert "InvalidSourceError" in perrors.__all__
    assert InvalidSourceError.__doc__
    err = InvalidSourceError(source=Path("/d/x.csv"), format="csv", reason="bad")
    again = pickle.loads(pickle.dumps(err))
    assert (again.source, again.format, again.reason) == ("/d/x.csv", "csv", "bad")
    assert str(again) == str(err) == "cannot read '/d/x.csv' as csv: bad"


def test_the_reason_is_bounded_and_drops_a_panic_backtrace() -> None:
    long = InvalidSourceError(source=b"", format="ipc", reason="x" * 100_000)
    assert len(long.reason) == perrors.MAX_REASON_LENGTH
    assert long.source == "bytes"
    panic = InvalidSourceError(
        source=["a.parquet"] * 9,
        format="parquet",
        reason="boom\nstack backtrace:\n  0: rust_begin_unwind\n" * 50,
    )
    assert panic.reason == "boom"
    assert panic.source.endswith("(and 4 more)")


# -- truncated, empty and corrupt files ------------------------------------------
@pytest.mark.parametrize(
    ("fmt", "damage"),
    [
        ("parquet", "truncated"),
        ("parquet", "empty"),
        ("parquet", "garbage"),
        ("ipc", "truncated"),
        ("ipc", "empty"),
        ("csv", "empty"),
        ("csv", "unclosed quote"),
        ("ndjson", "garbage"),
    ],
)
def test_a_damaged_file_is_an_invalid_source_on_every_read_path(
    tmp_path: Path, fmt: str, damage: str
) -> None:
    valid = _valid(tmp_path, fmt)
    data = {
        "truncated": valid[: len(valid) // 2],
        "empty": b"",
        "garbage": b"PAR1garbagegarbagePAR1"
        if fmt == "parquet"
        else b'{"id": 1}\n{gar',
        "unclosed quote": b'id,name\n1,"a\n2',
    }[damage]
    path = _written(tmp_path, f"bad.{fmt}", data)
    readers: list[Any] = [
        lambda: getattr(Row, f"read_{fmt}")(path).to_dict(),
        lambda: getattr(pio, f"materialize_{fmt}")(path),
        lambda: getattr(pio, f"materialize_{fmt}")(path, model=Row),
        lambda: list(getattr(pio, f"iter_{fmt}")(path, model=Row)),
        lambda: [b.to_dict() for b in getattr(Row, f"iter_{fmt}")(path)],
        lambda: asyncio.run(getattr(Row, f"aread_{fmt}")(path).acollect()),
        lambda: asyncio.run(getattr(pio, f"amaterialize_{fmt}")(path, model=Row)),
    ]
    if fmt in ("parquet", "ipc"):
        readers.append(lambda: list(getattr(pio, f"iter_{fmt}")(path)))
    for read in readers:
        with pytest.raises(InvalidSourceError) as info:
            read()
        _check(info, path, fmt)


def test_an_ipc_body_of_bytes_is_named_bytes(tmp_path: Path) -> None:
    valid = _valid(tmp_path, "ipc")
    with pytest.raises(InvalidSourceError) as info:
        pio.materialize_ipc(valid[:40])
    assert info.value.source == "bytes"
    assert info.value.format == "ipc"
    with pytest.raises(InvalidSourceError, match="'bytes' as ipc"):
        pio.materialize_ipc(valid, as_stream=True)  # a file is no stream


def test_a_corrupt_page_found_only_when_collecting_is_an_invalid_source(
    tmp_path: Path,
) -> None:
    # the footer is intact (the scan opens), a data page is not
    frame = pl.DataFrame({"id": list(range(5000)), "name": ["v"] * 5000})
    path = tmp_path / "pages.parquet"
    frame.write_parquet(path, compression="uncompressed", statistics=False)
    data = bytearray(path.read_bytes())
    for offset in range(8, 4000):
        data[offset] = 0xFF
    path.write_bytes(bytes(data))
    lazy = Row.read_parquet(path)  # opens: the footer reads
    with pytest.raises(InvalidSourceError) as info:
        lazy.to_dict()
    _check(info, path, "parquet")
    with pytest.raises(InvalidSourceError):
        [b.to_dict() for b in lazy.iter_batches(100)]


def test_a_plan_failure_on_a_valid_scan_stays_an_engine_error(tmp_path: Path) -> None:
    class Text(DataFrameModel):
        s: str

    path = tmp_path / "t.parquet"
    pl.DataFrame({"s": ["not a date"]}).write_parquet(path)
    df = Text.read_parquet(path)
    with pytest.raises(EngineExecutionError) as info:
        df.select(df.s.str.to_date("%Y-%m-%d")).to_dict()
    assert not isinstance(info.value, InvalidSourceError)


def test_cells_and_columns_of_a_readable_file_keep_their_errors(tmp_path: Path) -> None:
    path = tmp_path / "typed.parquet"
    pl.DataFrame({"id": ["x", "y"], "name": [1, 2]}).write_parquet(path)
    with pytest.raises(pydantic.ValidationError) as info:
        Row.read_parquet(path).to_dict()
    assert info.value.errors()[0]["loc"] == ("id", 0)
    other = tmp_path / "other.parquet"
    pl.DataFrame({"z": [1]}).write_parquet(other)
    with pytest.raises(SchemaMismatchError):
        Row.read_parquet(other).to_dict()


# -- Arrow ---------------------------------------------------------------------
def _decimal256(precision: int) -> pa.Table:
    return pa.table(
        {"x": pa.array([decimal.Decimal("1.50")], type=pa.decimal256(precision, 2))}
    )


def test_a_narrow_decimal256_column_is_read_as_decimal() -> None:
    assert Money(_decimal256(20)).to_dict() == {"x": [decimal.Decimal("1.50")]}


def test_a_wide_decimal256_column_is_an_invalid_source_on_every_path(
    tmp_path: Path,
) -> None:
    table = _decimal256(40)
    with pytest.raises(InvalidSourceError) as info:
        Money(table)
    assert (info.value.source, info.value.format) == ("pyarrow.Table", "arrow")
    assert "decimal256(40, 2)" in info.value.reason
    with pytest.raises(InvalidSourceError, match="as arrow"):
        Money(table.to_batches()[0])
    parquet = tmp_path / "wide.parquet"
    pq.write_table(table, parquet)
    with pytest.raises(InvalidSourceError) as info:
        Money.read_parquet(parquet).to_dict()
    _check(info, parquet, "parquet")
    ipc = tmp_path / "wide.arrow"
    feather.write_feather(table, ipc)
    # Polars panics inside its worker threads on this file (a BaseException)
    with pytest.raises(InvalidSourceError) as info:
        Money.read_ipc(ipc).to_dict()
    _check(info, ipc, "ipc")
    with pytest.raises(InvalidSourceError):
        pio.materialize_ipc(ipc, model=Money)


def test_duplicate_arrow_column_names_are_an_invalid_source() -> None:
    table = pa.Table.from_arrays([pa.array([1]), pa.array(["a"])], names=["id", "id"])
    with pytest.raises(InvalidSourceError) as info:
        Row(table)
    assert info.value.format == "arrow"
    assert "more than once" in info.value.reason


def test_an_engine_panic_is_caught_at_the_boundary() -> None:
    panic = pl.exceptions.PanicException("called `Option::unwrap()` on a `None`")
    assert not isinstance(panic, Exception)  # why a plain except misses it
    with (
        pytest.raises(InvalidSourceError) as info,
        perrors.reading_source("x.ipc", "ipc"),
    ):
        raise panic
    assert info.value.__cause__ is panic
    with (
        pytest.raises(KeyboardInterrupt),  # other BaseExceptions pass
        perrors.reading_source("x.ipc", "ipc"),
    ):
        raise KeyboardInterrupt


# -- FIFOs and devices ------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")
@pytest.mark.parametrize("fmt", ["parquet", "csv", "ndjson", "json", "ipc"])
def test_a_fifo_is_refused_up_front_on_every_path(tmp_path: Path, fmt: str) -> None:
    fifo = tmp_path / f"pipe.{fmt}"
    os.mkfifo(fifo)
    # a reader that opened the FIFO would wait for a writer forever: a watchdog
    # writer unblocks it so that a regression fails instead of hanging
    done = threading.Event()

    def unblock() -> None:
        if not done.wait(10):
            with open(fifo, "wb") as pipe:
                pipe.write(b"")

    watchdog = threading.Thread(target=unblock, daemon=True)
    watchdog.start()
    try:
        for read in (
            lambda: getattr(Row, f"read_{fmt}")(fifo),
            lambda: getattr(pio, f"materialize_{fmt}")(fifo),
            lambda: getattr(Row, f"read_{fmt}")([tmp_path / "none", fifo]),
        ):
            with pytest.raises(InvalidSourceError, match="not a regular file") as info:
                read()
            assert "FIFO" in info.value.reason
            assert info.value.format == fmt
    finally:
        done.set()
        watchdog.join(15)


def test_a_character_device_is_refused() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    with pytest.raises(InvalidSourceError, match="character device"):
        Row.read_csv("/dev/zero")
    with pytest.raises(InvalidSourceError, match="character device"):
        list(pio.iter_csv("/dev/zero"))


def test_a_missing_file_is_still_a_file_not_found_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        Row.read_parquet(tmp_path / "missing.parquet")
    with pytest.raises(FileNotFoundError):
        pio.materialize_csv(tmp_path / "missing.csv")


# -- argument checks the probe found ----------------------------------------------
@pytest.mark.parametrize("bad", [-1, 0, 1.5, "3", True, None])
def test_max_errors_must_be_a_positive_int(bad: Any) -> None:
    with pytest.raises(ValueError, match=r"max_errors must be an int >= 1"):
        Row({"id": ["x"], "name": ["a"]}, max_errors=bad)
    with pytest.raises(pydantic.ValidationError) as info:
        Row({"id": ["x", "y"], "name": ["a", "b"]}, max_errors=1)
    assert len(info.value.errors()) == 1


def test_a_generator_column_is_a_clear_type_error() -> None:
    # like Polars' own DataFrame constructor, a column must be sized: a
    # generator is consumed once and has no length to check against the others
    with pytest.raises(TypeError, match="got generator: materialize it first"):
        Row({"id": (i for i in range(3)), "name": ["a", "b", "c"]})
    assert Row({"id": list(range(3)), "name": ["a", "b", "c"]}).height == 3


def test_nothing_the_caller_passed_is_mutated(tmp_path: Path) -> None:
    table = pa.Table.from_arrays([pa.array([1]), pa.array(["a"])], names=["id", "id"])
    before = table.to_pydict()
    with pytest.raises(InvalidSourceError):
        Row(table)
    assert table.to_pydict() == before
    body = bytearray(_valid(tmp_path, "ipc")[:40])
    kept = bytes(body)
    with pytest.raises(InvalidSourceError):
        pio.materialize_ipc(body)
    assert bytes(body) == kept
