"""Engines run typed plans; :class:`Engine` is the contract they implement.

``"polars"`` (:class:`pydantable.engines.polars.PolarsEngine`) is the embedded
default. Every plan's sources name the engine that owns their data, and
:func:`engine_of` returns the engine that runs a plan.

Example:
    >>> from pydantable import DataFrameModel
    >>> from pydantable.engines import engine_of, get_engine
    >>> class T(DataFrameModel):
    ...     x: int
    >>> df = T({"x": [1, 2, 3]})
    >>> engine = engine_of(df.filter(df.x > 1)._plan)
    >>> engine is get_engine("polars"), engine.count(df._plan)
    (True, 3)
"""

from __future__ import annotations

import importlib
import threading
from typing import TYPE_CHECKING

from pydantable.engines._protocol import SINK_FORMATS, Engine
from pydantable.engines.options import (
    prefer_streaming,
    resolve_streaming,
    streaming_preferred,
)

if TYPE_CHECKING:
    from pydantable.plan import PlanNode

__all__ = [
    "DEFAULT_ENGINE",
    "SINK_FORMATS",
    "Engine",
    "engine_names",
    "engine_of",
    "get_engine",
    "prefer_streaming",
    "register_engine",
    "resolve_streaming",
    "streaming_preferred",
]

#: The engine of frames built from Python, Polars or Arrow data.
DEFAULT_ENGINE = "polars"

# name -> "module:attribute" of a zero-argument factory; engines are imported
# on first use, so `import pydantable` does not load an engine it never runs
_FACTORIES: dict[str, str] = {"polars": "pydantable.engines.polars.engine:PolarsEngine"}
_ENGINES: dict[str, Engine] = {}
_LOCK = threading.Lock()


def register_engine(name: str, factory: str) -> None:
    """Make engine ``name`` available; ``factory`` is ``"module:attribute"`` of
    a callable taking no arguments that returns the :class:`Engine`."""
    if ":" not in factory:
        msg = f"factory must be 'module:attribute'; got {factory!r}"
        raise ValueError(msg)
    with _LOCK:
        _FACTORIES[name] = factory
        _ENGINES.pop(name, None)


def engine_names() -> list[str]:
    """The names of the registered engines."""
    return sorted(_FACTORIES)


def get_engine(name: str = DEFAULT_ENGINE) -> Engine:
    """The engine called ``name`` (created once, on first use).

    Raises:
        ValueError: no engine of that name is registered.
    """
    engine = _ENGINES.get(name)
    if engine is not None:
        return engine
    factory = _FACTORIES.get(name)
    if factory is None:
        msg = f"unknown engine {name!r}; expected one of {engine_names()}"
        raise ValueError(msg)
    module, _, attribute = factory.partition(":")
    with _LOCK:
        engine = _ENGINES.get(name)
        if engine is None:
            engine = getattr(importlib.import_module(module), attribute)()
            if not isinstance(engine, Engine):
                msg = f"{factory} did not return an Engine"
                raise TypeError(msg)
            _ENGINES[name] = engine
    return engine


def engine_of(plan: PlanNode) -> Engine:
    """The engine that runs ``plan``: the one owning all of its sources.

    Raises:
        ValueError: the plan reads sources of two engines (move one side
            to the other engine first).
    """
    names = plan.engines()
    if len(names) > 1:
        msg = f"a plan cannot mix sources of engines {sorted(names)}"
        raise ValueError(msg)
    return get_engine(names.pop() if names else DEFAULT_ENGINE)
