"""The ``expr.str`` namespace: string functions (Polars names and semantics).

Functions apply to ``String`` expressions (and the string-stored semantic
dtypes ``Literal``/``Enum`` of strings, ``UUID``, ``IPv4``, ``IPv6``); anything
else raises ``TypeError`` when the expression is built. Literal regex patterns
are checked when the expression is built too (``ValueError``), in the Rust
``regex`` dialect the engine runs.

Example:
    >>> from pydantable import DataFrameModel
    >>> class User(DataFrameModel):
    ...     name: str
    >>> df = User({"name": [" Ada ", "bob"]})
    >>> df.select(df.name.str.strip_chars().str.to_uppercase()).to_dict()
    {'name': ['ADA', 'BOB']}
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantable import dtypes as dt
from pydantable.expressions import nodes as n
from pydantable.expressions.datetime import check_time_zone
from pydantable.expressions.infer import Typed, describe, register_function
from pydantable.expressions.kinds import INTEGER, STRING, elementwise, expect
from pydantable.expressions.mixin import is_expr
from pydantable.expressions.namespace import ExprNamespace
from pydantable.expressions.patterns import check_pattern
from pydantable.expressions.rules import as_dtype, python_words

if TYPE_CHECKING:
    from pydantable.expressions.expr import Expr

__all__ = ["StringNamespace", "loosen"]


def _pattern_arg(function: str, pattern: Any) -> Any:
    if not isinstance(pattern, str) and not _is_expr(pattern):
        msg = f"{function}() pattern must be a str or a string expression; got {pattern!r}"
        raise TypeError(msg)
    return pattern


def _is_expr(value: Any) -> bool:
    return is_expr(value)


def _int_arg(function: str, role: str, value: Any) -> Any:
    if isinstance(value, bool) or not (isinstance(value, int) or _is_expr(value)):
        msg = f"{function}() {role} must be an int or an int expression; got {value!r}"
        raise TypeError(msg)
    return value


class StringNamespace(ExprNamespace):
    """String functions of an expression (``expr.str.*``), named as in Polars."""

    __slots__ = ()

    # -- length and case -------------------------------------------------------
    def len_chars(self) -> Expr:
        """Number of characters (Unicode code points): ``df.s.str.len_chars()``."""
        return self._call("str.len_chars")

    def len_bytes(self) -> Expr:
        """Number of UTF-8 bytes: ``df.s.str.len_bytes()``."""
        return self._call("str.len_bytes")

    def to_uppercase(self) -> Expr:
        """Upper-case: ``df.s.str.to_uppercase()``."""
        return self._call("str.to_uppercase")

    def to_lowercase(self) -> Expr:
        """Lower-case: ``df.s.str.to_lowercase()``."""
        return self._call("str.to_lowercase")

    def to_titlecase(self) -> Expr:
        """Title-case each word: ``df.s.str.to_titlecase()``."""
        return self._call("str.to_titlecase")

    def reverse(self) -> Expr:
        """Reverse the characters: ``df.s.str.reverse()``."""
        return self._call("str.reverse")

    # -- stripping and padding -------------------------------------------------------
    def strip_chars(self, characters: str | None = None) -> Expr:
        """Remove leading and trailing ``characters`` (whitespace by default)."""
        return self._call("str.strip_chars", characters=_chars(characters))

    def strip_chars_start(self, characters: str | None = None) -> Expr:
        """Remove leading ``characters`` (whitespace by default)."""
        return self._call("str.strip_chars_start", characters=_chars(characters))

    def strip_chars_end(self, characters: str | None = None) -> Expr:
        """Remove trailing ``characters`` (whitespace by default)."""
        return self._call("str.strip_chars_end", characters=_chars(characters))

    def strip_prefix(self, prefix: Any) -> Expr:
        """Remove ``prefix`` once, if present: ``df.s.str.strip_prefix("x-")``."""
        return self._call("str.strip_prefix", prefix)

    def strip_suffix(self, suffix: Any) -> Expr:
        """Remove ``suffix`` once, if present: ``df.s.str.strip_suffix(".txt")``."""
        return self._call("str.strip_suffix", suffix)

    def pad_start(self, length: int, fill_char: str = " ") -> Expr:
        """Left-pad to ``length`` characters with ``fill_char``."""
        return self._call(
            "str.pad_start",
            _int_arg(self._name("str.pad_start"), "length", length),
            fill_char=_fill(self._name("str.pad_start"), fill_char),
        )

    def pad_end(self, length: int, fill_char: str = " ") -> Expr:
        """Right-pad to ``length`` characters with ``fill_char``."""
        return self._call(
            "str.pad_end",
            _int_arg(self._name("str.pad_end"), "length", length),
            fill_char=_fill(self._name("str.pad_end"), fill_char),
        )

    def zfill(self, length: Any) -> Expr:
        """Left-pad numeric strings with zeros (after a sign) to ``length``."""
        return self._call(
            "str.zfill", _int_arg(self._name("str.zfill"), "length", length)
        )

    # -- slicing -------------------------------------------------------------------------
    def slice(self, offset: Any, length: Any = None) -> Expr:
        """Characters from ``offset`` (negative: from the end), at most ``length``."""
        name = self._name("str.slice")
        offset = _int_arg(name, "offset", offset)
        if length is None:
            return self._call("str.slice", offset)
        return self._call("str.slice", offset, _int_arg(name, "length", length))

    def head(self, n: Any) -> Expr:
        """The first ``n`` characters (negative: all but the last ``-n``)."""
        return self._call("str.head", _int_arg(self._name("str.head"), "n", n))

    def tail(self, n: Any) -> Expr:
        """The last ``n`` characters (negative: all but the first ``-n``)."""
        return self._call("str.tail", _int_arg(self._name("str.tail"), "n", n))

    # -- matching -------------------------------------------------------------------------
    def starts_with(self, prefix: Any) -> Expr:
        """Whether the string starts with ``prefix``: ``df.s.str.starts_with("a")``."""
        return self._call("str.starts_with", prefix)

    def ends_with(self, suffix: Any) -> Expr:
        """Whether the string ends with ``suffix``: ``df.s.str.ends_with("z")``."""
        return self._call("str.ends_with", suffix)

    def contains(self, pattern: Any, *, literal: bool = False) -> Expr:
        """Whether ``pattern`` (a regex, or a plain substring with ``literal=True``) occurs."""
        name = self._name("str.contains")
        check_pattern(name, _pattern_arg(name, pattern), literal=literal)
        return self._call("str.contains", pattern, literal=literal)

    def find(self, pattern: Any, *, literal: bool = False) -> Expr:
        """Character index of the first match of ``pattern`` (null when absent)."""
        name = self._name("str.find")
        check_pattern(name, _pattern_arg(name, pattern), literal=literal)
        return self._call("str.find", pattern, literal=literal)

    def count_matches(self, pattern: Any, *, literal: bool = False) -> Expr:
        """Number of non-overlapping matches of ``pattern``."""
        name = self._name("str.count_matches")
        check_pattern(name, _pattern_arg(name, pattern), literal=literal)
        return self._call("str.count_matches", pattern, literal=literal)

    def extract(self, pattern: str, group_index: int = 1) -> Expr:
        """Capture group ``group_index`` of the first regex match (null when none)."""
        name = self._name("str.extract")
        check_pattern(name, _pattern_arg(name, pattern), literal=False)
        if (
            isinstance(group_index, bool)
            or not isinstance(group_index, int)
            or group_index < 0
        ):
            msg = f"{name}() group_index must be an int >= 0; got {group_index!r}"
            raise ValueError(msg)
        return self._call("str.extract", pattern, group_index=group_index)

    def extract_all(self, pattern: Any) -> Expr:
        """Every match of the regex ``pattern``, as a list of strings."""
        name = self._name("str.extract_all")
        check_pattern(name, _pattern_arg(name, pattern), literal=False)
        return self._call("str.extract_all", pattern)

    # -- replacing and splitting ----------------------------------------------------------
    def replace(
        self, pattern: Any, value: Any, *, literal: bool = False, n: int = 1
    ) -> Expr:
        """Replace the first ``n`` matches of ``pattern`` with ``value``.

        With a regex pattern, ``value`` may use ``$1``/``${name}`` group references.
        """
        name = self._name("str.replace")
        check_pattern(name, _pattern_arg(name, pattern), literal=literal)
        return self._call("str.replace", pattern, value, literal=literal, n=n)

    def replace_all(self, pattern: Any, value: Any, *, literal: bool = False) -> Expr:
        """Replace every match of ``pattern`` with ``value``."""
        name = self._name("str.replace_all")
        check_pattern(name, _pattern_arg(name, pattern), literal=literal)
        return self._call("str.replace_all", pattern, value, literal=literal)

    def split(self, by: Any, *, inclusive: bool = False, literal: bool = True) -> Expr:
        """Split on ``by`` into a list of strings (``by=""`` splits into characters)."""
        if not literal:
            name = self._name("str.split")
            check_pattern(name, _pattern_arg(name, by), literal=False)
        return self._call("str.split", by, inclusive=inclusive, literal=literal)

    # -- parsing --------------------------------------------------------------------------
    def to_integer(self, *, base: int = 10, strict: bool = True) -> Expr:
        """Parse integers in ``base``; invalid text fails the query (``strict=False``: null)."""
        if not 2 <= base <= 36:
            msg = (
                f"{self._name('str.to_integer')}() base must be in 2..36; got {base!r}"
            )
            raise ValueError(msg)
        return self._call("str.to_integer", base=base, strict=strict)

    def to_date(self, format: str | None = None, *, strict: bool = True) -> Expr:
        """Parse dates (``format`` in strftime syntax; inferred when ``None``).

        Strict like Polars: an unparsable string fails the query; with
        ``strict=False`` it becomes null (and the result is nullable).
        """
        return self.strptime(dt.Date(), format, strict=strict)

    def to_datetime(
        self,
        format: str | None = None,
        *,
        time_zone: str | None = None,
        strict: bool = True,
    ) -> Expr:
        """Parse datetimes (microseconds; ``time_zone`` makes them aware)."""
        return self.strptime(dt.Datetime(time_zone), format, strict=strict)

    def to_time(self, format: str | None = None, *, strict: bool = True) -> Expr:
        """Parse times of day."""
        return self.strptime(dt.Time(), format, strict=strict)

    def strptime(
        self,
        dtype: Any,
        format: str | None = None,
        *,
        strict: bool = True,
    ) -> Expr:
        """Parse to ``dtype`` (``Date``, ``Datetime(tz)`` or ``Time``) with ``format``."""
        name = self._name("str.strptime")
        target = as_dtype(dtype)
        if not isinstance(target, (dt.Date, dt.Datetime, dt.Time)):
            msg = f"{name}() parses to Date, Datetime or Time; got {target!r}"
            raise TypeError(msg)
        if format is not None and not isinstance(format, str):
            msg = f"{name} format must be a str or None; got {format!r}"
            raise TypeError(msg)
        if format == "":
            msg = f"{name} format must be non-empty (a strftime pattern such as '%Y-%m-%d')"
            raise ValueError(msg)
        if isinstance(target, dt.Datetime) and target.tz is not None:
            check_time_zone(name, target.tz)
        return self._call("str.strptime", dtype=target, format=format, strict=strict)

    def json_decode(self, dtype: Any) -> Expr:
        """Parse JSON text into ``dtype`` (every nested field becomes nullable).

        JSON ``null`` and missing object keys become nulls; invalid JSON fails
        the query (Polars semantics).
        """
        target = as_dtype(dtype)
        _check_decodable(self._name("str.json_decode"), target)
        return self._call("str.json_decode", dtype=loosen(target))

    def json_path_match(self, json_path: str) -> Expr:
        """The value at ``json_path`` (``$.a.b``) as a string; null when absent."""
        if not isinstance(json_path, str) or not json_path.startswith("$"):
            msg = (
                f"{self._name('str.json_path_match')}() path must be a non-empty "
                f"JSONPath string starting with '$'; got {json_path!r}"
            )
            raise ValueError(msg)
        return self._call("str.json_path_match", json_path=json_path)


def _chars(characters: str | None) -> str | None:
    if characters is not None and not isinstance(characters, str):
        msg = f"characters must be a str or None; got {characters!r}"
        raise TypeError(msg)
    return characters


def _fill(function: str, fill_char: str) -> str:
    if fill_char == "":
        msg = f"{function}() fill_char must be a single character; got an empty string"
        raise ValueError(msg)
    if not isinstance(fill_char, str) or len(fill_char) != 1:
        msg = f"{function}() fill_char must be a single character; got {fill_char!r}"
        raise ValueError(msg)
    return fill_char


def _check_decodable(function: str, dtype: dt.DType, *, top: bool = True) -> None:
    if top and isinstance(dtype, dt.Map):
        # a top-level ``dict[str, T]`` decodes JSON objects with any keys
        _check_decodable(function, dtype.value, top=False)
        return
    if dtype.storage() != dtype or isinstance(dtype, dt.Map):
        msg = (
            f"{function}() cannot decode into {python_words(dtype)}: decode into a "
            "struct (or its storage dtype) and validate"
        )
        raise TypeError(msg)
    if isinstance(dtype, dt.List):
        _check_decodable(function, dtype.inner, top=False)
    if isinstance(dtype, dt.Struct):
        for field in dtype.fields:
            _check_decodable(function, field.dtype, top=False)


def loosen(dtype: dt.DType) -> dt.DType:
    """``dtype`` with every nested element/field nullable (what untrusted data gives)."""
    if isinstance(dtype, dt.List):
        return dt.List(loosen(dtype.inner), inner_nullable=True)
    if isinstance(dtype, dt.Struct):
        fields = tuple(
            dt.StructField(f.name, loosen(f.dtype), True) for f in dtype.fields
        )
        return dt.Struct(fields)
    if isinstance(dtype, dt.Map):
        return dt.Map(loosen(dtype.value), value_nullable=True)
    return dtype


# -- typing rules -----------------------------------------------------------------------

STR = dt.String()
I64 = dt.Int64()
BOOL = dt.Boolean()

for _name in ("to_uppercase", "to_lowercase", "to_titlecase", "reverse"):
    elementwise(f"str.{_name}", STRING, STR)
for _name in ("strip_chars", "strip_chars_start", "strip_chars_end"):
    elementwise(f"str.{_name}", STRING, STR)
elementwise("str.len_bytes", STRING, I64)
elementwise("str.strip_prefix", STRING, STR, args=(("prefix", STRING),))
elementwise("str.strip_suffix", STRING, STR, args=(("suffix", STRING),))
elementwise("str.starts_with", STRING, BOOL, args=(("prefix", STRING),))
elementwise("str.ends_with", STRING, BOOL, args=(("suffix", STRING),))
elementwise("str.pad_start", STRING, STR, args=(("length", INTEGER),))
elementwise("str.pad_end", STRING, STR, args=(("length", INTEGER),))
elementwise("str.zfill", STRING, STR, args=(("length", INTEGER),))
elementwise("str.slice", STRING, STR, args=(("offset", INTEGER), ("length", INTEGER)))
elementwise("str.head", STRING, STR, args=(("n", INTEGER),))
elementwise("str.tail", STRING, STR, args=(("n", INTEGER),))
elementwise("str.contains", STRING, BOOL, args=(("pattern", STRING),))
elementwise("str.count_matches", STRING, I64, args=(("pattern", STRING),))
elementwise("str.find", STRING, I64, args=(("pattern", STRING),), nullable=True)
elementwise("str.extract", STRING, STR, args=(("pattern", STRING),), nullable=True)
elementwise("str.extract_all", STRING, dt.List(STR), args=(("pattern", STRING),))
elementwise("str.replace", STRING, STR, args=(("pattern", STRING), ("value", STRING)))
elementwise(
    "str.replace_all", STRING, STR, args=(("pattern", STRING), ("value", STRING))
)
elementwise("str.split", STRING, dt.List(STR), args=(("separator", STRING),))
elementwise("str.json_path_match", STRING, STR, nullable=True)
elementwise(
    "str.json_decode",
    STRING,
    lambda _, call: call.option("dtype"),
    nullable=True,
    requirement="requires a string-like column",
)


@register_function("str.len_chars")
def _len_chars_rule(types: list[Typed], call: n.Call) -> Typed:
    typed = types[0]
    if call.label == "len" and not STRING(typed.dtype):
        # the original's ``Expr.len()`` wording
        msg = (
            "len() is only supported for string columns. Got "
            f"{python_words(typed.dtype, typed.nullable)} in {describe(call.args[0])}."
        )
        raise TypeError(msg)
    expect(call.called_as, STRING, typed, call.args[0])
    return Typed(I64, typed.nullable)


@register_function("str.strptime")
def _strptime_rule(types: list[Typed], call: n.Call) -> Typed:
    expect(call.called_as, STRING, types[0], call.args[0])
    nullable = types[0].nullable or not call.option("strict", True)
    return Typed(call.option("dtype"), nullable)


@register_function("str.to_integer")
def _to_integer_rule(types: list[Typed], call: n.Call) -> Typed:
    expect(call.called_as, STRING, types[0], call.args[0])
    return Typed(I64, types[0].nullable or not call.option("strict", True))
