"""Helpers to build and read :class:`~pydantable.schema.FrameSchema` objects in rule tests."""

from __future__ import annotations

from pydantable import dtypes as dt
from pydantable.schema import FrameSchema, derived_column

__all__ = ["make", "spec"]


def make(**columns: tuple[dt.DType, bool]) -> FrameSchema:
    """A schema of ``name=(dtype, nullable)`` columns, in keyword order."""
    return FrameSchema(
        [
            derived_column(name, dtype, nullable)
            for name, (dtype, nullable) in columns.items()
        ]
    )


def spec(schema: FrameSchema) -> list[tuple[str, dt.DType, bool]]:
    """``(name, dtype, nullable)`` of every column, in order."""
    return [(c.name, c.dtype, c.nullable) for c in schema.columns()]
