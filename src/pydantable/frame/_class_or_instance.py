"""Methods with a second, class-level form: the original's ``Model.write_sql(data, ...)``.

pydantable 1.19 wrote a column dict with a classmethod,
``Users.write_sql({"id": [1]}, "users", bind)``; here a frame writes itself,
``users.write_sql("users", bind)``. :func:`with_class_form` gives one name both
forms: called on an instance it is the method it decorates, called on the class
it is ``class_form(cls, ...)``. Both forms keep their signatures for type
checkers (two ``ParamSpec``\\ s).

Example:
    >>> class Box:
    ...     def __init__(self, value):
    ...         self.value = value
    ...     @with_class_form(lambda cls, value: cls(value).show())
    ...     def show(self):
    ...         return f"Box({self.value})"
    >>> Box(1).show(), Box.show(2)
    ('Box(1)', 'Box(2)')
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any, Concatenate, Generic, ParamSpec, TypeVar, overload

__all__ = ["ClassOrInstance", "with_class_form"]

P = ParamSpec("P")
Q = ParamSpec("Q")
R = TypeVar("R")
R2 = TypeVar("R2")


class ClassOrInstance(Generic[P, R, Q, R2]):
    """The descriptor :func:`with_class_form` makes (``instance_form``/``class_form``)."""

    def __init__(
        self,
        instance_form: Callable[Concatenate[Any, P], R],
        class_form: Callable[Concatenate[Any, Q], R2],
    ) -> None:
        self.instance_form = instance_form
        self.class_form = class_form
        self.__doc__ = instance_form.__doc__
        self.__name__ = getattr(instance_form, "__name__", "method")
        self.__qualname__ = getattr(instance_form, "__qualname__", self.__name__)
        self.__module__ = instance_form.__module__
        self.__wrapped__ = instance_form

    @overload
    def __get__(self, obj: None, owner: type[Any]) -> Callable[Q, R2]: ...
    @overload
    def __get__(
        self, obj: object, owner: type[Any] | None = None
    ) -> Callable[P, R]: ...
    def __get__(
        self, obj: object | None, owner: type[Any] | None = None
    ) -> Callable[Q, R2] | Callable[P, R]:
        if obj is None:
            return types.MethodType(self.class_form, owner)
        return types.MethodType(self.instance_form, obj)


def with_class_form(
    class_form: Callable[Concatenate[Any, Q], R2],
) -> Callable[[Callable[Concatenate[Any, P], R]], ClassOrInstance[P, R, Q, R2]]:
    """Decorate a method so that calling it on the class runs ``class_form(cls, ...)``."""

    def decorate(
        method: Callable[Concatenate[Any, P], R],
    ) -> ClassOrInstance[P, R, Q, R2]:
        return ClassOrInstance(method, class_form)

    return decorate
