"""Polars lowering of ``over`` windows and the SQL window functions.

Every window function is one Polars expression evaluated inside
``.over(partition, order_by=...)``: Polars sorts each partition by the order
keys (stably: ties keep input order), evaluates the expression on the sorted
rows and scatters the result back, so output rows keep the input order.

Inside a sorted partition, ``idx`` is the row position and ``peer_start`` /
``peer_end`` bound the current row's peer group (rows with equal order keys;
for RANGE frames, rows with an equal first order key). A RANGE offset bound is
found by a binary search (``search_sorted``) of ``key + offset`` among the
partition's non-null first-key values, compared in the key's physical unit.
A frame is a half-open position range ``[start, end)``; without a frame an
aggregate covers the whole partition. Aggregates over frames that start at the
partition start use cumulative kernels (``cum_sum``, ...), frames that end at
the partition end use reversed cumulative kernels, and other frames aggregate
each row's frame as a list (exact, O(rows x frame)).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import polars as pl

from pydantable import dtypes as dt
from pydantable.engines.polars.core import (
    register_lowered_within,
    register_typed_lowering,
    to_polars_dtype,
)
from pydantable.expressions import nodes as n
from pydantable.expressions.infer import Typed
from pydantable.expressions.window import (
    AGGREGATES,
    OFFSETS,
    PREFIX,
    RANKING,
    TEMPORAL_RANGE_KEYS,
    VALUES,
    over_rule,
)

__all__: list[str] = []

_I64 = pl.Int64
#: ROWS frames wider than this aggregate via one list slice instead of shifts.
_MAX_SHIFTS = 64
_DAY = _dt.timedelta(days=1)
_MICROSECOND = _dt.timedelta(microseconds=1)


def _idx() -> pl.Expr:
    return pl.int_range(pl.len(), dtype=_I64)


def _n() -> pl.Expr:
    return pl.len().cast(_I64)


def _column(value: pl.Expr | int) -> pl.Expr:
    """``value`` as a full column (scalars do not mix with columns in group ``when``)."""
    return _idx() * 0 + value


class _Ctx:
    """The sorted partition a window function is evaluated in."""

    def __init__(
        self, orders: list[pl.Expr], order_types: list[Typed], call: n.Call
    ) -> None:
        self.orders = orders
        self.order_types = order_types
        self.descending = bool(call.option("descending")[0]) if orders else False
        self.nulls_last = bool(call.option("nulls_last")[0]) if orders else False
        self.frame: Any = call.option("frame")

    def new_peer(self, *, first_key: bool = False) -> pl.Expr:
        """Whether a row starts a peer group (equal order keys, or first key only)."""
        first = _idx() == 0
        if not self.orders:
            return first
        keys = self.orders[:1] if first_key else self.orders
        changed = [o.ne_missing(o.shift(1)) for o in keys]
        return first | pl.any_horizontal(changed)

    def peer_start(self, *, first_key: bool = False) -> pl.Expr:
        if not self.orders:
            return _column(0)
        return (self.new_peer(first_key=first_key).cast(_I64) * _idx()).cum_max()

    def peer_end(self, *, first_key: bool = False) -> pl.Expr:
        if not self.orders:
            return _column(_n())
        last = self.new_peer(first_key=first_key).shift(-1, fill_value=True)
        return pl.when(last).then(_idx() + 1).otherwise(_n()).cum_min(reverse=True)

    def bounds(self, *, whole: bool = False) -> tuple[pl.Expr | None, pl.Expr | None]:
        """Frame ``[start, end)`` positions; ``None`` is the partition edge.

        Without a frame: the whole partition when ``whole`` (aggregates), else
        up to the current row's last peer (``first_value``/``last_value``/...).
        """
        frame = self.frame
        if frame is None:
            return (None, self.peer_end() if self.orders and not whole else None)
        kind, lo, hi = frame
        if kind == "rows":
            start = None if lo is None else (_idx() + lo).clip(0, _n())
            end = None if hi is None else (_idx() + hi + 1).clip(0, _n())
            return (start, end)
        return (self._range(lo, start=True), self._range(hi, start=False))

    def _range(self, bound: Any, *, start: bool) -> pl.Expr | None:
        """A RANGE bound on the first order key (its peers: rows equal on it)."""
        if bound is None:
            return None
        peer = (
            self.peer_start(first_key=True) if start else self.peer_end(first_key=True)
        )
        if not bound:  # 0 or timedelta(0): the current row's peers
            return peer
        key, offset = _range_key(
            self.orders[0], self.order_types[0].dtype.storage(), bound
        )
        nulls = key.is_null().sum().cast(_I64)
        base = pl.lit(0, dtype=_I64) if self.nulls_last else nulls
        block = key.slice(base, _n() - nulls)
        # descending: preceding rows have larger keys, frame keys in [k - hi, k - lo]
        target = key - offset if self.descending else key + offset
        found = block.search_sorted(
            target, side="left" if start else "right", descending=self.descending
        )
        position = found.cast(_I64) + base
        return pl.when(key.is_null()).then(peer).otherwise(position)


def _range_key(key: pl.Expr, storage: dt.DType, bound: Any) -> tuple[pl.Expr, pl.Expr]:
    """``key`` and ``bound`` in one comparable unit: the key's physical one.

    Int keys and temporal keys become Int128 (offsets cannot overflow): a date
    counts days, a datetime or duration microseconds; a ``timedelta`` bound is
    converted to that unit.
    """
    if isinstance(storage, dt.Float64):
        return key, pl.lit(float(bound), dtype=pl.Float64)
    if isinstance(storage, dt.Decimal):
        return key, pl.lit(bound)
    if isinstance(bound, _dt.timedelta):
        unit = _DAY if isinstance(storage, dt.Date) else _MICROSECOND
        bound = bound // unit
    if isinstance(storage, TEMPORAL_RANGE_KEYS):
        key = key.to_physical()
    return key.cast(pl.Int128), pl.lit(bound, dtype=pl.Int128)


def _prefix_count(valid: pl.Expr, k: pl.Expr) -> pl.Expr:
    """Number of non-null values in positions ``[0, k)``."""
    cum = valid.cast(_I64).cum_sum()
    return (
        pl.when(k > 0)
        .then(cum.gather((k - 1).clip(lower_bound=0)))
        .otherwise(pl.lit(0, dtype=_I64))
    )


def _cumulative(op: str, x: pl.Expr, *, reverse: bool) -> pl.Expr:
    if op in ("sum", "mean"):
        out = x.cum_sum(reverse=reverse)
    elif op == "min":
        out = x.cum_min(reverse=reverse)
    else:
        out = x.cum_max(reverse=reverse)
    return out.fill_null(strategy="backward" if reverse else "forward")


def _list_agg(op: str, values: pl.Expr) -> pl.Expr:
    if op == "sum":
        return values.list.sum()
    if op == "mean":
        return values.list.mean()
    if op == "min":
        return values.list.min()
    return values.list.max()


def _aggregate(op: str, x: pl.Expr, ctx: _Ctx) -> pl.Expr:
    if op == "mean":
        x = x.cast(pl.Float64)
    start, end = ctx.bounds(whole=True)
    valid = x.is_not_null()
    if start is None and end is None:
        whole = {"sum": x.sum(), "mean": x.mean(), "min": x.min(), "max": x.max()}[op]
        return pl.when(x.count() > 0).then(whole)
    if start is None:
        assert end is not None
        count = _prefix_count(valid, end)
        value = _cumulative(op, x, reverse=False).gather((end - 1).clip(lower_bound=0))
    elif end is None:
        count = x.count().cast(_I64) - _prefix_count(valid, start)
        value = _cumulative(op, x, reverse=True).gather(start.clip(0, _n() - 1))
    else:
        count = _prefix_count(valid, end) - _prefix_count(valid, start)
        frame = ctx.frame
        if frame[0] == "rows" and frame[2] - frame[1] < _MAX_SHIFTS:
            lists = pl.concat_list([x.shift(-k) for k in range(frame[1], frame[2] + 1)])
            value = _list_agg(op, lists)
        else:
            length = (end - start).clip(lower_bound=0)
            value = _list_agg(op, x.implode().list.slice(start, length))
        return pl.when(count > 0).then(value)
    if op == "mean":
        value = value / count.cast(pl.Float64)
    return pl.when(count > 0).then(value)


def _value(name: str, x: pl.Expr, ctx: _Ctx, nth: int) -> pl.Expr:
    start, end = ctx.bounds()
    lo = _column(0) if start is None else start
    hi = _column(_n()) if end is None else end
    if name == "first_value":
        position = lo
    elif name == "last_value":
        position = hi - 1
    else:
        position = lo + (nth - 1)
    inside = (position >= lo) & (position < hi)
    return pl.when(inside).then(x.gather(position.clip(0, _n() - 1)))


def _ntile(buckets: int) -> pl.Expr:
    idx, size = _idx(), _n()
    q, r = size // buckets, size % buckets
    big = r * (q + 1)
    return (
        pl.when(idx < big)
        .then(idx // (q + 1) + 1)
        .otherwise(r + (idx - big) // q.clip(lower_bound=1) + 1)
    )


def _function(
    name: str,
    args: list[pl.Expr],
    arg_types: list[Typed],
    ctx: _Ctx,
    options: dict[str, Any],
    result: pl.DataType,
) -> pl.Expr:
    if name == "row_number":
        return _idx() + 1
    if name == "rank":
        return ctx.peer_start() + 1
    if name == "dense_rank":
        return ctx.new_peer().cast(_I64).cum_sum()
    if name == "percent_rank":
        ranked = ctx.peer_start().cast(pl.Float64) / (_n() - 1).cast(pl.Float64)
        return pl.when(_n() > 1).then(ranked).otherwise(pl.lit(0.0))
    if name == "cume_dist":
        return ctx.peer_end().cast(pl.Float64) / _n().cast(pl.Float64)
    if name == "ntile":
        return _ntile(options["n"])
    if name in ("lag", "lead"):
        shift = options["offset"] if name == "lag" else -options["offset"]
        x = args[0].cast(result)
        if len(args) == 1:
            return x.shift(shift)
        return x.shift(shift, fill_value=args[1].cast(result))
    if name in ("first_value", "last_value", "nth_value"):
        return _value(name, args[0], ctx, options.get("n", 1))
    return _aggregate(name, args[0], ctx)


def _sort_key(key: pl.Expr, descending: bool, nulls_last: bool) -> pl.Expr:
    """An ascending, nulls-free Int64 key ordering like ``key`` with its flags."""
    ranked = key.rank("dense", descending=descending).cast(_I64)
    return ranked.fill_null(pl.len().cast(_I64) + 1 if nulls_last else 0)


def _over(
    inner: pl.Expr, parts: list[pl.Expr], orders: list[pl.Expr], call: n.Call
) -> pl.Expr:
    partition = parts or [pl.lit(True)]
    if not orders:
        return inner.over(partition)
    descending = call.option("descending")
    nulls_last = call.option("nulls_last")
    if len(set(descending)) == 1 and len(set(nulls_last)) == 1:
        return inner.over(
            partition,
            order_by=orders,
            descending=descending[0],
            nulls_last=nulls_last[0],
        )
    keys = [
        _sort_key(o, d, nl)
        for o, d, nl in zip(orders, descending, nulls_last, strict=True)
    ]
    return inner.over(partition, order_by=keys)


register_lowered_within(
    "over", [PREFIX + name for name in (*RANKING, *OFFSETS, *VALUES, *AGGREGATES)]
)


@register_typed_lowering("over")
def _lower_over(args: list[pl.Expr], call: n.Call, types: list[Typed]) -> pl.Expr:
    k, p = call.option("n_args"), call.option("n_partition")
    fn_args, parts, orders = args[:k], args[k : k + p], args[k + p :]
    result = to_polars_dtype(over_rule(types, call).dtype)
    function = call.option("function")
    if function is None:
        return _over(fn_args[0], parts, orders, call)
    ctx = _Ctx(orders, types[k + p :], call)
    options = dict(call.option("fn_options"))
    name = function.removeprefix(PREFIX)
    inner = _function(name, fn_args, types[:k], ctx, options, result)
    return _over(inner.cast(result), parts, orders, call)
