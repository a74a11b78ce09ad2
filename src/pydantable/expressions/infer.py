"""Type inference over the expression IR.

The dtype and nullability of an expression are a function of its node and the
schema it is evaluated against. Expressions are typed when built (so misuse
fails early, naming columns and dtypes) and re-typed against the frame they are
used on (so an expression built on one frame is checked on another).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantable import dtypes as dt
from pydantable.errors import ColumnNotFoundError
from pydantable.expressions import catalog, rules
from pydantable.expressions import nodes as n
from pydantable.expressions.catalog import FunctionKind, FunctionRule
from pydantable.schema import Column

__all__ = ["Typed", "register_function", "type_of"]


@dataclass(frozen=True)
class Typed:
    """The inferred type of an expression: dtype and nullability."""

    dtype: dt.DType
    nullable: bool


def register_function(
    name: str,
    *,
    kind: FunctionKind = FunctionKind.ELEMENTWISE,
    args: tuple[str, ...] = (),
) -> Callable[[FunctionRule], FunctionRule]:
    """Declare the IR function ``name`` in the catalog with this typing rule (decorator).

    ``kind`` and ``args`` are stored in its :class:`~pydantable.expressions.catalog.Function`
    entry.
    """

    def decorator(rule: FunctionRule) -> FunctionRule:
        catalog.declare(name, rule, kind=kind, args=args)
        return rule

    return decorator


def describe(node: n.Node) -> str:
    """A short human-readable rendering of an expression, for messages."""
    if isinstance(node, n.Col):
        return f"col({node.name!r})"
    if isinstance(node, n.Lit):
        return repr(node.value)
    if isinstance(node, n.Binary):
        return (
            f"({describe(node.left)} {rules.SYMBOLS[node.op]} {describe(node.right)})"
        )
    if isinstance(node, n.Unary):
        return f"{node.op}({describe(node.operand)})"
    if isinstance(node, n.Cast):
        return f"{describe(node.operand)}.cast({node.dtype!r})"
    if isinstance(node, n.Alias):
        return f"{describe(node.operand)}.alias({node.name!r})"
    if isinstance(node, n.Call):
        args = ", ".join(describe(a) for a in node.args)
        return f"{node.function}({args})"
    return type(node).__name__


def type_of(
    node: n.Node, schema: Mapping[str, Column], cache: dict[int, Typed] | None = None
) -> Typed:
    """Infer the type of ``node`` evaluated against ``schema``.

    ``cache`` maps ``id(subnode)`` to known types for the duration of one
    traversal, so typing a tree (or lowering it) visits each node once.

    Raises:
        TypeError: an operator or function is applied to unsupported dtypes.
        KeyError: a referenced column is not in the schema (``ColumnNotFoundError``).
    """
    if cache is None:
        cache = {}
    found = cache.get(id(node))
    if found is not None:
        return found
    typed = _type_of(node, schema, cache)
    cache[id(node)] = typed
    return typed


def _type_of(
    node: n.Node, schema: Mapping[str, Column], cache: dict[int, Typed]
) -> Typed:
    if isinstance(node, n.Col):
        try:
            column = schema[node.name]
        except KeyError:
            raise ColumnNotFoundError.from_missing(node.name, list(schema)) from None
        return Typed(column.dtype, column.nullable)
    if isinstance(node, n.Lit):
        return Typed(node.dtype, node.value is None)
    if isinstance(node, n.Alias):
        return type_of(node.operand, schema, cache)
    if isinstance(node, n.Cast):
        inner = type_of(node.operand, schema, cache)
        _check_cast(node, inner, schema)
        lossy = not node.is_strict(inner.dtype) and _may_fail(inner.dtype, node.dtype)
        return Typed(node.dtype, inner.nullable or lossy)
    if isinstance(node, n.Binary):
        return _binary(node, schema, cache)
    if isinstance(node, n.Unary):
        return _unary(node, schema, cache)
    if isinstance(node, n.When):
        return _when(node, schema, cache)
    if isinstance(node, n.Call):
        rule = catalog.lookup(node.function).rule
        return rule([type_of(a, schema, cache) for a in node.args], node)
    msg = f"unknown expression node {node!r}"
    raise TypeError(msg)


def _binary(
    node: n.Binary, schema: Mapping[str, Column], cache: dict[int, Typed]
) -> Typed:
    left = type_of(node.left, schema, cache)
    right = type_of(node.right, schema, cache)
    nullable = left.nullable or right.nullable
    symbol = rules.SYMBOLS[node.op]
    if node.op in rules.LOGICAL:
        if isinstance(left.dtype, dt.Boolean) and isinstance(right.dtype, dt.Boolean):
            return Typed(dt.Boolean(), nullable)
        msg = (
            f"operator {symbol} needs boolean operands; got {left.dtype!r} and "
            f"{right.dtype!r} in {describe(node)}"
        )
        raise TypeError(msg)
    nested = left.dtype.is_nested() or right.dtype.is_nested()
    words = (
        f"got {rules.python_words(left.dtype, left.nullable)} and "
        f"{rules.python_words(right.dtype, right.nullable)} in {describe(node)}"
    )
    if node.op in rules.COMPARISON:
        if nested and node.op not in ("eq", "ne"):
            msg = (
                "Ordering comparisons do not support struct-, list-, or map-typed "
                f"columns; {words}"
            )
            raise TypeError(msg)
        if not rules.comparable(node.op, left.dtype, right.dtype):
            msg = (
                f"cannot compare {left.dtype!r} with {right.dtype!r} using {symbol} "
                f"in {describe(node)}"
            )
            raise TypeError(msg)
        _check_literal_members(node, left, right)
        return Typed(dt.Boolean(), nullable)
    result = rules.arithmetic_result(node.op, left.dtype, right.dtype)
    if result is None:
        if nested:
            msg = (
                "Arithmetic operators do not support struct-, list-, or map-typed "
                f"columns; {words}"
            )
            raise TypeError(msg)
        hint = ""
        if isinstance(left.dtype, dt.String) and isinstance(right.dtype, dt.String):
            hint = "; strings are not joined with +: use concat_str"
        elif isinstance(left.dtype, dt.Datetime) and isinstance(
            right.dtype, dt.Datetime
        ):
            hint = "; naive and timezone-aware datetimes do not mix"
        elif node.op in ("add", "sub") and (
            left.dtype.is_temporal() or right.dtype.is_temporal()
        ):
            hint = "; dates, datetimes and times shift by a timedelta"
        msg = f"Arithmetic operator requires numeric operands; {words}{hint}"
        raise TypeError(msg)
    if (
        node.op in ("floordiv", "mod")
        and result.is_integer()
        and _may_be_zero(node.right)
    ):
        nullable = True  # integer division by zero yields null, not an error
    if (
        node.op == "pow"
        and result.is_integer()
        and not _non_negative_literal(node.right)
    ):
        result = dt.Float64()  # as in Python, int ** negative int is a float
    return Typed(result, nullable)


def _non_negative_literal(node: n.Node) -> bool:
    return isinstance(node, n.Lit) and isinstance(node.value, int) and node.value >= 0


def _may_be_zero(node: n.Node) -> bool:
    """Whether a divisor can be zero (anything but a non-zero literal)."""
    return not (isinstance(node, n.Lit) and node.value is not None and node.value != 0)


def _check_literal_members(node: n.Binary, left: Typed, right: Typed) -> None:
    """Reject comparisons of a Literal/Enum column with a value outside its set."""
    for typed, other in ((left, node.right), (right, node.left)):
        if not isinstance(typed.dtype, (dt.Literal, dt.Enum)):
            continue
        if not isinstance(other, n.Lit) or other.value is None:
            continue
        allowed = (
            typed.dtype.values
            if isinstance(typed.dtype, dt.Literal)
            else typed.dtype.values()
        )
        value: Any = other.value
        if isinstance(typed.dtype, dt.Enum) and isinstance(value, typed.dtype.enum):
            value = value.value
        if value not in allowed:
            msg = (
                f"{value!r} is not one of the allowed values {list(allowed)!r} of "
                f"{typed.dtype!r} in {describe(node)}"
            )
            raise TypeError(msg)


def _unary(
    node: n.Unary, schema: Mapping[str, Column], cache: dict[int, Typed]
) -> Typed:
    inner = type_of(node.operand, schema, cache)
    if node.op == "not":
        if not isinstance(inner.dtype, dt.Boolean):
            msg = f"~ needs a boolean operand; got {inner.dtype!r} in {describe(node)}"
            raise TypeError(msg)
        return inner
    if node.op in ("neg", "abs"):
        if inner.dtype.is_numeric() or isinstance(inner.dtype, dt.Duration):
            return inner
        msg = f"{node.op} needs a numeric operand; got {inner.dtype!r} in {describe(node)}"
        raise TypeError(msg)
    msg = f"unknown unary operator {node.op!r}"
    raise TypeError(msg)


def _when(node: n.When, schema: Mapping[str, Column], cache: dict[int, Typed]) -> Typed:
    values: list[Typed] = []
    for cond, value in node.branches:
        typed_cond = type_of(cond, schema, cache)
        if not isinstance(typed_cond.dtype, dt.Boolean):
            msg = f"when() condition must be boolean; got {typed_cond.dtype!r} in {describe(cond)}"
            raise TypeError(msg)
        values.append(type_of(value, schema, cache))
    values.append(type_of(node.otherwise, schema, cache))
    return unify(values, what="when/otherwise branches")


def unify(types: list[Typed], *, what: str) -> Typed:
    """The common type of several values (numeric widening; nulls adopt a type)."""
    nullable = any(t.nullable for t in types)
    concrete = [t for t in types if not isinstance(t.dtype, _NullDType)]
    if not concrete:
        return Typed(types[0].dtype, True)
    result = concrete[0].dtype
    for t in concrete[1:]:
        if t.dtype == result:
            continue
        if result.is_numeric() and t.dtype.is_numeric():
            if isinstance(result, dt.Float64) or isinstance(t.dtype, dt.Float64):
                result = dt.Float64()
            elif isinstance(result, dt.Decimal) or isinstance(t.dtype, dt.Decimal):
                result = rules.arithmetic_result("add", result, t.dtype) or result
            continue
        semantic = isinstance(result, (dt.Literal, dt.Enum)) or isinstance(
            t.dtype, (dt.Literal, dt.Enum)
        )
        if semantic and result.storage() == t.dtype.storage():
            result = result.storage()
            continue
        msg = f"{what} have incompatible dtypes {result!r} and {t.dtype!r}"
        raise TypeError(msg)
    return Typed(result, nullable)


class _NullDType(dt.DType):
    """The dtype of an untyped ``None`` literal (adopts the type of its peers)."""

    name = "Null"

    def python_type(self) -> Any:
        return type(None)


NULL = _NullDType()

_CASTABLE_FROM_STRING = (
    dt.Int64,
    dt.Float64,
    dt.String,
    dt.Date,
    dt.Datetime,
    dt.Time,
    dt.Decimal,
)

#: Temporal casts the engine can run (others fail at execution, so reject them here).
_TEMPORAL_TARGETS: dict[type[dt.DType], tuple[type[dt.DType], ...]] = {
    dt.Date: (dt.Date, dt.Datetime, dt.String, dt.Int64),
    dt.Datetime: (dt.Date, dt.Time, dt.Datetime, dt.String, dt.Int64),
    dt.Time: (dt.Time, dt.Duration, dt.String, dt.Int64),
    dt.Duration: (dt.Duration, dt.Int64),
}


def _check_cast(node: n.Cast, inner: Typed, schema: Mapping[str, Column]) -> None:
    if isinstance(inner.dtype, _NullDType) or inner.dtype == node.dtype:
        return
    if node.dtype.storage() != node.dtype:
        # UUID, IP, Enum and Literal values are validated at ingest; a cast
        # would store unchecked values
        msg = (
            f"cannot cast {inner.dtype!r} to {node.dtype!r} in {describe(node)}: "
            f"values of {node.dtype!r} are only created by validated ingest"
        )
        raise TypeError(msg)
    if not _castable(inner.dtype, node.dtype):
        msg = f"cannot cast {inner.dtype!r} to {node.dtype!r} in {describe(node)}"
        raise TypeError(msg)


def _may_fail(source_dtype: dt.DType, target: dt.DType) -> bool:
    """Whether some value of ``source_dtype`` has no ``target`` value (a non-strict
    cast gives null for it): unparsable text, NaN or overflow."""
    source = source_dtype.storage()
    if isinstance(source, _NullDType) or source == target:
        return False
    if isinstance(target, dt.String):
        return False
    if isinstance(source, dt.String) or isinstance(target, dt.Decimal):
        return True
    return isinstance(target, dt.Int64) and isinstance(source, (dt.Float64, dt.Decimal))


def _castable(source_dtype: dt.DType, target: dt.DType) -> bool:
    if isinstance(source_dtype, (dt.UUID, dt.IPv4, dt.IPv6)):
        return isinstance(target, dt.String)
    source = source_dtype.storage()
    if source == target:
        return True
    if source.is_numeric() or isinstance(source, dt.Boolean):
        if isinstance(source, dt.Boolean) and isinstance(target, dt.Decimal):
            return False
        return target.is_numeric() or isinstance(target, (dt.Boolean, dt.String))
    if isinstance(source, dt.String):
        return isinstance(target, _CASTABLE_FROM_STRING)
    if source.is_temporal():
        return isinstance(target, _TEMPORAL_TARGETS[type(source)])
    if isinstance(source, dt.Binary):
        return isinstance(target, dt.String)
    return False
