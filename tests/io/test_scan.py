"""Lazy file roots: scans validated at materialization, atomic writers, async chains."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import polars as pl
import pydantic
import pytest

from pydantable import DataFrameModel, col
from pydantable.awaitable import AwaitableDataFrameModel
from pydantable.errors import (
    ColumnNotFoundError,
    DtypeDriftWarning,
    SchemaMismatchError,
)


class User(DataFrameModel):
    id: int
    name: str
    joined: dt.date
    age: int | None


DATA = {
    "id": [1, 2, 3],
    "name": ["ann", "bob", "cy"],
    "joined": [dt.date(2026, 1, 1), dt.date(2026, 1, 2), dt.date(2026, 1, 3)],
    "age": [30, None, 17],
}


@pytest.mark.parametrize("fmt", ["parquet", "csv", "ndjson", "ipc"])
def test_write_then_read_round_trip(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"users.{fmt}"
    getattr(User(DATA), f"write_{fmt}")(path)
    frame = getattr(User, f"read_{fmt}")(path)
    assert frame.to_dict() == DATA
    adults = frame.filter(frame.age >= 18)
    assert adults.to_dict()["name"] == ["ann"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"users.{fmt}"
    ]  # no temp left


def test_read_json_is_ndjson(tmp_path: Path) -> None:
    path = tmp_path / "users.ndjson"
    User(DATA).write_ndjson(path)
    assert User.read_json(path).to_dict() == DATA


def test_full_validation_locates_bad_cells(tmp_path: Path) -> None:
    path = tmp_path / "users.csv"
    path.write_text(
        "id,name,joined,age\n1,ann,2026-01-01,30\n2,bob,2026-13-01,\n3,cy,2026-01-03,x\n"
    )
    frame = User.read_csv(path)  # nothing is read yet but the header
    with pytest.raises(pydantic.ValidationError) as info:
        frame.to_dict()
    assert [(e["type"], e["loc"], e["input"]) for e in info.value.errors()] == [
        ("date_from_datetime_parsing", ("joined", 1), "2026-13-01"),
        ("int_parsing", ("age", 2), "x"),
    ]


def test_coercion_on_scan(tmp_path: Path) -> None:
    path = tmp_path / "users.csv"
    path.write_text("id,name,joined,age\n 7,ann,2026-01-01,\n")
    assert User.read_csv(path).to_dicts() == [
        {"id": 7, "name": "ann", "joined": dt.date(2026, 1, 1), "age": None}
    ]


def test_shape_only_rejects_nulls_and_lossy_casts(tmp_path: Path) -> None:
    nulls = tmp_path / "nulls.parquet"
    pl.DataFrame({**DATA, "id": [1, None, 3]}).write_parquet(nulls)
    with pytest.raises(SchemaMismatchError, match=r"'id' is not nullable .* row 1"):
        User.read_parquet(nulls, trusted_mode="shape_only").to_dict()
    lossy = tmp_path / "lossy.parquet"
    pl.DataFrame({**DATA, "id": [1.0, 2.5, 3.0]}).write_parquet(lossy)
    with pytest.raises(SchemaMismatchError, match=r"without loss \(row 1\)"):
        User.read_parquet(lossy, trusted_mode="shape_only").to_dict()
    whole = tmp_path / "whole.parquet"
    pl.DataFrame({**DATA, "id": [1.0, 2.0, 3.0]}).write_parquet(whole)
    frame = User.read_parquet(whole, trusted_mode="shape_only")
    with pytest.warns(DtypeDriftWarning, match="'id': Float64 cast to Int64"):
        result = frame.to_dict()  # checked and cast when materialized
    assert result["id"] == [1, 2, 3]


def test_strict_requires_compatible_file_dtypes(tmp_path: Path) -> None:
    path = tmp_path / "strings.parquet"
    pl.DataFrame({**DATA, "id": ["1", "2", "3"]}).write_parquet(path)
    with pytest.raises(SchemaMismatchError, match="incompatible"):
        User.read_parquet(path, trusted_mode="strict")
    narrow = tmp_path / "narrow.parquet"
    pl.DataFrame(DATA, schema_overrides={"id": pl.Int32}).write_parquet(narrow)
    frame = User.read_parquet(narrow, trusted_mode="strict")
    assert frame.to_polars().schema["id"] == pl.Int64


def test_missing_columns_and_files(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        User.read_parquet(tmp_path / "nope.parquet")
    partial = tmp_path / "partial.parquet"
    pl.DataFrame(
        {"id": [1], "name": ["a"], "joined": [dt.date(2026, 1, 1)]}
    ).write_parquet(partial)
    assert User.read_parquet(partial).to_dict()["age"] == [None]  # optional: filled
    with pytest.raises(SchemaMismatchError, match="Missing required columns"):
        User.read_parquet(partial, fill_missing_optional=False)
    no_name = tmp_path / "no_name.parquet"
    pl.DataFrame({"id": [1], "joined": [dt.date(2026, 1, 1)]}).write_parquet(no_name)
    with pytest.raises(SchemaMismatchError, match=r"\['name'\]"):
        User.read_parquet(no_name)


def test_columns_projection_and_unknown_options(tmp_path: Path) -> None:
    path = tmp_path / "users.parquet"
    User(DATA).write_parquet(path)
    frame = User.read_parquet(path, columns=["id", "age"])
    assert frame.columns == ["id", "age"]
    assert frame.to_dict() == {"id": [1, 2, 3], "age": [30, None, 17]}
    with pytest.raises(ColumnNotFoundError):
        User.read_parquet(path, columns=["nope"])
    with pytest.raises(ValueError, match="unknown parquet scan options"):
        User.read_parquet(path, bogus=True)


def test_glob_of_files(tmp_path: Path) -> None:
    for i in range(3):
        User({k: [v[i]] for k, v in DATA.items()}).write_parquet(
            tmp_path / f"part{i}.parquet"
        )
    frame = User.read_parquet(tmp_path / "*.parquet")
    assert frame.sort("id").to_dict() == DATA


def test_failed_write_leaves_no_file(tmp_path: Path) -> None:
    class Texts(DataFrameModel):
        t: str

    frame = Texts({"t": ["1", "x"]})
    bad = frame.with_columns(t=frame.t.cast(int))  # fails while the engine writes
    target = tmp_path / "out.parquet"
    with pytest.raises(pl.exceptions.InvalidOperationError):
        bad.write_parquet(target)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(OSError):
        frame.write_parquet(tmp_path / "missing_dir" / "out.parquet")
    frame.write_parquet(tmp_path / "made" / "out.parquet", mkdir=True)
    assert Texts.read_parquet(tmp_path / "made" / "out.parquet").to_dict() == {
        "t": ["1", "x"]
    }


def test_streaming_a_scan_is_batched(tmp_path: Path) -> None:
    path = tmp_path / "big.parquet"
    n = 250_000
    pl.DataFrame(
        {
            "id": range(n),
            "name": ["x"] * n,
            "joined": [dt.date(2026, 1, 1)] * n,
            "age": [None] * n,
        }
    ).write_parquet(path)
    sizes = [len(b["id"]) for b in User.read_parquet(path).stream(batch_size=100_000)]
    assert sizes == [100_000, 100_000, 50_000]


def test_async_roots(tmp_path: Path) -> None:
    path = tmp_path / "users.parquet"
    User(DATA).write_parquet(path)

    async def main() -> None:
        pending = User.aread_parquet(path)
        assert isinstance(pending, AwaitableDataFrameModel)
        frame = await pending
        assert frame.to_dict() == DATA
        chained = User.Async.read_parquet(path).filter(col("age") > 20).select("name")
        assert await chained.to_dict() == {"name": ["ann"]}
        rows = await User.aread_parquet(path).then(lambda f: f.head(1)).collect()
        assert [r.id for r in rows] == [1]
        await frame.awrite_ipc(tmp_path / "users.ipc")
        assert (await User.aread_ipc(tmp_path / "users.ipc")).to_dict() == DATA
        with pytest.raises(AttributeError, match="materializer"):
            User.aread_parquet(path).nonsense

    asyncio.run(main())
