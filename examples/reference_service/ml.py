"""The pricing model: features built with pydantable expressions, fitted by scikit-learn.

``amount`` is, by construction of the sample data, about
``gross - gross * discount + fee(shipping method)``; a linear regression on
those engineered features learns it from the data (the residuals are the
generator's noise). Training runs once at start-up (lifespan) on an evenly
spread sample; prediction scores a whole batch with one ``predict`` call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.linear_model import LinearRegression

from pydantable import DataFrameModel

FEATURES: tuple[str, ...] = ("gross", "gross_discount", "express", "pickup")


def feature_frame(frame: Any, *, keep: tuple[str, ...] = ()) -> Any:
    """The model's features of a frame with ``items``, ``unit_price``, ``discount``
    and ``shipping_method`` columns (a lazy pydantable frame), then ``keep``."""
    gross = frame.items * frame.unit_price
    return frame.select(
        gross.alias("gross"),
        (gross * frame.discount.fill_null(0.0)).alias("gross_discount"),
        (frame.shipping_method == "express").cast(float).alias("express"),
        (frame.shipping_method == "pickup").cast(float).alias("pickup"),
        *keep,
    )


def order_features(orders: Any) -> Any:
    """``orders`` with ``shipping_method`` lifted out of the ``shipping`` struct."""
    return orders.with_columns(shipping_method=orders.shipping.struct.field("method"))


@dataclass
class PriceModel:
    """A fitted regression and what it saw in training (for the residual plot)."""

    regression: LinearRegression
    train_rows: int
    r2: float
    fitted: np.ndarray[Any, Any]
    residuals: np.ndarray[Any, Any]

    def predict(self, frame: DataFrameModel) -> np.ndarray[Any, Any]:
        """One vectorized ``predict`` over every row of ``frame``."""
        x = feature_frame(frame).to_polars().to_numpy()
        result: np.ndarray[Any, Any] = self.regression.predict(x)
        return result

    def coefficients(self) -> dict[str, float]:
        coef = {
            n: float(c) for n, c in zip(FEATURES, self.regression.coef_, strict=True)
        }
        return {"intercept": float(self.regression.intercept_), **coef}


def train(orders: Any, *, sample_rows: int = 200_000) -> PriceModel:
    """Fit on about ``sample_rows`` orders spread evenly over the table."""
    total = orders.height
    step = max(1, total // sample_rows)
    sample = orders.filter(orders.order_id % step == 0)
    table = feature_frame(order_features(sample), keep=("amount",)).to_polars()
    x = table.select(FEATURES).to_numpy()
    y = table["amount"].to_numpy()
    regression = LinearRegression().fit(x, y)
    fitted = regression.predict(x)
    # keep at most 5,000 points for the residual plot
    keep = slice(None, None, max(1, len(y) // 5_000))
    return PriceModel(
        regression=regression,
        train_rows=len(y),
        r2=float(regression.score(x, y)),
        fitted=fitted[keep],
        residuals=(y - fitted)[keep],
    )
