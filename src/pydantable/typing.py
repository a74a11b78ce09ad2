"""Protocols for code that accepts any pydantable frame (or chain) generically.

* :class:`SupportsLazyAsyncMaterialize`: anything with an ``acollect`` method
  (frames, models, ``AwaitableDataFrameModel`` chains) — ``isinstance`` works;
* :class:`DataFrameModelWithRow`: a frame with a row model (``RowModel``,
  ``rows()``, ``arows()``);
* :data:`RowT`: a type variable for row models.

Example:
    >>> from pydantable import DataFrameModel
    >>> from pydantable.typing import SupportsLazyAsyncMaterialize
    >>> class T(DataFrameModel):
    ...     x: int
    >>> isinstance(T({"x": [1]}), SupportsLazyAsyncMaterialize)
    True
    >>> isinstance(object(), SupportsLazyAsyncMaterialize)
    False
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar, runtime_checkable

import pydantic

__all__ = ["DataFrameModelWithRow", "RowT", "SupportsLazyAsyncMaterialize"]

#: A row model type (``Model.RowModel``).
RowT = TypeVar("RowT", bound=pydantic.BaseModel)


class _CallableAcollect(type(Protocol)):  # type: ignore[misc]
    """``isinstance`` is true when ``acollect`` is present *and* callable."""

    def __instancecheck__(cls, instance: object) -> bool:
        return callable(getattr(instance, "acollect", None))


@runtime_checkable
class SupportsLazyAsyncMaterialize(Protocol, metaclass=_CallableAcollect):
    """An object whose result can be awaited with ``acollect()``."""

    def acollect(self, *args: Any, **kwargs: Any) -> Any: ...


@runtime_checkable
class DataFrameModelWithRow(Protocol):
    """A frame with a Pydantic row model and row materializers."""

    @property
    def RowModel(self) -> type[pydantic.BaseModel]: ...  # noqa: N802 (its name)

    def rows(self) -> list[Any]: ...

    async def arows(self) -> list[Any]: ...
