"""No data loss in SQL writes: a write commits every batch or none.

A write runs in one transaction. A failure in the 3rd of 5 batches (a
constraint the database enforces, a value it refuses, an upstream batch that
fails, a connection killed by the server) rolls everything back, for
``if_exists="append"`` and ``"replace"``; ``replace`` fills a staging table and
swaps it in after the last batch, so the old table stays whole (and readable,
on PostgreSQL, without waiting) until then. Real SQLite and real PostgreSQL.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from typing import Any

import pydantic
import pytest
import sqlalchemy as sa
import sqlmodel

from pydantable import DataFrameModel
from pydantable.io import write_sql_raw_batches, write_sqlmodel_batches


class Item(DataFrameModel):
    id: int
    name: str


BATCH = 10
OLD = {"id": [900, 901], "name": ["old a", "old b"]}


def new_data(
    bad_row: int | None = None, bad: dict[str, Any] | None = None
) -> dict[str, list[Any]]:
    """5 batches of ``BATCH`` rows; ``bad`` replaces row ``bad_row`` (in batch 3)."""
    ids = list(range(5 * BATCH))
    data: dict[str, list[Any]] = {"id": ids, "name": [f"new {i}" for i in ids]}
    if bad_row is not None and bad is not None:
        for key, value in bad.items():
            data[key][bad_row] = value
    return data


def batches_of(data: dict[str, list[Any]]) -> list[dict[str, list[Any]]]:
    n = len(data["id"])
    return [{k: v[i : i + BATCH] for k, v in data.items()} for i in range(0, n, BATCH)]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest) -> Iterator[sa.Engine]:
    url = request.getfixturevalue(
        "sqlite_url" if request.param == "sqlite" else "pg_url"
    )
    eng = sa.create_engine(url)
    try:
        yield eng
    finally:
        eng.dispose()


@pytest.fixture
def name() -> str:
    """A table name needing quotes (space, mixed case, a percent sign)."""
    return f"Tx 100% {uuid.uuid4().hex[:8]}"


def rows(engine: sa.Engine, name: str) -> dict[str, list[Any]]:
    table = sa.table(name, sa.column("id"), sa.column("name"))
    with engine.connect() as conn:
        got = conn.execute(sa.select(table).order_by(table.c.id)).all()
    return {"id": [r[0] for r in got], "name": [r[1] for r in got]}


def stage_tables(engine: sa.Engine) -> list[str]:
    return [t for t in sa.inspect(engine).get_table_names() if "pydantable_stage" in t]


def count_inserts(engine: sa.Engine, name: str) -> list[int]:
    """Records the number of rows of every INSERT into tables (staging too)."""
    seen: list[int] = []

    @sa.event.listens_for(engine, "before_cursor_execute")
    def spy(
        conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool
    ) -> None:
        if statement.lstrip().upper().startswith("INSERT"):
            seen.append(len(params) if many else 1)

    return seen


def create_constrained(engine: sa.Engine, name: str) -> None:
    """The target as a DBA made it: a primary key, then the old rows."""
    quoted = engine.dialect.identifier_preparer.quote(name)
    with engine.begin() as conn:  # the quoted name is escaped for the driver
        conn.exec_driver_sql(
            f"CREATE TABLE {quoted} (id BIGINT PRIMARY KEY, name TEXT NOT NULL)"
        )
    Item(OLD).write_sql(name, engine, if_exists="append")


# -- append ------------------------------------------------------------------------------
def test_append_constraint_violation_in_batch_3_rolls_back_batches_1_and_2(
    engine: sa.Engine, name: str
) -> None:
    create_constrained(engine, name)
    inserts = count_inserts(engine, name)
    data = new_data(2 * BATCH + 4, {"id": 900})  # a duplicate key in batch 3
    with pytest.raises(sa.exc.IntegrityError):
        Item(data).write_sql(name, engine, if_exists="append", chunk_size=BATCH)
    assert len(inserts) == 3  # batches 1 and 2 went in, batch 3 failed
    assert sum(inserts[:2]) == 2 * BATCH
    assert rows(engine, name) == OLD
    Item(new_data()).write_sql(name, engine, if_exists="append", chunk_size=BATCH)
    assert len(rows(engine, name)["id"]) == 2 + 5 * BATCH


def test_append_upstream_failure_in_batch_3_rolls_back(
    engine: sa.Engine, name: str
) -> None:
    Item(OLD).write_sql(name, engine, if_exists="fail")
    inserts = count_inserts(engine, name)
    batches = batches_of(new_data(2 * BATCH + 1, {"id": "not a number"}))
    with pytest.raises(pydantic.ValidationError):
        write_sql_raw_batches(batches, name, engine, model=Item, if_exists="append")
    assert len(inserts) == 2
    assert rows(engine, name) == OLD


class TxRow(sqlmodel.SQLModel, table=True):
    __tablename__ = "tx sqlmodel 100% rows"
    id: int = sqlmodel.Field(primary_key=True)
    name: str


def test_sqlmodel_batches_primary_key_violation_rolls_back(engine: sa.Engine) -> None:
    table: Any = TxRow.__table__  # type: ignore[attr-defined]
    table.drop(engine, checkfirst=True)
    table.create(engine)
    try:
        write_sqlmodel_batches([OLD], TxRow, engine)
        data = new_data(2 * BATCH + 9, {"id": 901})
        with pytest.raises(sa.exc.IntegrityError):
            write_sqlmodel_batches(batches_of(data), TxRow, engine)
        assert rows(engine, table.name) == OLD
    finally:
        table.drop(engine, checkfirst=True)


# -- replace -----------------------------------------------------------------------------
def failing_batches(
    data: dict[str, list[Any]], at: int
) -> Iterator[dict[str, list[Any]]]:
    for i, batch in enumerate(batches_of(data)):
        if i == at:
            msg = "the source failed while batch 3 was being read"
            raise ConnectionError(msg)
        yield batch


def test_replace_failure_in_batch_3_keeps_the_old_table(
    engine: sa.Engine, name: str
) -> None:
    Item(OLD).write_sql(name, engine, if_exists="fail")
    inserts = count_inserts(engine, name)
    with pytest.raises(ConnectionError, match="batch 3"):
        write_sql_raw_batches(
            failing_batches(new_data(), 2),
            name,
            engine,
            model=Item,
            if_exists="replace",
        )
    assert len(inserts) == 2
    assert rows(engine, name) == OLD
    assert stage_tables(engine) == []
    batches = batches_of(new_data(2 * BATCH, {"name": None}))  # invalid: not nullable
    with pytest.raises(pydantic.ValidationError):
        write_sql_raw_batches(batches, name, engine, model=Item, if_exists="replace")
    assert rows(engine, name) == OLD
    assert stage_tables(engine) == []


def test_replace_swaps_in_the_new_table_after_the_last_batch(
    engine: sa.Engine, name: str
) -> None:
    create_constrained(engine, name)  # the old table has a primary key and 2 rows
    written = Item(new_data()).write_sql(
        name, engine, if_exists="replace", chunk_size=BATCH
    )
    assert written == 5 * BATCH
    assert rows(engine, name) == new_data()
    assert stage_tables(engine) == []
    assert sa.inspect(engine).get_pk_constraint(name)["constrained_columns"] == []
    again = Item(OLD).write_sql(name, engine, if_exists="replace")
    assert again == 2
    assert rows(engine, name) == OLD


# -- PostgreSQL: refused values, killed connections, readers during a replace ------------
@pytest.mark.postgres
@pytest.mark.parametrize("if_exists", ["append", "replace"])
def test_postgres_refused_value_in_batch_3_rolls_back(
    pg_url: str, name: str, if_exists: str
) -> None:
    engine = sa.create_engine(pg_url)
    try:
        Item(OLD).write_sql(name, engine, if_exists="fail")
        data = new_data(2 * BATCH + 2, {"name": "NUL \x00 byte"})  # valid str, not text
        with pytest.raises(sa.exc.DBAPIError):
            Item(data).write_sql(name, engine, if_exists=if_exists, chunk_size=BATCH)
        assert rows(engine, name) == OLD
        assert stage_tables(engine) == []
    finally:
        engine.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("if_exists", ["append", "replace"])
def test_postgres_connection_killed_in_batch_3_rolls_back(
    pg_url: str, name: str, if_exists: str
) -> None:
    app = f"pdt-{uuid.uuid4().hex[:12]}"
    writer = sa.create_engine(pg_url, connect_args={"application_name": app})
    admin = sa.create_engine(pg_url)
    killed: list[bool] = []

    def batches() -> Iterator[dict[str, list[Any]]]:
        for i, batch in enumerate(batches_of(new_data())):
            if i == 2:
                with admin.connect() as conn:
                    done = (
                        conn.execute(
                            sa.text(
                                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                "WHERE application_name = :app"
                            ),
                            {"app": app},
                        )
                        .scalars()
                        .all()
                    )
                killed.append(done == [True])
            yield batch

    try:
        Item(OLD).write_sql(name, admin, if_exists="fail")
        with pytest.raises(sa.exc.DBAPIError):
            write_sql_raw_batches(
                batches(), name, writer, model=Item, if_exists=if_exists
            )
        assert killed == [True]
        assert rows(admin, name) == OLD
        assert stage_tables(admin) == []
    finally:
        writer.dispose()
        admin.dispose()


@pytest.mark.postgres
def test_postgres_readers_see_the_old_table_during_a_replace(
    pg_url: str, name: str
) -> None:
    engine = sa.create_engine(pg_url)
    seen: list[dict[str, list[Any]]] = []

    def batches() -> Iterator[dict[str, list[Any]]]:
        for i, batch in enumerate(batches_of(new_data())):
            if i == 3:  # batches 1-3 are in: a reader must not wait for the writer
                with engine.connect() as conn:
                    conn.execute(sa.text("SET lock_timeout = '2s'"))
                    table = sa.table(name, sa.column("id"), sa.column("name"))
                    got = conn.execute(sa.select(table).order_by(table.c.id)).all()
                seen.append({"id": [r[0] for r in got], "name": [r[1] for r in got]})
            yield batch

    try:
        Item(OLD).write_sql(name, engine, if_exists="fail")
        write_sql_raw_batches(batches(), name, engine, model=Item, if_exists="replace")
        assert seen == [OLD]
        assert rows(engine, name) == new_data()
    finally:
        engine.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("if_exists", ["append", "replace"])
def test_postgres_async_write_failure_in_batch_3_rolls_back(
    pg_url: str, pg_async_url: str, name: str, if_exists: str
) -> None:
    engine = sa.create_engine(pg_url)
    try:
        Item(OLD).write_sql(name, engine, if_exists="fail")
        data = new_data(2 * BATCH + 5, {"name": "NUL \x00"})

        async def main() -> None:
            await Item(data).awrite_sql(
                name, pg_async_url, if_exists=if_exists, chunk_size=BATCH
            )

        with pytest.raises(sa.exc.DBAPIError):
            asyncio.run(main())
        assert rows(engine, name) == OLD
        assert stage_tables(engine) == []

        async def ok() -> int:
            return await Item(new_data()).awrite_sql(
                name, pg_async_url, if_exists="replace", chunk_size=BATCH
            )

        assert asyncio.run(ok()) == 5 * BATCH
        assert rows(engine, name) == new_data()
        assert stage_tables(engine) == []
    finally:
        engine.dispose()
