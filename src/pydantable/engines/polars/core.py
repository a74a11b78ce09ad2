"""The embedded engine: lowering of dtypes, expressions and plans to Polars.

Everything Polars-specific about the typed plan lives here (and in
:mod:`pydantable.validation`, which builds validated Polars data). The rest of
the package only sees pydantable's own IR.
"""

from __future__ import annotations

import enum
import zoneinfo
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import polars as pl

from pydantable import dtypes as dt
from pydantable import plan as p
from pydantable.expressions import catalog
from pydantable.expressions import nodes as n
from pydantable.expressions.infer import Typed, type_of, unify
from pydantable.schema import Column

__all__ = [
    "ENGINE_NAME",
    "MAP_KEY",
    "MAP_VALUE",
    "has_lowering",
    "literal_value",
    "lower_expr",
    "lower_plan",
    "lowered_functions",
    "polars_schema",
    "register_lowered_within",
    "register_lowering",
    "register_plan_lowering",
    "register_typed_lowering",
    "to_polars_dtype",
]

ENGINE_NAME = "polars"

#: A lowering of an IR function: (lowered args, call node) -> Polars expression.
Lowering = Callable[[list[pl.Expr], n.Call], pl.Expr]
#: A lowering that also needs the inferred types of the arguments.
TypedLowering = Callable[[list[pl.Expr], n.Call, list[Typed]], pl.Expr]

_LOWERINGS: dict[str, Lowering] = {}
_TYPED_LOWERINGS: dict[str, TypedLowering] = {}


#: Functions lowered by another function's lowering (``window.rank`` inside ``over``).
_LOWERED_WITHIN: dict[str, str] = {}


def _declared(name: str) -> str:
    """``name`` if it is in the function catalog, else a ``TypeError``."""
    if not catalog.is_declared(name):
        msg = (
            f"cannot register a Polars lowering for {name!r}: it is not in the "
            "expression function catalog (declare it with its typing rule first)"
        )
        raise TypeError(msg)
    return name


def register_lowering(name: str) -> Callable[[Lowering], Lowering]:
    """Register how the IR function ``name`` lowers to Polars (decorator).

    Raises:
        TypeError: ``name`` is not declared in the function catalog.
    """
    _declared(name)

    def decorator(fn: Lowering) -> Lowering:
        _LOWERINGS[name] = fn
        _TYPED_LOWERINGS.pop(name, None)
        return fn

    return decorator


def register_typed_lowering(name: str) -> Callable[[TypedLowering], TypedLowering]:
    """Like :func:`register_lowering`, for lowerings that need the argument types."""
    _declared(name)

    def decorator(fn: TypedLowering) -> TypedLowering:
        _TYPED_LOWERINGS[name] = fn
        _LOWERINGS.pop(name, None)
        return fn

    return decorator


def has_lowering(name: str) -> bool:
    """Whether the Polars engine lowers the IR function ``name``."""
    return name in _LOWERINGS or name in _TYPED_LOWERINGS or name in _LOWERED_WITHIN


def register_lowered_within(host: str, names: Iterable[str]) -> None:
    """Record that the lowering of ``host`` lowers the functions ``names``.

    SQL window functions (``window.rank``, ...) are only valid as the function
    of an ``over`` call, whose lowering evaluates them.

    Raises:
        TypeError: ``host`` or a name is not declared in the function catalog.
    """
    _declared(host)
    for name in names:
        _LOWERED_WITHIN[_declared(name)] = host


def lowered_functions() -> frozenset[str]:
    """Every IR function the Polars engine lowers (directly or within another)."""
    return (
        frozenset(_LOWERINGS) | frozenset(_TYPED_LOWERINGS) | frozenset(_LOWERED_WITHIN)
    )


# -- dtypes --------------------------------------------------------------------------

_SIMPLE: dict[type[dt.DType], pl.DataType] = {
    dt.Int64: pl.Int64(),
    dt.Float64: pl.Float64(),
    dt.Boolean: pl.Boolean(),
    dt.String: pl.String(),
    dt.Binary: pl.Binary(),
    dt.Date: pl.Date(),
    dt.Time: pl.Time(),
    dt.Duration: pl.Duration("us"),
    dt.UUID: pl.String(),
    dt.IPv4: pl.String(),
    dt.IPv6: pl.String(),
}

MAP_KEY = "key"
MAP_VALUE = "value"


def to_polars_dtype(dtype: dt.DType) -> pl.DataType:
    """The Polars dtype storing a pydantable dtype."""
    simple = _SIMPLE.get(type(dtype))
    if simple is not None:
        return simple
    if isinstance(dtype, dt.Datetime):
        return pl.Datetime("us", dtype.tz)
    if isinstance(dtype, dt.Decimal):
        return pl.Decimal(dtype.precision, dtype.scale)
    if isinstance(dtype, (dt.Enum, dt.Literal)):
        return to_polars_dtype(dtype.storage())
    if isinstance(dtype, dt.List):
        return pl.List(to_polars_dtype(dtype.inner))
    if isinstance(dtype, dt.Struct):
        return pl.Struct({f.name: to_polars_dtype(f.dtype) for f in dtype.fields})
    if isinstance(dtype, dt.Map):
        return pl.List(
            pl.Struct({MAP_KEY: pl.String(), MAP_VALUE: to_polars_dtype(dtype.value)})
        )
    msg = f"no Polars dtype for {dtype!r}"
    raise TypeError(msg)


def polars_schema(schema: Mapping[str, Column]) -> pl.Schema:
    """The Polars schema of a pydantable schema."""
    return pl.Schema({name: to_polars_dtype(c.dtype) for name, c in schema.items()})


# -- expressions ---------------------------------------------------------------------


def literal_value(value: Any, dtype: dt.DType) -> Any:
    """A Python literal converted to the value Polars stores for ``dtype``."""
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(dtype, (dt.UUID, dt.IPv4, dt.IPv6)):
        kind = dtype.python_type()
        return str(
            value if isinstance(value, kind) else kind(value)
        )  # canonical, as stored
    if isinstance(dtype, dt.Datetime) and dtype.tz and getattr(value, "tzinfo", None):
        return value.astimezone(
            zoneinfo.ZoneInfo(dtype.tz)
        )  # same instant, column zone
    return value


def lower_expr(
    node: n.Node, schema: Mapping[str, Column], cache: dict[int, Typed] | None = None
) -> pl.Expr:
    """Lower an expression node evaluated against ``schema`` to a Polars expression."""
    if cache is None:
        cache = {}
    if isinstance(node, n.Col):
        return pl.col(node.name)
    if isinstance(node, n.Lit):
        if node.value is None and node.dtype.name == "Null":
            return pl.lit(None)
        return pl.lit(
            literal_value(node.value, node.dtype), dtype=to_polars_dtype(node.dtype)
        )
    if isinstance(node, n.Alias):
        return lower_expr(node.operand, schema, cache).alias(node.name)
    if isinstance(node, n.Cast):
        return _lower_cast(node, schema, cache)
    if isinstance(node, n.Binary):
        return _lower_binary(node, schema, cache)
    if isinstance(node, n.Unary):
        inner = lower_expr(node.operand, schema, cache)
        if node.op == "not":
            return ~inner
        if node.op == "neg":
            return -inner
        return inner.abs()
    if isinstance(node, n.When):
        result_dtype = to_polars_dtype(type_of(node, schema, cache).dtype)
        branches = node.branches
        chain: Any = pl.when(lower_expr(branches[0][0], schema, cache)).then(
            lower_expr(branches[0][1], schema, cache)
        )
        for cond, value in branches[1:]:
            chain = chain.when(lower_expr(cond, schema, cache)).then(
                lower_expr(value, schema, cache)
            )
        out: pl.Expr = chain.otherwise(lower_expr(node.otherwise, schema, cache))
        return out.cast(result_dtype)
    if isinstance(node, n.Call):
        typed_lowering = _TYPED_LOWERINGS.get(node.function)
        if typed_lowering is not None:
            return typed_lowering(
                [lower_expr(a, schema, cache) for a in node.args],
                node,
                [type_of(a, schema, cache) for a in node.args],
            )
        lowering = _LOWERINGS.get(node.function)
        if lowering is None:
            msg = f"the Polars engine has no lowering for {node.function!r}"
            raise TypeError(msg)
        return lowering([lower_expr(a, schema, cache) for a in node.args], node)
    msg = f"cannot lower {node!r}"
    raise TypeError(msg)


_BINARY: dict[str, Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "truediv": lambda a, b: a / b,
    "floordiv": lambda a, b: a // b,
    "mod": lambda a, b: a % b,
    "pow": lambda a, b: a.pow(b),
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
    "and": lambda a, b: a & b,
    "or": lambda a, b: a | b,
}


def _lower_binary(
    node: n.Binary, schema: Mapping[str, Column], cache: dict[int, Typed]
) -> pl.Expr:
    left = lower_expr(node.left, schema, cache)
    right = lower_expr(node.right, schema, cache)
    if node.op in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow"):
        result = type_of(node, schema, cache).dtype
        if isinstance(result, (dt.Float64, dt.Decimal)):
            # compute in the result dtype: true division of ints, and decimal
            # products keep every digit (Polars keeps only the larger scale)
            target = to_polars_dtype(result)
            left, right = left.cast(target), right.cast(target)
        return _BINARY[node.op](left, right).cast(to_polars_dtype(result))
    return _BINARY[node.op](left, right)


def _lower_cast(
    node: n.Cast, schema: Mapping[str, Column], cache: dict[int, Typed]
) -> pl.Expr:
    inner = lower_expr(node.operand, schema, cache)
    source = type_of(node.operand, schema, cache).dtype.storage()
    target = to_polars_dtype(node.dtype)
    strict = node.is_strict(source)
    if isinstance(source, dt.String) and isinstance(node.dtype, dt.Date):
        return inner.str.to_date(strict=strict)
    if isinstance(source, dt.String) and isinstance(node.dtype, dt.Datetime):
        return inner.str.to_datetime(
            time_unit="us", time_zone=node.dtype.tz, strict=strict
        )
    if isinstance(source, dt.String) and isinstance(node.dtype, dt.Time):
        return inner.str.to_time(strict=strict)
    return inner.cast(target, strict=strict)


@register_lowering("is_null")
def _is_null(args: list[pl.Expr], call: n.Call) -> pl.Expr:
    return args[0].is_null()


@register_lowering("is_not_null")
def _is_not_null(args: list[pl.Expr], call: n.Call) -> pl.Expr:
    return args[0].is_not_null()


def _storage_dtype(dtype: dt.DType) -> pl.DataType:
    """The Polars dtype of an expression's values (``Null`` for an untyped ``None``)."""
    if dtype.name == "Null":
        return pl.Null()
    return to_polars_dtype(dtype)


@register_typed_lowering("is_in")
def _is_in(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    # compare in the common dtype of the column and the values (Polars >= 2
    # does not coerce is_in operands itself)
    common = unify([Typed(types[0].dtype, False), *types[1:]], what="is_in values")
    target = _storage_dtype(common.dtype)
    column = args[0]
    if _storage_dtype(types[0].dtype) != target:
        column = column.cast(target)
    values = call.args[1:]
    if all(isinstance(v, n.Lit) for v in values):
        literals = [
            literal_value(v.value, v.dtype) for v in values if isinstance(v, n.Lit)
        ]
        return column.is_in(
            pl.Series(literals, dtype=target).implode(), nulls_equal=False
        )
    return pl.any_horizontal([column == v for v in args[1:]])


@register_lowering("fill_null")
def _fill_null(args: list[pl.Expr], call: n.Call) -> pl.Expr:
    return args[0].fill_null(args[1])


@register_lowering("coalesce")
def _coalesce(args: list[pl.Expr], call: n.Call) -> pl.Expr:
    return pl.coalesce(args)


# -- plans ---------------------------------------------------------------------------


def _is_constant(node: n.Node) -> bool:
    """Whether a row-wise expression is built from literals only (no columns)."""
    if isinstance(node, n.Lit):
        return True
    if isinstance(node, (n.Alias, n.Cast, n.Unary, n.Binary, n.When)):
        return all(_is_constant(child) for child in node.children())
    return False


#: A lowering of a plan node: (node, lowered input frames) -> LazyFrame.
PlanLowering = Callable[[Any, list[pl.LazyFrame]], pl.LazyFrame]

_PLAN_LOWERINGS: dict[type[p.PlanNode], PlanLowering] = {}


def register_plan_lowering(
    node_type: type[p.PlanNode],
) -> Callable[[PlanLowering], PlanLowering]:
    """Register how plan nodes of ``node_type`` lower to Polars (decorator).

    The lowering receives the node and its inputs already lowered to
    ``LazyFrame`` objects (in the order of ``node.inputs()``).
    """

    def decorator(fn: PlanLowering) -> PlanLowering:
        _PLAN_LOWERINGS[node_type] = fn
        return fn

    return decorator


def lower_plan(plan: p.PlanNode) -> pl.LazyFrame:
    """Lower a plan to a Polars ``LazyFrame``."""
    if isinstance(plan, p.Source):
        return _lower_source(plan)
    lowering = _PLAN_LOWERINGS.get(type(plan))
    if lowering is None:
        msg = f"cannot lower plan node {plan!r}"
        raise TypeError(msg)
    return lowering(plan, [lower_plan(i) for i in plan.inputs()])


def _lower_source(plan: p.Source) -> pl.LazyFrame:
    data = plan.data
    if isinstance(data, pl.LazyFrame):
        return data
    if isinstance(data, pl.DataFrame):
        return data.lazy()
    to_lazy = getattr(data, "to_lazy", None)
    if callable(to_lazy):
        lazy = to_lazy()
        if isinstance(lazy, pl.LazyFrame):
            return lazy
    to_polars = getattr(data, "to_polars", None)
    if callable(to_polars):
        built = to_polars()
        if isinstance(built, pl.DataFrame):
            return built.lazy()
    msg = f"the Polars engine cannot read a source of type {type(data).__name__}"
    raise TypeError(msg)


@register_plan_lowering(p.Select)
def _select(plan: p.Select, inputs: list[pl.LazyFrame]) -> pl.LazyFrame:
    (lf,) = inputs
    schema = plan.input.schema
    exprs = [lower_expr(e, schema).alias(name) for name, e in plan.exprs]
    if plan.exprs and all(_is_constant(e) for _, e in plan.exprs):
        # Polars returns a single row for a select of constants; a select
        # is row-wise, so keep the input's rows
        return lf.with_columns(exprs).select([name for name, _ in plan.exprs])
    return lf.select(exprs)


@register_plan_lowering(p.WithColumns)
def _with_columns(plan: p.WithColumns, inputs: list[pl.LazyFrame]) -> pl.LazyFrame:
    schema = plan.input.schema
    return inputs[0].with_columns(
        [lower_expr(e, schema).alias(name) for name, e in plan.exprs]
    )


@register_plan_lowering(p.Filter)
def _filter(plan: p.Filter, inputs: list[pl.LazyFrame]) -> pl.LazyFrame:
    assert plan.predicate is not None
    return inputs[0].filter(lower_expr(plan.predicate, plan.input.schema))


@register_plan_lowering(p.Sort)
def _sort(plan: p.Sort, inputs: list[pl.LazyFrame]) -> pl.LazyFrame:
    schema = plan.input.schema
    return inputs[0].sort(
        [lower_expr(e, schema) for e in plan.by],
        descending=list(plan.descending),
        nulls_last=list(plan.nulls_last),
        maintain_order=plan.maintain_order,
    )


@register_plan_lowering(p.Slice)
def _slice(plan: p.Slice, inputs: list[pl.LazyFrame]) -> pl.LazyFrame:
    return inputs[0].slice(plan.offset, plan.length)


@register_plan_lowering(p.Rename)
def _rename(plan: p.Rename, inputs: list[pl.LazyFrame]) -> pl.LazyFrame:
    return inputs[0].rename(dict(plan.mapping))


@register_plan_lowering(p.Drop)
def _drop(plan: p.Drop, inputs: list[pl.LazyFrame]) -> pl.LazyFrame:
    return inputs[0].drop(list(plan.columns))
