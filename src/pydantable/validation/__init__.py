"""Validated ingest: vectorized, Pydantic-exact validation of whole columns.

The entry point is :func:`pydantable.validation.ingest.ingest`; frames call it
from their constructors.
"""

from __future__ import annotations

from pydantable.validation.ingest import (
    CellValidators,
    IngestOptions,
    TrustedMode,
    normalize_trusted_mode,
)

__all__ = [
    "CellValidators",
    "IngestOptions",
    "TrustedMode",
    "normalize_trusted_mode",
]
