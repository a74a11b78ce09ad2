"""Every touch of FastAPI/Starlette internals, in one module.

pydantable relies on these private parts of FastAPI and Starlette (the
supported range is ``FASTAPI_REQUIREMENT``, as in ``pyproject.toml``;
``tests/unit/fastapi/test_compat.py`` checks each of them, so an upgrade that
changes one fails there with a clear message):

* ``Request._body``, ``Request._json``, ``Request._headers``: Starlette's
  caches of the body bytes, the parsed JSON body and the headers.
  :func:`cache_body`, :func:`cache_json` and :func:`replace_headers` write them,
  so FastAPI takes a ``DataFrameRoute``'s parsed body instead of parsing again;
* ``Dependant.call`` / ``Dependant.dependencies``: :func:`replace_dependency`
  swaps a dependency function for its stand-in in a route's dependency tree;
* ``fastapi.dependencies.utils.field_annotation_is_scalar`` and
  ``fastapi.encoders.encoders_by_class_tuples``: :func:`install` wraps the
  first and adds to the second (below).

FastAPI decides where an unmarked endpoint or dependency parameter comes from
by its annotation: Pydantic models, mappings, sequences and dataclasses (and
generics whose origin is a Pydantic type) are the request body, every other
class a query parameter. A frame class is a Pydantic type (it has
``__get_pydantic_core_schema__``) but none of those kinds, so ``df: Users``
was taken for a query parameter (``422 ["query", "df"]``) in a plain
``FastAPI()`` app. :func:`install` makes FastAPI take frame classes (alone, in
``Annotated`` or in a union such as ``Users | None``) for body types, as it
takes BaseModels; nothing changes for any other annotation.

It also teaches ``fastapi.encoders.jsonable_encoder`` (what FastAPI writes an
endpoint's result with when the route has no response model) to write a frame
as its columnar JSON, as ``DataFrameResponse`` and a frame response model do;
it wrote ``{}`` before (a frame is no mapping, no dataclass, and has no
instance attributes).

:func:`install` runs when ``pydantable.fastapi`` is imported, and when a
``DataFrameModel`` is declared while FastAPI is already imported. It does
nothing when FastAPI is not installed, or when this FastAPI version has not
the functions it wraps (the body then needs ``Annotated[Users, Body()]``).

This module lives beside (not inside) ``pydantable.fastapi`` and imports
FastAPI only inside :func:`install`: ``pydantable.model`` imports it, and a
plain ``FastAPI()`` app declaring frame classes must not load the
``pydantable.fastapi`` package, nor ``import pydantable`` load FastAPI.
"""

from __future__ import annotations

import sys
import threading
import types
import typing
from collections.abc import Callable
from typing import Any

import pydantic_core

from pydantable.frame import BaseFrame

if typing.TYPE_CHECKING:
    from fastapi.dependencies.models import Dependant
    from starlette.datastructures import Headers
    from starlette.requests import Request

__all__ = [
    "FASTAPI_REQUIREMENT",
    "cache_body",
    "cache_json",
    "install",
    "install_if_fastapi_loaded",
    "is_frame_annotation",
    "replace_dependency",
    "replace_headers",
]

#: The FastAPI versions pydantable supports (the ``fastapi`` extra's pin).
FASTAPI_REQUIREMENT = "fastapi>=0.115"

_LOCK = threading.Lock()
_INSTALLED = False


def is_frame_annotation(annotation: Any) -> bool:
    """Whether ``annotation`` is a frame class, possibly in ``Annotated`` or a union.

    Example:
        >>> from typing import Annotated
        >>> from pydantable import DataFrameModel
        >>> class T(DataFrameModel):
        ...     x: int
        >>> is_frame_annotation(Annotated[T | None, "meta"]), is_frame_annotation(int)
        (True, False)
    """
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return is_frame_annotation(typing.get_args(annotation)[0])
    if origin is typing.Union or origin is types.UnionType:
        return any(is_frame_annotation(arg) for arg in typing.get_args(annotation))
    return isinstance(annotation, type) and issubclass(annotation, BaseFrame)


def cache_body(request: Request, body: bytes) -> None:
    """Make ``body`` what ``await request.body()`` returns (it was read already)."""
    request._body = body


def cache_json(request: Request, value: Any) -> None:
    """Make ``value`` what ``await request.json()`` returns: FastAPI passes it on
    as the body instead of parsing the bytes again."""
    request._json = value


def replace_headers(request: Request, headers: Headers) -> None:
    """Make ``headers`` the request's headers for what runs after (FastAPI)."""
    request._headers = headers


def replace_dependency(
    dependant: Dependant, dependency: Callable[..., Any], stand_in: Callable[..., Any]
) -> None:
    """Run ``stand_in`` instead of ``dependency`` everywhere in ``dependant``'s tree."""
    stack = list(dependant.dependencies)
    while stack:
        node = stack.pop()
        if node.call is dependency:
            node.call = stand_in
        stack.extend(node.dependencies)


def _frame_json(frame: Any) -> Any:
    """A frame as FastAPI's encoder writes data: its columnar JSON (engine-written,
    as a ``DataFrameResponse`` writes it; non-finite floats are ``null``)."""
    return pydantic_core.from_json(frame.to_json(orient="columns"))


def install() -> None:
    """Teach FastAPI about frame classes (idempotent; see the module docs)."""
    global _INSTALLED
    if _INSTALLED:
        return
    with _LOCK:
        if _INSTALLED:
            return
        try:
            from fastapi import encoders
            from fastapi.dependencies import utils
        except ImportError:  # FastAPI is not installed: nothing to teach
            _INSTALLED = True
            return
        scalar = getattr(utils, "field_annotation_is_scalar", None)
        if callable(scalar) and not getattr(scalar, "__pydantable__", False):

            def field_annotation_is_scalar(annotation: Any) -> bool:
                return bool(scalar(annotation=annotation)) and not (
                    is_frame_annotation(annotation)
                )

            field_annotation_is_scalar.__pydantable__ = True  # type: ignore[attr-defined]
            field_annotation_is_scalar.__wrapped__ = scalar  # type: ignore[attr-defined]
            utils.field_annotation_is_scalar = field_annotation_is_scalar  # type: ignore[attr-defined]
        by_class = getattr(encoders, "encoders_by_class_tuples", None)
        if isinstance(by_class, dict):
            by_class[_frame_json] = (BaseFrame,)
        _INSTALLED = True


def install_if_fastapi_loaded() -> None:
    """:func:`install` when FastAPI is already imported (never imports it)."""
    if not _INSTALLED and "fastapi.dependencies.utils" in sys.modules:
        install()
