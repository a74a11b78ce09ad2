"""Polars lowerings of the reshape area (registered on import)."""

from __future__ import annotations
