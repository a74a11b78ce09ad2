"""Parquet scans skip the checks their footers prove, and only those.

Each test shows which path a scan takes (``ScanTable.pending_checks()`` and the
engine plan: no Python batch function when nothing is left to validate) and that
files the footers do not vouch for still fail exactly as before: Pydantic errors
located by column, scan row, file and file row; ``SchemaMismatchError`` naming
the file under trusted modes.
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Annotated, Any, Literal

import polars as pl
import pydantic
import pytest

from pydantable import DataFrameModel
from pydantable.engines.polars import lower_plan
from pydantable.errors import SchemaMismatchError
from pydantable.io.parquet_stats import footer_facts


class Event(DataFrameModel):
    id: int
    user: str
    score: float
    day: dt.date
    note: str | None


class Bounded(DataFrameModel):
    n: Annotated[int, pydantic.Field(ge=0, lt=100)]
    x: float


GOOD = {
    "id": [1, 2, 3],
    "user": ["a", "b", "c"],
    "score": [0.5, float("nan"), float("-inf")],  # fine for a plain float
    "day": [dt.date(2026, 1, 1)] * 3,
    "note": [None, "x", None],
}


def _write(path: Path, data: dict[str, list[Any]], **kwargs: Any) -> Path:
    pl.DataFrame(data).write_parquet(path, **kwargs)
    return path


def _checks(frame: DataFrameModel) -> dict[str, list[str]]:
    table = frame._plan.data
    result: dict[str, list[str]] = table.pending_checks()
    return result


def _python_in_plan(frame: DataFrameModel) -> bool:
    return "PYTHON" in lower_plan(frame._plan).explain()


def _errors(exc: pydantic.ValidationError) -> list[tuple[Any, ...]]:
    return [(e["type"], e["loc"], e["input"], e["msg"]) for e in exc.errors()]


@pytest.mark.parametrize("mode", ["off", "shape_only", "strict"])
def test_vouched_file_is_the_plain_scan(tmp_path: Path, mode: str) -> None:
    path = _write(tmp_path / "good.parquet", GOOD)
    frame = Event.read_parquet(path, trusted_mode=mode)
    assert _checks(frame) == {"cells": [], "nulls": [], "casts": []}
    assert not _python_in_plan(frame)
    assert frame.to_polars().equals(pl.read_parquet(path))


def test_footer_facts_of_a_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "f.parquet", {"n": [3, 9, 5], "s": ["a", None, "c"]})
    facts = footer_facts(path, {})
    assert facts is not None
    assert facts.files == [str(path)]
    assert (facts.null_free("n"), facts.null_free("s")) == (True, False)
    assert facts.value_range("n") == (3, 9)
    assert facts.dtype("n") == pl.Int64
    assert facts.null_free("nope") is False
    assert footer_facts(path, {"storage_options": {}}) is None  # not proven local


def test_nulls_in_a_non_nullable_column_are_still_errors(tmp_path: Path) -> None:
    path = _write(tmp_path / "nulls.parquet", {**GOOD, "user": ["a", None, "c"]})
    frame = Event.read_parquet(path)
    assert _checks(frame)["cells"] == ["user"]  # only the unproven column
    with pytest.raises(pydantic.ValidationError) as info:
        frame.to_dict()
    with pytest.raises(pydantic.ValidationError) as in_memory:
        Event(pl.read_parquet(path))
    assert _errors(info.value) == _errors(in_memory.value)
    [error] = info.value.errors()
    assert (error["type"], error["loc"]) == ("string_type", ("user", 1))
    assert error["ctx"] == {"file": str(path), "file_row": 1}
    shaped = Event.read_parquet(path, trusted_mode="shape_only")
    assert _checks(shaped)["nulls"] == ["user"]
    with pytest.raises(SchemaMismatchError, match=r"'user' is not nullable .*row 1 of"):
        shaped.to_dict()


def test_numeric_bounds_from_statistics(tmp_path: Path) -> None:
    ok = _write(tmp_path / "ok.parquet", {"n": [0, 99, 5], "x": [1.0, 2.0, 3.0]})
    frame = Bounded.read_parquet(ok)
    assert _checks(frame)["cells"] == []
    assert not _python_in_plan(frame)
    assert frame.to_dict() == {"n": [0, 99, 5], "x": [1.0, 2.0, 3.0]}
    low = _write(tmp_path / "low.parquet", {"n": [0, -1, 5], "x": [1.0, 2.0, 3.0]})
    high = _write(tmp_path / "high.parquet", {"n": [0, 100, 5], "x": [1.0, 2.0, 3.0]})
    for path, kind in ((low, "greater_than_equal"), (high, "less_than")):
        frame = Bounded.read_parquet(path)
        assert _checks(frame)["cells"] == ["n"]
        with pytest.raises(pydantic.ValidationError) as info:
            frame.to_dict()
        with pytest.raises(pydantic.ValidationError) as in_memory:
            Bounded(pl.read_parquet(path))
        assert _errors(info.value) == _errors(in_memory.value)
        [error] = info.value.errors()
        assert (error["type"], error["loc"]) == (kind, ("n", 1))
        assert error["ctx"]["file"] == str(path)


def test_float_bounds_are_always_checked(tmp_path: Path) -> None:
    class Ratio(DataFrameModel):
        r: Annotated[float, pydantic.Field(ge=0.0)]

    # Parquet min/max leave NaN out: statistics say [0.5, 1.0], the cell is NaN.
    path = _write(tmp_path / "nan.parquet", {"r": [0.5, float("nan"), 1.0]})
    frame = Ratio.read_parquet(path)
    assert _checks(frame)["cells"] == ["r"]
    with pytest.raises(pydantic.ValidationError) as info:
        frame.to_dict()
    [error] = info.value.errors()
    assert (error["type"], error["loc"]) == ("greater_than_equal", ("r", 1))


def test_missing_statistics_fall_back(tmp_path: Path) -> None:
    good = _write(tmp_path / "good.parquet", GOOD, statistics=False)
    frame = Event.read_parquet(good)
    assert _checks(frame)["cells"] == ["id", "user", "score", "day"]
    # no footer proves them, but a pre-pass over those columns does: plain scan
    assert not _python_in_plan(frame)
    assert frame.to_polars().equals(pl.read_parquet(good))
    shaped = Event.read_parquet(good, trusted_mode="shape_only")
    assert _checks(shaped)["nulls"] == ["id", "user", "score", "day"]
    assert shaped.to_polars().equals(pl.read_parquet(good))
    bad = _write(
        tmp_path / "bad.parquet", {**GOOD, "id": [1, 2, None]}, statistics=False
    )
    with pytest.raises(pydantic.ValidationError) as info:
        Event.read_parquet(bad).to_dict()
    [error] = info.value.errors()
    assert (error["type"], error["loc"]) == ("int_type", ("id", 2))
    assert error["ctx"] == {"file": str(bad), "file_row": 2}
    with pytest.raises(SchemaMismatchError, match=r"'id' is not nullable .*row 2 of"):
        Event.read_parquet(bad, trusted_mode="strict").to_dict()


def test_one_bad_file_in_a_glob_is_named(tmp_path: Path) -> None:
    _write(tmp_path / "a.parquet", {"n": [1, 2], "x": [1.0, 2.0]})
    _write(tmp_path / "b.parquet", {"n": [3, None, 4], "x": [1.0, 2.0, 3.0]})
    _write(tmp_path / "c.parquet", {"n": [5], "x": [1.0]})
    frame = Bounded.read_parquet(tmp_path / "*.parquet")
    assert _checks(frame)["cells"] == ["n"]
    with pytest.raises(pydantic.ValidationError) as info:
        frame.to_dict()
    [error] = info.value.errors()
    assert (error["type"], error["loc"], error["input"]) == ("int_type", ("n", 3), None)
    assert error["ctx"] == {"file": str(tmp_path / "b.parquet"), "file_row": 1}
    notes = "\n".join(getattr(info.value, "__notes__", []))
    assert f"'n' row 3: {tmp_path / 'b.parquet'} row 1" in notes
    with pytest.raises(SchemaMismatchError, match=r"row 1 of .*b\.parquet; scan row 3"):
        Bounded.read_parquet(
            tmp_path / "*.parquet", trusted_mode="shape_only"
        ).to_dict()
    # out of bounds in one file only (the others' statistics are fine)
    _write(tmp_path / "b.parquet", {"n": [3, 400, 4], "x": [1.0, 2.0, 3.0]})
    with pytest.raises(pydantic.ValidationError) as info:
        Bounded.read_parquet(tmp_path / "*.parquet").to_dict()
    [error] = info.value.errors()
    assert (error["type"], error["loc"], error["input"]) == ("less_than", ("n", 3), 400)
    assert error["ctx"] == {
        "lt": 100,
        "file": str(tmp_path / "b.parquet"),
        "file_row": 1,
    }
    # all good: every footer vouches, nothing is checked
    _write(tmp_path / "b.parquet", {"n": [3, 40, 4], "x": [1.0, 2.0, 3.0]})
    frame = Bounded.read_parquet(tmp_path / "*.parquet")
    assert _checks(frame)["cells"] == []
    assert sorted(frame.to_dict()["n"]) == [1, 2, 3, 4, 5, 40]


def test_a_file_lacking_a_column_is_not_vouched_for(tmp_path: Path) -> None:
    _write(tmp_path / "a.parquet", {"n": [1], "x": [1.0]})
    _write(tmp_path / "b.parquet", {"x": [2.0]})  # n inserted as null
    frame = Bounded.read_parquet(tmp_path / "*.parquet", missing_columns="insert")
    assert _checks(frame)["cells"] == ["n"]
    with pytest.raises(pydantic.ValidationError) as info:
        frame.to_dict()
    [error] = info.value.errors()
    assert (error["type"], error["loc"]) == ("int_type", ("n", 1))
    assert error["ctx"]["file"] == str(tmp_path / "b.parquet")


def test_hive_partition_values_are_checked(tmp_path: Path) -> None:
    class Part(DataFrameModel):
        year: Annotated[int, pydantic.Field(ge=2025)]
        n: int

    root = tmp_path / "data"
    for year in (2024, 2025):
        (root / f"year={year}").mkdir(parents=True)
        _write(root / f"year={year}" / "p.parquet", {"n": [1, 2]})
    frame = Part.read_parquet(root, hive_partitioning=True)
    assert _checks(frame)["cells"] == ["year"]  # n is proven, year comes from paths
    with pytest.raises(pydantic.ValidationError) as info:
        frame.to_dict()
    assert [(e["type"], e["loc"]) for e in info.value.errors()] == [
        ("greater_than_equal", ("year", 0)),
        ("greater_than_equal", ("year", 1)),
    ]
    assert info.value.errors()[0]["ctx"]["file"].endswith("year=2024/p.parquet")


def test_semantic_columns_are_always_validated(tmp_path: Path) -> None:
    class Tagged(DataFrameModel):
        kind: Literal["a", "b"]
        ref: uuid.UUID

    path = _write(
        tmp_path / "t.parquet", {"kind": ["a", "c"], "ref": [str(uuid.uuid4())] * 2}
    )
    frame = Tagged.read_parquet(path)
    assert _checks(frame)["cells"] == ["kind", "ref"]
    with pytest.raises(pydantic.ValidationError) as info:
        frame.to_dict()
    assert [(e["type"], e["loc"]) for e in info.value.errors()] == [
        ("literal_error", ("kind", 1))
    ]


def test_tz_and_dtype_mismatches_are_validated(tmp_path: Path) -> None:
    class Stamped(DataFrameModel):
        at: pydantic.AwareDatetime
        n: int

    naive = _write(
        tmp_path / "naive.parquet", {"at": [dt.datetime(2026, 1, 1)], "n": [1]}
    )
    frame = Stamped.read_parquet(naive)
    assert _checks(frame)["cells"] == ["at"]
    with pytest.raises(pydantic.ValidationError) as info:
        frame.to_dict()
    assert info.value.errors()[0]["loc"] == ("at", 0)
    narrow = tmp_path / "narrow.parquet"
    pl.DataFrame(
        {"at": [dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)], "n": [7]},
        schema_overrides={"n": pl.Int32},
    ).write_parquet(narrow)
    assert _checks(Stamped.read_parquet(narrow))["cells"] == ["n"]  # Int32 file
    strict = Stamped.read_parquet(narrow, trusted_mode="strict")
    assert _checks(strict) == {"cells": [], "nulls": [], "casts": []}  # widening
    assert strict.to_dict()["n"] == [7]
    assert strict.to_polars().schema["n"] == pl.Int64


@pytest.mark.parametrize("trusted_mode", ["off", "shape_only"])
def test_a_rewritten_file_is_not_vouched_for_by_its_old_footer(
    tmp_path: Path, trusted_mode: str
) -> None:
    path = _write(tmp_path / "e.parquet", GOOD)
    assert Event.read_parquet(path, trusted_mode=trusted_mode).height == 3
    before = _checks(Event.read_parquet(path, trusted_mode=trusted_mode))
    assert before == {"nulls": [], "casts": [], "cells": []}
    # same path, new content with a null in the non-nullable ``user``
    _write(path, {**GOOD, "user": ["a", None, "c"]})
    frame = Event.read_parquet(path, trusted_mode=trusted_mode)
    assert any("user" in names for names in _checks(frame).values())
    expected = pydantic.ValidationError if trusted_mode == "off" else ValueError
    with pytest.raises(expected):
        frame.to_polars()


class Rules(DataFrameModel):
    """Rules the engine can check itself: members, bounds, nullability, lengths."""

    kind: Literal["a", "b"]
    qty: Annotated[int, pydantic.Field(ge=0, le=10)]
    ratio: Annotated[float, pydantic.Field(ge=0)] | None
    code: Annotated[str, pydantic.Field(max_length=3)]


RULES = {
    "kind": ["a", "b", "a"],
    "qty": [0, 10, 5],
    "ratio": [0.5, None, 2.0],
    "code": ["x", "yz", "abc"],
}


def test_a_pre_pass_proves_expressible_rules(tmp_path: Path) -> None:
    path = _write(tmp_path / "rules.parquet", RULES, statistics=False)
    frame = Rules.read_parquet(path)
    assert _checks(frame)["cells"] == ["kind", "qty", "ratio", "code"]
    assert not _python_in_plan(frame)  # proven: the plain engine scan
    assert frame.to_dict() == Rules(RULES).to_dict()


@pytest.mark.parametrize(
    ("column", "value", "error_type"),
    [
        ("kind", "c", "literal_error"),
        ("qty", 11, "less_than_equal"),
        ("qty", -1, "greater_than_equal"),
        ("ratio", float("nan"), "greater_than_equal"),
        ("ratio", -0.5, "greater_than_equal"),
        ("code", "abcd", "string_too_long"),
    ],
)
def test_a_broken_rule_keeps_full_validation_and_its_exact_error(
    tmp_path: Path, column: str, value: Any, error_type: str
) -> None:
    data = {**RULES, column: [*RULES[column][:2], value]}
    path = _write(tmp_path / "rules.parquet", data, statistics=False)
    with pytest.raises(pydantic.ValidationError) as info:
        Rules.read_parquet(path).to_dict()
    [error] = info.value.errors()
    assert (error["type"], error["loc"]) == (error_type, (column, 2))
    assert error["ctx"]["file"] == str(path)


def test_what_a_pre_pass_proved_is_forgotten_when_the_file_changes(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path / "rules.parquet", RULES)
    assert Rules.read_parquet(path).to_dict() == Rules(RULES).to_dict()
    assert Rules.read_parquet(path).to_dict() == Rules(RULES).to_dict()  # remembered
    _write(path, {**RULES, "kind": ["a", "b", "zzz"]})  # rewritten in place
    with pytest.raises(pydantic.ValidationError) as info:
        Rules.read_parquet(path).to_dict()
    assert [e["loc"] for e in info.value.errors()] == [("kind", 2)]


def test_rules_only_pydantic_can_check_keep_the_batch_function(
    tmp_path: Path,
) -> None:
    class Patterned(DataFrameModel):
        code: Annotated[str, pydantic.Field(pattern=r"^[a-z]+$")]

    class Validated(DataFrameModel):
        kind: Literal["a", "b"]

        @pydantic.field_validator("kind")
        @classmethod
        def _upper(cls, value: str) -> str:
            return value.upper()

    path = _write(tmp_path / "code.parquet", {"code": ["x", "yz"], "kind": ["a", "b"]})
    assert _python_in_plan(Patterned.read_parquet(path, columns=["code"]))
    validated = Validated.read_parquet(path, columns=["kind"])
    assert _python_in_plan(validated)
    assert validated.to_dict() == {"kind": ["A", "B"]}
