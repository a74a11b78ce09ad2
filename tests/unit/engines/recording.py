"""An engine that records the contract calls it serves (and runs them on Polars)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from pydantable import dtypes as dt
from pydantable.engines.polars.engine import PolarsEngine
from pydantable.expressions.nodes import Node
from pydantable.plan import PlanNode

CALLS: list[str] = []


class RecordingEngine(PolarsEngine):
    __slots__ = ()

    @property
    def name(self) -> str:
        return "recording"

    def collect(self, plan: PlanNode) -> pl.DataFrame:
        CALLS.append("collect")
        return super().collect(plan)

    def batches(self, plan: PlanNode, batch_size: int) -> Iterator[pl.DataFrame]:
        CALLS.append("batches")
        return super().batches(plan, batch_size)

    def count(self, plan: PlanNode) -> int:
        CALLS.append("count")
        return super().count(plan)

    def sink(
        self,
        plan: PlanNode,
        fmt: str,
        path: Path,
        *,
        partition_by: Sequence[str] | None = None,
        options: dict[str, Any] | None = None,
    ) -> None:
        CALLS.append(f"sink:{fmt}")
        super().sink(plan, fmt, path, partition_by=partition_by, options=options)

    def distinct_values(self, plan: PlanNode, column: str) -> list[Any]:
        CALLS.append("distinct_values")
        return super().distinct_values(plan, column)

    def value_names(self, values: list[Any], dtype: dt.DType) -> list[str]:
        CALLS.append("value_names")
        return super().value_names(values, dtype)

    def duplicate_key_count(
        self, plan: PlanNode, keys: Sequence[Node], *, nulls_equal: bool
    ) -> int:
        CALLS.append("duplicate_key_count")
        return super().duplicate_key_count(plan, keys, nulls_equal=nulls_equal)
