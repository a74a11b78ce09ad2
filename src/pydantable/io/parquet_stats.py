"""What Parquet footers prove about a scan, so proven checks can be skipped.

A Parquet file's footer holds each column's physical dtype and, per row group,
statistics (``null_count``, ``min``/``max``). Reading it costs a fraction of a
millisecond, against a full pass over the data for the same facts. A scan uses
them to skip work whose outcome is already known:

* a non-nullable column whose statistics count no null in any row group of any
  file needs no null check;
* a column whose file dtype is the storage dtype and whose annotation adds no
  value-level rule (plain ``int``, ``str``, ``date`` ...) needs no per-cell
  validation; an ``int`` with numeric ``Field`` bounds needs none either when
  every row group's min/max lies within them.

Anything not proven (statistics missing or inconclusive, a file lacking the
column, hive partition values, remote sources, no PyArrow) is checked as before.

Example:
    >>> import os, tempfile
    >>> import polars as pl
    >>> path = os.path.join(tempfile.mkdtemp(), "t.parquet")
    >>> pl.DataFrame({"n": [3, 5], "s": ["a", None]}).write_parquet(path)
    >>> facts = footer_facts(path, {})
    >>> facts.null_free("n"), facts.null_free("s"), facts.value_range("n")
    (True, False, (3, 5))
"""

from __future__ import annotations

import functools
import importlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from pydantable import dtypes as dt
from pydantable.engines.polars import to_polars_dtype
from pydantable.schema import Column, FrameSchema
from pydantable.validation.coerce import _PLAIN
from pydantable.validation.columns import _is_opaque
from pydantable.validation.ingest import CellValidators

__all__ = [
    "FooterFacts",
    "cells_to_check",
    "file_schemas",
    "footer_facts",
    "null_free",
    "widening",
    "within_bounds",
]

#: Scan options under which the files Polars reads are exactly the expanded
#: paths, read whole (others, e.g. remote storage options: no footer facts).
_LOCAL_OPTIONS = frozenset(
    {
        "parallel",
        "use_statistics",
        "hive_partitioning",
        "hive_schema",
        "try_parse_hive_dates",
        "glob",
        "hidden_file_prefix",
        "low_memory",
        "cache",
        "rechunk",
        "include_file_paths",
        "missing_columns",
        "extra_columns",
        "cast_options",
    }
)


@dataclass
class _ColumnFacts:
    """One column over all files: what the footers prove."""

    dtypes: set[pl.DataType] = field(default_factory=set)
    null_free: bool = True
    low: Any = None
    high: Any = None
    has_range: bool = True


@dataclass
class FooterFacts:
    """Footer facts of every file of a scan, by top-level column name."""

    files: list[str]
    columns: dict[str, _ColumnFacts]

    def dtype(self, name: str) -> pl.DataType | None:
        """The column's dtype when every file stores it with that same dtype."""
        facts = self.columns.get(name)
        if facts is None or len(facts.dtypes) != 1:
            return None
        return next(iter(facts.dtypes))

    def null_free(self, name: str) -> bool:
        """Whether the statistics prove the column holds no null in any file."""
        facts = self.columns.get(name)
        return facts is not None and facts.null_free

    def value_range(self, name: str) -> tuple[Any, Any] | None:
        """``(min, max)`` of the column over all files (``None``: unknown)."""
        facts = self.columns.get(name)
        if facts is None or not facts.has_range or facts.low is None:
            return None
        return facts.low, facts.high


def footer_facts(source: Any, scan_kwargs: dict[str, Any]) -> FooterFacts | None:
    """The footer facts of the local Parquet files ``source`` expands to (file,
    directory, glob, hive tree or a list of them), as Polars expands it.

    ``None`` when they cannot be read cheaply and exactly: PyArrow missing,
    remote or non-path sources, scan options that change what is read, or any
    failure reading a footer (the caller then checks the data itself).
    """
    pq = _parquet()
    if pq is None or not set(scan_kwargs) <= _LOCAL_OPTIONS:
        return None
    try:
        files = _expand(source, scan_kwargs)
        if files is None:
            return None
        columns: dict[str, _ColumnFacts] = {}
        hive: set[str] = set()
        for i, file in enumerate(files):
            hive.update(_hive_keys(file))
            present = _file_facts(pq, file)
            if i == 0:
                columns = present
                continue
            for name in list(columns):
                if name not in present:
                    del columns[name]  # missing in a file: nulls may be inserted
                else:
                    _merge(columns[name], present[name])
    except Exception:  # an unreadable footer proves nothing
        return None
    extra = scan_kwargs.get("include_file_paths")
    for name in hive | ({extra} if extra else set()):
        columns.pop(name, None)  # values not from the footers' columns
    return FooterFacts(files, columns)


def _expand(source: Any, scan_kwargs: dict[str, Any]) -> list[str] | None:
    """The files Polars reads for ``source`` (its own path expansion)."""
    if isinstance(source, (str, Path)):
        sources: list[str | Path] = [source]
    elif isinstance(source, Sequence) and all(
        isinstance(s, (str, Path)) for s in source
    ):
        sources = list(source)
    else:
        return None
    if any("://" in str(s) for s in sources):
        return None
    if all(_literal_file(s) for s in sources):
        return [str(s) for s in sources]  # no expansion: Polars reads these files
    try:
        from polars.io._expand_paths import _expand_paths
    except ImportError:  # pragma: no cover  (a Polars without it: no facts)
        return None
    paths = _expand_paths(
        [str(s) for s in sources],
        glob=scan_kwargs.get("glob", True),
        hidden_file_prefix=scan_kwargs.get("hidden_file_prefix"),
    ).collect()
    files = [str(p) for p in paths.to_series().to_list()]
    if not all(Path(f).is_file() for f in files):
        return None
    return files


def file_schemas(
    source: Any, scan_kwargs: dict[str, Any]
) -> list[tuple[str, pl.Schema]] | None:
    """Each local Parquet file of ``source`` (as Polars expands it) with its own
    schema, read from the footers (cached by file version).

    ``None`` when the files are not known cheaply (remote or non-path sources,
    an unreadable footer): the engine then reads them as it does.

    Example:
        >>> import os, tempfile
        >>> folder = tempfile.mkdtemp()
        >>> pl.DataFrame({"a": [1]}).write_parquet(os.path.join(folder, "1.parquet"))
        >>> pl.DataFrame({"b": ["x"]}).write_parquet(os.path.join(folder, "2.parquet"))
        >>> [list(s) for _, s in file_schemas(folder, {})]
        [['a'], ['b']]
    """
    try:
        files = _expand(source, scan_kwargs)
        if files is None:
            return None
        return [(file, _file_schema(file)) for file in files]
    except Exception:  # an unreadable footer: the engine reports it when reading
        return None


#: Parquet schemas by (path, inode, size, mtime) (a rewritten file has a new key).
_SCHEMA_CACHE: dict[tuple[str, int, int, int], pl.Schema] = {}


def _file_schema(file: str) -> pl.Schema:
    stat = Path(file).stat()
    key = (file, stat.st_ino, stat.st_size, stat.st_mtime_ns)
    cached = _SCHEMA_CACHE.get(key)
    if cached is None:
        cached = pl.Schema(pl.read_parquet_schema(file))
        if len(_SCHEMA_CACHE) >= _FACTS_CACHE_SIZE:
            _SCHEMA_CACHE.pop(next(iter(_SCHEMA_CACHE)))
        _SCHEMA_CACHE[key] = cached
    return cached


def _literal_file(source: str | Path) -> bool:
    """An existing regular file whose path has no glob characters."""
    text = str(source)
    return not any(c in text for c in "*?[") and Path(text).is_file()


def _hive_keys(file: str) -> set[str]:
    """Names of ``key=value`` directories in ``file``'s path (hive columns)."""
    return {part.split("=", 1)[0] for part in Path(file).parts[:-1] if "=" in part}


#: Footer facts by (path, inode, size, mtime): a service scanning the same files
#: again reads their footers once (a rewritten file has a new key).
_FACTS_CACHE: dict[tuple[str, int, int, int], dict[str, _ColumnFacts]] = {}
_FACTS_CACHE_SIZE = 1024


def _file_facts(pq: Any, file: str) -> dict[str, _ColumnFacts]:
    """The facts of one file's top-level, non-nested columns (cached by stat)."""
    stat = Path(file).stat()
    key = (file, stat.st_ino, stat.st_size, stat.st_mtime_ns)
    cached = _FACTS_CACHE.get(key)
    if cached is None:
        cached = _read_file_facts(pq, file)
        if len(_FACTS_CACHE) >= _FACTS_CACHE_SIZE:
            _FACTS_CACHE.pop(next(iter(_FACTS_CACHE)))
        _FACTS_CACHE[key] = cached
    # copies: merging the facts of several files updates them in place
    return {
        name: _ColumnFacts(set(f.dtypes), f.null_free, f.low, f.high, f.has_range)
        for name, f in cached.items()
    }


def _read_file_facts(pq: Any, file: str) -> dict[str, _ColumnFacts]:
    """Read one file's footer: facts of its top-level, non-nested columns."""
    schema = pl.read_parquet_schema(file)
    meta = pq.read_metadata(file)
    leaves: dict[str, int] = {}
    for i in range(meta.num_columns):
        leaf = meta.schema.column(i)
        if leaf.max_repetition_level == 0 and "." not in leaf.path:
            leaves[leaf.path] = i
    found: dict[str, _ColumnFacts] = {}
    for name, dtype in schema.items():
        facts = found[name] = _ColumnFacts(dtypes={dtype})
        index = leaves.get(name)
        if index is None or dtype.is_nested():
            facts.null_free = facts.has_range = False
            continue
        for g in range(meta.num_row_groups):
            group = meta.row_group(g)
            if group.num_rows == 0:
                continue
            chunk = group.column(index)
            stats = chunk.statistics if chunk.is_stats_set else None
            if stats is None or not stats.has_null_count or stats.null_count != 0:
                facts.null_free = facts.has_range = False
                break
            if not stats.has_min_max or not facts.has_range:
                facts.has_range = False
                continue
            _widen(facts, stats.min, stats.max)
    return found


def _widen(facts: _ColumnFacts, low: Any, high: Any) -> None:
    if not _exact_number(low) or not _exact_number(high):
        facts.has_range = False
        return
    facts.low = low if facts.low is None else min(facts.low, low)
    facts.high = high if facts.high is None else max(facts.high, high)


def _exact_number(value: Any) -> bool:
    """An int, or a finite float (no NaN: writers leave NaN out of min/max)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


def _merge(into: _ColumnFacts, other: _ColumnFacts) -> None:
    into.dtypes |= other.dtypes
    into.null_free = into.null_free and other.null_free
    if not other.has_range:
        into.has_range = False
    elif into.has_range and other.low is not None:
        _widen(into, other.low, other.high)


def within_bounds(column: Column, value_range: tuple[Any, Any] | None) -> bool:
    """Whether every value in ``value_range`` satisfies ``column``'s constraints.

    Proven only for ``int`` columns whose constraints are numeric ``ge``/``gt``/
    ``le``/``lt`` bounds (float columns may hold NaN, which statistics omit).
    """
    cons = column.constraints
    if not cons.any_bounds():
        return True
    if value_range is None or not isinstance(column.dtype, dt.Int64):
        return False
    if any(
        v is not None
        for v in (
            cons.multiple_of,
            cons.min_length,
            cons.max_length,
            cons.pattern,
        )
    ):
        return False
    low, high = value_range
    bounds = (cons.ge, cons.gt, cons.le, cons.lt)
    if not all(b is None or _exact_number(b) for b in bounds):
        return False
    return (
        (cons.ge is None or low >= cons.ge)
        and (cons.gt is None or low > cons.gt)
        and (cons.le is None or high <= cons.le)
        and (cons.lt is None or high < cons.lt)
    )


def null_free(facts: FooterFacts | None, name: str) -> bool:
    """Whether ``facts`` (if any) prove column ``name`` null-free."""
    return facts is not None and facts.null_free(name)


#: Integer and float dtypes whose every value an Int64 / Float64 holds exactly.
_EXACT_IN = {
    pl.Int64: (pl.Int8, pl.Int16, pl.Int32, pl.UInt8, pl.UInt16, pl.UInt32),
    pl.Float64: (
        pl.Float32,
        pl.Int8,
        pl.Int16,
        pl.Int32,
        pl.UInt8,
        pl.UInt16,
        pl.UInt32,
    ),
}


def widening(have: pl.DataType, want: pl.DataType) -> bool:
    """Whether casting ``have`` to ``want`` never loses a value (no check needed)."""
    return any(want == w and have in ins for w, ins in _EXACT_IN.items())


def cells_to_check(
    schema: FrameSchema,
    file_schema: pl.Schema,
    validators: CellValidators,
    facts: FooterFacts | None,
) -> list[str]:
    """Columns whose cells full validation must see (``trusted_mode="off"``).

    The others are stored as read: the file dtype is the storage dtype, the
    annotation adds no value-level rule (or the footers prove the values within
    its bounds) and nulls are allowed or proven absent, so ``validate_full``
    would return them unchanged, without errors.
    """
    needed = []
    for name, column in schema.items():
        plain = type(column.dtype) in _PLAIN and not _is_opaque(
            column, validators[name]
        )
        if name not in file_schema:  # filled with a typed literal default
            ok = plain and not column.constraints.any_bounds()
            ok = ok and (column.nullable or column.default_value() is not None)
        else:
            ok = plain and file_schema[name] == to_polars_dtype(column.dtype)
            ok = ok and (column.nullable or null_free(facts, name))
            if ok and column.constraints.any_bounds():
                ranged = facts.value_range(name) if facts is not None else None
                ok = within_bounds(column, ranged)
        if not ok:
            needed.append(name)
    return needed


@functools.cache
def _parquet() -> Any:
    try:
        return importlib.import_module("pyarrow.parquet")
    except ImportError:  # pragma: no cover  (pyarrow is an optional dependency)
        return None
