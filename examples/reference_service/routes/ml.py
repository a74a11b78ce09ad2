"""``POST /api/v1/predict`` and ``GET /api/v1/plot.png``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import numpy as np
import polars as pl
from examples.reference_service.ml import PriceModel
from examples.reference_service.models import Orders, PredictIn, Prediction
from examples.reference_service.plots import residuals_png, revenue_png
from examples.reference_service.routes.common import (
    FRAME_CONTENT,
    Format,
    Route,
    Service,
    ServiceDep,
    choose_media,
    frame_response,
)
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

router = APIRouter(prefix="/api/v1", tags=["ml"], route_class=Route)


def _model(service: Service) -> PriceModel:
    if service.model is None:  # only between start-up and the end of training
        raise HTTPException(503, "the model is not trained yet")
    return service.model


@router.post("/predict", response_model=Prediction, responses=FRAME_CONTENT)
def predict(
    df: PredictIn,
    request: Request,
    service: ServiceDep,
    format: Annotated[Format | None, Query()] = None,
) -> Any:
    """Price a batch of orders with the model trained at start-up.

    The whole batch is scored by one vectorized `predict` call; the answer is a
    typed `Prediction` frame in the negotiated format.
    """
    media = choose_media(request, format)
    scores = np.round(_model(service).predict(df), 2)
    table = df.to_polars().with_columns(
        predicted_amount=pl.Series(scores, dtype=pl.Float64)
    )
    result = Prediction(table, trusted_mode="strict")
    return frame_response(
        result, media, service=service, table="predictions", rows=result.height
    )


@router.get("/model", tags=["ml"])
def model_info(service: ServiceDep) -> dict[str, Any]:
    """The fitted coefficients, training rows and R²."""
    model = _model(service)
    return {
        "kind": "LinearRegression",
        "target": "amount",
        "train_rows": model.train_rows,
        "r2": model.r2,
        "coefficients": model.coefficients(),
    }


def monthly_revenue(orders: Orders) -> pl.DataFrame:
    """Revenue per month and region (a pydantable group-by)."""
    keyed = orders.with_columns(month=orders.placed_at.dt.strftime("%Y-%m"))
    monthly = keyed.group_by("month", "region").agg(revenue=keyed.amount.sum())
    return monthly.to_polars()


@router.get(
    "/plot.png",
    response_class=Response,
    responses={200: {"content": {"image/png": {}}, "description": "A PNG chart."}},
)
def plot(
    service: ServiceDep,
    kind: Annotated[
        Literal["revenue", "residuals"],
        Query(
            description="revenue: monthly revenue by region; residuals: the model's."
        ),
    ] = "revenue",
) -> Response:
    """A chart of an aggregate (cached until the data changes)."""
    if kind == "revenue":
        png = service.cached_plot(
            ("revenue", service.version()),
            lambda: revenue_png(monthly_revenue(service.orders())),
        )
    else:
        model = _model(service)
        png = service.cached_plot(
            ("residuals", id(model)), lambda: residuals_png(model)
        )
    return Response(png, media_type="image/png", headers={"Cache-Control": "no-cache"})
