"""The ``expr.list`` namespace: list functions (Polars names and semantics).

Result dtypes follow the list's element dtype (``List(Int64)`` → ``get`` is
``Int64``); functions that can find no element (``first``, ``min``, ``mean``,
``get(..., null_on_oob=True)``, ...) are nullable.

Example:
    >>> from pydantable import DataFrameModel
    >>> class Basket(DataFrameModel):
    ...     items: list[int]
    >>> df = Basket({"items": [[3, 1, 2], []]})
    >>> df.select(n=df.items.list.len(), top=df.items.list.max()).to_dict()
    {'n': [3, 0], 'top': [3, None]}
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantable import dtypes as dt
from pydantable.expressions import nodes as n
from pydantable.expressions.infer import Typed, describe, register_function
from pydantable.expressions.kinds import (
    BOOLEAN,
    INTEGER,
    LIST,
    NUMERIC,
    STRING,
    Kind,
    expect,
    mismatch,
)
from pydantable.expressions.mixin import is_expr
from pydantable.expressions.namespace import ExprNamespace
from pydantable.expressions.rules import comparable, python_words
from pydantable.schema import derived_column

if TYPE_CHECKING:
    from pydantable.expressions.expr import Expr

__all__ = ["ListNamespace"]


def _int(function: str, role: str, value: Any) -> Any:
    if isinstance(value, bool) or not (isinstance(value, int) or is_expr(value)):
        msg = f"{function}() {role} must be an int or an int expression; got {value!r}"
        raise TypeError(msg)
    return value


class ListNamespace(ExprNamespace):
    """List functions of an expression (``expr.list.*``), named as in Polars."""

    __slots__ = ()

    def _element(self, function: str, value: Any) -> Expr:
        """``value`` as an expression typed like this list's elements."""
        if is_expr(value):
            return value
        typed = self._expr._typed
        if typed is not None and isinstance(typed.dtype, dt.List):
            # type the literal like an element (Enum members, aware datetimes, ...)
            expr_type = type(self._expr)
            element = expr_type(n.Col("_"), {"_": _column(typed.dtype.inner)})
            return expr_type(element._other(value)._node, {})
        return self._expr._other(value)

    # -- size and access ------------------------------------------------------------------
    def len(self) -> Expr:
        """Number of elements (nulls included): ``df.xs.list.len()``."""
        return self._call("list.len")

    def get(self, index: Any, *, null_on_oob: bool = False) -> Expr:
        """Element at ``index`` (negative: from the end).

        Out of bounds fails the query, as in Polars; with ``null_on_oob=True``
        it gives null (and the result is nullable).
        """
        return self._call(
            "list.get",
            _int(self._name("list.get"), "index", index),
            null_on_oob=null_on_oob,
        )

    def first(self) -> Expr:
        """The first element (null for an empty list)."""
        return self._call("list.get", 0, null_on_oob=True)

    def last(self) -> Expr:
        """The last element (null for an empty list)."""
        return self._call("list.get", -1, null_on_oob=True)

    def contains(self, item: Any) -> Expr:
        """Whether ``item`` is an element: ``df.tags.list.contains("new")``."""
        return self._call("list.contains", self._element("list.contains", item))

    def count_matches(self, element: Any) -> Expr:
        """How many elements equal ``element``."""
        return self._call(
            "list.count_matches", self._element("list.count_matches", element)
        )

    # -- aggregates -------------------------------------------------------------------------
    def min(self) -> Expr:
        """Smallest element (null for an empty list)."""
        return self._call("list.min")

    def max(self) -> Expr:
        """Largest element (null for an empty list)."""
        return self._call("list.max")

    def sum(self) -> Expr:
        """Sum of the elements (0 for an empty list; nulls skipped)."""
        return self._call("list.sum")

    def mean(self) -> Expr:
        """Mean of the elements as Float64 (null for an empty list)."""
        return self._call("list.mean")

    def median(self) -> Expr:
        """Median of the elements as Float64 (null for an empty list)."""
        return self._call("list.median")

    def std(self, ddof: int = 1) -> Expr:
        """Standard deviation of the elements (null with fewer than ``ddof + 1``)."""
        return self._call("list.std", ddof=ddof)

    def var(self, ddof: int = 1) -> Expr:
        """Variance of the elements (null with fewer than ``ddof + 1``)."""
        return self._call("list.var", ddof=ddof)

    def n_unique(self) -> Expr:
        """Number of distinct elements."""
        return self._call("list.n_unique")

    def arg_min(self) -> Expr:
        """Index of the smallest element (null for an empty list)."""
        return self._call("list.arg_min")

    def arg_max(self) -> Expr:
        """Index of the largest element (null for an empty list)."""
        return self._call("list.arg_max")

    def any(self) -> Expr:
        """Whether any element of a boolean list is true (false when empty)."""
        return self._call("list.any")

    def all(self) -> Expr:
        """Whether every element of a boolean list is true (true when empty)."""
        return self._call("list.all")

    def join(self, separator: Any, *, ignore_nulls: bool = True) -> Expr:
        """Join a list of strings with ``separator`` (null elements skipped by default)."""
        return self._call("list.join", separator, ignore_nulls=ignore_nulls)

    # -- reshaping ----------------------------------------------------------------------------
    def sort(self, *, descending: bool = False, nulls_last: bool = False) -> Expr:
        """Sort the elements of each list."""
        return self._call("list.sort", descending=descending, nulls_last=nulls_last)

    def unique(self, *, maintain_order: bool = False) -> Expr:
        """Distinct elements (first-seen order with ``maintain_order=True``)."""
        return self._call("list.unique", maintain_order=maintain_order)

    def reverse(self) -> Expr:
        """Reverse the elements."""
        return self._call("list.reverse")

    def slice(self, offset: Any, length: Any = None) -> Expr:
        """Elements from ``offset`` (negative: from the end), at most ``length``."""
        name = self._name("list.slice")
        offset = _int(name, "offset", offset)
        if length is None:
            return self._call("list.slice", offset)
        return self._call("list.slice", offset, _int(name, "length", length))

    def head(self, n: Any = 5) -> Expr:
        """The first ``n`` elements."""
        return self._call("list.slice", 0, _int(self._name("list.head"), "n", n))

    def tail(self, n: Any = 5) -> Expr:
        """The last ``n`` elements."""
        return self._call("list.tail", _int(self._name("list.tail"), "n", n))

    def drop_nulls(self) -> Expr:
        """The list without its null elements."""
        return self._call("list.drop_nulls")

    def concat(self, other: Any) -> Expr:
        """Append the elements of another list expression of the same element dtype."""
        if not is_expr(other):
            msg = (
                f"{self._name('list.concat')}() needs a list expression; got {other!r}"
            )
            raise TypeError(msg)
        return self._call("list.concat", other)


def _column(dtype: dt.DType) -> Any:
    return derived_column("_", dtype, False)


# -- typing rules -----------------------------------------------------------------------


def _list_of(
    function: str, typed: Typed, node: n.Node, kind: Kind | None = None
) -> dt.List:
    """The list dtype of ``typed`` (whose elements are of ``kind``), else TypeError."""
    requirement = "" if kind is None else f"requires {_ELEMENTS[kind]}"
    expect(function, LIST, typed, node, requirement=requirement)
    assert isinstance(typed.dtype, dt.List)
    if kind is not None and not kind(typed.dtype.inner):
        raise mismatch(function, LIST, typed, node, requirement=requirement)
    return typed.dtype


def _rule(
    function: str,
    result: Any,
    *,
    kind: Kind | None = None,
    nullable: bool | None = None,
    args: tuple[tuple[str, Kind], ...] = (),
) -> None:
    """Register a list function: ``result(list dtype, call) -> (dtype, extra nullability)``."""

    def rule(types: list[Typed], call: n.Call) -> Typed:
        name = call.called_as
        lst = _list_of(name, types[0], call.args[0], kind)
        for (role, arg_kind), typed, node in zip(
            args, types[1:], call.args[1:], strict=False
        ):
            expect(name, arg_kind, typed, node, role=role)
        dtype, extra = result(lst, call)
        null = any(t.nullable for t in types) or bool(nullable) or extra
        return Typed(dtype, null)

    register_function(function)(rule)


I64 = dt.Int64()
F64 = dt.Float64()
BOOL = dt.Boolean()
ORDERABLE = Kind("an orderable", lambda d: d.is_orderable())

#: How a list function's element requirement reads in messages (the original's words).
_ELEMENTS = {
    NUMERIC: "list[int] or list[float]",
    STRING: "list[str]",
    BOOLEAN: "list[bool]",
    ORDERABLE: "a list of orderable values",
}


def _sum_dtype(lst: dt.List, call: n.Call) -> tuple[dt.DType, bool]:
    inner = lst.inner.storage()
    if isinstance(inner, dt.Decimal):
        return dt.Decimal(38, inner.scale), False
    return inner, False


_rule("list.len", lambda lst, c: (I64, False))
_rule(
    "list.get",
    lambda lst, c: (lst.inner, lst.inner_nullable or bool(c.option("null_on_oob"))),
    args=(("index", INTEGER),),
)
_rule("list.min", lambda lst, c: (lst.inner, True), kind=ORDERABLE)
_rule("list.max", lambda lst, c: (lst.inner, True), kind=ORDERABLE)
_rule("list.sum", _sum_dtype, kind=NUMERIC)
for _name in ("mean", "median", "std", "var"):
    _rule(f"list.{_name}", lambda lst, c: (F64, True), kind=NUMERIC)
_rule("list.n_unique", lambda lst, c: (I64, False))
_rule("list.arg_min", lambda lst, c: (I64, True), kind=ORDERABLE)
_rule("list.arg_max", lambda lst, c: (I64, True), kind=ORDERABLE)
_rule("list.any", lambda lst, c: (BOOL, False), kind=BOOLEAN)
_rule("list.all", lambda lst, c: (BOOL, False), kind=BOOLEAN)
_rule(
    "list.join",
    lambda lst, c: (dt.String(), lst.inner_nullable and not c.option("ignore_nulls")),
    kind=STRING,
    args=(("separator", STRING),),
)
for _name in ("sort", "unique", "reverse"):
    _rule(f"list.{_name}", lambda lst, c: (lst, False))
_rule(
    "list.slice",
    lambda lst, c: (lst, False),
    args=(("offset", INTEGER), ("length", INTEGER)),
)
_rule("list.tail", lambda lst, c: (lst, False), args=(("n", INTEGER),))
_rule("list.drop_nulls", lambda lst, c: (dt.List(lst.inner, False), False))


def _element_rule(function: str) -> None:
    @register_function(function)
    def rule(types: list[Typed], call: n.Call) -> Typed:
        name = call.called_as
        lst = _list_of(name, types[0], call.args[0])
        item = types[1]
        if item.dtype.name != "Null" and not comparable("eq", lst.inner, item.dtype):
            msg = (
                f"{name}() cannot look for {python_words(item.dtype)} in "
                f"{python_words(lst)} ({describe(call.args[1])} in {describe(call.args[0])})"
            )
            raise TypeError(msg)
        dtype = BOOL if function == "list.contains" else I64
        return Typed(dtype, types[0].nullable)


_element_rule("list.contains")
_element_rule("list.count_matches")


@register_function("list.concat")
def _concat_rule(types: list[Typed], call: n.Call) -> Typed:
    name = call.called_as
    left = _list_of(name, types[0], call.args[0])
    right = _list_of(name, types[1], call.args[1])
    if left.inner.storage() != right.inner.storage():
        msg = (
            f"{name}() needs lists of the same element dtype; got "
            f"{python_words(left)} in {describe(call.args[0])} and "
            f"{python_words(right)} in {describe(call.args[1])}"
        )
        raise TypeError(msg)
    inner = left.inner if left.inner == right.inner else left.inner.storage()
    merged = dt.List(inner, left.inner_nullable or right.inner_nullable)
    return Typed(merged, types[0].nullable or types[1].nullable)
