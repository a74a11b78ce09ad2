"""How pydantable's data errors are answered: one table, free of any web framework.

Each :class:`ErrorRule` gives an exception's HTTP status (when it escapes a
route, or ends the read of a request body) and the Pydantic error type it
becomes inside a validator (a frame field of a Pydantic model, or a
``df: Model`` body in a plain ``FastAPI()`` app). ``pydantable.model`` reads
it for the latter; ``pydantable.fastapi.errors.to_http`` builds every HTTP
answer from it.

Example:
    >>> from pydantable.errors import ColumnLengthMismatchError
    >>> rule = error_rule(ColumnLengthMismatchError({"a": 1, "b": 2}))
    >>> rule.status, rule.error_type
    (400, 'column_length_mismatch')
"""

from __future__ import annotations

import dataclasses

import pydantic

from pydantable.errors import (
    ColumnLengthMismatchError,
    InvalidSourceError,
    LimitExceededError,
    MissingRustExtensionError,
    SchemaMismatchError,
)

__all__ = ["ERROR_RULES", "ErrorRule", "error_rule"]


@dataclasses.dataclass(frozen=True)
class ErrorRule:
    """How one exception class is answered."""

    exception: type[Exception]
    #: HTTP status (``None``: not mapped, a 500)
    status: int | None
    #: Pydantic error type inside a validator (``None``: raised as it is)
    error_type: str | None = None


#: In order: the first rule whose exception class matches applies.
ERROR_RULES: tuple[ErrorRule, ...] = (
    ErrorRule(pydantic.ValidationError, 422),
    ErrorRule(ColumnLengthMismatchError, 400, "column_length_mismatch"),
    ErrorRule(SchemaMismatchError, 422, "schema_mismatch"),
    # a file, upload or body that cannot be read as its format (as BodyFormatError)
    ErrorRule(InvalidSourceError, 400, "invalid_source"),
    ErrorRule(LimitExceededError, 422, "limit_exceeded"),
    ErrorRule(MissingRustExtensionError, 503),
    # a value that is no frame input: only a validator answers it (422)
    ErrorRule(TypeError, None, "frame_type"),
)


def error_rule(
    exc: BaseException, *, rules: tuple[ErrorRule, ...] | None = None
) -> ErrorRule | None:
    """The first of ``rules`` (default :data:`ERROR_RULES`) for ``exc``
    (``None``: no rule)."""
    found = ERROR_RULES if rules is None else rules
    return next((r for r in found if isinstance(exc, r.exception)), None)
