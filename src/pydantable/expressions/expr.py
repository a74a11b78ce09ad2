"""Typed expressions: :class:`Expr` and column references.

An :class:`Expr` wraps an IR node (:mod:`pydantable.expressions.nodes`) and the
schema it was built against. Its dtype is inferred when it is built, so misuse
(``str + int``, a non-boolean filter, a comparison with a value outside a
``Literal`` set) raises ``TypeError`` before anything runs.

Example:
    >>> from pydantable import DataFrameModel
    >>> class Item(DataFrameModel):
    ...     qty: int
    ...     price: float
    >>> df = Item({"qty": [1, 2], "price": [2.0, 3.5]})
    >>> (df.qty * df.price).dtype
    Float64
"""

from __future__ import annotations

import datetime as _datetime
import decimal as _decimal
import enum as _enum
from collections.abc import Mapping
from typing import Any, Generic

from typing_extensions import TypeVar

from pydantable import dtypes as dt
from pydantable._typing import IntoExpr
from pydantable.expressions import catalog
from pydantable.expressions import nodes as n
from pydantable.expressions.aggregate import AggregateMethods
from pydantable.expressions.binary import BinaryNamespace
from pydantable.expressions.datetime import DateTimeNamespace
from pydantable.expressions.infer import (
    NULL,
    Typed,
    describe,
    register_function,
    type_of,
    unify,
)
from pydantable.expressions.legacy_names import LegacyNameMethods
from pydantable.expressions.list import ListNamespace
from pydantable.expressions.map import MapNamespace
from pydantable.expressions.math import MathMethods
from pydantable.expressions.numeric import NumericMethods
from pydantable.expressions.ranking import RankingMethods
from pydantable.expressions.rolling import RollingMethods
from pydantable.expressions.rules import COMPARISON, as_dtype, dtype_of_value
from pydantable.expressions.string import StringNamespace
from pydantable.expressions.struct import StructNamespace
from pydantable.expressions.window import WindowMethods
from pydantable.schema import Column, column_from_annotation, derived_column

__all__ = ["BinaryOp", "ColumnRef", "CompareOp", "Expr", "IntoExpr", "into_expr"]

#: The Python type of an expression's values, for the type checker only
#: (``Expr[int | None]``); ``Expr`` alone is ``Expr[Any]``.
T_co = TypeVar("T_co", covariant=True, default=Any)

# For the operator signatures (module-level: ``Expr`` has properties named
# ``str`` and ``list``). Arithmetic is typed for numbers and temporals (strings
# are joined with ``concat_str``, not ``+``): other operands are type errors,
# as they are ``TypeError`` at run time.
_Number = int | float | _decimal.Decimal
_Temporal = _datetime.date | _datetime.datetime | _datetime.time | _datetime.timedelta
_Arith = _Number | _Temporal | None


class Expr(
    NumericMethods,
    AggregateMethods,
    WindowMethods,
    LegacyNameMethods,
    RollingMethods,
    RankingMethods,
    MathMethods,
    Generic[T_co],
):
    """A typed, engine-neutral expression.

    For a type checker ``Expr`` is generic over the Python type of its values
    (``Expr[int | None]``, see ``docs/typing.md``); at run time that type is
    :attr:`dtype` and :attr:`nullable`.

    Build expressions from column references (``df.age``, ``df.col("age")``,
    :func:`pydantable.expressions.col`) and operators; pass them to
    ``select``/``with_columns``/``filter``/``sort``.
    """

    __slots__ = ("_node", "_schema", "_typed")

    def __init__(
        self,
        node: n.Node,
        schema: Mapping[str, Column] | None,
        known: dict[int, Typed] | None = None,
    ) -> None:
        if isinstance(node, n.Call):
            catalog.lookup(
                node.function
            )  # an undeclared function fails here, bound or not
        self._node = node
        self._schema = schema
        self._typed: Typed | None = (
            None if schema is None else type_of(node, schema, known)
        )

    def _require_typed(self) -> Typed:
        if self._typed is None:
            msg = (
                f"{describe(self._node)} is not bound to a frame yet: its dtype is "
                "known once it is used in a frame operation"
            )
            raise TypeError(msg)
        return self._typed

    def typed_in(self, schema: Mapping[str, Column]) -> Typed:
        """Type this expression against ``schema`` (the frame it is used on)."""
        return type_of(self._node, schema)

    # -- introspection -------------------------------------------------------
    @property
    def node(self) -> n.Node:
        """The IR node of this expression."""
        return self._node

    @property
    def dtype(self) -> dt.DType:
        """The inferred :class:`~pydantable.dtypes.DType`."""
        return self._require_typed().dtype

    @property
    def nullable(self) -> bool:
        """Whether the expression may produce nulls."""
        return self._require_typed().nullable

    @property
    def output_name(self) -> str:
        """The column name this expression produces (Polars rules)."""
        return output_name(self._node)

    def referenced_columns(self) -> set[str]:
        """Names of the input columns this expression reads."""
        return referenced_columns(self._node)

    def __repr__(self) -> str:
        if self._typed is None:
            return f"<Expr {describe(self._node)}: unbound>"
        null = " | None" if self._typed.nullable else ""
        return f"<Expr {describe(self._node)}: {self._typed.dtype!r}{null}>"

    def __bool__(self) -> bool:
        msg = (
            f"the truth value of {self!r} is ambiguous: use & | ~ instead of "
            "and/or/not, and compare frames after materializing them"
        )
        raise TypeError(msg)

    __hash__ = object.__hash__

    # -- construction helpers ------------------------------------------------
    def _new(self, node: n.Node, *others: Expr) -> Expr:
        schema = self._schema
        for other in others:
            if other._schema is None:
                continue
            if schema is None:
                schema = other._schema
            elif other._schema is not schema:
                schema = _merged(schema, other._schema)
        if self._schema is None or any(o._schema is None for o in others):
            schema = None
        # the operands are typed already: typing the new node visits only itself
        known = {id(e._node): e._typed for e in (self, *others) if e._typed is not None}
        return _class_of(node)(node, schema, known)

    def _other(self, value: IntoExpr) -> Expr:
        if isinstance(value, Expr):
            return value
        context = self._typed.dtype if self._typed is not None else None
        if value is None:
            return Expr(n.Lit(None, context or NULL), self._schema)
        dtype = (
            dtype_of_value(value) if context is None else _literal_dtype(value, context)
        )
        if isinstance(dtype, (dt.UUID, dt.IPv4, dt.IPv6)) and isinstance(value, str):
            try:
                value = dtype.python_type()(value)  # compared in canonical form
            except ValueError:
                msg = f"{value!r} is not a valid {dtype!r} value for {describe(self._node)}"
                raise TypeError(msg) from None
        return Expr(n.Lit(value, dtype), self._schema)

    def _literal(self, value: Any) -> Expr:
        """``lit(value)``: a literal typed by its own value, not by this expression."""
        dtype = NULL if value is None else dtype_of_value(value)
        return Expr(n.Lit(value, dtype), {})

    def _column(self, name: str) -> Expr:
        """A reference to column ``name`` of this expression's frame (if bound)."""
        return ColumnRef(n.Col(name), self._schema)

    def _binary(self, op: str, other: IntoExpr, *, reflected: bool = False) -> Expr:
        rhs = self._other(other)
        left, right = (rhs, self) if reflected else (self, rhs)
        return self._new(n.Binary(op, left._node, right._node), rhs)

    # -- arithmetic ------------------------------------------------------------
    def __add__(self: Expr[_Arith], other: _Arith | Expr[_Arith]) -> Expr:
        return self._binary("add", other)

    def __radd__(self: Expr[_Arith], other: _Arith) -> Expr:
        return self._binary("add", other, reflected=True)

    def __sub__(self: Expr[_Arith], other: _Arith | Expr[_Arith]) -> Expr:
        return self._binary("sub", other)

    def __rsub__(self: Expr[_Arith], other: _Arith) -> Expr:
        return self._binary("sub", other, reflected=True)

    def __mul__(self: Expr[_Arith], other: _Arith | Expr[_Arith]) -> Expr:
        return self._binary("mul", other)

    def __rmul__(self: Expr[_Arith], other: _Arith) -> Expr:
        return self._binary("mul", other, reflected=True)

    def __truediv__(self: Expr[_Arith], other: _Arith | Expr[_Arith]) -> Expr:
        return self._binary("truediv", other)

    def __rtruediv__(self: Expr[_Arith], other: _Arith) -> Expr:
        return self._binary("truediv", other, reflected=True)

    def __floordiv__(self: Expr[_Arith], other: _Arith | Expr[_Arith]) -> Expr:
        return self._binary("floordiv", other)

    def __rfloordiv__(self: Expr[_Arith], other: _Arith) -> Expr:
        return self._binary("floordiv", other, reflected=True)

    def __mod__(self: Expr[_Arith], other: _Arith | Expr[_Arith]) -> Expr:
        return self._binary("mod", other)

    def __rmod__(self: Expr[_Arith], other: _Arith) -> Expr:
        return self._binary("mod", other, reflected=True)

    def __pow__(self: Expr[_Arith], other: _Arith | Expr[_Arith]) -> Expr:
        return self._binary("pow", other)

    def __rpow__(self: Expr[_Arith], other: _Arith) -> Expr:
        return self._binary("pow", other, reflected=True)

    def __neg__(self) -> Expr:
        return self._new(n.Unary("neg", self._node))

    def __pos__(self) -> Expr:
        return self

    def __abs__(self) -> Expr:
        return self.abs()

    def abs(self) -> Expr:
        """Absolute value."""
        return self._new(n.Unary("abs", self._node))

    # -- comparison ------------------------------------------------------------
    def __eq__(self, other: object) -> Expr[bool]:  # type: ignore[override]
        return self._binary("eq", other)

    def __ne__(self, other: object) -> Expr[bool]:  # type: ignore[override]
        return self._binary("ne", other)

    def __lt__(self, other: IntoExpr) -> Expr[bool]:
        return self._binary("lt", other)

    def __le__(self, other: IntoExpr) -> Expr[bool]:
        return self._binary("le", other)

    def __gt__(self, other: IntoExpr) -> Expr[bool]:
        return self._binary("gt", other)

    def __ge__(self, other: IntoExpr) -> Expr[bool]:
        return self._binary("ge", other)

    # -- boolean (Kleene) --------------------------------------------------------
    def __and__(self, other: IntoExpr) -> Expr[bool]:
        return self._binary("and", other)

    def __rand__(self, other: IntoExpr) -> Expr[bool]:
        return self._binary("and", other, reflected=True)

    def __or__(self, other: IntoExpr) -> Expr[bool]:
        return self._binary("or", other)

    def __ror__(self, other: IntoExpr) -> Expr[bool]:
        return self._binary("or", other, reflected=True)

    def __invert__(self) -> Expr[bool]:
        return self._new(n.Unary("not", self._node))

    # -- core methods ------------------------------------------------------------
    def alias(self, name: str) -> Expr[T_co]:
        """Name the output column of this expression.

        Raises:
            TypeError: ``name`` is not a non-empty string.
        """
        if not isinstance(name, str) or not name:
            msg = "alias(name) expects a non-empty string."
            raise TypeError(msg)
        return self._new(n.Alias(self._node, name))

    def cast(self, dtype: Any, *, strict: bool | None = None) -> Expr:
        """Cast to a dtype, given as a DType or a Python annotation (``int``).

        Text that does not parse (``"abc"`` cast to ``int``, ``"2024-13-01"`` to
        ``date``) becomes null by default, as in the original, and a cast from
        ``str`` is then typed nullable; ``strict=True`` fails the query instead
        (an :class:`~pydantable.errors.EngineExecutionError`). Other casts are
        strict unless ``strict=False`` (a value that does not fit gives null).

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     s: str
            >>> df = T({"s": ["1", "x"]})
            >>> out = df.select(df.s.cast(int))
            >>> out.to_dict(), out.schema["s"].nullable
            ({'s': [1, None]}, True)
        """
        if strict is not None and not isinstance(strict, bool):
            msg = f"cast(strict=...) expects a bool or None; got {strict!r}"
            raise TypeError(msg)
        return self._new(n.Cast(self._node, as_dtype(dtype), strict))

    def is_null(self) -> Expr[bool]:
        """Whether each value is null (never null itself)."""
        return self._new(n.Call("is_null", (self._node,)))

    def is_not_null(self) -> Expr[bool]:
        """Whether each value is not null (never null itself)."""
        return self._new(n.Call("is_not_null", (self._node,)))

    def is_in(self, *values: IntoExpr) -> Expr:
        """Whether each value is one of ``values`` (a collection or varargs)."""
        if len(values) == 1 and isinstance(values[0], (list, tuple, set, frozenset)):
            values = tuple(values[0])
        lits = tuple(self._other(v)._node for v in values)
        for lit_node in lits:
            self._new(n.Binary("eq", self._node, lit_node))  # type-check each value
        return self._new(n.Call("is_in", (self._node, *lits)))

    isin = is_in

    def fill_null(
        self, value: Any = None, strategy: str | None = None, limit: int | None = None
    ) -> Expr:
        """Replace nulls with ``value`` (an expression or a literal) or a ``strategy``.

        ``strategy``: ``"forward"``/``"backward"`` (at most ``limit`` in a row),
        ``"min"``, ``"max"``, ``"mean"``, ``"zero"`` or ``"one"``.
        """
        if strategy is not None:
            if value is not None:
                msg = "fill_null() takes a value or a strategy, not both"
                raise ValueError(msg)
            return self._fill_strategy(strategy, limit)
        if limit is not None:
            msg = "fill_null(limit=...) needs strategy='forward' or 'backward'"
            raise ValueError(msg)
        if value is None:
            msg = "fill_null() needs a value or a strategy"
            raise ValueError(msg)
        other = self._other(value)
        return self._new(n.Call("fill_null", (self._node, other._node)), other)

    # -- namespaces (last in the class body: their names shadow the builtins
    # ``str`` and ``list`` for annotations that follow them) ------------------
    @property
    def str(self) -> StringNamespace:
        """String functions (``expr.str.to_uppercase()``, ...)."""
        return StringNamespace(self)

    @property
    def dt(self) -> DateTimeNamespace:
        """Temporal functions (``expr.dt.year()``, ...)."""
        return DateTimeNamespace(self)

    @property
    def list(self) -> ListNamespace:
        """List functions (``expr.list.len()``, ...)."""
        return ListNamespace(self)

    @property
    def struct(self) -> StructNamespace:
        """Struct functions (``expr.struct.field("x")``, ...)."""
        return StructNamespace(self)

    @property
    def map(self) -> MapNamespace:
        """Functions of ``dict[str, T]`` columns (``expr.map.get("k")``, ...)."""
        return MapNamespace(self)

    @property
    def bin(self) -> BinaryNamespace:
        """Functions of ``bytes`` columns (``expr.bin.size()``, ...)."""
        return BinaryNamespace(self)


class ColumnRef(Expr[T_co]):
    """A reference to one column of a frame (``df.age``).

    ``ColumnRef(name="age", dtype=int)`` builds one without a frame (the
    original's constructor): typed by ``dtype`` (a Python annotation such as
    ``int | None``, or a :mod:`~pydantable.dtypes` dtype) until it is used on a
    frame, where it is typed as that frame's column.

    Example:
        >>> ref = ColumnRef(name="age", dtype=int | None)
        >>> ref.name, ref.dtype, ref.nullable
        ('age', Int64, True)
    """

    __slots__ = ()

    def __init__(
        self,
        node: n.Node | None = None,
        schema: Mapping[str, Column] | None = None,
        known: dict[int, Typed] | None = None,
        *,
        name: str | None = None,
        dtype: Any = None,
    ) -> None:
        if node is None:
            if not isinstance(name, str) or not name:
                msg = f"ColumnRef(name=...) expects a non-empty string; got {name!r}"
                raise TypeError(msg)
            if dtype is None:
                msg = "ColumnRef(name=..., dtype=...) needs the column's dtype"
                raise TypeError(msg)
            node = n.Col(name)
            schema = {name: _column_of(name, dtype)}
        elif name is not None or dtype is not None:
            msg = "ColumnRef takes either an IR node or name=/dtype=, not both"
            raise TypeError(msg)
        super().__init__(node, schema, known)

    @property
    def name(self) -> str:
        """The referenced column's name."""
        assert isinstance(self._node, n.Col)
        return self._node.name


class CompareOp(Expr[bool]):
    """A comparison (``==``, ``!=``, ``<``, ``<=``, ``>``, ``>=``): a Boolean expression.

    Every comparison of expressions is an instance (the original's class).

    Example:
        >>> from pydantable.expressions import col
        >>> isinstance(col("qty") > 1, CompareOp)
        True
    """

    __slots__ = ()


class BinaryOp(Expr):
    """An arithmetic (``+ - * / // % **``) or logical (``& |``) operator.

    Every such operator expression is an instance (the original's class).

    Example:
        >>> from pydantable.expressions import col
        >>> isinstance(col("qty") * 2, BinaryOp), isinstance(col("qty") > 1, BinaryOp)
        (True, False)
    """

    __slots__ = ()


def _class_of(node: n.Node) -> type[Expr]:
    """The expression class of ``node``: operators are ``CompareOp``/``BinaryOp``."""
    if isinstance(node, n.Binary):
        return CompareOp if node.op in COMPARISON else BinaryOp
    return Expr


def _column_of(name: str, dtype: Any) -> Column:
    """The column a standalone ``ColumnRef(name=, dtype=)`` is typed by."""
    if isinstance(dtype, dt.DType) or (
        isinstance(dtype, type) and issubclass(dtype, dt.DType)
    ):
        return derived_column(name, as_dtype(dtype), False)
    return column_from_annotation(name, dtype)


def _literal_dtype(value: Any, context: dt.DType) -> dt.DType:
    """Dtype of a Python literal used next to an expression of dtype ``context``."""
    literal = dtype_of_value(value)
    if isinstance(context, dt.Enum) and isinstance(value, context.enum):
        return context
    if (
        isinstance(context, (dt.Literal, dt.Enum))
        and literal.storage() == context.storage()
    ):
        allowed = (
            context.values if isinstance(context, dt.Literal) else context.values()
        )
        if not isinstance(value, _enum.Enum) and value in allowed:
            return context  # a member: keeps the column's dtype (e.g. in fill_null)
        return context.storage()
    if isinstance(context, dt.Datetime) and isinstance(literal, dt.Datetime):
        return context if (literal.tz is None) == (context.tz is None) else literal
    if isinstance(context, dt.Decimal) and isinstance(literal, (dt.Int64, dt.Decimal)):
        return literal
    if isinstance(context, (dt.UUID, dt.IPv4, dt.IPv6)) and isinstance(
        literal, dt.String
    ):
        return context
    return literal


def into_expr(value: IntoExpr, schema: Mapping[str, Column]) -> Expr:
    """An Expr from an Expr, a column name or a Python scalar literal."""
    if isinstance(value, Expr):
        return value
    if isinstance(value, str):
        return ColumnRef(n.Col(value), schema)
    if value is None:
        return Expr(n.Lit(None, NULL), schema)
    return Expr(n.Lit(value, dtype_of_value(value)), schema)


def output_name(node: n.Node) -> str:
    """The output column name of an expression (the left-most column, Polars-style)."""
    if isinstance(node, n.Alias):
        return node.name
    if isinstance(node, n.Col):
        return node.name
    if isinstance(node, n.Lit):
        return "literal"
    for child in node.children():
        return output_name(child)
    return "literal"


def referenced_columns(node: n.Node) -> set[str]:
    """All column names an expression node reads."""
    if isinstance(node, n.Col):
        return {node.name}
    out: set[str] = set()
    for child in node.children():
        out |= referenced_columns(child)
    return out


def _merged(a: Mapping[str, Column], b: Mapping[str, Column]) -> Mapping[str, Column]:
    """A schema view combining two frames' columns (``a`` wins on clashes)."""
    columns = dict(b.items())
    columns.update(a.items())
    return columns


# -- typing rules of the core functions ---------------------------------------------


@register_function("is_null")
@register_function("is_not_null")
def _is_null_rule(args: list[Typed], call: n.Call) -> Typed:
    return Typed(dt.Boolean(), False)


@register_function("is_in")
def _is_in_rule(args: list[Typed], call: n.Call) -> Typed:
    return Typed(dt.Boolean(), args[0].nullable)


@register_function("fill_null")
def _fill_null_rule(args: list[Typed], call: n.Call) -> Typed:
    base, fill = args
    unified = unify([Typed(base.dtype, False), fill], what="fill_null value and column")
    return Typed(unified.dtype, fill.nullable)
