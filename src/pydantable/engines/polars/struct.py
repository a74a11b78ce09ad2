"""Polars lowerings of the struct area (registered on import)."""

from __future__ import annotations

import polars as pl

from pydantable.engines.polars.core import register_lowering
from pydantable.expressions import nodes as n


@register_lowering("struct.field")
def _field(args: list[pl.Expr], call: n.Call) -> pl.Expr:
    return args[0].struct.field(call.option("name"))


@register_lowering("struct.rename_fields")
def _rename_fields(args: list[pl.Expr], call: n.Call) -> pl.Expr:
    return args[0].struct.rename_fields(list(call.option("names")))


@register_lowering("struct.with_fields")
def _with_fields(args: list[pl.Expr], call: n.Call) -> pl.Expr:
    names = call.option("names")
    return args[0].struct.with_fields(
        [e.alias(name) for name, e in zip(names, args[1:], strict=True)]
    )


@register_lowering("struct.json_encode")
def _json_encode(args: list[pl.Expr], call: n.Call) -> pl.Expr:
    return args[0].struct.json_encode()
