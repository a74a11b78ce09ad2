"""Polars lowerings of the numeric area (registered on import)."""

from __future__ import annotations
