"""Window expressions: ``Expr.over`` and the SQL window functions.

``expr.over(...)`` evaluates ``expr`` per partition and maps the result back to
every row, keeping the input row order. It takes Polars-style arguments
(``partition_by``, ``order_by``, ``descending``, ``nulls_last``) or a Spark-style
:class:`~pydantable.window_spec.WindowSpec`.

Window functions (``row_number()``, ``rank()``, ``lag(col)``, ``window_sum(col)``,
..., built by :mod:`~pydantable.expressions.window_functions`) only have a
value inside a window: use them as ``fn(...).over(spec)``.
SQL (PostgreSQL) semantics: ties share ``rank``; ``percent_rank`` is
``(rank - 1) / (rows - 1)``; ``cume_dist`` counts the current row's peers; an
aggregate over a frame without non-null values is null. Without a frame an
aggregate covers the whole partition (Polars' semantics) and
``first_value``/``last_value``/``nth_value`` use ``RANGE BETWEEN UNBOUNDED
PRECEDING AND CURRENT ROW``. RANGE frames bound the first order key (rows equal
on it are peers); int offsets are in its physical unit (days for a date,
microseconds for a datetime or duration). Ranking functions and ``lag``/``lead``
ignore a ROWS frame and reject a RANGE frame.

IR: ``Call("over", (*function_args, *partition_keys, *order_keys), options)``;
``options["function"]`` names the window function (``"window.rank"``) or is
``None`` when the first argument is an arbitrary expression.

Example:
    >>> from pydantable import DataFrameModel
    >>> from pydantable.expressions import row_number
    >>> from pydantable.window_spec import Window
    >>> class Sale(DataFrameModel):
    ...     region: str
    ...     day: int
    >>> s = Sale({"region": ["e", "w", "e"], "day": [2, 1, 1]})
    >>> w = Window.partitionBy("region").orderBy("day")
    >>> s.with_columns(rn=row_number().over(w)).to_dict()["rn"]
    [2, 1, 1]
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

from pydantable import dtypes as dt
from pydantable.expressions import nodes as n
from pydantable.expressions.aggregate import in_context
from pydantable.expressions.catalog import FunctionKind
from pydantable.expressions.infer import Typed, describe, register_function, unify
from pydantable.expressions.mixin import ExprMixin, is_expr
from pydantable.window_spec import WindowSpec, _flags, _keys

if TYPE_CHECKING:
    from pydantable.expressions.expr import Expr

__all__ = [
    "WindowMethods",
]

PREFIX = "window."
RANKING = ("row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile")
OFFSETS = ("lag", "lead")
VALUES = ("first_value", "last_value", "nth_value")
AGGREGATES = ("sum", "mean", "min", "max")
_AGG_FROM_EXPR = {f"agg.{op}": op for op in AGGREGATES}


class WindowMethods(ExprMixin):
    """Mixed into :class:`~pydantable.expressions.Expr`."""

    __slots__ = ()

    def over(
        self,
        partition_by: Any = None,
        *more: Any,
        order_by: Any = None,
        descending: bool | list[bool] = False,
        nulls_last: bool | list[bool] = False,
        mapping_strategy: str = "group_to_rows",
    ) -> Expr:
        """Evaluate this expression per window; one value per input row.

        ``partition_by`` may be a :class:`~pydantable.window_spec.WindowSpec`.
        An aggregate is broadcast over its partition (ordered or not, as in
        Polars); over a spec with a frame (``rowsBetween``/``rangeBetween``) it
        is the frame's value (a running value for ``rowsBetween(unboundedPreceding,
        currentRow)``). The order keys order order-dependent functions
        (``cum_sum``, ``row_number()``, ``lag``).

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     g: str
            ...     x: int
            >>> t = T({"g": ["a", "b", "a"], "x": [1, 2, 3]})
            >>> t.with_columns(s=t.x.sum().over("g")).to_dict()["s"]
            [4, 2, 4]
        """
        if mapping_strategy != "group_to_rows":
            msg = (
                f"over(mapping_strategy={mapping_strategy!r}) is not supported; only "
                "'group_to_rows' keeps one value per input row"
            )
            raise ValueError(msg)
        if isinstance(partition_by, WindowSpec):
            if more or order_by is not None or descending or nulls_last:
                msg = "over(WindowSpec) takes no other window arguments"
                raise TypeError(msg)
            spec = partition_by
        else:
            parts = () if partition_by is None else _keys((partition_by, *more), "over")
            orders = () if order_by is None else _keys((order_by,), "order_by")
            desc = _flags(descending, len(orders), "descending")
            last = _flags(nulls_last, len(orders), "nulls_last")
            spec = WindowSpec(
                partition_by=parts,
                order_by=tuple(
                    (o, not d, nl) for o, d, nl in zip(orders, desc, last, strict=True)
                ),
            )
        node = self._node
        function: str | None = None
        fn_args: tuple[n.Node, ...] = (node,)
        fn_options: tuple[tuple[str, Any], ...] = ()
        if isinstance(node, n.Call) and node.function.startswith(PREFIX):
            function, fn_args, fn_options = node.function, node.args, node.options
        elif (
            isinstance(node, n.Call)
            and node.function in _AGG_FROM_EXPR
            and spec.frame is not None
        ):  # x.sum().over(framed spec) is window_sum(x) over that frame
            function = PREFIX + _AGG_FROM_EXPR[node.function]
            fn_args = node.args[:1]
        if function is None:
            if spec.frame is not None:
                msg = (
                    f"a window frame applies to window functions (window_sum, "
                    f"first_value, ...), not to {describe(node)}"
                )
                raise TypeError(msg)
            fn_args = (in_context(node, "group"),)
        else:
            check_frame(
                function.removeprefix(PREFIX), spec.frame, ordered=bool(spec.order)
            )
        keys = [self._key(k) for k in (*spec.partition, *spec.order)]
        options = (
            ("function", function),
            ("fn_options", fn_options),
            ("n_args", len(fn_args)),
            ("n_partition", len(spec.partition)),
            ("descending", spec.descending),
            ("nulls_last", spec.nulls_last),
            ("frame", spec.frame),
        )
        call = n.Call("over", (*fn_args, *(k._node for k in keys)), options)
        return self._new(call, *keys)

    def _key(self, key: Any) -> Expr:
        if is_expr(key):
            return key
        return self._column(key)


# -- typing ------------------------------------------------------------------------


def _standalone(args: list[Typed], call: n.Call) -> Typed:
    name = call.function.removeprefix(PREFIX)
    msg = (
        f"{describe(call)} is a window function: use it as "
        f"{name}(...).over(Window.partitionBy(...).orderBy(...))"
    )
    raise TypeError(msg)


for _name in (*RANKING, *OFFSETS, *VALUES, *AGGREGATES):
    register_function(PREFIX + _name, kind=FunctionKind.WINDOW)(_standalone)

_SUMMABLE = (dt.Int64, dt.Float64)
_MINMAX = (dt.Int64, dt.Float64, dt.Date, dt.Datetime, dt.Duration)
_RANGE_KEYS = (dt.Int64, dt.Float64, dt.Decimal, dt.Date, dt.Datetime, dt.Duration)
#: Keys whose int RANGE offsets are in their physical unit (days / microseconds).
TEMPORAL_RANGE_KEYS = (dt.Date, dt.Datetime, dt.Duration)


def public_name(name: str) -> str:
    """The user-facing name of window function ``name`` (``sum`` -> ``window_sum``)."""
    return f"window_{name}" if name in AGGREGATES else name


def frame_may_be_empty(frame: Any) -> bool:
    """Whether a frame can exclude the current row (and so be empty)."""
    if frame is None:
        return False
    _, lo, hi = frame
    zero: Any = _dt.timedelta(0) if isinstance(lo or hi, _dt.timedelta) else 0
    return not ((lo is None or lo <= zero) and (hi is None or hi >= zero))


def range_offsets(frame: Any) -> bool:
    """Whether a frame is a RANGE frame with a non-zero offset bound."""
    if frame is None or frame[0] != "range":
        return False
    return any(b is not None and b != 0 and b != _dt.timedelta(0) for b in frame[1:])


def check_frame(name: str, frame: Any, *, ordered: bool) -> None:
    """Frame checks that need no dtypes (run when ``.over(spec)`` is built).

    Ranking and offset functions ignore a ROWS frame and reject a RANGE frame;
    a RANGE frame needs an order key.
    """
    if frame is None or frame[0] != "range":
        return
    if name in (*RANKING, *OFFSETS):
        msg = f"{name}() does not support rangeBetween frames."
        raise TypeError(msg)
    if not ordered:
        msg = (
            f"{public_name(name)}() with rangeBetween requires at least one order_by "
            "column (Window.partitionBy(...).orderBy(...).rangeBetween(...))."
        )
        raise ValueError(msg)


def _check_range(name: str, frame: Any, order: list[Typed]) -> None:
    """The first order key's dtype and the offsets' types of a RANGE frame."""
    if not order or not range_offsets(frame):
        return  # unbounded / current-row bounds: peers of any orderable key
    dtype = order[0].dtype
    key = dtype.storage()
    if not isinstance(key, _RANGE_KEYS):
        msg = (
            "rangeBetween supports numeric/date/datetime/duration order columns. "
            f"Got {dtype!r} as the first order key of {public_name(name)}()."
        )
        raise TypeError(msg)
    temporal = isinstance(key, TEMPORAL_RANGE_KEYS)
    for bound in frame[1:]:
        if bound is None:
            continue
        if isinstance(bound, _dt.timedelta):
            if not temporal:
                msg = (
                    f"rangeBetween offset {bound!r} is a timedelta but the first "
                    f"order key is {dtype!r}: give a number"
                )
                raise TypeError(msg)
            if isinstance(key, dt.Date) and bound % _dt.timedelta(days=1):
                msg = f"rangeBetween offset {bound!r} must be whole days for a Date key"
                raise TypeError(msg)
        elif isinstance(bound, float) and not isinstance(key, dt.Float64):
            unit = ""
            if temporal:
                unit = " (days)" if isinstance(key, dt.Date) else " (microseconds)"
            msg = (
                f"rangeBetween offset {bound!r} must be an int{unit} for order key "
                f"dtype {dtype!r}"
            )
            raise TypeError(msg)


@register_function("over", kind=FunctionKind.WINDOW)
def over_rule(args: list[Typed], call: n.Call) -> Typed:
    """The type of an ``over`` window (see the module docstring)."""
    k, p = call.option("n_args"), call.option("n_partition")
    fn_args, order = args[:k], args[k + p :]
    for typed, node in zip(order, call.args[k + p :], strict=True):
        if not typed.dtype.is_orderable():
            msg = f"cannot order a window by {describe(node)} of dtype {typed.dtype!r}"
            raise TypeError(msg)
    function = call.option("function")
    if function is None:
        return fn_args[0]
    name = function.removeprefix(PREFIX)
    frame = call.option("frame")
    check_frame(name, frame, ordered=bool(order))
    # a ROWS frame does not change a ranking or offset: accepted and ignored
    if name in (*RANKING, *OFFSETS) and not order:
        msg = f"{name}() needs an ordered window: .over(Window.orderBy(...))"
        raise TypeError(msg)
    _check_range(name, frame, order)
    if name in ("percent_rank", "cume_dist"):
        return Typed(dt.Float64(), False)
    if name in RANKING:
        return Typed(dt.Int64(), False)
    value = fn_args[0]
    if name in OFFSETS:
        options = dict(call.option("fn_options"))
        if len(fn_args) == 1:
            return Typed(value.dtype, value.nullable or options["offset"] > 0)
        unified = unify([value, fn_args[1]], what=f"{name}() column and default")
        return Typed(unified.dtype, unified.nullable)
    empty = frame_may_be_empty(frame)
    if name in VALUES:
        nth = dict(call.option("fn_options")).get("n", 1)
        return Typed(value.dtype, value.nullable or empty or nth > 1)
    allowed = _SUMMABLE if name in ("sum", "mean") else _MINMAX
    if not isinstance(value.dtype, allowed):
        msg = (
            f"window_{name} is not defined for dtype {value.dtype!r} in "
            f"{describe(call.args[0])}"
        )
        raise TypeError(msg)
    result = dt.Float64() if name == "mean" else value.dtype
    return Typed(result, value.nullable or empty)
