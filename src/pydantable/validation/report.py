"""Collecting cell errors during ingest and raising them Pydantic-style."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic_core import (
    InitErrorDetails,
    PydanticCustomError,
    ValidationError,
    core_schema,
)

__all__ = [
    "DEFAULT_MAX_ERRORS",
    "ErrorReport",
    "RowFailure",
    "json_tokens",
    "validation_error",
    "with_json_tokens",
]

DEFAULT_MAX_ERRORS = 100

#: Where the row index goes in error locations: columnar input reports
#: ``(column, row, ...)``, row-list input ``(row, column, ...)``.
Layout = Literal["columns", "rows"]


@dataclass
class RowFailure:
    """The errors of one rejected row (for ``ignore_errors`` callbacks)."""

    row_index: int
    errors: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ErrorReport:
    """Accumulates cell errors; keeps details for the first ``max_errors``.

    Every error is a Pydantic error dict (``type``, ``loc``, ``msg``, ``input``,
    optional ``ctx``) whose ``loc`` is relative to the cell.
    """

    title: str
    layout: Layout
    max_errors: int = DEFAULT_MAX_ERRORS
    keep_all: bool = False
    total: int = 0
    details: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)
    failures: dict[int, RowFailure] = field(default_factory=dict)
    column_order: dict[str, int] = field(default_factory=dict)
    #: Row input: column → validation alias, and the rows whose key was the alias.
    #: Locations name the key Pydantic would (the alias when used or missing).
    aliases: dict[str, str] = field(default_factory=dict)
    alias_rows: dict[str, set[int]] = field(default_factory=dict)

    #: Details kept per column. The error shows the first ``max_errors`` errors
    #: in location order, and any column may hold them all, so each column keeps
    #: its first ``max_errors`` (by row); the rest only count.
    kept: dict[str, int] = field(default_factory=dict)
    last_row: dict[str, int] = field(default_factory=dict)

    def add(self, row: int, column: str, error: dict[str, Any]) -> None:
        """Record one error of cell ``(row, column)``."""
        self.total += 1
        if self.keep_all:
            self.details.append((row, column, error))
        else:
            kept = self.kept.get(column, 0)
            if kept < self.max_errors:
                self.kept[column] = kept + 1
                self.details.append((row, column, error))
                self.last_row[column] = max(row, self.last_row.get(column, row))
            elif row < self.last_row[column]:
                self.details.append((row, column, error))  # added out of row order
                self._trim(column)
        if self.keep_all:
            failure = self.failures.setdefault(row, RowFailure(row))
            prefix = (self._key(row, column, error),) if column else ()
            failure.errors.append(_relocated(error, (*prefix, *error.get("loc", ()))))

    def add_count(self, count: int) -> None:
        """Record ``count`` errors whose details are not needed."""
        self.total += count

    def wants_details(self, column: str) -> bool:
        """Whether more error details of ``column`` (at later rows) are still useful."""
        return self.keep_all or self.kept.get(column, 0) < self.max_errors

    def _trim(self, column: str) -> None:
        """Keep only the first ``max_errors`` details of ``column`` by row."""
        mine = sorted((d for d in self.details if d[1] == column), key=lambda d: d[0])[
            : self.max_errors
        ]
        self.details = [d for d in self.details if d[1] != column] + mine
        self.last_row[column] = mine[-1][0]

    @property
    def failed_rows(self) -> list[int]:
        """Indices of rows that have at least one error, sorted."""
        return sorted({row for row, _, _ in self.details} | set(self.failures))

    def __bool__(self) -> bool:
        return self.total > 0

    def to_validation_error(self) -> ValidationError:
        """A :class:`pydantic.ValidationError` with absolute locations."""
        position = self.column_order
        last = len(position)

        def key(detail: tuple[int, str, dict[str, Any]]) -> tuple[int, int]:
            column = position.get(detail[1], last)
            return (detail[0], column) if self.layout == "rows" else (column, detail[0])

        ordered = sorted(self.details, key=key)[: self.max_errors]
        line_errors = [
            _init_details(error, self._loc(row, column, error))
            for row, column, error in ordered
        ]
        exc = ValidationError.from_exception_data(self.title, line_errors)
        exc.pydantable_total_errors = self.total  # type: ignore[attr-defined]
        if self.total > len(line_errors) and hasattr(exc, "add_note"):
            exc.add_note(
                f"{self.total} errors in total; the first {len(line_errors)} are shown "
                "(pydantable.errors.error_total(exc) returns the full count)"
            )
        return exc

    def _loc(self, row: int, column: str, error: dict[str, Any]) -> tuple[Any, ...]:
        inner = tuple(error.get("loc", ()))
        if not column:  # a whole-row error (model validator)
            return (row, *inner) if self.layout == "rows" else ("__row__", row, *inner)
        if self.layout == "rows":
            return (row, self._key(row, column, error), *inner)
        return (column, row, *inner)

    def _key(self, row: int, column: str, error: dict[str, Any]) -> str:
        alias = self.aliases.get(column)
        if alias is None:
            return column
        if error.get("type") == "missing" or row in self.alias_rows.get(column, ()):
            return alias
        return column


def _relocated(error: dict[str, Any], loc: tuple[Any, ...]) -> dict[str, Any]:
    out = {k: v for k, v in error.items() if k != "url"}
    out["loc"] = loc
    return out


_KNOWN_TYPES: set[str] | None = None


def _known_types() -> set[str]:
    global _KNOWN_TYPES
    if _KNOWN_TYPES is None:
        _KNOWN_TYPES = set(core_schema.ErrorType.__args__)  # type: ignore[attr-defined]
    return _KNOWN_TYPES


def _init_details(error: dict[str, Any], loc: tuple[Any, ...]) -> InitErrorDetails:
    kind = error["type"]
    ctx = error.get("ctx")
    detail: dict[str, Any] = {"loc": loc, "input": error.get("input")}
    if kind in _known_types() and (
        kind not in ("value_error", "assertion_error") or (ctx and "error" in ctx)
    ):
        detail["type"] = kind
        if ctx:
            detail["ctx"] = ctx
    else:
        detail["type"] = PydanticCustomError(kind, str(error["msg"]), None)
    return detail  # type: ignore[return-value]


def validation_error(
    title: str, errors: Iterable[Mapping[str, Any]], *, total: int | None = None
) -> ValidationError:
    """A :class:`pydantic.ValidationError` of error dicts (``type``, ``loc``,
    ``msg``, ``input``, optional ``ctx``), as Pydantic reports them.

    Example:
        >>> exc = validation_error("T", [{"type": "missing", "loc": ("a",), "input": {}}])
        >>> [(e["type"], e["loc"], e["msg"]) for e in exc.errors()]
        [('missing', ('a',), 'Field required')]
    """
    line_errors = [_init_details(dict(e), tuple(e.get("loc", ()))) for e in errors]
    exc = ValidationError.from_exception_data(title, line_errors)
    exc.pydantable_total_errors = (  # type: ignore[attr-defined]
        len(line_errors) if total is None else total
    )
    return exc


#: Containers deeper than this in an error's input are written as a placeholder
#: (``"[...]"``, ``"{...}"``): bounded answers, and no recursion limit reached.
MAX_INPUT_DEPTH = 32


def json_tokens(value: Any, _depth: int = 0) -> Any:
    """``value`` with its non-finite floats as the JSON tokens a client sends for
    them (``"NaN"``, ``"Infinity"``, ``"-Infinity"``): JSON has no such numbers,
    so an error answer holding one could not be written. Strings holding a lone
    surrogate are escaped (not writable as UTF-8), and containers nested deeper
    than :data:`MAX_INPUT_DEPTH` become ``"[...]"``/``"{...}"``.

    Example:
        >>> json_tokens({"a": [float("nan"), 1.5, float("-inf")]})
        {'a': ['NaN', 1.5, '-Infinity']}
        >>> json_tokens([[[1]]], _depth=MAX_INPUT_DEPTH - 1)
        ['[...]']
    """
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        return (
            "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
        )
    if isinstance(value, str):
        return _escaped(value) if _unwritable(value) else value
    if isinstance(value, (list, tuple, dict)) and _depth >= MAX_INPUT_DEPTH:
        return "{...}" if isinstance(value, dict) else "[...]"
    if isinstance(value, (list, tuple)):
        return [json_tokens(v, _depth + 1) for v in value]
    if isinstance(value, dict):
        return {
            json_tokens(k, _depth + 1): json_tokens(v, _depth + 1)
            for k, v in value.items()
        }
    return value


def _unwritable(text: str) -> bool:
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _escaped(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _has_non_finite(value: Any, depth: int = 0) -> bool:
    """Whether :func:`json_tokens` would change ``value``."""
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, str):
        return _unwritable(value)
    if isinstance(value, (list, tuple, dict)) and depth >= MAX_INPUT_DEPTH:
        return True
    if isinstance(value, (list, tuple)):
        return any(_has_non_finite(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return any(_has_non_finite(v, depth + 1) for v in value.values()) or any(
            _has_non_finite(k, depth + 1) for k in value
        )
    return False


def with_json_tokens(exc: ValidationError) -> ValidationError:
    """``exc``, or the same errors with :func:`json_tokens` inputs (and locations)
    when an input holds a non-finite float (what a JSON ``NaN``/``Infinity``
    token decodes to) or a string with a lone surrogate."""
    errors = exc.errors(include_url=False)
    if not any(
        _has_non_finite(e.get("input")) or _has_non_finite(list(e["loc"]))
        for e in errors
    ):
        return exc
    total = getattr(exc, "pydantable_total_errors", len(errors))
    return validation_error(
        exc.title,
        (
            {
                **e,
                "loc": tuple(json_tokens(list(e["loc"]))),
                "input": json_tokens(e.get("input")),
            }
            for e in errors
        ),
        total=total,
    )
