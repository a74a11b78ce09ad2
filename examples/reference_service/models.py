"""The service's tables and payloads, declared once as ``DataFrameModel``\\ s.

``Orders`` lives in Parquet (a few million rows), ``Customers`` in SQLite; the
other models type the ML route's input and output and the aggregate routes.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from pydantable import DataFrameModel

Region = Literal["north", "south", "east", "west"]
Channel = Literal["web", "app", "store"]
ShipMethod = Literal["standard", "express", "pickup"]
Segment = Literal["consumer", "business", "enterprise"]

REGIONS: tuple[str, ...] = ("north", "south", "east", "west")
CHANNELS: tuple[str, ...] = ("web", "app", "store")
SHIP_METHODS: tuple[str, ...] = ("standard", "express", "pickup")
SEGMENTS: tuple[str, ...] = ("consumer", "business", "enterprise")
TAGS: tuple[str, ...] = ("gift", "fragile", "bulk", "priority")


class Shipping(BaseModel):
    """How an order is delivered (a nested struct column)."""

    method: ShipMethod
    days: int = Field(ge=0, le=30)


class Orders(DataFrameModel):
    """One row per order: the large Parquet table."""

    order_id: int = Field(ge=1, description="Unique, increasing with time.")
    placed_at: dt.datetime = Field(description="When the order was placed (UTC).")
    customer_id: int = Field(ge=1)
    region: Region
    channel: Channel
    items: int = Field(ge=1, le=100)
    unit_price: float = Field(gt=0, le=10_000)
    discount: float | None = Field(default=None, ge=0, le=0.9)
    coupon: str | None = None
    amount: float = Field(ge=0, description="What the customer paid.")
    shipping: Shipping
    tags: list[str] = Field(description="Zero or more labels.")


class Customers(DataFrameModel):
    """One row per customer: the SQLite table."""

    customer_id: int = Field(ge=1)
    name: str = Field(min_length=1)
    segment: Segment
    country: str = Field(min_length=2, max_length=2)
    signup_date: dt.date
    email: str | None = None


class PredictIn(DataFrameModel):
    """Features of orders to price (``POST /api/v1/predict``)."""

    items: int = Field(ge=1, le=100)
    unit_price: float = Field(gt=0, le=10_000)
    discount: float | None = Field(default=None, ge=0, le=0.9)
    shipping_method: ShipMethod = "standard"


class Prediction(DataFrameModel):
    """The input rows with the model's predicted amount."""

    items: int
    unit_price: float
    discount: float | None
    shipping_method: ShipMethod
    predicted_amount: float


class OrderStats(DataFrameModel):
    """``GET /api/v1/orders/stats``: one row per group (keys are the ``by`` columns)."""

    group: str = Field(description="The group's key values joined with '/'.")
    orders: int
    revenue: float
    avg_amount: float
    avg_items: float
    discounted_share: float


class CustomerStats(DataFrameModel):
    """``GET /api/v1/customers/stats``: one row per group."""

    group: str
    customers: int
    first_signup: dt.date
    last_signup: dt.date
    with_email_share: float


TABLES: dict[str, type[DataFrameModel]] = {"orders": Orders, "customers": Customers}
