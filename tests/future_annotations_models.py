"""Models declared in a module using ``from __future__ import annotations``.

Every annotation below is a string at runtime; ``DataFrameModel`` must resolve
them against this module's globals. Loaded by ``tests/unit/test_model.py``.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import uuid
from typing import Literal, Optional

from pydantic import BaseModel, Field

from pydantable import DataFrameModel


class Kind(enum.Enum):
    CLICK = "click"
    VIEW = "view"


class Geo(BaseModel):
    country: str
    city: str | None = None


class Event(DataFrameModel):
    id: int
    at: dt.datetime
    kind: Kind
    user: uuid.UUID | None
    amount: decimal.Decimal = Field(max_digits=12, decimal_places=2)
    tags: list[str]
    geo: Geo
    channel: Literal["web", "app"]
    score: Optional[float] = None  # noqa: UP045 - the Optional spelling is under test
    qty: int = Field(default=0, ge=0)


class Derived(Event):
    extra: str | None
