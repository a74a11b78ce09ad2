"""Polars lowerings of the string area (registered on import)."""

from __future__ import annotations
