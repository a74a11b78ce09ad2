"""Async SQL: asyncpg through SQLAlchemy's asyncio engine on a real PostgreSQL."""

from __future__ import annotations

import asyncio
from typing import Any

import pydantic
import pytest
import sqlalchemy as sa
from sql_models import Item, items
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import Field, SQLModel

from pydantable import DataFrameModel
from pydantable.io import (
    afetch_sql_raw,
    afetch_sqlmodel,
    aiter_sql_raw,
    aiter_sqlmodel,
    awrite_sql_raw,
    awrite_sqlmodel,
)


class Small(DataFrameModel):
    id: int
    v: int


class Note(SQLModel, table=True):
    __tablename__ = "async notes"
    id: int = Field(primary_key=True)
    body: str


def run(coro: Any) -> Any:
    return asyncio.run(coro)


@pytest.mark.postgres
def test_async_round_trip(pg_async_url: str, table_name: str) -> None:
    async def main() -> tuple[dict[str, Any], dict[str, Any]]:
        engine = create_async_engine(pg_async_url)
        try:
            frame = Item(items())
            assert await frame.awrite_sql(table_name, engine) == 3
            back = await Item.aread_sql(
                f'SELECT * FROM "{table_name}" WHERE id >= :lo ORDER BY id',
                engine,
                params={"lo": 1},
            )
            return back.to_dict(), frame.to_dict()
        finally:
            await engine.dispose()

    got, expected = run(main())
    assert got == expected


@pytest.mark.postgres
def test_async_fetch_iter_and_errors(pg_async_url: str, table_name: str) -> None:
    async def main() -> None:
        engine = create_async_engine(pg_async_url)
        try:
            await awrite_sql_raw(
                {"id": list(range(5)), "v": [1] * 5}, table_name, engine, model=Small
            )
            raw = await afetch_sql_raw(
                f'SELECT count(*) AS n FROM "{table_name}"', engine
            )
            assert raw["n"].item() == 5
            sizes = [
                b.height
                async for b in aiter_sql_raw(
                    f'SELECT * FROM "{table_name}"', engine, batch_size=2
                )
            ]
            assert sizes == [2, 2, 1]
            with pytest.raises(pydantic.ValidationError) as info:
                await Small.aread_sql("SELECT 1 AS id, 'x' AS v", engine)
            assert info.value.errors()[0]["loc"] == ("v", 0)
        finally:
            await engine.dispose()

    run(main())


@pytest.mark.postgres
def test_async_write_is_transactional(
    pg_async_url: str, pg_url: str, table_name: str
) -> None:
    bad = Small.read_sql("SELECT 1 AS id, 'x' AS v", pg_url)

    async def main() -> None:
        engine = create_async_engine(pg_async_url)
        try:
            with pytest.raises(pydantic.ValidationError):
                await bad.awrite_sql(table_name, engine)
            async with engine.connect() as conn:
                exists = await conn.run_sync(
                    lambda sync: sa.inspect(sync).has_table(table_name)
                )
            assert not exists
            await Small({"id": [1], "v": [1]}).awrite_sql(table_name, engine)
            with pytest.raises(ValueError, match="already exists"):
                await Small({"id": [1], "v": [1]}).awrite_sql(table_name, engine)
        finally:
            await engine.dispose()

    run(main())


@pytest.mark.postgres
def test_async_sqlmodel(pg_async_url: str) -> None:
    async def main() -> None:
        engine = create_async_engine(pg_async_url)
        try:
            data = {"id": [1, 2, 3], "body": ["a", "b", "c"]}
            await awrite_sqlmodel(
                data, Note, engine, if_exists="replace", replace_ok=True
            )
            got = await afetch_sqlmodel(Note, engine, where={"id": 2})
            assert got == {"id": [2], "body": ["b"]}
            batches = [
                b["id"]
                async for b in aiter_sqlmodel(Note, engine, batch_size=2, order_by="id")
            ]
            assert batches == [[1, 2], [3]]
        finally:
            await engine.dispose()

    run(main())


@pytest.mark.postgres
def test_lazy_read_with_async_url(pg_async_url: str) -> None:
    lazy = Small.read_sql("SELECT 1 AS id, 2 AS v UNION ALL SELECT 3, 4", pg_async_url)
    assert lazy.sort("id").to_dict() == {"id": [1, 3], "v": [2, 4]}


def test_sync_bind_is_offloaded(sqlite_url: str) -> None:
    async def main() -> dict[str, Any]:
        await Small({"id": [1, 2], "v": [3, 4]}).awrite_sql("t", sqlite_url)
        raw = await afetch_sql_raw("SELECT * FROM t ORDER BY id", sqlite_url)
        assert raw.height == 2
        batches = [
            b.height
            async for b in aiter_sql_raw("SELECT * FROM t", sqlite_url, batch_size=1)
        ]
        assert batches == [1, 1]
        frame = await Small.aread_sql("SELECT * FROM t ORDER BY id", sqlite_url)
        return frame.to_dict()

    assert run(main()) == {"id": [1, 2], "v": [3, 4]}


class Memo(SQLModel, table=True):
    __tablename__ = "memos"
    id: int = Field(primary_key=True)
    body: str
    note: str | None = None


class MemoCore(DataFrameModel):
    id: int
    body: str


@pytest.mark.postgres
def test_sync_and_async_sqlmodel_writes_agree_on_a_missing_column(
    pg_async_url: str, pg_url: str
) -> None:
    from pydantable.io import fetch_sqlmodel, write_sqlmodel

    full = {"id": [1], "body": ["a"], "note": [None]}
    write_sqlmodel(full, Memo, pg_url, if_exists="replace", replace_ok=True)
    frame = MemoCore({"id": [2], "body": ["b"]})  # lacks the nullable ``note``
    keys = r"missing columns: \['note'\]; extra columns: \[\]"
    with pytest.raises(ValueError, match=keys):
        write_sqlmodel(frame, Memo, pg_url)

    async def main() -> None:
        engine = create_async_engine(pg_async_url)
        try:
            with pytest.raises(ValueError, match=keys):
                await awrite_sqlmodel(frame, Memo, engine)
            await awrite_sqlmodel(
                {"id": [3], "body": ["c"], "note": ["n"]}, Memo, engine
            )
        finally:
            await engine.dispose()

    run(main())
    got = fetch_sqlmodel(Memo, pg_url, order_by=Memo.id)
    assert got == {"id": [1, 3], "body": ["a", "c"], "note": [None, "n"]}
