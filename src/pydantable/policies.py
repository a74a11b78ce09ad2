"""Model and column policies: ``__pydantable__`` and ``Field(json_schema_extra=...)``.

A model's policy is the ``__pydantable__`` dict of its class, merged along the
MRO (a subclass's keys win): ``validation_profile`` (the constructor's
default) and ``redact`` (the default of ``to_dicts(redact=...)``). A column's
policy is ``Field(json_schema_extra={"pydantable": {...}})``:

* ``strictness``: ``"strict"`` validates the column in Pydantic strict mode
  (no ``"1"`` → ``1``); ``"lax"`` / ``"inherit"`` (the default) do not;
* ``nested_strictness``: ``"strict"`` validates list items, map values and the
  fields of nested models (at every depth) in strict mode;
* ``redact``: ``True`` masks the column in ``to_dicts(redact=True)``:
  strings become ``"***"``, numbers ``0``, anything else ``None``.

Example:
    >>> import pydantic
    >>> from pydantable import DataFrameModel
    >>> class User(DataFrameModel):
    ...     __pydantable__ = {"redact": True}
    ...     name: str
    ...     ssn: str = pydantic.Field(json_schema_extra={"pydantable": {"redact": True}})
    >>> User.column_policy("ssn")["redact"], User.pydantable_policy()
    (True, {'redact': True})
    >>> User({"name": ["a"], "ssn": ["123"]}).to_dicts()
    [{'name': 'a', 'ssn': '***'}]
"""

from __future__ import annotations

import functools
import types
import typing
from typing import Annotated, Any

import pydantic

from pydantable import dtypes as dt
from pydantable.schema import Column, column_from_annotation

__all__ = [
    "COLUMN_POLICY_DEFAULTS",
    "column_policy",
    "masked_value",
    "model_policy",
    "strict_items",
    "with_strictness",
]

#: A column's policy when its field says nothing.
COLUMN_POLICY_DEFAULTS: dict[str, Any] = {
    "strictness": "inherit",
    "nested_strictness": "inherit",
    "redact": False,
}
_STRICTNESS = ("inherit", "lax", "strict")


def model_policy(cls: type) -> dict[str, Any]:
    """``__pydantable__`` merged along ``cls``'s MRO (subclasses win)."""
    merged: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        own = klass.__dict__.get("__pydantable__")
        if own is None:
            continue
        if not isinstance(own, dict):
            msg = f"{klass.__name__}.__pydantable__ must be a dict; got {type(own).__name__}"
            raise TypeError(msg)
        merged.update(own)
    return merged


def column_policy(column: Column) -> dict[str, Any]:
    """The policy of one column (defaults filled in; values checked)."""
    extra = column.field.json_schema_extra if column.field is not None else None
    declared = extra.get("pydantable", {}) if isinstance(extra, dict) else {}
    if not isinstance(declared, dict):
        msg = f"column {column.name!r}: json_schema_extra['pydantable'] must be a dict"
        raise TypeError(msg)
    policy = {**COLUMN_POLICY_DEFAULTS, **declared}
    for key in ("strictness", "nested_strictness"):
        if policy[key] not in _STRICTNESS:
            msg = (
                f"column {column.name!r}: {key} must be one of {list(_STRICTNESS)}; "
                f"got {policy[key]!r}"
            )
            raise ValueError(msg)
    if not isinstance(policy["redact"], bool):
        msg = f"column {column.name!r}: redact must be True or False"
        raise TypeError(msg)
    return policy


def with_strictness(
    column: Column, *, default: str = "inherit", nested_default: str = "inherit"
) -> Column:
    """``column`` with its strictness policy applied: ``strictness="strict"``
    validates the cell in Pydantic strict mode, ``nested_strictness="strict"``
    the items of its lists, the values of its maps and the fields of its
    nested models (the user's model class is kept: its dicts are validated
    with ``model_validate(..., strict=True)``). ``"inherit"`` takes ``default`` /
    ``nested_default`` (a profile's ``column_strictness_default`` /
    ``nested_strictness_default``)."""
    policy = column_policy(column)
    strict = (
        policy["strictness"] if policy["strictness"] != "inherit" else default
    ) == "strict"
    nested = (
        policy["nested_strictness"]
        if policy["nested_strictness"] != "inherit"
        else nested_default
    ) == "strict"
    if not strict and not nested:
        return column
    annotation: Any = column.annotation
    if nested:
        annotation = strict_items(annotation)
    if strict:
        annotation = Annotated[annotation, pydantic.Strict()]
    return column_from_annotation(column.name, annotation, column.field)


def strict_items(annotation: Any) -> Any:
    """``annotation`` with Pydantic strict mode on every list item, map value
    and nested model field inside it (recursively).

    Example:
        >>> strict_items(list[int])
        list[typing.Annotated[int, Strict(strict=True)]]
    """
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is Annotated:
        parts = (strict_items(args[0]), *annotation.__metadata__)
        return Annotated.__class_getitem__(parts)
    if origin in (typing.Union, types.UnionType):
        return typing.Union[tuple(strict_items(a) for a in args)]  # noqa: UP007
    if origin is list and args:
        return list[_strict(args[0])]  # type: ignore[misc]
    if origin is dict and len(args) == 2:
        return dict[args[0], _strict(args[1])]  # type: ignore[misc,valid-type]
    if _is_model(annotation):
        return Annotated[annotation, _strict_model(annotation)]
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel)


def _strict(annotation: Any) -> Any:
    """A strict item/value annotation (a model's strictness is its validator's)."""
    if _is_model(annotation):
        return strict_items(annotation)
    return Annotated[strict_items(annotation), pydantic.Strict()]


@functools.cache
def _strict_model(model: type[pydantic.BaseModel]) -> pydantic.WrapValidator:
    """A validator checking ``model``'s fields (at every depth) in strict mode.

    ``Annotated[Model, Strict()]`` does not reach the fields, and a strict copy
    of the class would change the user's type; Pydantic's call-time
    ``strict=True`` does both right (errors keep their inner locations).
    """

    def validate(value: Any, handler: pydantic.ValidatorFunctionWrapHandler) -> Any:
        if isinstance(value, model):
            return handler(value)
        return model.model_validate(value, strict=True)

    return pydantic.WrapValidator(validate)


def masked_value(dtype: dt.DType) -> Any:
    """What a redacted cell of ``dtype`` shows."""
    if isinstance(dtype, dt.String):
        return "***"
    if isinstance(dtype, dt.Int64 | dt.Float64):
        return 0
    return None
