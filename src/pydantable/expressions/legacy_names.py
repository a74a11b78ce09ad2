"""The original pydantable's flat method names (``str_contains``, ``dt_year``, ...).

Each is a thin alias of a namespace method (``expr.str`` / ``.dt`` / ``.list`` /
``.struct`` / ``.map`` / ``.bin``), so both spellings build the same
expression. New code should prefer the Polars-style namespaces.

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
from typing import TYPE_CHECKING, Any

from pydantable.expressions.datetime import from_epoch
from pydantable.expressions.map import from_entries
from pydantable.expressions.mixin import ExprMixin

if TYPE_CHECKING:
    from pydantable.expressions.expr import Expr

__all__ = ["LegacyNameMethods"]

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
        msg = f"{function} unit must be one of {sorted(set(_UNITS))}; got {unit!r}"
        raise ValueError(msg) from None


def _values(function: str, values: tuple[Any, ...]) -> list[Any]:
    if len(values) == 1 and isinstance(values[0], (list, tuple, set, frozenset)):
        values = tuple(values[0])
    if not values:
        msg = f"{function} needs at least one value"
        raise ValueError(msg)
    return list(values)


class LegacyNameMethods(ExprMixin):
    """Mixed into :class:`~pydantable.expressions.Expr`: the original's flat names."""

    __slots__ = ()

    def _self(self) -> Expr:
        return self  # type: ignore[return-value]

    # -- strings ----------------------------------------------------------------------------
    def upper(self) -> Expr:
        """Alias of ``str.to_uppercase()``."""
        return self._self().str.to_uppercase()

    def lower(self) -> Expr:
        """Alias of ``str.to_lowercase()``."""
        return self._self().str.to_lowercase()

    def strip(self) -> Expr:
        """Alias of ``str.strip_chars()`` (whitespace)."""
        return self._self().str.strip_chars()

    def strip_chars(self, characters: str | None = None) -> Expr:
        """Alias of ``str.strip_chars(characters)``."""
        return self._self().str.strip_chars(characters)

    def strip_prefix(self, prefix: Any) -> Expr:
        """Alias of ``str.strip_prefix(prefix)``."""
        return self._self().str.strip_prefix(prefix)

    def strip_suffix(self, suffix: Any) -> Expr:
        """Alias of ``str.strip_suffix(suffix)``."""
        return self._self().str.strip_suffix(suffix)

    def substr(self, start: Any, length: Any = None) -> Expr:
        """Alias of ``str.slice(start, length)`` (0-based ``start``)."""
        return self._self().str.slice(start, length)

    def char_length(self) -> Expr:
        """Alias of ``str.len_chars()``."""
        return self._self().str.len_chars()

    def str_len(self) -> Expr:
        """Alias of ``str.len_chars()``."""
        return self._self().str.len_chars()

    def str_reverse(self) -> Expr:
        """Alias of ``str.reverse()``."""
        return self._self().str.reverse()

    def str_pad_start(self, length: int, fill_char: str = " ") -> Expr:
        """Alias of ``str.pad_start(length, fill_char)``."""
        return self._self().str.pad_start(length, fill_char)

    def str_pad_end(self, length: int, fill_char: str = " ") -> Expr:
        """Alias of ``str.pad_end(length, fill_char)``."""
        return self._self().str.pad_end(length, fill_char)

    def str_zfill(self, length: int) -> Expr:
        """Alias of ``str.zfill(length)``."""
        return self._self().str.zfill(length)

    def starts_with(self, prefix: Any) -> Expr:
        """Alias of ``str.starts_with(prefix)``."""
        return self._self().str.starts_with(prefix)

    def ends_with(self, suffix: Any) -> Expr:
        """Alias of ``str.ends_with(suffix)``."""
        return self._self().str.ends_with(suffix)

    def str_contains(self, substring: Any) -> Expr:
        """Alias of ``str.contains(substring, literal=True)`` (a plain substring)."""
        return self._self().str.contains(substring, literal=True)

    def str_contains_pat(self, pattern: Any, literal: bool = False) -> Expr:
        """Alias of ``str.contains(pattern, literal=literal)`` (a regex by default)."""
        return self._self().str.contains(pattern, literal=literal)

    def matches(self, pattern: Any) -> Expr:
        """Alias of ``str.contains(pattern)``: whether the regex matches anywhere.

        Anchor the pattern (``^...$``) for a whole-string match.
        """
        return self._self().str.contains(pattern)

    def str_replace(self, old: Any, new: Any, literal: bool = True) -> Expr:
        """Alias of ``str.replace_all(old, new, literal=literal)`` (every occurrence)."""
        return self._self().str.replace_all(old, new, literal=literal)

    def str_split(self, delimiter: Any) -> Expr:
        """Alias of ``str.split(delimiter)``: a list of strings."""
        return self._self().str.split(delimiter)

    def str_extract_regex(self, pattern: str, group_index: int = 1) -> Expr:
        """Alias of ``str.extract(pattern, group_index)``."""
        return self._self().str.extract(pattern, group_index)

    def str_json_path_match(self, path: str) -> Expr:
        """Alias of ``str.json_path_match(path)``."""
        return self._self().str.json_path_match(path)

    def str_json_decode(self, dtype: Any) -> Expr:
        """Alias of ``str.json_decode(dtype)``."""
        return self._self().str.json_decode(dtype)

    def is_empty_str(self) -> Expr:
        """Whether the string is ``""`` (null stays null)."""
        return self._self() == ""

    def is_blank_str(self) -> Expr:
        """Whether the string is empty or only whitespace (null stays null)."""
        return self._self().str.strip_chars() == ""

    def is_null_or_empty_str(self) -> Expr:
        """Whether the string is null or ``""`` (never null)."""
        return (self._self() == "").fill_null(True)

    def is_not_null_and_not_empty_str(self) -> Expr:
        """Whether the string is neither null nor ``""`` (never null)."""
        return (self._self() != "").fill_null(False)

    # -- temporal ----------------------------------------------------------------------------
    def dt_year(self) -> Expr:
        """Alias of ``dt.year()``."""
        return self._self().dt.year()

    def dt_quarter(self) -> Expr:
        """Alias of ``dt.quarter()``."""
        return self._self().dt.quarter()

    def dt_month(self) -> Expr:
        """Alias of ``dt.month()``."""
        return self._self().dt.month()

    def dt_week(self) -> Expr:
        """Alias of ``dt.week()`` (ISO week)."""
        return self._self().dt.week()

    def dt_weekday(self) -> Expr:
        """Alias of ``dt.weekday()`` (ISO: Monday = 1)."""
        return self._self().dt.weekday()

    def dt_day(self) -> Expr:
        """Alias of ``dt.day()``."""
        return self._self().dt.day()

    def dt_dayofyear(self) -> Expr:
        """Alias of ``dt.ordinal_day()``."""
        return self._self().dt.ordinal_day()

    def dt_hour(self) -> Expr:
        """Alias of ``dt.hour()``."""
        return self._self().dt.hour()

    def dt_minute(self) -> Expr:
        """Alias of ``dt.minute()``."""
        return self._self().dt.minute()

    def dt_second(self) -> Expr:
        """Alias of ``dt.second()``."""
        return self._self().dt.second()

    def dt_millisecond(self) -> Expr:
        """Alias of ``dt.millisecond()``."""
        return self._self().dt.millisecond()

    def dt_microsecond(self) -> Expr:
        """Alias of ``dt.microsecond()``."""
        return self._self().dt.microsecond()

    def dt_nanosecond(self) -> Expr:
        """Alias of ``dt.nanosecond()``."""
        return self._self().dt.nanosecond()

    def dt_date(self) -> Expr:
        """Alias of ``dt.date()``."""
        return self._self().dt.date()

    def dt_time(self) -> Expr:
        """Alias of ``dt.time()``."""
        return self._self().dt.time()

    def dt_truncate(self, every: Any) -> Expr:
        """Alias of ``dt.truncate(every)``."""
        return self._self().dt.truncate(every)

    def dt_round(self, every: Any) -> Expr:
        """Alias of ``dt.round(every)``."""
        return self._self().dt.round(every)

    def dt_offset_by(self, by: Any) -> Expr:
        """Alias of ``dt.offset_by(by)``."""
        return self._self().dt.offset_by(by)

    def dt_combine(self, time: Any) -> Expr:
        """Alias of ``dt.combine(time)``."""
        return self._self().dt.combine(time)

    def strptime(self, format: str, to_datetime: bool = True) -> Expr:
        """Parse text: ``str.to_datetime(format)``, or ``str.to_date(format)``."""
        s = self._self().str
        return s.to_datetime(format) if to_datetime else s.to_date(format)

    def unix_timestamp(self, unit: str = "s") -> Expr:
        """Alias of ``dt.epoch(unit)``: time since 1970-01-01 (seconds by default)."""
        return self._self().dt.epoch(_unit("unix_timestamp", unit))

    def from_unix_time(self, unit: str = "s") -> Expr:
        """Integers since 1970-01-01 in ``unit`` (seconds by default) as a naive datetime."""
        return from_epoch(self._self(), _unit("from_unix_time", unit))

    # -- lists -------------------------------------------------------------------------------------
    def list_len(self) -> Expr:
        """Alias of ``list.len()``."""
        return self._self().list.len()

    def list_get(self, index: Any) -> Expr:
        """Alias of ``list.get(index, null_on_oob=True)``: out of bounds gives null."""
        return self._self().list.get(index, null_on_oob=True)

    def list_contains(self, item: Any) -> Expr:
        """Alias of ``list.contains(item)``."""
        return self._self().list.contains(item)

    def list_min(self) -> Expr:
        """Alias of ``list.min()``."""
        return self._self().list.min()

    def list_max(self) -> Expr:
        """Alias of ``list.max()``."""
        return self._self().list.max()

    def list_sum(self) -> Expr:
        """Alias of ``list.sum()``."""
        return self._self().list.sum()

    def list_mean(self) -> Expr:
        """Alias of ``list.mean()``."""
        return self._self().list.mean()

    def list_join(self, separator: Any) -> Expr:
        """Alias of ``list.join(separator)``."""
        return self._self().list.join(separator)

    def list_sort(self, descending: bool = False, nulls_last: bool = False) -> Expr:
        """Alias of ``list.sort(descending=..., nulls_last=...)``."""
        return self._self().list.sort(descending=descending, nulls_last=nulls_last)

    def list_unique(self, stable: bool = False) -> Expr:
        """Alias of ``list.unique(maintain_order=stable)``."""
        return self._self().list.unique(maintain_order=stable)

    def list_reverse(self) -> Expr:
        """Alias of ``list.reverse()``."""
        return self._self().list.reverse()

    def list_slice(self, offset: Any, length: Any = None) -> Expr:
        """Alias of ``list.slice(offset, length)``."""
        return self._self().list.slice(offset, length)

    def list_concat(self, other: Any) -> Expr:
        """Alias of ``list.concat(other)``."""
        return self._self().list.concat(other)

    def list_drop_nulls(self) -> Expr:
        """Alias of ``list.drop_nulls()``."""
        return self._self().list.drop_nulls()

    def list_arg_min(self) -> Expr:
        """Alias of ``list.arg_min()``."""
        return self._self().list.arg_min()

    def list_arg_max(self) -> Expr:
        """Alias of ``list.arg_max()``."""
        return self._self().list.arg_max()

    def list_std(self) -> Expr:
        """Alias of ``list.std()``."""
        return self._self().list.std()

    def list_is_empty(self) -> Expr:
        """Whether the list has no elements (``list.len() == 0``)."""
        return self._self().list.len() == 0

    def list_any(self) -> Expr:
        """Alias of ``list.any()``."""
        return self._self().list.any()

    def list_all(self) -> Expr:
        """Alias of ``list.all()``."""
        return self._self().list.all()

    def contains_any(self, *values: Any) -> Expr:
        """Whether the list contains at least one of ``values``."""
        items = _values("contains_any", values)
        lst = self._self().list
        return reduce(lambda a, b: a | b, (lst.contains(v) for v in items))

    def contains_all(self, *values: Any) -> Expr:
        """Whether the list contains every one of ``values``."""
        items = _values("contains_all", values)
        lst = self._self().list
        return reduce(lambda a, b: a & b, (lst.contains(v) for v in items))

    # -- structs -----------------------------------------------------------------------------------
    def struct_field(self, name: str) -> Expr:
        """Alias of ``struct.field(name)``."""
        return self._self().struct.field(name)

    def struct_json_encode(self) -> Expr:
        """Alias of ``struct.json_encode()``."""
        return self._self().struct.json_encode()

    def struct_json_path_match(self, path: str) -> Expr:
        """``struct.json_encode().str.json_path_match(path)``."""
        return self._self().struct.json_encode().str.json_path_match(path)

    def struct_rename_fields(self, names: Iterable[str]) -> Expr:
        """Alias of ``struct.rename_fields(names)``."""
        return self._self().struct.rename_fields(list(names))

    def struct_with_fields(self, **exprs: Any) -> Expr:
        """Alias of ``struct.with_fields(**exprs)``."""
        return self._self().struct.with_fields(**exprs)

    # -- maps --------------------------------------------------------------------------------------
    def map_len(self) -> Expr:
        """Alias of ``map.len()``."""
        return self._self().map.len()

    def map_get(self, key: str) -> Expr:
        """Alias of ``map.get(key)`` (absent key: null)."""
        return self._self().map.get(key)

    def element_at(self, key: str) -> Expr:
        """Alias of ``map.get(key)`` (absent key: null)."""
        return self._self().map.get(key)

    def map_contains_key(self, key: str) -> Expr:
        """Alias of ``map.contains_key(key)``."""
        return self._self().map.contains_key(key)

    def map_keys(self) -> Expr:
        """Alias of ``map.keys()``."""
        return self._self().map.keys()

    def map_values(self) -> Expr:
        """Alias of ``map.values()``."""
        return self._self().map.values()

    def map_entries(self) -> Expr:
        """Alias of ``map.entries()``."""
        return self._self().map.entries()

    def map_is_empty(self) -> Expr:
        """Alias of ``map.is_empty()``."""
        return self._self().map.is_empty()

    def map_has_any_key(self, *keys: Any) -> Expr:
        """Alias of ``map.has_any_key(*keys)``."""
        return self._self().map.has_any_key(*keys)

    def map_from_entries(self) -> Expr:
        """A map from a list of ``{key, value}`` structs (later duplicate keys win)."""
        return from_entries(self._self())

    # -- binary ------------------------------------------------------------------------------------
    def binary_len(self) -> Expr:
        """Alias of ``bin.size()``: number of bytes."""
        return self._self().bin.size()
