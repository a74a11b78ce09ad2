"""Columnar request bodies: one JSON array per column, documented per item type.

:func:`columnar_body_model` builds (once, cached) a Pydantic model with one
field per column. Each field only checks that the column is a JSON array (no
copy, no per-cell work): the frame's vectorized ingest validates the cells
afterwards. The JSON Schema still documents every column as
``{"type": "array", "items": <the row field's schema>}``, so OpenAPI shows the
real item types, constraints, nested models and enums.

Example:
    >>> from pydantable import DataFrameModel
    >>> from pydantable.fastapi import columnar_body_model_from_dataframe_model
    >>> class Reading(DataFrameModel):
    ...     sensor: str
    ...     value: float | None
    >>> Body = columnar_body_model_from_dataframe_model(Reading)
    >>> schema = Body.model_json_schema()
    >>> schema["required"], schema["properties"]["sensor"]["items"]
    (['sensor'], {'type': 'string'})
"""

import datetime
import decimal
import enum
import ipaddress
import json
import threading
import types
import typing
import uuid
import warnings
from collections.abc import Mapping
from typing import Annotated, Any, ClassVar, Literal, cast

import pydantic
from pydantic import AliasChoices, PlainValidator, PrivateAttr, model_validator
from pydantic.fields import FieldInfo
from pydantic_core import PydanticKnownError

from pydantable.frame import BaseFrame
from pydantable.validation.ingest import ignores_extra
from pydantable.validation.report import (
    DEFAULT_MAX_ERRORS,
    validation_error,
    with_json_tokens,
)

__all__ = [
    "ColumnarBody",
    "InputKeyMode",
    "ParsedRows",
    "attach_frame",
    "attached_frame",
    "body_columns",
    "body_sent_keys",
    "column_keys",
    "columnar_body_model",
    "columnar_body_model_from_dataframe_model",
    "example_cell",
    "frame_row_model",
    "require_list",
    "require_list_or_none",
]

#: Which JSON keys a columnar body accepts for a column: ``"aliases"`` the
#: validation alias (else the alias, else the field name), ``"python"`` the field
#: name, ``"both"`` either of them.
InputKeyMode = Literal["aliases", "python", "both"]
_MODES: tuple[str, ...] = ("aliases", "python", "both")


def require_list(value: Any) -> Any:
    """Accept a JSON array as it is (no copy); anything else is ``list_type``."""
    if isinstance(value, (list, tuple)):
        return value
    raise PydanticKnownError("list_type")


def require_list_or_none(value: Any) -> Any:
    """:func:`require_list`, also accepting ``null`` (an optional column)."""
    return None if value is None else require_list(value)


def _column_type(item: Any, *, optional: bool = False) -> Any:
    """``list[Any]`` at runtime, documented as ``list[item]`` in JSON Schema.

    An ``optional`` column also takes ``null`` (meaning "fill it"), yet is
    documented as the array it stands for (``type: array`` of the items, which
    are nullable for a nullable column), as the original documents it.
    """
    if optional:
        return Annotated[
            list[Any] | None,
            PlainValidator(require_list_or_none, json_schema_input_type=list[item]),
        ]
    return Annotated[
        list[Any], PlainValidator(require_list, json_schema_input_type=list[item])
    ]


#: Example cells ``generate_examples=True`` shows for columns whose field has
#: no ``examples=`` (JSON values, as a client sends them).
_TYPE_EXAMPLES: dict[Any, Any] = {
    int: 0,
    float: 0.0,
    bool: True,
    str: "string",
    bytes: "",
    decimal.Decimal: "0",
    uuid.UUID: "00000000-0000-0000-0000-000000000000",
    datetime.date: "2024-01-01",
    datetime.datetime: "2024-01-01T00:00:00",
    datetime.time: "00:00:00",
    datetime.timedelta: "PT0S",
    ipaddress.IPv4Address: "127.0.0.1",
    ipaddress.IPv6Address: "::1",
}


_NOTHING: Any = object()


def example_cell(annotation: Any) -> Any:
    """An example JSON value for one cell of ``annotation`` (``None`` if unknown).

    Example:
        >>> example_cell(int | None), example_cell(list[str]), example_cell(dict[str, float])
        (0, ['string'], {'key': 0.0})
    """
    while typing.get_origin(annotation) is Annotated:
        annotation = typing.get_args(annotation)[0]
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Union or origin is types.UnionType:
        present = [a for a in args if a is not type(None)]
        return example_cell(present[0]) if present else None
    if origin is typing.Literal:
        return args[0] if args else None
    if origin is list:
        return [example_cell(args[0])] if args else []
    if origin is dict:
        return {"key": example_cell(args[1])} if len(args) == 2 else {}
    if isinstance(annotation, type):
        if issubclass(annotation, enum.Enum):
            first = next(iter(annotation), None)
            return None if first is None else first.value
        if issubclass(annotation, pydantic.BaseModel):
            return {
                name: _field_example(info)
                for name, info in annotation.model_fields.items()
            }
        for kind, value in _TYPE_EXAMPLES.items():
            if issubclass(annotation, kind) and not (
                kind is int and issubclass(annotation, bool)
            ):
                return value
    if annotation is pydantic.AwareDatetime:
        return "2024-01-01T00:00:00Z"
    if annotation is pydantic.NaiveDatetime:
        return "2024-01-01T00:00:00"
    return None


def _field_example(info: FieldInfo, generated: Any = _NOTHING) -> Any:
    """The first ``examples=`` value of a field, else the generated value (see
    :func:`_generated_cells`), else :func:`example_cell`."""
    if info.examples:
        return info.examples[0]
    if generated is not _NOTHING:
        return generated
    return example_cell(info.annotation)


def _valid_rows(model: type[pydantic.BaseModel]) -> list[dict[str, Any]] | None:
    from pydantable.testing.examples import ExampleGenerationError, example_rows

    try:
        return example_rows(model, 3, seed=0)
    except (ExampleGenerationError, TypeError, pydantic.ValidationError):
        return None


def _non_null(rows: list[dict[str, Any]], name: str) -> Any:
    return next((row[name] for row in rows if row[name] is not None), None)


def _generated_cells(row_model: type[pydantic.BaseModel]) -> dict[str, Any]:
    """One valid JSON value per field of ``row_model`` (field name → value),
    from :func:`pydantable.testing.examples.example_rows` (deterministic: seed
    0), preferring non-null values. A field whose rules cannot be generated
    (a custom validator ...) is left out, so its type default applies."""
    rows = _valid_rows(row_model)
    if rows:
        cells = {name: _non_null(rows, name) for name in rows[0]}
        try:  # the mix of rows must still be a valid row (a model validator ...)
            row_model.model_validate_json(json.dumps(cells), by_name=True)
        except (pydantic.ValidationError, ValueError):
            return rows[0]
        return cells
    cells = {}
    for name, info in row_model.model_fields.items():
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*shadows an attribute")
            definition: Any = {name: (info.annotation, info)}
            single = pydantic.create_model(f"{row_model.__name__}_{name}", **definition)
        found = _valid_rows(single)
        if found:
            cells[name] = _non_null(found, name)
    return cells


class ColumnarBody(pydantic.BaseModel):
    """Base class of generated columnar body models (one field per column).

    Use :func:`body_columns` and :func:`body_sent_keys` to read an instance:
    field names are column names, so the base class defines no public methods.
    """

    model_config = pydantic.ConfigDict(extra="forbid", protected_namespaces=())

    #: column name → the JSON keys accepted for it, in order of precedence.
    __pydantable_keys__: ClassVar[dict[str, tuple[str, ...]]] = {}
    _pydantable_sent: dict[str, str] = PrivateAttr(default_factory=dict)
    #: Set when a ``DataFrameRoute`` already built the frame from the raw body.
    _pydantable_frame: Any = PrivateAttr(default=None)

    @model_validator(mode="wrap")
    @classmethod
    def _record_sent_keys(
        cls, data: Any, handler: pydantic.ValidatorFunctionWrapHandler
    ) -> Any:
        try:
            body = handler(data)
        except pydantic.ValidationError as exc:
            raise _bounded(exc) from None
        if isinstance(data, Mapping) and isinstance(body, ColumnarBody):
            sent: dict[str, str] = {}
            for name in body.model_fields_set:
                keys = cls.__pydantable_keys__.get(name, (name,))
                sent[name] = next((k for k in keys if k in data), keys[0])
            body._pydantable_sent = sent
        return body


def _bounded(exc: pydantic.ValidationError) -> pydantic.ValidationError:
    """``exc`` with at most ``DEFAULT_MAX_ERRORS`` errors (a body may have any
    number of unknown keys) and the JSON tokens of non-finite inputs (an
    answer holding the floats could not be written)."""
    if exc.error_count() <= DEFAULT_MAX_ERRORS:
        return with_json_tokens(exc)
    errors = exc.errors(include_url=False)
    return with_json_tokens(
        validation_error(exc.title, errors[:DEFAULT_MAX_ERRORS], total=len(errors))
    )


class ParsedRows(list):  # type: ignore[type-arg]
    """An (empty) rows body standing for ``frame``, already built from the raw body."""

    def __init__(self, frame: BaseFrame) -> None:
        super().__init__()
        self.frame = frame


def attach_frame(body: pydantic.BaseModel, frame: BaseFrame) -> pydantic.BaseModel:
    """``body`` (a :class:`ColumnarBody`) standing for ``frame``, already built
    from the raw request body."""
    if not isinstance(body, ColumnarBody):
        msg = f"{type(body).__name__} is not a columnar body model"
        raise TypeError(msg)
    body._pydantable_frame = frame
    return body


def attached_frame(value: Any) -> Any:
    """The frame :func:`attach_frame` put on ``value`` (``None``: none)."""
    if isinstance(value, ColumnarBody):
        return value._pydantable_frame
    return None


def body_columns(body: pydantic.BaseModel) -> dict[str, Any]:
    """Column name → values of the columns present in ``body`` (``null`` = absent).

    Example:
        >>> from pydantable import DataFrameModel
        >>> class T(DataFrameModel):
        ...     x: int
        ...     y: int | None
        >>> Body = columnar_body_model_from_dataframe_model(T)
        >>> body_columns(Body.model_validate({"x": [1], "y": None}))
        {'x': [1]}
    """
    return {
        name: getattr(body, name)
        for name in type(body).model_fields
        if name in body.model_fields_set and getattr(body, name) is not None
    }


def body_sent_keys(body: pydantic.BaseModel) -> dict[str, str]:
    """Column name → the JSON key the client used for it (for error locations)."""
    if isinstance(body, ColumnarBody):
        return dict(body._pydantable_sent)
    return {name: name for name in body.model_fields_set}


def column_keys(info: FieldInfo, name: str, mode: str) -> tuple[str, ...]:
    """The JSON keys accepted for field ``name`` under ``mode``, primary first."""
    if mode not in _MODES:
        msg = f"input_key_mode must be one of {list(_MODES)}; got {mode!r}"
        raise ValueError(msg)
    alias = next(
        (a for a in (info.validation_alias, info.alias) if isinstance(a, str)), name
    )
    if mode == "python" or alias == name:
        return (name,)
    if mode == "aliases":
        return (alias,)
    return (alias, name)


def frame_row_model(model: type[BaseFrame]) -> type[pydantic.BaseModel]:
    """The Pydantic row model of a ``DataFrameModel`` or ``DataFrame[Schema]`` class."""
    row_model = getattr(model, "RowModel", None)
    if row_model is None:
        schema_model = getattr(model, "schema_model", None)
        try:
            row_model = schema_model() if callable(schema_model) else None
        except AttributeError:  # ``DataFrameModel`` itself: no columns
            row_model = None
    if not (isinstance(row_model, type) and issubclass(row_model, pydantic.BaseModel)):
        msg = f"{model!r} is not a DataFrameModel or DataFrame[Schema] class"
        raise TypeError(msg)
    return row_model


def _column_field(
    name: str,
    info: FieldInfo,
    keys: tuple[str, ...],
    required: bool,
    generate_examples: bool = False,
    generated: Any = _NOTHING,
) -> Any:
    item: Any = info.annotation
    if info.metadata:
        args = (info.annotation, *info.metadata)
        item = Annotated[args]
    kwargs: dict[str, Any] = {}
    if info.description:
        kwargs["description"] = info.description
    if info.examples:
        kwargs["examples"] = [list(info.examples)]
    elif generate_examples:
        kwargs["examples"] = [[_field_example(info, generated)]]
    if len(keys) > 1:
        kwargs["validation_alias"] = AliasChoices(*keys)
        kwargs["alias"] = keys[0]
    elif keys[0] != name:
        kwargs["validation_alias"] = kwargs["alias"] = keys[0]
    if required:
        return (_column_type(item), pydantic.Field(**kwargs))
    return (_column_type(item, optional=True), pydantic.Field(default=None, **kwargs))


_CACHE: dict[tuple[Any, ...], type[ColumnarBody]] = {}
_LOCK = threading.Lock()


def _freeze(value: Any) -> Any:
    try:
        hash(value)
    except TypeError:
        return ("repr", repr(value))
    return value


def _build(
    row_model: type[pydantic.BaseModel],
    *,
    name: str,
    input_key_mode: str,
    required: frozenset[str],
    json_schema_extra: dict[str, Any] | None,
    example: Any,
    generate_examples: bool = False,
) -> type[ColumnarBody]:
    key = (
        row_model,
        name,
        input_key_mode,
        required,
        _freeze(json_schema_extra),
        _freeze(example),
        generate_examples,
    )
    with _LOCK:
        found = _CACHE.get(key)
        if found is not None:
            return found
        fields: dict[str, Any] = {}
        keys: dict[str, tuple[str, ...]] = {}
        cells = _generated_cells(row_model) if generate_examples else {}
        for field_name, info in row_model.model_fields.items():
            keys[field_name] = column_keys(info, field_name, input_key_mode)
            fields[field_name] = _column_field(
                field_name,
                info,
                keys[field_name],
                field_name in required,
                generate_examples,
                cells.get(field_name, _NOTHING),
            )
        extra = dict(json_schema_extra or {})
        if example is None and generate_examples:
            example = {
                keys[field_name][0]: [
                    _field_example(info, cells.get(field_name, _NOTHING))
                ]
                for field_name, info in row_model.model_fields.items()
            }
        if example is not None:
            extra.setdefault("example", example)
        body = _create(
            name, fields, extra, row_model.__module__, ignores_extra(row_model)
        )
        body.__pydantable_keys__ = keys
        _CACHE[key] = body
        return body


def _create(
    name: str,
    fields: dict[str, Any],
    extra: dict[str, Any],
    module: str,
    ignore_extra: bool = False,
) -> type[ColumnarBody]:
    base: type[ColumnarBody] = ColumnarBody
    if extra or ignore_extra:  # a config-only base carries the schema extras
        config = pydantic.ConfigDict(json_schema_extra=cast("Any", extra or None))
        if ignore_extra:  # unknown columns are dropped, as the row model does
            config["extra"] = "ignore"
        metaclass: Any = type(ColumnarBody)
        base = metaclass(
            name, (ColumnarBody,), {"model_config": config, "__module__": module}
        )
    with warnings.catch_warnings():
        # A column may be called `json`, `copy` ...: the field then shadows the
        # BaseModel method on instances, which is what a body needs.
        warnings.filterwarnings(
            "ignore", message=".*shadows an attribute", category=UserWarning
        )
        created: type[ColumnarBody] = pydantic.create_model(
            name, __base__=base, __module__=module, **fields
        )
    return created


def _default_name(
    base: str, input_key_mode: str, keys_differ: bool, strict: bool
) -> str:
    suffix = ""
    if keys_differ and input_key_mode != "aliases":
        suffix += input_key_mode.capitalize()
    if strict:
        suffix += "AllRequired"
    return f"{base}ColumnarBody{suffix}"


def _has_aliases(row_model: type[pydantic.BaseModel]) -> bool:
    return any(
        column_keys(info, name, "aliases") != (name,)
        for name, info in row_model.model_fields.items()
    )


def columnar_body_model(
    row_model: type[pydantic.BaseModel],
    *,
    model_name: str | None = None,
    json_schema_extra: dict[str, Any] | None = None,
    example: Any = None,
    generate_examples: bool = False,
    input_key_mode: InputKeyMode = "aliases",
    name: str | None = None,
) -> type[pydantic.BaseModel]:
    """A cached Pydantic model of a columnar body for ``row_model``.

    One field per row field, keyed per ``input_key_mode`` (``"aliases"``: the
    validation alias if any, else the field name; ``"python"``: field names;
    ``"both"``: either). Fields that are optional in ``row_model`` are optional
    columns (absent or ``null`` means "fill it"); unknown keys are rejected.
    Cells are not validated here, only that each column is an array.

    Every column is documented as ``{"type": "array", "items": <cell>}``; an
    optional column also accepts ``null``, and a nullable one has nullable
    items (``items: {"anyOf": [<type>, {"type": "null"}]}``).

    Args:
        row_model: the Pydantic model of one row.
        model_name: the model (and OpenAPI component) name; default
            ``"<RowModel>ColumnarBody"`` (``name=`` is the same option).
        json_schema_extra: merged into the model's JSON Schema.
        example: a whole example body, shown in OpenAPI under ``example``.
        generate_examples: give every column an example (its field's first
            ``examples=`` value, else a value generated from its rules by
            :mod:`pydantable.testing.examples`, so the example is valid; a
            plain value of its type when the rules cannot be generated) and,
            without ``example``, the body an ``example`` built from them.
        input_key_mode: which JSON keys name the columns.

    Example:
        >>> import pydantic
        >>> class Row(pydantic.BaseModel):
        ...     user_id: int = pydantic.Field(validation_alias="userId")
        >>> Body = columnar_body_model(Row)
        >>> list(Body.model_json_schema()["properties"])
        ['userId']
        >>> Body.model_validate({"userId": [1, "2"]}).user_id
        [1, '2']
        >>> class Ranked(pydantic.BaseModel):
        ...     rank: int = pydantic.Field(ge=1, le=1)
        >>> columnar_body_model(Ranked, generate_examples=True).model_json_schema()["example"]
        {'rank': [1]}
    """
    required = frozenset(
        n for n, f in row_model.model_fields.items() if f.is_required()
    )
    return _build(
        row_model,
        name=model_name
        or name
        or _default_name(
            row_model.__name__, input_key_mode, _has_aliases(row_model), strict=False
        ),
        input_key_mode=input_key_mode,
        required=required,
        json_schema_extra=json_schema_extra,
        example=example,
        generate_examples=generate_examples,
    )


def columnar_body_model_from_dataframe_model(
    model: type[BaseFrame],
    *,
    name: str | None = None,
    input_key_mode: InputKeyMode = "aliases",
    json_schema_extra: dict[str, Any] | None = None,
    example: Any = None,
    fill_missing_optional: bool = True,
    generate_examples: bool = False,
    model_name: str | None = None,
) -> type[pydantic.BaseModel]:
    """:func:`columnar_body_model` for a ``DataFrameModel`` (name ``<M>ColumnarBody``).

    Columns with a default, and nullable columns while ``fill_missing_optional``
    is true, are optional keys; every other column is required.
    ``generate_examples`` and ``model_name`` are as in :func:`columnar_body_model`.

    Example:
        >>> from pydantable import DataFrameModel
        >>> class Users(DataFrameModel):
        ...     id: int
        ...     age: int | None
        >>> Body = columnar_body_model_from_dataframe_model(Users)
        >>> Body.__name__, Body.model_json_schema()["required"]
        ('UsersColumnarBody', ['id'])
    """
    row_model = frame_row_model(model)
    schema = model.__pydantable_schema__
    required = frozenset(
        column.name
        for column in schema.columns()
        if not column.has_default and not (column.nullable and fill_missing_optional)
    )
    loose = frozenset(n for n, f in row_model.model_fields.items() if f.is_required())
    return _build(
        row_model,
        name=model_name
        or name
        or _default_name(
            model.__name__,
            input_key_mode,
            _has_aliases(row_model),
            strict=required != loose,
        ),
        input_key_mode=input_key_mode,
        required=required,
        json_schema_extra=json_schema_extra,
        example=example,
        generate_examples=generate_examples,
    )
