"""The original's deprecated string-SQL API: column dicts in and out, on real databases.

SQLite files for the sync paths; the session's PostgreSQL server for async I/O
(asyncpg) and for the sync driver (psycopg).
"""

from __future__ import annotations

import asyncio
import copy
import re
import warnings
from collections.abc import Callable
from typing import Any

import pydantic
import pytest
import sqlalchemy as sa

import pydantable
from pydantable import DataFrameModel
from pydantable.io import (
    StreamingColumns,
    afetch_sql,
    afetch_sql_raw,
    aiter_sql,
    aiter_sql_raw,
    awrite_sql,
    awrite_sql_batches,
    fetch_sql,
    fetch_sql_raw,
    iter_sql,
    iter_sql_raw,
    write_sql,
    write_sql_batches,
)

DEPRECATED = re.compile(
    r"is deprecated and will be removed in a future major version; "
    r"for mapped tables use \w+, for string SQL (use|call) \w+"
)


def quiet(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call a legacy function, checking it warns as documented."""
    with pytest.warns(DeprecationWarning, match=DEPRECATED):
        return fn(*args, **kwargs)


def make_table(url: str, name: str = "t") -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                f'CREATE TABLE "{name}" (id INTEGER NOT NULL, name TEXT, score REAL)'
            )
        )
    engine.dispose()


def rows(url: str, name: str = "t") -> list[tuple[Any, ...]]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        out = [
            tuple(r)
            for r in conn.execute(sa.text(f'SELECT * FROM "{name}" ORDER BY id'))
        ]
    engine.dispose()
    return out


@pytest.fixture
def filled(sqlite_url: str) -> str:
    make_table(sqlite_url)
    quiet(
        write_sql,
        {"id": [1, 2, 3], "name": ["a", None, "c"], "score": [1.5, 2.0, None]},
        "t",
        sqlite_url,
    )
    return sqlite_url


# -- deprecation ------------------------------------------------------------------
def test_every_legacy_name_warns_and_names_its_replacements(filled: str) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fetch_sql("SELECT id FROM t", filled)
        list(iter_sql("SELECT id FROM t", filled))
        write_sql({"id": [9]}, "t", filled)
        write_sql_batches([{"id": [10]}], "t", filled)
    assert {w.category for w in caught} == {DeprecationWarning}
    assert all(w.filename == __file__ for w in caught)  # points at the caller
    messages = [str(w.message) for w in caught]
    assert [m.split()[0] for m in messages] == [
        "fetch_sql",
        "iter_sql",
        "write_sql",
        "write_sql_batches",
    ]
    assert "use fetch_sqlmodel, for string SQL use fetch_sql_raw" in messages[0]
    assert "call write_sql_raw once per batch" in messages[3]
    assert all(DEPRECATED.search(m) for m in messages)


def test_the_raw_names_do_not_warn(filled: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert fetch_sql_raw("SELECT id FROM t", filled).height == 3
        assert sum(b.height for b in iter_sql_raw("SELECT id FROM t", filled)) == 3


def test_top_level_re_exports_load_on_first_use() -> None:
    assert pydantable.fetch_sql is fetch_sql
    assert pydantable.afetch_sql is afetch_sql
    assert pydantable.aiter_sql is aiter_sql
    assert {"fetch_sql", "afetch_sql", "aiter_sql"} <= set(dir(pydantable))
    with pytest.raises(AttributeError, match="has no attribute 'fetch_sqll'"):
        _ = pydantable.fetch_sqll  # type: ignore[attr-defined]


# -- reads ------------------------------------------------------------------------
def test_fetch_sql_returns_the_driver_values_as_a_column_dict(filled: str) -> None:
    out = quiet(fetch_sql, "SELECT id, name, score FROM t ORDER BY id", filled)
    assert out == {"id": [1, 2, 3], "name": ["a", None, "c"], "score": [1.5, 2.0, None]}
    assert type(out) is dict


def test_fetch_sql_binds_parameters_and_accepts_engines_and_connections(
    filled: str,
) -> None:
    engine = sa.create_engine(filled)
    sql = "SELECT name FROM t WHERE id >= :low ORDER BY id"
    try:
        by_url = quiet(fetch_sql, sql, filled, parameters={"low": 2})
        by_engine = quiet(fetch_sql, sql, engine, parameters={"low": 2})
        with engine.connect() as conn:
            by_conn = quiet(fetch_sql, sa.text(sql), conn, parameters={"low": 2})
    finally:
        engine.dispose()
    assert by_url == by_engine == by_conn == {"name": [None, "c"]}


def test_a_quote_in_a_parameter_is_data_not_sql(filled: str) -> None:
    out = quiet(
        fetch_sql,
        "SELECT id FROM t WHERE name = :n",
        filled,
        parameters={"n": "a' OR '1'='1"},
    )
    assert out == {}


def test_no_rows_is_an_empty_dict(filled: str) -> None:
    assert quiet(fetch_sql, "SELECT id FROM t WHERE id > 99", filled) == {}


def test_a_bind_that_is_not_sqlalchemy_is_a_type_error(filled: str) -> None:
    with pytest.raises(TypeError, match="bind must be a database URL"):
        quiet(fetch_sql, "SELECT 1", object())


def test_sql_errors_propagate(filled: str) -> None:
    with pytest.raises(sa.exc.OperationalError, match="no such table"):
        quiet(fetch_sql, "SELECT * FROM missing", filled)


def test_auto_stream_over_the_threshold_gives_streaming_columns(filled: str) -> None:
    sql = "SELECT id, name FROM t ORDER BY id"
    streamed = quiet(fetch_sql, sql, filled, batch_size=2, auto_stream_threshold_rows=2)
    assert isinstance(streamed, StreamingColumns)
    assert [len(b["id"]) for b in streamed.batches()] == [2, 1]
    assert list(streamed) == ["id", "name"]
    assert streamed["id"] == [1, 2, 3]
    assert streamed["id"] is streamed["id"]  # concatenated once, then cached
    assert streamed.to_dict() == {"id": [1, 2, 3], "name": ["a", None, "c"]}
    assert streamed == {"id": [1, 2, 3], "name": ["a", None, "c"]}
    at_threshold = quiet(fetch_sql, sql, filled, auto_stream_threshold_rows=3)
    assert type(at_threshold) is dict
    off = quiet(fetch_sql, sql, filled, auto_stream=False, auto_stream_threshold_rows=1)
    assert type(off) is dict


def test_streaming_columns_is_a_read_only_mapping() -> None:
    batches = [{"x": [1], "y": ["a"]}, {"x": [], "y": []}, {"x": [2], "y": ["b"]}]
    before = copy.deepcopy(batches)
    sc = StreamingColumns(batches)
    assert len(sc) == 2
    assert "x" in sc
    assert "z" not in sc
    assert sc.height == 2
    assert sc.get("z") is None
    with pytest.raises(KeyError):
        sc["z"]
    with pytest.raises(TypeError):
        sc["x"] = [0]  # type: ignore[index]
    assert "rows=2" in repr(sc)
    assert dict(StreamingColumns([{"x": []}, {}])) == {}
    assert dict(StreamingColumns([])) == {}
    assert batches == before


def test_iter_sql_yields_batches_and_nothing_for_no_rows(filled: str) -> None:
    batches = list(
        quiet(iter_sql, "SELECT id FROM t ORDER BY id", filled, batch_size=2)
    )
    assert batches == [{"id": [1, 2]}, {"id": [3]}]
    assert list(quiet(iter_sql, "SELECT id FROM t WHERE id < 0", filled)) == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"batch_size": 0}, "batch_size must be a positive integer"),
        ({"batch_size": -5}, "batch_size must be a positive integer"),
        (
            {"auto_stream_threshold_rows": 0},
            "auto_stream_threshold_rows must be a positive integer",
        ),
    ],
)
def test_fetch_argument_checks(
    filled: str, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        quiet(fetch_sql, "SELECT id FROM t", filled, **kwargs)


def test_environment_defaults(filled: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYDANTABLE_SQL_FETCH_BATCH_SIZE", "1")
    batches = list(quiet(iter_sql, "SELECT id FROM t ORDER BY id", filled))
    assert batches == [{"id": [1]}, {"id": [2]}, {"id": [3]}]
    monkeypatch.setenv("PYDANTABLE_SQL_AUTO_STREAM_THRESHOLD_ROWS", "2")
    assert isinstance(quiet(fetch_sql, "SELECT id FROM t", filled), StreamingColumns)


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        (
            "PYDANTABLE_SQL_FETCH_BATCH_SIZE",
            "many",
            "PYDANTABLE_SQL_FETCH_BATCH_SIZE must be an int, got 'many'",
        ),
        (
            "PYDANTABLE_SQL_FETCH_BATCH_SIZE",
            "0",
            "PYDANTABLE_SQL_FETCH_BATCH_SIZE must be positive, got 0",
        ),
        (
            "PYDANTABLE_SQL_AUTO_STREAM_THRESHOLD_ROWS",
            "-3",
            "PYDANTABLE_SQL_AUTO_STREAM_THRESHOLD_ROWS must be positive, got -3",
        ),
        (
            "PYDANTABLE_SQL_WRITE_CHUNK_SIZE",
            "1.5",
            "PYDANTABLE_SQL_WRITE_CHUNK_SIZE must be an int, got '1.5'",
        ),
    ],
)
def test_bad_environment_values_are_named(
    filled: str, monkeypatch: pytest.MonkeyPatch, name: str, raw: str, message: str
) -> None:
    monkeypatch.setenv(name, raw)
    with pytest.raises(ValueError, match=re.escape(message)):
        if name == "PYDANTABLE_SQL_WRITE_CHUNK_SIZE":
            quiet(write_sql, {"id": [5]}, "t", filled)
        else:
            quiet(fetch_sql, "SELECT id FROM t", filled)


# -- writes -----------------------------------------------------------------------
def test_write_sql_appends_and_does_not_mutate_the_data(filled: str) -> None:
    data = {"id": [4, 5], "name": ["d", "e"]}
    before = copy.deepcopy(data)
    assert quiet(write_sql, data, "t", filled, chunk_size=1) is None
    assert data == before
    assert rows(filled)[-2:] == [(4, "d", None), (5, "e", None)]


def test_replace_empties_the_table_and_keeps_its_ddl(filled: str) -> None:
    quiet(write_sql, {"id": [7], "name": ["z"]}, "t", filled, if_exists="replace")
    assert rows(filled) == [(7, "z", None)]
    with pytest.raises(sa.exc.IntegrityError):  # the NOT NULL of the DDL is kept
        quiet(write_sql, {"id": [None]}, "t", filled)


def test_a_failed_write_leaves_the_table_unchanged(filled: str) -> None:
    with pytest.raises(sa.exc.IntegrityError):
        quiet(
            write_sql,
            {"id": [8, None], "name": ["ok", "bad"]},
            "t",
            filled,
            if_exists="replace",
            chunk_size=1,
        )
    assert [r[0] for r in rows(filled)] == [1, 2, 3]


def test_write_sql_argument_errors(filled: str, sqlite_url: str) -> None:
    with pytest.raises(ValueError, match="if_exists must be 'append' or 'replace'"):
        quiet(write_sql, {"id": [1]}, "t", filled, if_exists="fail")
    with pytest.raises(
        ValueError, match="all columns in data must have the same length"
    ):
        quiet(write_sql, {"id": [1, 2], "name": ["a"]}, "t", filled)
    with pytest.raises(ValueError, match="chunk_size must be a positive integer"):
        quiet(write_sql, {"id": [1]}, "t", filled, chunk_size=0)
    with pytest.raises(
        ValueError, match=re.escape("table 'nope' does not exist (if_exists='append')")
    ):
        quiet(write_sql, {"id": [1]}, "nope", filled)
    with pytest.raises(ValueError, match="never infers DDL from data"):
        quiet(write_sql, {"id": [1]}, "nope", filled, if_exists="replace")
    with pytest.raises(ValueError, match=r"data columns not in table 't': \['extra'\]"):
        quiet(write_sql, {"id": [1], "extra": [2]}, "t", filled)
    with pytest.raises(TypeError, match="data must be a column dict"):
        quiet(write_sql, [1, 2], "t", filled)
    assert [r[0] for r in rows(filled)] == [1, 2, 3]


def test_an_empty_dict_writes_nothing(sqlite_url: str) -> None:
    quiet(write_sql, {}, "never_created", sqlite_url)
    engine = sa.create_engine(sqlite_url)
    assert not sa.inspect(engine).has_table("never_created")
    engine.dispose()


def test_write_sql_batches_first_uses_if_exists_then_appends(filled: str) -> None:
    class T(DataFrameModel):
        id: int
        name: str | None

    quiet(
        write_sql_batches,
        [{"id": [20], "name": ["x"]}, T({"id": [21], "name": [None]}), {"id": [22]}],
        "t",
        filled,
        if_exists="replace",
    )
    assert rows(filled) == [(20, "x", None), (21, None, None), (22, None, None)]


def test_write_sql_batches_of_nothing_never_touches_the_table(sqlite_url: str) -> None:
    quiet(write_sql_batches, iter([]), "never_created", sqlite_url)
    engine = sa.create_engine(sqlite_url)
    assert not sa.inspect(engine).has_table("never_created")
    engine.dispose()


def test_write_sql_batches_is_one_transaction(filled: str) -> None:
    with pytest.raises(sa.exc.IntegrityError):
        quiet(write_sql_batches, [{"id": [30]}, {"id": [None]}], "t", filled)
    assert [r[0] for r in rows(filled)] == [1, 2, 3]


# -- async ------------------------------------------------------------------------
def test_async_twins_on_a_sync_bind(filled: str) -> None:
    async def main() -> tuple[Any, Any]:
        with pytest.warns(DeprecationWarning, match=DEPRECATED):
            fetched = await afetch_sql("SELECT id FROM t ORDER BY id", filled)
        with pytest.warns(DeprecationWarning, match=DEPRECATED):
            batches = [
                b async for b in aiter_sql("SELECT id FROM t", filled, batch_size=2)
            ]
        with pytest.warns(DeprecationWarning, match=DEPRECATED):
            await awrite_sql({"id": [40]}, "t", filled)
        with pytest.warns(
            DeprecationWarning, match="call awrite_sql_raw once per batch"
        ):
            await awrite_sql_batches([{"id": [41]}, {"id": [42]}], "t", filled)
        return fetched, batches

    fetched, batches = asyncio.run(main())
    assert fetched == {"id": [1, 2, 3]}
    assert batches == [{"id": [1, 2]}, {"id": [3]}]
    assert [r[0] for r in rows(filled)] == [1, 2, 3, 40, 41, 42]


def test_aiter_sql_checks_batch_size_and_propagates_sql_errors(filled: str) -> None:
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        quiet(aiter_sql, "SELECT id FROM t", filled, batch_size=0)

    async def main() -> None:
        with pytest.warns(DeprecationWarning, match=DEPRECATED):
            iterator = aiter_sql("SELECT * FROM missing", filled)
        async for _ in iterator:
            pass

    with pytest.raises(sa.exc.OperationalError, match="no such table"):
        asyncio.run(main())


@pytest.mark.postgres
def test_async_io_on_postgres(pg_url: str, pg_async_url: str, table_name: str) -> None:
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(
            sa.text(f'CREATE TABLE "{table_name}" (id INTEGER NOT NULL, tag TEXT)')
        )
    engine.dispose()

    async def main() -> tuple[Any, Any, Any]:
        with pytest.warns(DeprecationWarning, match=DEPRECATED):
            await awrite_sql(
                {"id": [1, 2, 3], "tag": ["a", "b", None]}, table_name, pg_async_url
            )
        with pytest.warns(DeprecationWarning, match=DEPRECATED):
            fetched = await afetch_sql(
                f'SELECT id, tag FROM "{table_name}" WHERE id > :n ORDER BY id',
                pg_async_url,
                parameters={"n": 1},
            )
        with pytest.warns(DeprecationWarning, match=DEPRECATED):
            iterator = aiter_sql(
                f'SELECT id FROM "{table_name}" ORDER BY id', pg_async_url, batch_size=2
            )
        batches = [b async for b in iterator]
        with pytest.warns(DeprecationWarning, match=DEPRECATED):
            await awrite_sql_batches(
                [{"id": [9], "tag": ["z"]}],
                table_name,
                pg_async_url,
                if_exists="replace",
            )
        with pytest.warns(DeprecationWarning, match=DEPRECATED):
            after = await afetch_sql(f'SELECT * FROM "{table_name}"', pg_async_url)
        return fetched, batches, after

    fetched, batches, after = asyncio.run(main())
    assert fetched == {"id": [2, 3], "tag": ["b", None]}
    assert batches == [{"id": [1, 2]}, {"id": [3]}]
    assert after == {"id": [9], "tag": ["z"]}


@pytest.mark.postgres
def test_sync_legacy_on_postgres(pg_url: str, table_name: str) -> None:
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(
            sa.text(f'CREATE TABLE "{table_name}" (id INTEGER NOT NULL, tag TEXT)')
        )
    try:
        quiet(
            write_sql,
            {"id": list(range(5)), "tag": list("abcde")},
            table_name,
            engine,
            chunk_size=2,
        )
        streamed = quiet(
            fetch_sql,
            f'SELECT id FROM "{table_name}" ORDER BY id',
            engine,
            batch_size=2,
            auto_stream_threshold_rows=4,
        )
    finally:
        engine.dispose()
    assert isinstance(streamed, StreamingColumns)
    assert streamed["id"] == [0, 1, 2, 3, 4]
    assert len(streamed.batches()) == 3


# -- the original's class form of Model.write_sql ---------------------------------
class Person(DataFrameModel):
    id: int
    name: str | None


def test_model_write_sql_takes_a_column_dict_and_validates_it(sqlite_url: str) -> None:
    data = {"id": ["1", 2], "name": ["a", None]}
    before = copy.deepcopy(data)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the class form is not deprecated
        assert Person.write_sql(data, "people", sqlite_url) == 2  # created, appended
        assert Person.write_sql({"id": [3], "name": ["c"]}, "people", sqlite_url) == 1
    assert data == before
    assert rows(sqlite_url, "people") == [(1, "a"), (2, None), (3, "c")]
    with pytest.raises(pydantic.ValidationError, match="id"):
        Person.write_sql({"id": ["x"], "name": ["bad"]}, "people", sqlite_url)
    with pytest.raises(ValueError, match="if_exists"):
        Person.write_sql(
            {"id": [4], "name": [None]}, "people", sqlite_url, if_exists="nope"
        )
    Person.write_sql(
        {"id": [9], "name": ["z"]}, "people", sqlite_url, if_exists="replace"
    )
    assert rows(sqlite_url, "people") == [(9, "z")]


def test_the_instance_form_is_unchanged(sqlite_url: str) -> None:
    frame = Person({"id": [1], "name": ["a"]})
    assert frame.write_sql("people", sqlite_url) == 1
    with pytest.raises(ValueError, match="already exists"):
        frame.write_sql("people", sqlite_url)  # the frame form defaults to "fail"


def test_model_awrite_sql_class_form(sqlite_url: str) -> None:
    written = asyncio.run(
        Person.awrite_sql({"id": [5, 6], "name": ["e", None]}, "people", sqlite_url)
    )
    assert written == 2
    assert rows(sqlite_url, "people") == [(5, "e"), (6, None)]


@pytest.mark.postgres
def test_model_awrite_sql_class_form_on_asyncpg(
    pg_url: str, pg_async_url: str, table_name: str
) -> None:
    written = asyncio.run(
        Person.awrite_sql({"id": [1], "name": ["a"]}, table_name, pg_async_url)
    )
    assert written == 1
    assert rows(pg_url, table_name) == [(1, "a")]


def test_raw_functions_take_the_original_parameters_keyword(filled: str) -> None:
    sql = "SELECT id FROM t WHERE id > :n ORDER BY id"
    assert fetch_sql_raw(sql, filled, parameters={"n": 1})["id"].to_list() == [2, 3]
    batches = iter_sql_raw(sql, filled, parameters={"n": 2})
    assert [b["id"].to_list() for b in batches] == [[3]]
    with pytest.raises(TypeError, match="params= or parameters=, not both"):
        fetch_sql_raw(sql, filled, params={"n": 1}, parameters={"n": 1})

    async def main() -> list[int]:
        first = await afetch_sql_raw(sql, filled, parameters={"n": 1})
        rest = [b async for b in aiter_sql_raw(sql, filled, parameters={"n": 2})]
        return first["id"].to_list() + [v for b in rest for v in b["id"].to_list()]

    assert asyncio.run(main()) == [2, 3, 3]
