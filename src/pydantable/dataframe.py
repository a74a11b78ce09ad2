"""``DataFrame[Schema]``: the generic typed frame over a Pydantic schema class.

Example:
    >>> from pydantable import DataFrame, Schema
    >>> class Point(Schema):
    ...     x: int
    ...     y: float | None
    >>> df = DataFrame[Point]({"x": [1, 2], "y": [0.5, None]})
    >>> df.select("x").to_dict()
    {'x': [1, 2]}
"""

from __future__ import annotations

import hashlib
from typing import Any, ClassVar, Generic, TypeVar

import pydantic

from pydantable.frame import BaseFrame
from pydantable.frame._core import register_schema_frames
from pydantable.schema import FrameSchema, column_from_annotation

__all__ = ["DataFrame", "Schema"]


class Schema(pydantic.BaseModel):
    """Base class of row schemas for ``DataFrame[S]`` (extra keys forbidden)."""

    model_config = pydantic.ConfigDict(
        extra="forbid", validate_by_name=True, validate_by_alias=True
    )


SchemaT = TypeVar("SchemaT", bound=pydantic.BaseModel)

_CLASSES: dict[type[pydantic.BaseModel], type[DataFrame[Any]]] = {}
_DERIVED: dict[str, type[DataFrame[Any]]] = {}


def schema_of(model: type[pydantic.BaseModel]) -> FrameSchema:
    """The frame schema of a Pydantic model's fields (TypeError on unsupported types)."""
    columns = [
        column_from_annotation(name, info.annotation, info)
        for name, info in model.model_fields.items()
    ]
    return FrameSchema(columns)


class DataFrame(BaseFrame, Generic[SchemaT]):
    """A typed frame whose columns are the fields of a :class:`Schema` subclass.

    ``DataFrame[S](data)`` validates ``data`` like ``DataFrameModel`` does.
    Transforms return ``DataFrame[S2]`` with a derived schema class ``S2``.
    """

    __pydantable_schema__: ClassVar[FrameSchema] = FrameSchema([])
    __pydantable_row__: ClassVar[type[pydantic.BaseModel] | None] = None

    def __class_getitem__(cls, item: Any) -> Any:
        if isinstance(item, TypeVar):
            return super().__class_getitem__(item)  # type: ignore[misc]
        if not (isinstance(item, type) and issubclass(item, pydantic.BaseModel)):
            msg = f"DataFrame[...] takes a pydantic model class; got {item!r}"
            raise TypeError(msg)
        found = _CLASSES.get(item)
        if found is None:
            schema = schema_of(item)
            found = type(
                f"DataFrame[{item.__name__}]",
                (DataFrame,),
                {
                    "__pydantable_schema__": schema,
                    "__pydantable_row__": item,
                    "__module__": item.__module__,
                },
            )
            _CLASSES[item] = found
        return found

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        if type(self).__pydantable_row__ is None:
            msg = "use DataFrame[YourSchema](data): the schema is not specified"
            raise TypeError(msg)
        super().__init__(data, **kwargs)

    @classmethod
    def _row_model(cls) -> type[pydantic.BaseModel] | None:
        return cls.__pydantable_row__

    @classmethod
    def _for_schema(cls, schema: FrameSchema) -> type[DataFrame[Any]]:
        found = _DERIVED.get(schema.identity())
        if found is not None:
            return found
        digest = hashlib.sha1(repr(schema).encode()).hexdigest()[:8]
        fields: dict[str, Any] = {}
        for column in schema.columns():
            default = None if column.nullable else ...
            fields[column.name] = (
                column.annotation,
                column.field or pydantic.Field(default),
            )
        model = pydantic.create_model(f"Schema_{digest}", __base__=Schema, **fields)
        derived: type[DataFrame[Any]] = DataFrame[model]
        _DERIVED[schema.identity()] = derived
        return derived

    @classmethod
    def schema_model(cls) -> type[pydantic.BaseModel] | None:
        """The schema class ``S`` of ``DataFrame[S]``."""
        return cls.__pydantable_row__


register_schema_frames(lambda model: DataFrame[model])  # type: ignore[valid-type]
