"""The engine contract: what an engine must provide to run typed plans.

A frame is ``(schema, plan)``; the plan names its data only through
:class:`~pydantable.plan.Source` handles tagged with the engine that owns them.
Everything that *runs* a plan — materialization, row counts, streaming, file
sinks, and the few queries a transform needs while it is built (``pivot``'s
distinct values, ``join(validate=...)``'s duplicate keys) — goes through one
object implementing :class:`Engine`, found with
:func:`pydantable.engines.engine_of`.

Results cross the boundary as Polars ``DataFrame`` objects, pydantable's
exchange format (ingest validates into Polars whatever engine runs the plan,
and materialization converts from it), so an engine that computes elsewhere
returns its result through Arrow.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    import polars as pl

    from pydantable import dtypes as dt
    from pydantable.expressions.nodes import Node
    from pydantable.plan import PlanNode

__all__ = ["SINK_FORMATS", "Engine"]

#: The file formats :meth:`Engine.sink` writes.
SINK_FORMATS = ("parquet", "csv", "ndjson", "ipc")


@runtime_checkable
class Engine(Protocol):
    """Runs typed plans. ``PolarsEngine`` is the embedded implementation."""

    @property
    def name(self) -> str:
        """The name sources of this engine carry (``Source.engine``)."""
        ...

    def lower(self, plan: PlanNode) -> Any:
        """The engine's own lazy query for ``plan`` (a ``polars.LazyFrame`` ...)."""
        ...

    def collect(self, plan: PlanNode) -> pl.DataFrame:
        """Run ``plan`` and return its whole result."""
        ...

    def batches(self, plan: PlanNode, batch_size: int) -> Iterator[pl.DataFrame]:
        """Run ``plan`` in bounded memory: batches of exactly ``batch_size``
        rows (the last may be shorter), in order. Closing the iterator stops
        the query."""
        ...

    def count(self, plan: PlanNode) -> int:
        """The number of rows ``plan`` produces."""
        ...

    def sink(
        self,
        plan: PlanNode,
        fmt: str,
        path: Path,
        *,
        partition_by: Sequence[str] | None = None,
        options: dict[str, Any] | None = None,
    ) -> None:
        """Write the result of ``plan`` to ``path`` as ``fmt`` (one of
        :data:`SINK_FORMATS`) without collecting it first; with
        ``partition_by``, ``path`` is a directory of hive partitions."""
        ...

    def distinct_values(self, plan: PlanNode, column: str) -> list[Any]:
        """The distinct values of ``column``, in order of first appearance."""
        ...

    def value_names(self, values: list[Any], dtype: dt.DType) -> list[str]:
        """How the engine names columns made from ``values`` (``pivot``)."""
        ...

    def duplicate_key_count(
        self, plan: PlanNode, keys: Sequence[Node], *, nulls_equal: bool
    ) -> int:
        """How many key tuples of ``plan`` appear more than once."""
        ...

    def check_regex(self, pattern: str) -> str | None:
        """The engine's error for regex ``pattern``, or ``None`` if it compiles."""
        ...

    def cheap_cells(self, plan: PlanNode) -> int | None:
        """The cells of in-memory data ``plan`` makes one pass over, when running
        it costs no more than that pass (element-wise steps over a table the
        engine holds); ``None`` otherwise. HTTP responses run such small plans
        inline instead of in a worker thread."""
        ...

    def supports(self, function: str) -> bool:
        """Whether the engine can run the IR function ``function``."""
        ...
