"""Polars lowerings of the grouping area (registered on import)."""

from __future__ import annotations
