"""Polars lowerings of the string area (registered on import)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

from pydantable import dtypes as dt
from pydantable.engines.polars.core import register_lowering, to_polars_dtype
from pydantable.engines.polars.map import decode_maps
from pydantable.expressions import nodes as n

_I64 = pl.Int64()


__all__ = ["regex_error"]


def regex_error(pattern: str) -> str | None:
    """The Rust ``regex`` error for ``pattern``, or ``None`` when it compiles."""
    try:
        pl.select(pl.lit("", dtype=pl.String).str.contains(pattern))
    except pl.exceptions.PolarsError as exc:
        text = str(exc).split("This error occurred", 1)[0]
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        errors = [line for line in lines if line.startswith("error:")]
        return (errors or lines or [type(exc).__name__])[-1]
    return None


Simple = Callable[[list[pl.Expr], n.Call], pl.Expr]

_SIMPLE: dict[str, Simple] = {
    "str.len_chars": lambda a, c: a[0].str.len_chars().cast(_I64),
    "str.len_bytes": lambda a, c: a[0].str.len_bytes().cast(_I64),
    "str.to_uppercase": lambda a, c: a[0].str.to_uppercase(),
    "str.to_lowercase": lambda a, c: a[0].str.to_lowercase(),
    "str.to_titlecase": lambda a, c: a[0].str.to_titlecase(),
    "str.reverse": lambda a, c: a[0].str.reverse(),
    "str.strip_chars": lambda a, c: a[0].str.strip_chars(c.option("characters")),
    "str.strip_chars_start": lambda a, c: a[0].str.strip_chars_start(
        c.option("characters")
    ),
    "str.strip_chars_end": lambda a, c: a[0].str.strip_chars_end(
        c.option("characters")
    ),
    "str.strip_prefix": lambda a, c: a[0].str.strip_prefix(a[1]),
    "str.strip_suffix": lambda a, c: a[0].str.strip_suffix(a[1]),
    "str.starts_with": lambda a, c: a[0].str.starts_with(a[1]),
    "str.ends_with": lambda a, c: a[0].str.ends_with(a[1]),
    "str.pad_start": lambda a, c: a[0].str.pad_start(a[1], c.option("fill_char")),
    "str.pad_end": lambda a, c: a[0].str.pad_end(a[1], c.option("fill_char")),
    "str.zfill": lambda a, c: a[0].str.zfill(a[1]),
    "str.slice": lambda a, c: a[0].str.slice(a[1], a[2] if len(a) > 2 else None),
    "str.head": lambda a, c: a[0].str.head(a[1]),
    "str.tail": lambda a, c: a[0].str.tail(a[1]),
    "str.contains": lambda a, c: a[0].str.contains(a[1], literal=c.option("literal")),
    "str.find": lambda a, c: (
        a[0].str.find(a[1], literal=c.option("literal")).cast(_I64)
    ),
    "str.count_matches": lambda a, c: (
        a[0].str.count_matches(a[1], literal=c.option("literal")).cast(_I64)
    ),
    "str.extract": lambda a, c: a[0].str.extract(a[1], c.option("group_index")),
    "str.extract_all": lambda a, c: a[0].str.extract_all(a[1]),
    "str.replace": lambda a, c: a[0].str.replace(
        a[1], a[2], literal=c.option("literal"), n=c.option("n")
    ),
    "str.replace_all": lambda a, c: a[0].str.replace_all(
        a[1], a[2], literal=c.option("literal")
    ),
    "str.split": lambda a, c: a[0].str.split(
        a[1], inclusive=c.option("inclusive"), literal=c.option("literal")
    ),
    "str.to_integer": lambda a, c: a[0].str.to_integer(
        base=c.option("base"), strict=c.option("strict")
    ),
    "str.json_path_match": lambda a, c: a[0].str.json_path_match(c.option("json_path")),
    "concat_str": lambda a, c: pl.concat_str(
        a, separator=c.option("separator"), ignore_nulls=c.option("ignore_nulls")
    ),
}

for _name, _fn in _SIMPLE.items():
    register_lowering(_name)(_fn)


@register_lowering("str.json_decode")
def _json_decode(args: list[pl.Expr], call: n.Call) -> pl.Expr:
    target = call.option("dtype")
    if isinstance(target, dt.Map):
        value = to_polars_dtype(target.value)
        return args[0].map_batches(
            lambda cells: decode_maps(cells, value),
            return_dtype=to_polars_dtype(target),
            is_elementwise=True,
        )
    return args[0].str.json_decode(to_polars_dtype(target))


@register_lowering("str.strptime")
def _strptime(args: list[pl.Expr], call: n.Call) -> pl.Expr:
    target: Any = to_polars_dtype(call.option("dtype"))
    return args[0].str.strptime(
        target, call.option("format"), strict=call.option("strict")
    )
