"""No row silently lost: every row ``ignore_errors`` drops is in the reject report.

On every ingest path that takes ``ignore_errors`` (column dicts small and
large, row lists, files read lazily and eagerly, async reads, SQL) the rows
kept plus the rows rejected are exactly the rows given, and the report names
each rejected row by index and id columns with the rule it broke.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, ClassVar

import polars as pl
import pydantic
import pytest
import sqlalchemy as sa
import sqlmodel

from pydantable import DataFrameModel, RejectReport


class User(DataFrameModel):
    __pydantable__: ClassVar[dict[str, Any]] = {"id_columns": ["user_id"]}
    user_id: int
    age: Annotated[int, pydantic.Field(ge=0)]
    name: str


def data(n: int, every: int = 7) -> tuple[dict[str, list[Any]], list[int]]:
    """``n`` rows; rows ``i % every == 3`` break ``ge=0``, ``i % every == 5``
    are no integer. Returns the columns and the indices of the bad rows."""
    ages: list[Any] = []
    bad: list[int] = []
    for i in range(n):
        if i % every == 3:
            ages.append(-i)
            bad.append(i)
        elif i % every == 5:
            ages.append(f"x{i}")
            bad.append(i)
        else:
            ages.append(i)
    ids = [1000 + i for i in range(n)]
    return {"user_id": ids, "age": ages, "name": [f"n{i}" for i in ids]}, bad


def check(
    frame: DataFrameModel | dict[str, list[Any]],
    report: RejectReport,
    total: int,
    bad: list[int],
) -> None:
    """Kept + rejected == total, and the report names exactly the bad rows."""
    kept = pl.DataFrame(frame) if isinstance(frame, dict) else frame.to_polars()
    assert kept.height + report.rejected == total
    assert report.row_indices == bad
    entries = report.to_dicts()
    assert [e["row_index"] for e in entries] == bad  # one broken rule per bad row
    assert [e["user_id"] for e in entries] == [1000 + i for i in bad]
    assert {e["type"] for e in entries} <= {"greater_than_equal", "int_parsing"}
    assert {e["loc"] for e in entries} == {"age"}
    good = sorted(set(range(total)) - set(bad))
    assert kept["user_id"].to_list() == [1000 + i for i in good]


@pytest.mark.parametrize("n", [40, 30_000], ids=["small", "vectorized"])
def test_column_dict_rejects_are_reported_exactly(n: int) -> None:
    columns, bad = data(n)
    report = RejectReport(User)
    frame = User(columns, ignore_errors=True, on_validation_errors=report)
    check(frame, report, n, bad)
    rule = report.to_dicts()[0]
    assert rule == {
        "row_index": 3,
        "user_id": 1003,
        "loc": "age",
        "type": "greater_than_equal",
        "msg": "Input should be greater than or equal to 0",
    }


def test_batch_lenient_profile_reports_rows_and_non_mapping_rows() -> None:
    columns, bad = data(30)
    rows: list[Any] = [{k: columns[k][i] for k in columns} for i in range(30)]
    rows[8] = "not a row"
    bad = sorted([*bad, 8])
    report = RejectReport(User)
    frame = User(rows, validation_profile="batch_lenient", on_validation_errors=report)
    assert frame.to_polars().height + report.rejected == 30
    assert report.row_indices == bad
    by_row = {e["row_index"]: e for e in report.to_dicts()}
    assert by_row[8]["user_id"] is None
    assert by_row[8]["type"] == "model_type"
    assert by_row[3]["user_id"] == 1003


def test_id_columns_override_and_several_rules_per_row() -> None:
    report = RejectReport(User, id_columns=["name", "user_id"])
    frame = User(
        [
            {"user_id": 1, "age": 1, "name": "a"},
            {"user_id": "one", "age": -1, "name": "b"},
        ],
        ignore_errors=True,
        on_validation_errors=report,
    )
    assert len(frame) == 1
    assert report.rejected == 1
    rules = report.to_dicts()
    assert [(r["loc"], r["type"]) for r in rules] == [
        ("user_id", "int_parsing"),
        ("age", "greater_than_equal"),
    ]
    assert {(r["name"], r["user_id"]) for r in rules} == {("b", "one")}
    assert report.counts() == {
        ("user_id", "int_parsing"): 1,
        ("age", "greater_than_equal"): 1,
    }
    table = report.to_polars()
    assert table.columns == ["row_index", "name", "user_id", "loc", "type", "msg"]
    assert table["user_id"].to_list() == ["one", "one"]


def write_source(tmp_path: Path, fmt: str, n: int) -> tuple[Path, list[int]]:
    columns, bad = data(n)
    if fmt != "csv":  # typed formats hold ints: only the ge=0 rows are bad
        columns["age"] = [-i if i in bad else i for i in range(n)]
    frame = pl.DataFrame(columns, strict=False)
    path = tmp_path / f"users.{fmt}"
    getattr(frame, f"write_{fmt}")(path)
    return path, bad


@pytest.mark.parametrize("fmt", ["csv", "parquet", "ndjson", "ipc"])
def test_file_reads_report_every_dropped_row_once(tmp_path: Path, fmt: str) -> None:
    path, bad = write_source(tmp_path, fmt, 500)
    report = RejectReport(User)
    lazy = getattr(User, f"read_{fmt}")(
        path, ignore_errors=True, on_validation_errors=report
    )
    check(lazy, report, 500, bad)
    lazy.to_dict()  # a second materialization reports again: not counted twice
    assert report.rejected == len(bad)


def test_async_read_and_eager_materialize(tmp_path: Path) -> None:
    path, bad = write_source(tmp_path, "parquet", 200)
    report = RejectReport(User)

    async def main() -> DataFrameModel:
        return await User.aread_parquet(
            path, ignore_errors=True, on_validation_errors=report
        )

    check(asyncio.run(main()), report, 200, bad)
    eager = RejectReport(User)
    frame = User.materialize_parquet(
        path, ignore_errors=True, on_validation_errors=eager
    )
    check(frame, eager, 200, bad)


def sql_rows(n: int) -> tuple[list[dict[str, Any]], list[int]]:
    columns, bad = data(n)
    ages = [-i if i in bad else i for i in range(n)]
    rows = [
        {"user_id": columns["user_id"][i], "age": ages[i], "name": columns["name"][i]}
        for i in range(n)
    ]
    return rows, bad


class UserRow(sqlmodel.SQLModel, table=True):
    __tablename__ = "reject report users"
    user_id: int = sqlmodel.Field(primary_key=True)
    age: int
    name: str


TABLE: Any = UserRow.__table__  # type: ignore[attr-defined]


@contextlib.contextmanager
def filled_table(url: str, n: int) -> Iterator[list[int]]:
    """``UserRow`` with ``n`` rows (bad ones: ``age < 0``); yields the bad rows."""
    engine = sa.create_engine(url)
    try:
        TABLE.drop(engine, checkfirst=True)
        TABLE.create(engine)
        rows, bad = sql_rows(n)
        with engine.begin() as conn:
            conn.execute(TABLE.insert(), rows)
        yield bad
    finally:
        TABLE.drop(engine, checkfirst=True)
        engine.dispose()


def test_sql_fetch_on_sqlite_reports_every_dropped_row(sqlite_url: str) -> None:
    with filled_table(sqlite_url, 300) as bad:
        report = RejectReport(User)
        frame = User.fetch_sqlmodel(
            UserRow,
            sqlite_url,
            order_by=UserRow.user_id,
            ignore_errors=True,
            on_validation_errors=report,
        )
        check(frame, report, 300, bad)


@pytest.mark.postgres
def test_sql_fetch_on_postgres_reports_every_dropped_row(pg_url: str) -> None:
    with filled_table(pg_url, 300) as bad:
        report = RejectReport(User)
        frame = User.fetch_sqlmodel(
            UserRow,
            pg_url,
            order_by=UserRow.user_id,
            ignore_errors=True,
            on_validation_errors=report,
        )
        check(frame, report, 300, bad)


@pytest.mark.parametrize("fmt", ["csv", "parquet", "ndjson", "json"])
def test_the_report_is_written_to_a_file(tmp_path: Path, fmt: str) -> None:
    columns, bad = data(50)
    report = RejectReport(User)
    User(columns, ignore_errors=True, on_validation_errors=report)
    path = tmp_path / f"rejects.{fmt}"
    report.write(path)
    if fmt == "json":
        back = json.loads(path.read_text())
    else:
        back = getattr(pl, f"read_{fmt}")(path).to_dicts()
    assert back == report.to_dicts()
    assert [r["row_index"] for r in back] == bad


def test_bad_report_options_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"may not be named \['loc'\]"):
        RejectReport(id_columns=["loc"])
    with pytest.raises(TypeError, match="sequence of column names"):
        RejectReport(id_columns="user_id")
    with pytest.raises(ValueError, match="format must be one of"):
        RejectReport().write(tmp_path / "r.xlsx")
    assert RejectReport().to_polars().columns == ["row_index", "loc", "type", "msg"]


def test_a_plain_list_callback_still_works_next_to_the_report() -> None:
    columns, bad = data(20)
    seen: list[dict[str, Any]] = []
    frame = User(columns, ignore_errors=True, on_validation_errors=seen.extend)
    assert [f["row_index"] for f in seen] == bad
    assert frame.to_polars().height + len(seen) == 20
