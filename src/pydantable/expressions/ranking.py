"""Expression methods: ranks, runs, distinctness flags and hashes.

Functions of where a value stands among the values of its column:

* ``rank`` (Float64 for ``"average"``, Int64 otherwise; nulls stay null) and
  ``rle_id`` (Int64 run ids).
* ``is_duplicated``/``is_unique``/``is_first_distinct``/``is_last_distinct``:
  Boolean, never null (null counts as a value, as in Polars).
* ``hash``: Polars hashes to UInt64, which pydantable has no dtype for; the
  same 64 bits are returned as an Int64 (equal values, equal hashes).

Example:
    >>> from pydantable import DataFrameModel
    >>> class T(DataFrameModel):
    ...     x: int
    >>> df = T({"x": [1, 2, 1]})
    >>> df.select(df.x.is_duplicated()).to_dict()
    {'x': [True, False, True]}
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantable import dtypes as dt
from pydantable.expressions import nodes as n
from pydantable.expressions.infer import Typed, describe, register_function
from pydantable.expressions.mixin import ExprMixin

if TYPE_CHECKING:
    from pydantable.expressions.expr import Expr

__all__ = ["DISTINCT_FLAGS", "RANK_METHODS", "RankingMethods"]

RANK_METHODS = ("average", "min", "max", "dense", "ordinal", "random")
DISTINCT_FLAGS = ("is_duplicated", "is_unique", "is_first_distinct", "is_last_distinct")


def _fail(function: str, what: str, typed: Typed, node: n.Node) -> TypeError:
    return TypeError(
        f"{function}() needs {what}; got {typed.dtype!r} in {describe(node)}"
    )


# -- typing rules --------------------------------------------------------------------


def _distinct_rule(types: list[Typed], call: n.Call) -> Typed:
    return Typed(dt.Boolean(), False)


for _name in DISTINCT_FLAGS:
    register_function(_name)(_distinct_rule)


@register_function("rank")
def _rank(types: list[Typed], call: n.Call) -> Typed:
    value = types[0]
    if not value.dtype.is_orderable() or value.dtype.is_nested():
        raise _fail("rank", "an orderable expression", value, call.args[0])
    average = call.option("method") == "average"
    return Typed(dt.Float64() if average else dt.Int64(), value.nullable)


@register_function("rle_id")
def _rle_id(types: list[Typed], call: n.Call) -> Typed:
    return Typed(dt.Int64(), False)


@register_function("hash")
def _hash(types: list[Typed], call: n.Call) -> Typed:
    return Typed(dt.Int64(), False)


# -- methods -------------------------------------------------------------------------


class RankingMethods(ExprMixin):
    """Mixed into :class:`~pydantable.expressions.Expr`."""

    __slots__ = ()

    def is_duplicated(self) -> Expr:
        """Whether the value occurs more than once (null is a value; Boolean)."""
        return self._function_call("is_duplicated")

    def is_unique(self) -> Expr:
        """Whether the value occurs exactly once (null is a value; Boolean)."""
        return self._function_call("is_unique")

    def is_first_distinct(self) -> Expr:
        """Whether this is the first occurrence of the value (Boolean).

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: str
            >>> df = T({"x": ["a", "b", "a"]})
            >>> df.select(df.x.is_first_distinct()).to_dict()
            {'x': [True, True, False]}
        """
        return self._function_call("is_first_distinct")

    def is_last_distinct(self) -> Expr:
        """Whether this is the last occurrence of the value (Boolean)."""
        return self._function_call("is_last_distinct")

    def hash(self, seed: int = 0) -> Expr:
        """A 64-bit hash of each value (Int64: Polars' UInt64 hash bits).

        Equal values hash equally within one Polars version; hashes are not
        stable across versions, so do not persist them.
        """
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**64:
            msg = f"hash seed must be an int in [0, 2**64); got {seed!r}"
            raise ValueError(msg)
        return self._function_call("hash", seed=seed)

    def rank(
        self,
        method: str = "average",
        *,
        descending: bool = False,
        seed: int | None = None,
    ) -> Expr:
        """Rank of each value (1 = smallest; nulls stay null).

        ``method``: ``"average"`` (Float64, ties share their mean rank),
        ``"min"``, ``"max"``, ``"dense"``, ``"ordinal"`` (ties in input order)
        or ``"random"`` (ties in random order, ``seed``); Int64 for all but
        ``"average"``.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            >>> df = T({"x": [30, 10, 30]})
            >>> df.select(df.x.rank("dense")).to_dict()
            {'x': [2, 1, 2]}
        """
        if method not in RANK_METHODS:
            msg = f"method must be one of {RANK_METHODS}; got {method!r}"
            raise ValueError(msg)
        if seed is not None and (
            isinstance(seed, bool) or not isinstance(seed, int) or seed < 0
        ):
            msg = f"rank seed must be a non-negative int; got {seed!r}"
            raise ValueError(msg)
        return self._function_call(
            "rank", method=method, descending=bool(descending), seed=seed
        )

    def rle_id(self) -> Expr:
        """Run id: 0 for the first run of equal values, +1 at each change (Int64)."""
        return self._function_call("rle_id")
