"""The function catalog: every IR function, declared once.

An IR function is the ``function`` string of a :class:`~pydantable.expressions.nodes.Call`
(``"str.len_chars"``, ``"agg.sum"``, ``"over"``, ...). Each one has exactly one
:class:`Function` entry here, made where its typing rule is written (with
:func:`declare`, or through :func:`~pydantable.expressions.infer.register_function`
and :func:`~pydantable.expressions.kinds.elementwise`), holding:

* ``name``: the string the IR, ``explain()`` and error messages use;
* ``kind``: :class:`FunctionKind` (element-wise, aggregation or window) as data,
  which the structure questions (``is_aggregate_call``, ``is_scalar``) read;
* ``rule``: the build-time typing rule (argument types, call) -> result type;
* ``args``: the roles of the expression arguments after the first, when the
  rule checks them by kind (``("pattern",)`` for ``str.contains``, ...).

Namespace methods look their name up when they build a call, so a typo fails
at first use with the list of close names; engines register their lowerings
against the catalog (the Polars engine refuses an undeclared name at import),
and :func:`check_engine_coverage` says how an engine's lowerings (plus the
names it declares unsupported) differ from the catalog.

Example:
    >>> from pydantable.expressions import catalog
    >>> catalog.lookup("agg.sum").kind
    <FunctionKind.AGGREGATION: 'aggregation'>
    >>> catalog.lookup("str.len_char")
    Traceback (most recent call last):
    ...
    TypeError: unknown expression function 'str.len_char' (did you mean 'str.len_chars'?)
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantable.expressions import nodes as n
    from pydantable.expressions.infer import Typed

__all__ = [
    "Coverage",
    "Function",
    "FunctionKind",
    "FunctionRule",
    "check_engine_coverage",
    "declare",
    "is_declared",
    "kind_of",
    "lookup",
    "names",
]

#: A typing rule of a function: (argument types, call node) -> result type.
FunctionRule = Callable[["list[Typed]", "n.Call"], "Typed"]


class FunctionKind(enum.Enum):
    """How a function's output rows relate to its input rows."""

    #: One value per input row, computed from that row (or its neighbours).
    ELEMENTWISE = "elementwise"
    #: One value for the whole input (or group): ``agg.sum``, ``agg.len``, ...
    AGGREGATION = "aggregation"
    #: One value per row computed over a window of rows: ``over``, ``window.rank``.
    WINDOW = "window"


@dataclass(frozen=True)
class Function:
    """The catalog entry of one IR function."""

    name: str
    kind: FunctionKind
    rule: FunctionRule
    args: tuple[str, ...] = ()


_CATALOG: dict[str, Function] = {}


def declare(
    name: str,
    rule: FunctionRule,
    *,
    kind: FunctionKind = FunctionKind.ELEMENTWISE,
    args: tuple[str, ...] = (),
) -> Function:
    """Declare the IR function ``name`` with its typing ``rule`` and ``kind``.

    Raises:
        TypeError: ``name`` is already declared (each function is declared once).
    """
    if name in _CATALOG:
        msg = f"expression function {name!r} is already declared"
        raise TypeError(msg)
    entry = Function(name, kind, rule, args)
    _CATALOG[name] = entry
    return entry


def lookup(name: str) -> Function:
    """The entry of ``name``.

    Raises:
        TypeError: ``name`` is not declared (the message suggests close names).
    """
    entry = _CATALOG.get(name)
    if entry is None:
        close = difflib.get_close_matches(name, list(_CATALOG), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        msg = f"unknown expression function {name!r}{hint}"
        raise TypeError(msg)
    return entry


def is_declared(name: str) -> bool:
    """Whether ``name`` is a declared IR function."""
    return name in _CATALOG


def kind_of(name: str) -> FunctionKind | None:
    """The kind of ``name``, or ``None`` when it is not declared."""
    entry = _CATALOG.get(name)
    return None if entry is None else entry.kind


def names() -> frozenset[str]:
    """Every declared IR function name."""
    return frozenset(_CATALOG)


@dataclass(frozen=True)
class Coverage:
    """How one engine's function set differs from the catalog (empty: it matches)."""

    #: Declared functions the engine neither lowers nor declares unsupported.
    missing: frozenset[str]
    #: Names the engine lowers or declares unsupported that the catalog lacks.
    unknown: frozenset[str]
    #: Names the engine both lowers and declares unsupported.
    both: frozenset[str]

    def __bool__(self) -> bool:
        return bool(self.missing or self.unknown or self.both)

    def __str__(self) -> str:
        parts = [
            f"{label}: {', '.join(sorted(found))}"
            for label, found in (
                ("declared but not lowered", self.missing),
                ("lowered but not declared", self.unknown),
                ("lowered and declared unsupported", self.both),
            )
            if found
        ]
        return "; ".join(parts) or "engine covers the catalog exactly"


def check_engine_coverage(
    lowered: Iterable[str], unsupported: Iterable[str] = ()
) -> Coverage:
    """The differences between the catalog and ``lowered`` ∪ ``unsupported``.

    An engine covers the catalog when every declared function is either lowered
    or declared unsupported (not both), and it names no undeclared function;
    the result is then falsy.

    Example:
        >>> gap = check_engine_coverage(names() - {"str.reverse"} | {"str.nope"})
        >>> print(gap)
        declared but not lowered: str.reverse; lowered but not declared: str.nope
    """
    done = frozenset(lowered)
    gaps = frozenset(unsupported)
    declared = frozenset(_CATALOG)
    return Coverage(
        missing=declared - done - gaps,
        unknown=(done | gaps) - declared,
        both=done & gaps,
    )
