"""``DataFrameModel``: declare a table once, as a Pydantic-annotated class.

Example:
    >>> from pydantable import DataFrameModel
    >>> class Users(DataFrameModel):
    ...     id: int
    ...     age: int | None
    >>> df = Users({"id": [1, 2], "age": [30, None]})
    >>> df.filter(df.age > 18).to_dict()
    {'id': [1], 'age': [30]}
    >>> Users.RowModel.model_json_schema()["required"]
    ['id']
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import sys
import typing
import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import pydantic
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError, core_schema
from typing_extensions import Never, Self

from pydantable._fastapi_compat import install_if_fastapi_loaded
from pydantable._http_errors import error_rule
from pydantable.frame import BaseFrame
from pydantable.frame._core import register_derived_frames
from pydantable.policies import column_policy, model_policy, with_strictness
from pydantable.schema import (
    Column,
    FrameSchema,
    column_from_annotation,
    resolve_annotation,
)
from pydantable.validation.ingest import column_key_errors, ignores_extra
from pydantable.validation.report import (
    json_tokens,
    validation_error,
    with_json_tokens,
)

if TYPE_CHECKING:
    import polars as pl
    import pyarrow
    import sqlalchemy

    from pydantable.contracts import SchemaDiff
    from pydantable.expressions.expr import ColumnRef

__all__ = ["DataFrameModel", "build_row_model"]

_ROW_CONFIG = pydantic.ConfigDict(
    extra="forbid",
    validate_by_name=True,
    validate_by_alias=True,
    protected_namespaces=(),
)
_RESERVED = frozenset({"model_config", "model_fields", "model_computed_fields"})


def _check_field_names(schema: FrameSchema) -> None:
    for name in schema:
        if name in _RESERVED or name.startswith("_"):
            msg = (
                f"column name {name!r} cannot be a row-model field (Pydantic reserves "
                "`model_config`-like names and names starting with '_'); rename it"
            )
            raise TypeError(msg)


def _frame_config(cls: type) -> pydantic.ConfigDict | None:
    """The ``model_config`` written in a DataFrameModel class body (Pydantic's
    ``ConfigDict``), applied to its row model.

    ``extra`` may be ``"forbid"`` (the default: unknown columns and keys are
    refused) or ``"ignore"`` (they are dropped); a frame holds only its declared
    columns, so ``"allow"`` is refused.
    """
    config = cls.__dict__.get("model_config")
    if config is None:
        return None
    if not isinstance(config, dict):
        msg = f"{cls.__name__}.model_config must be a dict (pydantic.ConfigDict)"
        raise TypeError(msg)
    if config.get("extra", "forbid") not in ("forbid", "ignore"):
        msg = (
            f"{cls.__name__}: model_config extra={config['extra']!r} is not supported: "
            "a frame holds only its declared columns; use 'forbid' or 'ignore'"
        )
        raise TypeError(msg)
    return pydantic.ConfigDict(**config)  # type: ignore[typeddict-item]


def build_row_model(
    name: str,
    schema: FrameSchema,
    *,
    base: type[pydantic.BaseModel] | None = None,
    module: str | None = None,
    validators: dict[str, Any] | None = None,
    config: pydantic.ConfigDict | None = None,
) -> type[pydantic.BaseModel]:
    """The Pydantic model of one row of ``schema``.

    Extra keys are forbidden (unless ``config`` says ``extra="ignore"``);
    nullable columns without a default default to ``None`` (so they are not
    required in JSON Schema). ``validators`` are Pydantic validator descriptors
    (``@field_validator``/``@model_validator`` functions written in a
    DataFrameModel class body); ``config`` is merged into the row model's.
    """
    _check_field_names(schema)
    fields: dict[str, Any] = {}
    for column in schema.columns():
        info = column.field
        if info is None:
            info = FieldInfo(default=None) if column.nullable else FieldInfo()
        elif column.nullable and info.is_required():
            info = FieldInfo.merge_field_infos(info, FieldInfo(default=None))
        fields[column.name] = (column.annotation, info)
    row_model: type[pydantic.BaseModel]
    with warnings.catch_warnings():
        # A column may be called `copy`, `json`, `schema` ...: the field then
        # shadows the BaseModel method on instances, which is what a row needs.
        warnings.filterwarnings(
            "ignore", message=".*shadows an attribute", category=UserWarning
        )
        row_model = _create_row_model(name, fields, base, validators, config)
    if module is not None:
        row_model.__module__ = module
    return row_model


def _create_row_model(
    name: str,
    fields: dict[str, Any],
    base: type[pydantic.BaseModel] | None,
    validators: dict[str, Any] | None,
    config: pydantic.ConfigDict | None = None,
) -> type[pydantic.BaseModel]:
    row_model: type[pydantic.BaseModel]
    if base is None:
        row_model = pydantic.create_model(
            name,
            __config__=pydantic.ConfigDict({**_ROW_CONFIG, **(config or {})}),
            __validators__=validators,
            **fields,
        )
    else:
        parent: Any = base
        overrides: dict[str, Any] = (
            {} if "extra" in base.model_config else dict(_ROW_CONFIG)
        )
        overrides.update(config or {})
        if overrides:
            parent = type(
                base.__name__,
                (base,),
                {"model_config": overrides, "__module__": base.__module__},
            )
        row_model = pydantic.create_model(  # type: ignore[misc]  # plugin: dynamic base
            name,
            __base__=parent,
            __validators__=validators,
            **fields,
        )
    return row_model


def _declared_columns(cls: type, localns: dict[str, Any] | None = None) -> list[Column]:
    """Columns from the class body (and DataFrameModel bases), in declaration order.

    ``localns`` is the namespace the class statement ran in (for string
    annotations referring to local names, as Pydantic resolves them).
    """
    names: list[str] = []
    hints: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        if not (isinstance(klass, type) and issubclass(klass, DataFrameModel)):
            continue
        if klass is DataFrameModel:
            continue
        # resolve only the declared columns' annotations: the framework's own
        # (private) annotations must not be evaluated in the user's namespace
        declared = {
            name: annotation
            for name, annotation in inspect.get_annotations(klass).items()
            if not name.startswith("_")
        }
        # string annotations are resolved by name, never evaluated (no code runs)
        module = sys.modules.get(klass.__module__)
        namespaces = [
            localns or {},
            dict(vars(klass)),
            vars(module) if module is not None else {},
        ]
        for name, annotation in declared.items():
            try:
                hints[name] = resolve_annotation(annotation, namespaces)
            except TypeError as exc:
                msg = f"{cls.__name__}: field {name!r} has {exc}"
                raise TypeError(msg) from None
        for name in declared:
            if name not in names:
                names.append(name)
    columns = []
    for name in names:
        annotation = hints[name]
        if typing.get_origin(annotation) is ClassVar:
            continue
        default = _class_default(cls, name)
        if isinstance(default, FieldInfo):
            info: FieldInfo | None = default
        elif default is _NO_DEFAULT:
            info = None
        else:
            info = pydantic.Field(default=default)
        try:
            columns.append(column_from_annotation(name, annotation, info))
        except TypeError as exc:
            raise TypeError(f"{cls.__name__}: {exc}") from None
    if not columns:
        msg = "DataFrameModel subclasses must define annotated fields."
        raise TypeError(msg)
    return columns


_NO_DEFAULT: Any = object()


def _is_model_class(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, pydantic.BaseModel)


def _row_base(cls: type) -> type[pydantic.BaseModel] | None:
    """The Pydantic base of the row model: a nested ``class Row`` (wins) or
    ``__row_base__``.

    Raises:
        TypeError: either is set to something that is no Pydantic model class.
    """
    row = cls.__dict__.get("Row")
    if row is not None and not _is_model_class(row):
        msg = f"{cls.__name__}.Row must be a Pydantic BaseModel subclass (got {row!r})."
        raise TypeError(msg)
    base = getattr(cls, "__row_base__", None)
    if base is not None and not _is_model_class(base):
        msg = (
            f"{cls.__name__}.__row_base__ must be a Pydantic BaseModel subclass "
            f"(got {base!r})."
        )
        raise TypeError(msg)
    return row or base


def _class_default(cls: type, name: str) -> Any:
    for klass in cls.__mro__:
        defaults = klass.__dict__.get("__pydantable_defaults__", {})
        if name in inspect.get_annotations(klass) or name in defaults:
            if name in defaults:
                return defaults[name]
            return klass.__dict__.get(name, _NO_DEFAULT)
    return _NO_DEFAULT


class DataFrameModel(BaseFrame):
    """A typed table declared as a class: each annotation is a column.

    Instances are immutable frames: a validated ingest plus a lazy plan of
    transforms. ``Model.RowModel`` is the Pydantic model of one row.

    Transforms return instances of a derived ``DataFrameModel`` subclass
    describing the new schema (generated once per schema, deterministically).
    """

    RowModel: ClassVar[type[pydantic.BaseModel]]
    __pydantable_schema__: ClassVar[FrameSchema] = FrameSchema([])
    __pydantable_derived__: ClassVar[bool] = False

    if TYPE_CHECKING:
        # For type checkers only: a declared model's columns are its annotated
        # attributes, so no other name is one (``df.agee`` is an error under
        # pyright; the mypy plugin reports it with the columns). At run time
        # ``BaseFrame.__getattr__`` serves the columns of derived frames.
        def __getattr__(self, name: Never) -> ColumnRef[Any]: ...  # type: ignore[misc, override]  # pyright: ignore[reportIncompatibleMethodOverride]

    def __init_subclass__(
        cls, *, _schema: FrameSchema | None = None, **kwargs: Any
    ) -> None:
        super().__init_subclass__(**kwargs)
        if _schema is not None:
            cls.__pydantable_schema__ = _schema
            cls.__pydantable_derived__ = True
            cls.RowModel = build_row_model(
                f"{cls.__name__}Row", _schema, module=cls.__module__
            )
            return
        frame = sys._getframe(1)
        localns = {**frame.f_globals, **frame.f_locals}
        del frame
        columns = [with_strictness(c) for c in _declared_columns(cls, localns)]
        defaults = {}
        for column in columns:
            if column.name in cls.__dict__:
                defaults[column.name] = cls.__dict__[column.name]
                delattr(
                    cls, column.name
                )  # so that ``df.qty`` is the column, not the default
        cls.__pydantable_defaults__ = defaults  # type: ignore[attr-defined]
        cls.__pydantable_schema__ = FrameSchema(columns)
        cls.__pydantable_derived__ = False
        base = _row_base(cls)
        validators = {
            key: value
            for key, value in cls.__dict__.items()
            if type(value).__name__ == "PydanticDescriptorProxy"
        }
        for key in validators:
            delattr(cls, key)
        cls.RowModel = build_row_model(
            f"{cls.__name__}Row",
            cls.__pydantable_schema__,
            base=base,
            module=cls.__module__,
            validators=validators or None,
            config=_frame_config(cls),
        )
        # FastAPI (when imported) takes this class for a body type: see
        # pydantable._fastapi_compat
        install_if_fastapi_loaded()

    @classmethod
    def _row_model(cls) -> type[pydantic.BaseModel]:
        return cls.RowModel

    @classmethod
    def _for_schema(cls, schema: FrameSchema) -> type[DataFrameModel]:
        return derived_model(schema, _root_name(cls))

    # -- schema helpers ----------------------------------------------------------------
    @classmethod
    def row_model(cls) -> type[pydantic.BaseModel]:
        """The Pydantic model of one row (``Model.RowModel``)."""
        return cls.RowModel

    @classmethod
    def schema_model(cls) -> type[pydantic.BaseModel]:
        """The Pydantic model describing the schema (same as the row model)."""
        return cls.RowModel

    @classmethod
    def row_json_schema(cls, **kwargs: Any) -> dict[str, Any]:
        """JSON Schema of one row (``kwargs``: ``model_json_schema``'s)."""
        return cls.RowModel.model_json_schema(**kwargs)

    @classmethod
    def schema_json_schema(cls, **kwargs: Any) -> dict[str, Any]:
        """JSON Schema of the schema model (``kwargs``: ``model_json_schema``'s)."""
        return cls.schema_model().model_json_schema(**kwargs)

    # -- policies (pydantable.policies) ---------------------------------------------
    @classmethod
    def pydantable_policy(cls) -> dict[str, Any]:
        """The model's ``__pydantable__`` policy, merged along the MRO.

        Example:
            >>> class Base(DataFrameModel):
            ...     __pydantable__ = {"validation_profile": "batch_lenient"}
            ...     x: int
            >>> class Child(Base):
            ...     __pydantable__ = {"redact": True}
            >>> Child.pydantable_policy()
            {'validation_profile': 'batch_lenient', 'redact': True}
        """
        return model_policy(cls)

    @classmethod
    def column_policies(cls) -> dict[str, dict[str, Any]]:
        """Every column's policy (``strictness``, ``nested_strictness``, ``redact``)."""
        return {c.name: column_policy(c) for c in cls.__pydantable_schema__.columns()}

    @classmethod
    def column_policy(cls, name: str) -> dict[str, Any]:
        """One column's policy (``KeyError`` for an unknown column)."""
        schema = cls.__pydantable_schema__
        if name not in schema:
            msg = f"unknown column {name!r}; columns: {schema.names}"
            raise KeyError(msg)
        return column_policy(schema[name])

    @classmethod
    def _default_profile(cls) -> str | None:
        profile = model_policy(cls).get("validation_profile")
        return profile if isinstance(profile, str) else None

    @classmethod
    def examples(
        cls,
        n: int = 5,
        *,
        seed: int | None = None,
        overrides: Mapping[str, Any] | None = None,
    ) -> Self:
        """A frame of ``n`` generated rows that are valid for this model.

        Values follow the declared dtypes, nullability (some nulls in optional
        columns), ``Literal``/``Enum`` sets and ``Field`` constraints (bounds,
        ``multiple_of``, lengths, ``pattern``, decimal digits), with nested
        models, lists and maps; the same ``seed`` gives the same frame. The rows
        are validated like any input (``trusted_mode="off"``). ``overrides``
        maps a column to a value for every row, a list/tuple (the whole
        column) or a callable of the row index. No optional dependency is
        needed (see :mod:`pydantable.testing.examples`).

        Raises:
            pydantable.testing.examples.ExampleGenerationError: a column cannot
                be generated (it names the column; pass ``overrides``), or its
                custom validators refuse the generated values.
            pydantic.ValidationError: an override is invalid.

        Example:
            >>> from typing import Annotated
            >>> from pydantic import Field
            >>> class Users(DataFrameModel):
            ...     id: Annotated[int, Field(ge=1)]
            ...     email: Annotated[str, Field(pattern=r"^[a-z]{3,8}@example\\.com$")]
            ...     age: int | None
            >>> df = Users.examples(4, seed=7, overrides={"id": [1, 2, 3, 4]})
            >>> df.to_dict()["id"], len(df), df.to_dict() == Users.examples(4, seed=7, overrides={"id": [1, 2, 3, 4]}).to_dict()
            ([1, 2, 3, 4], 4, True)
        """
        from pydantable.testing.examples import ExampleGenerationError, example_columns

        schema = cls.__pydantable_schema__
        data = example_columns(schema, n, seed=seed, overrides=overrides)
        try:
            return cls(data, trusted_mode="off")
        except pydantic.ValidationError as exc:
            given = set(overrides or {})
            failed = sorted(
                {str(e["loc"][0]) for e in exc.errors() if e["loc"]} - given
            )
            if not failed:
                raise
            first = exc.errors()[0]["msg"]
            msg = (
                f"{cls.__name__}.examples(): the generated values of {failed[:5]} "
                f"fail validation ({first[:200]}); the generator does not follow "
                "custom validators (or regex syntax Python reads differently): "
                "pass overrides for these columns"
            )
            raise ExampleGenerationError(msg) from exc

    @classmethod
    def column_names(cls) -> list[str]:
        """The declared column names, in order."""
        return cls.__pydantable_schema__.names

    # -- schema contracts (pydantable.contracts) --------------------------------------
    @classmethod
    def to_polars_schema(cls) -> pl.Schema:
        """The ``polars.Schema`` of the declared columns (their stored dtypes).

        Example:
            >>> class Users(DataFrameModel):
            ...     id: int
            ...     tags: list[str] | None
            >>> Users.to_polars_schema()
            Schema([('id', Int64), ('tags', List(String))])
        """
        from pydantable.contracts import polars_schema

        return polars_schema(cls.__pydantable_schema__)

    @classmethod
    def to_arrow_schema(cls) -> pyarrow.Schema:
        """The ``pyarrow.Schema`` of the declared columns, nullability included
        (nested models are structs, ``dict[str, T]`` maps, ``Decimal`` keeps
        ``Field(max_digits, decimal_places)``, aware datetimes their zone).

        Raises:
            MissingOptionalDependency: pyarrow is missing (extra ``arrow``).

        Example:
            >>> class Users(DataFrameModel):
            ...     id: int
            ...     age: int | None
            >>> print(Users.to_arrow_schema())
            id: int64 not null
            age: int64
        """
        from pydantable.contracts import arrow_schema

        return arrow_schema(cls.__pydantable_schema__)

    @classmethod
    def to_sqlalchemy_table(
        cls,
        *,
        name: str | None = None,
        metadata: sqlalchemy.MetaData | None = None,
        primary_key: str | Sequence[str] | None = None,
        db_schema: str | None = None,
    ) -> sqlalchemy.Table:
        """A SQLAlchemy Core ``Table`` whose constraints enforce the model's rules.

        Columns are ``NOT NULL`` unless nullable; ``Literal``/``Enum`` sets,
        ``Field`` bounds and string lengths become ``CHECK`` constraints (see
        :mod:`pydantable.io.sql.ddl`); the types are ``write_sql``'s, so
        ``write_sql(..., table)`` writes into it. ``name`` defaults to the class
        name in snake case; the table is added to ``metadata`` (a new
        ``MetaData`` by default).

        Raises:
            MissingOptionalDependency: SQLAlchemy is missing (extra ``sql``).
            ValueError: a ``primary_key`` column is unknown or nullable, or
                ``metadata`` already has a table of that name.

        Example:
            >>> from typing import Literal
            >>> class Users(DataFrameModel):
            ...     id: int
            ...     role: Literal["admin", "user"]
            >>> table = Users.to_sqlalchemy_table(primary_key="id")
            >>> table.name, [c.name for c in table.primary_key.columns]
            ('users', ['id'])
        """
        from pydantable._dependencies import require

        require("sqlalchemy", extra="sql")
        from pydantable.io.sql.ddl import model_table, table_name_of

        return model_table(
            cls.__pydantable_schema__,
            name=table_name_of(cls.__name__) if name is None else name,
            metadata=metadata,
            primary_key=primary_key,
            db_schema=db_schema,
        )

    @classmethod
    def infer_from(
        cls, df: pl.DataFrame, *, name: str = "Inferred", literals: bool = False
    ) -> str:
        """The source code of a model class accepting the Polars frame ``df``
        (nullability from its null counts; see :func:`pydantable.infer_model`).

        Example:
            >>> import polars as pl
            >>> code = DataFrameModel.infer_from(pl.DataFrame({"id": [1, 2], "n": [None, 3]}))
            >>> print(code.splitlines()[-3:])
            ['class Inferred(DataFrameModel):', '    id: int', '    n: int | None']
        """
        from pydantable.contracts import infer_model

        return infer_model(df, name=name, literals=literals)

    @classmethod
    def diff(cls, other: type[BaseFrame], *, direction: str = "both") -> SchemaDiff:
        """How the schema of ``other`` (the new version) differs from this
        model's (the old one), each change labelled ``additive`` or ``breaking``
        for clients writing (``request``) and reading (``response``) frames; see
        :class:`pydantable.SchemaDiff` for the rules.

        Example:
            >>> class V1(DataFrameModel):
            ...     id: int
            >>> class V2(DataFrameModel):
            ...     id: int
            ...     email: str
            >>> d = V1.diff(V2)
            >>> d.is_breaking, d.added[0].request, d.added[0].response
            (True, 'breaking', 'additive')
        """
        from pydantable.contracts import diff_schemas

        schema = getattr(other, "__pydantable_schema__", None)
        if not isinstance(schema, FrameSchema):
            msg = (
                "diff() takes a DataFrameModel subclass or DataFrame[Schema] class; "
                f"got {other!r}"
            )
            raise TypeError(msg)
        return diff_schemas(
            cls.__pydantable_schema__,
            schema,
            direction=direction,
            old_name=cls.__name__,
            new_name=getattr(other, "__name__", repr(other)),
        )

    # -- Pydantic / FastAPI integration -------------------------------------------------
    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: pydantic.GetCoreSchemaHandler
    ) -> Any:
        """Make the class usable as a Pydantic field type, FastAPI body and response model.

        Input: an instance, or a columnar object ``{"col": [...]}`` or a list of
        row objects, validated by the vectorized ingest (errors located at
        ``(column, row)`` / ``(row, column)``). Output: columnar
        ``{"col": [...]}``. JSON Schema documents both input forms.

        Example:
            >>> import pydantic
            >>> class Users(DataFrameModel):
            ...     id: int
            ...     age: int | None
            >>> class Batch(pydantic.BaseModel):
            ...     users: Users
            >>> Batch.model_validate({"users": [{"id": "1"}]}).users.to_dict()
            {'id': [1], 'age': [None]}
            >>> Batch.model_validate({"users": {"id": [1]}}).model_dump()
            {'users': {'id': [1], 'age': [None]}}
        """
        if not hasattr(cls, "RowModel"):  # ``DataFrameModel`` itself: no columns
            msg = f"{cls.__name__} declares no columns: use a subclass as the type"
            raise pydantic.PydanticSchemaGenerationError(msg)
        columns_in, columns_out = _columns_models(cls)
        rows = list[cls.RowModel]  # type: ignore[name-defined]
        return core_schema.no_info_plain_validator_function(
            functools.partial(_validate_frame, cls),
            json_schema_input_schema=handler.generate_schema(
                typing.Union[columns_in, rows]  # noqa: UP007
            ),
            serialization=core_schema.plain_serializer_function_ser_schema(
                functools.partial(_serialize_frame, columns_out),
                return_schema=handler.generate_schema(columns_out),
            ),
        )


def _columns_models(
    cls: type[DataFrameModel],
) -> tuple[type[pydantic.BaseModel], type[pydantic.BaseModel]]:
    """``<M>Columns`` (input: keys as the row model reads them, optional columns
    may be omitted) and ``<M>ColumnsOut`` (output: every column, by name)."""
    found = cls.__dict__.get("__pydantable_columns_models__")
    if found is not None:
        return found  # type: ignore[no-any-return]
    fields_in: dict[str, Any] = {}
    fields_out: dict[str, Any] = {}
    for name, info in cls.RowModel.model_fields.items():
        item: Any = info.annotation
        if info.metadata:
            args = (info.annotation, *info.metadata)
            item = typing.Annotated[args]
        alias = next(
            (a for a in (info.validation_alias, info.alias) if isinstance(a, str)), None
        )
        extra: dict[str, Any] = {"description": info.description}
        if alias is not None and alias != name:
            extra["alias"] = alias
        column = cls.__pydantable_schema__[name]
        if info.is_required() and not column.nullable:
            fields_in[name] = (list[item], pydantic.Field(**extra))
        else:
            fields_in[name] = (list[item] | None, pydantic.Field(None, **extra))
        fields_out[name] = (list[item], pydantic.Field(description=info.description))
    # unknown keys: refused, or dropped as the row model drops them
    unknown: typing.Literal["ignore", "forbid"] = (
        "ignore" if ignores_extra(cls.RowModel) else "forbid"
    )
    config = pydantic.ConfigDict(extra=unknown, protected_namespaces=())
    config_out = pydantic.ConfigDict(extra="forbid", protected_namespaces=())
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message=".*shadows an attribute", category=UserWarning
        )
        models = (
            pydantic.create_model(
                f"{cls.__name__}Columns",
                __config__=config,
                __module__=cls.__module__,
                **fields_in,
            ),
            pydantic.create_model(
                f"{cls.__name__}ColumnsOut",
                __config__=config_out,
                __module__=cls.__module__,
                **fields_out,
            ),
        )
    cls.__pydantable_columns_models__ = models  # type: ignore[attr-defined]
    return models


def _validate_frame(cls: type[DataFrameModel], value: Any) -> Any:
    if isinstance(value, cls):
        return value
    if isinstance(value, BaseFrame):
        if value.schema == cls.__pydantable_schema__:
            return cls._from_plan(value._plan, value._height)
        value = value.to_polars()
    elif not isinstance(value, (dict, list)) and type(value).__module__.split(".")[
        0
    ] not in ("polars", "pyarrow", "pandas"):
        raise PydanticCustomError(
            "frame_type",
            "Input should be an object of columns or an array of row objects",
        )
    if isinstance(value, dict):
        # the keys are checked as a columnar body model checks them: per column
        # (``{}`` is no frame of no rows when columns are required)
        errors = column_key_errors(
            value,
            cls.__pydantable_schema__,
            ignore_extra=ignores_extra(cls.RowModel),
        )
        if errors:
            raise validation_error(
                cls.__name__, ({**e, "input": json_tokens(e["input"])} for e in errors)
            )
        value = {k: v for k, v in value.items() if v is not None}
    try:
        return cls(value)
    except pydantic.ValidationError as exc:
        # a NaN/Infinity input (JSON tokens Python's json reads) as its token:
        # an error answer holding the float could not be written as JSON
        raise with_json_tokens(exc) from None
    except (TypeError, ValueError) as exc:
        # the error type from the one table (pydantable._http_errors)
        rule = error_rule(exc)
        if rule is None or rule.error_type is None:
            raise
        raise PydanticCustomError(rule.error_type, str(exc)) from None


def _serialize_frame(columns_out: type[pydantic.BaseModel], value: Any) -> Any:
    if isinstance(value, BaseFrame):
        # an unvalidated instance: the frame's values are already valid
        return columns_out.model_construct(None, **value.to_dict())
    return value


def _root_name(cls: type[DataFrameModel]) -> str:
    return getattr(cls, "__pydantable_root__", cls.__name__)


_DERIVED: dict[tuple[str, str], type[DataFrameModel]] = {}


def derived_model(schema: FrameSchema, root: str = "Frame") -> type[DataFrameModel]:
    """The DataFrameModel subclass for a derived schema (cached by structure).

    The class name carries a digest of the schema, so it is the same in every
    process.
    """
    key = (root, schema.identity())
    found = _DERIVED.get(key)
    if found is not None and found.__pydantable_schema__ == schema:
        return found  # (equal: the same nested model classes, not only their names)
    digest = hashlib.sha1(repr(schema).encode()).hexdigest()[:8]
    name = f"{root}_{digest}"
    metaclass: Any = type(DataFrameModel)
    cls: type[DataFrameModel] = metaclass(
        name, (DataFrameModel,), {"__module__": __name__}, _schema=schema
    )
    cls.__pydantable_root__ = root  # type: ignore[attr-defined]
    _DERIVED[key] = cls
    return cls


register_derived_frames(derived_model)
