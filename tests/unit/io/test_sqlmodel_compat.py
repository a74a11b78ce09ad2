"""SQLModel I/O with the original's contract: column dicts, typed classmethods,
write checks, the compatibility check, and SQLModel's own column types.

Real SQLite files and the session's PostgreSQL server (psycopg and asyncpg).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import copy
import datetime as dtm
import re
from typing import Any

import pydantic
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import Field, SQLModel

from pydantable import DataFrameModel, SchemaMismatchError
from pydantable.io import (
    StreamingColumns,
    afetch_sqlmodel,
    aiter_sqlmodel,
    awrite_sqlmodel,
    awrite_sqlmodel_batches,
    fetch_sqlmodel,
    iter_sqlmodel,
    sqlmodel_columns,
    write_sqlmodel,
    write_sqlmodel_batches,
)

UTC = dtm.timezone.utc
AT = dtm.datetime(2024, 5, 1, 12, 30, tzinfo=UTC)


class Hero(SQLModel, table=True):
    __tablename__ = "compat heroes"
    id: int | None = Field(default=None, primary_key=True)
    name: str
    age: int | None = Field(default=None, ge=0)
    seen: dtm.datetime

    @pydantic.field_validator("name")
    @classmethod
    def no_villains(cls, value: str) -> str:
        if value.startswith("Dr. "):
            raise ValueError("no villains")
        return value


class HeroFrame(DataFrameModel):
    id: int
    name: str
    age: int | None
    seen: pydantic.AwareDatetime


class Plain(SQLModel):  # not a table
    x: int


def heroes(n: int = 3) -> dict[str, list[Any]]:
    return {
        "id": [None] * n,
        "name": [f"h{i}" for i in range(n)],
        "age": [30 + i if i % 2 == 0 else None for i in range(n)],
        "seen": [AT] * n,
    }


@pytest.fixture
def url(sqlite_url: str) -> str:
    write_sqlmodel(heroes(), Hero, sqlite_url, if_exists="replace", replace_ok=True)
    return sqlite_url


def count(url: str) -> int:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        n = conn.execute(sa.text('SELECT count(*) FROM "compat heroes"')).scalar_one()
    engine.dispose()
    return int(n)


# -- column-dict reads ------------------------------------------------------------
def test_fetch_returns_the_driver_values(url: str) -> None:
    got = fetch_sqlmodel(Hero, url)
    assert type(got) is dict
    assert got == {
        "id": [1, 2, 3],  # None ids: numbered by the database
        "name": ["h0", "h1", "h2"],
        "age": [30, None, 32],
        "seen": [AT, AT, AT],  # aware: SQLModel's column type
    }


def test_columns_order_by_where_and_parameters(url: str) -> None:
    got = fetch_sqlmodel(
        Hero,
        url,
        columns=[Hero.name, Hero.id],
        where=Hero.id >= sa.bindparam("low"),
        parameters={"low": 2},
        order_by=Hero.id.desc(),
        limit=1,
    )
    assert got == {"name": ["h2"], "id": [3]}
    by_name = fetch_sqlmodel(Hero, url, columns=["id"], where={"name": "h1"})
    assert by_name == {"id": [2]}


def test_no_rows_is_an_empty_dict(url: str) -> None:
    assert fetch_sqlmodel(Hero, url, where=Hero.id > 99) == {}
    assert list(iter_sqlmodel(Hero, url, where=Hero.id > 99)) == []


def test_auto_stream_and_batches(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    streamed = fetch_sqlmodel(
        Hero, url, columns=[Hero.id], batch_size=2, auto_stream_threshold_rows=2
    )
    assert isinstance(streamed, StreamingColumns)
    assert streamed["id"] == [1, 2, 3]
    assert type(fetch_sqlmodel(Hero, url, auto_stream=False)) is dict
    monkeypatch.setenv("PYDANTABLE_SQL_FETCH_BATCH_SIZE", "2")
    sizes = [len(b["id"]) for b in iter_sqlmodel(Hero, url, columns=[Hero.id])]
    assert sizes == [2, 1]
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        fetch_sqlmodel(Hero, url, batch_size=0)


def test_a_class_that_is_not_a_table_is_a_type_error(url: str) -> None:
    with pytest.raises(
        TypeError, match="must be a SQLModel class declared with table=True"
    ):
        fetch_sqlmodel(Plain, url)
    with pytest.raises(
        TypeError, match="must be a SQLModel class declared with table=True"
    ):
        write_sqlmodel({"x": [1]}, Plain, url)


def test_sqlmodel_columns_are_the_table_keys() -> None:
    assert sqlmodel_columns(Hero) == ["id", "name", "age", "seen"]


def test_async_reads_on_a_sync_bind_run_in_the_executor(url: str) -> None:
    async def main() -> tuple[Any, list[Any]]:
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            got = await afetch_sqlmodel(Hero, url, columns=[Hero.id], executor=pool)
            batches = [
                b
                async for b in aiter_sqlmodel(
                    Hero, url, columns=[Hero.id], batch_size=2, executor=pool
                )
            ]
        return got, batches

    got, batches = asyncio.run(main())
    assert got == {"id": [1, 2, 3]}
    assert batches == [{"id": [1, 2]}, {"id": [3]}]


# -- writes -----------------------------------------------------------------------
def test_replace_needs_replace_ok_and_rebuilds_from_the_class(sqlite_url: str) -> None:
    with pytest.raises(ValueError, match=r"destructive.*replace_ok=True"):
        write_sqlmodel(heroes(), Hero, sqlite_url, if_exists="replace")
    write_sqlmodel(heroes(2), Hero, sqlite_url, if_exists="replace", replace_ok=True)
    write_sqlmodel(heroes(1), Hero, sqlite_url, if_exists="replace", replace_ok=True)
    assert count(sqlite_url) == 1
    engine = sa.create_engine(sqlite_url)
    columns = {c["name"]: c for c in sa.inspect(engine).get_columns("compat heroes")}
    engine.dispose()
    assert columns["name"]["nullable"] is False  # the class's DDL


def test_append_needs_an_existing_table(sqlite_url: str) -> None:
    with pytest.raises(ValueError, match=r"'compat heroes' does not exist"):
        write_sqlmodel(heroes(), Hero, sqlite_url)


def test_keys_must_match_the_table_exactly(url: str) -> None:
    data = heroes(1)
    del data["age"]
    data["power"] = ["x"]
    expected = (
        "data keys must match SQLModel table columns exactly. "
        "missing columns: ['age']; extra columns: ['power']"
    )
    with pytest.raises(ValueError, match=re.escape(expected)):
        write_sqlmodel(data, Hero, url)
    assert count(url) == 3


def test_argument_errors(url: str) -> None:
    with pytest.raises(ValueError, match="chunk_size must be a positive integer"):
        write_sqlmodel(heroes(1), Hero, url, chunk_size=0)
    with pytest.raises(ValueError, match="if_exists must be 'append' or 'replace'"):
        write_sqlmodel(heroes(1), Hero, url, if_exists="fail")
    with pytest.raises(ValueError, match="schema 'other' does not match"):
        write_sqlmodel(heroes(1), Hero, url, schema="other")


def test_values_are_checked_against_the_table_types(url: str) -> None:
    bad = heroes(2)
    bad["age"] = [1, -5]  # ge=0 on the SQLModel field
    with pytest.raises(pydantic.ValidationError) as info:
        write_sqlmodel(bad, Hero, url)
    assert info.value.errors()[0]["loc"] == ("age", 1)
    assert count(url) == 3


def test_validate_rows_runs_the_sqlmodel_class(url: str) -> None:
    data = heroes(3)
    data["name"][2] = "Dr. Evil"
    write_sqlmodel(copy.deepcopy(data), Hero, url)  # the types allow it
    with pytest.raises(
        ValueError, match=r"(?s)^row 2 failed validation: .*no villains"
    ):
        write_sqlmodel(data, Hero, url, validate_rows=True)
    assert count(url) == 6


def test_the_data_is_not_mutated_and_a_failed_batch_writes_nothing(url: str) -> None:
    first = heroes(2)
    before = copy.deepcopy(first)
    second = heroes(1)
    second["name"] = [None]  # NOT NULL in the table
    with pytest.raises(pydantic.ValidationError):
        write_sqlmodel_batches([first, second], Hero, url)
    assert first == before
    assert count(url) == 3


def test_batches_of_dicts_frames_and_streaming_columns(url: str) -> None:
    frame = HeroFrame({"id": [50], "name": ["f"], "age": [None], "seen": [AT]})
    streamed = StreamingColumns([heroes(1), heroes(1)])
    write_sqlmodel_batches([heroes(1), frame, streamed], Hero, url)
    assert count(url) == 3 + 1 + 1 + 2
    write_sqlmodel_batches(
        [heroes(1), heroes(2)], Hero, url, if_exists="replace", replace_ok=True
    )
    assert count(url) == 3
    assert write_sqlmodel_batches([], Hero, url) is None


def test_async_writes_on_a_sync_bind(url: str) -> None:
    async def main() -> None:
        await awrite_sqlmodel(heroes(1), Hero, url)
        await awrite_sqlmodel_batches([heroes(1), heroes(2)], Hero, url)

    asyncio.run(main())
    assert count(url) == 3 + 1 + 3


# -- SQLModel's own column types ----------------------------------------------------
def test_a_naive_datetime_is_a_located_validation_error(url: str) -> None:
    data = heroes(1)
    data["seen"] = [dtm.datetime(2024, 1, 1)]
    with pytest.raises(pydantic.ValidationError) as info:
        write_sqlmodel(data, Hero, url)
    error = info.value.errors()[0]
    assert (error["loc"], error["type"]) == (("seen", 0), "timezone_aware")


def test_a_nullable_primary_key_reads_as_required() -> None:
    class Loose(DataFrameModel):
        id: int | None  # None: the database numbers the row
        name: str | None
        age: int | None
        seen: pydantic.AwareDatetime

    Loose.assert_sqlmodel_compatible(Hero)  # reading into nullable columns is fine
    with pytest.raises(SchemaMismatchError) as info:
        Loose.assert_sqlmodel_compatible(Hero, direction="write")
    assert "'name': model column is nullable but the table's is NOT NULL" in str(
        info.value
    )
    assert "'id'" not in str(info.value)  # an auto-increment key takes None
    HeroFrame.assert_sqlmodel_compatible(Hero, direction="both")

    class Strict(DataFrameModel):
        id: int
        name: str
        age: int  # the table's age is nullable
        seen: pydantic.AwareDatetime

    with pytest.raises(SchemaMismatchError, match="'age': table column is nullable"):
        Strict.assert_sqlmodel_compatible(Hero)


def test_a_naive_frame_model_is_reported_before_any_io() -> None:
    class Naive(DataFrameModel):
        id: int
        name: str
        age: int | None
        seen: dtm.datetime

    with pytest.raises(SchemaMismatchError, match=r"'seen': model dtype Datetime vs"):
        Naive.assert_sqlmodel_compatible(Hero)


# -- typed classmethods -------------------------------------------------------------
def test_model_fetch_sqlmodel_is_typed_and_honours_ingest_options(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:  # SQLite lets a bad value in
        conn.execute(
            sa.text(
                'INSERT INTO "compat heroes" (name, age, seen) '
                "VALUES ('bad', 'old', '2024-05-01 12:30:00.000000')"
            )
        )
    engine.dispose()
    with pytest.raises(pydantic.ValidationError) as info:
        HeroFrame.fetch_sqlmodel(Hero, url)
    assert info.value.errors()[0]["loc"] == ("age", 3)
    reports: list[list[dict[str, Any]]] = []
    kept = HeroFrame.fetch_sqlmodel(
        Hero, url, ignore_errors=True, on_validation_errors=reports.append
    )
    assert kept.to_dict()["id"] == [1, 2, 3]
    assert [r["row_index"] for r in reports[0]] == [3]
    assert reports[0][0]["row"]["name"] == "bad"
    empty = HeroFrame.fetch_sqlmodel(Hero, url, where=Hero.id > 99)
    assert empty.to_dict() == {"id": [], "name": [], "age": [], "seen": []}


def test_model_iter_and_async_classmethods(url: str) -> None:
    sizes = [f.height for f in HeroFrame.iter_sqlmodel(Hero, url, batch_size=2)]
    assert sizes == [2, 1]

    async def main() -> tuple[int, list[int], int]:
        one = await HeroFrame.afetch_sqlmodel(Hero, url, where=Hero.id == 1)
        parts = [
            f.height async for f in HeroFrame.aiter_sqlmodel(Hero, url, batch_size=2)
        ]
        via = await HeroFrame.Async.fetch_sqlmodel(Hero, url)
        return one.height, parts, via.height

    assert asyncio.run(main()) == (1, [2, 1], 3)


def test_model_writers(url: str) -> None:
    frame = HeroFrame({"id": [10], "name": ["w"], "age": [1], "seen": [AT]})
    assert frame.write_sqlmodel(Hero, url) == 1
    data = {"id": [11, 12], "name": ["x", "y"], "age": ["2", None], "seen": [AT, AT]}
    assert HeroFrame.write_sqlmodel_data(data, Hero, url) == 2

    async def main() -> tuple[int, int, int]:
        a = await frame.with_columns(id=frame.id + 10).awrite_sqlmodel(Hero, url)
        b = await HeroFrame.awrite_sqlmodel_data(
            {"id": [30], "name": ["z"], "age": [None], "seen": [AT]}, Hero, url
        )
        c = await HeroFrame.Async.write_sqlmodel(
            {"id": [31], "name": ["q"], "age": [None], "seen": [AT]}, Hero, url
        )
        return a, b, c

    assert asyncio.run(main()) == (1, 1, 1)
    assert count(url) == 3 + 1 + 2 + 3
    with pytest.raises(pydantic.ValidationError):
        HeroFrame.write_sqlmodel_data(
            {"id": ["x"], "name": ["a"], "age": [1], "seen": [AT]}, Hero, url
        )


def test_io_classmethods_on_the_bare_base_class_are_refused(url: str) -> None:
    pattern = "I/O classmethods must be called on a concrete DataFrameModel subclass"
    with pytest.raises(TypeError, match=pattern):
        DataFrameModel.fetch_sqlmodel(Hero, url)
    with pytest.raises(TypeError, match=pattern):
        DataFrameModel.read_sql("SELECT 1", url)
    with pytest.raises(TypeError, match=pattern):
        DataFrameModel.write_sqlmodel_data({}, Hero, url)


# -- assert_sqlmodel_compatible -----------------------------------------------------
class Renamed(DataFrameModel):
    key: int
    name: str
    age: int | None
    seen: pydantic.AwareDatetime


def test_compatibility_names_as_the_original_checks_them() -> None:
    mapping = {"key": "id"}
    Renamed.assert_sqlmodel_compatible(Hero, column_map=mapping)
    Renamed.assert_sqlmodel_compatible(Hero, direction="write", column_map=mapping)
    with pytest.raises(
        ValueError, match=r"column_map keys are not DataFrameModel fields: \['nope'\]"
    ):
        Renamed.assert_sqlmodel_compatible(Hero, column_map={"nope": "id"})
    with pytest.raises(ValueError, match=r"duplicate SQL column key"):
        Renamed.assert_sqlmodel_compatible(
            Hero, direction="write", column_map={"key": "name"}
        )
    with pytest.raises(
        ValueError,
        match=re.escape(
            "missing SQL columns (no matching dataframe field after map): ['id']"
        ),
    ):
        Renamed.assert_sqlmodel_compatible(Hero, direction="write")
    with pytest.raises(ValueError, match=re.escape("extra keys vs SQL table: ['key']")):
        Renamed.assert_sqlmodel_compatible(Hero, direction="write")
    with pytest.raises(ValueError, match="does not return"):
        Renamed.assert_sqlmodel_compatible(
            Hero, column_map=mapping, read_keys=["id", "name"]
        )
    with pytest.raises(ValueError, match="direction must be 'read' or 'write'"):
        Renamed.assert_sqlmodel_compatible(Hero, direction="up")


# -- PostgreSQL -----------------------------------------------------------------------
class Visit(SQLModel, table=True):
    __tablename__ = "compat visits"
    id: int | None = Field(default=None, primary_key=True)
    at: dtm.datetime
    note: str | None = None


class VisitFrame(DataFrameModel):
    id: int
    at: pydantic.AwareDatetime
    note: str | None


@pytest.mark.postgres
def test_postgres_sync_and_async(pg_url: str, pg_async_url: str) -> None:
    later = dtm.datetime(
        2024, 5, 1, 14, 30, tzinfo=dtm.timezone(dtm.timedelta(hours=2))
    )
    data = {"id": [None, None], "at": [AT, later], "note": ["a", None]}
    write_sqlmodel(data, Visit, pg_url, if_exists="replace", replace_ok=True)
    got = fetch_sqlmodel(Visit, pg_url, order_by=Visit.id)
    assert got["id"] == [1, 2]
    assert got["at"] == [AT, later]  # the same instants (TIMESTAMPTZ)
    typed = VisitFrame.fetch_sqlmodel(Visit, pg_url, order_by=Visit.id)
    assert typed.to_dict()["note"] == ["a", None]

    async def main() -> tuple[Any, list[Any]]:
        engine = create_async_engine(pg_async_url)
        try:
            await awrite_sqlmodel(
                {"id": [None], "at": [AT], "note": ["c"]}, Visit, engine
            )
            fetched = await afetch_sqlmodel(
                Visit, engine, columns=[Visit.id], order_by=Visit.id
            )
            frames = [
                f.height
                async for f in VisitFrame.aiter_sqlmodel(Visit, engine, batch_size=2)
            ]
        finally:
            await engine.dispose()
        return fetched, frames

    fetched, frames = asyncio.run(main())
    assert fetched == {"id": [1, 2, 3]}
    assert frames == [2, 1]
