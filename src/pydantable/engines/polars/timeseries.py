"""Polars lowerings of the timeseries area (registered on import)."""

from __future__ import annotations
