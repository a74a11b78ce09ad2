"""Dtype kinds and the typing-rule toolkit of the expression functions.

A :class:`Kind` is a family of dtypes a function accepts (``STRING``,
``TEMPORAL``, ...); :func:`expect` raises the build-time ``TypeError`` naming the
function, the expression and its dtype; :func:`elementwise` declares an
element-wise function in the :mod:`~pydantable.expressions.catalog` with the
typing rule of a function whose result dtype does not depend on the data.

Messages follow the original pydantable: they name the function the user
called (its flat name, ``str_contains()``, or the namespace name,
``str.contains()``) and describe dtypes in Python's words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pydantable import dtypes as dt
from pydantable.expressions import nodes as n
from pydantable.expressions.infer import Typed, describe, register_function
from pydantable.expressions.rules import python_words

__all__ = [
    "ANY",
    "BINARY",
    "BOOLEAN",
    "DATETIME",
    "DATE_OR_DATETIME",
    "DURATION",
    "INTEGER",
    "LIST",
    "MAP",
    "NUMERIC",
    "STRING",
    "STRUCT",
    "TEMPORAL",
    "TIME_OF_DAY",
    "Kind",
    "ResultDType",
    "elementwise",
    "expect",
    "mismatch",
]


@dataclass(frozen=True)
class Kind:
    """A family of dtypes a function accepts (``label`` is used in messages)."""

    label: str
    test: Callable[[dt.DType], bool]

    def __call__(self, dtype: dt.DType) -> bool:
        return self.test(dtype)


def _storage_is(*kinds: type[dt.DType]) -> Callable[[dt.DType], bool]:
    return lambda d: isinstance(d.storage(), kinds)


ANY = Kind("any", lambda d: d.name != "Null")
STRING = Kind("a string", _storage_is(dt.String))
BINARY = Kind("a bytes", _storage_is(dt.Binary))
BOOLEAN = Kind("a bool", _storage_is(dt.Boolean))
INTEGER = Kind("an int", _storage_is(dt.Int64))
NUMERIC = Kind("a numeric", lambda d: d.storage().is_numeric())
DATE_OR_DATETIME = Kind("a date or datetime", _storage_is(dt.Date, dt.Datetime))
DATETIME = Kind("a datetime", _storage_is(dt.Datetime))
TIME_OF_DAY = Kind("a datetime or time", _storage_is(dt.Datetime, dt.Time))
TEMPORAL = Kind("a date, datetime or time", _storage_is(dt.Date, dt.Datetime, dt.Time))
DURATION = Kind("a timedelta", _storage_is(dt.Duration))
LIST = Kind("a list", _storage_is(dt.List))
STRUCT = Kind("a struct", _storage_is(dt.Struct))
MAP = Kind("a map", _storage_is(dt.Map))


def expect(
    function: str,
    kind: Kind,
    typed: Typed,
    node: n.Node,
    *,
    role: str = "",
    requirement: str = "",
) -> None:
    """Raise the build-time ``TypeError`` unless ``typed`` is of ``kind``.

    ``function`` is the name the user called (``call.called_as``: the
    original's flat name such as ``str_contains``, or the namespace name
    ``str.contains``). The message names it, the expression and its dtype in
    Python's words, e.g. ``str_contains() requires a string column; got int in
    col('qty')``; for a further argument (``role``) ``str.pad_start() length
    must be an int; got float in 2.5``. ``requirement`` replaces the default
    ``requires <kind> column`` wording.
    """
    if kind(typed.dtype):
        return
    raise mismatch(function, kind, typed, node, role=role, requirement=requirement)


def mismatch(
    function: str,
    kind: Kind,
    typed: Typed,
    node: n.Node,
    *,
    role: str = "",
    requirement: str = "",
) -> TypeError:
    """The ``TypeError`` :func:`expect` raises (for rules with their own test)."""
    got = f"got {python_words(typed.dtype, typed.nullable)} in {describe(node)}"
    if role:
        return TypeError(f"{function}() {role} must be {kind.label}; {got}")
    wording = requirement or f"requires {kind.label} column"
    return TypeError(f"{function}() {wording}; {got}")


#: The result dtype of a rule: fixed, or computed from (argument types, call).
ResultDType = dt.DType | Callable[[list[Typed], n.Call], dt.DType]


def elementwise(
    function: str,
    kind: Kind,
    result: ResultDType,
    *,
    args: tuple[tuple[str, Kind], ...] = (),
    nullable: bool | None = None,
    requirement: str = "",
) -> None:
    """Declare an element-wise function with its typing rule.

    Args:
        function: the IR function name (``"str.to_uppercase"``).
        kind: what the first argument (the namespace's expression) must be.
        result: the result dtype, or a function of the argument types.
        args: ``(role, kind)`` of the following arguments, checked in order.
        nullable: ``True`` when the function may produce nulls from non-null
            input (no match, out of bounds, ...); ``None`` propagates nulls
            (the result is nullable when any argument is).
        requirement: the wording of the first argument's requirement in the
            build-time error (default ``requires <kind> column``).
    """

    def rule(types: list[Typed], call: n.Call) -> Typed:
        name = call.called_as
        expect(name, kind, types[0], call.args[0], requirement=requirement)
        for (role, arg_kind), typed, node in zip(
            args, types[1:], call.args[1:], strict=False
        ):
            expect(name, arg_kind, typed, node, role=role)
        dtype = result if isinstance(result, dt.DType) else result(types, call)
        null = any(t.nullable for t in types) or bool(nullable)
        return Typed(dtype, null)

    register_function(function, args=tuple(role for role, _ in args))(rule)
