"""Fast construction of row models from already-validated row dicts."""

from __future__ import annotations

from typing import Any

import pydantic

from pydantable import dtypes as dt
from pydantable.schema import FrameSchema

__all__ = ["construct_rows"]

_setattr = object.__setattr__


def _nested_builder(dtype: dt.DType) -> Any:
    """A function turning a stored nested value into model instances, or None."""
    if isinstance(dtype, dt.Struct) and dtype.model is not None:
        model = dtype.model
        inner = {f.name: _nested_builder(f.dtype) for f in dtype.fields}

        def build(value: dict[str, Any]) -> Any:
            data = {
                k: (v if v is None or inner.get(k) is None else inner[k](v))
                for k, v in value.items()
            }
            return model.model_construct(**data)

        return build
    if isinstance(dtype, dt.List):
        item = _nested_builder(dtype.inner)
        if item is None:
            return None
        return lambda values: [None if v is None else item(v) for v in values]
    if isinstance(dtype, dt.Map):
        value = _nested_builder(dtype.value)
        if value is None:
            return None
        return lambda entries: {
            k: None if v is None else value(v) for k, v in entries.items()
        }
    return None


#: The slots every ``BaseModel`` instance holds besides ``__dict__``, set
#: through their descriptors (no ``object.__setattr__`` lookup per row).
_FIELDS_SET = pydantic.BaseModel.__dict__["__pydantic_fields_set__"].__set__
_EXTRA = pydantic.BaseModel.__dict__["__pydantic_extra__"].__set__
_PRIVATE = pydantic.BaseModel.__dict__["__pydantic_private__"].__set__


class _AllFields(set):  # type: ignore[type-arg]
    """The ``model_fields_set`` of collected rows: every field, one set object
    shared by all the rows of one ``collect()`` (a set per row costs a third of
    the construction, and as much again in garbage collection).

    Adding a field name already set, which is what assigning a field does, is
    a no-op; any other change would change every row and raises ``TypeError``.
    """

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> None:
        msg = (
            "the fields set of rows built by collect() is shared by all of them; "
            "copy it (set(row.model_fields_set)) to change it"
        )
        raise TypeError(msg)

    def add(self, name: Any) -> None:
        if name not in self:
            self._refuse()

    def update(self, *others: Any) -> None:
        if not all(set(other) <= self for other in others):
            self._refuse()

    def __ior__(self, other: Any) -> _AllFields:  # type: ignore[misc]
        self.update(other)
        return self

    remove = discard = pop = clear = _refuse
    difference_update = intersection_update = _refuse
    symmetric_difference_update = _refuse
    __isub__ = __iand__ = __ixor__ = _refuse  # type: ignore[assignment]

    def __reduce__(self) -> Any:  # a copy (model_copy) is a plain set again
        return (set, (list(self),))


def construct_rows(
    model: type[pydantic.BaseModel],
    schema: FrameSchema,
    columns: dict[str, list[Any]],
    height: int,
) -> list[Any]:
    """``height`` instances of ``model`` holding the rows of ``columns``
    without re-validating them.

    The columns come from a frame whose every cell was validated at ingest (or
    produced by a typed transform), so validation would only repeat work.
    """
    names = list(columns)
    for name, column in schema.items():
        build = _nested_builder(column.dtype)
        if build is not None:
            columns[name] = [None if v is None else build(v) for v in columns[name]]
    if not names:
        return [model.model_construct() for _ in range(height)]
    rows = zip(*columns.values(), strict=True)
    if model.__private_attributes__:
        return [model.model_construct(**dict(zip(names, r, strict=True))) for r in rows]
    fields_set = _AllFields(model.model_fields)
    new = object.__new__
    out: list[Any] = []
    append = out.append
    for values in rows:
        obj = new(model)
        _setattr(obj, "__dict__", dict(zip(names, values, strict=True)))
        _FIELDS_SET(obj, fields_set)
        _EXTRA(obj, None)
        _PRIVATE(obj, None)
        append(obj)
    return out
