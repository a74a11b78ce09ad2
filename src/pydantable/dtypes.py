"""Column data types: the engine-neutral type system of pydantable.

Every column of a schema has a :class:`DType` and a nullability flag. Dtypes are
small frozen value objects, independent of any engine; each engine lowering
(``pydantable.engines``) maps them to its own types.

Example:
    >>> from pydantable import dtypes
    >>> dtypes.List(dtypes.Int64(), inner_nullable=True)
    List(Int64, inner_nullable=True)
    >>> dtypes.Datetime("UTC").is_temporal()
    True
"""

from __future__ import annotations

import datetime as _dt
import decimal as _decimal
import enum as _enum
import hashlib
import ipaddress as _ipaddress
import typing
import uuid as _uuid
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, ClassVar

import pydantic

from pydantable.scalars import (
    ScalarBaseName,
    get_registered_scalar_base,
    list_registered_scalars,
    register_scalar,
    reset_registry_for_tests,
)

__all__ = [
    "UUID",
    "Binary",
    "Boolean",
    "DType",
    "Date",
    "Datetime",
    "Decimal",
    "Duration",
    "Enum",
    "Float64",
    "IPv4",
    "IPv6",
    "Int64",
    "List",
    "Literal",
    "Map",
    "ScalarBaseName",
    "String",
    "Struct",
    "StructField",
    "Time",
    "get_registered_scalar_base",
    "list_registered_scalars",
    "python_annotation",
    "register_scalar",
    "reset_registry_for_tests",
    "struct_model",
]


@dataclass(frozen=True)
class DType:
    """Base class of all column dtypes."""

    name: ClassVar[str] = "DType"

    def __repr__(self) -> str:
        return self.name

    # -- classification ------------------------------------------------------
    def is_numeric(self) -> bool:
        """Whether arithmetic is defined on this dtype."""
        return isinstance(self, (Int64, Float64, Decimal))

    def is_integer(self) -> bool:
        """Whether this is an integer dtype."""
        return isinstance(self, Int64)

    def is_float(self) -> bool:
        """Whether this is a floating point dtype."""
        return isinstance(self, Float64)

    def is_temporal(self) -> bool:
        """Whether this is a date, time, datetime or duration dtype."""
        return isinstance(self, (Date, Datetime, Time, Duration))

    def is_nested(self) -> bool:
        """Whether this dtype contains other dtypes (list, struct, map)."""
        return isinstance(self, (List, Struct, Map))

    def is_orderable(self) -> bool:
        """Whether ``<``/``>`` comparisons are defined on this dtype."""
        return not isinstance(self, (List, Struct, Map, Binary))

    def storage(self) -> DType:
        """The dtype that physically stores this one (semantic types map to a base)."""
        return self

    def python_type(self) -> Any:
        """The Python annotation that values of this dtype validate as."""
        return object


@dataclass(frozen=True, repr=False)
class Int64(DType):
    """The ``int`` column dtype."""

    name: ClassVar[str] = "Int64"

    def python_type(self) -> Any:
        return int


@dataclass(frozen=True, repr=False)
class Float64(DType):
    """The ``float`` column dtype."""

    name: ClassVar[str] = "Float64"

    def python_type(self) -> Any:
        return float


@dataclass(frozen=True, repr=False)
class Boolean(DType):
    """The ``bool`` column dtype."""

    name: ClassVar[str] = "Boolean"

    def python_type(self) -> Any:
        return bool


@dataclass(frozen=True, repr=False)
class String(DType):
    """The ``str`` column dtype."""

    name: ClassVar[str] = "String"

    def python_type(self) -> Any:
        return str


@dataclass(frozen=True, repr=False)
class Binary(DType):
    """The ``bytes`` column dtype."""

    name: ClassVar[str] = "Binary"

    def python_type(self) -> Any:
        return bytes


@dataclass(frozen=True, repr=False)
class Date(DType):
    """The ``date`` column dtype."""

    name: ClassVar[str] = "Date"

    def python_type(self) -> Any:
        return _dt.date


@dataclass(frozen=True, repr=False)
class Time(DType):
    """The ``time`` column dtype."""

    name: ClassVar[str] = "Time"

    def python_type(self) -> Any:
        return _dt.time


@dataclass(frozen=True, repr=False)
class Duration(DType):
    """The ``timedelta`` column dtype."""

    name: ClassVar[str] = "Duration"

    def python_type(self) -> Any:
        return _dt.timedelta


@dataclass(frozen=True, repr=False)
class UUID(DType):
    """The ``UUID`` column dtype (stored as its canonical string)."""

    name: ClassVar[str] = "UUID"

    def storage(self) -> DType:
        return String()

    def python_type(self) -> Any:
        return _uuid.UUID


@dataclass(frozen=True, repr=False)
class IPv4(DType):
    """The ``IPv4Address`` column dtype (stored as its canonical string)."""

    name: ClassVar[str] = "IPv4"

    def storage(self) -> DType:
        return String()

    def python_type(self) -> Any:
        return _ipaddress.IPv4Address


@dataclass(frozen=True, repr=False)
class IPv6(DType):
    """The ``IPv6Address`` column dtype (stored as its canonical string)."""

    name: ClassVar[str] = "IPv6"

    def storage(self) -> DType:
        return String()

    def python_type(self) -> Any:
        return _ipaddress.IPv6Address


@dataclass(frozen=True, repr=False)
class Datetime(DType):
    """A datetime column; ``tz=None`` is naive, otherwise values are aware."""

    tz: str | None = None
    name: ClassVar[str] = "Datetime"

    def __repr__(self) -> str:
        return f"Datetime(tz={self.tz!r})" if self.tz else "Datetime"

    def python_type(self) -> Any:
        return _dt.datetime


@dataclass(frozen=True, repr=False)
class Decimal(DType):
    """A fixed-point decimal column with ``precision`` digits, ``scale`` after the point."""

    precision: int = 38
    scale: int = 9
    name: ClassVar[str] = "Decimal"

    def __repr__(self) -> str:
        return f"Decimal({self.precision}, {self.scale})"

    def python_type(self) -> Any:
        return _decimal.Decimal


@dataclass(frozen=True, repr=False)
class Enum(DType):
    """A column of :class:`enum.Enum` members, stored by value."""

    enum: type[_enum.Enum]
    name: ClassVar[str] = "Enum"

    def __repr__(self) -> str:
        return f"Enum({self.enum.__name__})"

    def values(self) -> tuple[Any, ...]:
        """The stored values of the members, in declaration order."""
        return tuple(m.value for m in self.enum)

    def storage(self) -> DType:
        return _storage_of_values(self.values())

    def python_type(self) -> Any:
        return self.enum


@dataclass(frozen=True, repr=False)
class Literal(DType):
    """A column restricted to a fixed set of str, int or bool values."""

    values: tuple[Any, ...]
    name: ClassVar[str] = "Literal"

    def __repr__(self) -> str:
        return f"Literal{list(self.values)!r}"

    def storage(self) -> DType:
        return _storage_of_values(self.values)

    def python_type(self) -> Any:
        return typing.Literal.__getitem__(self.values)


def _storage_of_values(values: tuple[Any, ...]) -> DType:
    if all(isinstance(v, bool) for v in values):
        return Boolean()
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return Int64()
    if all(isinstance(v, str) for v in values):
        return String()
    msg = f"values must be all str, all int or all bool; got {values!r}"
    raise TypeError(msg)


@dataclass(frozen=True, repr=False)
class List(DType):
    """A variable-length list column whose elements share one dtype."""

    inner: DType
    inner_nullable: bool = False
    name: ClassVar[str] = "List"

    def __repr__(self) -> str:
        return f"List({self.inner!r}, inner_nullable={self.inner_nullable})"

    def python_type(self) -> Any:
        inner = self.inner.python_type()
        return list[inner | None] if self.inner_nullable else list[inner]  # type: ignore[valid-type]


@dataclass(frozen=True)
class StructField:
    """One named field of a :class:`Struct` dtype."""

    name: str
    dtype: DType
    nullable: bool = False


@dataclass(frozen=True, repr=False)
class Struct(DType):
    """A struct column: one nested record per row (a nested Pydantic model)."""

    fields: tuple[StructField, ...]
    model: Any = None  # the nested BaseModel class, when declared from one
    name: ClassVar[str] = "Struct"

    def __repr__(self) -> str:
        inner = ", ".join(
            f"{f.name}: {f.dtype!r}{' | None' if f.nullable else ''}"
            for f in self.fields
        )
        return f"Struct({{{inner}}})"

    def field(self, name: str) -> StructField:
        """Return the field called ``name`` (``KeyError`` if absent)."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def python_type(self) -> Any:
        if self.model is not None:
            return self.model
        return struct_model(self)


@dataclass(frozen=True, repr=False)
class Map(DType):
    """A ``dict[str, T]`` column (stored as a list of key/value structs)."""

    value: DType
    value_nullable: bool = False
    name: ClassVar[str] = "Map"

    def __repr__(self) -> str:
        return f"Map(str, {self.value!r}, value_nullable={self.value_nullable})"

    def python_type(self) -> Any:
        value = self.value.python_type()
        return dict[str, value | None] if self.value_nullable else dict[str, value]  # type: ignore[valid-type]


def python_annotation(dtype: DType) -> Any:
    """The Python annotation Pydantic validates one value of ``dtype`` with
    (aware/naive datetimes, and decimals bounded by precision and scale)."""
    if isinstance(dtype, Datetime):
        # Pydantic does not enforce ``Timezone`` metadata: use the aware/naive types
        return pydantic.AwareDatetime if dtype.tz else pydantic.NaiveDatetime
    if isinstance(dtype, Decimal):
        return Annotated[
            _decimal.Decimal,
            pydantic.Field(max_digits=dtype.precision, decimal_places=dtype.scale),
        ]
    return dtype.python_type()


@cache
def struct_model(struct: Struct) -> type[pydantic.BaseModel]:
    """A Pydantic model validating one value of an anonymous struct dtype."""
    fields: dict[str, Any] = {}
    for f in struct.fields:
        annotation = python_annotation(f.dtype)
        fields[f.name] = (annotation | None if f.nullable else annotation, ...)
    digest = hashlib.sha1(repr(struct).encode()).hexdigest()[:8]
    return pydantic.create_model(f"Struct_{digest}", **fields)
