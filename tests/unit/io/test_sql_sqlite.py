"""SQL I/O against a real SQLite file (SQLAlchemy + the stdlib driver)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import polars as pl
import pydantic
import pytest
import sqlalchemy as sa
from sql_models import INJECTION, Item, items
from sqlmodel import Field, SQLModel

from pydantable import DataFrameModel, SchemaMismatchError
from pydantable.io import (
    fetch_sql_raw,
    fetch_sqlmodel,
    iter_sql_raw,
    iter_sqlmodel,
    sqlmodel_columns,
    write_sql_raw,
    write_sql_raw_batches,
    write_sqlmodel,
)


class Hero(SQLModel, table=True):
    __tablename__ = "heroes"
    id: int = Field(primary_key=True)
    name: str
    age: int | None = None


class HeroFrame(DataFrameModel):
    id: int
    name: str
    age: int | None


class Small(DataFrameModel):
    id: int
    v: int


def _db(url: str) -> str:
    return url.removeprefix("sqlite:///")


def _raw_table(url: str, rows: list[tuple[object, object]], name: str = "t") -> None:
    with sqlite3.connect(_db(url)) as db:
        db.execute(f"CREATE TABLE {name} (id INTEGER PRIMARY KEY, v INTEGER)")
        db.executemany(f"INSERT INTO {name} VALUES (?, ?)", rows)
    db.close()


def test_round_trip_all_types(sqlite_url: str) -> None:
    frame = Item(items())
    assert frame.write_sql("items", sqlite_url) == 3
    back = Item.read_sql('SELECT * FROM "items" ORDER BY id', sqlite_url)
    assert back.to_dict() == frame.to_dict()
    # the injection attempt was stored as data and the table is intact
    found = fetch_sql_raw(
        "SELECT id FROM items WHERE name = :name",
        sqlite_url,
        params={"name": INJECTION},
    )
    assert found["id"].to_list() == [3]


def test_ddl_comes_from_the_schema(sqlite_url: str) -> None:
    Item(items()).write_sql("items", sqlite_url)
    columns = {
        c["name"]: c
        for c in sa.inspect(sa.create_engine(sqlite_url)).get_columns("items")
    }
    assert columns["id"]["nullable"] is False
    assert columns["name"]["nullable"] is True
    assert str(columns["price"]["type"]) == "TEXT"  # exact decimal digits
    assert str(columns["id"]["type"]) == "BIGINT"


def test_read_sql_is_lazy_and_reruns(sqlite_url: str) -> None:
    lazy = Small.read_sql(
        "SELECT id, v FROM t WHERE v > :min", sqlite_url, params={"min": 1}
    )
    _raw_table(sqlite_url, [(1, 1), (2, 5)])  # the table exists only now
    assert lazy.filter(lazy.v < 10).to_dict() == {"id": [2], "v": [5]}
    with sqlite3.connect(_db(sqlite_url)) as db:
        db.execute("INSERT INTO t VALUES (3, 7)")
    db.close()
    assert lazy.to_dict() == {"id": [2, 3], "v": [5, 7]}


def test_invalid_cell_is_located(sqlite_url: str) -> None:
    _raw_table(sqlite_url, [(1, 10), (2, 20), (3, "abc")])
    with pytest.raises(pydantic.ValidationError) as info:
        Small.read_sql("SELECT * FROM t ORDER BY id", sqlite_url).to_dict()
    error = info.value.errors()[0]
    assert error["loc"] == ("v", 2)
    assert error["type"] == "int_parsing"


def test_late_float_is_not_truncated(sqlite_url: str) -> None:
    _raw_table(sqlite_url, [(i, i) for i in range(200)] + [(200, 1.5)])
    with pytest.raises(pydantic.ValidationError) as info:
        Small.read_sql("SELECT * FROM t ORDER BY id", sqlite_url).to_polars()
    assert info.value.errors()[0]["loc"] == ("v", 200)


def test_trusted_mode_is_honoured(sqlite_url: str) -> None:
    _raw_table(sqlite_url, [(1, None)])
    lazy = Small.read_sql("SELECT * FROM t", sqlite_url, trusted_mode="shape_only")
    with pytest.raises(SchemaMismatchError, match="'v'"):
        lazy.to_dict()


def test_if_exists_modes(sqlite_url: str) -> None:
    Small({"id": [1], "v": [1]}).write_sql("t", sqlite_url)
    with pytest.raises(ValueError, match="already exists"):
        Small({"id": [2], "v": [2]}).write_sql("t", sqlite_url)
    Small({"id": [2], "v": [2]}).write_sql("t", sqlite_url, if_exists="append")
    assert fetch_sql_raw("SELECT id FROM t ORDER BY id", sqlite_url)[
        "id"
    ].to_list() == [1, 2]
    Small({"id": [9], "v": [9]}).write_sql("t", sqlite_url, if_exists="replace")
    assert fetch_sql_raw("SELECT id FROM t", sqlite_url)["id"].to_list() == [9]
    with pytest.raises(ValueError, match="if_exists"):
        Small({"id": [9], "v": [9]}).write_sql("t", sqlite_url, if_exists="upsert")


def test_failed_write_leaves_nothing(sqlite_url: str) -> None:
    _raw_table(sqlite_url, [(1, 1), (2, "bad")], name="src")
    engine = sa.create_engine(sqlite_url)
    source = Small.read_sql("SELECT * FROM src ORDER BY id", engine)
    with pytest.raises(pydantic.ValidationError):
        source.write_sql("dest", engine)
    assert not sa.inspect(engine).has_table("dest")
    # replace keeps the old table when the new data fails
    Small({"id": [7], "v": [7]}).write_sql("dest", engine)
    with pytest.raises(pydantic.ValidationError):
        source.write_sql("dest", engine, if_exists="replace")
    assert fetch_sql_raw("SELECT id FROM dest", engine)["id"].to_list() == [7]
    engine.dispose()


def test_failed_append_rolls_back(sqlite_url: str) -> None:
    _raw_table(sqlite_url, [(1, 1)])
    frame = Small({"id": [5, 6, 1], "v": [0, 0, 0]})  # id 1 violates the primary key
    with pytest.raises(sa.exc.IntegrityError):
        frame.write_sql("t", sqlite_url, if_exists="append", chunk_size=1)
    assert fetch_sql_raw("SELECT id FROM t", sqlite_url)["id"].to_list() == [1]


def test_odd_identifiers_are_quoted(sqlite_url: str) -> None:
    frame = Small({"id": [1, 2], "v": [3, 4]}).rename({"id": "select", "v": 'my "col"'})
    frame.write_sql("my table", sqlite_url)
    raw = fetch_sql_raw('SELECT * FROM "my table"', sqlite_url)
    assert raw.columns == ["select", 'my "col"']
    assert raw.rows() == [(1, 3), (2, 4)]


def test_iter_batches(sqlite_url: str) -> None:
    _raw_table(sqlite_url, [(i, i * 2) for i in range(5)])
    sizes = [
        b.height for b in iter_sql_raw("SELECT * FROM t", sqlite_url, batch_size=2)
    ]
    assert sizes == [2, 2, 1]
    frames = list(
        Small.iter_sql("SELECT * FROM t ORDER BY id", sqlite_url, batch_size=3)
    )
    assert [f.to_dict()["v"] for f in frames] == [[0, 2, 4], [6, 8]]


def test_write_sql_raw_needs_a_schema(sqlite_url: str) -> None:
    with pytest.raises(TypeError, match="model="):
        write_sql_raw({"id": [1]}, "t", sqlite_url)
    assert write_sql_raw({"id": ["1"], "v": [2]}, "t", sqlite_url, model=Small) == 1
    batches = [{"id": [2], "v": [2]}, pl.DataFrame({"id": [3], "v": [3]})]
    assert (
        write_sql_raw_batches(batches, "t", sqlite_url, model=Small, if_exists="append")
        == 2
    )
    assert Small.read_sql("SELECT * FROM t ORDER BY id", sqlite_url).to_dict()[
        "id"
    ] == [1, 2, 3]


def test_sqlmodel_bridge(sqlite_url: str) -> None:
    assert sqlmodel_columns(Hero) == ["id", "name", "age"]
    HeroFrame.assert_sqlmodel_compatible(Hero)
    HeroFrame.assert_sqlmodel_compatible(Hero, direction="write")
    data = {"id": [1, 2], "name": ["a", "b"], "age": [30, None]}
    assert (
        write_sqlmodel(data, Hero, sqlite_url, if_exists="replace", replace_ok=True)
        is None
    )
    got = fetch_sqlmodel(Hero, sqlite_url, where={"name": "b"})
    assert got == {"id": [2], "name": ["b"], "age": [None]}  # the driver's values
    typed = HeroFrame.fetch_sqlmodel(Hero, sqlite_url, order_by="id", limit=1)
    assert typed.to_dict() == {"id": [1], "name": ["a"], "age": [30]}
    batches = list(iter_sqlmodel(Hero, sqlite_url, batch_size=1, order_by="id"))
    assert [b["id"] for b in batches] == [[1], [2]]
    frames = list(
        HeroFrame.iter_sqlmodel(Hero, sqlite_url, batch_size=1, order_by=Hero.id)
    )
    assert [f.to_dict()["id"] for f in frames] == [[1], [2]]
    written = HeroFrame({"id": [3], "name": ["c"], "age": [1]}).write_sqlmodel(
        Hero, sqlite_url
    )
    assert written == 1
    assert (
        fetch_sql_raw("SELECT count(*) AS n FROM heroes", sqlite_url)["n"].item() == 3
    )


def test_sqlmodel_drift_is_reported() -> None:
    class Wrong(DataFrameModel):
        id: str
        name: str | None
        age: int | None

    with pytest.raises(SchemaMismatchError) as info:
        Wrong.assert_sqlmodel_compatible(Hero, direction="both")
    text = str(info.value)
    assert "'id'" in text
    assert "NOT NULL" in text

    class Extra(DataFrameModel):
        id: int
        missing: int

    with pytest.raises(SchemaMismatchError, match=r"does not return: \['missing'\]"):
        Extra.assert_sqlmodel_compatible(Hero)
    with pytest.raises(ValueError, match="direction must be 'read' or 'write'"):
        HeroFrame.assert_sqlmodel_compatible(Hero, direction="sideways")


def test_file_is_a_real_sqlite_database(sqlite_url: str) -> None:
    Small({"id": [1], "v": [2]}).write_sql("t", sqlite_url)
    assert Path(_db(sqlite_url)).read_bytes()[:15] == b"SQLite format 3"
