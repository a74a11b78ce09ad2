"""Frame methods: projection, filtering, ordering, slicing, renaming.

Example:
    >>> from pydantable import DataFrameModel
    >>> class T(DataFrameModel):
    ...     x: int
    ...     y: str
    >>> df = T({"x": [3, 1, 2], "y": ["c", "a", "b"]})
    >>> df.filter(df.x > 1).sort("x").select("y").to_dict()
    {'y': ['b', 'c']}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from typing_extensions import Self

from pydantable import plan as p
from pydantable import selectors
from pydantable.errors import ColumnNotFoundError
from pydantable.expressions.expr import ColumnRef, Expr
from pydantable.expressions.mixin import iter_exprs
from pydantable.expressions.nodes import Lit
from pydantable.expressions.rules import python_words
from pydantable.frame._protocol import FrameMethods
from pydantable.frame.grouping import broadcast_outputs, select_outputs

if TYPE_CHECKING:
    from pydantable.frame import BaseFrame


def _has_values(exprs: tuple[Any, ...], named: Mapping[str, Any]) -> bool:
    """Whether ``with_columns`` got a whole column of values (array, Series, list)."""
    from pydantable.validation.values import is_column_values

    return any(is_column_values(v) for v in named.values()) or any(
        is_column_values(e) and not isinstance(e, list) for e in exprs
    )


__all__ = ["SelectMethods"]


class SelectMethods(FrameMethods):
    """``select``, ``with_columns``, ``filter``, ``sort``, ``slice``/``head``/
    ``tail``, ``rename`` and ``drop``."""

    __slots__ = ()

    def select(self, *exprs: Any, exclude: Any = None, **named: Any) -> BaseFrame:
        """Project to columns/expressions, in the given order.

        Args:
            *exprs: column names, expressions (named by their output name or
                ``alias``), or lists of them.
            exclude: column names or selectors to leave out (with no positional arguments,
                selects every other column).
            **named: ``name=expression`` outputs.

        Raises:
            ValueError: nothing to select (``select()``), or a selector matches
                no column.
        """
        items = selectors.expand(exprs, self._plan.schema, op="select")
        if not items and not named and exclude is None:
            msg = "select() requires at least one column."
            raise ValueError(msg)
        excluded = (
            set()
            if exclude is None
            else set(
                selectors.expand_names(
                    exclude, self._plan.schema, op="select", arg="exclude"
                )
            )
        )
        if not items and not named and excluded:
            items = [c for c in self.columns if c not in excluded]
        outputs = [o for o in self._named(items, named) if o[0] not in excluded]
        # aggregates only: one row; mixed with row-wise columns: broadcast
        outputs, collapsed = select_outputs(self._plan.schema, outputs)
        schema = p.select_schema(column for _, _, column in outputs)
        plan = p.Select(
            schema, self._plan, tuple((name, node) for name, node, _ in outputs)
        )
        return self._derive(plan, height=1 if collapsed else self._height)

    def with_columns(self, *exprs: Any, **named: Any) -> BaseFrame:
        """Add or replace columns; replaced columns keep their position.

        A value may be an expression, a column name, a scalar, or a whole
        column of values aligned by row: a 1-D NumPy array, a Polars or pandas
        Series (also positional, named by the Series' name) or a list. Values
        have one per row (the height is counted if not known yet) and are
        validated against the existing column of that name, or typed from
        their dtype (NumPy int/float/bool/str/datetime64, ...) for a new one.

        Example:
            >>> import numpy as np
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            >>> t = T({"x": [1, 2, 3]})
            >>> big = t.filter(t.x > 1)
            >>> big.with_columns(pred=np.array([0.5, 0.25]), y=big.x * 2).to_dict()
            {'x': [2, 3], 'pred': [0.5, 0.25], 'y': [4, 6]}

        Raises:
            TypeError: ``name=None`` (or an untyped ``lit(None)``): the column
                would have no dtype; give one with ``lit(None, dtype)``.
            pydantable.errors.ColumnLengthMismatchError: a column of values
                does not have one value per row.
            pydantic.ValidationError: a value does not fit the column.
        """
        if _has_values(exprs, named):
            from pydantable.frame.arrays import with_values

            return with_values(cast("BaseFrame", self), exprs, named)
        for name, value in named.items():
            if value is None or (
                isinstance(value, Expr)
                and isinstance(value.node, Lit)
                and value.node.dtype.name == "Null"
            ):
                msg = (
                    f"with_columns({name}=None) cannot infer destination type; "
                    "use lit(None, dtype) or Literal(value=None).cast(dtype)"
                )
                raise TypeError(msg)
        items = selectors.expand(exprs, self._plan.schema, op="with_columns")
        outputs = broadcast_outputs(self._plan.schema, self._named(items, named))
        schema = p.with_columns_schema(
            self._plan.schema, (column for _, _, column in outputs)
        )
        plan = p.WithColumns(
            schema, self._plan, tuple((name, node) for name, node, _ in outputs)
        )
        return self._derive(plan, height=self._height)

    def filter(self, *predicates: Any) -> Self:
        """Keep rows where every predicate is true (null counts as false).

        Raises:
            TypeError: a predicate is not boolean.
        """
        if not predicates:
            msg = "filter() needs at least one predicate"
            raise TypeError(msg)
        combined: Expr | None = None
        for predicate in iter_exprs(predicates):
            expr = self._bind(predicate)
            typed = expr.typed_in(self._plan.schema)
            if typed.dtype.name != "Boolean":
                msg = (
                    "filter(condition) expects condition typed as bool (or "
                    f"bool | None); got {python_words(typed.dtype, typed.nullable)} "
                    f"from {expr!r}"
                )
                raise TypeError(msg)
            combined = expr if combined is None else combined & expr
        assert combined is not None
        plan = p.Filter(self._plan.schema, self._plan, combined.node)
        return self._derive_same(plan)

    def sort(
        self,
        *by: Any,
        descending: bool | list[bool] = False,
        nulls_last: bool | list[bool] = False,
        maintain_order: bool = False,
    ) -> Self:
        """Sort by one or more columns or expressions."""
        keys = [
            self._bind(k) for k in selectors.expand(by, self._plan.schema, op="sort")
        ]
        if not keys:
            msg = "sort() needs at least one key"
            raise TypeError(msg)
        for key in keys:
            typed = key.typed_in(self._plan.schema)
            if not typed.dtype.is_orderable():
                msg = f"cannot sort by {key!r}: {typed.dtype!r} has no order"
                raise TypeError(msg)
        plan = p.Sort(
            self._plan.schema,
            self._plan,
            tuple(k.node for k in keys),
            _per_key(descending, len(keys), "descending"),
            _per_key(nulls_last, len(keys), "nulls_last"),
            maintain_order,
        )
        return self._derive_same(plan, height=self._height)

    def slice(self, offset: int, length: int | None = None) -> Self:
        """Rows ``offset`` .. ``offset + length`` (negative offset counts from the end)."""
        if length is not None and length < 0:
            msg = f"slice length must be >= 0; got {length}"
            raise ValueError(msg)
        height = None
        if self._height is not None:
            n = self._height
            start = offset if offset >= 0 else n + offset  # may stay negative
            stop = n if length is None else start + length
            height = max(min(max(stop, 0), n) - min(max(start, 0), n), 0)
        plan = p.Slice(self._plan.schema, self._plan, offset, length)
        return self._derive_same(plan, height=height)

    def head(self, n: int = 5) -> Self:
        """The first ``n`` rows."""
        return self.slice(0, n)

    def limit(self, n: int = 5) -> Self:
        """Alias of :meth:`head`."""
        return self.head(n)

    def tail(self, n: int = 5) -> Self:
        """The last ``n`` rows."""
        if n == 0:
            return self.slice(0, 0)
        return self.slice(-n, n)

    def rename(self, mapping: Mapping[str, str], *, strict: bool = True) -> BaseFrame:
        """Rename columns (``{old: new}``).

        Raises:
            ColumnNotFoundError: ``strict`` and an old name does not exist.
            ValueError: the result would have duplicate names.
        """
        schema = self._plan.schema
        pairs = {}
        for old, new in mapping.items():
            if old not in schema:
                if strict:
                    raise ColumnNotFoundError.from_missing(old, self.columns)
                continue
            pairs[old] = new
        plan = p.Rename(
            p.rename_schema(schema, pairs), self._plan, tuple(pairs.items())
        )
        return self._derive(plan, height=self._height)

    def drop(self, *columns: Any, strict: bool = True) -> BaseFrame:
        """Remove columns (names, column references or selectors).

        Raises:
            ColumnNotFoundError: ``strict`` and a name does not exist (with
                ``strict=False`` unknown names, also inside selectors such as
                ``by_name("a", "gone")``, are ignored).
            ValueError: ``strict`` and a selector matches no column.
        """
        names = [
            c.name if isinstance(c, ColumnRef) else c
            for c in selectors.expand(
                columns, self._plan.schema, op="drop", strict=strict
            )
        ]
        schema = self._plan.schema
        for name in names:
            if name not in schema and strict:
                raise ColumnNotFoundError.from_missing(name, self.columns)
        dropped = [n for n in names if n in schema]
        plan = p.Drop(p.drop_schema(schema, dropped), self._plan, tuple(dropped))
        return self._derive(plan, height=self._height)


def _per_key(value: bool | list[bool], n: int, what: str) -> tuple[bool, ...]:
    if isinstance(value, bool):
        return (value,) * n
    flags = tuple(bool(v) for v in value)
    if len(flags) != n:
        msg = f"{what} has {len(flags)} flags for {n} sort keys"
        raise ValueError(msg)
    return flags
