"""Polars lowerings of the joins area (registered on import)."""

from __future__ import annotations
