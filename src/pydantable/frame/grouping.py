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

from pydantable import selectors
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
from pydantable.expressions.expr import Expr, output_name, referenced_columns
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
    string_specs: bool = False,
) -> list[Output]:
    """Parse aggregations into ``(name, IR node, Column)`` outputs.

    Args:
        frame: the frame the aggregations read.
        aggs: positional aggregate expressions (or lists of them), named by
            their output name (``df.x.sum()`` is ``"x"``; use ``alias``).
        named: ``name=expression`` or ``name=(op, column_or_expr[, arg])``
            with ``op`` one of :data:`~pydantable.expressions.aggregate.AGGREGATES`
            (``arg``: the quantile of ``"quantile"``, ``ddof`` of ``"std"``/``"var"``).
            An expression given as the column must read exactly one column;
            ``("n_unique", column)`` counts distinct non-null values.
        context: ``"group"`` (groups are never empty) or ``"global"``.
        string_specs: ``(op, column)`` tuples must name the column (the
            original's rule for ``group_by_dynamic().agg()``).

    Raises:
        TypeError: a spec is malformed, an output does not aggregate, or an op
            does not apply to the column's dtype (the message names both).
        ValueError: no aggregation, unknown op, duplicate output names.
        ColumnNotFoundError: a referenced column does not exist (a ``KeyError``:
            "agg() unknown input column '<c>'.").
    """
    if not aggs and not named:
        msg = "agg(...) requires at least one aggregation."
        raise ValueError(msg)
    parsed: list[tuple[str, Expr]] = []
    for item in _flatten(aggs):
        if isinstance(item, tuple):
            msg = (
                f"a ({item[0]!r}, ...) aggregation needs a name: pass it as "
                f"agg(name=({item[0]!r}, ...))"
            )
            raise TypeError(msg)
        expr = _bound(frame, item)
        parsed.append((output_name(expr.node), expr))
    for name, value in named.items():
        if isinstance(value, tuple):
            expr = _spec(frame, name, value, string_specs=string_specs)
        elif isinstance(value, Expr):
            expr = _bound(frame, value)
        else:
            msg = f"{SPEC_MESSAGE} Got {value!r} for {name!r}."
            raise TypeError(msg)
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


#: The original's message for a malformed ``agg()`` spec (a ``TypeError``).
SPEC_MESSAGE = "agg() expects specs like output_name=(op, column)."


def _flatten(items: Iterable[Any]) -> Iterable[Any]:
    for item in items:
        if isinstance(item, list):
            yield from item
        else:
            yield item


def _unknown_input(name: str, available: list[str]) -> ColumnNotFoundError:
    msg = f"agg() unknown input column {name!r}. Available columns: {available}"
    return ColumnNotFoundError(msg, name=name)


def _bound(frame: FrameCore, value: Any) -> Expr:
    """``frame._bind(value)``; a missing column is "agg() unknown input column"."""
    try:
        return frame._bind(value)
    except ColumnNotFoundError as exc:
        raise _unknown_input(exc.name, frame.columns) from None


def _spec(
    frame: FrameCore, name: str, spec: tuple[Any, ...], *, string_specs: bool = False
) -> Expr:
    """The expression of an ``(op, column_or_expr[, arg])`` aggregation."""
    if len(spec) not in (2, 3):
        msg = f"{SPEC_MESSAGE} Got {spec!r} for {name!r}."
        raise TypeError(msg)
    op, target, *extra = spec
    if string_specs and not (isinstance(op, str) and isinstance(target, str)):
        msg = f"agg() op and column must be strings. Got {spec!r} for {name!r}."
        raise TypeError(msg)
    if not isinstance(op, str):
        msg = f"Aggregation operator must be a string. Got {op!r} for {name!r}."
        raise TypeError(msg)
    if op not in AGGREGATES:
        msg = f"Unsupported aggregation {op!r}. Use one of: {', '.join(AGGREGATES)}."
        raise ValueError(msg)
    if extra and op not in ("quantile", "std", "var"):
        msg = (
            f"{SPEC_MESSAGE} Only quantile/std/var take a third item; got "
            f"{spec!r} for {name!r}."
        )
        raise TypeError(msg)
    if op == "quantile" and not extra:
        msg = f"('quantile', column, q) needs the quantile q for {name!r}"
        raise ValueError(msg)
    if isinstance(target, str):
        if target not in frame.schema:
            raise _unknown_input(target, frame.columns)
        expr: Expr = frame.col(target)
    elif isinstance(target, Expr):
        read = sorted(referenced_columns(target.node))
        if len(read) != 1:
            msg = (
                f"agg() Expr specs must reference exactly one column. "
                f"{describe(target.node)} for {name!r} references {len(read)}: {read}"
            )
            raise TypeError(msg)
        expr = _bound(frame, target)
    else:
        msg = (
            f"agg() column must be a column name or Expr; got {target!r} for {name!r}."
        )
        raise TypeError(msg)
    return aggregate_of(frame, op, expr, *extra)


#: What each aggregation needs, in the original's wording.
_NEEDS = {
    "sum": "int, float, decimal, bool or timedelta values",
    "mean": "int or float values (also decimal, bool, date, datetime, timedelta)",
    "median": "int or float values (also decimal, bool, date, datetime, timedelta)",
    "std": "int or float values (also decimal, bool)",
    "var": "int or float values (also decimal, bool)",
    "quantile": "int, float, decimal, date, datetime or timedelta values",
    "min": "orderable values (not list, struct or map)",
    "max": "orderable values (not list, struct or map)",
}


def aggregate_of(frame: FrameCore, op: str, expr: Expr, *extra: Any) -> Expr:
    """``op`` of ``expr`` as the original's ``(op, column)`` spec means it.

    ``n_unique`` counts distinct **non-null** values (an all-null group gives 0).

    Raises:
        TypeError: ``op`` does not apply to ``expr``'s dtype
            (``"median() requires int or float values ...; got str ..."``).
    """
    dtype = type_of(expr.node, frame.schema).dtype
    if not supports(op, dtype):
        msg = (
            f"{op}() requires {_NEEDS.get(op, 'other values')}; got "
            f"{_type_word(dtype)} values ({dtype!r}) in {describe(expr.node)}"
        )
        raise TypeError(msg)
    if op == "n_unique":
        return expr._aggregate("n_unique", ignore_nulls=True)
    if op in ("quantile", "std", "var"):  # the methods check their argument
        result: Expr = getattr(expr, op)(*extra)
        return result
    return expr._aggregate(op)


def _type_word(dtype: Any) -> str:
    """A dtype in lowercase Python terms (``str``, ``list[int]``, ``Point``)."""
    tp = dtype.python_type()
    return tp.__name__ if isinstance(tp, type) else str(tp)


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
    def _shortcut(self, op: str, columns: tuple[Any, ...], *extra: Any) -> BaseFrame:
        schema = self._frame.schema
        names = [
            c if isinstance(c, str) else output_name(c.node) for c in _flatten(columns)
        ]
        if not names:
            msg = f"{op}() requires at least one column name."
            raise ValueError(msg)
        for name in names:
            if name not in schema:
                raise _unknown_input(name, list(schema))
        named = {
            f"{name}_{op}": aggregate_of(self._frame, op, self._frame.col(name), *extra)
            for name in names
        }
        return self.agg(**named)

    def sum(self, *columns: Any, streaming: bool | None = None) -> BaseFrame:
        """``<col>_sum`` per group.

        ``streaming`` is accepted for compatibility (the engine decides), as on
        every shortcut.

        Raises:
            ValueError: no column is given.
            ColumnNotFoundError: a column does not exist (a ``KeyError``).

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     k: str
            ...     x: int
            >>> T({"k": ["a", "a"], "x": [1, 2]}).group_by("k").sum("x").to_dict()
            {'k': ['a'], 'x_sum': [3]}
        """
        return self._shortcut("sum", columns)

    def mean(self, *columns: Any, streaming: bool | None = None) -> BaseFrame:
        """``<col>_mean`` per group."""
        return self._shortcut("mean", columns)

    def median(self, *columns: Any, streaming: bool | None = None) -> BaseFrame:
        """``<col>_median`` per group."""
        return self._shortcut("median", columns)

    def min(self, *columns: Any, streaming: bool | None = None) -> BaseFrame:
        """``<col>_min`` per group."""
        return self._shortcut("min", columns)

    def max(self, *columns: Any, streaming: bool | None = None) -> BaseFrame:
        """``<col>_max`` per group."""
        return self._shortcut("max", columns)

    def std(
        self, *columns: Any, ddof: int = 1, streaming: bool | None = None
    ) -> BaseFrame:
        """``<col>_std`` per group."""
        return self._shortcut("std", columns, ddof)

    def var(
        self, *columns: Any, ddof: int = 1, streaming: bool | None = None
    ) -> BaseFrame:
        """``<col>_var`` per group."""
        return self._shortcut("var", columns, ddof)

    def count(self, *columns: Any, streaming: bool | None = None) -> BaseFrame:
        """``<col>_count`` (non-null values) per group."""
        return self._shortcut("count", columns)

    def n_unique(self, *columns: Any, streaming: bool | None = None) -> BaseFrame:
        """``<col>_n_unique`` per group: distinct non-null values (0 when all null)."""
        return self._shortcut("n_unique", columns)

    def first(self, *columns: Any, streaming: bool | None = None) -> BaseFrame:
        """``<col>_first`` per group."""
        return self._shortcut("first", columns)

    def last(self, *columns: Any, streaming: bool | None = None) -> BaseFrame:
        """``<col>_last`` per group."""
        return self._shortcut("last", columns)

    def len(self, name: str = "len", *, streaming: bool | None = None) -> BaseFrame:
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
            ValueError: no keys.
            TypeError: a key aggregates.
            ColumnNotFoundError: a key column does not exist (a ``KeyError``:
                "group_by() unknown key '<k>'.").
        """
        items = list(_flatten(keys))
        if not items:
            msg = "group_by(...) requires at least one key."
            raise ValueError(msg)
        items = selectors.expand(items, self.schema, op="group_by")
        try:
            outputs = self._named(items, {})
        except ColumnNotFoundError as exc:
            msg = f"group_by() unknown key {exc.name!r}. Available columns: {self.columns}"
            raise ColumnNotFoundError(msg, name=exc.name) from None
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
