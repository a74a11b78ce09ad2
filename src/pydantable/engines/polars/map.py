"""Polars lowerings of Map (``dict[str, T]``) and Binary functions (registered on import).

A map is stored as ``List(Struct{key, value})``; map functions lower to list
functions over the entries.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from itertools import chain
from typing import Any

import polars as pl
import pydantic_core

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


def decode_maps(cells: pl.Series, value: pl.DataType) -> pl.Series:
    """JSON objects (text) as map entries ``List(Struct{key, value})``.

    Every cell must hold exactly one JSON object (``null`` cells stay null);
    values are typed by Polars' own JSON decoder, as for struct targets, so
    ``{"a": null}`` keeps its entry and ``{}`` is an empty map. Runs on whole
    columns: pydantic-core parses every cell in one call and Polars regroups
    the entries (no per-cell Python code on the success path).

    Raises:
        polars.exceptions.ComputeError: a cell is not one JSON object, or a
            value does not decode into the map's value dtype.

    Example:
        >>> decode_maps(pl.Series(['{"a": 1, "b": null}', None, "{}"]), pl.Int64())
        ... # doctest: +NORMALIZE_WHITESPACE
        shape: (3,)
        Series: '' [list[struct[2]]]
        [
            [{"a",1}, {"b",null}]
            null
            []
        ]
    """
    entry = pl.Struct({MAP_KEY: pl.String(), MAP_VALUE: value})
    target = pl.List(entry)
    positions = cells.is_not_null().arg_true()
    present = cells.gather(positions)
    if present.is_empty():
        return pl.Series(cells.name, [None] * cells.len(), dtype=target)
    objects = _parse_objects(present)
    sizes = pl.Series(list(map(len, objects)), dtype=pl.UInt32())
    keys = pl.Series(MAP_KEY, list(chain.from_iterable(objects)), dtype=pl.String())
    flat_values = list(chain.from_iterable(map(dict.values, objects)))
    values = (
        pl.Series(
            [pydantic_core.to_json(flat_values, inf_nan_mode="constants").decode()]
        )
        .str.json_decode(pl.List(value))
        .explode()
        .head(keys.len())
        .alias(MAP_VALUE)
    )
    owners = positions.gather(
        pl.arange(0, sizes.len(), eager=True).repeat_by(sizes).explode().drop_nulls()
    )
    entries = pl.DataFrame([keys, values]).to_struct()
    grouped = (
        pl.DataFrame({"_pos": owners, "_entry": entries})
        .group_by("_pos", maintain_order=True)
        .agg(pl.col("_entry"))
    )
    rows = pl.DataFrame({"_cell": cells}).with_row_index("_pos")
    return (
        rows.join(grouped, on="_pos", how="left", maintain_order="left")
        .select(
            pl.when(pl.col("_cell").is_not_null())
            .then(pl.col("_entry").fill_null(pl.lit([], dtype=target)))
            .cast(target)
            .alias(cells.name)
        )
        .to_series()
    )


def _parse_objects(cells: pl.Series) -> list[Any]:
    """The JSON objects of non-null ``cells``, parsed in one call.

    The cells are joined into one array with a random sentinel between them:
    a cell holding two values, or an unterminated one swallowing its
    neighbour, breaks the sentinel/object alternation (the sentinel cannot be
    guessed), so the alternation check proves one object per cell.
    """
    token = secrets.token_hex(16)
    text = f'["{token}",' + cells.str.join(f',"{token}",').item() + "]"
    try:
        parsed = pydantic_core.from_json(text, allow_inf_nan=False)
    except ValueError:
        parsed = None
    if (
        isinstance(parsed, list)
        and len(parsed) == 2 * cells.len()
        and parsed[0::2].count(token) == cells.len()
    ):
        objects = parsed[1::2]
        if set(map(type, objects)) == {dict}:
            return objects
    raise pl.exceptions.ComputeError(_first_bad_cell(cells))


def _first_bad_cell(cells: pl.Series) -> str:
    """The message naming the first cell that is not one JSON object (error path)."""
    for text in cells:
        try:
            value = pydantic_core.from_json(text, allow_inf_nan=False)
        except ValueError as exc:
            return f"str.json_decode(): invalid JSON {text[:80]!r} ({exc})"
        if not isinstance(value, dict):
            return (
                f"str.json_decode() into a map expects JSON objects; got {text[:80]!r}"
            )
    return "str.json_decode() into a map expects one JSON object per cell"
