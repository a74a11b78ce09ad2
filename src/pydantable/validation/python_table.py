"""``PythonTable``: validated columns held as Python lists (storage form).

What the Python lane of ingest (:mod:`pydantable.validation.python_lane`)
produces for API-sized inputs: materialization reads the lists directly, and
an engine gets a Polars frame built from them once, on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from pydantable.engines.polars import polars_schema
from pydantable.schema import FrameSchema

__all__ = ["PythonTable"]


class PythonTable:
    """Validated columns held as Python lists (storage form), built into Polars once."""

    __slots__ = ("_polars", "columns", "height", "schema")

    def __init__(
        self, schema: FrameSchema, columns: dict[str, list[Any]], height: int
    ) -> None:
        self.schema = schema
        self.columns = columns
        self.height = height
        self._polars: pl.DataFrame | None = None

    def to_polars(self) -> pl.DataFrame:
        """The table as a Polars DataFrame (built on first call, then cached)."""
        if self._polars is None:
            self._polars = pl.DataFrame(
                self.columns, schema=polars_schema(self.schema), strict=True
            )
        return self._polars

    def drop_rows(self, rows: Sequence[int]) -> PythonTable:
        """A copy without the given row indices."""
        dropped = set(rows)
        keep = [i for i in range(self.height) if i not in dropped]
        columns = {
            name: [values[i] for i in keep] for name, values in self.columns.items()
        }
        return PythonTable(self.schema, columns, len(keep))
