"""Exceptions and warnings raised by pydantable.

Data errors (the input is wrong) are :class:`pydantic.ValidationError` for bad
cells, :class:`ColumnLengthMismatchError` for ragged columns and
:class:`SchemaMismatchError` for missing or unknown columns. Definition errors
(the model or expression is wrong) are ``TypeError`` raised when the class body
executes or the expression is built.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping, Sequence

__all__ = [
    "ColumnLengthMismatchError",
    "ColumnNotFoundError",
    "DtypeDriftWarning",
    "EngineExecutionError",
    "JoinValidationError",
    "LimitExceededError",
    "MissingOptionalDependency",
    "MissingRustExtensionError",
    "PydantableUserError",
    "SchemaAssertionError",
    "SchemaMismatchError",
    "StructFieldNotFoundError",
    "URLNotAllowedError",
    "UnsupportedEngineOperationError",
    "drift_warnings_suppressed",
    "error_total",
]


class PydantableUserError(ValueError):
    """Base class of pydantable's own data and usage errors (a ``ValueError``)."""


class JoinValidationError(PydantableUserError):
    """``join(validate=...)`` found duplicate keys on a side declared unique."""


class ColumnLengthMismatchError(PydantableUserError):
    """Columns of a column-dict input have different lengths.

    Built from the lengths (``{column: length}``, as ingest raises it) or from a
    plain message (as the original's users raise it in their own code); a
    FastAPI handler answers both with 400.

    Example:
        >>> str(ColumnLengthMismatchError({"a": 2, "b": 3}))
        'All columns must have the same length; got [2, 3] (a=2, b=3)'
        >>> err = ColumnLengthMismatchError("columns differ")
        >>> str(err), err.lengths
        ('columns differ', {})
    """

    def __init__(self, lengths: Mapping[str, int] | str) -> None:
        if isinstance(lengths, str):
            self.lengths: dict[str, int] = {}
            super().__init__(lengths)
            return
        self.lengths = dict(lengths)
        described = ", ".join(f"{k}={v}" for k, v in self.lengths.items())
        super().__init__(
            f"All columns must have the same length; got "
            f"{sorted(set(self.lengths.values()))} ({described})"
        )


class SchemaMismatchError(PydantableUserError):
    """Input columns do not match the schema (missing, unknown or mistyped)."""


class SchemaAssertionError(SchemaMismatchError, TypeError):
    """``assert_model`` found a schema mismatch: a ``TypeError`` as in the
    original pydantable, and a :class:`SchemaMismatchError` (``exc.diff``)."""


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


class LimitExceededError(PydantableUserError):
    """An input over one of its limits (see :mod:`pydantable.limits`).

    ``limit`` is the field name (``"max_depth"``, ``"max_columns"`` ...),
    ``value`` the size found (``None`` when the check stopped once over) and
    ``maximum`` the configured limit. HTTP: 413 for ``max_body_bytes`` and
    ``max_rows``, else 422.

    Example:
        >>> err = LimitExceededError("max_columns", 5000, 1000, what="columns")
        >>> str(err), err.limit, err.value, err.maximum
        ('columns (5000) is over the limit max_columns=1000', 'max_columns', 5000, 1000)
    """

    def __init__(
        self, limit: str, value: int | None, maximum: int, *, what: str = ""
    ) -> None:
        self.limit = limit
        self.value = value
        self.maximum = maximum
        subject = what or limit
        found = "" if value is None else f" ({value})"
        super().__init__(f"{subject}{found} is over the limit {limit}={maximum}")

    def __reduce__(self) -> tuple[object, ...]:
        return (_limit_error, (self.limit, self.value, self.maximum, str(self)))


def _limit_error(
    limit: str, value: int | None, maximum: int, message: str
) -> LimitExceededError:
    err = LimitExceededError(limit, value, maximum)
    err.args = (message,)
    return err


class URLNotAllowedError(PydantableUserError):
    """A URL read refused: URL reads are off (``PYDANTABLE_ALLOW_URL_READS``), a
    scheme other than ``http``/``https`` (``file:``, ``ftp:``, ``data:`` ...), a
    host not allowed, or a redirect to one of those."""


class UnsupportedEngineOperationError(PydantableUserError):
    """The selected engine cannot run an operation of the plan."""


class DtypeDriftWarning(UserWarning):
    """Trusted input had to be cast to the schema dtype (lossless) without validation.

    Set the environment variable ``PYDANTABLE_SUPPRESS_SHAPE_ONLY_DRIFT_WARNINGS``
    to ``1``, ``true`` or ``yes`` to silence it.
    """


#: The environment variable that silences :class:`DtypeDriftWarning`.
SUPPRESS_DRIFT_ENV = "PYDANTABLE_SUPPRESS_SHAPE_ONLY_DRIFT_WARNINGS"


def drift_warnings_suppressed() -> bool:
    """Whether ``PYDANTABLE_SUPPRESS_SHAPE_ONLY_DRIFT_WARNINGS`` is ``1``,
    ``true`` or ``yes`` (any case): ``shape_only`` casts then warn nothing.

    Example:
        >>> import os
        >>> os.environ[SUPPRESS_DRIFT_ENV] = "Yes"
        >>> drift_warnings_suppressed()
        True
        >>> del os.environ[SUPPRESS_DRIFT_ENV]
        >>> drift_warnings_suppressed()
        False
    """
    value = os.environ.get(SUPPRESS_DRIFT_ENV, "")
    return value.strip().lower() in ("1", "true", "yes")


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
