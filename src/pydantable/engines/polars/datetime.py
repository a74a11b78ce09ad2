"""Polars lowerings of the datetime area (registered on import)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

from pydantable.engines.polars.core import register_lowering
from pydantable.expressions import nodes as n
from pydantable.expressions.datetime import CALENDAR, CLOCK, TOTALS

_I64 = pl.Int64()


def _part(name: str) -> Callable[[list[pl.Expr], n.Call], pl.Expr]:
    def lower(args: list[pl.Expr], call: n.Call) -> pl.Expr:
        out: pl.Expr = getattr(args[0].dt, name)()
        return out.cast(_I64)

    return lower


def _total(name: str) -> Callable[[list[pl.Expr], n.Call], pl.Expr]:
    def lower(args: list[pl.Expr], call: n.Call) -> pl.Expr:
        fractional = bool(call.option("fractional"))
        out: pl.Expr = getattr(args[0].dt, name)(fractional=fractional)
        return out if fractional else out.cast(_I64)

    return lower


for _name in (*CALENDAR, *CLOCK):
    register_lowering(f"dt.{_name}")(_part(_name))
for _name in TOTALS:
    register_lowering(f"dt.total_{_name}")(_total(f"total_{_name}"))

_SIMPLE: dict[str, Callable[[list[pl.Expr], n.Call], Any]] = {
    "dt.is_leap_year": lambda a, c: a[0].dt.is_leap_year(),
    "dt.date": lambda a, c: a[0].dt.date(),
    "dt.time": lambda a, c: a[0].dt.time(),
    "dt.combine": lambda a, c: a[0].dt.combine(a[1], time_unit="us"),
    "dt.epoch": lambda a, c: a[0].dt.epoch(c.option("time_unit")).cast(_I64),
    "dt.timestamp": lambda a, c: a[0].dt.timestamp(c.option("time_unit")).cast(_I64),
    "dt.strftime": lambda a, c: a[0].dt.to_string(c.option("format")),
    "dt.truncate": lambda a, c: a[0].dt.truncate(c.option("every")),
    "dt.round": lambda a, c: a[0].dt.round(c.option("every")),
    "dt.offset_by": lambda a, c: a[0].dt.offset_by(c.option("by")),
    "dt.month_start": lambda a, c: a[0].dt.month_start(),
    "dt.month_end": lambda a, c: a[0].dt.month_end(),
    "dt.replace_time_zone": lambda a, c: a[0].dt.replace_time_zone(
        c.option("time_zone")
    ),
    "dt.convert_time_zone": lambda a, c: a[0].dt.convert_time_zone(
        c.option("time_zone")
    ),
    "from_epoch": lambda a, c: pl.from_epoch(
        a[0], time_unit=c.option("time_unit")
    ).cast(pl.Date() if c.option("time_unit") == "d" else pl.Datetime("us")),
}

for _name, _fn in _SIMPLE.items():
    register_lowering(_name)(_fn)
