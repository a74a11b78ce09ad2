"""Options shared by the eager I/O helpers: ``engine=``, ``write_kwargs`` and the
experimental gate.

``engine=`` is the original's choice of reader/writer (``"auto"``, ``"rust"`` or
``"pyarrow"``; default from ``PYDANTABLE_IO_ENGINE``, else ``"auto"``). Every
value is accepted and checked; reads and writes always run on Polars (a Rust
engine), so the choice changes nothing else.

``write_kwargs`` are checked against the options of each format before anything
is written: the original's names (parquet ``compression``, ``row_group_size``,
``data_page_size``, ``statistics``, ``parallel``; csv ``include_header``,
``include_bom``; ndjson ``json_format``) and the options of the Polars sink.

Example:
    >>> from pydantable.io.options import check_write_kwargs, resolve_io_engine
    >>> resolve_io_engine("pyarrow")
    'pyarrow'
    >>> resolve_io_engine("spark")
    Traceback (most recent call last):
    ...
    ValueError: engine must be one of 'auto', 'rust', 'pyarrow'; got 'spark'
    >>> check_write_kwargs("parquet", {"compression": None})
    {'compression': 'uncompressed'}
    >>> check_write_kwargs("csv", {"bogus": 1})
    Traceback (most recent call last):
    ...
    ValueError: unknown write_kw key 'bogus'; allowed: ...
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable
from typing import Any, Literal, get_args

import polars as pl

__all__ = [
    "ENGINE_ENV",
    "EXPERIMENTAL_ENV",
    "IoEngine",
    "check_write_kwargs",
    "experimental_enabled",
    "merged_write_kwargs",
    "require_experimental",
    "resolve_io_engine",
    "write_options",
]

#: The original's I/O engine names.
IoEngine = Literal["auto", "rust", "pyarrow"]
_ENGINES: tuple[str, ...] = get_args(IoEngine)

#: Environment variable giving the default ``engine=``.
ENGINE_ENV = "PYDANTABLE_IO_ENGINE"

#: Environment variable that enables experimental readers without ``experimental=True``.
EXPERIMENTAL_ENV = "PYDANTABLE_IO_EXPERIMENTAL"


def resolve_io_engine(engine: str | None) -> str:
    """``engine`` checked, or the ``PYDANTABLE_IO_ENGINE`` default (``"auto"``)."""
    if engine is None:
        raw = os.environ.get(ENGINE_ENV, "").strip()
        if not raw:
            return "auto"
        if raw.lower() not in _ENGINES:
            msg = f"{ENGINE_ENV} must be one of 'auto', 'rust', 'pyarrow'; got {raw!r}"
            raise ValueError(msg)
        return raw.lower()
    if not isinstance(engine, str) or engine not in _ENGINES:
        msg = f"engine must be one of 'auto', 'rust', 'pyarrow'; got {engine!r}"
        raise ValueError(msg)
    return engine


def experimental_enabled() -> bool:
    """True when ``PYDANTABLE_IO_EXPERIMENTAL`` is ``1`` (or ``true``/``yes``)."""
    return os.environ.get(EXPERIMENTAL_ENV, "").strip().lower() in ("1", "true", "yes")


def require_experimental(api: str, experimental: bool) -> None:
    """Refuse an experimental reader unless opted in by argument or environment."""
    if experimental is not True and not experimental_enabled():
        msg = (
            f"{api} is experimental: pass experimental=True or set {EXPERIMENTAL_ENV}=1"
        )
        raise ValueError(msg)


#: The original's write options, per format (on top of the Polars sink's).
_ORIGINAL_KEYS: dict[str, frozenset[str]] = {
    "parquet": frozenset(
        {"compression", "row_group_size", "data_page_size", "statistics", "parallel"}
    ),
    "csv": frozenset({"include_header", "include_bom"}),
    "ndjson": frozenset({"json_format"}),
    "json": frozenset(),
    "ipc": frozenset(),
}

#: Sink parameters pydantable sets itself (never a write option).
_RESERVED = frozenset(
    {
        "self",
        "path",
        "mkdir",
        "lazy",
        "engine",
        "optimizations",
        "sinked_paths_callback",
        "credential_provider",
        "storage_options",
        "sync_on_close",
        "check_extension",
    }
)

_SINKS: dict[str, Callable[..., Any]] = {
    "parquet": pl.LazyFrame.sink_parquet,
    "csv": pl.LazyFrame.sink_csv,
    "ndjson": pl.LazyFrame.sink_ndjson,
    "json": pl.LazyFrame.sink_ndjson,
    "ipc": pl.LazyFrame.sink_ipc,
}


def _allowed(fmt: str) -> frozenset[str]:
    sink = frozenset(
        name
        for name in inspect.signature(_SINKS[fmt]).parameters
        if not name.startswith("_") and name not in _RESERVED
    )
    return sink | _ORIGINAL_KEYS[fmt]


_ALLOWED: dict[str, frozenset[str]] = {fmt: _allowed(fmt) for fmt in _SINKS}


def allowed_write_keys(fmt: str) -> list[str]:
    """The ``write_kwargs`` keys ``fmt`` accepts, sorted."""
    return sorted(_ALLOWED[fmt])


def merged_write_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Keyword write options with a ``write_kwargs={...}`` dict among them merged in
    (the frame writers' spelling, accepted by the eager helpers too)."""
    nested = kwargs.get("write_kwargs")
    if "write_kwargs" not in kwargs:
        return kwargs
    if nested is not None and not isinstance(nested, dict):
        msg = f"write_kwargs must be a dict; got {type(nested).__name__}"
        raise TypeError(msg)
    rest = {k: v for k, v in kwargs.items() if k != "write_kwargs"}
    return {**(nested or {}), **rest}


def check_write_kwargs(
    fmt: str,
    write_kwargs: dict[str, Any] | None,
    *,
    allowed: frozenset[str] | None = None,
) -> dict[str, Any]:
    """``write_kwargs`` checked for ``fmt`` and translated to the Polars sink's
    spelling (``compression=None`` is ``"uncompressed"``; ``parallel`` is
    accepted and has no effect: the sink is always parallel)."""
    options = dict(write_kwargs or {})
    keys = _ALLOWED[fmt] if allowed is None else allowed
    for key in options:
        if key not in keys:
            listed = ", ".join(sorted(keys)) or "(none)"
            msg = f"unknown write_kw key {key!r}; allowed: {listed}"
            raise ValueError(msg)
    if "compression" in options and options["compression"] is None:
        options["compression"] = "uncompressed"
    if fmt == "parquet":
        options.pop("parallel", None)
    return options


def write_options(
    fmt: str, write_kwargs: dict[str, Any] | None
) -> tuple[dict[str, Any], bool]:
    """The sink options of ``write_kwargs`` and whether the output is one JSON
    array (``fmt="json"``, or ndjson with ``json_format="json"``)."""
    options = check_write_kwargs(fmt, write_kwargs)
    array = fmt == "json"
    if fmt == "ndjson" and "json_format" in options:
        json_format = options.pop("json_format")
        if json_format not in ("lines", "json"):
            msg = f"json_format must be 'lines' or 'json'; got {json_format!r}"
            raise ValueError(msg)
        array = json_format == "json"
    return options, array
