"""Build-time typing rules: result dtypes of operators, and their errors."""

from __future__ import annotations

import datetime as _dt
import decimal as _decimal
import enum as _enum
import ipaddress as _ipaddress
import uuid as _uuid
from typing import Any

from pydantable import dtypes as dt
from pydantable.schema import column_from_annotation

ARITHMETIC = ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow")
COMPARISON = ("eq", "ne", "lt", "le", "gt", "ge")
LOGICAL = ("and", "or")

SYMBOLS = {
    "add": "+",
    "sub": "-",
    "mul": "*",
    "truediv": "/",
    "floordiv": "//",
    "mod": "%",
    "pow": "**",
    "eq": "==",
    "ne": "!=",
    "lt": "<",
    "le": "<=",
    "gt": ">",
    "ge": ">=",
    "and": "&",
    "or": "|",
}


def dtype_of_value(value: Any) -> dt.DType:
    """The dtype of a Python scalar used as a literal.

    Raises:
        TypeError: the value has no column dtype (e.g. an arbitrary object).
    """
    if isinstance(value, bool):
        return dt.Boolean()
    if isinstance(value, _enum.Enum):
        return dt.Enum(type(value))
    if isinstance(value, int):
        return dt.Int64()
    if isinstance(value, float):
        return dt.Float64()
    if isinstance(value, str):
        return dt.String()
    if isinstance(value, bytes):
        return dt.Binary()
    if isinstance(value, _dt.datetime):
        return dt.Datetime("UTC" if value.tzinfo is not None else None)
    if isinstance(value, _dt.date):
        return dt.Date()
    if isinstance(value, _dt.time):
        return dt.Time()
    if isinstance(value, _dt.timedelta):
        return dt.Duration()
    if isinstance(value, _decimal.Decimal):
        exponent = value.as_tuple().exponent
        scale = max(0, -exponent) if isinstance(exponent, int) else 9
        return dt.Decimal(38, max(scale, 0))
    if isinstance(value, _uuid.UUID):
        return dt.UUID()
    if isinstance(value, _ipaddress.IPv4Address):
        return dt.IPv4()
    if isinstance(value, _ipaddress.IPv6Address):
        return dt.IPv6()
    msg = f"cannot use {type(value).__name__} value {value!r} as a literal"
    raise TypeError(msg)


def as_dtype(tp: Any) -> dt.DType:
    """Accept a DType (class or instance) or a Python annotation, return a DType."""
    if isinstance(tp, dt.DType):
        return tp
    if isinstance(tp, type) and issubclass(tp, dt.DType):
        return tp()
    column = column_from_annotation("cast", tp)
    return column.dtype


def _family(dtype: dt.DType) -> str:
    """Comparison family: values of one family compare with each other."""
    storage = dtype.storage()
    if storage.is_numeric():
        return "numeric"
    if isinstance(storage, dt.Datetime):
        return f"Datetime[{storage.tz}]"
    return storage.name


def arithmetic_result(op: str, left: dt.DType, right: dt.DType) -> dt.DType | None:
    """The dtype of ``left <op> right``, or ``None`` when undefined."""
    if left.is_numeric() and right.is_numeric():
        if op == "truediv":
            return dt.Float64()
        if isinstance(left, dt.Float64) or isinstance(right, dt.Float64):
            return dt.Float64()
        if isinstance(left, dt.Decimal) or isinstance(right, dt.Decimal):
            if op in ("pow",):
                return dt.Float64()
            return _decimal_result(op, left, right)
        if op == "pow":
            return dt.Int64()
        return dt.Int64()
    temporal = _temporal_result(op, left, right)
    if temporal is not None:
        return temporal
    return None


def _decimal_result(op: str, left: dt.DType, right: dt.DType) -> dt.DType:
    def scale(d: dt.DType) -> int:
        return d.scale if isinstance(d, dt.Decimal) else 0

    if op == "mul":
        return dt.Decimal(38, min(38, scale(left) + scale(right)))
    return dt.Decimal(38, max(scale(left), scale(right)))


def _temporal_result(op: str, left: dt.DType, right: dt.DType) -> dt.DType | None:
    if op == "sub" and type(left) is type(right):
        if isinstance(left, dt.Datetime) and left == right:
            return dt.Duration()
        if isinstance(left, dt.Date):
            return dt.Duration()
        if isinstance(left, dt.Duration):
            return dt.Duration()
    # date ± timedelta is a date (whole days, like Python's ``date + timedelta``)
    shiftable = (dt.Datetime, dt.Duration, dt.Date)
    if (
        op in ("add", "sub")
        and isinstance(right, dt.Duration)
        and isinstance(left, shiftable)
    ):
        return left
    if op == "add" and isinstance(left, dt.Duration) and isinstance(right, shiftable):
        return right
    return None


def comparable(op: str, left: dt.DType, right: dt.DType) -> bool:
    """Whether ``left <op> right`` is a valid comparison."""
    if op in ("eq", "ne"):
        if left.is_nested() or right.is_nested():
            return left == right
        return _family(left) == _family(right)
    if not (left.is_orderable() and right.is_orderable()):
        return False
    return _family(left) == _family(right)


def describe(dtype: dt.DType) -> str:
    """A short dtype name for error messages."""
    return repr(dtype)


_WORDS: dict[type[dt.DType], str] = {
    dt.Int64: "int",
    dt.Float64: "float",
    dt.Boolean: "bool",
    dt.String: "str",
    dt.Binary: "bytes",
    dt.Date: "date",
    dt.Time: "time",
    dt.Duration: "timedelta",
    dt.Decimal: "Decimal",
    dt.UUID: "UUID",
    dt.IPv4: "IPv4Address",
    dt.IPv6: "IPv6Address",
}


def python_words(dtype: dt.DType, nullable: bool = False) -> str:
    """A dtype in Python's words, for error messages (``int``, ``list[str] | None``).

    Example:
        >>> python_words(dt.List(dt.String(), inner_nullable=True), nullable=True)
        'list[str | None] | None'
        >>> python_words(dt.Map(dt.Int64()))
        'dict[str, int]'
    """
    text = _words(dtype)
    return f"{text} | None" if nullable else text


def _words(dtype: dt.DType) -> str:
    simple = _WORDS.get(type(dtype))
    if simple is not None:
        return simple
    if isinstance(dtype, dt.Datetime):
        return "datetime" if dtype.tz is None else f"datetime ({dtype.tz})"
    if isinstance(dtype, dt.List):
        return f"list[{python_words(dtype.inner, dtype.inner_nullable)}]"
    if isinstance(dtype, dt.Map):
        return f"dict[str, {python_words(dtype.value, dtype.value_nullable)}]"
    if isinstance(dtype, dt.Struct):
        if dtype.model is not None:
            return str(dtype.model.__name__)
        inner = ", ".join(
            f"{f.name}: {python_words(f.dtype, f.nullable)}" for f in dtype.fields
        )
        return f"struct {{{inner}}}"
    if isinstance(dtype, dt.Enum):
        return dtype.enum.__name__
    if isinstance(dtype, dt.Literal):
        return f"Literal[{', '.join(repr(v) for v in dtype.values)}]"
    if dtype.name == "Null":
        return "None"
    return dtype.name
