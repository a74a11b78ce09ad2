"""Build-time checks of string patterns: empty patterns and invalid regexes.

Regexes are checked in the dialect of the engine that runs them (the Polars
engine installs a validator for the Rust ``regex`` crate when it is imported),
so a bad literal pattern raises ``ValueError`` when the expression is built,
not when the query runs.

Example:
    >>> import pydantable
    >>> check_pattern("str.contains", "a(", literal=True)  # a plain substring
    >>> check_pattern("str.contains", "a(", literal=False)
    Traceback (most recent call last):
    ...
    ValueError: str.contains: invalid regex 'a(': error: unclosed group
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

__all__ = ["RegexValidator", "check_pattern", "set_regex_validator"]

#: Checks a regex in the engine's dialect: returns an error message or ``None``.
RegexValidator = Callable[[str], "str | None"]
_validators: list[RegexValidator] = []


def set_regex_validator(validator: RegexValidator) -> None:
    """Install the engine's regex check (the Polars engine does on import)."""
    _validators[:] = [validator]
    _check_regex.cache_clear()


@lru_cache(maxsize=1024)
def _check_regex(pattern: str) -> str | None:
    for validator in _validators:
        error = validator(pattern)
        if error is not None:
            return error
    return None


def check_pattern(function: str, pattern: Any, *, literal: bool) -> None:
    """Reject an empty pattern, or an invalid regex, given as a Python string.

    Patterns given as expressions are checked by the engine when it runs.

    Raises:
        ValueError: the pattern is empty, or not a valid regex (``literal=False``).
    """
    if not isinstance(pattern, str):
        return
    if pattern == "":
        msg = f"{function} needs a non-empty pattern"
        raise ValueError(msg)
    if not literal:
        error = _check_regex(pattern)
        if error is not None:
            msg = f"{function}: invalid regex {pattern!r}: {error}"
            raise ValueError(msg)
