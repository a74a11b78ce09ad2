"""Polars lowerings of the rows area (registered on import)."""

from __future__ import annotations
