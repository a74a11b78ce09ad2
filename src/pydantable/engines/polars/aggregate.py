"""Polars lowerings of the aggregate area (registered on import)."""

from __future__ import annotations
