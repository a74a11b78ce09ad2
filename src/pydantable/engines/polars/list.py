"""Polars lowerings of the list area (registered on import)."""

from __future__ import annotations
