"""Helpers for column-dict batches (``{column: [values]}``) as the ``iter_*`` readers
yield them.

Example:
    >>> from pydantable.io.batches import ensure_rectangular, iter_concat_batches
    >>> ensure_rectangular({"a": [1, 2], "b": ["x", "y"]})
    {'a': [1, 2], 'b': ['x', 'y']}
    >>> iter_concat_batches(iter([{"a": [1]}, {"a": [2, 3]}]))
    {'a': [1, 2, 3]}
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from os import PathLike
from pathlib import Path
from typing import Any, overload

__all__ = ["ensure_rectangular", "iter_chain_batches", "iter_concat_batches"]

#: One batch of columns.
Batch = dict[str, list[Any]]


def ensure_rectangular(
    batch: Mapping[str, Sequence[Any]],
) -> Mapping[str, Sequence[Any]]:
    """Return ``batch`` if all its columns have the same length, else ``ValueError``.

    Example:
        >>> ensure_rectangular({"a": [1], "b": []})
        Traceback (most recent call last):
        ...
        ValueError: batch columns must have the same length; got {'a': 1, 'b': 0}
    """
    if not isinstance(batch, Mapping):
        msg = f"a batch must be a mapping of column name to values; got {type(batch).__name__}"
        raise TypeError(msg)
    lengths = {name: len(values) for name, values in batch.items()}
    if len(set(lengths.values())) > 1:
        msg = f"batch columns must have the same length; got {lengths}"
        raise ValueError(msg)
    return batch


def iter_concat_batches(batches: Iterable[Mapping[str, Sequence[Any]]]) -> Batch:
    """Concatenate batches into one column dict (``{}`` when there is none).

    Every batch must be rectangular and have the first batch's columns (in any
    order); a batch with other columns raises ``ValueError`` instead of
    misaligning rows.

    Example:
        >>> iter_concat_batches([{"a": [1], "b": ["x"]}, {"b": ["y"], "a": [2]}])
        {'a': [1, 2], 'b': ['x', 'y']}
        >>> iter_concat_batches([])
        {}
    """
    out: Batch | None = None
    for number, batch in enumerate(batches):
        ensure_rectangular(batch)
        if out is None:
            out = {name: list(values) for name, values in batch.items()}
            continue
        if set(batch) != set(out):
            msg = (
                f"batch {number} has columns {sorted(batch)}; the first batch has "
                f"{sorted(out)}"
            )
            raise ValueError(msg)
        for name, values in batch.items():
            out[name].extend(values)
    return {} if out is None else out


@overload
def iter_chain_batches(
    paths: Iterable[str | PathLike[str]],
    iter_one: Callable[[Path], Iterable[Batch]],
    /,
) -> Iterator[Batch]: ...
@overload
def iter_chain_batches(*iterables: Iterable[Batch]) -> Iterator[Batch]: ...
def iter_chain_batches(*args: Any) -> Iterator[Batch]:
    """The batches of several sources, one source after the other.

    ``iter_chain_batches(paths, iter_one)`` (the original's form) calls
    ``iter_one(Path(p))`` for each path, lazily; ``iter_chain_batches(it1, it2, ...)``
    chains batch iterators.

    Example:
        >>> import os, tempfile
        >>> from pathlib import Path
        >>> from pydantable.io import export_csv, iter_csv
        >>> folder = Path(tempfile.mkdtemp())
        >>> for name in ("a.csv", "b.csv"):
        ...     export_csv(folder / name, {"x": [name]})
        >>> [b["x"] for b in iter_chain_batches(sorted(folder.iterdir()), iter_csv)]
        [['a.csv'], ['b.csv']]
    """
    if len(args) == 2 and callable(args[1]) and not isinstance(args[0], Mapping):
        paths, iter_one = args
        return _chain_paths(paths, iter_one)
    return itertools.chain.from_iterable(args)


def _chain_paths(
    paths: Iterable[str | PathLike[str]], iter_one: Callable[[Path], Iterable[Batch]]
) -> Iterator[Batch]:
    for path in paths:
        yield from iter_one(Path(path))
