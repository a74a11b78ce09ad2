"""Exceptions and warnings raised by pydantable.

Data errors (the input is wrong) are :class:`pydantic.ValidationError` for bad
cells, :class:`ColumnLengthMismatchError` for ragged columns and
:class:`SchemaMismatchError` for missing or unknown columns. Definition errors
(the model or expression is wrong) are ``TypeError`` raised when the class body
executes or the expression is built. A file, bytes or Arrow input that cannot be
read as its format at all (truncated, corrupt, empty, not a regular file) is
:class:`InvalidSourceError`.
"""

from __future__ import annotations

import contextlib
import csv
import difflib
import json
import os
import stat
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantable.frame.columns import SchemaDiff

__all__ = [
    "ColumnLengthMismatchError",
    "ColumnNotFoundError",
    "DtypeDriftWarning",
    "EngineExecutionError",
    "InvalidSourceError",
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
    """Input columns do not match the schema (missing, unknown or mistyped).

    Raised by ``as_model``/``assert_model``, it carries ``diff``, the
    :class:`~pydantable.frame.columns.SchemaDiff` found (``None`` when the
    error does not come from comparing two schemas).
    """

    diff: SchemaDiff | None = None


class SchemaAssertionError(SchemaMismatchError, TypeError):
    """``assert_model`` found a schema mismatch: a ``TypeError`` as in the
    original pydantable, and a :class:`SchemaMismatchError` (``exc.diff``)."""

    diff: SchemaDiff  # always set (by ``assert_model``)


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


#: The longest engine text kept in :attr:`InvalidSourceError.reason`.
MAX_REASON_LENGTH = 500
#: The longest source description kept in :attr:`InvalidSourceError.source`.
_MAX_SOURCE_LENGTH = 300


class InvalidSourceError(PydantableUserError):
    """A file, bytes or Arrow input cannot be read as its format: truncated,
    corrupt or empty Parquet/IPC, CSV or JSON the reader cannot parse, an Arrow
    table the engine cannot take, a FIFO or device instead of a regular file.

    ``source`` names the input (a path, a glob, ``"bytes"``, a URL, or the
    type of an in-memory object such as ``"pyarrow.Table"``), ``format`` the
    format it was read as (``"parquet"``, ``"csv"``, ``"ndjson"``, ``"json"``,
    ``"ipc"``, ``"arrow"`` ...) and ``reason`` the reader's own text, cut to
    :data:`MAX_REASON_LENGTH` characters. The reader's exception is
    ``__cause__``. A ``ValueError`` (a :class:`PydantableUserError`); the
    FastAPI helpers answer it with 400. Bad cells of a readable source are still
    a ``pydantic.ValidationError``, missing or unknown columns a
    :class:`SchemaMismatchError`.

    Example:
        >>> err = InvalidSourceError(
        ...     source="ev.parquet", format="parquet", reason="the footer is missing"
        ... )
        >>> str(err)
        "cannot read 'ev.parquet' as parquet: the footer is missing"
        >>> err.source, err.format, err.reason
        ('ev.parquet', 'parquet', 'the footer is missing')
        >>> isinstance(err, ValueError)
        True
    """

    def __init__(self, *, source: object, format: str, reason: str) -> None:
        self.source = describe_source(source)
        self.format = format
        self.reason = _bounded(reason, MAX_REASON_LENGTH)
        super().__init__(f"cannot read {self.source!r} as {format}: {self.reason}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_invalid_source, (self.source, self.format, self.reason))


def _invalid_source(source: str, fmt: str, reason: str) -> InvalidSourceError:
    return InvalidSourceError(source=source, format=fmt, reason=reason)


def _bounded(text: str, limit: int) -> str:
    # a Rust panic appends its backtrace after the message: keep the message
    first = text.split("\nstack backtrace:", 1)[0].strip()
    return first if len(first) <= limit else first[: limit - 3] + "..."


def describe_source(source: object) -> str:
    """How an error names ``source``: a path as its text, a list of paths as the
    first ones, bytes as ``"bytes"``, a stream as its name or ``"stream"``,
    another object as its type (``"pyarrow.Table"``); at most 300 characters.

    Example:
        >>> describe_source(b"PAR1")
        'bytes'
        >>> describe_source(["a.csv", "b.csv"])
        'a.csv, b.csv'
    """
    if isinstance(source, str):
        text = source
    elif isinstance(source, os.PathLike):
        text = str(os.fspath(source))
    elif isinstance(source, bytes | bytearray | memoryview):
        text = "bytes"
    elif hasattr(source, "read"):
        name = getattr(source, "name", None)
        text = name if isinstance(name, str) else "stream"
    elif isinstance(source, Sequence) and all(
        isinstance(s, str | os.PathLike) for s in source
    ):
        text = ", ".join(str(os.fspath(s)) for s in source[:5])
        if len(source) > 5:
            text += f" (and {len(source) - 5} more)"
    else:
        kind = type(source)
        text = f"{kind.__module__.split('.')[0]}.{kind.__qualname__}"
    return _bounded(text, _MAX_SOURCE_LENGTH)


#: The modules whose exceptions are a reader's failure (Polars, PyArrow, the
#: panics of Rust extensions).
_ENGINE_MODULES = frozenset({"polars", "pyarrow", "pyo3_runtime"})
#: OS errors that keep their type: they concern the path, not the content.
_PATH_ERRORS = (
    FileNotFoundError,
    PermissionError,
    IsADirectoryError,
    NotADirectoryError,
)


def is_reader_failure(exc: BaseException) -> bool:
    """Whether ``exc`` is a reader's failure on the content of a source (an
    exception of Polars or PyArrow, a Rust panic, an OS error other than a
    missing or forbidden path, undecodable text or JSON), not one of
    pydantable's or Pydantic's own errors."""
    if isinstance(exc, (PydantableUserError, *_PATH_ERRORS)):
        return False
    if type(exc).__module__.split(".")[0] in _ENGINE_MODULES:
        return True
    return isinstance(
        exc, OSError | UnicodeDecodeError | json.JSONDecodeError | csv.Error
    )


@contextlib.contextmanager
def reading_source(source: object, fmt: str) -> Iterator[None]:
    """Run a read of ``source`` as ``fmt``: a reader's failure (see
    :func:`is_reader_failure`, panics included) becomes :class:`InvalidSourceError`.

    Example:
        >>> import json
        >>> with reading_source(b"{", "json"):
        ...     json.loads(b"{")
        Traceback (most recent call last):
        ...
        pydantable.errors.InvalidSourceError: cannot read 'bytes' as json: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)
    """
    try:
        yield
    except BaseException as exc:
        if not is_reader_failure(exc):
            raise
        raise InvalidSourceError(source=source, format=fmt, reason=str(exc)) from exc


def reading_batches(batches: Iterable[Any], source: object, fmt: str) -> Iterator[Any]:
    """``batches`` read under :func:`reading_source` (a lazily read source
    fails as its batches are taken)."""
    with reading_source(source, fmt):
        yield from batches


def require_regular_files(source: object, fmt: str) -> None:
    """Refuse local paths of ``source`` that exist but are no regular file or
    directory (a FIFO, a socket, a device): reading one may never end.

    Globs and URLs are not expanded here; missing paths are left to the reader.

    Example:
        >>> require_regular_files("/dev/null", "csv")
        Traceback (most recent call last):
        ...
        pydantable.errors.InvalidSourceError: cannot read '/dev/null' as csv: not a regular file (a character device); pydantable reads regular files only
    """
    items = (
        [source]
        if isinstance(source, str | os.PathLike)
        else list(source)
        if isinstance(source, list | tuple)
        else []
    )
    for item in items:
        if not isinstance(item, str | os.PathLike) or "://" in str(item):
            continue
        try:
            mode = Path(item).stat().st_mode
        except (OSError, ValueError):
            continue  # missing, or not a path at all: the reader says so
        if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
            continue
        kind = (
            "a FIFO"
            if stat.S_ISFIFO(mode)
            else "a character device"
            if stat.S_ISCHR(mode)
            else "a block device"
            if stat.S_ISBLK(mode)
            else "a socket"
            if stat.S_ISSOCK(mode)
            else "a special file"
        )
        reason = f"not a regular file ({kind}); pydantable reads regular files only"
        raise InvalidSourceError(source=item, format=fmt, reason=reason)


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
