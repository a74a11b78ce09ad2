"""Frame methods: null handling and per-column value operations.

``fill_null``, ``drop_nulls``, ``clip``, ``shift`` and the selector-driven
``with_columns_fill_null``/``with_columns_cast``. A value used on a column must fit
it without changing its dtype; nullability is tightened only when sound.

Example:
    >>> from pydantable import DataFrameModel
    >>> class T(DataFrameModel):
    ...     v: int | None
    >>> out = T({"v": [1, None]}).fill_null(0)
    >>> out.schema["v"].nullable, out.to_dict()
    (False, {'v': [1, 0]})
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantable import selectors
from pydantable.errors import ColumnNotFoundError
from pydantable.expressions.expr import Expr
from pydantable.expressions.nodes import Call, Node
from pydantable.frame._protocol import FrameMethods
from pydantable.plan import rows as r

if TYPE_CHECKING:
    from pydantable.frame import BaseFrame

__all__ = ["FILL_NULL_STRATEGIES", "NullMethods"]

#: ``fill_null`` strategies.
FILL_NULL_STRATEGIES = ("forward", "backward", "min", "max", "mean", "zero", "one")


class NullMethods(FrameMethods):
    """Mixed into :class:`~pydantable.frame.BaseFrame` (through ``RowMethods``)."""

    __slots__ = ()

    # -- helpers ---------------------------------------------------------------------
    def _coerced(self, name: str, value: Any, *, what: str) -> Node:
        """``value`` as a node of column ``name``'s dtype (TypeError if it would change)."""
        node = self._filled(name, value, what=what).node
        assert isinstance(node, Call)
        return node.args[1]

    def _filled(self, name: str, value: Any, *, what: str) -> Expr:
        """``col(name).fill_null(value)``, checked to keep the column's dtype."""
        column = self.schema[name]
        try:
            filled = self.col(name).fill_null(value)
        except TypeError as exc:
            msg = f"{what}: {value!r} does not fit column {name!r} ({column.dtype!r}): {exc}"
            raise TypeError(msg) from None
        if filled.dtype != column.dtype:
            msg = (
                f"{what}: {value!r} would change column {name!r} from "
                f"{column.dtype!r} to {filled.dtype!r}; cast the column first "
                "(with_columns_cast)"
            )
            raise TypeError(msg)
        return filled

    def _fits(self, name: str, value: Any, *, what: str) -> bool:
        try:
            self._coerced(name, value, what=what)
        except TypeError:
            return False
        return True

    # -- nulls -------------------------------------------------------------------------
    def fill_null(
        self,
        value: Any = None,
        *,
        strategy: str | None = None,
        limit: int | None = None,
        subset: Any = None,
    ) -> BaseFrame:
        """Replace nulls column-wise with ``value`` or by a ``strategy``.

        Without ``subset``, the fill applies to every column it fits (a value
        fits when the column's dtype is unchanged: ``0`` fills int and float
        columns, ``1.5`` only float columns); with ``subset`` (names or
        selectors) every listed column must fit, else ``TypeError``. Filled
        columns become non-nullable for a non-null value and the ``zero``/``one``
        strategies; ``forward``/``backward``/``min``/``max``/``mean`` may leave
        nulls, so the column stays nullable. ``mean`` on an int column fills the
        truncated mean (as Polars).

        Args:
            value: a literal or an expression.
            strategy: ``"forward"``, ``"backward"``, ``"min"``, ``"max"``,
                ``"mean"``, ``"zero"`` or ``"one"``.
            limit: at most this many consecutive nulls filled (forward/backward).

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int | None
            >>> T({"x": [1, None, None]}).fill_null(strategy="forward").to_dict()
            {'x': [1, 1, 1]}
        """
        return self._fill_null(value, strategy, limit, subset, op="fill_null")

    def _fill_null(
        self,
        value: Any,
        strategy: str | None,
        limit: int | None,
        subset: Any,
        *,
        op: str,
        arg: str | None = "subset",
    ) -> BaseFrame:
        explicit = subset is not None
        names = self._subset(subset, op=op, arg=arg)
        if value is None and strategy is None:
            msg = "fill_null() requires either value or strategy."
            raise ValueError(msg)
        if value is not None and strategy is not None:
            msg = "fill_null() takes value or strategy, not both"
            raise ValueError(msg)
        if strategy is not None:
            return self._fill_strategy(names, strategy, limit, explicit=explicit)
        if limit is not None:
            msg = "fill_null(limit=) applies to the forward/backward strategies"
            raise ValueError(msg)
        outputs = []
        for name in names:
            if not self.schema[name].nullable:
                if explicit:
                    self._coerced(name, value, what="fill_null")  # still type-checked
                continue
            if not explicit and not self._fits(name, value, what="fill_null"):
                continue
            outputs.append(self._filled(name, value, what="fill_null").alias(name))
        if not outputs:
            return self._derive(self._plan, height=self._height)
        return self.with_columns(*outputs)

    def _fill_strategy(
        self, names: list[str], strategy: str, limit: int | None, *, explicit: bool
    ) -> BaseFrame:
        if strategy not in FILL_NULL_STRATEGIES:
            msg = (
                f"fill_null(strategy=...) got unsupported value {strategy!r}; "
                f"expected one of {list(FILL_NULL_STRATEGIES)}"
            )
            raise ValueError(msg)
        if limit is not None and (strategy not in ("forward", "backward") or limit < 0):
            msg = "fill_null(limit=) must be >= 0 and needs strategy forward/backward"
            raise ValueError(msg)
        targets = []
        for name in names:
            column = self.schema[name]
            if not r.fill_strategy_applies(strategy, column):
                if explicit:
                    msg = f"fill_null(strategy={strategy!r}) does not apply to column {name!r} ({column.dtype!r})"
                    raise TypeError(msg)
                continue
            if column.nullable:
                targets.append(name)
        if not targets:
            return self._derive(self._plan, height=self._height)
        schema = r.fill_strategy_schema(self.schema, targets, strategy)
        plan = r.FillNullStrategy(schema, self._plan, tuple(targets), strategy, limit)
        return self._derive(plan, height=self._height)

    def with_columns_fill_null(
        self,
        columns: Any,
        value: Any = None,
        *,
        strategy: str | None = None,
        limit: int | None = None,
    ) -> BaseFrame:
        """:meth:`fill_null` restricted to ``columns`` (names or a selector)."""
        return self._fill_null(
            value, strategy, limit, columns, op="with_columns_fill_null", arg=None
        )

    def with_columns_cast(self, columns: Any, dtype: Any) -> BaseFrame:
        """Cast ``columns`` (names or a selector) to ``dtype`` (a DType or annotation)."""
        names = selectors.expand_names(columns, self.schema, op="with_columns_cast")
        return self.with_columns(*(self.col(n).cast(dtype).alias(n) for n in names))

    def drop_nulls(
        self, subset: Any = None, *, how: str = "any", threshold: int | None = None
    ) -> BaseFrame:
        """Drop rows with nulls in ``subset`` (names or selectors; default: all).

        Args:
            how: ``"any"``: a null in any subset column drops the row; ``"all"``:
                only rows null in every subset column.
            threshold: keep rows with at least this many non-null subset values
                (overrides ``how``).

        Columns guaranteed null-free afterwards become non-nullable.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int | None
            >>> out = T({"x": [1, None]}).drop_nulls()
            >>> out.to_dict(), out.schema["x"].nullable
            ({'x': [1]}, False)
        """
        if how not in ("any", "all"):
            msg = f"drop_nulls(how=) must be 'any' or 'all'; got {how!r}"
            raise ValueError(msg)
        try:
            names = self._subset(subset, op="drop_nulls")
        except ColumnNotFoundError as exc:
            msg = (
                f"drop_nulls() unknown subset column {exc.name!r}; available "
                f"columns: {self.columns}"
            )
            raise ColumnNotFoundError(msg, name=exc.name) from None
        if threshold is not None and (isinstance(threshold, bool) or threshold < 0):
            msg = f"drop_nulls(threshold=) must be an int >= 0; got {threshold!r}"
            raise ValueError(msg)
        schema = r.drop_nulls_schema(self.schema, names, how=how, threshold=threshold)
        plan = r.DropNulls(schema, self._plan, tuple(names), how, threshold)
        return self._derive(plan)

    def clip(
        self, lower: Any = None, upper: Any = None, *, subset: Any = None
    ) -> BaseFrame:
        """Limit values to ``[lower, upper]`` (literal bounds; ``None``: unbounded).

        Without ``subset``, applies to every numeric or temporal column the
        bounds fit (dtype unchanged); listed columns must fit, else
        ``TypeError``. NaN stays NaN and null stays null.
        """
        if lower is None and upper is None:
            msg = "clip needs a lower or an upper bound"
            raise ValueError(msg)
        explicit = subset is not None
        bounds = []
        for name in self._subset(subset, op="clip"):
            column = self.schema[name]
            clippable = column.dtype.is_numeric() or column.dtype.is_temporal()
            clippable = clippable or column.dtype.name in ("Literal", "Enum")
            fits = clippable and all(
                v is None or self._fits(name, v, what="clip") for v in (lower, upper)
            )
            if not fits:
                if explicit:
                    if not clippable:
                        msg = f"clip: column {name!r} ({column.dtype!r}) has no numeric or temporal order"
                        raise TypeError(msg)
                    for v in (lower, upper):
                        if v is not None:
                            self._coerced(name, v, what="clip")
                continue
            low = None if lower is None else self._coerced(name, lower, what="clip")
            high = None if upper is None else self._coerced(name, upper, what="clip")
            bounds.append((name, low, high))
        if not bounds:
            return self._derive(self._plan, height=self._height)
        plan = r.Clip(self.schema, self._plan, tuple(bounds))
        return self._derive(plan, height=self._height)

    def shift(self, n: int = 1, *, fill_value: Any = None) -> BaseFrame:
        """Shift every column ``n`` rows down (negative: up), lazily.

        Vacated cells are null (every column becomes nullable) or
        ``fill_value``, which must fit every column's dtype.
        """
        if n == 0:
            return self._derive(self._plan, height=self._height)
        fills: list[tuple[str, Node]] = []
        if fill_value is not None:
            for name in self.schema.names:
                fills.append((name, self._coerced(name, fill_value, what="shift")))
        schema = r.shift_schema(self.schema, (name for name, _ in fills))
        plan = r.Shift(schema, self._plan, n, tuple(fills))
        return self._derive(plan, height=self._height)
