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
    EngineExecutionError,
    InvalidSourceError,
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
    with pytest.raises(SchemaMismatchError, match=r"without loss \(row 1: row 1 of "):
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
    frame = User.read_parquet(path, trusted_mode="strict")  # checked when materialized
    with pytest.raises(SchemaMismatchError, match="incompatible"):
        frame.to_dict()
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
    strict = User.read_parquet(partial, fill_missing_optional=False)  # lazy: no error
    with pytest.raises(SchemaMismatchError, match="Missing required columns"):
        strict.to_dict()
    no_name = tmp_path / "no_name.parquet"
    pl.DataFrame({"id": [1], "joined": [dt.date(2026, 1, 1)]}).write_parquet(no_name)
    lazy = User.read_parquet(no_name)
    assert lazy.columns == ["id", "name", "joined", "age"]
    with pytest.raises(SchemaMismatchError, match=r"\['name'\]"):
        lazy.to_dict()


def test_columns_projection_and_unknown_options(tmp_path: Path) -> None:
    path = tmp_path / "users.parquet"
    User(DATA).write_parquet(path)
    frame = User.read_parquet(path, columns=["id", "age"])
    assert frame.columns == ["id", "age"]
    assert frame.to_dict() == {"id": [1, 2, 3], "age": [30, None, 17]}
    with pytest.raises(ColumnNotFoundError):
        User.read_parquet(path, columns=["nope"])
    with pytest.raises(ValueError, match="unknown scan_kw key 'bogus' for this format"):
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
    bad = frame.with_columns(t=frame.t.cast(int, strict=True))  # fails while writing
    target = tmp_path / "out.parquet"
    with pytest.raises(EngineExecutionError):
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


# -- several files: errors name the file --------------------------------------------
class Reading(DataFrameModel):
    sensor: str
    value: float


def test_bad_cell_in_a_glob_names_column_row_and_file(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("sensor,value\nx,1\ny,2\n")
    (tmp_path / "b.csv").write_text("sensor,value\nz,3\nw,hot\nv,5\n")
    frame = Reading.read_csv(tmp_path / "*.csv")
    with pytest.raises(pydantic.ValidationError) as info:
        frame.to_dict()
    [error] = info.value.errors()
    assert error["type"] == "float_parsing"
    assert error["loc"] == ("value", 3)  # row 3 of the whole scan
    assert error["input"] == "hot"
    assert error["ctx"] == {"file": str(tmp_path / "b.csv"), "file_row": 1}
    notes = "\n".join(getattr(info.value, "__notes__", []))
    assert f"'value' row 3: {tmp_path / 'b.csv'} row 1" in notes


def test_bad_cells_in_hive_partitions_are_located(tmp_path: Path) -> None:
    class Part(DataFrameModel):
        year: int
        n: int

    root = tmp_path / "data"
    for year, values in [(2024, ["1", "2"]), (2025, ["3", "4", "x"])]:
        folder = root / f"year={year}"
        folder.mkdir(parents=True)
        pl.DataFrame({"n": values}).write_parquet(folder / "part.parquet")
    with pytest.raises(pydantic.ValidationError) as info:
        Part.read_parquet(root, hive_partitioning=True).to_dict()
    [error] = info.value.errors()
    assert (error["type"], error["loc"], error["input"]) == (
        "int_parsing",
        ("n", 4),
        "x",
    )
    assert error["ctx"]["file"].endswith("year=2025/part.parquet")
    assert error["ctx"]["file_row"] == 2


def test_custom_and_constraint_errors_keep_their_ctx(tmp_path: Path) -> None:
    class Positive(DataFrameModel):
        n: int = pydantic.Field(gt=0)

    (tmp_path / "a.ndjson").write_text('{"n": 1}\n')
    (tmp_path / "b.ndjson").write_text('{"n": 2}\n{"n": -5}\n')
    with pytest.raises(pydantic.ValidationError) as info:
        Positive.read_ndjson(tmp_path / "*.ndjson").to_dict()
    [error] = info.value.errors()
    assert error["type"] == "greater_than"
    assert error["ctx"] == {"gt": 0, "file": str(tmp_path / "b.ndjson"), "file_row": 1}
    assert error["loc"] == ("n", 2)


def test_trusted_mode_errors_name_the_file(tmp_path: Path) -> None:
    pl.DataFrame({"sensor": ["a"], "value": [1.0]}).write_parquet(
        tmp_path / "1.parquet"
    )
    pl.DataFrame({"sensor": ["b", None], "value": [1.0, 2.0]}).write_parquet(
        tmp_path / "2.parquet"
    )
    with pytest.raises(SchemaMismatchError, match=r"row 1 of .*2\.parquet; scan row 2"):
        Reading.read_parquet(
            tmp_path / "*.parquet", trusted_mode="shape_only"
        ).to_dict()


# -- partitioned and JSON writers ----------------------------------------------------
class Sale(DataFrameModel):
    region: str
    year: int
    amount: float | None


SALES = {
    "region": ["eu", "us", "eu", "us"],
    "year": [2025, 2025, 2026, 2026],
    "amount": [1.0, None, 3.5, 4.0],
}


@pytest.mark.parametrize("fmt", ["parquet", "ipc", "csv", "ndjson"])
def test_partitioned_write_is_hive_and_reads_back(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / "sales"
    getattr(Sale(SALES), f"write_{fmt}")(target, partition_by=["region"], mkdir=True)
    assert sorted(p.name for p in target.iterdir()) == ["region=eu", "region=us"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sales"]  # no staging left
    if fmt in ("parquet", "ipc"):
        back = getattr(Sale, f"read_{fmt}")(target, hive_partitioning=True)
    else:  # text formats keep the key column in the files
        ext = "jsonl" if fmt == "ndjson" else fmt
        back = getattr(Sale, f"read_{fmt}")(target / "*" / f"*.{ext}")
    got = back.sort("year", "region").to_dict()
    assert got == Sale(SALES).sort("year", "region").to_dict()


def test_partitioned_write_is_atomic_and_refuses_to_clobber(tmp_path: Path) -> None:
    target = tmp_path / "sales"
    Sale(SALES).write_parquet(target, partition_by="year", mkdir=True)
    with pytest.raises(FileExistsError, match="overwrite=True"):
        Sale(SALES).write_parquet(target, partition_by="year")
    frame = Sale(SALES)
    bad = frame.with_columns(
        year=(frame.region.cast(int, strict=True))
    )  # fails mid-write
    with pytest.raises(EngineExecutionError):
        bad.write_parquet(target, partition_by="year", overwrite=True)
    # the old tree is intact and nothing else was left behind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sales"]
    assert Sale.read_parquet(target, hive_partitioning=True).height == 4
    frame.filter(frame.year == 2026).write_parquet(
        target, partition_by="year", overwrite=True
    )
    assert sorted(p.name for p in target.iterdir()) == ["year=2026"]
    with pytest.raises(ColumnNotFoundError):
        frame.write_parquet(tmp_path / "x", partition_by="nope")
    with pytest.raises(ValueError, match="JSON arrays"):
        frame.write_json(tmp_path / "y", partition_by="year")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sales"]


def test_json_array_writer_and_reader(tmp_path: Path) -> None:
    import json

    path = tmp_path / "sales.json"
    Sale(SALES).write_json(path)
    rows = json.loads(path.read_text())
    assert rows[1] == {"region": "us", "year": 2025, "amount": None}
    assert Sale.read_json(path).to_dict() == SALES  # an array
    Sale(SALES).write_ndjson(tmp_path / "sales.ndjson")
    assert Sale.read_json(tmp_path / "sales.ndjson").to_dict() == SALES  # or lines
    (tmp_path / "bad.json").write_text('[{"region": "eu", "year": "y", "amount": 1}]')
    with pytest.raises(pydantic.ValidationError) as info:
        Sale.read_json(tmp_path / "bad.json").to_dict()
    [error] = info.value.errors()
    assert error["loc"] == ("year", 0)
    assert error["ctx"] == {"file": str(tmp_path / "bad.json"), "file_row": 0}


def test_async_partitioned_and_json_writes(tmp_path: Path) -> None:
    async def main() -> None:
        await Sale(SALES).awrite_parquet(
            tmp_path / "p", partition_by="region", mkdir=True
        )
        await Sale(SALES).awrite_json(tmp_path / "s.json")

    asyncio.run(main())
    assert Sale.read_json(tmp_path / "s.json").to_dict() == SALES
    assert Sale.read_parquet(tmp_path / "p", hive_partitioning=True).height == 4


def test_a_glob_matching_nothing_fails_at_once(tmp_path: Path) -> None:
    for fmt in ("parquet", "csv", "ndjson", "json", "ipc"):
        with pytest.raises((FileNotFoundError, InvalidSourceError)) as info:
            getattr(Sale, f"read_{fmt}")(tmp_path / f"*.{fmt}")
        assert "*." in str(info.value)  # the glob is named
