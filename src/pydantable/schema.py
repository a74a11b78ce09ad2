"""Schemas: ordered, immutable column specifications derived from annotations.

A :class:`Column` pairs a name with a :class:`~pydantable.dtypes.DType`, a
nullability flag and the Pydantic annotation/``FieldInfo`` that validates one
cell. A :class:`FrameSchema` is an ordered tuple of columns. :func:`column_from_annotation`
maps a Python annotation (``int``, ``date | None``, ``list[str]``, nested
``BaseModel`` ...) to a column and raises ``TypeError`` for unsupported types.

Example:
    >>> from pydantable.schema import column_from_annotation
    >>> column_from_annotation("age", int | None)
    Column('age', Int64, nullable=True)
"""

from __future__ import annotations

import ast
import builtins
import datetime as _dt
import decimal as _decimal
import enum as _enum
import hashlib
import inspect
import ipaddress as _ipaddress
import types
import typing
import uuid as _uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from functools import cache
from typing import Annotated, Any

import annotated_types as at
import pydantic
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from pydantable import dtypes as dt
from pydantable.scalars import base_type

__all__ = [
    "Column",
    "Constraints",
    "FrameSchema",
    "column_from_annotation",
    "resolve_annotation",
]

_SCALARS: dict[Any, type[dt.DType]] = {
    int: dt.Int64,
    float: dt.Float64,
    bool: dt.Boolean,
    str: dt.String,
    bytes: dt.Binary,
    _dt.date: dt.Date,
    _dt.time: dt.Time,
    _dt.timedelta: dt.Duration,
    _uuid.UUID: dt.UUID,
    _ipaddress.IPv4Address: dt.IPv4,
    _ipaddress.IPv6Address: dt.IPv6,
}


@dataclass(frozen=True)
class Constraints:
    """Cell constraints of a column, as understood by vectorized validation.

    ``opaque`` is set when the annotation carries validation logic that only
    Pydantic can run (custom validators, string transforms, ...): such columns
    are validated by Pydantic as a whole.
    """

    ge: Any = None
    gt: Any = None
    le: Any = None
    lt: Any = None
    multiple_of: Any = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    max_digits: int | None = None
    decimal_places: int | None = None
    strict: bool = False
    opaque: bool = False

    def any_bounds(self) -> bool:
        """Whether a value-range or length constraint is present."""
        return any(
            v is not None
            for v in (
                self.ge,
                self.gt,
                self.le,
                self.lt,
                self.multiple_of,
                self.min_length,
                self.max_length,
                self.pattern,
            )
        )


_CONSTRAINT_TYPES: dict[type, str] = {
    at.Ge: "ge",
    at.Gt: "gt",
    at.Le: "le",
    at.Lt: "lt",
    at.MultipleOf: "multiple_of",
    at.MinLen: "min_length",
    at.MaxLen: "max_length",
}


def _collect_constraints(metadata: list[Any]) -> Constraints:
    found: dict[str, Any] = {}
    for item in metadata:
        kind = _CONSTRAINT_TYPES.get(type(item))
        if kind is not None:
            found[kind] = getattr(item, kind)
        elif isinstance(item, pydantic.Strict):
            found["strict"] = bool(item.strict)
        elif type(item).__name__ == "_PydanticGeneralMetadata":
            for key in ("pattern", "max_digits", "decimal_places", "strict"):
                value = getattr(item, key, None)
                if value is not None:
                    found[key] = value
            extra = set(vars(item)) - {
                "pattern",
                "max_digits",
                "decimal_places",
                "strict",
                "allow_inf_nan",
            }
            if extra or getattr(item, "allow_inf_nan", None) is not None:
                found["opaque"] = True
        elif isinstance(item, FieldInfo):
            nested = _collect_constraints(list(item.metadata))
            found.update(
                {
                    k: v
                    for k, v in vars(nested).items()
                    if v is not None and v is not False
                }
            )
        elif isinstance(item, at.Timezone):
            continue
        else:
            found["opaque"] = True
    if isinstance(found.get("pattern"), typing.Pattern):
        found["pattern"] = found["pattern"].pattern
    return Constraints(**found)


@dataclass(frozen=True)
class Column:
    """One column of a schema.

    Attributes:
        name: The column (Python field) name.
        dtype: The column's engine-neutral dtype.
        nullable: Whether cells may be null.
        annotation: The Pydantic annotation validating one cell (``T | None``
            included when nullable).
        field: The declaring ``FieldInfo`` (default, aliases, constraints), if any.
    """

    name: str
    dtype: dt.DType
    nullable: bool
    annotation: Any = dc_field(compare=False)
    field: FieldInfo | None = dc_field(default=None, compare=False)
    constraints: Constraints = dc_field(default_factory=Constraints, compare=False)

    def __repr__(self) -> str:
        null = ", nullable=True" if self.nullable else ""
        return f"Column({self.name!r}, {self.dtype!r}{null})"

    @property
    def has_default(self) -> bool:
        """Whether the declaring field provides a default value."""
        return self.field is not None and not self.field.is_required()

    def default_value(self) -> Any:
        """The field default (``None`` for optional columns without one)."""
        if self.field is not None and not self.field.is_required():
            return self.field.get_default(call_default_factory=True)
        return None

    @property
    def python_type(self) -> Any:
        """The plain Python annotation of a cell (``int``, ``float | None`` ...)."""
        base = self.dtype.python_type()
        return base | None if self.nullable else base

    def renamed(self, name: str) -> Column:
        """The same column under another name (aliases are dropped)."""
        return Column(name, self.dtype, self.nullable, self.annotation)

    def with_nullable(self, nullable: bool) -> Column:
        """The same column with another nullability (constraints kept)."""
        if nullable == self.nullable:
            return self
        return derived_column(self.name, self.dtype, nullable)


def derived_column(name: str, dtype: dt.DType, nullable: bool) -> Column:
    """A column produced by a transform: annotation rebuilt from the dtype.

    Raises:
        TypeError: ``dtype`` is the dtype of an untyped ``None`` literal.
    """
    if dtype.name == "Null":
        msg = (
            f"column {name!r} would have no dtype (an untyped None): use "
            "lit(None, dtype) or Literal(value=None).cast(dtype)"
        )
        raise TypeError(msg)
    annotation = dt.python_annotation(dtype)
    if nullable:
        annotation = annotation | None
    return Column(name, dtype, nullable, annotation)


class FrameSchema(Mapping[str, Column]):
    """An ordered, immutable mapping of column name to :class:`Column`."""

    __slots__ = ("_columns", "_fingerprint", "_memo")

    def __init__(self, columns: tuple[Column, ...] | list[Column]) -> None:
        cols = tuple(columns)
        names = [c.name for c in cols]
        if len(set(names)) != len(names):
            dupes = sorted({n for n in names if names.count(n) > 1})
            msg = f"duplicate column names: {dupes}"
            raise ValueError(msg)
        self._columns: dict[str, Column] = {c.name: c for c in cols}
        self._fingerprint: str | None = None
        self._memo: dict[str, Any] = {}

    def memo(self, key: str, factory: Callable[[FrameSchema], Any]) -> Any:
        """``factory(self)``, computed once per schema and key (derived data cache)."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = factory(self)
            return value

    def __getitem__(self, name: str) -> Column:
        return self._columns[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._columns)

    def __len__(self) -> int:
        return len(self._columns)

    def __repr__(self) -> str:
        inner = ", ".join(
            f"{c.name}: {c.dtype!r}{' | None' if c.nullable else ''}"
            for c in self._columns.values()
        )
        return f"FrameSchema({{{inner}}})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FrameSchema):
            return NotImplemented
        return tuple(self._columns.values()) == tuple(other._columns.values())

    def __hash__(self) -> int:
        return hash(tuple(self._columns.values()))

    @property
    def names(self) -> list[str]:
        """Column names in order."""
        return list(self._columns)

    def columns(self) -> tuple[Column, ...]:
        """The columns in order."""
        return tuple(self._columns.values())

    def identity(self) -> str:
        """What makes two schemas validate alike: :meth:`fingerprint` plus each
        column's annotation and constraints (a cache key for derived frame
        classes: two schemas equal as dtypes but with different constraints or
        annotation classes must not share a class)."""
        return str(self.memo("identity", _identity))

    def fingerprint(self) -> str:
        """A stable (cross-process) digest of names, dtypes and nullability.

        The nested model classes of struct columns count (by qualified name):
        two schemas that differ only in them have different row models.
        """
        if self._fingerprint is None:
            text = repr(
                [
                    (c.name, repr(c.dtype), c.nullable, _struct_models(c.dtype))
                    for c in self._columns.values()
                ]
            )
            self._fingerprint = hashlib.sha1(text.encode()).hexdigest()[:10]
        return self._fingerprint


def _identity(schema: FrameSchema) -> str:
    parts = [
        (c.name, repr(c.dtype), c.nullable, repr(c.annotation), repr(c.constraints))
        for c in schema.columns()
    ]
    return hashlib.sha1(repr(parts).encode()).hexdigest()


def _struct_models(dtype: dt.DType) -> tuple[str, ...]:
    """The qualified names of the model classes of the structs inside ``dtype``."""
    if isinstance(dtype, dt.List):
        return _struct_models(dtype.inner)
    if isinstance(dtype, dt.Map):
        return _struct_models(dtype.value)
    if isinstance(dtype, dt.Struct):
        own = (
            ()
            if dtype.model is None
            else (f"{dtype.model.__module__}.{dtype.model.__qualname__}",)
        )
        return own + tuple(n for f in dtype.fields for n in _struct_models(f.dtype))
    return ()


# -- annotation parsing ---------------------------------------------------------


def _unwrap_annotated(tp: Any) -> tuple[Any, list[Any]]:
    metadata: list[Any] = []
    while typing.get_origin(tp) is Annotated:
        metadata.extend(tp.__metadata__)
        tp = tp.__origin__
    return tp, metadata


def _split_optional(tp: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        nullable = len(args) < len(typing.get_args(tp))
        if len(args) == 1:
            return args[0], nullable
        msg = "unions other than `T | None` are not supported"
        raise TypeError(msg)
    return tp, False


def _parse(tp: Any, metadata: list[Any]) -> tuple[dt.DType, bool, list[Any]]:
    """Map one annotation to (dtype, nullable, metadata)."""
    tp, more = _unwrap_annotated(tp)
    metadata = metadata + more
    tp, nullable = _split_optional(tp)
    tp, more = _unwrap_annotated(tp)
    metadata = metadata + more
    return _dtype_of(tp, metadata), nullable, metadata


def _dtype_of(tp: Any, metadata: list[Any]) -> dt.DType:
    if tp in (pydantic.AwareDatetime,):
        return dt.Datetime("UTC")
    if tp in (pydantic.NaiveDatetime,):
        return dt.Datetime(None)
    if tp is _dt.datetime:
        tz = next((m.tz for m in metadata if isinstance(m, at.Timezone)), None)
        if tz is Ellipsis:
            tz = "UTC"
        if tz is not None and not isinstance(tz, str):
            tz = str(tz)
        return dt.Datetime(tz)
    if tp is _decimal.Decimal:
        cons = _collect_constraints(metadata)
        if cons.max_digits is not None and cons.decimal_places is not None:
            precision, scale = cons.max_digits, cons.decimal_places
        elif cons.decimal_places is not None:
            precision, scale = 38, cons.decimal_places
        else:
            # any value within max_digits (or within the default 38 digits) with
            # at most 9 decimal places is stored exactly
            precision, scale = 38, min(9, cons.max_digits or 9)
        if precision > 38 or scale > precision:
            msg = (
                f"Decimal(max_digits={precision}, decimal_places={scale}): columns "
                "hold at most 38 digits, with decimal_places <= max_digits"
            )
            raise TypeError(msg)
        return dt.Decimal(precision, scale)
    scalar = _SCALARS.get(tp)
    if scalar is not None:
        return scalar()
    registered = base_type(tp)
    if registered is not None:  # a registered subclass: stored as its base
        return _SCALARS[registered]()
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        values = typing.get_args(tp)
        literal = dt.Literal(tuple(values))
        literal.storage()  # raises TypeError for mixed value types
        return literal
    if isinstance(tp, type) and issubclass(tp, _enum.Enum):
        enum_dtype = dt.Enum(tp)
        enum_dtype.storage()
        return enum_dtype
    if origin is list:
        args = typing.get_args(tp)
        if len(args) != 1:
            msg = "bare `list` is not supported; use list[T]"
            raise TypeError(msg)
        inner, inner_nullable, _ = _parse(args[0], [])
        return dt.List(inner, inner_nullable)
    if tp is list:
        msg = "bare `list` is not supported; use list[T]"
        raise TypeError(msg)
    if origin is dict:
        key, value = typing.get_args(tp) or (None, None)
        if key is not str:
            msg = "maps need `str` keys: use dict[str, T]"
            raise TypeError(msg)
        value_dtype, value_nullable, _ = _parse(value, [])
        return dt.Map(value_dtype, value_nullable)
    if tp is dict:
        msg = "bare `dict` is not supported; use dict[str, T]"
        raise TypeError(msg)
    if isinstance(tp, type) and issubclass(tp, pydantic.BaseModel):
        return _struct_of(tp)
    msg = f"unsupported column type {tp!r}"
    raise TypeError(msg)


_STRUCTS_IN_PROGRESS: set[type[pydantic.BaseModel]] = set()


@cache
def _struct_of(model: type[pydantic.BaseModel]) -> dt.Struct:
    if model in _STRUCTS_IN_PROGRESS:
        msg = f"recursive model {model.__name__} has no fixed struct dtype"
        raise TypeError(msg)
    _STRUCTS_IN_PROGRESS.add(model)
    try:
        fields = []
        for name, info in model.model_fields.items():
            try:
                dtype, nullable, _ = _parse(info.annotation, list(info.metadata))
            except TypeError as exc:
                msg = f"field {model.__name__}.{name}: {exc}"
                raise TypeError(msg) from None
            fields.append(dt.StructField(name, dtype, nullable))
    finally:
        _STRUCTS_IN_PROGRESS.discard(model)
    return dt.Struct(tuple(fields), model)


def column_from_annotation(
    name: str, annotation: Any, field_info: FieldInfo | None = None
) -> Column:
    """Build a :class:`Column` from a field annotation (and optional ``FieldInfo``).

    Raises:
        TypeError: the annotation is not a supported column type; the message
            names the field.
    """
    metadata = list(field_info.metadata) if field_info is not None else []
    try:
        dtype, nullable, all_metadata = _parse(annotation, metadata)
    except TypeError as exc:
        msg = f"field {name!r} has unsupported type {annotation!r}: {exc}"
        raise TypeError(msg) from None
    return Column(
        name,
        dtype,
        nullable,
        _storage_annotation(annotation, dtype, nullable, all_metadata),
        field_info,
        _collect_constraints(all_metadata),
    )


def _storage_annotation(
    annotation: Any,
    dtype: dt.DType,
    nullable: bool,
    metadata: list[Any],
    *,
    nested: bool = False,
) -> Any:
    """The cell annotation, tightened to what the column can store.

    A plain ``datetime`` column is naive (aware input is rejected the way
    ``NaiveDatetime`` rejects it); a tz column takes aware values; a ``Decimal``
    without declared precision gets the column's ``(38, 9)`` bounds.
    """
    base: Any
    if isinstance(dtype, (dt.List, dt.Map)):
        tightened = _tighten(annotation, dtype)
        if tightened is annotation:
            return annotation
        return tightened
    if isinstance(dtype, dt.Time):
        base = _dt.time
        metadata = [*metadata, _NAIVE_TIME]
    elif isinstance(dtype, dt.Datetime):
        metadata = [m for m in metadata if not isinstance(m, at.Timezone)]
        if dtype.tz:
            base = pydantic.AwareDatetime
        elif nested or _declared_base(annotation) is pydantic.NaiveDatetime:
            base = pydantic.NaiveDatetime  # (list items stay naive-only)
        else:  # a plain datetime: aware values are taken as their UTC time
            base = _dt.datetime
            metadata = [*metadata, UTC_NAIVE]
    elif isinstance(dtype, dt.Decimal):
        cons = _collect_constraints(metadata)
        if cons.max_digits is not None and cons.decimal_places is not None:
            return annotation
        max_digits = dtype.precision if cons.max_digits is None else None
        places = (
            dtype.scale
            if cons.decimal_places is None and (cons.max_digits or 38) > dtype.scale
            else None
        )
        if max_digits is None and places is None:
            return annotation
        base = _decimal.Decimal
        bound = pydantic.Field(max_digits=max_digits, decimal_places=places)
        metadata = [*metadata, bound]
    else:
        return annotation
    rebuilt = annotated(base, metadata)
    return rebuilt | None if nullable else rebuilt


def _declared_base(annotation: Any) -> Any:
    """``annotation`` without ``Annotated`` and ``| None``."""
    base, _ = _unwrap_annotated(annotation)
    base, _ = _split_optional(base)
    base, _ = _unwrap_annotated(base)
    return base


def _utc_naive(value: _dt.datetime) -> _dt.datetime:
    """An aware datetime as its naive UTC time (the same instant); naive as is."""
    if value.tzinfo is None or value.utcoffset() is None:
        return value
    return value.astimezone(_dt.timezone.utc).replace(tzinfo=None)


#: A plain ``datetime`` column holds naive values: an aware one (accepted, as
#: Pydantic accepts it) is stored as its UTC time, so the instant is kept.
#: ``NaiveDatetime`` still rejects aware values; ``AwareDatetime`` and
#: ``Annotated[datetime, Timezone(...)]`` columns keep their zone.
UTC_NAIVE = pydantic.AfterValidator(_utc_naive)


def takes_aware_as_utc(column: Column) -> bool:
    """Whether ``column`` is a plain ``datetime`` column (naive storage) whose
    aware input is stored as UTC (see :data:`UTC_NAIVE`)."""
    if not isinstance(column.dtype, dt.Datetime) or column.dtype.tz is not None:
        return False
    _, metadata = _unwrap_annotated(_declared_base_keep(column.annotation))
    return any(m is UTC_NAIVE for m in metadata)


def _declared_base_keep(annotation: Any) -> Any:
    """``annotation`` without ``| None`` (``Annotated`` kept)."""
    base, _ = _split_optional(annotation)
    return base


def _naive_time(value: _dt.time) -> _dt.time:
    if value.tzinfo is not None:
        raise PydanticCustomError(
            "timezone_naive", "Input should not have timezone info"
        )
    return value


#: Time columns hold naive times (Polars ``Time`` has no zone): aware input is
#: rejected the way ``NaiveDatetime`` rejects aware datetimes.
_NAIVE_TIME = pydantic.AfterValidator(_naive_time)


def _tighten(tp: Any, dtype: dt.DType) -> Any:
    """``tp`` with the storage bounds of ``dtype`` applied to nested leaves.

    Returns ``tp`` itself when nothing changes (so plain annotations stay as the
    user wrote them).
    """
    inner_tp, metadata = _unwrap_annotated(tp)
    inner_tp, nullable = _split_optional(inner_tp)
    inner_tp, more = _unwrap_annotated(inner_tp)
    metadata = metadata + more
    if isinstance(dtype, dt.List) and typing.get_origin(inner_tp) is list:
        (item,) = typing.get_args(inner_tp)
        new_item = _tighten(item, dtype.inner)
        if new_item is item:
            return tp
        rebuilt: Any = list[new_item]  # type: ignore[valid-type]
    elif isinstance(dtype, dt.Map) and typing.get_origin(inner_tp) is dict:
        key, value = typing.get_args(inner_tp)
        new_value = _tighten(value, dtype.value)
        if new_value is value:
            return tp
        rebuilt = dict[key, new_value]  # type: ignore[valid-type]
    elif isinstance(dtype, (dt.Datetime, dt.Time, dt.Decimal)):
        leaf_nullable = nullable
        rebuilt = _storage_annotation(inner_tp, dtype, False, metadata, nested=True)
        if rebuilt is inner_tp:
            return tp
        return rebuilt | None if leaf_nullable else rebuilt
    else:
        return tp
    rebuilt = annotated(rebuilt, metadata)
    return rebuilt | None if nullable else rebuilt


def annotated(base: Any, metadata: list[Any]) -> Any:
    """``Annotated[base, *metadata]`` (just ``base`` without metadata)."""
    if not metadata:
        return base
    params = (base, *metadata)
    return Annotated[params]


# -- string annotations ------------------------------------------------------------


#: Objects a string annotation may subscript: the builtin generics and the
#: typing constructs (``Optional``, ``Literal``, ``Annotated`` ...).
_SUBSCRIPTABLE_MODULES = frozenset(
    {"builtins", "typing", "typing_extensions", "collections.abc", "types"}
)


@cache
def _safe_calls() -> frozenset[Any]:
    """The constructors a string annotation may call: Pydantic's field and
    metadata types, the ``annotated_types`` constraints and the value types
    their arguments take (pure library code, no user code)."""
    names = [
        "Field",
        "AfterValidator",
        "BeforeValidator",
        "PlainValidator",
        "WrapValidator",
        "StringConstraints",
        "Strict",
        "FailFast",
        "WithJsonSchema",
        "PlainSerializer",
        "WrapSerializer",
        "UrlConstraints",
        "conint",
        "confloat",
        "constr",
        "conbytes",
        "conlist",
        "conset",
        "confrozenset",
        "condecimal",
        "condate",
        "AllowInfNan",
    ]
    found: set[Any] = {getattr(pydantic, n) for n in names if hasattr(pydantic, n)}
    found |= {
        getattr(at, n)
        for n in [
            "Gt",
            "Ge",
            "Lt",
            "Le",
            "Interval",
            "MultipleOf",
            "MinLen",
            "MaxLen",
            "Len",
            "Timezone",
            "Unit",
            "Predicate",
        ]
        if hasattr(at, n)
    }
    found |= {
        _decimal.Decimal,
        _dt.date,
        _dt.datetime,
        _dt.time,
        _dt.timedelta,
        _uuid.UUID,
        _dt.timezone,
    }
    return frozenset(found)


def resolve_annotation(annotation: Any, namespaces: Sequence[Mapping[str, Any]]) -> Any:
    """The object a (string) annotation names, resolved without evaluating code.

    A string (``from __future__ import annotations``, or a quoted forward
    reference, also inside ``list["Geo"]``) is parsed, and only names,
    attributes of modules and classes, subscripts of typing constructs and
    builtin generics, ``X | Y`` unions, literal constants and ``...`` are
    resolved: names are looked up in ``namespaces`` (in order), then the
    builtins. The only calls made are of Pydantic's field and metadata
    constructors (``Field(ge=0)``, ``annotated_types.Gt(1)``, ``constr(...)``,
    ``Decimal("1")`` ...) with constant or resolved arguments; any other call
    is refused, never made, so an annotation such as ``"_flip()"`` runs no code.

    Raises:
        TypeError: the annotation is not a type expression (a call, an operator,
            a comprehension ...) or names something that does not exist; the
            message says ``unsupported type``.

    Example:
        >>> import datetime
        >>> resolve_annotation("list[datetime.date] | None", [{"datetime": datetime}])
        list[datetime.date] | None
        >>> resolve_annotation("print('hi')", [])
        Traceback (most recent call last):
        ...
        TypeError: unsupported type "print('hi')": a call is not a type (string annotations are resolved, never evaluated)
    """
    if isinstance(annotation, typing.ForwardRef):
        annotation = annotation.__forward_arg__
    if isinstance(annotation, str):
        try:
            tree = ast.parse(annotation.strip(), mode="eval")
        except SyntaxError:
            msg = f"unsupported type {annotation!r}: not a type expression"
            raise TypeError(msg) from None
        return _Resolver(annotation, namespaces).resolve(tree.body)
    return _resolve_nested(annotation, namespaces)


def _resolve_nested(annotation: Any, namespaces: Sequence[Mapping[str, Any]]) -> Any:
    """``annotation`` with the forward references inside it (``list["Geo"]``) resolved."""
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if not args or origin is typing.Literal:
        return annotation
    if not any(
        isinstance(a, (str, typing.ForwardRef)) or typing.get_args(a) for a in args
    ):
        return annotation
    if origin is Annotated:
        inner = resolve_annotation(args[0], namespaces)
        return annotated(inner, list(annotation.__metadata__))
    resolved = tuple(resolve_annotation(a, namespaces) for a in args)
    if resolved == args:
        return annotation
    if origin is typing.Union or origin is types.UnionType:
        return typing.Union[resolved]  # noqa: UP007 - built from a tuple of args
    if isinstance(annotation, types.GenericAlias):
        return types.GenericAlias(origin, resolved)
    try:
        return annotation.copy_with(resolved)
    except AttributeError:
        msg = f"unsupported type {annotation!r}: cannot resolve its forward references"
        raise TypeError(msg) from None


class _Resolver:
    """Resolves the AST of one string annotation (see :func:`resolve_annotation`)."""

    def __init__(self, text: str, namespaces: Sequence[Mapping[str, Any]]) -> None:
        self.text = text
        self.namespaces = namespaces

    def fail(self, why: str) -> TypeError:
        return TypeError(
            f"unsupported type {self.text!r}: {why} (string annotations are "
            "resolved, never evaluated)"
        )

    def resolve(self, node: ast.expr, *, literal: bool = False) -> Any:
        if isinstance(node, ast.Constant):
            if literal or node.value is None or node.value is Ellipsis:
                return node.value
            if isinstance(node.value, str):  # a nested forward reference
                return resolve_annotation(node.value, self.namespaces)
            raise self.fail(f"the constant {node.value!r} is not a type")
        if isinstance(node, ast.Name):
            return self.name(node.id)
        if isinstance(node, ast.Attribute):
            return self.attribute(self.resolve(node.value), node.attr)
        if isinstance(node, ast.Subscript):
            return self.subscript(node)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            return self.union(self.resolve(node.left), self.resolve(node.right))
        if isinstance(node, ast.Call):
            return self.call(node)
        if literal:
            return self.value(node)
        raise self.fail(f"{type(node).__name__} is not a type")

    def call(self, node: ast.Call) -> Any:
        """A call of one of the known field-metadata constructors
        (``pydantic.Field(ge=0)``, ``annotated_types.Gt(1)``, ``constr(...)`` ...)
        whose arguments are constants, names or such calls; any other call is
        refused (never made)."""
        func = self.resolve(node.func)
        if func not in _safe_calls():
            raise self.fail("a call is not a type")
        if any(isinstance(a, ast.Starred) for a in node.args) or any(
            k.arg is None for k in node.keywords
        ):
            raise self.fail("* and ** arguments are not allowed")
        args = [self.value(a) for a in node.args]
        kwargs = {str(k.arg): self.value(k.value) for k in node.keywords}
        return func(*args, **kwargs)

    def value(self, node: ast.expr) -> Any:
        """An argument of a metadata call: a constant (also negative, or a
        list/tuple/set/dict of them), a name, an attribute or a known call."""
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            operand = self.value(node.operand)
            if isinstance(operand, (int, float, _decimal.Decimal)) and not isinstance(
                operand, bool
            ):
                return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            items = [self.value(e) for e in node.elts]
            kind = {ast.List: list, ast.Tuple: tuple, ast.Set: set}[type(node)]
            return kind(items)
        if isinstance(node, ast.Dict) and None not in node.keys:
            return {
                self.value(k): self.value(v)  # type: ignore[arg-type]
                for k, v in zip(node.keys, node.values, strict=True)
            }
        if isinstance(node, (ast.Name, ast.Attribute, ast.Subscript, ast.Call)):
            return self.resolve(node)
        raise self.fail(f"{type(node).__name__} is not a constant")

    def name(self, name: str) -> Any:
        for namespace in self.namespaces:
            if name in namespace:
                return namespace[name]
        if hasattr(builtins, name) and not name.startswith("_"):
            return getattr(builtins, name)
        raise self.fail(f"name {name!r} is not defined")

    def attribute(self, owner: Any, attr: str) -> Any:
        if attr.startswith("__"):
            raise self.fail(f"attribute {attr!r} is not a type")
        try:
            if isinstance(owner, types.ModuleType):
                return getattr(owner, attr)
            if isinstance(owner, type):
                return inspect.getattr_static(owner, attr)
        except AttributeError:
            raise self.fail(f"{owner!r} has no attribute {attr!r}") from None
        raise self.fail(f"attributes of {type(owner).__name__} values are not types")

    def subscript(self, node: ast.Subscript) -> Any:
        owner = self.resolve(node.value)
        if getattr(owner, "__pydantable_column__", False) is True:
            return self.resolve(node.slice)  # ``Col[T]`` (pydantable.typing) is T
        module = getattr(owner, "__module__", None) or type(owner).__module__
        if module not in _SUBSCRIPTABLE_MODULES:
            raise self.fail(f"{owner!r} cannot be subscripted in an annotation")
        literal = owner is typing.Literal
        parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if owner is Annotated and parts:  # metadata: constants and names only
            args = [self.resolve(parts[0])]
            args += [self.resolve(p, literal=True) for p in parts[1:]]
        elif isinstance(node.slice, ast.List):  # Callable[[...], ...] and the like
            raise self.fail("a list is not a type")
        else:
            args = [self.resolve(p, literal=literal) for p in parts]
        try:
            return owner[tuple(args) if len(args) > 1 else args[0]]
        except TypeError as exc:
            raise self.fail(str(exc)) from None

    def union(self, left: Any, right: Any) -> Any:
        for side in (left, right):
            if not (side is None or isinstance(side, type) or typing.get_origin(side)):
                raise self.fail(f"{side!r} is not a type")
        if all(
            side is None or type(side) in (type, types.GenericAlias, types.UnionType)
            for side in (left, right)
        ):  # builtin ``|``: no user code runs
            return left | right
        return typing.Union[left, right]  # noqa: UP007 - typing objects may lack `|`
