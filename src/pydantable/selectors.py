"""Column selectors: pick columns by name pattern or dtype, resolved against a schema.

Selectors are small, immutable descriptions ("every numeric column", "columns
starting with ``tmp_``") that frame methods resolve against the frame's
*current* schema. Combine them with ``|`` (union), ``&`` (intersection),
``-`` (difference), ``~`` (complement) and :meth:`Selector.exclude`. A selector
that matches no column raises ``ValueError`` naming the operation and listing the
available columns (``"select(string()) matched no columns. Available columns:
['id', 'score']"``). The dtype groups (:data:`NUMERIC`, :data:`STRING`, ...) are
sets of dtypes for :func:`by_dtype`; :func:`rename_map` builds a renaming from a
selector and a function.

Example:
    >>> from pydantable import DataFrameModel
    >>> from pydantable import selectors as s
    >>> class T(DataFrameModel):
    ...     id: int
    ...     score: int | None
    ...     name: str
    >>> df = T({"id": [1], "score": [None], "name": ["a"]})
    >>> df.select(s.numeric() - s.by_name("id")).columns
    ['score']
    >>> s.expand_names([s.string(), "id"], df.schema)
    ['name', 'id']
    >>> df.select(s.by_dtype(s.NUMERIC)).columns
    ['id', 'score']
    >>> s.rename_map(s.string(), str.upper)(df.schema)
    {'name': 'NAME'}
"""

from __future__ import annotations

import builtins
import contextlib
import contextvars
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from pydantable import dtypes as dt
from pydantable.errors import ColumnNotFoundError
from pydantable.expressions.expr import ColumnRef, Expr
from pydantable.expressions.rules import as_dtype
from pydantable.schema import Column, column_from_annotation

__all__ = [
    "BINARIES",
    "BOOLEAN",
    "DECIMALS",
    "ENUMS",
    "FLOATS",
    "INTEGERS",
    "IPV4S",
    "IPV6S",
    "LIST",
    "MAPS",
    "NUMERIC",
    "STRING",
    "STRUCT",
    "TEMPORAL",
    "UUIDS",
    "WKBS",
    "Selector",
    "all",
    "binary",
    "boolean",
    "by_dtype",
    "by_name",
    "contains",
    "date",
    "datetime",
    "decimal",
    "decimals",
    "duration",
    "ends_with",
    "enums",
    "everything",
    "expand",
    "expand_names",
    "float",
    "floats",
    "integer",
    "integers",
    "ipv4s",
    "ipv6s",
    "is_selector",
    "lists",
    "literals",
    "maps",
    "matches",
    "numeric",
    "rename_map",
    "renamed_names",
    "starts_with",
    "string",
    "struct",
    "structs",
    "temporal",
    "time",
    "uuids",
    "wkbs",
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

    def names(self, schema: Schema, *, strict: bool = True) -> list[str]:
        """The matching column names, possibly none.

        ``strict=False``: names of :func:`by_name` that are not columns are
        skipped instead of raising ``ColumnNotFoundError``.
        """
        if strict:
            return self._pick(schema)
        with _lenient_names():
            return self._pick(schema)

    def resolve(
        self,
        schema: Schema,
        *,
        op: str | None = None,
        arg: str | None = None,
        strict: bool = True,
    ) -> list[str]:
        """The matching column names.

        Args:
            schema: the columns to match.
            op: the operation resolving the selector, named in the error
                (``"select"`` gives ``"select(string()) matched no columns. ..."``).
            arg: the keyword argument the selector was given as
                (``op="melt", arg="value_vars"``: ``"melt(value_vars=string()) ..."``).
            strict: ``False``: an empty match is not an error and unknown
                :func:`by_name` names are skipped.

        Raises:
            ValueError: nothing matches (the message lists the columns).
        """
        found = self.names(schema, strict=strict)
        if not found and strict:
            raise ValueError(_no_match_message(self, schema, op=op, arg=arg))
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


def _no_match_message(
    selector: Any, schema: Schema, *, op: str | None = None, arg: str | None = None
) -> str:
    """The error text of a selector that matched no column of ``schema``.

    ``"<op>(<selector>) matched no columns. Available columns: [...]"`` (the
    original's wording); ``arg`` gives ``"<op>(<arg>=<selector>) ..."``.
    """
    where = repr(selector)
    if op:
        where = f"{op}({arg}={where})" if arg else f"{op}({where})"
    return f"{where} matched no columns. Available columns: {list(schema)}"


#: False while :meth:`Selector.names` resolves leniently (``strict=False``).
_STRICT_NAMES: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "pydantable_selector_strict_names", default=True
)


@contextlib.contextmanager
def _lenient_names() -> Iterator[None]:
    token = _STRICT_NAMES.set(False)
    try:
        yield
    finally:
        _STRICT_NAMES.reset(token)


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
        ColumnNotFoundError: a name is missing and ``require_all`` is true
            (a lenient resolution, such as ``drop(..., strict=False)``, skips it).
    """
    flat = [str(n) for n in _flatten(names)]

    def pick(schema: Schema) -> list[str]:
        out: list[str] = []
        for name in flat:
            if name in schema:
                if name not in out:
                    out.append(name)
            elif require_all and _STRICT_NAMES.get():
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


class _WkbGroup:
    """The member of :data:`WKBS`: Binary columns annotated with ``pydantable.types.WKB``."""

    def __repr__(self) -> str:
        return "WKB"


_WKB = _WkbGroup()


def _is_wkb(column: Column) -> bool:
    """Whether ``column`` holds WKB geometries: a ``WKB`` dtype (if the dtypes
    module defines one) or a Binary column whose annotation is the bytes
    subclass ``pydantable.types.WKB``."""
    wkb_dtype = getattr(dt, "WKB", None)
    if isinstance(wkb_dtype, type) and isinstance(column.dtype, wkb_dtype):
        return True
    if not isinstance(column.dtype, dt.Binary):
        return False
    return any(
        isinstance(tp, type)
        and issubclass(tp, bytes)
        and tp.__name__ == "WKB"
        and tp.__module__.startswith("pydantable")
        for tp in _annotation_types(column.annotation)
    )


def _annotation_types(annotation: Any) -> Iterator[Any]:
    """The types inside ``annotation`` (``T | None``, ``Annotated[T, ...]`` unwrapped)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        yield from _annotation_types(typing.get_args(annotation)[0])
    elif origin is typing.Union or origin is types.UnionType:
        for arg in typing.get_args(annotation):
            yield from _annotation_types(arg)
    else:
        yield annotation


def _dtype_test(spec: Any) -> Callable[[Column], bool]:
    if spec is _WKB:
        return _is_wkb
    if isinstance(spec, type) and issubclass(spec, dt.DType):
        return lambda c: isinstance(c.dtype, spec)
    target = as_dtype(spec)
    if isinstance(spec, type) and target == dt.Datetime(None):
        return lambda c: isinstance(c.dtype, dt.Datetime)  # ``datetime``: any zone
    return lambda c: c.dtype == target


def by_dtype(*dtypes: Any) -> Selector:
    """Columns of the given dtypes: DType classes (any parameters), DType
    instances (exact), Python annotations (``int``, ``str`` ...) or dtype
    groups (:data:`NUMERIC`, :data:`TEMPORAL` ...; sets of DType classes).

    Example:
        >>> from pydantable import DataFrameModel
        >>> from pydantable import selectors as s
        >>> class T(DataFrameModel):
        ...     n: int
        ...     name: str
        ...     ok: bool
        >>> df = T({"n": [1], "name": ["a"], "ok": [True]})
        >>> df.select(s.by_dtype(s.INTEGERS, str)).columns
        ['n', 'name']
        >>> df.select(s.by_dtype(s.BOOLEAN | s.NUMERIC)).columns
        ['n', 'ok']
    """
    tests = [_dtype_test(d) for d in _flatten(dtypes)]
    return _where(
        f"by_dtype({', '.join(map(repr, dtypes))})",
        lambda c: any(t(c) for t in tests),
    )


# -- dtype groups (the original's constants; usable in ``by_dtype``) ----------------

#: Int64, Float64 and Decimal columns.
NUMERIC: frozenset[Any] = frozenset({dt.Int64, dt.Float64, dt.Decimal})
#: Int64 columns.
INTEGERS: frozenset[Any] = frozenset({dt.Int64})
#: Float64 columns.
FLOATS: frozenset[Any] = frozenset({dt.Float64})
#: Decimal columns.
DECIMALS: frozenset[Any] = frozenset({dt.Decimal})
#: String columns (not UUID/IP/Literal/Enum columns, which store strings).
STRING: frozenset[Any] = frozenset({dt.String})
#: Boolean columns.
BOOLEAN: frozenset[Any] = frozenset({dt.Boolean})
#: Date, Datetime, Time and Duration columns.
TEMPORAL: frozenset[Any] = frozenset({dt.Date, dt.Datetime, dt.Time, dt.Duration})
#: List columns.
LIST: frozenset[Any] = frozenset({dt.List})
#: Struct (nested model) columns.
STRUCT: frozenset[Any] = frozenset({dt.Struct})
#: UUID columns.
UUIDS: frozenset[Any] = frozenset({dt.UUID})
#: Binary (bytes) columns, WKB columns included.
BINARIES: frozenset[Any] = frozenset({dt.Binary})
#: Map (``dict[str, T]``) columns.
MAPS: frozenset[Any] = frozenset({dt.Map})
#: Enum columns.
ENUMS: frozenset[Any] = frozenset({dt.Enum})
#: IPv4 address columns.
IPV4S: frozenset[Any] = frozenset({dt.IPv4})
#: IPv6 address columns.
IPV6S: frozenset[Any] = frozenset({dt.IPv6})
#: WKB geometry columns: Binary columns annotated ``pydantable.types.WKB`` (plain
#: ``bytes`` columns are not WKB; without that type nothing matches).
WKBS: frozenset[Any] = frozenset({_WKB})


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


def wkbs() -> Selector:
    """WKB geometry columns (see :data:`WKBS`)."""
    return _where("wkbs()", _is_wkb)


# -- the original's singular names ---------------------------------------------------


def integer() -> Selector:
    """Int64 columns (the original's name of :func:`integers`)."""
    return _kind("integer", dt.Int64)


def float() -> Selector:  # the original's public name (shadows the builtin here)
    """Float64 columns (the original's name of :func:`floats`)."""
    return _kind("float", dt.Float64)


def decimal() -> Selector:
    """Decimal columns (the original's name of :func:`decimals`)."""
    return _kind("decimal", dt.Decimal)


def struct() -> Selector:
    """Struct columns (the original's name of :func:`structs`)."""
    return _kind("struct", dt.Struct)


# -- renaming ------------------------------------------------------------------------


def rename_map(
    selector: Selector, function: Callable[[str], str]
) -> Callable[[Any], dict[str, str]]:
    """A renaming: ``rename_map(selector, fn)(schema)`` is ``{old: fn(old)}``
    for the columns ``selector`` picks in ``schema``.

    ``schema`` is a frame's ``schema`` (or any mapping of names to columns),
    a frame, or a mapping of names to Python annotations (``schema_fields()``,
    ``dtypes``). Pass the result to ``rename``.

    Raises:
        TypeError: ``selector`` is not a :class:`Selector` or ``function`` is not
            callable (when called).
        ValueError: (when the mapping is built) the selector matches nothing,
            ``function`` returns an empty or non-string name, or the new names
            repeat or collide with other columns.

    Example:
        >>> from pydantable import DataFrameModel
        >>> from pydantable import selectors as s
        >>> class T(DataFrameModel):
        ...     id: int
        ...     name: str
        >>> df = T({"id": [1], "name": ["a"]})
        >>> to_upper = s.rename_map(s.string(), str.upper)
        >>> df.rename(to_upper(df.schema)).columns
        ['id', 'NAME']
    """
    if not isinstance(selector, Selector):
        msg = f"rename_map(selector, fn) expects a Selector; got {type(selector).__name__}."
        raise TypeError(msg)
    if not callable(function):
        msg = f"rename_map(selector, fn) expects a callable fn; got {type(function).__name__}."
        raise TypeError(msg)

    def mapping(schema: Any) -> dict[str, str]:
        columns = _as_schema(schema)
        names = selector.resolve(columns, op="rename_map")
        return renamed_names(columns, names, function, op="rename_map")

    return mapping


def renamed_names(
    columns: Iterable[str],
    names: Iterable[str],
    function: Callable[[str], str],
    *,
    op: str,
) -> dict[str, str]:
    """``{name: function(name)}`` for ``names``, checked against all ``columns``
    (a schema or the column names) to give distinct, non-empty names.

    Raises:
        ValueError: a new name is empty or not a string, or the result would
            repeat a column name (``"<op>() produced duplicate output column
            names."``).

    Example:
        >>> renamed_names(["a", "b"], ["a"], str.upper, op="rename")
        {'a': 'A'}
        >>> renamed_names(["a", "A"], ["a"], str.upper, op="rename")
        Traceback (most recent call last):
        ...
        ValueError: rename() produced duplicate output column names. Repeated: ['A']
    """
    out: dict[str, str] = {}
    for name in names:
        new = function(name)
        if not isinstance(new, str) or not new:
            msg = f"{op}(): renaming {name!r} gave {new!r}; column names are non-empty strings"
            raise ValueError(msg)
        out[name] = new
    final = [out.get(name, name) for name in columns]
    repeated = sorted({n for n in final if final.count(n) > 1})
    if repeated:
        msg = f"{op}() produced duplicate output column names. Repeated: {repeated}"
        raise ValueError(msg)
    return out


def _as_schema(value: Any) -> Schema:
    """Columns from a schema, a frame, or a mapping of names to annotations."""
    schema = getattr(value, "schema", value)
    if not isinstance(schema, Mapping):
        msg = f"expected a schema, a frame or a mapping of column annotations; got {type(value).__name__}"
        raise TypeError(msg)
    if builtins.all(isinstance(c, Column) for c in schema.values()):
        return schema
    return {name: column_from_annotation(name, ann) for name, ann in schema.items()}


# -- resolution helpers for frame methods ---------------------------------------------


def expand(
    items: Iterable[Any],
    schema: Schema,
    *,
    op: str | None = None,
    arg: str | None = None,
    strict: bool = True,
) -> list[Any]:
    """Flatten one level of lists and replace selectors by their column names.

    Other items (names, expressions, literals) pass through unchanged, so
    a method accepting ``*exprs`` accepts selectors by calling this first.
    ``op``/``arg`` name the operation in errors (see :meth:`Selector.resolve`);
    ``strict=False`` lets selectors match nothing and skips unknown
    :func:`by_name` names.

    Raises:
        ValueError: a selector matches no column.
    """
    out: list[Any] = []
    for item in _flatten(items) if not isinstance(items, Selector) else [items]:
        if isinstance(item, Selector):
            out.extend(item.resolve(schema, op=op, arg=arg, strict=strict))
        else:
            out.append(item)
    return out


def expand_names(
    items: Any,
    schema: Schema,
    *,
    op: str | None = None,
    arg: str | None = None,
    strict: bool = True,
) -> list[str]:
    """Column names from a name, a column reference, a selector or a list of them.

    Duplicates are dropped (first occurrence wins). ``op``/``arg`` name the
    operation in errors; with ``strict=False`` unknown names are skipped and
    selectors may match nothing.

    Raises:
        ColumnNotFoundError: a named column does not exist.
        ValueError: a selector matches no column.
        TypeError: an item is an expression other than a column reference.
    """
    if isinstance(items, (str, Expr, Selector)):
        items = [items]
    out: list[str] = []
    for item in expand(items, schema, op=op, arg=arg, strict=strict):
        if isinstance(item, ColumnRef):
            item = item.name
        if not isinstance(item, str):
            msg = f"expected column names or selectors; got {item!r}"
            raise TypeError(msg)
        if item not in schema:
            if not strict:
                continue
            raise ColumnNotFoundError.from_missing(item, list(schema))
        if item not in out:
            out.append(item)
    return out
