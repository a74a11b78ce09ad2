"""Errors of file scans located by file: ``ctx["file"]`` and ``ctx["file_row"]``.

Example:
    >>> import pydantic
    >>> from pydantable.io.locate import with_files
    >>> try:
    ...     pydantic.TypeAdapter(int).validate_python("x")
    ... except pydantic.ValidationError as exc:
    ...     err = with_files(exc, {}, "f.csv")
    >>> err.errors()[0]["type"]
    'int_parsing'
"""

from __future__ import annotations

from typing import Any

from pydantic_core import PydanticCustomError, ValidationError

from pydantable.validation.report import _known_types

__all__ = ["relabel_files", "with_files"]


def with_files(
    exc: ValidationError,
    located: dict[tuple[Any, Any], tuple[str, int]],
    source: object,
) -> ValidationError:
    """``exc`` with ``ctx["file"]``/``ctx["file_row"]`` added to each cell error
    (found in ``located`` by ``(column, scan row)``) and a note naming the files."""
    line_errors: list[Any] = []
    lines: list[str] = []
    for error in exc.errors():
        loc = error["loc"]
        where = located.get((loc[0], loc[1])) if len(loc) >= 2 else None
        ctx = dict(error.get("ctx") or {})
        if where is not None:
            ctx.update(file=where[0], file_row=where[1])
            lines.append(f"  {loc[0]!r} row {loc[1]}: {where[0]} row {where[1]}")
        kind = error["type"]
        detail: dict[str, Any] = {"loc": loc, "input": error["input"]}
        if kind in _known_types():
            detail["type"] = kind
            if ctx:
                detail["ctx"] = ctx
        else:
            detail["type"] = PydanticCustomError(kind, error["msg"], ctx or None)
        line_errors.append(detail)
    out = ValidationError.from_exception_data(exc.title, line_errors)
    out.pydantable_total_errors = getattr(  # type: ignore[attr-defined]
        exc, "pydantable_total_errors", len(line_errors)
    )
    notes = [
        *getattr(exc, "__notes__", ()),
        f"while reading {source!s}; errors by file:\n" + "\n".join(lines),
    ]
    if hasattr(out, "add_note"):
        for note in notes:
            out.add_note(note)
    return out


def relabel_files(exc: ValidationError, names: dict[str, str]) -> ValidationError:
    """``exc`` with the ``ctx["file"]`` of each error renamed through ``names``
    (a local copy → the URL or object-store URI it was downloaded from)."""
    located: dict[tuple[Any, Any], tuple[str, int]] = {}
    for error in exc.errors():
        ctx = error.get("ctx") or {}
        loc = error["loc"]
        if "file" in ctx and len(loc) >= 2:
            file = str(ctx["file"])
            located[(loc[0], loc[1])] = (names.get(file, file), ctx["file_row"])
    sources = sorted(set(names.values()))
    return with_files(exc, located, sources[0] if len(sources) == 1 else sources)
