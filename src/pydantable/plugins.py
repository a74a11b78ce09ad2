"""A registry of named readers and writers, built-ins included.

Tools that pick an I/O function by name (a CLI flag, a config file) look it up
here: ``get_reader("read_parquet")``, ``get_writer("export_csv")``. Register
your own with :func:`register_reader` / :func:`register_writer`. The built-in
entries point at :mod:`pydantable.io` and are imported on first lookup, so
importing this module loads no I/O code.

Example:
    >>> from pydantable.plugins import get_reader, register_reader, list_readers
    >>> def read_lines(path):
    ...     return open(path).read().splitlines()
    >>> register_reader("read_lines", read_lines, stable=True)
    >>> get_reader("read_lines").fn is read_lines
    True
    >>> "materialize_parquet" in [p.name for p in list_readers()]
    True
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "PluginFn",
    "get_reader",
    "get_writer",
    "list_readers",
    "list_writers",
    "register_reader",
    "register_writer",
]

Kind = Literal["reader", "writer"]


@dataclass(frozen=True)
class PluginFn:
    """One registered function: its ``name``, the callable, ``kind`` ("reader"
    or "writer"), the extra it needs (``requires_extra``) and whether its
    behaviour is ``stable``."""

    name: str
    fn: Callable[..., Any]
    kind: Kind
    requires_extra: str | None = None
    stable: bool = False


#: name → (module, extra, stable) of the built-in entries, resolved on lookup.
_BUILTIN_READERS: dict[str, tuple[str, str | None]] = {
    **{
        f"materialize_{fmt}": ("pydantable.io", None)
        for fmt in ("parquet", "csv", "ndjson", "json", "ipc")
    },
    **dict.fromkeys(
        (
            "iter_parquet",
            "iter_csv",
            "iter_ndjson",
            "iter_json_lines",
            "iter_json_array",
            "iter_ipc",
        ),
        ("pydantable.io", None),
    ),
    "read_parquet_url": ("pydantable.io", "http"),
    "fetch_parquet_url": ("pydantable.io", "http"),
    "fetch_csv_url": ("pydantable.io", "http"),
    "fetch_ndjson_url": ("pydantable.io", "http"),
    "read_from_object_store": ("pydantable.io", "cloud"),
    "fetch_sql_raw": ("pydantable.io", "sql"),
    "iter_sql_raw": ("pydantable.io", "sql"),
    "fetch_sqlmodel": ("pydantable.io", "sql"),
    "iter_sqlmodel": ("pydantable.io", "sql"),
}
_BUILTIN_WRITERS: dict[str, tuple[str, str | None]] = {
    **{
        f"export_{fmt}": ("pydantable.io", None)
        for fmt in ("parquet", "csv", "ndjson", "json", "ipc")
    },
    **{
        f"write_{fmt}_batches": ("pydantable.io", None)
        for fmt in ("parquet", "csv", "ndjson", "ipc")
    },
    "write_sql_raw": ("pydantable.io", "sql"),
    "write_sql_raw_batches": ("pydantable.io", "sql"),
    "write_sqlmodel": ("pydantable.io", "sql"),
    "write_sqlmodel_batches": ("pydantable.io", "sql"),
}
_registered: dict[Kind, dict[str, PluginFn]] = {"reader": {}, "writer": {}}


def _register(
    kind: Kind,
    name: str,
    fn: Callable[..., Any],
    requires_extra: str | None,
    stable: bool,
) -> None:
    if not isinstance(name, str) or not name:
        msg = f"{kind} name must be a non-empty string; got {name!r}"
        raise ValueError(msg)
    if not callable(fn):
        msg = f"{kind} {name!r} must be callable; got {type(fn).__name__}"
        raise TypeError(msg)
    _registered[kind][name] = PluginFn(name, fn, kind, requires_extra, stable)


def register_reader(
    name: str,
    fn: Callable[..., Any],
    *,
    requires_extra: str | None = None,
    stable: bool = False,
) -> None:
    """Register (or replace) the reader ``name``."""
    _register("reader", name, fn, requires_extra, stable)


def register_writer(
    name: str,
    fn: Callable[..., Any],
    *,
    requires_extra: str | None = None,
    stable: bool = False,
) -> None:
    """Register (or replace) the writer ``name``."""
    _register("writer", name, fn, requires_extra, stable)


def _builtins(kind: Kind) -> dict[str, tuple[str, str | None]]:
    return _BUILTIN_READERS if kind == "reader" else _BUILTIN_WRITERS


def _get(kind: Kind, name: str) -> PluginFn:
    found = _registered[kind].get(name)
    if found is not None:
        return found
    builtin = _builtins(kind).get(name)
    if builtin is None:
        known = ", ".join(sorted({*_registered[kind], *_builtins(kind)}))
        msg = f"unknown {kind} {name!r}; registered {kind}s: {known}"
        raise ValueError(msg)
    module, extra = builtin
    fn = getattr(importlib.import_module(module), name)
    return PluginFn(name, fn, kind, extra, True)


def get_reader(name: str) -> PluginFn:
    """The reader ``name`` (``ValueError`` listing the registered ones if unknown)."""
    return _get("reader", name)


def get_writer(name: str) -> PluginFn:
    """The writer ``name`` (``ValueError`` listing the registered ones if unknown)."""
    return _get("writer", name)


def _list(kind: Kind) -> list[PluginFn]:
    names = sorted({*_builtins(kind), *_registered[kind]})
    return [_get(kind, name) for name in names]


def list_readers() -> list[PluginFn]:
    """Every reader, built-ins included, sorted by name."""
    return _list("reader")


def list_writers() -> list[PluginFn]:
    """Every writer, built-ins included, sorted by name."""
    return _list("writer")
