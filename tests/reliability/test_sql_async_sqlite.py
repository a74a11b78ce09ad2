"""Async SQL on SQLite through aiosqlite (``sqlite+aiosqlite://``): real async I/O.

Reads (``aread_sql``, ``afetch_sql_raw``, ``aiter_sql_raw``) and writes
(``awrite_sql``, ``awrite_sql_raw``) on an ``AsyncEngine`` and on an async URL,
checked against the same file read with the sync driver; and the transaction
guarantees of ``test_sql_transactions.py`` on the async path: a failure in the
3rd of 5 batches rolls back every batch (append), keeps the old table whole
(replace) and leaves no table behind that the write created.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import polars as pl
import pydantic
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from pydantable import DataFrameModel
from pydantable.io import afetch_sql_raw, aiter_sql_raw, awrite_sql_raw
from pydantable.io.sql.aio import ainsert_batches, is_async_bind

T = TypeVar("T")


class Item(DataFrameModel):
    id: int
    name: str


class Wide(DataFrameModel):
    id: int
    score: float | None
    tags: list[str] | None


BATCH = 10
OLD = {"id": [900, 901], "name": ["old a", "old b"]}


def new_data(bad_row: int | None = None, **bad: Any) -> dict[str, list[Any]]:
    """5 batches of ``BATCH`` rows; ``bad`` replaces the cells of row ``bad_row``."""
    ids = list(range(5 * BATCH))
    data: dict[str, list[Any]] = {"id": ids, "name": [f"new {i}" for i in ids]}
    for key, value in bad.items():
        assert bad_row is not None
        data[key][bad_row] = value
    return data


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "async.db"


@pytest.fixture
def sync_engine(db: Path) -> Any:
    engine = sa.create_engine(f"sqlite:///{db}")
    yield engine
    engine.dispose()


@pytest.fixture
def aurl(db: Path) -> str:
    return f"sqlite+aiosqlite:///{db}"


@pytest.fixture
def name() -> str:
    """A table name needing quotes (space, mixed case, a percent sign)."""
    return f"Async 100% {uuid.uuid4().hex[:8]}"


def rows(engine: sa.Engine, name: str) -> dict[str, list[Any]]:
    table = sa.table(name, sa.column("id"), sa.column("name"))
    with engine.connect() as conn:
        got = conn.execute(sa.select(table).order_by(table.c.id)).all()
    return {"id": [r[0] for r in got], "name": [r[1] for r in got]}


def tables(engine: sa.Engine) -> list[str]:
    return sorted(sa.inspect(engine).get_table_names())


def with_async_engine(url: str, body: Any) -> Any:
    """Run ``await body(engine, statements)`` on a fresh ``AsyncEngine`` of ``url``;
    ``statements`` records (verb, rows) of every statement it executes."""

    async def main() -> Any:
        engine: AsyncEngine = create_async_engine(url)
        statements: list[tuple[str, int]] = []

        @sa.event.listens_for(engine.sync_engine, "before_cursor_execute")
        def spy(
            conn: Any, cursor: Any, stmt: str, params: Any, context: Any, many: bool
        ) -> None:
            statements.append((stmt.split()[0].upper(), len(params) if many else 1))

        try:
            return await body(engine, statements)
        finally:
            await engine.dispose()

    return run(main())


def inserts(statements: list[tuple[str, int]]) -> list[int]:
    return [n for verb, n in statements if verb == "INSERT"]


def create_constrained(engine: sa.Engine, name: str) -> None:
    """The target as a DBA made it: a primary key, then the old rows."""
    quoted = engine.dialect.identifier_preparer.quote(name)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            f"CREATE TABLE {quoted} (id BIGINT PRIMARY KEY, name TEXT NOT NULL)"
        )
    Item(OLD).write_sql(name, engine, if_exists="append")


# -- reads -------------------------------------------------------------------------------
def test_binds_are_async() -> None:
    assert is_async_bind("sqlite+aiosqlite:///x.db")
    assert not is_async_bind("sqlite:///x.db")


def test_aread_sql_validates_on_an_async_engine_and_url(
    sync_engine: sa.Engine, aurl: str, name: str
) -> None:
    data = {"id": [3, 1, 2], "score": [0.5, None, 2.0], "tags": [["a"], None, []]}
    Wide(data).write_sql(name, sync_engine)
    quoted = sync_engine.dialect.identifier_preparer.quote(name)
    query = f"SELECT * FROM {quoted} WHERE id >= :low ORDER BY id"

    async def read(engine: AsyncEngine, statements: list[tuple[str, int]]) -> Any:
        return await Wide.aread_sql(query, engine, params={"low": 2})

    frame = with_async_engine(aurl, read)
    assert type(frame) is Wide
    assert frame.to_dict() == {"id": [2, 3], "score": [2.0, 0.5], "tags": [[], ["a"]]}
    by_url = run(Wide.aread_sql(f"SELECT * FROM {quoted} ORDER BY id", aurl))
    assert by_url.to_dict() == {
        "id": [1, 2, 3],
        "score": [None, 2.0, 0.5],
        "tags": [None, [], ["a"]],
    }


def test_aread_sql_reports_invalid_rows_like_the_sync_read(
    sync_engine: sa.Engine, aurl: str, name: str
) -> None:
    quoted = sync_engine.dialect.identifier_preparer.quote(name)
    with sync_engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE TABLE {quoted} (id TEXT, name TEXT)")
        conn.exec_driver_sql(
            f"INSERT INTO {quoted} VALUES ('1', 'a'), ('two', 'b'), ('3', NULL)"
        )
    query = f"SELECT * FROM {quoted} ORDER BY name"
    with pytest.raises(pydantic.ValidationError) as caught:
        run(Item.aread_sql(query, aurl))
    with pytest.raises(pydantic.ValidationError) as sync_caught:
        Item.read_sql(query, sync_engine).collect()
    errors = caught.value.errors(include_url=False)
    assert errors == sync_caught.value.errors(include_url=False)
    assert {(e["type"], e["input"]) for e in errors} == {
        ("int_parsing", "two"),
        ("string_type", None),
    }


def test_afetch_and_aiter_raw_stream_in_batches(
    sync_engine: sa.Engine, aurl: str, name: str
) -> None:
    Item(new_data()).write_sql(name, sync_engine)
    quoted = sync_engine.dialect.identifier_preparer.quote(name)
    query = f"SELECT id, name FROM {quoted} ORDER BY id"

    async def read(engine: AsyncEngine, statements: list[tuple[str, int]]) -> Any:
        raw = await afetch_sql_raw(query, engine)
        batches = [b async for b in aiter_sql_raw(query, engine, batch_size=15)]
        return raw, batches, list(statements)

    raw, batches, statements = with_async_engine(aurl, read)
    assert raw.to_dict(as_series=False) == new_data()
    assert [b.height for b in batches] == [15, 15, 15, 5]
    assert pl.concat(batches).equals(raw)
    assert [verb for verb, _ in statements] == ["SELECT", "SELECT"]


# -- writes ------------------------------------------------------------------------------
def test_awrite_sql_creates_appends_and_replaces(
    sync_engine: sa.Engine, aurl: str, name: str
) -> None:
    async def write(engine: AsyncEngine, statements: list[tuple[str, int]]) -> Any:
        first = await Item(OLD).awrite_sql(name, engine)
        more = await Item(new_data()).awrite_sql(
            name, engine, if_exists="append", chunk_size=BATCH
        )
        return first, more, inserts(statements)

    first, more, counts = with_async_engine(aurl, write)
    assert (first, more) == (2, 5 * BATCH)
    assert counts == [2] + [BATCH] * 5
    assert rows(sync_engine, name) == {
        "id": new_data()["id"] + OLD["id"],
        "name": new_data()["name"] + OLD["name"],
    }
    assert (
        run(
            Item({"id": [7], "name": ["x"]}).awrite_sql(name, aurl, if_exists="replace")
        )
        == 1
    )
    assert rows(sync_engine, name) == {"id": [7], "name": ["x"]}
    written = run(awrite_sql_raw(OLD, name, aurl, model=Item, if_exists="replace"))
    assert written == 2
    assert rows(sync_engine, name) == OLD
    assert tables(sync_engine) == [name]
    with pytest.raises(ValueError, match="already exists"):
        run(Item(OLD).awrite_sql(name, aurl))
    assert rows(sync_engine, name) == OLD


# -- a failing batch rolls back everything -----------------------------------------------
def test_append_constraint_violation_in_batch_3_rolls_back_batches_1_and_2(
    sync_engine: sa.Engine, aurl: str, name: str
) -> None:
    create_constrained(sync_engine, name)
    data = new_data(2 * BATCH + 4, id=900)  # a duplicate key in batch 3

    async def write(engine: AsyncEngine, statements: list[tuple[str, int]]) -> Any:
        with pytest.raises(sa.exc.IntegrityError):
            await Item(data).awrite_sql(
                name, engine, if_exists="append", chunk_size=BATCH
            )
        return inserts(statements)

    assert with_async_engine(aurl, write) == [BATCH] * 3  # batches 1, 2 went in
    assert rows(sync_engine, name) == OLD
    # the database is usable afterwards: the same write, fixed, goes in whole
    fixed = run(
        Item(new_data()).awrite_sql(name, aurl, if_exists="append", chunk_size=BATCH)
    )
    assert fixed == 5 * BATCH
    assert len(rows(sync_engine, name)["id"]) == 2 + 5 * BATCH


def frames_of(
    data: dict[str, list[Any]], *, fail_at: int | None = None
) -> Iterator[pl.DataFrame]:
    """``data`` as Polars batches of ``BATCH`` rows; the source fails at ``fail_at``."""
    frame = Item(data).to_polars()
    for i, batch in enumerate(frame.iter_slices(BATCH)):
        if i == fail_at:
            msg = "the source failed while batch 3 was being read"
            raise ConnectionError(msg)
        yield batch


@pytest.mark.parametrize("if_exists", ["fail", "replace"])
def test_failure_in_batch_3_leaves_no_table_the_write_created(
    sync_engine: sa.Engine, aurl: str, name: str, if_exists: str
) -> None:
    """A new table (``fail``) or the staging table (``replace``) is DDL of the
    write's own transaction: rolled back with the inserts of batches 1 and 2."""
    if if_exists == "replace":
        Item(OLD).write_sql(name, sync_engine)
    before = tables(sync_engine)

    async def write(engine: AsyncEngine, statements: list[tuple[str, int]]) -> Any:
        with pytest.raises(ConnectionError, match="batch 3"):
            await ainsert_batches(
                frames_of(new_data(), fail_at=2),
                Item.__pydantable_schema__,
                name,
                engine,
                if_exists=if_exists,
            )
        failed = inserts(statements)
        assert tables(sync_engine) == before  # no new table, no staging table
        if if_exists == "replace":
            assert rows(sync_engine, name) == OLD
        # the pooled connection is back to normal: the next write goes in whole
        written = await ainsert_batches(
            frames_of(new_data()),
            Item.__pydantable_schema__,
            name,
            engine,
            if_exists=if_exists,
        )
        return failed, written

    assert with_async_engine(aurl, write) == ([BATCH] * 2, 5 * BATCH)
    assert rows(sync_engine, name) == new_data()
    assert tables(sync_engine) == [name]


@pytest.mark.parametrize("if_exists", ["fail", "replace"])
def test_refused_row_in_batch_3_leaves_no_table_the_write_created(
    sync_engine: sa.Engine, aurl: str, name: str, if_exists: str
) -> None:
    """SQLite itself refuses batch 3 (a null in the NOT NULL column the DDL declares)."""
    if if_exists == "replace":
        create_constrained(sync_engine, name)
    before = tables(sync_engine)
    batches = list(frames_of(new_data()))
    batches[2] = batches[2].with_columns(
        name=pl.when(pl.col("id") == 2 * BATCH + 6).then(None).otherwise("name")
    )

    async def write(engine: AsyncEngine, statements: list[tuple[str, int]]) -> Any:
        with pytest.raises(sa.exc.IntegrityError, match="NOT NULL"):
            await ainsert_batches(
                batches, Item.__pydantable_schema__, name, engine, if_exists=if_exists
            )
        return inserts(statements)

    assert with_async_engine(aurl, write) == [BATCH] * 3
    assert tables(sync_engine) == before
    if if_exists == "replace":
        assert rows(sync_engine, name) == OLD
        # the DBA's table is untouched: its primary key is still there
        pk = sa.inspect(sync_engine).get_pk_constraint(name)["constrained_columns"]
        assert pk == ["id"]
