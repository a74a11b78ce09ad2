"""Frame methods: joins, as-of joins and concatenation.

Joins follow Polars (names, options, output column naming); the derived
schema carries the nullability each join type implies. Keys are column
names, expressions or lists of them; their dtypes are checked when the join
is built. See ``docs/joins-and-reshape.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, cast

from pydantable.engines import engine_of
from pydantable.errors import ColumnNotFoundError, JoinValidationError
from pydantable.expressions import nodes as n
from pydantable.expressions.expr import Expr
from pydantable.expressions.infer import Typed, describe, type_of
from pydantable.expressions.mixin import iter_exprs
from pydantable.frame._core import CoreFrame
from pydantable.frame._protocol import FrameMethods
from pydantable.plan import PlanNode
from pydantable.plan.joins import (
    HOWS,
    Concat,
    Join,
    JoinAsof,
    asof_schema,
    concat_schema,
    join_schema,
)
from pydantable.selectors import Selector

if TYPE_CHECKING:
    from pydantable.frame import BaseFrame
    from pydantable.schema import FrameSchema

__all__ = ["JoinMethods", "concat"]

_VALIDATE = ("m:m", "1:1", "1:m", "m:1")
#: The original's long spellings of ``validate=``.
_VALIDATE_NAMES = {
    "one_to_one": "1:1",
    "one_to_many": "1:m",
    "many_to_one": "m:1",
    "many_to_many": "m:m",
}
_ORDERS = ("none", "left", "right", "left_right", "right_left")
_STRATEGIES = ("backward", "forward", "nearest")
_CONCAT = ("vertical", "horizontal", "diagonal")


def _key_nodes(
    spec: Any, schema: FrameSchema, what: str, *, arg: str = "on"
) -> tuple[n.Node, ...]:
    if spec is None:
        return ()
    items = list(iter_exprs([spec]))
    out: list[n.Node] = []
    for item in items:
        if isinstance(item, Selector):
            out.extend(n.Col(name) for name in item.resolve(schema, op="join", arg=arg))
        elif isinstance(item, str):
            out.append(n.Col(item))
        elif isinstance(item, Expr):
            out.append(item.node)
        else:
            msg = f"join {what} must be column names or expressions; got {item!r}"
            raise TypeError(msg)
    return tuple(out)


def _key_types(
    nodes: tuple[n.Node, ...], schema: FrameSchema, side: str
) -> list[Typed]:
    types = []
    for node in nodes:
        try:
            typed = type_of(node, schema)
        except ColumnNotFoundError as exc:
            msg = (
                f"join() unknown {side} join key {exc.name!r}. Available "
                f"{side} columns: {list(schema)}"
            )
            raise ColumnNotFoundError(msg, name=exc.name) from None
        if typed.dtype.name == "Null":
            msg = f"cannot join on {side} key {describe(node)} of dtype {typed.dtype!r}"
            raise TypeError(msg)
        types.append(typed)
    return types


def _check_key_dtypes(
    left: tuple[n.Node, ...],
    right: tuple[n.Node, ...],
    ltypes: list[Typed],
    rtypes: list[Typed],
) -> None:
    for lnode, rnode, lt, rt in zip(left, right, ltypes, rtypes, strict=True):
        if lt.dtype.storage() != rt.dtype.storage():
            msg = (
                f"join key dtypes differ: left {describe(lnode)} is {lt.dtype!r}, "
                f"right {describe(rnode)} is {rt.dtype!r}; cast one side first"
            )
            raise TypeError(msg)


def _maintain_order(value: Any, how: str) -> str | None:
    if value is None or value is False:
        return None
    if value is True:
        return {"right": "right", "full": "left_right"}.get(how, "left")
    if value not in _ORDERS:
        msg = f"maintain_order must be a bool or one of {list(_ORDERS)}; got {value!r}"
        raise ValueError(msg)
    return str(value)


def _check_unique(
    plan: PlanNode, keys: tuple[n.Node, ...], side: str, validate: str, nulls: bool
) -> None:
    found = engine_of(plan).duplicate_key_count(plan, keys, nulls_equal=nulls)
    if found:
        shown = ", ".join(describe(k) for k in keys)
        msg = (
            f"join(validate={validate!r}): the {side} frame's keys ({shown}) are not "
            f"unique ({found} key value(s) appear more than once)"
        )
        raise JoinValidationError(msg)


def _as_frame(value: Any, what: str) -> BaseFrame:
    if not isinstance(value, CoreFrame):
        msg = f"{what} must be a pydantable frame; got {type(value).__name__}"
        raise TypeError(msg)
    return cast("BaseFrame", value)


class JoinMethods(FrameMethods):
    """Mixed into :class:`~pydantable.frame.BaseFrame`."""

    __slots__ = ()

    def join(
        self,
        other: Any,
        on: Any = None,
        how: str = "inner",
        *,
        left_on: Any = None,
        right_on: Any = None,
        suffix: str = "_right",
        validate: str = "m:m",
        join_nulls: bool | None = None,
        nulls_equal: bool | None = None,
        coalesce: bool | None = None,
        maintain_order: bool | str | None = None,
        streaming: bool = False,
        allow_parallel: bool | None = None,
        force_parallel: bool | None = None,
    ) -> BaseFrame:
        """Join with another frame (Polars semantics and column naming).

        Args:
            other: the right frame (any pydantable frame, any source).
            on: key column name(s)/expression(s) for both sides.
            how: ``inner``, ``left``, ``right``, ``full`` (alias ``outer``),
                ``semi``, ``anti`` or ``cross`` (no keys).
            left_on: left keys (with ``right_on``), e.g. ``df.a * 2``.
            right_on: right keys, one per left key.
            suffix: appended to right column names already taken.
            validate: ``"1:1"``, ``"1:m"``, ``"m:1"`` or ``"m:m"`` (or the
                original's ``"one_to_one"``, ``"one_to_many"``, ``"many_to_one"``,
                ``"many_to_many"``); checked when the join is built (one engine
                query per side checked).
            join_nulls: null keys match each other (``nulls_equal`` in Polars).
            nulls_equal: the Polars name of ``join_nulls``.
            coalesce: merge the key columns of both sides (default: yes except
                for ``full``); needs column-name keys.
            maintain_order: ``"none"``, ``"left"``, ``"right"``, ``"left_right"``,
                ``"right_left"``, or a bool (``True``: the preserved side's order).
            streaming: accepted for compatibility (the engine decides).
            allow_parallel: not supported (the engine decides): any value
                raises ``NotImplementedError``, as in the original.
            force_parallel: likewise.

        Raises:
            TypeError: key dtypes differ (both keys and dtypes are named).
            ValueError: invalid options; the result would repeat a column name.
            ColumnNotFoundError: a key column does not exist (a ``KeyError``:
                "join() unknown left join key '<k>'.").
            JoinValidationError: ``validate`` found duplicate keys.
            NotImplementedError: ``allow_parallel``/``force_parallel`` is set.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class A(DataFrameModel):
            ...     k: int
            ...     x: str
            >>> class B(DataFrameModel):
            ...     k: int
            ...     y: float
            >>> a = A({"k": [1, 2], "x": ["p", "q"]})
            >>> b = B({"k": [1], "y": [0.5]})
            >>> a.join(b, on="k", how="left").sort("k").to_dict()
            {'k': [1, 2], 'x': ['p', 'q'], 'y': [0.5, None]}
        """
        right = _as_frame(other, "join() other")
        for option, value in (
            ("allow_parallel", allow_parallel),
            ("force_parallel", force_parallel),
        ):
            if value is not None:
                msg = (
                    f"join({option}=...) is not supported: the engine decides how "
                    "to parallelize a join"
                )
                raise NotImplementedError(msg)
        if how not in (*HOWS, "outer"):
            msg = f"Unsupported join how {how!r}. Use one of: {', '.join([*HOWS, 'outer'])}."
            raise ValueError(msg)
        how = "full" if how == "outer" else how
        validate = _VALIDATE_NAMES.get(validate, validate)
        if validate not in _VALIDATE:
            spellings = [*_VALIDATE, *_VALIDATE_NAMES]
            msg = f"join validate must be one of {spellings}; got {validate!r}"
            raise ValueError(msg)
        if (
            join_nulls is not None
            and nulls_equal is not None
            and join_nulls != nulls_equal
        ):
            msg = "join_nulls and nulls_equal are the same option; they disagree"
            raise ValueError(msg)
        nulls = bool(join_nulls if join_nulls is not None else nulls_equal)
        lschema, rschema = self.schema, right.schema
        if on is not None and (left_on is not None or right_on is not None):
            msg = "join takes either on= or left_on=/right_on=, not both"
            raise ValueError(msg)
        if how == "cross":
            if on is not None or left_on is not None or right_on is not None:
                msg = "cross join does not accept on/left_on/right_on keys."
                raise ValueError(msg)
            if validate != "m:m":
                msg = "a cross join cannot be validated"
                raise ValueError(msg)
        lkeys = _key_nodes(
            on if on is not None else left_on,
            lschema,
            "keys",
            arg="on" if on is not None else "left_on",
        )
        rkeys = (
            lkeys
            if on is not None
            else _key_nodes(right_on, rschema, "keys", arg="right_on")
        )
        if how != "cross":
            if not lkeys or not rkeys:
                msg = "join() requires on=... or both left_on=... and right_on=..."
                raise ValueError(msg)
            if len(lkeys) != len(rkeys):
                msg = (
                    "join() left_on and right_on must have the same length. "
                    f"Got {len(lkeys)} and {len(rkeys)} keys."
                )
                raise ValueError(msg)
        ltypes = _key_types(lkeys, lschema, "left")
        rtypes = _key_types(rkeys, rschema, "right")
        _check_key_dtypes(lkeys, rkeys, ltypes, rtypes)
        plain = all(isinstance(k, n.Col) for k in (*lkeys, *rkeys))
        if coalesce and not plain and how != "cross":
            msg = "join(coalesce=True) needs column-name keys (not expressions)"
            raise ValueError(msg)
        merge = (
            plain and how in ("inner", "left", "right")
            if coalesce is None
            else coalesce
        )
        schema = join_schema(
            lschema,
            rschema,
            how,
            lkeys,
            rkeys,
            ltypes,
            rtypes,
            suffix=suffix,
            nulls_equal=nulls,
            coalesce=bool(merge) and how != "cross",
        )
        if validate in ("1:1", "1:m"):
            _check_unique(self._plan, lkeys, "left", validate, nulls)
        if validate in ("1:1", "m:1"):
            _check_unique(right._plan, rkeys, "right", validate, nulls)
        plan = Join(
            schema,
            self._plan,
            right._plan,
            how,
            lkeys,
            rkeys,
            suffix,
            nulls,
            bool(merge) and how != "cross",
            _maintain_order(maintain_order, how),
        )
        height = None
        if how == "cross" and self._height is not None and right._height is not None:
            height = self._height * right._height
        return self._derive(plan, height=height)

    def join_asof(
        self,
        other: Any,
        *,
        on: str | None = None,
        left_on: str | None = None,
        right_on: str | None = None,
        by: str | Sequence[str] | None = None,
        by_left: str | Sequence[str] | None = None,
        by_right: str | Sequence[str] | None = None,
        strategy: str = "backward",
        tolerance: Any = None,
        suffix: str = "_right",
        allow_exact_matches: bool = True,
    ) -> BaseFrame:
        """As-of join: each left row takes the nearest right row by an ordered key.

        Both frames are sorted by their key inside the query (input order does
        not matter); the result follows the left key's order, null keys first.

        Args:
            other: the right frame.
            on: the key column of both frames (or ``left_on``/``right_on``).
            by: columns that must match exactly (or ``by_left``/``by_right``).
            strategy: ``"backward"`` (last right key <= left key), ``"forward"``
                or ``"nearest"``.
            tolerance: the largest key distance that still matches (a number,
                a ``timedelta``, or a Polars duration string like ``"1h"``).
            suffix: appended to right column names already taken.
            allow_exact_matches: whether equal keys match.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class Q(DataFrameModel):
            ...     t: int
            >>> class P(DataFrameModel):
            ...     t: int
            ...     price: float
            >>> q, px = Q({"t": [5, 1]}), P({"t": [0, 4], "price": [1.0, 2.0]})
            >>> q.join_asof(px, on="t").to_dict()
            {'t': [1, 5], 'price': [1.0, 2.0]}
        """
        right = _as_frame(other, "join_asof() other")
        if strategy not in _STRATEGIES:
            msg = f"join_asof strategy must be one of {list(_STRATEGIES)}; got {strategy!r}"
            raise ValueError(msg)
        lkey = on if on is not None else left_on
        rkey = on if on is not None else right_on
        if lkey is None or rkey is None:
            msg = "join_asof needs on= or left_on= and right_on="
            raise ValueError(msg)
        lschema, rschema = self.schema, right.schema
        lt = _key_types((n.Col(lkey),), lschema, "left")[0]
        rt = _key_types((n.Col(rkey),), rschema, "right")[0]
        if not (lt.dtype.is_numeric() or lt.dtype.is_temporal()):
            msg = (
                f"join_asof key {lkey!r} must be numeric or temporal; got {lt.dtype!r}"
            )
            raise TypeError(msg)
        _check_key_dtypes((n.Col(lkey),), (n.Col(rkey),), [lt], [rt])
        bl = _names(by if by is not None else by_left)
        br = _names(by if by is not None else by_right)
        if len(bl) != len(br):
            msg = "join_asof by_left and by_right need the same number of columns"
            raise ValueError(msg)
        bnodes_l = tuple(n.Col(c) for c in bl)
        bnodes_r = tuple(n.Col(c) for c in br)
        _check_key_dtypes(
            bnodes_l,
            bnodes_r,
            _key_types(bnodes_l, lschema, "left"),
            _key_types(bnodes_r, rschema, "right"),
        )
        schema = asof_schema(lschema, rschema, lkey, rkey, br, suffix)
        plan = JoinAsof(
            schema,
            self._plan,
            right._plan,
            lkey,
            rkey,
            bl,
            br,
            strategy,
            tolerance,
            suffix,
            allow_exact_matches,
        )
        return self._derive(plan, height=self._height)

    @classmethod
    def concat(cls, frames: Iterable[Any], *, how: str = "vertical") -> BaseFrame:
        """Concatenate frames (``DataFrame.concat([...])``, ``Model.concat([...])``).

        See :func:`pydantable.concat`.
        """
        return concat(frames, how=how)

    def join_as_model(
        self, model: Any, other: Any, on: Any = None, how: str = "inner", **options: Any
    ) -> Any:
        """``join(...)`` then ``as_model(model)`` (``validate_schema=`` is passed on)."""
        check = options.pop("validate_schema", True)
        joined = self.join(other, on, how, **options)
        return joined.as_model(model, validate_schema=check)

    def join_try_as_model(
        self, model: Any, other: Any, on: Any = None, how: str = "inner", **options: Any
    ) -> Any:
        """``join(...)`` then ``try_as_model(model)`` (``None`` if the schema differs)."""
        check = options.pop("validate_schema", True)
        joined = self.join(other, on, how, **options)
        return joined.try_as_model(model, validate_schema=check)

    def join_assert_model(
        self, model: Any, other: Any, on: Any = None, how: str = "inner", **options: Any
    ) -> Any:
        """``join(...)`` then ``assert_model(model)`` (raises with a schema diff)."""
        check = options.pop("validate_schema", True)
        joined = self.join(other, on, how, **options)
        return joined.assert_model(model, validate_schema=check)


def _names(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def concat(frames: Iterable[Any], *, how: str = "vertical") -> BaseFrame:
    """Concatenate pydantable frames.

    Args:
        frames: the frames, in order (any sources; at least one).
        how: ``"vertical"`` stacks rows of frames with the same column names
            (order of the first frame; dtypes unified, e.g. int with float →
            float); ``"diagonal"`` stacks rows of the union of the columns,
            filling missing ones with nulls (nullable in the result);
            ``"horizontal"`` places columns side by side (distinct names,
            equal heights: checked when built).

    Example:
        >>> from pydantable import DataFrameModel, concat
        >>> class T(DataFrameModel):
        ...     x: int
        >>> concat([T({"x": [1]}), T({"x": [2, 3]})]).to_dict()
        {'x': [1, 2, 3]}
    """
    items = [_as_frame(f, "concat() items") for f in frames]
    if not items:
        msg = "concat() needs at least one frame"
        raise ValueError(msg)
    if how not in _CONCAT:
        msg = f"concat how must be one of {list(_CONCAT)}; got {how!r}"
        raise ValueError(msg)
    schema = concat_schema([f.schema for f in items], how)
    heights = [f._height for f in items]
    height: int | None = None
    if how == "horizontal":
        counted = {f.height for f in items}  # runs a count for unknown heights
        if len(counted) > 1:
            msg = f"concat(how='horizontal') needs frames of equal height; got {[f.height for f in items]}"
            raise ValueError(msg)
        height = counted.pop()
    elif all(h is not None for h in heights):
        height = sum(h for h in heights if h is not None)
    plan = Concat(schema, tuple(f._plan for f in items), how)
    return items[0]._derive(plan, height=height)
