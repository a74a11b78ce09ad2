"""Exceptions and warnings raised by pydantable.

Data errors (the input is wrong) are :class:`pydantic.ValidationError` for bad
cells, :class:`ColumnLengthMismatchError` for ragged columns and
:class:`SchemaMismatchError` for missing or unknown columns. Definition errors
(the model or expression is wrong) are ``TypeError`` raised when the class body
executes or the expression is built.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

__all__ = [
    "ColumnLengthMismatchError",
    "ColumnNotFoundError",
    "DtypeDriftWarning",
    "EngineExecutionError",
    "JoinValidationError",
    "MissingOptionalDependency",
    "MissingRustExtensionError",
    "PydantableUserError",
    "SchemaMismatchError",
    "StructFieldNotFoundError",
    "UnsupportedEngineOperationError",
    "error_total",
]


class PydantableUserError(ValueError):
    """Base class of pydantable's own data and usage errors (a ``ValueError``)."""


class JoinValidationError(PydantableUserError):
    """``join(validate=...)`` found duplicate keys on a side declared unique."""


class ColumnLengthMismatchError(PydantableUserError):
    """Columns of a column-dict input have different lengths."""

    def __init__(self, lengths: dict[str, int]) -> None:
        self.lengths = dict(lengths)
        described = ", ".join(f"{k}={v}" for k, v in lengths.items())
        super().__init__(
            f"All columns must have the same length; got {sorted(set(lengths.values()))} "
            f"({described})"
        )


class SchemaMismatchError(PydantableUserError):
    """Input columns do not match the schema (missing, unknown or mistyped)."""


class ColumnNotFoundError(PydantableUserError, KeyError):
    """A referenced column does not exist in the frame."""

    def __init__(self, message: str, *, name: str = "") -> None:
        super().__init__(message)
        self.name = name

    def __str__(self) -> str:
        return str(self.args[0])

    @classmethod
    def from_missing(cls, name: str, available: Sequence[str]) -> ColumnNotFoundError:
        """Build the error for ``name``, suggesting close matches."""
        close = difflib.get_close_matches(name, list(available), n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        return cls(
            f"column {name!r} not found; available columns: {list(available)}.{hint}",
            name=name,
        )


class StructFieldNotFoundError(ColumnNotFoundError, TypeError):
    """A struct expression has no field of that name (raised when the expression
    is built).

    A ``TypeError`` as in the original pydantable ("Unknown struct field ..."),
    and a :class:`ColumnNotFoundError` (a ``KeyError``) as for columns.
    """


class EngineExecutionError(PydantableUserError):
    """The engine failed while running a plan: a value it could not parse,
    decode, cast strictly or explode (``str.to_date`` on ``"not a date"``, invalid
    JSON in ``str_json_decode``, ...).

    The message is the engine's; the engine's own exception is ``__cause__``.
    """


class MissingOptionalDependency(ImportError):  # noqa: N818 - the original's public name
    """An optional dependency is needed; the message names the extra to install."""


class MissingRustExtensionError(NotImplementedError):
    """Kept for API compatibility with the original pydantable; never raised here.

    This implementation is pure Python on Polars and has no native extension.
    """


class UnsupportedEngineOperationError(PydantableUserError):
    """The selected engine cannot run an operation of the plan."""


class DtypeDriftWarning(UserWarning):
    """Trusted input had to be cast to the schema dtype (lossless) without validation."""


def error_total(exc: BaseException) -> int:
    """The total number of cell errors behind a (possibly capped) ValidationError.

    Ingest reports at most ``max_errors`` errors in detail; this returns the full
    count, which is larger when the report was capped.
    """
    total = getattr(exc, "pydantable_total_errors", None)
    if isinstance(total, int):
        return total
    count = getattr(exc, "error_count", None)
    return int(count()) if callable(count) else 0
