"""Frame classes in endpoint annotations: ``df: Model`` parameters as body parameters.

:func:`body_parameters` gives an endpoint's (or dependency function's)
parameters with each unmarked ``df: Model`` one made a JSON body parameter
(``Annotated[Model, Body()]``), and the dependency functions it uses rewritten
the same way; :func:`frame_class` and :func:`result_frame_class` read the frame
class of a parameter or return annotation.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import inspect
import types
import typing
import weakref
from collections.abc import Callable
from typing import Any

from fastapi.params import Body, Depends, Param

from pydantable.fastapi.body_models import frame_row_model
from pydantable.frame import BaseFrame

__all__ = [
    "body_parameters",
    "frame_class",
    "is_columnless_frame",
    "result_frame_class",
]


def frame_class(annotation: Any) -> type[BaseFrame] | None:
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if isinstance(annotation, type) and issubclass(annotation, BaseFrame):
        return annotation
    return None


def result_frame_class(annotation: Any) -> type[BaseFrame] | None:
    """The frame class of a response model: ``Users``, ``Users | None`` (a
    ``None`` result is FastAPI's to write) or either in ``Annotated``."""
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) != 1:
            return None
        annotation = args[0]
    return frame_class(annotation)


def is_columnless_frame(annotation: Any) -> bool:
    """Whether ``annotation`` is a frame class of no declared columns
    (``DataFrameModel`` or ``DataFrame`` itself, maybe ``| None`` or in
    ``Annotated``): "some frame", which no response model can check.

    Example:
        >>> from pydantable import DataFrameModel
        >>> class T(DataFrameModel):
        ...     x: int
        >>> is_columnless_frame(DataFrameModel), is_columnless_frame(T | None)
        (True, False)
    """
    model = result_frame_class(annotation)
    if model is None:
        return False
    try:
        frame_row_model(model)
    except TypeError:
        return True
    return False


def _is_body_marker(value: Any) -> bool:
    return isinstance(value, (Param, Body, Depends))


def body_parameters(
    call: Callable[..., Any],
) -> tuple[inspect.Signature, list[inspect.Parameter], dict[str, Any], bool]:
    """``call``'s signature, its parameters with ``df: Model`` ones made JSON
    body parameters (and the dependencies they use rewritten the same way),
    its resolved hints, and whether anything changed."""
    try:
        hints = typing.get_type_hints(call, include_extras=True)
    except Exception:  # unresolvable annotations: FastAPI resolves them itself
        hints = {}
    signature = inspect.signature(call)
    params = []
    changed = False
    for param in signature.parameters.values():
        annotation = hints.get(param.name, param.annotation)
        metadata = (
            typing.get_args(annotation)[1:]
            if typing.get_origin(annotation) is typing.Annotated
            else ()
        )
        marked = _is_body_marker(param.default) or any(map(_is_body_marker, metadata))
        if not marked and frame_class(annotation) is not None:
            param = param.replace(annotation=typing.Annotated[annotation, Body()])
            changed = True
        elif isinstance(param.default, Depends):
            default = _frame_dependency(param.default)
            changed = changed or default is not param.default
            param = param.replace(default=default, annotation=annotation)
        elif metadata and any(isinstance(m, Depends) for m in metadata):
            markers = tuple(
                _frame_dependency(m) if isinstance(m, Depends) else m for m in metadata
            )
            changed = changed or markers != metadata
            args = (typing.get_args(annotation)[0], *markers)
            param = param.replace(annotation=typing.Annotated[args])
        elif annotation is not param.annotation:
            param = param.replace(annotation=annotation)
        params.append(param)
    return signature, params, hints, changed


#: Dependency functions with ``df: Model`` parameters, rewritten once each (one
#: callable per dependency, so FastAPI's per-request cache still shares it).
_DEPENDENCIES: weakref.WeakKeyDictionary[Callable[..., Any], Callable[..., Any]] = (
    weakref.WeakKeyDictionary()
)


def _frame_dependency(marker: Any) -> Any:
    """``marker`` (a ``Depends``) whose dependency function takes its
    ``df: Model`` parameters as the request body, as an endpoint does; the
    marker itself when nothing needs rewriting (the caller's is never changed)."""
    call = marker.dependency
    if (
        not inspect.isfunction(call)
        or inspect.isasyncgenfunction(call)
        or (inspect.isgeneratorfunction(call))
    ):
        return marker
    found = _DEPENDENCIES.get(call)
    if found is None:
        signature, params, hints, changed = body_parameters(call)
        found = call
        if changed:
            returns = hints.get("return", signature.return_annotation)
            found = _rewritten(
                call, signature.replace(parameters=params, return_annotation=returns)
            )
        _DEPENDENCIES[call] = found
    if found is call:
        return marker
    if dataclasses.is_dataclass(marker):
        return dataclasses.replace(marker, dependency=found)  # type: ignore[type-var]
    copied = copy.copy(marker)
    copied.dependency = found
    return copied


def _rewritten(call: Callable[..., Any], signature: inspect.Signature) -> Any:
    """A callable running ``call`` that FastAPI reads with ``signature``."""
    wrapper: Any
    if inspect.iscoroutinefunction(call):

        @functools.wraps(call)
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            return await call(*args, **kwargs)

    else:

        @functools.wraps(call)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return call(*args, **kwargs)

    wrapper.__signature__ = signature
    return wrapper
