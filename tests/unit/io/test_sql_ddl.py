"""``Model.to_sqlalchemy_table()``: the database enforces what the model enforces.

Real SQLite files and a real PostgreSQL server (marker ``postgres``): DDL is
created with ``metadata.create_all``, rows are inserted with SQLAlchemy Core and
the database's verdict (``IntegrityError`` or not) is compared with the model's.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import subprocess
import sys
import textwrap
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

import pydantic
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import Field
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateTable

from pydantable import DataFrameModel
from pydantable.io.sql.types import sql_table


class Tier(enum.Enum):
    FREE = "free"
    PRO = "pro"


class Account(DataFrameModel):
    id: int
    status: Literal["active", "closed", "frozen"]
    tier: Tier
    level: Annotated[int, Field(ge=1, le=5)]
    qty: Annotated[int, Field(ge=0, multiple_of=5)]
    score: Annotated[float | None, Field(gt=0.0, lt=1.0)]
    code: Annotated[str, Field(min_length=2, max_length=4)]
    note: Annotated[str | None, Field(max_length=3)]
    price: Annotated[Decimal, Field(max_digits=8, decimal_places=2, ge=0, lt=1000)]


class Geo(pydantic.BaseModel):
    lat: float


class Everything(DataFrameModel):
    id: int
    f: float
    b: bool
    s: str
    short: Annotated[str, Field(max_length=8)]
    raw: bytes
    day: dt.date
    at: dt.datetime
    aware: pydantic.AwareDatetime | None
    clock: dt.time
    span: dt.timedelta
    amount: Annotated[Decimal, Field(max_digits=12, decimal_places=3)]
    key: uuid.UUID
    tier: Tier
    geo: Geo
    tags: list[str]
    attrs: dict[str, int]


def _verdict_of_model(row: dict[str, Any]) -> bool:
    """Whether the model accepts ``row`` (frame ingest, and the row model agrees)."""
    try:
        Account([row])
        accepted = True
    except pydantic.ValidationError:
        accepted = False
    try:
        Account.RowModel.model_validate(row)
        by_row_model = True
    except pydantic.ValidationError:
        by_row_model = False
    assert accepted == by_row_model, row
    return accepted


def _verdict_of_db(engine: sa.Engine, table: sa.Table, row: dict[str, Any]) -> bool:
    """Whether the database accepts ``row`` (rolled back either way).

    A violated constraint is an ``IntegrityError``; PostgreSQL reports a string
    longer than its ``VARCHAR(n)`` as a ``DataError`` (before the CHECK runs).
    """
    stored = {k: (v.value if isinstance(v, Tier) else v) for k, v in row.items()}
    with engine.connect() as conn:
        trans = conn.begin()
        try:
            conn.execute(table.insert(), [stored])
        except sa.exc.IntegrityError:
            return False
        except sa.exc.DataError as exc:
            if "too long" not in str(exc.orig):
                raise  # any other data error is not a verdict
            return False
        finally:
            trans.rollback()
    return True


#: Text a database can store: UTF-8 encodable (no lone surrogates, which no
#: driver can send) and without NUL (PostgreSQL text cannot hold it).
_CHARS = st.characters(codec="utf-8", exclude_characters="\x00")
_TEXT = st.text(_CHARS, max_size=6)
_COLUMNS: dict[str, st.SearchStrategy[Any]] = {
    "status": st.sampled_from(["active", "closed", "frozen"]) | _TEXT,
    "tier": st.sampled_from(list(Tier)),
    "level": st.integers(-3, 8),
    "qty": st.integers(-20, 30),
    "score": st.none()
    | st.floats(-0.5, 1.5, allow_nan=False, allow_subnormal=False)
    | st.sampled_from([0.0, 1.0, math.inf, -math.inf]),
    "code": _TEXT,
    "note": st.none() | _TEXT,
    "price": st.decimals(-5, 1005, places=2, allow_nan=False, allow_infinity=False),
}
_VALID_COLUMNS: dict[str, st.SearchStrategy[Any]] = {
    "status": st.sampled_from(["active", "closed", "frozen"]),
    "tier": st.sampled_from(list(Tier)),
    "level": st.integers(1, 5),
    "qty": st.integers(0, 6).map(lambda n: n * 5),
    "score": st.none()
    | st.floats(0.0, 1.0, exclude_min=True, exclude_max=True, allow_subnormal=False),
    "code": st.text(_CHARS, min_size=2, max_size=4),
    "note": st.none() | st.text(_CHARS, max_size=3),
    "price": st.decimals(0, Decimal("999.99"), places=2, allow_nan=False),
}


@st.composite
def _rows(draw: st.DrawFn) -> dict[str, Any]:
    """A valid row with up to two columns changed: to any value (valid or
    violating), to null, or left out (a missing column)."""
    row = {"id": draw(st.integers(1, 2**40))}
    row.update({name: draw(strategy) for name, strategy in _VALID_COLUMNS.items()})
    changed = draw(st.lists(st.sampled_from(sorted(_COLUMNS)), max_size=2, unique=True))
    for name in changed:
        how = draw(st.sampled_from(["value", "null", "missing"]))
        if how == "missing":
            del row[name]
        else:
            row[name] = None if how == "null" else draw(_COLUMNS[name])
    return row


ROWS = _rows()
VALID = {
    "id": 1,
    "status": "active",
    "tier": Tier.PRO,
    "level": 3,
    "qty": 10,
    "score": 0.5,
    "code": "ab",
    "note": "x",
    "price": Decimal("9.99"),
}
#: One row per rule: VALID with one value changed so that the model rejects it.
VIOLATIONS = [
    {"status": "open"},
    {"tier": "gold"},
    {"level": 0},
    {"level": 6},
    {"qty": -5},
    {"qty": 7},
    {"score": 0.0},
    {"score": 1.0},
    {"code": "a"},
    {"code": "abcde"},
    {"code": "ééééé"},
    {"note": "abcd"},
    {"price": Decimal("-0.01")},
    {"price": Decimal("1000.00")},
    {"code": None},
    {"status": None},
]


def _database_matches_model(engine: sa.Engine, table: sa.Table, n: int) -> None:
    verdicts: list[bool] = []

    @settings(
        max_examples=n,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(ROWS)
    def check(row: dict[str, Any]) -> None:
        model = _verdict_of_model(row)
        assert _verdict_of_db(engine, table, row) == model, row
        verdicts.append(model)

    check()
    # the generated rows exercised both verdicts
    assert True in verdicts
    assert False in verdicts


def _fixed_rows_match(engine: sa.Engine, table: sa.Table) -> None:
    assert _verdict_of_model(VALID)
    assert _verdict_of_db(engine, table, VALID)
    for change in VIOLATIONS:
        row = {**VALID, **change}
        assert not _verdict_of_model(row), change
        assert not _verdict_of_db(engine, table, row), change
    for left_out in ("score", "note"):  # nullable: may be left out
        row = {k: v for k, v in VALID.items() if k != left_out}
        assert _verdict_of_model(row)
        assert _verdict_of_db(engine, table, row)
    for left_out in ("status", "code", "price"):
        row = {k: v for k, v in VALID.items() if k != left_out}
        assert not _verdict_of_model(row)
        assert not _verdict_of_db(engine, table, row)


@pytest.fixture
def sqlite_engine(sqlite_url: str) -> Iterator[sa.Engine]:
    engine = sa.create_engine(sqlite_url)
    yield engine
    engine.dispose()


@pytest.fixture
def pg_engine(pg_url: str) -> Iterator[sa.Engine]:
    engine = sa.create_engine(pg_url)
    yield engine
    engine.dispose()


def _created(engine: sa.Engine, name: str) -> sa.Table:
    table = Account.to_sqlalchemy_table(name=name, primary_key="id")
    table.metadata.create_all(engine)
    return table


def test_sqlite_rejects_the_rows_the_model_rejects(sqlite_engine: sa.Engine) -> None:
    table = _created(sqlite_engine, "accounts")
    _fixed_rows_match(sqlite_engine, table)
    _database_matches_model(sqlite_engine, table, 150)


@pytest.mark.postgres
def test_postgres_rejects_the_rows_the_model_rejects(
    pg_engine: sa.Engine, table_name: str
) -> None:
    table = _created(pg_engine, table_name)
    try:
        _fixed_rows_match(pg_engine, table)
        _database_matches_model(pg_engine, table, 100)
    finally:
        table.drop(pg_engine)


def test_the_ddl_carries_types_nullability_and_checks() -> None:
    table = Account.to_sqlalchemy_table(primary_key="id")
    assert table.name == "account"
    assert [c.name for c in table.primary_key.columns] == ["id"]
    assert {c.name for c in table.columns if c.nullable} == {"score", "note"}
    ddl = str(CreateTable(table).compile(dialect=sqlite.dialect()))
    assert "\"status\" IN ('active', 'closed', 'frozen')" in ddl
    assert "\"tier\" IN ('free', 'pro')" in ddl
    assert '"level" >= 1' in ddl
    assert '"level" <= 5' in ddl
    assert '"qty" % 5 = 0' in ddl
    assert '"score" > 0.0' in ddl
    assert '"score" < 1.0' in ddl
    assert 'length("code") >= 2' in ddl
    assert 'length("code") <= 4' in ddl
    assert '"code" VARCHAR(4) NOT NULL' in ddl
    assert 'CAST("price" AS NUMERIC) >= 0' in ddl
    pg = str(CreateTable(table).compile(dialect=postgresql.dialect()))
    assert 'char_length("code") >= 2' in pg
    assert '"price" NUMERIC(8, 2) NOT NULL' in pg


def test_the_types_are_write_sqls_on_sqlite_and_postgres() -> None:
    """One mapping: each column compiles to the type write_sql creates."""
    table = Everything.to_sqlalchemy_table()
    for dialect in (sqlite.dialect(), postgresql.dialect()):
        created = sql_table("t", Everything.__pydantable_schema__, dialect.name)
        for column in Everything.__pydantable_schema__.columns():
            if column.name == "short":
                continue  # VARCHAR(8): write_sql's tables have no lengths
            ours = table.c[column.name].type.compile(dialect=dialect)
            theirs = created.c[column.name].type.compile(dialect=dialect)
            assert ours == theirs, (dialect.name, column.name)
    assert table.c.short.type.compile(dialect=postgresql.dialect()) == "VARCHAR(8)"
    generic = {c.name: type(c.type).__name__ for c in table.columns}
    assert generic["id"] == "BigInteger"
    assert generic["amount"] == "Numeric"
    assert table.c.aware.type.timezone is True
    assert table.c.at.type.timezone is False
    assert generic["span"] == "Interval"
    assert generic["raw"] == "LargeBinary"
    assert generic["key"] == "Uuid"
    assert generic["geo"] == generic["tags"] == generic["attrs"] == "JSON"


def _everything() -> Everything:
    return Everything(
        [
            {
                "id": 1,
                "f": 1.5,
                "b": True,
                "s": "x",
                "short": "abc",
                "raw": b"\x00\x01",
                "day": dt.date(2024, 2, 29),
                "at": dt.datetime(2024, 1, 1, 12, 30),
                "aware": dt.datetime(2024, 1, 1, 12, 30, tzinfo=dt.timezone.utc),
                "clock": dt.time(8, 15),
                "span": dt.timedelta(days=1, seconds=5),
                "amount": Decimal("123456789.125"),
                "key": uuid.UUID(int=7),
                "tier": Tier.FREE,
                "geo": {"lat": 1.25},
                "tags": ["a", "b"],
                "attrs": {"k": 1},
            },
        ]
    )


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("pg", marks=pytest.mark.postgres)]
)
def test_write_sql_and_read_sql_round_trip_through_the_table(
    backend: str, request: pytest.FixtureRequest, table_name: str
) -> None:
    engine: sa.Engine = request.getfixturevalue(f"{backend}_engine")
    table = Everything.to_sqlalchemy_table(name=table_name, primary_key="id")
    table.metadata.create_all(engine)
    try:
        frame = _everything()
        assert frame.write_sql(table, engine, if_exists="append") == 1
        back = Everything.read_sql(sa.select(table), engine)
        assert back.to_dicts() == frame.to_dicts()
    finally:
        table.drop(engine)


def test_options_and_errors() -> None:
    metadata = sa.MetaData()
    table = Account.to_sqlalchemy_table(
        name="acc", metadata=metadata, primary_key=["id", "code"], db_schema="app"
    )
    assert metadata.tables["app.acc"] is table
    assert [c.name for c in table.primary_key.columns] == ["id", "code"]
    with pytest.raises(ValueError, match=r"already has a table 'app\.acc'"):
        Account.to_sqlalchemy_table(name="acc", metadata=metadata, db_schema="app")
    with pytest.raises(ValueError, match="primary_key 'nope' is not a column"):
        Account.to_sqlalchemy_table(primary_key="nope")
    with pytest.raises(ValueError, match="primary_key 'note' is a nullable column"):
        Account.to_sqlalchemy_table(primary_key="note")


def test_a_long_check_name_is_shortened_for_postgres() -> None:
    class M(DataFrameModel):
        a_really_long_column_name_for_a_check_constraint: Annotated[int, Field(ge=0)]

    table = M.to_sqlalchemy_table(name="a_table_with_a_long_name_too")
    (check,) = [c for c in table.constraints if isinstance(c, sa.CheckConstraint)]
    assert isinstance(check.name, str)
    assert len(check.name) <= 60


def test_without_sqlalchemy_the_error_names_the_extra() -> None:
    src = str(Path(__file__).resolve().parents[3] / "src")
    code = textwrap.dedent(
        """
        import sys
        sys.modules["sqlalchemy"] = None  # as if SQLAlchemy were not installed
        from pydantable import DataFrameModel
        from pydantable.errors import MissingOptionalDependency
        class T(DataFrameModel):
            id: int
        try:
            T.to_sqlalchemy_table()
        except MissingOptionalDependency as exc:
            print(exc)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": src, "PATH": ""},
        timeout=60,
    )
    assert "pip install 'pydantable-frames[sql]'" in out.stdout
