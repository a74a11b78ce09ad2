"""Polars lowerings of the list area (registered on import)."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from pydantable.engines.polars.core import register_lowering
from pydantable.expressions import nodes as n

_I64 = pl.Int64()

_SIMPLE: dict[str, Callable[[list[pl.Expr], n.Call], pl.Expr]] = {
    "list.len": lambda a, c: a[0].list.len().cast(_I64),
    "list.get": lambda a, c: a[0].list.get(a[1], null_on_oob=c.option("null_on_oob")),
    "list.contains": lambda a, c: a[0].list.contains(a[1]),
    "list.count_matches": lambda a, c: a[0].list.count_matches(a[1]).cast(_I64),
    "list.min": lambda a, c: a[0].list.min(),
    "list.max": lambda a, c: a[0].list.max(),
    "list.sum": lambda a, c: a[0].list.sum(),
    "list.mean": lambda a, c: a[0].list.mean().cast(pl.Float64),
    "list.median": lambda a, c: a[0].list.median().cast(pl.Float64),
    "list.std": lambda a, c: a[0].list.std(c.option("ddof")).cast(pl.Float64),
    "list.var": lambda a, c: a[0].list.var(c.option("ddof")).cast(pl.Float64),
    "list.n_unique": lambda a, c: a[0].list.n_unique().cast(_I64),
    "list.arg_min": lambda a, c: a[0].list.arg_min().cast(_I64),
    "list.arg_max": lambda a, c: a[0].list.arg_max().cast(_I64),
    "list.any": lambda a, c: a[0].list.any(),
    "list.all": lambda a, c: a[0].list.all(),
    "list.join": lambda a, c: a[0].list.join(
        a[1], ignore_nulls=c.option("ignore_nulls")
    ),
    "list.sort": lambda a, c: a[0].list.sort(
        descending=c.option("descending"), nulls_last=c.option("nulls_last")
    ),
    "list.unique": lambda a, c: a[0].list.unique(
        maintain_order=c.option("maintain_order")
    ),
    "list.reverse": lambda a, c: a[0].list.reverse(),
    "list.slice": lambda a, c: a[0].list.slice(a[1], a[2] if len(a) > 2 else None),
    "list.tail": lambda a, c: a[0].list.tail(a[1]),
    "list.drop_nulls": lambda a, c: a[0].list.drop_nulls(),
    "list.concat": lambda a, c: a[0].list.concat(a[1]),
}

for _name, _fn in _SIMPLE.items():
    register_lowering(_name)(_fn)
