"""Values inside nested models that the struct column cannot hold are rejected.

A nested model's own annotations are the user's (plain ``datetime``, ``Decimal``),
but the struct column stores naive datetimes and ``Decimal(38, 9)``: such values
are reported at their inner location on both ingest paths, never altered.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pydantic
import pytest
from pydantic import BaseModel

import pydantable.validation.ingest as ingest_module
from pydantable import DataFrameModel


class Inner(BaseModel):
    at: dt.datetime
    amount: Decimal
    clock: dt.time | None = None


class Outer(DataFrameModel):
    inner: Inner
    history: list[Inner] | None = None


@pytest.fixture(params=["small", "vectorized"])
def path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "vectorized":
        monkeypatch.setattr(ingest_module, "SMALL_INPUT_CELLS", 0)
    return str(request.param)


def test_storable_nested_values_round_trip(path: str) -> None:
    frame = Outer({"inner": [{"at": "2026-01-01T10:00:00", "amount": "1.25"}]})
    row = frame.collect()[0]
    assert row.inner.at == dt.datetime(2026, 1, 1, 10)
    assert row.inner.amount == Decimal("1.25")


def test_unstorable_nested_values_are_errors(path: str) -> None:
    data = {
        "inner": [
            {"at": "2026-01-01T10:00:00+02:00", "amount": "1"},
            {"at": "2026-01-01T10:00:00", "amount": Decimal("0.0000000001")},
            {"at": "2026-01-01T10:00:00", "amount": "1", "clock": "10:00Z"},
        ],
        "history": [None, None, [{"at": "2026-01-01T00:00:00Z", "amount": "2"}]],
    }
    with pytest.raises(pydantic.ValidationError) as info:
        Outer(data)
    assert [(e["type"], e["loc"]) for e in info.value.errors()] == [
        ("timezone_naive", ("inner", 0, "at")),
        ("decimal_max_places", ("inner", 1, "amount")),
        ("timezone_naive", ("inner", 2, "clock")),
        ("timezone_naive", ("history", 2, 0, "at")),
    ]


def test_alias_and_field_name_in_one_row_matches_pydantic() -> None:
    from pydantic import Field

    class Coded(DataFrameModel):
        code: str = Field(validation_alias="Code")

    row = {"code": "a", "Code": "b"}
    with pytest.raises(pydantic.ValidationError) as ours:
        Coded([row])
    with pytest.raises(pydantic.ValidationError) as theirs:
        Coded.RowModel.model_validate(row)
    assert [(e["type"], e["loc"][1:], e["input"]) for e in ours.value.errors()] == [
        (e["type"], e["loc"], e["input"]) for e in theirs.value.errors()
    ]
    assert Coded([{"Code": "b"}, {"code": "c"}]).to_dict() == {"code": ["b", "c"]}
