"""Protocols for code that accepts any pydantable frame (or chain) generically.

* :class:`SupportsLazyAsyncMaterialize`: anything with an ``acollect`` method
  (frames, models, ``AwaitableDataFrameModel`` chains) — ``isinstance`` works;
* :class:`DataFrameModelWithRow`: a frame with a row model (``RowModel``,
  ``rows()``, ``arows()``);
* :data:`RowT`: a type variable for row models;
* :data:`Col`: the column annotation for checkers without a plugin
  (``age: Col[int | None]`` is ``int | None`` at run time and
  ``ColumnRef[int | None]`` for pyright and mypy).

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

from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

import pydantic

if TYPE_CHECKING:
    from typing import TypeAlias

    from pydantable.expressions.expr import ColumnRef

__all__ = ["Col", "DataFrameModelWithRow", "RowT", "SupportsLazyAsyncMaterialize"]

_T = TypeVar("_T")

if TYPE_CHECKING:
    #: A column of cell type ``T``: a ``ColumnRef[T]`` to type checkers.
    Col: TypeAlias = "ColumnRef[_T]"
else:

    class Col:
        """A column annotation: ``Col[T]`` is ``T`` at run time (the model is the
        same as with ``age: T``), and ``ColumnRef[T]`` to type checkers, so
        ``df.age`` is an expression under pyright too (no plugin needed).

        Example:
            >>> from pydantable import DataFrameModel
            >>> from pydantable.typing import Col
            >>> class Users(DataFrameModel):
            ...     id: Col[int]
            ...     age: Col[int | None]
            >>> Col[int | None] == (int | None)
            True
            >>> df = Users({"id": [1, 2], "age": [30, None]})
            >>> df.filter(df.age > 18).to_dict()
            {'id': [1], 'age': [30]}
        """

        __pydantable_column__ = True

        def __class_getitem__(cls, item: Any) -> Any:
            return item


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
