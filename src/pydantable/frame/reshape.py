"""Frame methods: unpivot/melt, pivot, explode and unnest.

Every method checks its arguments and builds a plan node whose output schema
comes from the rules of :mod:`pydantable.plan.reshape` (``pivot`` runs one
small engine query to find its output columns unless ``pivot_values`` is
given). See ``docs/joins-and-reshape.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pydantable import dtypes as dt
from pydantable.engines import engine_of
from pydantable.errors import ColumnNotFoundError
from pydantable.expressions.expr import ColumnRef
from pydantable.frame._protocol import FrameMethods
from pydantable.plan.reshape import (
    Explode,
    Pivot,
    PosExplode,
    Unnest,
    Unpivot,
    explode_schema,
    pivot_schema,
    posexplode_schema,
    unnest_schema,
    unpivot_schema,
)
from pydantable.selectors import Selector

if TYPE_CHECKING:
    from pydantable.frame import BaseFrame

__all__ = ["ReshapeMethods"]

_AGGREGATES = ("first", "last", "sum", "mean", "median", "min", "max", "count", "len")


def _flat(spec: Any) -> Iterable[Any]:
    if isinstance(spec, (list, tuple)):
        for item in spec:
            yield from _flat(item)
    else:
        yield spec


def _either(value: Any, alias: Any, name: str, alias_name: str) -> Any:
    if alias is None:
        return value
    if value is not None:
        msg = (
            f"pivot_longer() takes {name}= or {alias_name}= (the same option), not both"
        )
        raise TypeError(msg)
    return alias


class ReshapeMethods(FrameMethods):
    """Mixed into :class:`~pydantable.frame.BaseFrame`."""

    __slots__ = ()

    def _names_of(
        self, spec: Any, what: str, *, op: str | None = None, arg: str | None = None
    ) -> list[str]:
        if spec is None:
            return []
        names = []
        for item in _flat(spec):
            if isinstance(item, Selector):
                names.extend(item.resolve(self.schema, op=op, arg=arg))
                continue
            name = item.name if isinstance(item, ColumnRef) else item
            if not isinstance(name, str):
                msg = f"{what} must be column names; got {item!r}"
                raise TypeError(msg)
            if name not in self.schema:
                raise ColumnNotFoundError.from_missing(name, self.columns)
            names.append(name)
        return names

    # -- wide -> long -----------------------------------------------------------------
    def unpivot(
        self,
        on: Any = None,
        *,
        index: Any = None,
        variable_name: str | None = None,
        value_name: str | None = None,
    ) -> BaseFrame:
        """Wide → long: one row per (input row, ``on`` column).

        Rows come column by column: every input row for the first ``on``
        column, then every row for the next (the original's ``melt`` order).

        Args:
            on: the value columns (default: every column not in ``index``).
            index: the identifier columns kept on every row.
            variable_name: name of the column holding the value column's name.
            value_name: name of the column holding the value.

        Raises:
            TypeError: the value columns' dtypes are incompatible (int and
                float unify to float; a semantic type to its storage).

        Example:
            >>> from pydantable import DataFrameModel
            >>> class W(DataFrameModel):
            ...     id: int
            ...     a: int
            ...     b: int
            >>> W({"id": [1], "a": [2], "b": [3]}).unpivot(index="id").to_dict()
            {'id': [1, 1], 'variable': ['a', 'b'], 'value': [2, 3]}
        """
        return self._unpivot(
            on, index, variable_name, value_name, op="unpivot", args=("on", "index")
        )

    def _unpivot(
        self,
        on: Any,
        index: Any,
        variable_name: str | None,
        value_name: str | None,
        *,
        op: str,
        args: tuple[str, str],
    ) -> BaseFrame:
        schema = self.schema
        ids = self._names_of(index, f"{op} {args[1]}", op=op, arg=args[1])
        values = self._names_of(on, f"{op} {args[0]}", op=op, arg=args[0])
        if not values:
            values = [c for c in schema if c not in ids]
        if not values:
            msg = "unpivot needs at least one value column"
            raise ValueError(msg)
        variable = "variable" if variable_name is None else variable_name
        value = "value" if value_name is None else value_name
        out = unpivot_schema(
            schema, ids, values, variable_name=variable, value_name=value
        )
        plan = Unpivot(out, self._plan, tuple(ids), tuple(values), variable, value)
        height = None if self._height is None else self._height * len(values)
        return self._derive(plan, height=height)

    def melt(
        self,
        id_vars: Any = None,
        value_vars: Any = None,
        variable_name: str | None = None,
        value_name: str | None = None,
    ) -> BaseFrame:
        """:meth:`unpivot` with pandas-style argument names (rows column by column).

        Example:
            >>> from pydantable import DataFrameModel
            >>> class W(DataFrameModel):
            ...     id: int
            ...     a: int
            ...     b: int
            >>> W({"id": [1, 2], "a": [3, 4], "b": [5, 6]}).melt("id").to_dict()
            {'id': [1, 2, 1, 2], 'variable': ['a', 'a', 'b', 'b'], 'value': [3, 4, 5, 6]}
        """
        return self._unpivot(
            value_vars,
            id_vars,
            variable_name,
            value_name,
            op="melt",
            args=("value_vars", "id_vars"),
        )

    def pivot_longer(
        self,
        id_vars: Any = None,
        value_vars: Any = None,
        variable_name: str | None = None,
        value_name: str | None = None,
        *,
        on: Any = None,
        index: Any = None,
        names_to: str | None = None,
        values_to: str | None = None,
    ) -> BaseFrame:
        """:meth:`melt` under a tidyr-style name, with melt's arguments.

        ``on``/``index`` (Polars' names of ``value_vars``/``id_vars``) and
        ``names_to``/``values_to`` (tidyr's names of ``variable_name``/
        ``value_name``) are accepted too.

        Raises:
            TypeError: an argument is given under both of its names.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class W(DataFrameModel):
            ...     id: int
            ...     a: int
            ...     b: int
            >>> W({"id": [1], "a": [2], "b": [3]}).pivot_longer(
            ...     id_vars="id", value_vars=["a", "b"], variable_name="k"
            ... ).to_dict()
            {'id': [1, 1], 'k': ['a', 'b'], 'value': [2, 3]}
        """
        return self._unpivot(
            _either(value_vars, on, "value_vars", "on"),
            _either(id_vars, index, "id_vars", "index"),
            _either(variable_name, names_to, "variable_name", "names_to"),
            _either(value_name, values_to, "value_name", "values_to"),
            op="pivot_longer",
            args=("value_vars", "id_vars"),
        )

    # -- long -> wide -----------------------------------------------------------------
    def pivot(
        self,
        on: Any = None,
        *,
        index: Any = None,
        values: Any = None,
        columns: Any = None,
        aggregate_function: str = "first",
        pivot_values: Iterable[Any] | None = None,
        sort_columns: bool = False,
        separator: str = "_",
        naming: str = "agg_suffix",
    ) -> BaseFrame:
        """Long → wide: one row per distinct ``index``, one column per ``on`` value.

        The output columns depend on the data: pass ``pivot_values`` to fix
        them, otherwise one engine query finds the distinct values of ``on``
        now (order of first appearance; sorted with ``sort_columns``).

        Args:
            on: the column whose values become columns (``columns=``: same).
            index: the row identifier columns (default: all but on/values).
            values: the columns to spread (default: all but on/index).
            aggregate_function: ``first``, ``last``, ``sum``, ``mean``,
                ``median``, ``min``, ``max``, ``count`` (non-null cells) or
                ``len``; an absent (index, on value) pair gives null, or 0 for
                ``sum``/``count``/``len``.
            pivot_values: the ``on`` values that become columns, in order.
            sort_columns: sort the discovered ``on`` values.
            separator: joins the parts of output names.
            naming: ``"agg_suffix"`` (the original's names: ``{on value}_{agg}``,
                or ``{on value}_{values column}_{agg}`` for several values
                columns) or ``"polars"`` (``{on value}`` /
                ``{values column}_{on value}``).

        Example:
            >>> from pydantable import DataFrameModel
            >>> class L(DataFrameModel):
            ...     id: int
            ...     k: str
            ...     v: int
            >>> df = L({"id": [1, 1, 2], "k": ["a", "b", "a"], "v": [1, 2, 3]})
            >>> df.pivot("k", index="id", values="v", naming="polars").to_dict()
            {'id': [1, 2], 'a': [1, 3], 'b': [2, None]}
        """
        on_arg = "on"
        if on is None:
            on, on_arg = columns, "columns"
        elif columns is not None:
            msg = "pivot takes on= or columns=, not both"
            raise ValueError(msg)
        if not isinstance(separator, str) or not separator:
            msg = "pivot(separator=...) expects a non-empty string."
            raise TypeError(msg)
        keys = self._names_of(on, f"pivot {on_arg}", op="pivot", arg=on_arg)
        if len(keys) != 1:
            msg = f"pivot({on_arg}=...) must match exactly one column; got {keys}"
            raise ValueError(msg)
        key = keys[0]
        if aggregate_function not in _AGGREGATES:
            msg = f"pivot aggregate_function must be one of {list(_AGGREGATES)}; got {aggregate_function!r}"
            raise ValueError(msg)
        if naming not in ("agg_suffix", "polars"):
            msg = f"pivot naming must be 'agg_suffix' or 'polars'; got {naming!r}"
            raise ValueError(msg)
        schema = self.schema
        ids = self._names_of(index, "pivot index", op="pivot", arg="index")
        spread = self._names_of(values, "pivot values", op="pivot", arg="values")
        if not ids and not spread:
            msg = "pivot needs index= or values="
            raise ValueError(msg)
        if not ids:
            ids = [c for c in schema if c != key and c not in spread]
        if not spread:
            spread = [c for c in schema if c != key and c not in ids]
        if not ids or not spread:
            msg = "pivot needs at least one index column and one values column"
            raise ValueError(msg)
        on_dtype = schema[key].dtype
        if not on_dtype.is_orderable():
            msg = f"cannot pivot on {key!r}: {on_dtype!r} values cannot name columns"
            raise TypeError(msg)
        engine = engine_of(self._plan)
        found = (
            engine.distinct_values(self._plan, key)
            if pivot_values is None
            else list(pivot_values)
        )
        if sort_columns:
            found = sorted(found, key=lambda v: (v is not None, v))
        labels = engine.value_names(found, on_dtype)
        agg = aggregate_function
        out = pivot_schema(
            schema,
            ids,
            spread,
            labels,
            aggregate=agg,
            separator=separator,
            naming=naming,
        )
        plan = Pivot(
            out,
            self._plan,
            key,
            tuple(ids),
            tuple(spread),
            tuple(found),
            tuple(out.names[len(ids) :]),
            agg,
        )
        return self._derive(plan)

    def pivot_wider(self, *args: Any, **kwargs: Any) -> BaseFrame:
        """Alias of :meth:`pivot`."""
        return self.pivot(*args, **kwargs)

    # -- lists and structs ------------------------------------------------------------
    def explode(
        self,
        columns: Any,
        *more_columns: Any,
        outer: bool = False,
        empty_as_null: bool | None = None,
        keep_nulls: bool | None = None,
    ) -> BaseFrame:
        """One row per element of list column(s) (Polars 2 semantics by default).

        An empty list gives no row; a null list gives one null row.
        ``empty_as_null=True``: an empty list gives a null row (Polars 1);
        ``keep_nulls=False``: a null list gives no row; ``outer=True``:
        both give a null row (``explode_outer``). Several columns explode
        together and need equal list lengths on each row (engine error
        otherwise). Elements are nullable only when a null can appear.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     id: int
            ...     xs: list[int]
            >>> T({"id": [1, 2], "xs": [[1, 2], []]}).explode("xs").to_dict()
            {'id': [1, 1], 'xs': [1, 2]}
        """
        names = self._names_of(
            [columns, *more_columns], "explode columns", op="explode", arg="columns"
        )
        if not names:
            msg = "explode needs at least one column"
            raise ValueError(msg)
        empty = outer if empty_as_null is None else empty_as_null
        keep = True if keep_nulls is None else keep_nulls
        out = explode_schema(self.schema, names, empty_as_null=empty, keep_nulls=keep)
        return self._derive(Explode(out, self._plan, tuple(names), empty, keep))

    def explode_outer(self, columns: Any, *more_columns: Any) -> BaseFrame:
        """:meth:`explode` where empty and null lists give one null row."""
        return self.explode(columns, *more_columns, outer=True)

    def explode_all(self, *, outer: bool = False) -> BaseFrame:
        """:meth:`explode` every list column (no-op without list columns)."""
        names = [c.name for c in self.schema.columns() if isinstance(c.dtype, dt.List)]
        if not names:
            return self._derive(self._plan, height=self._height)
        return self.explode(names, outer=outer)

    def posexplode(
        self,
        column: Any,
        pos: str = "pos",
        *,
        outer: bool = False,
        empty_as_null: bool | None = None,
        keep_nulls: bool | None = None,
    ) -> BaseFrame:
        """:meth:`explode` one column and add ``pos``, the 0-based element index.

        ``pos`` (Int64) is placed right before the exploded column; it is
        null on the null rows of empty/null lists (see :meth:`explode`).

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     xs: list[str]
            >>> T({"xs": [["a", "b"]]}).posexplode("xs").to_dict()
            {'pos': [0, 1], 'xs': ['a', 'b']}
        """
        (name,) = self._names_of(
            column, "posexplode column", op="posexplode", arg="column"
        )
        empty = outer if empty_as_null is None else empty_as_null
        keep = True if keep_nulls is None else keep_nulls
        out = posexplode_schema(
            self.schema, name, pos, empty_as_null=empty, keep_nulls=keep
        )
        return self._derive(PosExplode(out, self._plan, name, pos, empty, keep))

    def unnest(
        self, columns: Any, *more_columns: Any, separator: str | None = "_"
    ) -> BaseFrame:
        """Struct column(s) → one column per field, in place.

        Fields are named ``{parent}{separator}{field}`` (the original's
        ``{parent}_{field}`` by default); ``separator=None`` gives Polars'
        ``{field}``. A field is nullable if it or its struct column is.

        Example:
            >>> import pydantic
            >>> from pydantable import DataFrameModel
            >>> class P(pydantic.BaseModel):
            ...     x: int
            >>> class T(DataFrameModel):
            ...     p: P
            >>> T({"p": [{"x": 1}]}).unnest("p").to_dict()
            {'p_x': [1]}
        """
        names = self._names_of(
            [columns, *more_columns], "unnest columns", op="unnest", arg="columns"
        )
        out = unnest_schema(self.schema, names, separator)
        plan = Unnest(out, self._plan, tuple(names), separator)
        return self._derive(plan, height=self._height)

    def unnest_all(self, *, separator: str | None = "_") -> BaseFrame:
        """:meth:`unnest` every struct column (no-op without struct columns)."""
        names = [
            c.name for c in self.schema.columns() if isinstance(c.dtype, dt.Struct)
        ]
        if not names:
            return self._derive(self._plan, height=self._height)
        return self.unnest(names, separator=separator)
