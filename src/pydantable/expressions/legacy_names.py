"""The original pydantable's flat method names (``str_contains``, ``dt_year``, ...).

Each is a thin alias of a namespace method (``expr.str`` / ``.dt`` / ``.list`` /
``.struct`` / ``.map`` / ``.bin``), so both spellings build the same
expression, with the original's semantics where they differ from Polars'
(``len()`` is the string length, ``substr`` is 1-based, ``str_contains("")``
holds for every non-null string, ``list_get`` gives null out of bounds).
Build-time errors name the flat function the user called (``map_get()
requires a map column; got int in col('qty')``). New code should prefer the
Polars-style namespaces.

Example:
    >>> from pydantable import DataFrameModel
    >>> class User(DataFrameModel):
    ...     name: str
    >>> df = User({"name": ["ada"]})
    >>> df.select(df.name.upper()).to_dict() == df.select(df.name.str.to_uppercase()).to_dict()
    True
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce
from typing import TYPE_CHECKING, Any, TypeVar

from pydantable.expressions import nodes as n
from pydantable.expressions.binary import BinaryNamespace
from pydantable.expressions.datetime import DateTimeNamespace, from_epoch
from pydantable.expressions.kinds import STRING, expect
from pydantable.expressions.list import ListNamespace
from pydantable.expressions.map import MapNamespace, from_entries
from pydantable.expressions.mixin import ExprMixin, is_expr
from pydantable.expressions.namespace import ExprNamespace
from pydantable.expressions.string import StringNamespace
from pydantable.expressions.struct import StructNamespace

if TYPE_CHECKING:
    from pydantable.expressions.expr import Expr

__all__ = ["LegacyNameMethods"]

N = TypeVar("N", bound=ExprNamespace)

_UNITS = {
    "s": "s",
    "seconds": "s",
    "ms": "ms",
    "milliseconds": "ms",
    "us": "us",
    "microseconds": "us",
    "ns": "ns",
    "nanoseconds": "ns",
}


def _unit(function: str, unit: str) -> str:
    try:
        return _UNITS[unit]
    except (KeyError, TypeError):
        msg = f"{function}() unit must be one of {sorted(set(_UNITS))}; got {unit!r}"
        raise ValueError(msg) from None


def _values(function: str, values: tuple[Any, ...]) -> list[Any]:
    """The literal values of ``contains_any``/``contains_all`` (varargs or a collection)."""
    if len(values) == 1 and isinstance(values[0], (list, tuple, set, frozenset)):
        values = tuple(values[0])
    if not values:
        msg = f"{function}() expects at least one value"
        raise TypeError(msg)
    for value in values:
        if is_expr(value):
            msg = f"{function}() expects literal values, not Expr; got {value!r}"
            raise TypeError(msg)
    return list(values)


class LegacyNameMethods(ExprMixin):
    """Mixed into :class:`~pydantable.expressions.Expr`: the original's flat names."""

    __slots__ = ()

    def _self(self) -> Expr:
        return self  # type: ignore[return-value]

    def _as(self, namespace: type[N], label: str) -> N:
        """``namespace`` of this expression, building calls named ``label``."""
        return namespace(self._self(), label)

    def _str(self, label: str) -> StringNamespace:
        return self._as(StringNamespace, label)

    def _dt(self, label: str) -> DateTimeNamespace:
        return self._as(DateTimeNamespace, label)

    def _list(self, label: str) -> ListNamespace:
        return self._as(ListNamespace, label)

    def _struct(self, label: str) -> StructNamespace:
        return self._as(StructNamespace, label)

    def _map(self, label: str) -> MapNamespace:
        return self._as(MapNamespace, label)

    def _require_string(self, label: str) -> None:
        """The build-time check of a helper that compiles to a comparison."""
        if self._typed is not None:
            expect(label, STRING, self._typed, self._node)

    # -- strings ----------------------------------------------------------------------------
    def upper(self) -> Expr:
        """Alias of ``str.to_uppercase()``."""
        return self._str("upper").to_uppercase()

    def lower(self) -> Expr:
        """Alias of ``str.to_lowercase()``."""
        return self._str("lower").to_lowercase()

    def strip(self) -> Expr:
        """Alias of ``str.strip_chars()`` (whitespace)."""
        return self._str("strip").strip_chars()

    def strip_chars(self, characters: str | None = None) -> Expr:
        """Alias of ``str.strip_chars(characters)``."""
        return self._str("strip_chars").strip_chars(characters)

    def strip_prefix(self, prefix: Any) -> Expr:
        """Alias of ``str.strip_prefix(prefix)``."""
        return self._str("strip_prefix").strip_prefix(prefix)

    def strip_suffix(self, suffix: Any) -> Expr:
        """Alias of ``str.strip_suffix(suffix)``."""
        return self._str("strip_suffix").strip_suffix(suffix)

    def substr(self, start: Any, length: Any = None) -> Expr:
        """``length`` characters from the 1-based position ``start`` (SQL ``SUBSTR``).

        ``substr(2, 3)`` of ``"abcdef"`` is ``"bcd"``; without ``length``, to
        the end. A negative ``start`` counts from the end (``-1``: the last
        character), as in Spark and DuckDB. ``start=0`` is rejected (SQL
        dialects disagree on it); an expression ``start`` of 0 reads as 1.
        ``expr.str.slice(offset, length)`` is the 0-based Polars form.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     s: str
            >>> df = T({"s": ["abcdef"]})
            >>> df.select(a=df.s.substr(2, 3), b=df.s.substr(-2)).to_dict()
            {'a': ['bcd'], 'b': ['ef']}

        Raises:
            TypeError: ``start``/``length`` is not an int or an int expression.
            ValueError: ``start`` is 0, or ``length`` is negative.
        """
        ns = self._str("substr")
        if isinstance(start, bool) or not (isinstance(start, int) or is_expr(start)):
            msg = f"substr() start must be an int or an int expression; got {start!r}"
            raise TypeError(msg)
        if isinstance(start, int):
            if start == 0:
                msg = "substr() start is 1-based (1 is the first character); got 0"
                raise ValueError(msg)
            offset: Any = start - 1 if start > 0 else start
        else:  # when(start > 0, start - 1).otherwise(start)
            positive, shifted = start > 0, start - 1
            choice = n.When(((positive._node, shifted._node),), start._node)
            offset = start._new(choice, positive, shifted)
        if isinstance(length, int) and not isinstance(length, bool) and length < 0:
            msg = f"substr() length must be >= 0; got {length}"
            raise ValueError(msg)
        return ns.slice(offset, length)

    def len(self) -> Expr:
        """Number of characters of a string (the original's ``len()``).

        Only string columns have a length here: anything else raises
        ``TypeError`` ("len() is only supported for string columns."). Count
        rows with :func:`~pydantable.expressions.global_row_count`,
        ``frame.height`` or ``group_by(...).len()``; list lengths are
        ``list_len()``.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     s: str
            >>> df = T({"s": ["abc", ""]})
            >>> df.select(n=df.s.len()).to_dict()
            {'n': [3, 0]}
        """
        return self._str("len").len_chars()

    def char_length(self) -> Expr:
        """Alias of ``str.len_chars()``."""
        return self._str("char_length").len_chars()

    def str_len(self) -> Expr:
        """Alias of ``str.len_chars()``."""
        return self._str("str_len").len_chars()

    def str_reverse(self) -> Expr:
        """Alias of ``str.reverse()``."""
        return self._str("str_reverse").reverse()

    def str_pad_start(self, length: int, fill_char: str = " ") -> Expr:
        """Alias of ``str.pad_start(length, fill_char)``."""
        return self._str("str_pad_start").pad_start(length, fill_char)

    def str_pad_end(self, length: int, fill_char: str = " ") -> Expr:
        """Alias of ``str.pad_end(length, fill_char)``."""
        return self._str("str_pad_end").pad_end(length, fill_char)

    def str_zfill(self, length: int) -> Expr:
        """Alias of ``str.zfill(length)``."""
        return self._str("str_zfill").zfill(length)

    def starts_with(self, prefix: Any) -> Expr:
        """Alias of ``str.starts_with(prefix)``."""
        return self._str("starts_with").starts_with(prefix)

    def ends_with(self, suffix: Any) -> Expr:
        """Alias of ``str.ends_with(suffix)``."""
        return self._str("ends_with").ends_with(suffix)

    def str_contains(self, substring: Any) -> Expr:
        """Whether the plain ``substring`` occurs (``str.contains(substring, literal=True)``).

        As in the original, ``str_contains("")`` is true for every non-null
        string (the namespace's ``str.contains("")`` rejects the empty pattern).
        """
        ns = self._str("str_contains")
        if not isinstance(substring, str) and not is_expr(substring):
            msg = f"str_contains() pattern must be a str or a string expression; got {substring!r}"
            raise TypeError(msg)
        return ns._call("str.contains", substring, literal=True)

    def str_contains_pat(self, pattern: Any, literal: bool = False) -> Expr:
        """Alias of ``str.contains(pattern, literal=literal)`` (a regex by default)."""
        return self._str("str_contains_pat").contains(pattern, literal=literal)

    def matches(self, pattern: Any) -> Expr:
        """Alias of ``str.contains(pattern)``: whether the regex matches anywhere.

        Anchor the pattern (``^...$``) for a whole-string match.

        Raises:
            TypeError: ``pattern`` is not a non-empty string (or a string expression).
            ValueError: ``pattern`` is not a valid regex.
        """
        if not is_expr(pattern) and (not isinstance(pattern, str) or not pattern):
            msg = f"matches() expects a non-empty string pattern; got {pattern!r}"
            raise TypeError(msg)
        return self._str("matches").contains(pattern)

    def str_replace(self, old: Any, new: Any, literal: bool = True) -> Expr:
        """Alias of ``str.replace_all(old, new, literal=literal)`` (every occurrence)."""
        return self._str("str_replace").replace_all(old, new, literal=literal)

    def str_split(self, delimiter: Any) -> Expr:
        """Alias of ``str.split(delimiter)``: a list of strings."""
        return self._str("str_split").split(delimiter)

    def str_extract_regex(self, pattern: str, group_index: int = 1) -> Expr:
        """Alias of ``str.extract(pattern, group_index)``."""
        return self._str("str_extract_regex").extract(pattern, group_index)

    def str_json_path_match(self, path: str) -> Expr:
        """Alias of ``str.json_path_match(path)``."""
        return self._str("str_json_path_match").json_path_match(path)

    def str_json_decode(self, dtype: Any) -> Expr:
        """Alias of ``str.json_decode(dtype)``."""
        return self._str("str_json_decode").json_decode(dtype)

    def is_empty_str(self) -> Expr:
        """Whether the string is ``""`` (null stays null)."""
        self._require_string("is_empty_str")
        return self._self() == ""

    def is_blank_str(self) -> Expr:
        """Whether the string is empty or only whitespace (null stays null)."""
        return self._str("is_blank_str").strip_chars() == ""

    def is_null_or_empty_str(self) -> Expr:
        """Whether the string is null or ``""`` (never null)."""
        self._require_string("is_null_or_empty_str")
        return (self._self() == "").fill_null(True)

    def is_not_null_and_not_empty_str(self) -> Expr:
        """Whether the string is neither null nor ``""`` (never null)."""
        self._require_string("is_not_null_and_not_empty_str")
        return (self._self() != "").fill_null(False)

    # -- temporal ----------------------------------------------------------------------------
    def dt_year(self) -> Expr:
        """Alias of ``dt.year()``."""
        return self._dt("dt_year").year()

    def dt_quarter(self) -> Expr:
        """Alias of ``dt.quarter()``."""
        return self._dt("dt_quarter").quarter()

    def dt_month(self) -> Expr:
        """Alias of ``dt.month()``."""
        return self._dt("dt_month").month()

    def dt_week(self) -> Expr:
        """Alias of ``dt.week()`` (ISO week)."""
        return self._dt("dt_week").week()

    def dt_weekday(self) -> Expr:
        """Alias of ``dt.weekday()`` (ISO: Monday = 1)."""
        return self._dt("dt_weekday").weekday()

    def dt_day(self) -> Expr:
        """Alias of ``dt.day()``."""
        return self._dt("dt_day").day()

    def dt_dayofyear(self) -> Expr:
        """Alias of ``dt.ordinal_day()``."""
        return self._dt("dt_dayofyear").ordinal_day()

    def dt_hour(self) -> Expr:
        """Alias of ``dt.hour()``."""
        return self._dt("dt_hour").hour()

    def dt_minute(self) -> Expr:
        """Alias of ``dt.minute()``."""
        return self._dt("dt_minute").minute()

    def dt_second(self) -> Expr:
        """Alias of ``dt.second()``."""
        return self._dt("dt_second").second()

    def dt_millisecond(self) -> Expr:
        """Alias of ``dt.millisecond()``."""
        return self._dt("dt_millisecond").millisecond()

    def dt_microsecond(self) -> Expr:
        """Alias of ``dt.microsecond()``."""
        return self._dt("dt_microsecond").microsecond()

    def dt_nanosecond(self) -> Expr:
        """Alias of ``dt.nanosecond()``."""
        return self._dt("dt_nanosecond").nanosecond()

    def dt_date(self) -> Expr:
        """Alias of ``dt.date()``."""
        return self._dt("dt_date").date()

    def dt_time(self) -> Expr:
        """Alias of ``dt.time()``."""
        return self._dt("dt_time").time()

    def dt_truncate(self, every: Any) -> Expr:
        """Alias of ``dt.truncate(every)``."""
        return self._dt("dt_truncate").truncate(every)

    def dt_round(self, every: Any) -> Expr:
        """Alias of ``dt.round(every)``."""
        return self._dt("dt_round").round(every)

    def dt_offset_by(self, by: Any) -> Expr:
        """Alias of ``dt.offset_by(by)``."""
        return self._dt("dt_offset_by").offset_by(by)

    def dt_combine(self, time: Any) -> Expr:
        """Alias of ``dt.combine(time)``."""
        return self._dt("dt_combine").combine(time)

    def strptime(self, format: str, to_datetime: bool = True) -> Expr:
        """Parse text: ``str.to_datetime(format)``, or ``str.to_date(format)``.

        Raises:
            ValueError: ``format`` is empty ("strptime format must be non-empty").
        """
        s = self._str("strptime")
        return s.to_datetime(format) if to_datetime else s.to_date(format)

    def unix_timestamp(self, unit: str = "s") -> Expr:
        """Alias of ``dt.epoch(unit)``: time since 1970-01-01 (seconds by default)."""
        return self._dt("unix_timestamp").epoch(_unit("unix_timestamp", unit))

    def from_unix_time(self, unit: str = "s") -> Expr:
        """Integers since 1970-01-01 in ``unit`` (seconds by default) as a naive datetime."""
        return from_epoch(
            self._self(), _unit("from_unix_time", unit), label="from_unix_time"
        )

    # -- lists -------------------------------------------------------------------------------------
    def list_len(self) -> Expr:
        """Alias of ``list.len()``."""
        return self._list("list_len").len()

    def list_get(self, index: Any) -> Expr:
        """Alias of ``list.get(index, null_on_oob=True)``: out of bounds gives null."""
        return self._list("list_get").get(index, null_on_oob=True)

    def list_contains(self, item: Any) -> Expr:
        """Alias of ``list.contains(item)``."""
        return self._list("list_contains").contains(item)

    def list_min(self) -> Expr:
        """Alias of ``list.min()``."""
        return self._list("list_min").min()

    def list_max(self) -> Expr:
        """Alias of ``list.max()``."""
        return self._list("list_max").max()

    def list_sum(self) -> Expr:
        """Alias of ``list.sum()``."""
        return self._list("list_sum").sum()

    def list_mean(self) -> Expr:
        """Alias of ``list.mean()``."""
        return self._list("list_mean").mean()

    def list_join(self, separator: Any) -> Expr:
        """Alias of ``list.join(separator)``."""
        return self._list("list_join").join(separator)

    def list_sort(self, descending: bool = False, nulls_last: bool = False) -> Expr:
        """Alias of ``list.sort(descending=..., nulls_last=...)``."""
        return self._list("list_sort").sort(
            descending=descending, nulls_last=nulls_last
        )

    def list_unique(self, stable: bool = False) -> Expr:
        """Alias of ``list.unique(maintain_order=stable)``."""
        return self._list("list_unique").unique(maintain_order=stable)

    def list_reverse(self) -> Expr:
        """Alias of ``list.reverse()``."""
        return self._list("list_reverse").reverse()

    def list_slice(self, offset: Any, length: Any = None) -> Expr:
        """Alias of ``list.slice(offset, length)``."""
        return self._list("list_slice").slice(offset, length)

    def list_concat(self, other: Any) -> Expr:
        """Alias of ``list.concat(other)``."""
        return self._list("list_concat").concat(other)

    def list_drop_nulls(self) -> Expr:
        """Alias of ``list.drop_nulls()``."""
        return self._list("list_drop_nulls").drop_nulls()

    def list_arg_min(self) -> Expr:
        """Alias of ``list.arg_min()``."""
        return self._list("list_arg_min").arg_min()

    def list_arg_max(self) -> Expr:
        """Alias of ``list.arg_max()``."""
        return self._list("list_arg_max").arg_max()

    def list_std(self) -> Expr:
        """Alias of ``list.std()``."""
        return self._list("list_std").std()

    def list_is_empty(self) -> Expr:
        """Whether the list has no elements (``list.len() == 0``)."""
        return self._list("list_is_empty").len() == 0

    def list_any(self) -> Expr:
        """Alias of ``list.any()``."""
        return self._list("list_any").any()

    def list_all(self) -> Expr:
        """Alias of ``list.all()``."""
        return self._list("list_all").all()

    def contains_any(self, *values: Any) -> Expr:
        """Whether the list contains at least one of the literal ``values``.

        Raises:
            TypeError: no value, or an expression among the values.
        """
        items = _values("contains_any", values)
        lst = self._list("contains_any")
        return reduce(lambda a, b: a | b, (lst.contains(v) for v in items))

    def contains_all(self, *values: Any) -> Expr:
        """Whether the list contains every one of the literal ``values``.

        Raises:
            TypeError: no value, or an expression among the values.
        """
        items = _values("contains_all", values)
        lst = self._list("contains_all")
        return reduce(lambda a, b: a & b, (lst.contains(v) for v in items))

    # -- structs -----------------------------------------------------------------------------------
    def struct_field(self, name: str) -> Expr:
        """Alias of ``struct.field(name)`` (unknown field: ``TypeError``)."""
        return self._struct("struct_field").field(name)

    def struct_json_encode(self) -> Expr:
        """Alias of ``struct.json_encode()``."""
        return self._struct("struct_json_encode").json_encode()

    def struct_json_path_match(self, path: str) -> Expr:
        """``struct.json_encode().str.json_path_match(path)``."""
        encoded = self._struct("struct_json_path_match").json_encode()
        return StringNamespace(encoded, "struct_json_path_match").json_path_match(path)

    def struct_rename_fields(self, names: Iterable[str]) -> Expr:
        """Alias of ``struct.rename_fields(names)``."""
        listed = [names] if isinstance(names, str) else list(names)
        return self._struct("struct_rename_fields").rename_fields(listed)

    def struct_with_fields(self, **exprs: Any) -> Expr:
        """Alias of ``struct.with_fields(**exprs)``."""
        return self._struct("struct_with_fields").with_fields(**exprs)

    # -- maps --------------------------------------------------------------------------------------
    def map_len(self) -> Expr:
        """Alias of ``map.len()``."""
        return self._map("map_len").len()

    def map_get(self, key: str) -> Expr:
        """Alias of ``map.get(key)`` (absent key: null)."""
        return self._map("map_get").get(key)

    def element_at(self, key: str) -> Expr:
        """Alias of ``map.get(key)`` (absent key: null)."""
        return self._map("element_at").get(key)

    def map_contains_key(self, key: str) -> Expr:
        """Alias of ``map.contains_key(key)``."""
        return self._map("map_contains_key").contains_key(key)

    def map_keys(self) -> Expr:
        """Alias of ``map.keys()``."""
        return self._map("map_keys").keys()

    def map_values(self) -> Expr:
        """Alias of ``map.values()``."""
        return self._map("map_values").values()

    def map_entries(self) -> Expr:
        """Alias of ``map.entries()``."""
        return self._map("map_entries").entries()

    def map_is_empty(self) -> Expr:
        """Alias of ``map.is_empty()``."""
        return self._map("map_is_empty").is_empty()

    def map_has_any_key(self, *keys: Any) -> Expr:
        """Alias of ``map.has_any_key(*keys)`` (str literals).

        Raises:
            TypeError: no key, an expression, or a key that is not a str.
        """
        return self._map("map_has_any_key").has_any_key(*keys)

    def map_from_entries(self) -> Expr:
        """A map from a list of ``{key, value}`` structs (later duplicate keys win)."""
        return from_entries(self._self(), label="map_from_entries")

    # -- binary ------------------------------------------------------------------------------------
    def binary_len(self) -> Expr:
        """Alias of ``bin.size()``: number of bytes."""
        return self._as(BinaryNamespace, "binary_len").size()
