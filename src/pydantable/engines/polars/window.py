"""Polars lowerings of the window area (registered on import)."""

from __future__ import annotations
