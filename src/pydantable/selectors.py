"""Column selectors: pick columns by name pattern or dtype, resolved against a schema.

Selectors are small, immutable descriptions ("every numeric column", "columns
starting with ``tmp_``") that frame methods resolve against the frame's
*current* schema. Combine them with ``|`` (union), ``&`` (intersection),
``-`` (difference), ``~`` (complement) and :meth:`Selector.exclude`. A selector
that matches no column raises ``ValueError`` listing the available columns.

Example:
    >>> from pydantable import DataFrameModel
    >>> from pydantable import selectors as s
    >>> class T(DataFrameModel):
    ...     id: int
    ...     score: float | None
    ...     name: str
    >>> df = T({"id": [1], "score": [None], "name": ["a"]})
    >>> df.select(s.numeric() - s.by_name("id")).columns
    ['score']
    >>> s.expand_names([s.string(), "id"], df.schema)
    ['name', 'id']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pydantable import dtypes as dt
from pydantable.errors import ColumnNotFoundError
from pydantable.expressions.expr import ColumnRef, Expr
from pydantable.expressions.rules import as_dtype
from pydantable.schema import Column

__all__ = [
    "Selector",
    "all",
    "binary",
    "boolean",
    "by_dtype",
    "by_name",
    "contains",
    "date",
    "datetime",
    "decimals",
    "duration",
    "ends_with",
    "enums",
    "everything",
    "expand",
    "expand_names",
    "floats",
    "integers",
    "ipv4s",
    "ipv6s",
    "is_selector",
    "lists",
    "literals",
    "maps",
    "matches",
    "numeric",
    "starts_with",
    "string",
    "structs",
    "temporal",
    "time",
    "uuids",
]

Schema = Mapping[str, Column]


class Selector:
    """A set of columns described by a predicate over a schema.

    ``resolve(schema)`` returns the matching names in schema order
    (:func:`by_name` alone keeps the order it was given).
    """

    __slots__ = ("_label", "_pick")

    def __init__(self, label: str, pick: Callable[[Schema], list[str]]) -> None:
        self._label = label
        self._pick = pick

    def __repr__(self) -> str:
        return self._label

    def names(self, schema: Schema) -> list[str]:
        """The matching column names, possibly none."""
        return self._pick(schema)

    def resolve(self, schema: Schema) -> list[str]:
        """The matching column names.

        Raises:
            ValueError: nothing matches (the message lists the columns).
        """
        found = self._pick(schema)
        if not found:
            described = ", ".join(
                f"{c.name}: {c.dtype!r}{' | None' if c.nullable else ''}"
                for c in schema.values()
            )
            msg = f"selector {self!r} matches no column; columns are [{described}]"
            raise ValueError(msg)
        return found

    # -- set algebra -------------------------------------------------------------
    def __or__(self, other: Any) -> Selector:
        right = _as_selector(other)
        return Selector(
            f"({self!r} | {right!r})",
            lambda sc: _in_order(sc, set(self._pick(sc)) | set(right._pick(sc))),
        )

    def __ror__(self, other: Any) -> Selector:
        return _as_selector(other) | self

    def __and__(self, other: Any) -> Selector:
        right = _as_selector(other)
        return Selector(
            f"({self!r} & {right!r})",
            lambda sc: _in_order(sc, set(self._pick(sc)) & set(right._pick(sc))),
        )

    def __rand__(self, other: Any) -> Selector:
        return _as_selector(other) & self

    def __sub__(self, other: Any) -> Selector:
        right = _as_selector(other)
        return Selector(
            f"({self!r} - {right!r})",
            lambda sc: [n for n in self._pick(sc) if n not in set(right._pick(sc))],
        )

    def __rsub__(self, other: Any) -> Selector:
        return _as_selector(other) - self

    def __invert__(self) -> Selector:
        return Selector(
            f"~{self!r}",
            lambda sc: [n for n in sc if n not in set(self._pick(sc))],
        )

    def exclude(self, *items: Any) -> Selector:
        """This selector minus the given names/selectors."""
        out = self
        for item in _flatten(items):
            out = out - _as_selector(item)
        return out


def is_selector(value: Any) -> bool:
    """Whether ``value`` is a :class:`Selector`."""
    return isinstance(value, Selector)


def _in_order(schema: Schema, names: set[str]) -> list[str]:
    return [n for n in schema if n in names]


def _flatten(items: Iterable[Any]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if isinstance(item, (list, tuple, set, frozenset)):
            out.extend(item)
        else:
            out.append(item)
    return out


def _as_selector(value: Any) -> Selector:
    if isinstance(value, Selector):
        return value
    if isinstance(value, str):
        return by_name(value)
    if isinstance(value, ColumnRef):
        return by_name(value.name)
    if isinstance(value, (list, tuple, set, frozenset)):
        return by_name(*_flatten([value]))
    msg = f"expected a column name or a selector; got {value!r}"
    raise TypeError(msg)


def _where(label: str, test: Callable[[Column], bool]) -> Selector:
    return Selector(label, lambda sc: [n for n, c in sc.items() if test(c)])


# -- by name -------------------------------------------------------------------------


def by_name(*names: str | Iterable[str], require_all: bool = True) -> Selector:
    """Columns with the given names, in the given order.

    Raises (on resolution):
        ColumnNotFoundError: a name is missing and ``require_all`` is true.
    """
    flat = [str(n) for n in _flatten(names)]

    def pick(schema: Schema) -> list[str]:
        out: list[str] = []
        for name in flat:
            if name in schema:
                if name not in out:
                    out.append(name)
            elif require_all:
                raise ColumnNotFoundError.from_missing(name, list(schema))
        return out

    return Selector(f"by_name({', '.join(map(repr, flat))})", pick)


def starts_with(*prefixes: str) -> Selector:
    """Columns whose name starts with one of ``prefixes``."""
    return _where(
        f"starts_with({', '.join(map(repr, prefixes))})",
        lambda c: c.name.startswith(prefixes),
    )


def ends_with(*suffixes: str) -> Selector:
    """Columns whose name ends with one of ``suffixes``."""
    return _where(
        f"ends_with({', '.join(map(repr, suffixes))})",
        lambda c: c.name.endswith(suffixes),
    )


def contains(*substrings: str) -> Selector:
    """Columns whose name contains one of ``substrings``."""
    return _where(
        f"contains({', '.join(map(repr, substrings))})",
        lambda c: any(s in c.name for s in substrings),
    )


def matches(pattern: str) -> Selector:
    """Columns whose name matches the regular expression ``pattern`` (``re.search``)."""
    compiled = re.compile(pattern)
    return _where(f"matches({pattern!r})", lambda c: bool(compiled.search(c.name)))


def everything() -> Selector:
    """Every column."""
    return Selector("everything()", lambda sc: list(sc))


all = everything  # Polars' name (``s.all()``)


# -- by dtype ------------------------------------------------------------------------


def _dtype_test(spec: Any) -> Callable[[dt.DType], bool]:
    if isinstance(spec, type) and issubclass(spec, dt.DType):
        return lambda d: isinstance(d, spec)
    target = as_dtype(spec)
    if isinstance(spec, type) and target == dt.Datetime(None):
        return lambda d: isinstance(d, dt.Datetime)  # ``datetime``: any zone
    return lambda d: d == target


def by_dtype(*dtypes: Any) -> Selector:
    """Columns of the given dtypes: DType classes (any parameters), DType
    instances (exact) or Python annotations (``int``, ``str`` ...)."""
    tests = [_dtype_test(d) for d in _flatten(dtypes)]
    return _where(
        f"by_dtype({', '.join(map(repr, dtypes))})",
        lambda c: any(t(c.dtype) for t in tests),
    )


def _kind(name: str, *kinds: type[dt.DType]) -> Selector:
    return _where(f"{name}()", lambda c: isinstance(c.dtype, kinds))


def numeric() -> Selector:
    """Int64, Float64 and Decimal columns."""
    return _kind("numeric", dt.Int64, dt.Float64, dt.Decimal)


def integers() -> Selector:
    """Int64 columns."""
    return _kind("integers", dt.Int64)


def floats() -> Selector:
    """Float64 columns."""
    return _kind("floats", dt.Float64)


def decimals() -> Selector:
    """Decimal columns."""
    return _kind("decimals", dt.Decimal)


def string() -> Selector:
    """String columns (not UUID/IP/Literal/Enum columns, which store strings)."""
    return _kind("string", dt.String)


def temporal() -> Selector:
    """Date, Datetime, Time and Duration columns."""
    return _kind("temporal", dt.Date, dt.Datetime, dt.Time, dt.Duration)


def date() -> Selector:
    """Date columns."""
    return _kind("date", dt.Date)


def datetime(time_zone: Any = ...) -> Selector:
    """Datetime columns (``time_zone=None``: naive only; a zone name: that zone)."""
    if time_zone is ...:
        return _kind("datetime", dt.Datetime)
    return _where(
        f"datetime({time_zone!r})",
        lambda c: isinstance(c.dtype, dt.Datetime) and c.dtype.tz == time_zone,
    )


def time() -> Selector:
    """Time columns."""
    return _kind("time", dt.Time)


def duration() -> Selector:
    """Duration columns."""
    return _kind("duration", dt.Duration)


def boolean() -> Selector:
    """Boolean columns."""
    return _kind("boolean", dt.Boolean)


def binary() -> Selector:
    """Binary (bytes) columns."""
    return _kind("binary", dt.Binary)


def lists() -> Selector:
    """List columns."""
    return _kind("lists", dt.List)


def maps() -> Selector:
    """Map (``dict[str, T]``) columns."""
    return _kind("maps", dt.Map)


def structs() -> Selector:
    """Struct (nested model) columns."""
    return _kind("structs", dt.Struct)


def enums() -> Selector:
    """Enum columns."""
    return _kind("enums", dt.Enum)


def literals() -> Selector:
    """``Literal[...]`` columns."""
    return _kind("literals", dt.Literal)


def ipv4s() -> Selector:
    """IPv4 address columns."""
    return _kind("ipv4s", dt.IPv4)


def ipv6s() -> Selector:
    """IPv6 address columns."""
    return _kind("ipv6s", dt.IPv6)


def uuids() -> Selector:
    """UUID columns."""
    return _kind("uuids", dt.UUID)


# -- resolution helpers for frame methods ---------------------------------------------


def expand(items: Iterable[Any], schema: Schema) -> list[Any]:
    """Flatten one level of lists and replace selectors by their column names.

    Other items (names, expressions, literals) pass through unchanged, so
    a method accepting ``*exprs`` accepts selectors by calling this first.

    Raises:
        ValueError: a selector matches no column.
    """
    out: list[Any] = []
    for item in _flatten(items) if not isinstance(items, Selector) else [items]:
        if isinstance(item, Selector):
            out.extend(item.resolve(schema))
        else:
            out.append(item)
    return out


def expand_names(items: Any, schema: Schema) -> list[str]:
    """Column names from a name, a column reference, a selector or a list of them.

    Duplicates are dropped (first occurrence wins).

    Raises:
        ColumnNotFoundError: a named column does not exist.
        ValueError: a selector matches no column.
        TypeError: an item is an expression other than a column reference.
    """
    if isinstance(items, (str, Expr, Selector)):
        items = [items]
    out: list[str] = []
    for item in expand(items, schema):
        if isinstance(item, ColumnRef):
            item = item.name
        if not isinstance(item, str):
            msg = f"expected column names or selectors; got {item!r}"
            raise TypeError(msg)
        if item not in schema:
            raise ColumnNotFoundError.from_missing(item, list(schema))
        if item not in out:
            out.append(item)
    return out
