"""How the Polars engine runs a lowered plan: which Polars engine collects it,
and how a bounded-memory run cuts the streaming engine's chunks into batches.

Example:
    >>> from pydantable import DataFrameModel
    >>> class T(DataFrameModel):
    ...     x: int
    >>> df = T({"x": [1, 2]})
    >>> engine_for(df.filter(df.x > 1)._plan)
    'in-memory'
    >>> engine_for(df.select(df.x.sum())._plan)
    'auto'
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Literal, NoReturn

import polars as pl

from pydantable import plan as p
from pydantable.engines.options import streaming_preferred
from pydantable.engines.polars.core import lower_plan
from pydantable.errors import EngineExecutionError
from pydantable.expressions import nodes as n
from pydantable.validation.python_table import PythonTable

__all__ = [
    "IN_MEMORY_CELLS",
    "DeferredError",
    "collect",
    "collect_batches",
    "elementwise_source_cells",
    "engine_errors",
    "engine_for",
    "source_table",
    "translated_batches",
]

#: Plans of elementwise steps over in-memory tables of at most this many cells
#: run on Polars' in-memory engine: the default engine costs ~0.1 ms more per
#: collect, which dominates API-sized frames.
IN_MEMORY_CELLS = 1_000_000
#: The smallest chunk asked of the streaming engine (smaller batches are cut
#: from it): tiny engine chunks cost more per row than they save in memory.
_MIN_ENGINE_CHUNK = 4096
#: Steps and expression nodes whose results cannot depend on the engine
#: (reductions, functions and sorts with ties can: they keep the default).
_ELEMENTWISE_STEPS = frozenset(
    {p.Source, p.Filter, p.Select, p.WithColumns, p.Slice, p.Rename, p.Drop}
)
_ELEMENTWISE_NODES = frozenset({n.Col, n.Lit, n.Binary, n.Unary, n.Cast, n.Alias})


class DeferredError(ValueError):
    """Raised inside a running query by a source whose real error needs a
    query of its own (a query cannot run inside another: the engine's workers
    are busy with it). ``find`` builds that error; the engine calls
    :meth:`resolve` once the query has stopped, which raises it."""

    def __init__(self, message: str, find: Callable[[], BaseException]) -> None:
        super().__init__(message)
        self.find = find

    def resolve(self) -> NoReturn:
        raise self.find() from None


@contextlib.contextmanager
def resolving(plan: p.PlanNode) -> Iterator[None]:
    """Run a query of ``plan``: a :class:`DeferredError` becomes the real error,
    and a failure of Polars (a panic, an OS error) the error a source of the plan
    explains it with (its ``engine_error(exc)`` hook; e.g. a CSV value that does
    not parse as the dtype Polars inferred is a located validation error, a
    corrupt file an ``InvalidSourceError``), if any."""
    try:
        yield
    except DeferredError as exc:
        exc.resolve()
    except (pl.exceptions.PolarsError, OSError, pl.exceptions.PanicException) as exc:
        for data in _sources(plan):
            explain = getattr(data, "engine_error", None)
            found = explain(exc) if callable(explain) else None
            if isinstance(found, BaseException):
                raise found from exc
        raise


def _sources(plan: p.PlanNode) -> Iterator[object]:
    stack = [plan]
    while stack:
        node = stack.pop()
        if isinstance(node, p.Source):
            yield node.data
        stack.extend(node.inputs())


@contextlib.contextmanager
def engine_errors() -> Iterator[None]:
    """Re-raise Polars' failures while running a plan as
    :class:`~pydantable.errors.EngineExecutionError` (a ``ValueError``).

    The message is Polars' own; the Polars exception is kept as
    ``__cause__``. Python errors raised inside the query (a validation error of
    a scan, a missing file) pass through unchanged.

    Example:
        >>> from pydantable import DataFrameModel
        >>> class T(DataFrameModel):
        ...     s: str
        >>> df = T({"s": ["not a date"]})
        >>> df.select(df.s.str.to_date("%Y-%m-%d")).to_dict()
        Traceback (most recent call last):
        ...
        pydantable.errors.EngineExecutionError: conversion from `str` to `date` failed ...
    """
    try:
        yield
    except pl.exceptions.PolarsError as exc:
        raise EngineExecutionError(str(exc)) from exc
    except pl.exceptions.PanicException as exc:
        msg = f"the Polars engine failed (panic): {exc}"
        raise EngineExecutionError(msg) from exc


def translated_batches(batches: Iterator[pl.DataFrame]) -> Iterator[pl.DataFrame]:
    """``batches`` with Polars' failures re-raised as by :func:`engine_errors`."""
    with engine_errors():
        yield from batches


def source_table(plan: p.PlanNode) -> pl.DataFrame | None:
    """The in-memory table of an untransformed plan (no query needed), else ``None``."""
    if isinstance(plan, p.Source):
        if isinstance(plan.data, pl.DataFrame):
            return plan.data
        if isinstance(plan.data, PythonTable):
            return plan.data.to_polars()
    return None


def collect(plan: p.PlanNode) -> pl.DataFrame:
    """The result of ``plan`` (a copy the caller owns).

    With streaming preferred (:mod:`pydantable.engines.options`) the plan runs
    on Polars' streaming engine; otherwise :func:`engine_for` chooses.
    """
    table = source_table(plan)
    if table is not None:
        return table.clone()
    preferred = streaming_preferred()  # a per-call choice or the environment
    engine = "streaming" if preferred else engine_for(plan)
    if preferred is False and engine == "streaming":
        engine = "auto"
    with resolving(plan):
        return lower_plan(plan).collect(engine=engine)


def engine_for(plan: p.PlanNode) -> Literal["auto", "in-memory", "streaming"]:
    """The Polars engine to collect ``plan`` with: the one a source asks for
    (a scan's ``engine_streaming``), else by size (see :data:`IN_MEMORY_CELLS`)."""
    asked = _asked_engine(plan)
    if asked is not None:
        return asked
    cells = elementwise_source_cells(plan)
    return "in-memory" if cells is not None and cells <= IN_MEMORY_CELLS else "auto"


def _asked_engine(plan: p.PlanNode) -> Literal["in-memory", "streaming"] | None:
    """``"streaming"`` when a source of ``plan`` has ``engine_streaming=True``,
    ``"in-memory"`` when all that say have ``False``; ``None``: none says."""
    flags = {
        flag
        for data in _sources(plan)
        if isinstance(flag := getattr(data, "engine_streaming", None), bool)
    }
    if not flags:
        return None
    return "streaming" if True in flags else "in-memory"


def elementwise_source_cells(plan: p.PlanNode) -> int | None:
    """Cells of the in-memory table under a chain of elementwise steps, else ``None``.

    Such a plan's result has at most that many cells and costs about as much as
    one pass over them, which makes it cheap to judge before running it.

    Example:
        >>> from pydantable import DataFrameModel
        >>> class T(DataFrameModel):
        ...     x: int
        ...     y: int
        >>> df = T({"x": [1, 2, 3], "y": [4, 5, 6]})
        >>> elementwise_source_cells(df.filter(df.x > 1).select("y")._plan)
        6
        >>> elementwise_source_cells(df.sort("x")._plan) is None
        True
    """
    node = plan
    while type(node) in _ELEMENTWISE_STEPS:
        if isinstance(node, p.Source):
            data = node.data
            if isinstance(data, PythonTable):
                return data.height * len(data.columns)
            if isinstance(data, pl.DataFrame):
                return data.height * data.width
            return None  # a lazy source
        if not all(_elementwise(e) for e in _expressions(node)):
            return None
        node = node.inputs()[0]
    return None


def _expressions(node: p.PlanNode) -> list[n.Node]:
    if isinstance(node, p.Filter):
        return [] if node.predicate is None else [node.predicate]
    if isinstance(node, (p.Select, p.WithColumns)):
        return [expr for _, expr in node.exprs]
    return []


def _elementwise(expr: n.Node) -> bool:
    stack = [expr]
    while stack:
        node = stack.pop()
        if type(node) not in _ELEMENTWISE_NODES:
            return False
        stack.extend(node.children())
    return True


def collect_batches(plan: p.PlanNode, batch_size: int) -> Iterator[pl.DataFrame]:
    """Polars batches of exactly ``batch_size`` rows (the last may be shorter),
    from the streaming engine: the result is never collected whole."""
    table = source_table(plan)
    if table is not None:
        for offset in range(0, table.height, batch_size):
            yield table.slice(offset, batch_size)
        return
    with resolving(plan):
        yield from _engine_batches(plan, batch_size)


def _engine_batches(plan: p.PlanNode, batch_size: int) -> Iterator[pl.DataFrame]:
    chunks = lower_plan(plan).collect_batches(
        chunk_size=max(batch_size, _MIN_ENGINE_CHUNK),
        maintain_order=True,
        engine="streaming",
    )
    try:
        pending: list[pl.DataFrame] = []
        held = 0
        for chunk in chunks:
            if chunk.height == 0:
                continue
            if held + chunk.height < batch_size:
                pending.append(chunk)
                held += chunk.height
                continue
            merged = pl.concat([*pending, chunk], rechunk=False) if pending else chunk
            offset = 0
            while merged.height - offset >= batch_size:
                yield merged.slice(offset, batch_size)
                offset += batch_size
            rest = merged.height - offset
            pending = [merged.slice(offset, rest)] if rest else []
            held = rest
        if held:
            yield pl.concat(pending, rechunk=False) if len(pending) > 1 else pending[0]
    finally:
        # dropping the engine's iterator ends the streaming query
        del chunks
