"""Frame methods: row-level operations (unique, top_k, sample, row index, ...).

Every method checks its arguments and builds one lazy plan step; its schema
comes from the rules in :mod:`pydantable.plan.rows`: dtypes never change
silently and nullability is tightened only when it is sound (``fill_null(0)``
and ``drop_nulls()`` produce non-nullable columns, see
:mod:`pydantable.frame.nulls`).

Example:
    >>> from pydantable import DataFrameModel
    >>> class T(DataFrameModel):
    ...     k: str
    ...     v: int | None
    >>> df = T({"k": ["a", "a", "b"], "v": [1, None, 3]})
    >>> out = df.fill_null(0)
    >>> out.schema["v"].nullable, out.to_dict()["v"]
    (False, [1, 0, 3])
    >>> df.unique("k", keep="first", maintain_order=True).to_dict()
    {'k': ['a', 'b'], 'v': [1, 3]}
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from typing_extensions import Self

from pydantable import selectors
from pydantable.expressions.mixin import iter_exprs
from pydantable.frame._protocol import FrameMethods
from pydantable.plan import rows as r

if TYPE_CHECKING:
    from pydantable.frame import BaseFrame

__all__ = ["RowMethods"]

_UNIQUE_KEEP = ("any", "first", "last", "none")


class RowMethods(FrameMethods):
    """Mixed into :class:`~pydantable.frame.BaseFrame`."""

    __slots__ = ()

    # -- deduplication -----------------------------------------------------------------
    def unique(
        self,
        subset: Any = None,
        *,
        keep: str = "first",
        maintain_order: bool = False,
    ) -> Self:
        """Deduplicate rows on ``subset`` (names or selectors; default: all columns).

        The kept rows are always in input order (the original's behaviour:
        first appearance), whatever ``maintain_order`` says.

        Args:
            keep: ``"first"`` (default), ``"last"``, ``"any"`` (some row of
                each key), or ``"none"`` (drop every row whose key repeats).
            maintain_order: accepted for compatibility; the order is kept anyway.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            ...     y: str
            >>> T({"x": [2, 1, 2], "y": ["a", "b", "c"]}).unique("x").to_dict()
            {'x': [2, 1], 'y': ['a', 'b']}
        """
        if keep not in _UNIQUE_KEEP:
            msg = f"unique(keep=) must be one of {list(_UNIQUE_KEEP)}; got {keep!r}"
            raise ValueError(msg)
        names = None if subset is None else tuple(self._subset(subset, op="unique"))
        plan = r.Unique(self.schema, self._plan, names, keep, True)
        return self._derive_same(plan, height=0 if self._height == 0 else None)

    def distinct(
        self,
        subset: Any = None,
        *,
        keep: str = "first",
        maintain_order: bool = False,
    ) -> Self:
        """Alias of :meth:`unique`."""
        return self.unique(subset, keep=keep, maintain_order=maintain_order)

    def duplicated(self, subset: Any = None, keep: str | bool = "first") -> BaseFrame:
        """A one-column Boolean frame ``duplicated``: whether each row repeats a key.

        Args:
            subset: key columns (names or selectors; default: all columns).
            keep: ``"first"``: the first occurrence is not a duplicate;
                ``"last"``: the last one is not; ``False``: every row of a
                repeated key is.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            >>> T({"x": [1, 2, 1]}).duplicated().to_dict()
            {'duplicated': [False, False, True]}
        """
        if keep is False:
            keep = "none"
        if keep not in ("first", "last", "none"):
            msg = f"duplicated(keep=) must be 'first', 'last' or False; got {keep!r}"
            raise ValueError(msg)
        names = tuple(self._subset(subset, op="duplicated"))
        if not names:
            msg = "duplicated() needs at least one column"
            raise ValueError(msg)
        plan = r.Duplicated(r.duplicated_schema(), self._plan, names, str(keep))
        return self._derive(plan, height=self._height)

    def drop_duplicate_groups(self, subset: Any = None) -> Self:
        """Drop every row whose ``subset`` key occurs more than once (order kept)."""
        return self.unique(subset, keep="none", maintain_order=True)

    # -- slicing ---------------------------------------------------------------------
    def first(self) -> Self:
        """The first row (an empty frame stays empty)."""
        return self.slice(0, 1)

    def last(self) -> Self:
        """The last row (an empty frame stays empty)."""
        return self.slice(-1, 1)

    def gather_every(self, n: int, offset: int = 0) -> Self:
        """Every ``n``-th row, starting at row ``offset``."""
        if n < 1 or offset < 0:
            msg = (
                f"gather_every needs n >= 1 and offset >= 0; got n={n}, offset={offset}"
            )
            raise ValueError(msg)
        height = None
        if self._height is not None:
            height = max(0, -(-(self._height - offset) // n))
        plan = r.GatherEvery(self.schema, self._plan, n, offset)
        return self._derive_same(plan, height=height)

    def top_k(
        self,
        k: int,
        *,
        by: Any,
        reverse: bool | Sequence[bool] | None = None,
        descending: bool | Sequence[bool] | None = None,
    ) -> Self:
        """The ``k`` rows with the largest ``by`` values (ties: unspecified order).

        Args:
            by: column names, expressions or selectors.
            reverse: per key, take the smallest instead (``descending`` is a
                synonym).

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            >>> T({"x": [3, 1, 2]}).top_k(2, by="x").to_dict()
            {'x': [3, 2]}
        """
        return self._top_k(k, by, reverse, descending, bottom=False)

    def bottom_k(
        self,
        k: int,
        *,
        by: Any,
        reverse: bool | Sequence[bool] | None = None,
        descending: bool | Sequence[bool] | None = None,
    ) -> Self:
        """The ``k`` rows with the smallest ``by`` values (see :meth:`top_k`)."""
        return self._top_k(k, by, reverse, descending, bottom=True)

    def _top_k(
        self,
        k: int,
        by: Any,
        reverse: bool | Sequence[bool] | None,
        descending: bool | Sequence[bool] | None,
        *,
        bottom: bool,
    ) -> Self:
        if isinstance(k, bool) or not isinstance(k, int) or k < 0:
            msg = f"k must be an int >= 0; got {k!r}"
            raise ValueError(msg)
        if reverse is not None and descending is not None:
            msg = "pass reverse= or descending=, not both"
            raise TypeError(msg)
        flags = reverse if reverse is not None else descending
        items = [by] if isinstance(by, str) else by
        keys = [
            self._bind(item)
            for item in iter_exprs(
                selectors.expand(_listed(items), self.schema, op="top_k", arg="by")
            )
        ]
        if not keys:
            msg = "top_k/bottom_k need at least one `by` key"
            raise TypeError(msg)
        for key in keys:
            typed = key.typed_in(self.schema)
            if not typed.dtype.is_orderable():
                msg = f"cannot rank by {key!r}: {typed.dtype!r} has no order"
                raise TypeError(msg)
        if flags is None or isinstance(flags, bool):
            per_key = (bool(flags),) * len(keys)
        else:
            per_key = tuple(bool(f) for f in flags)
            if len(per_key) != len(keys):
                msg = f"reverse has {len(per_key)} flags for {len(keys)} keys"
                raise ValueError(msg)
        plan = r.TopK(
            self.schema, self._plan, k, tuple(e.node for e in keys), per_key, bottom
        )
        height = None if self._height is None else min(k, self._height)
        return self._derive_same(plan, height=height)

    # -- misc ------------------------------------------------------------------------
    def with_row_index(self, name: str = "index", offset: int = 0) -> BaseFrame:
        """Prepend an Int64 column ``name`` numbering the rows from ``offset``.

        Raises:
            TypeError: ``name`` is not a non-empty string.
            ValueError: ``name`` is already a column.
        """
        return self._row_index(name, offset, op="with_row_index")

    def with_row_count(self, name: str = "row_nr", offset: int = 0) -> BaseFrame:
        """Prepend a row number column (the original's name for :meth:`with_row_index`).

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: str
            >>> T({"x": ["a", "b"]}).with_row_count().to_dict()
            {'row_nr': [0, 1], 'x': ['a', 'b']}
        """
        return self._row_index(name, offset, op="with_row_count")

    def _row_index(self, name: str, offset: int, *, op: str) -> BaseFrame:
        if not isinstance(name, str) or not name:
            msg = f"{op}(name) expects a non-empty string."
            raise TypeError(msg)
        schema = r.row_index_schema(self.schema, name)
        plan = r.RowIndex(schema, self._plan, name, offset)
        return self._derive(plan, height=self._height)

    def sample(
        self,
        n: int | None = None,
        *,
        fraction: float | None = None,
        with_replacement: bool = False,
        shuffle: bool | None = None,
        seed: int | None = None,
    ) -> Self:
        """A random sample of ``n`` rows or a ``fraction`` of them (lazy).

        Without ``seed`` a seed is drawn when the plan step is built, so one
        frame always yields the same sample; with the same ``seed`` (and
        ``shuffle``, whose default is Polars') the rows equal
        ``polars.DataFrame.sample``'s.
        """
        if n is not None and fraction is not None:
            msg = "sample takes `n` or `fraction`, not both"
            raise ValueError(msg)
        if n is None and fraction is None:
            n = 1
        if n is not None and (isinstance(n, bool) or n < 0):
            msg = f"sample(n=) must be >= 0; got {n!r}"
            raise ValueError(msg)
        if fraction is not None and fraction < 0:
            msg = f"sample(fraction=) must be >= 0; got {fraction!r}"
            raise ValueError(msg)
        if not with_replacement and self._height is not None:
            wanted = n if n is not None else int(self._height * (fraction or 0.0))
            if wanted > self._height:
                msg = f"cannot sample {wanted} rows from {self._height} without replacement"
                raise ValueError(msg)
        if seed is None:
            seed = random.SystemRandom().randrange(2**63)
        plan = r.Sample(
            self.schema, self._plan, n, fraction, with_replacement, shuffle, seed
        )
        height = n if n is not None else None
        return self._derive_same(plan, height=height)

    def pipe(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """``function(self, *args, **kwargs)``: chain a user function."""
        return function(self, *args, **kwargs)


def _listed(items: Any) -> list[Any]:
    return list(items) if isinstance(items, (list, tuple)) else [items]
