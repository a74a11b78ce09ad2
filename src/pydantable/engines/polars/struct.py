"""Polars lowerings of the struct area (registered on import)."""

from __future__ import annotations
