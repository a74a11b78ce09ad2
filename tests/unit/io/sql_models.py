"""Models and data shared by the SQL tests."""

from __future__ import annotations

import datetime as dtm
from decimal import Decimal
from typing import Annotated, Any

import pydantic

from pydantable import DataFrameModel

UTC = dtm.timezone.utc


class Meta(pydantic.BaseModel):
    a: int
    b: str


class Item(DataFrameModel):
    id: int
    name: str | None
    price: Annotated[Decimal, pydantic.Field(max_digits=12, decimal_places=3)]
    at: pydantic.AwareDatetime
    naive: dtm.datetime
    day: dtm.date
    ok: bool | None
    score: float
    tags: list[int]
    meta: Meta | None


INJECTION = "x'); DROP TABLE items; --"


def items() -> dict[str, list[Any]]:
    """Three rows covering nulls, decimals, tz datetimes, JSON and an injection."""
    return {
        "id": [1, 2, 3],
        "name": ["plain", None, INJECTION],
        "price": [Decimal("1.500"), Decimal("123456789.125"), Decimal("-0.001")],
        "at": [
            dtm.datetime(2024, 1, 1, 12, 30, tzinfo=UTC),
            dtm.datetime(2024, 6, 30, 23, 59, 59, 123456, tzinfo=UTC),
            dtm.datetime(1999, 12, 31, tzinfo=UTC),
        ],
        "naive": [dtm.datetime(2024, 1, 1, 8)] * 3,
        "day": [dtm.date(2024, 2, 29), dtm.date(1970, 1, 1), dtm.date(2000, 1, 1)],
        "ok": [True, False, None],
        "score": [0.5, -1e300, 3.0],
        "tags": [[1, 2], [], [3]],
        "meta": [{"a": 1, "b": "x"}, None, {"a": 2, "b": "ü"}],
    }
