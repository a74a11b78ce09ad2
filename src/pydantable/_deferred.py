"""A frame whose construction is deferred to where it is used.

A :class:`~pydantable.fastapi.DataFrameRoute` with a synchronous endpoint reads
the request body on the event loop but builds (parses and validates) the frame
in the worker thread that runs the endpoint: one thread hop per request instead
of two, and the event loop stays free while the body is parsed. Until then the
body travels through FastAPI's parameter handling as a :class:`DeferredFrame`,
which a frame type's validator passes through unchanged.

Example:
    >>> from pydantable import DataFrameModel
    >>> class Users(DataFrameModel):
    ...     id: int
    >>> pending = DeferredFrame(Users, lambda: Users({"id": [1, 2]}))
    >>> pending.resolve().to_dict()
    {'id': [1, 2]}
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["DeferredFrame", "resolve_deferred"]


class DeferredFrame:
    """The frame of type ``model`` that ``build()`` returns when called."""

    __slots__ = ("build", "model")

    def __init__(self, model: type[Any], build: Callable[[], Any]) -> None:
        self.model = model
        self.build = build

    def resolve(self) -> Any:
        """Build the frame (exceptions of ``build`` propagate)."""
        return self.build()

    def __repr__(self) -> str:
        return f"DeferredFrame({self.model.__name__})"


def resolve_deferred(kwargs: dict[str, Any]) -> None:
    """Replace :class:`DeferredFrame` values of ``kwargs`` by their frames, in place."""
    for name, value in kwargs.items():
        if type(value) is DeferredFrame:
            kwargs[name] = value.resolve()
