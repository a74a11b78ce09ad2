"""Repeated writes do not grow the engine's compiled-statement cache.

A table named by a string is a new ``sqlalchemy.Table`` on every write, and
SQLAlchemy keys compiled statements by the table object: without
``compiled_cache=None`` every write left its ``INSERT`` (and the table, its
columns and their types) in ``engine._compiled_cache`` until the cache's LRU
bound. Found by the soak run of the reference service (docs/reliability.md).
"""

from __future__ import annotations

import asyncio
import warnings

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from pydantable import DataFrameModel
from pydantable.io import awrite_sql_raw, write_sql

WRITES = 25


class Item(DataFrameModel):
    id: int
    name: str | None


def cached(engine: sa.Engine) -> int:
    return len(engine._compiled_cache)  # type: ignore[arg-type]


def count(engine: sa.Engine, table: str) -> int:
    with engine.connect() as conn:
        found: int = conn.execute(
            sa.text(f'SELECT count(*) FROM "{table}"')
        ).scalar_one()
    return found


def test_appends_to_a_named_table_do_not_grow_the_cache(sqlite_url: str) -> None:
    engine = sa.create_engine(sqlite_url)
    Item({"id": [0], "name": ["a"]}).write_sql("items", engine)
    before = cached(engine)
    for i in range(1, WRITES + 1):
        Item({"id": [i], "name": [None]}).write_sql("items", engine, if_exists="append")
    assert cached(engine) == before
    assert count(engine, "items") == WRITES + 1
    engine.dispose()


def test_replaces_do_not_grow_the_cache(sqlite_url: str) -> None:
    engine = sa.create_engine(sqlite_url)
    Item({"id": [0], "name": ["a"]}).write_sql("items", engine)
    before = cached(engine)
    for i in range(WRITES):
        Item({"id": [i, i + 1], "name": ["x", "y"]}).write_sql(
            "items", engine, if_exists="replace"
        )
    assert cached(engine) == before
    assert count(engine, "items") == 2
    engine.dispose()


def test_a_declared_table_is_compiled_once_and_reused(sqlite_url: str) -> None:
    engine = sa.create_engine(sqlite_url)
    table = Item.to_sqlalchemy_table(name="declared")
    table.metadata.create_all(engine)
    for i in range(WRITES):
        # a declared Table is taken too (prepare_target); the stub says str
        Item({"id": [i], "name": ["x"]}).write_sql(
            table,  # type: ignore[arg-type]
            engine,
            if_exists="append",
        )
    # the one table object: its INSERT is cached once, not once per write
    assert cached(engine) == 1
    assert count(engine, "declared") == WRITES
    engine.dispose()


def test_legacy_column_writes_do_not_grow_the_cache(sqlite_url: str) -> None:
    engine = sa.create_engine(sqlite_url)
    with engine.begin() as conn:
        conn.execute(sa.text('CREATE TABLE "t" (id INTEGER NOT NULL, name TEXT)'))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        write_sql({"id": [0], "name": ["a"]}, "t", engine)
        before = cached(engine)
        for i in range(1, WRITES + 1):
            write_sql({"id": [i], "name": ["b"]}, "t", engine)
    assert cached(engine) == before
    assert count(engine, "t") == WRITES + 1
    engine.dispose()


def test_async_appends_do_not_grow_the_cache(sqlite_url: str) -> None:
    url = sqlite_url.replace("sqlite://", "sqlite+aiosqlite://", 1)

    async def main() -> tuple[int, int]:
        engine = create_async_engine(url)
        await awrite_sql_raw(Item({"id": [0], "name": ["a"]}), "items", engine)
        before = len(engine.sync_engine._compiled_cache)  # type: ignore[arg-type]
        for i in range(1, WRITES + 1):
            frame = Item({"id": [i], "name": ["b"]})
            await awrite_sql_raw(frame, "items", engine, if_exists="append")
        after = len(engine.sync_engine._compiled_cache)  # type: ignore[arg-type]
        await engine.dispose()
        return before, after

    before, after = asyncio.run(main())
    assert after == before
    assert count(sa.create_engine(sqlite_url), "items") == WRITES + 1
