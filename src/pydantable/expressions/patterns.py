"""Build-time checks of string patterns: empty patterns and invalid regexes.

Regexes are checked by the default engine (:meth:`Engine.check_regex
<pydantable.engines.Engine.check_regex>`; Polars uses the Rust ``regex``
crate), so a bad literal pattern raises ``ValueError`` when the expression is
built, not when the query runs.

Example:
    >>> import pydantable
    >>> check_pattern("str.contains", "a(", literal=True)  # a plain substring
    >>> check_pattern("str.contains", "a(", literal=False)
    Traceback (most recent call last):
    ...
    ValueError: str.contains(): invalid regex 'a(': error: unclosed group
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pydantable.engines import get_engine

__all__ = ["check_pattern"]


@lru_cache(maxsize=1024)
def _check_regex(pattern: str) -> str | None:
    return get_engine().check_regex(pattern)


def check_pattern(function: str, pattern: Any, *, literal: bool) -> None:
    """Reject an empty pattern, or an invalid regex, given as a Python string.

    ``function`` is the name the user called (messages name it).

    Patterns given as expressions are checked by the engine when it runs.

    Raises:
        ValueError: the pattern is empty, or not a valid regex (``literal=False``).
    """
    if not isinstance(pattern, str):
        return
    if pattern == "":
        msg = f"{function}() needs a non-empty pattern"
        raise ValueError(msg)
    if not literal:
        error = _check_regex(pattern)
        if error is not None:
            msg = f"{function}(): invalid regex {pattern!r}: {error}"
            raise ValueError(msg)
