"""Every writer × reader pair round-trips every schema family exactly.

Formats: parquet, csv, ndjson, json (array), ipc. Schemas: flat, nullable,
nested struct, list, decimal, tz-aware datetime. CSV cannot hold nested values:
writing them raises a clear ``TypeError`` (tested as such).
"""

from __future__ import annotations

import datetime as dt
import decimal
from pathlib import Path
from typing import Annotated, Any

import pydantic
import pytest

from pydantable import DataFrameModel

UTC = dt.timezone.utc
D = decimal.Decimal


class Flat(DataFrameModel):
    i: int
    f: float
    s: str
    b: bool
    d: dt.date
    t: dt.datetime


class Nullable(DataFrameModel):
    i: int | None
    f: float | None
    s: str | None
    b: bool | None
    d: dt.date | None


class Point(pydantic.BaseModel):
    x: int
    label: str | None


class Nested(DataFrameModel):
    id: int
    p: Point
    q: Point | None


class Lists(DataFrameModel):
    id: int
    li: list[int]
    ls: list[str] | None


class Money(DataFrameModel):
    id: int
    amount: Annotated[D, pydantic.Field(max_digits=12, decimal_places=2)]
    fee: Annotated[D, pydantic.Field(max_digits=12, decimal_places=2)] | None


class Stamped(DataFrameModel):
    id: int
    at: pydantic.AwareDatetime
    maybe: pydantic.AwareDatetime | None


CASES: dict[str, tuple[type[DataFrameModel], dict[str, list[Any]]]] = {
    "flat": (
        Flat,
        {
            "i": [1, -(2**63), 2**63 - 1],
            "f": [1.5, -0.25, 1e300],
            "s": ["a", "", 'é ☃ "q", x\ny'],
            "b": [True, False, True],
            "d": [dt.date(2026, 1, 1), dt.date(1900, 2, 28), dt.date(2200, 12, 31)],
            "t": [
                dt.datetime(2026, 1, 1, 12, 30, 15, 123456),
                dt.datetime(1970, 1, 1),
                dt.datetime(2100, 6, 1, 0, 0, 1),
            ],
        },
    ),
    "nullable": (
        Nullable,
        {
            "i": [1, None, 3],
            "f": [None, 2.5, None],
            "s": ["x", None, ""],
            "b": [None, True, False],
            "d": [dt.date(2026, 5, 1), None, None],
        },
    ),
    "struct": (
        Nested,
        {
            "id": [1, 2],
            "p": [{"x": 1, "label": "a"}, {"x": 2, "label": None}],
            "q": [None, {"x": 3, "label": "c"}],
        },
    ),
    "list": (
        Lists,
        {"id": [1, 2, 3], "li": [[1, 2], [], [3]], "ls": [["a"], None, []]},
    ),
    "decimal": (
        Money,
        {
            "id": [1, 2],
            "amount": [D("1234567890.12"), D("-0.05")],
            "fee": [None, D("0.10")],
        },
    ),
    "tz_datetime": (
        Stamped,
        {
            "id": [1, 2],
            "at": [
                dt.datetime(2026, 1, 1, 9, 0, tzinfo=UTC),
                dt.datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
            ],
            "maybe": [None, dt.datetime(2026, 7, 1, tzinfo=UTC)],
        },
    ),
}
FORMATS = ["parquet", "csv", "ndjson", "json", "ipc"]
NESTED = {"struct", "list"}


def _normalized(data: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Struct cells as dicts (the frame materializes nested values as dicts)."""
    return {
        k: [v.model_dump() if isinstance(v, pydantic.BaseModel) else v for v in vs]
        for k, vs in data.items()
    }


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", list(CASES))
def test_round_trip(tmp_path: Path, fmt: str, case: str) -> None:
    model, data = CASES[case]
    frame = model(data)
    path = tmp_path / f"{case}.{fmt}"
    if fmt == "csv" and case in NESTED:
        with pytest.raises(TypeError, match="CSV cannot hold nested columns"):
            frame.write_csv(path)
        assert list(tmp_path.iterdir()) == []
        return
    getattr(frame, f"write_{fmt}")(path)
    back = getattr(model, f"read_{fmt}")(path)
    assert back.to_dict() == _normalized(data)
    assert back.to_polars().schema == frame.to_polars().schema
    # trusted reads of the pydantable-written file agree where the format keeps dtypes
    if fmt in ("parquet", "ipc"):
        strict = getattr(model, f"read_{fmt}")(path, trusted_mode="strict")
        assert strict.to_dict() == _normalized(data)
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_frame_round_trip(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"empty.{fmt}"
    getattr(Nullable({}), f"write_{fmt}")(path)
    back = getattr(Nullable, f"read_{fmt}")(path)
    assert back.to_dict() == {"i": [], "f": [], "s": [], "b": [], "d": []}
