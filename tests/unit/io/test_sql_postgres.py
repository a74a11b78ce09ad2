"""SQL I/O against a real PostgreSQL server (psycopg 3, started by conftest)."""

from __future__ import annotations

import datetime as dtm
import uuid

import pydantic
import pytest
import sqlalchemy as sa
from sql_models import INJECTION, Item, items

from pydantable import DataFrameModel
from pydantable.io import fetch_sql_raw, iter_sql_raw, write_sql_raw

pytestmark = pytest.mark.postgres


class Extra(DataFrameModel):
    id: int
    key: uuid.UUID
    blob: bytes
    wait: dtm.timedelta
    when: dtm.time


class Small(DataFrameModel):
    id: int
    v: int


def test_round_trip_all_types(pg_url: str, table_name: str) -> None:
    frame = Item(items())
    assert frame.write_sql(table_name, pg_url) == 3
    back = Item.read_sql(f'SELECT * FROM "{table_name}" ORDER BY id', pg_url)
    assert back.to_dict() == frame.to_dict()
    found = fetch_sql_raw(
        f'SELECT id FROM "{table_name}" WHERE name = :name',
        pg_url,
        params={"name": INJECTION},
    )
    assert found["id"].to_list() == [3]


def test_native_types_in_ddl(pg_url: str, table_name: str) -> None:
    Item(items()).write_sql(table_name, pg_url)
    engine = sa.create_engine(pg_url)
    columns = {c["name"]: c for c in sa.inspect(engine).get_columns(table_name)}
    engine.dispose()
    assert str(columns["price"]["type"]) == "NUMERIC(12, 3)"
    assert columns["at"]["type"].timezone is True
    assert str(columns["tags"]["type"]) == "JSONB"
    assert columns["id"]["nullable"] is False
    assert columns["ok"]["nullable"] is True


def test_uuid_bytes_interval_time(pg_url: str, table_name: str) -> None:
    data = {
        "id": [1, 2],
        "key": [uuid.UUID(int=1), uuid.UUID(int=2**100)],
        "blob": [b"\x00\xff", b""],
        "wait": [dtm.timedelta(seconds=5), dtm.timedelta(days=-1, microseconds=3)],
        "when": [dtm.time(1, 2, 3), dtm.time(23, 59, 59, 999999)],
    }
    Extra(data).write_sql(table_name, pg_url)
    back = Extra.read_sql(f'SELECT * FROM "{table_name}" ORDER BY id', pg_url)
    assert back.to_dict() == Extra(data).to_dict()


def test_invalid_cell_is_located(pg_url: str, table_name: str) -> None:
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE TABLE "{table_name}" (id bigint, v text)'))
        conn.execute(
            sa.text(f'INSERT INTO "{table_name}" VALUES (1, :a), (2, :b), (3, :c)'),
            {"a": "10", "b": "11", "c": "twelve"},
        )
    with pytest.raises(pydantic.ValidationError) as info:
        Small.read_sql(f'SELECT * FROM "{table_name}" ORDER BY id', engine).to_dict()
    engine.dispose()
    error = info.value.errors()[0]
    assert error["loc"] == ("v", 2)
    assert error["input"] == "twelve"


def test_if_exists_and_transactions(pg_url: str, table_name: str) -> None:
    quoted = f'"{table_name}"'
    Small({"id": [1], "v": [1]}).write_sql(table_name, pg_url)
    with pytest.raises(ValueError, match="already exists"):
        Small({"id": [1], "v": [1]}).write_sql(table_name, pg_url)
    Small({"id": [2], "v": [2]}).write_sql(table_name, pg_url, if_exists="append")
    source = Small.read_sql("SELECT 5 AS id, 'x' AS v", pg_url)  # fails validation
    with pytest.raises(pydantic.ValidationError):
        source.write_sql(table_name, pg_url, if_exists="replace")
    assert fetch_sql_raw(f"SELECT id FROM {quoted} ORDER BY id", pg_url)[
        "id"
    ].to_list() == [1, 2]
    Small({"id": [3], "v": [3]}).write_sql(table_name, pg_url, if_exists="replace")
    assert fetch_sql_raw(f"SELECT id FROM {quoted}", pg_url)["id"].to_list() == [3]
    fresh = f"{table_name} new"
    with pytest.raises(pydantic.ValidationError):
        source.write_sql(fresh, pg_url)
    engine = sa.create_engine(pg_url)
    assert not sa.inspect(engine).has_table(fresh)
    engine.dispose()


def test_connection_in_a_transaction_uses_a_savepoint(
    pg_url: str, table_name: str
) -> None:
    engine = sa.create_engine(pg_url)
    with engine.connect() as conn:
        conn.execute(sa.text("SELECT 1"))  # autobegun: the caller owns the transaction
        Small({"id": [1], "v": [1]}).write_sql(table_name, conn)
        conn.rollback()
    assert not sa.inspect(engine).has_table(table_name)
    engine.dispose()


def test_reserved_words_and_odd_names(pg_url: str, table_name: str) -> None:
    frame = Small({"id": [1], "v": [2]}).rename({"id": "select", "v": 'we"ird Col'})
    frame.write_sql("user", pg_url, if_exists="replace")  # a reserved word
    raw = fetch_sql_raw('SELECT * FROM "user"', pg_url)
    assert raw.columns == ["select", 'we"ird Col']
    assert raw.rows() == [(1, 2)]


def test_iter_and_raw_write(pg_url: str, table_name: str) -> None:
    write_sql_raw({"id": list(range(5)), "v": [0] * 5}, table_name, pg_url, model=Small)
    sizes = [
        b.height
        for b in iter_sql_raw(f'SELECT * FROM "{table_name}"', pg_url, batch_size=2)
    ]
    assert sizes == [2, 2, 1]
