"""``PolarsEngine``: the embedded engine, implementing the engine contract.

Example:
    >>> from pydantable import DataFrameModel
    >>> from pydantable.engines import get_engine
    >>> class T(DataFrameModel):
    ...     x: int
    >>> df = T({"x": [3, 1, 3]})
    >>> engine = get_engine("polars")
    >>> engine.count(df.filter(df.x > 1)._plan), engine.distinct_values(df._plan, "x")
    (2, [3, 1])
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from pydantable import dtypes as dt
from pydantable.engines._protocol import SINK_FORMATS
from pydantable.engines.polars import execute
from pydantable.engines.polars.core import ENGINE_NAME, has_lowering, lower_plan
from pydantable.engines.polars.execute import engine_errors
from pydantable.engines.polars.joins import duplicate_key_count
from pydantable.engines.polars.reshape import distinct_values, value_names
from pydantable.engines.polars.string import regex_error
from pydantable.expressions.nodes import Node
from pydantable.plan import PlanNode

__all__ = ["PolarsEngine"]


class PolarsEngine:
    """Runs plans on Polars (in-memory for small elementwise plans, the
    default engine otherwise, the streaming engine for batches and sinks).

    A failure of Polars while running a plan (a strict parse, invalid JSON, an
    explode of unequal lists ...) is raised as
    :class:`~pydantable.errors.EngineExecutionError` (a ``ValueError``), with
    Polars' message and its exception as ``__cause__``.
    """

    __slots__ = ()

    @property
    def name(self) -> str:
        """``"polars"``."""
        return ENGINE_NAME

    def lower(self, plan: PlanNode) -> pl.LazyFrame:
        """The plan as a Polars ``LazyFrame``."""
        return lower_plan(plan)

    def collect(self, plan: PlanNode) -> pl.DataFrame:
        """The result of ``plan`` (a frame the caller owns)."""
        with engine_errors():
            return execute.collect(plan)

    def batches(self, plan: PlanNode, batch_size: int) -> Iterator[pl.DataFrame]:
        """Batches of ``batch_size`` rows from the streaming engine."""
        with engine_errors():
            yield from execute.collect_batches(plan, batch_size)

    def count(self, plan: PlanNode) -> int:
        """The row count of ``plan`` (one ``len()`` query; free for a source)."""
        table = execute.source_table(plan)
        if table is not None:
            return table.height
        with engine_errors(), execute.resolving(plan):
            return int(lower_plan(plan).select(pl.len()).collect().item())

    def sink(
        self,
        plan: PlanNode,
        fmt: str,
        path: Path,
        *,
        partition_by: Sequence[str] | None = None,
        options: dict[str, Any] | None = None,
    ) -> None:
        """Stream the result of ``plan`` into ``path`` (``sink_<fmt>``)."""
        if fmt not in SINK_FORMATS:
            msg = f"the Polars engine cannot sink {fmt!r}; expected one of {list(SINK_FORMATS)}"
            raise ValueError(msg)
        with engine_errors(), execute.resolving(plan):
            sink = getattr(lower_plan(plan), f"sink_{fmt}")
            if partition_by is None:
                sink(path, **(options or {}))
            else:
                sink(
                    pl.PartitionBy(path, key=list(partition_by)),
                    mkdir=True,
                    **(options or {}),
                )

    def distinct_values(self, plan: PlanNode, column: str) -> list[Any]:
        """Distinct values of ``column`` in order of first appearance."""
        with engine_errors(), execute.resolving(plan):
            return distinct_values(plan, column)

    def value_names(self, values: list[Any], dtype: dt.DType) -> list[str]:
        """Column names Polars gives ``values`` (``None`` → ``"null"``)."""
        return value_names(values, dtype)

    def duplicate_key_count(
        self, plan: PlanNode, keys: Sequence[Node], *, nulls_equal: bool
    ) -> int:
        """Key tuples of ``plan`` that appear more than once."""
        with engine_errors(), execute.resolving(plan):
            return duplicate_key_count(plan, tuple(keys), nulls_equal=nulls_equal)

    def check_regex(self, pattern: str) -> str | None:
        """The Rust ``regex`` crate's error for ``pattern``, or ``None``."""
        return regex_error(pattern)

    def cheap_cells(self, plan: PlanNode) -> int | None:
        """Cells under a chain of element-wise steps over an in-memory table."""
        return execute.elementwise_source_cells(plan)

    def supports(self, function: str) -> bool:
        """Whether an IR function has a Polars lowering."""
        return has_lowering(function)
