"""Polars lowerings of Map (``dict[str, T]``) and Binary functions (registered on import).

A map is stored as ``List(Struct{key, value})``; map functions lower to list
functions over the entries.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from pydantable.engines.polars.core import MAP_KEY, MAP_VALUE, register_lowering
from pydantable.expressions import nodes as n

_I64 = pl.Int64()


def _key() -> pl.Expr:
    return pl.element().struct.field(MAP_KEY)


_SIMPLE: dict[str, Callable[[list[pl.Expr], n.Call], pl.Expr]] = {
    "map.len": lambda a, c: a[0].list.len().cast(_I64),
    "map.is_empty": lambda a, c: a[0].list.len() == 0,
    "map.get": lambda a, c: (
        a[0]
        .list.filter(_key() == pl.lit(c.option("key"), dtype=pl.String))
        .list.first()
        .struct.field(MAP_VALUE)
    ),
    "map.contains_key": lambda a, c: (
        a[0].list.eval(_key() == pl.lit(c.option("key"), dtype=pl.String)).list.any()
    ),
    "map.has_any_key": lambda a, c: (
        a[0]
        .list.eval(_key().is_in(pl.Series(c.option("keys"), dtype=pl.String).implode()))
        .list.any()
    ),
    "map.keys": lambda a, c: a[0].list.eval(_key()),
    "map.values": lambda a, c: a[0].list.eval(pl.element().struct.field(MAP_VALUE)),
    "map.entries": lambda a, c: a[0],
    "map.from_entries": lambda a, c: a[0].list.filter(_key().is_last_distinct()),
    "bin.size": lambda a, c: a[0].bin.size().cast(_I64),
    "bin.encode": lambda a, c: a[0].bin.encode(c.option("encoding")),
    "bin.contains": lambda a, c: a[0].bin.contains(a[1]),
    "bin.starts_with": lambda a, c: a[0].bin.starts_with(a[1]),
    "bin.ends_with": lambda a, c: a[0].bin.ends_with(a[1]),
}

for _name, _fn in _SIMPLE.items():
    register_lowering(_name)(_fn)
