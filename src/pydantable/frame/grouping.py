"""Frame methods: ``group_by(...).agg(...)``, grouped shortcuts and ``value_counts``.

Aggregations are given as expressions (``df.amount.sum().alias("total")``,
``total=df.amount.sum()``) or as the original's ``(op, column)`` tuples
(``total=("sum", "amount")``). Each is typed in the *group* context: a group
has at least one row, so ``mean`` of a non-nullable column is non-nullable
while ``std`` of a one-row group is null (see
:mod:`pydantable.expressions.aggregate`).

Example:
    >>> from pydantable import DataFrameModel
    >>> class Sale(DataFrameModel):
    ...     region: str
    ...     amount: float
    >>> s = Sale({"region": ["e", "w", "e"], "amount": [10.0, 4.0, 6.0]})
    >>> by = s.group_by("region").agg(total=("sum", "amount"), n=("count", "amount"))
    >>> by.sort("region").to_dict()
    {'region': ['e', 'w'], 'total': [16.0, 4.0], 'n': [2, 1]}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from pydantable.errors import ColumnNotFoundError
from pydantable.expressions import nodes as n
from pydantable.expressions.aggregate import (
    AGGREGATES,
    PREFIX,
    contains_aggregate,
    in_context,
    is_scalar,
    supports,
)
from pydantable.expressions.expr import Expr, output_name
from pydantable.expressions.infer import describe, type_of
from pydantable.frame._protocol import FrameCore, FrameMethods
from pydantable.plan.grouping import GroupByAgg, group_by_schema
from pydantable.schema import Column, derived_column

if TYPE_CHECKING:
    from pydantable.expressions.nodes import Node
    from pydantable.frame import BaseFrame

__all__ = [
    "GroupBy",
    "GroupedDataFrame",
    "GroupedDataFrameModel",
    "GroupingMethods",
    "aggregation_outputs",
    "broadcast_outputs",
    "select_outputs",
]

Output = tuple[str, "Node", Column]


# -- aggregation parsing (shared with group_by_dynamic / rolling_agg) -----------------


def aggregation_outputs(
    frame: FrameCore,
    aggs: tuple[Any, ...],
    named: Mapping[str, Any],
    *,
    context: str = "group",
) -> list[Output]:
    """Parse aggregations into ``(name, IR node, Column)`` outputs.

    Args:
        frame: the frame the aggregations read.
        aggs: positional aggregate expressions (or lists of them), named by
            their output name (``df.x.sum()`` is ``"x"``; use ``alias``).
        named: ``name=expression`` or ``name=(op, column_or_expr[, arg])``
            with ``op`` one of :data:`~pydantable.expressions.aggregate.AGGREGATES`
            (``arg``: the quantile of ``"quantile"``, ``ddof`` of ``"std"``/``"var"``).
        context: ``"group"`` (groups are never empty) or ``"global"``.

    Raises:
        TypeError: an output does not aggregate, or an op does not apply to
            the column's dtype (the message names both).
        ValueError: unknown op, duplicate output names.
        ColumnNotFoundError: a referenced column does not exist.
    """
    parsed: list[tuple[str, Expr]] = []
    for item in _flatten(aggs):
        if isinstance(item, tuple):
            msg = (
                f"a ({item[0]!r}, ...) aggregation needs a name: pass it as "
                f"agg(name=({item[0]!r}, ...))"
            )
            raise TypeError(msg)
        expr = frame._bind(item)
        parsed.append((output_name(expr.node), expr))
    for name, value in named.items():
        expr = (
            _spec(frame, name, value)
            if isinstance(value, tuple)
            else frame._bind(value)
        )
        parsed.append((name, expr))
    out: list[Output] = []
    seen: set[str] = set()
    for name, expr in parsed:
        if name in seen:
            msg = f"aggregation output {name!r} is given twice; use .alias() or another name"
            raise ValueError(msg)
        seen.add(name)
        node = expr.node
        if not (is_scalar(node) and contains_aggregate(node)):
            msg = (
                f"aggregation {name!r} = {describe(node)} does not aggregate: use "
                f"an aggregate such as .sum(), .mean() or .first(), or a "
                f"('sum', column) tuple"
            )
            raise TypeError(msg)
        node = in_context(node, context)
        typed = type_of(node, frame.schema)
        out.append((name, node, derived_column(name, typed.dtype, typed.nullable)))
    return out


def _flatten(items: Iterable[Any]) -> Iterable[Any]:
    for item in items:
        if isinstance(item, list):
            yield from item
        else:
            yield item


def _spec(frame: FrameCore, name: str, spec: tuple[Any, ...]) -> Expr:
    """The expression of an ``(op, column_or_expr[, arg])`` aggregation."""
    if len(spec) not in (2, 3) or not isinstance(spec[0], str):
        msg = f"aggregation {name!r} must be (op, column) or (op, column, arg); got {spec!r}"
        raise ValueError(msg)
    op, target, *extra = spec
    if op not in AGGREGATES:
        msg = f"unknown aggregation {op!r} for {name!r}; expected one of {list(AGGREGATES)}"
        raise ValueError(msg)
    if extra and op not in ("quantile", "std", "var"):
        msg = f"aggregation {op!r} takes no argument; got {spec!r} for {name!r}"
        raise ValueError(msg)
    if op == "quantile" and not extra:
        msg = f"('quantile', column, q) needs the quantile q for {name!r}"
        raise ValueError(msg)
    expr = frame._bind(target)
    result: Expr = getattr(expr, op)(*extra)
    return result


# -- select / with_columns: collapse or broadcast --------------------------------------


def broadcast_outputs(
    schema: Mapping[str, Column], outputs: list[Output]
) -> list[Output]:
    """Outputs whose aggregates are broadcast to the input's rows.

    A broadcast value only appears on rows, and when there is a row the
    aggregate saw at least one: aggregates are re-typed in the group context.
    """
    out: list[Output] = []
    for name, node, column in outputs:
        if contains_aggregate(node):
            node = in_context(node, "group")
            typed = type_of(node, schema)
            column = derived_column(name, typed.dtype, typed.nullable)
        out.append((name, node, column))
    return out


def select_outputs(
    schema: Mapping[str, Column], outputs: list[Output]
) -> tuple[list[Output], bool]:
    """``select`` outputs with aggregates typed for their context.

    Returns ``(outputs, collapsed)``: ``collapsed`` when every output is an
    aggregate (or a constant) and one aggregates, so the result has exactly
    one row (Polars semantics; aggregates keep the global typing: the input
    may be empty). Otherwise aggregates are broadcast to the input's rows.
    """
    if not any(contains_aggregate(node) for _, node, _ in outputs):
        return outputs, False
    if all(is_scalar(node) for _, node, _ in outputs):
        return outputs, True
    return broadcast_outputs(schema, outputs), False


# -- group_by ----------------------------------------------------------------------------


class GroupBy:
    """The result of ``frame.group_by(...)``: call :meth:`agg` or a shortcut.

    Output columns are the keys, then the aggregations; group order is
    unspecified unless ``maintain_order=True`` (order of first appearance).
    """

    __slots__ = ("_drop_nulls", "_frame", "_keys", "_maintain_order")

    def __init__(
        self,
        frame: FrameCore,
        keys: list[Output],
        *,
        maintain_order: bool,
        drop_nulls: bool,
    ) -> None:
        self._frame = frame
        self._keys = keys
        self._maintain_order = maintain_order
        self._drop_nulls = drop_nulls

    def __repr__(self) -> str:
        keys = ", ".join(name for name, _, _ in self._keys)
        return f"<GroupBy [{keys}] of {type(self._frame).__name__}>"

    def agg(self, *aggs: Any, **named: Any) -> BaseFrame:
        """One row per group: the keys, then each aggregation.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     k: str
            ...     x: int
            >>> df = T({"k": ["a", "b", "a"], "x": [1, 2, 3]})
            >>> df.group_by("k", maintain_order=True).agg(
            ...     df.x.sum().alias("total"), top=("max", "x")
            ... ).to_dict()
            {'k': ['a', 'b'], 'total': [4, 2], 'top': [3, 2]}
        """
        outputs = aggregation_outputs(self._frame, aggs, named)
        return self._build(outputs)

    def _build(self, outputs: list[Output]) -> BaseFrame:
        frame = self._frame
        schema = group_by_schema(
            (column for _, _, column in self._keys),
            (column for _, _, column in outputs),
            drop_nulls=self._drop_nulls,
        )
        plan = GroupByAgg(
            schema,
            frame._plan,
            tuple((name, node) for name, node, _ in self._keys),
            tuple((name, node) for name, node, _ in outputs),
            self._maintain_order,
            self._drop_nulls,
        )
        return frame._derive(plan, height=0 if frame._height == 0 else None)

    # -- shortcuts -------------------------------------------------------------------
    def _shortcut(self, op: str, columns: tuple[Any, ...], **options: Any) -> BaseFrame:
        schema = self._frame.schema
        keys = {name for name, _, _ in self._keys}
        names = [
            c if isinstance(c, str) else output_name(c.node) for c in _flatten(columns)
        ]
        if not names:
            names = [
                c.name
                for c in schema.columns()
                if c.name not in keys and supports(op, c.dtype)
            ]
        for name in names:
            if name not in schema:
                raise ColumnNotFoundError.from_missing(name, list(schema))
        named = {
            f"{name}_{op}": self._frame.col(name)._aggregate(op, **options)
            for name in names
        }
        return self.agg(**named)

    def sum(self, *columns: Any) -> BaseFrame:
        """``<col>_sum`` per group (default: every summable non-key column)."""
        return self._shortcut("sum", columns)

    def mean(self, *columns: Any) -> BaseFrame:
        """``<col>_mean`` per group (default: every averageable non-key column)."""
        return self._shortcut("mean", columns)

    def median(self, *columns: Any) -> BaseFrame:
        """``<col>_median`` per group."""
        return self._shortcut("median", columns)

    def min(self, *columns: Any) -> BaseFrame:
        """``<col>_min`` per group (default: every orderable non-key column)."""
        return self._shortcut("min", columns)

    def max(self, *columns: Any) -> BaseFrame:
        """``<col>_max`` per group (default: every orderable non-key column)."""
        return self._shortcut("max", columns)

    def std(self, *columns: Any, ddof: int = 1) -> BaseFrame:
        """``<col>_std`` per group."""
        return self._shortcut("std", columns, ddof=ddof)

    def var(self, *columns: Any, ddof: int = 1) -> BaseFrame:
        """``<col>_var`` per group."""
        return self._shortcut("var", columns, ddof=ddof)

    def count(self, *columns: Any) -> BaseFrame:
        """``<col>_count`` (non-null values) per group (default: every non-key column)."""
        return self._shortcut("count", columns)

    def n_unique(self, *columns: Any) -> BaseFrame:
        """``<col>_n_unique`` per group."""
        return self._shortcut("n_unique", columns)

    def first(self, *columns: Any) -> BaseFrame:
        """``<col>_first`` per group."""
        return self._shortcut("first", columns)

    def last(self, *columns: Any) -> BaseFrame:
        """``<col>_last`` per group."""
        return self._shortcut("last", columns)

    def len(self, name: str = "len") -> BaseFrame:
        """Rows per group, in column ``name`` (Int64)."""
        expr = Expr(n.Alias(n.Call(PREFIX + "len", ()), name), {})
        return self.agg(expr)

    # -- typed results ---------------------------------------------------------------
    def agg_as_model(
        self, model: Any, *aggs: Any, validate_schema: bool = True, **named: Any
    ) -> Any:
        """``agg(...)`` re-typed as the declared ``model`` (see ``as_model``)."""
        frame = self.agg(*aggs, **named)
        if validate_schema:
            return _method(frame, "as_model")(model)
        return _method(frame, "as_model")(model, validate_schema=False)

    def agg_try_as_model(self, model: Any, *aggs: Any, **named: Any) -> Any:
        """``agg(...)`` as ``model``, or ``None`` when the schemas differ."""
        return _method(self.agg(*aggs, **named), "try_as_model")(model)

    def agg_assert_model(self, model: Any, *aggs: Any, **named: Any) -> Any:
        """``agg(...)`` as ``model``; raises describing the schema difference."""
        return _method(self.agg(*aggs, **named), "assert_model")(model)


def _method(frame: BaseFrame, name: str) -> Any:
    return getattr(frame, name)


#: The original's names of the grouped frame classes.
GroupedDataFrame = GroupBy
GroupedDataFrameModel = GroupBy


class GroupingMethods(FrameMethods):
    """Mixed into :class:`~pydantable.frame.BaseFrame`."""

    __slots__ = ()

    def group_by(
        self, *keys: Any, maintain_order: bool = False, drop_nulls: bool = True
    ) -> GroupBy:
        """Group rows by key columns or expressions.

        Args:
            *keys: column names, expressions (named by their output name or
                ``alias``), or lists of them.
            maintain_order: keep groups in order of first appearance.
            drop_nulls: drop rows with a null key (the original's default);
                ``False`` keeps a null group, as Polars does.

        Raises:
            TypeError: no keys, or a key aggregates.
            ColumnNotFoundError: a key column does not exist.
        """
        items = list(_flatten(keys))
        if not items:
            msg = "group_by() needs at least one key"
            raise TypeError(msg)
        outputs = self._named(items, {})
        for _, node, _ in outputs:
            if contains_aggregate(node):
                msg = f"group_by() key {describe(node)} must not aggregate"
                raise TypeError(msg)
        return GroupBy(
            self, outputs, maintain_order=maintain_order, drop_nulls=drop_nulls
        )

    def value_counts(
        self, column: Any, normalize: bool = False, dropna: bool = True
    ) -> dict[Any, Any]:
        """Occurrences of each value of ``column`` as a Python dict (the original's API).

        Most frequent first (ties by value). ``normalize``: fractions of the
        counted rows instead of counts; ``dropna=False`` counts nulls under
        the key ``None``. Runs the plan. For a lazy frame use
        ``group_by(column).len()``.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     k: str
            >>> T({"k": ["a", "b", "a"]}).value_counts("k")
            {'a': 2, 'b': 1}
        """
        name = (
            column if isinstance(column, str) else output_name(self._bind(column).node)
        )
        if name not in self.schema:
            msg = (
                f"Unknown column {name!r} for current schema. "
                f"Available columns: {self.columns}"
            )
            raise ColumnNotFoundError(msg, name=name)
        dtype = self.schema[name].dtype
        if dtype.is_nested():
            msg = f"value_counts() needs hashable values; {name!r} is {dtype!r}"
            raise TypeError(msg)
        count = "count" if name != "count" else "count_"
        grouped = self.group_by(name, drop_nulls=dropna).len(count)
        ordered = grouped.sort(count, name, descending=[True, False], nulls_last=True)
        data = ordered.to_dict()
        counts: list[int] = data[count]
        if normalize:
            total = sum(counts)
            return {k: c / total for k, c in zip(data[name], counts, strict=True)}
        return dict(zip(data[name], counts, strict=True))
