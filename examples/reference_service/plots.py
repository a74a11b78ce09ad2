"""PNG charts rendered with matplotlib's object API (no pyplot: thread-safe)."""

from __future__ import annotations

import io
from typing import Any

from examples.reference_service.ml import PriceModel
from matplotlib.figure import Figure


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    return buf.getvalue()


def revenue_png(monthly: Any) -> bytes:
    """Monthly revenue per region from a Polars frame ``month, region, revenue``."""
    fig = Figure(figsize=(8, 4))
    ax = fig.subplots()
    for region in sorted(set(monthly["region"].to_list())):
        part = monthly.filter(monthly["region"] == region).sort("month")
        ax.plot(
            part["month"].to_list(),
            (part["revenue"] / 1_000).to_list(),
            marker="o",
            markersize=3,
            label=region,
        )
    ax.set_title("Monthly revenue by region")
    ax.set_xlabel("Month")
    ax.set_ylabel("Revenue (thousands)")
    ax.legend(title="region", fontsize="small")
    ax.grid(alpha=0.3)
    ax.tick_params(axis="x", labelrotation=45, labelsize=7)
    fig.tight_layout()
    return _png(fig)


def residuals_png(model: PriceModel) -> bytes:
    """Residuals vs fitted values of the pricing model (the lecture's plot)."""
    fig = Figure(figsize=(6, 4))
    ax = fig.subplots()
    ax.scatter(model.fitted, model.residuals, alpha=0.4, s=6)
    ax.axhline(0, color="red", linewidth=1, linestyle="--")
    ax.set_xscale("symlog")
    ax.set_xlabel("Fitted amount")
    ax.set_ylabel("Residual")
    ax.set_title(f"Residuals vs fitted (R² = {model.r2:.4f})")
    fig.tight_layout()
    return _png(fig)
