"""Polars lowerings of the datetime area (registered on import)."""

from __future__ import annotations
