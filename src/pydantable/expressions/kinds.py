"""Dtype kinds and the typing-rule toolkit of the expression functions.

A :class:`Kind` is a family of dtypes a function accepts (``STRING``,
``TEMPORAL``, ...); :func:`expect` raises the build-time ``TypeError`` naming the
function, the expression and its dtype; :func:`elementwise` declares an
element-wise function in the :mod:`~pydantable.expressions.catalog` with the
typing rule of a function whose result dtype does not depend on the data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pydantable import dtypes as dt
from pydantable.expressions import nodes as n
from pydantable.expressions.infer import Typed, describe, register_function

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
STRING = Kind("a String", _storage_is(dt.String))
BINARY = Kind("a Binary", _storage_is(dt.Binary))
BOOLEAN = Kind("a Boolean", _storage_is(dt.Boolean))
INTEGER = Kind("an Int64", _storage_is(dt.Int64))
NUMERIC = Kind("a numeric", lambda d: d.storage().is_numeric())
DATE_OR_DATETIME = Kind("a Date or Datetime", _storage_is(dt.Date, dt.Datetime))
DATETIME = Kind("a Datetime", _storage_is(dt.Datetime))
TIME_OF_DAY = Kind("a Datetime or Time", _storage_is(dt.Datetime, dt.Time))
TEMPORAL = Kind("a Date, Datetime or Time", _storage_is(dt.Date, dt.Datetime, dt.Time))
DURATION = Kind("a Duration", _storage_is(dt.Duration))
LIST = Kind("a List", _storage_is(dt.List))
STRUCT = Kind("a Struct", _storage_is(dt.Struct))
MAP = Kind("a Map", _storage_is(dt.Map))


def expect(
    function: str, kind: Kind, typed: Typed, node: n.Node, *, role: str = ""
) -> None:
    """Raise the build-time ``TypeError`` unless ``typed`` is of ``kind``.

    The message names the function, the expression and its dtype, e.g.
    ``str.contains needs a String expression; got Int64 in col('qty')``.
    """
    if kind(typed.dtype):
        return
    what = f"{function} {role}" if role else function
    msg = (
        f"{what} needs {kind.label} expression; got {typed.dtype!r} in {describe(node)}"
    )
    raise TypeError(msg)


#: The result dtype of a rule: fixed, or computed from (argument types, call).
ResultDType = dt.DType | Callable[[list[Typed], n.Call], dt.DType]


def elementwise(
    function: str,
    kind: Kind,
    result: ResultDType,
    *,
    args: tuple[tuple[str, Kind], ...] = (),
    nullable: bool | None = None,
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
    """

    def rule(types: list[Typed], call: n.Call) -> Typed:
        expect(function, kind, types[0], call.args[0])
        for (role, arg_kind), typed, node in zip(
            args, types[1:], call.args[1:], strict=False
        ):
            expect(function, arg_kind, typed, node, role=role)
        dtype = result if isinstance(result, dt.DType) else result(types, call)
        null = any(t.nullable for t in types) or bool(nullable)
        return Typed(dtype, null)

    register_function(function, args=tuple(role for role, _ in args))(rule)
