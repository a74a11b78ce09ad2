"""Input limits: one small configuration for everything a hostile input could grow.

:class:`IngestLimits` holds every limit, with defaults safe for a public
service. The process default is :func:`get_limits` (change it with
:func:`set_default_limits`); :func:`limits_scope` overrides some fields for the
code run inside it (a context variable: a request, a thread, a task);
``DataFrameRoute.limits`` sets them per route, and ``parse_frame(limits=...)``
per call.

========================  ===============  ====================================  ======
field                     default          checked                               HTTP
========================  ===============  ====================================  ======
``max_body_bytes``        64 MiB           while a body arrives                  413
``max_rows``              1,000,000        from counts, before cells are read    413
``max_columns``           1,000            from the JSON keys, CSV header,       422
                                           Parquet/Arrow schema
``max_depth``             64               JSON/NDJSON bytes before decoding     422
                                           (no recursion); nested cells of
                                           Python-object ingest
``max_cell_bytes``        16 MiB           text/binary cells of a body           422
``max_errors``            100              error entries a body answer details   n/a
========================  ===============  ====================================  ======

``None`` turns a limit off (``max_errors`` excepted). Exceeding one raises
:class:`~pydantable.errors.LimitExceededError` (its ``limit``, ``value`` and
``maximum``); row and byte limits of a body answer 413.

Example:
    >>> from pydantable.limits import IngestLimits, get_limits, limits_scope
    >>> get_limits().max_depth
    64
    >>> with limits_scope(max_depth=3):
    ...     check_json_depth(b'{"x": [[1]]}')
    ...     try:
    ...         check_json_depth(b'{"x": [[[1]]]}')
    ...     except LimitExceededError as exc:
    ...         print(exc.limit, exc.maximum)
    max_depth 3
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import itertools
import operator
import re
from collections.abc import Iterator, Sequence
from typing import Any

from pydantable.errors import LimitExceededError

__all__ = [
    "IngestLimits",
    "LimitExceededError",
    "check_json_depth",
    "check_python_depth",
    "get_limits",
    "limits_scope",
    "set_default_limits",
]


@dataclasses.dataclass(frozen=True, kw_only=True)
class IngestLimits:
    """The limits of an input (see the module docs); ``None`` disables one.

    Example:
        >>> strict = IngestLimits(max_rows=10_000, max_depth=8)
        >>> strict.max_rows, strict.max_columns
        (10000, 1000)
        >>> strict.replace(max_rows=None).max_rows is None
        True
    """

    max_body_bytes: int | None = 64 * 1024 * 1024
    max_rows: int | None = 1_000_000
    max_columns: int | None = 1_000
    max_depth: int | None = 64
    max_cell_bytes: int | None = 16 * 1024 * 1024
    max_errors: int = 100

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if value is None and field.name != "max_errors":
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                msg = f"{field.name} must be a non-negative int or None; got {value!r}"
                raise ValueError(msg)

    def replace(self, **changes: int | None) -> IngestLimits:
        """A copy with ``changes`` (keyword names of the fields)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]


_DEFAULT = [IngestLimits()]
_SCOPED: contextvars.ContextVar[IngestLimits | None] = contextvars.ContextVar(
    "pydantable_limits", default=None
)


def get_limits() -> IngestLimits:
    """The limits in force: the innermost :func:`limits_scope`, else the process
    default."""
    scoped = _SCOPED.get()
    return _DEFAULT[0] if scoped is None else scoped


def set_default_limits(limits: IngestLimits) -> IngestLimits:
    """Make ``limits`` the process default; returns the previous default.

    Example:
        >>> previous = set_default_limits(IngestLimits(max_rows=5))
        >>> get_limits().max_rows
        5
        >>> _ = set_default_limits(previous)
    """
    if not isinstance(limits, IngestLimits):
        msg = f"limits must be an IngestLimits; got {type(limits).__name__}"
        raise TypeError(msg)
    previous = _DEFAULT[0]
    _DEFAULT[0] = limits
    return previous


@contextlib.contextmanager
def limits_scope(
    limits: IngestLimits | None = None, /, **changes: int | None
) -> Iterator[IngestLimits]:
    """Run a block under ``limits`` (default: the limits in force) with ``changes``.

    Example:
        >>> with limits_scope(max_columns=2) as inside:
        ...     inside.max_columns, get_limits().max_columns
        (2, 2)
        >>> get_limits().max_columns
        1000
    """
    base = get_limits() if limits is None else limits
    scoped = base.replace(**changes) if changes else base
    token = _SCOPED.set(scoped)
    try:
        yield scoped
    finally:
        _SCOPED.reset(token)


_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_INNERMOST = re.compile(rb"\[\]|\{\}")


def _without_strings(body: bytes) -> bytes:
    """``body`` with its JSON strings cut out (C-level: escapes removed, then
    every other piece between quotes kept)."""
    if b"\\" in body:
        body = body.replace(b"\\\\", b"").replace(b'\\"', b"")
    return b"".join(body.split(b'"')[::2])


def _depth_numpy(body: bytes, np: Any) -> int:
    """The nesting depth of JSON ``body`` (vectorized: quote parity masks the
    strings, a cumulative sum of the brackets outside them is the depth)."""
    if b"\\" in body:
        body = body.replace(b"\\\\", b"").replace(b'\\"', b"")
    data = np.frombuffer(body, dtype=np.uint8)
    outside = (np.cumsum(data == 34, dtype=np.uint8) & 1) == 0
    opens = ((data == 91) | (data == 123)) & outside
    closes = ((data == 93) | (data == 125)) & outside
    steps = opens[opens | closes].astype(np.int32) * 2 - 1
    return int(np.cumsum(steps).max()) if steps.size else 0


def _numpy() -> Any:
    try:
        import numpy
    except ImportError:  # pragma: no cover - numpy is an optional extra
        return None
    return numpy


def check_json_depth(body: bytes, max_depth: int | None = None) -> None:
    """Raise :class:`LimitExceededError` if JSON ``body`` nests arrays/objects
    deeper than ``max_depth`` (default: the limits in force).

    No recursion and no per-byte Python loop: with NumPy, one vectorized pass
    (brackets inside strings masked by quote parity); without it, strings are
    cut out by ``bytes.split``, every byte but brackets dropped by
    ``bytes.translate``, then at most ``max_depth`` regex passes each remove
    the innermost pairs. Malformed brackets are left to the JSON parser.
    ``{"x": [1]}`` has depth 2.

    Example:
        >>> check_json_depth(b'[[1], {"a": "[[[["}]', 2)
        >>> check_json_depth(b"[" * 10 + b"]" * 10, 4)
        Traceback (most recent call last):
        ...
        pydantable.errors.LimitExceededError: JSON nesting depth is over the limit max_depth=4
    """
    if max_depth is None:
        max_depth = get_limits().max_depth
        if max_depth is None:
            return
    if body.count(b"[") + body.count(b"{") <= max_depth:
        return
    np = _numpy()
    if np is not None:
        if _depth_numpy(body, np) > max_depth:
            raise LimitExceededError(
                "max_depth", None, max_depth, what="JSON nesting depth"
            )
        return
    if b'"' in body:
        body = _without_strings(body)
    brackets = body.translate(None, _NOT_BRACKETS)
    if brackets.count(b"[") + brackets.count(b"{") <= max_depth:
        return
    for _ in range(max_depth):
        reduced = _INNERMOST.sub(b"", brackets)
        if not reduced or len(reduced) == len(brackets):
            return  # balanced within the limit, or malformed: the parser says so
        brackets = reduced
    if _INNERMOST.search(brackets) is None:
        return  # only unmatched brackets are left: the parser says so
    raise LimitExceededError("max_depth", None, max_depth, what="JSON nesting depth")


_SEQUENCES = frozenset({list, tuple, set, frozenset})


def check_python_depth(values: Sequence[Any], max_depth: int | None = None) -> None:
    """Raise :class:`LimitExceededError` if a cell of ``values`` nests lists,
    tuples, sets or dicts deeper than ``max_depth`` (``[1]`` has depth 1).

    Level by level, by C-level passes (``map``/``compress``/``chain``), never
    recursing: the work is the number of items within ``max_depth`` levels.

    Example:
        >>> check_python_depth([[1, [2]], None, {"k": [3]}], 2)
        >>> check_python_depth([[[[1]]]], 2)
        Traceback (most recent call last):
        ...
        pydantable.errors.LimitExceededError: nesting depth of a cell is over the limit max_depth=2
    """
    if max_depth is None:
        max_depth = get_limits().max_depth
        if max_depth is None:
            return
    level: Sequence[Any] = values
    for _ in range(max_depth + 1):
        types = list(map(type, level))
        is_seq = list(map(_SEQUENCES.__contains__, types))
        is_dict = list(map(operator.is_, types, itertools.repeat(dict)))
        if not any(is_seq) and not any(is_dict):
            return
        seqs = itertools.compress(level, is_seq)
        dicts = itertools.compress(level, is_dict)
        level = list(
            itertools.chain(
                itertools.chain.from_iterable(seqs),
                itertools.chain.from_iterable(map(dict.values, dicts)),
            )
        )
    raise LimitExceededError(
        "max_depth", None, max_depth, what="nesting depth of a cell"
    )
