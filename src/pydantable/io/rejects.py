"""The reject report of a lenient ingest: every row ``ignore_errors`` dropped.

A :class:`RejectReport` is the ``on_validation_errors`` callback: pass it to
any ingest that takes ``ignore_errors=True`` (or the ``batch_lenient``
validation profile) — the constructor, ``read_*``/``aread_*``,
``fetch_sqlmodel`` and the FastAPI dependencies. It keeps, per rejected row,
its index in the input, its id columns and the rules it broke (Pydantic
``type``, ``loc``, ``msg``; the offending input is not kept), and gives them
back as dicts, as a Polars frame, or written to a file (atomically).

The id columns are ``id_columns=`` if given, else the model's declared
``__pydantable__ = {"id_columns": [...]}``, else none (the row index alone
identifies a row). A lazy read reports at each materialization; the report
keeps one entry per row index, so materializing twice does not count twice
(use one report per ingest).

Example:
    >>> from pydantable import DataFrameModel, RejectReport
    >>> class User(DataFrameModel):
    ...     __pydantable__ = {"id_columns": ["user_id"]}
    ...     user_id: int
    ...     age: int
    >>> rejects = RejectReport(User)
    >>> users = User(
    ...     {"user_id": [1, 2, 3], "age": [30, "old", 40]},
    ...     ignore_errors=True,
    ...     on_validation_errors=rejects,
    ... )
    >>> len(users), rejects.rejected
    (2, 1)
    >>> rejects.to_dicts()  # doctest: +NORMALIZE_WHITESPACE
    [{'row_index': 1, 'user_id': 2, 'loc': 'age', 'type': 'int_parsing',
      'msg': 'Input should be a valid integer, unable to parse string as an integer'}]
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from pydantable.policies import model_policy

__all__ = ["RejectReport"]

#: The report's own columns (an id column may not take one of these names).
REPORT_COLUMNS = ("row_index", "loc", "type", "msg")


def _loc_text(loc: Sequence[Any]) -> str:
    return ".".join(str(part) for part in loc)


class RejectReport:
    """Collects the rows a lenient ingest drops (an ``on_validation_errors`` callback).

    Args:
        model: the model ingested; its ``__pydantable__["id_columns"]`` are the
            default id columns.
        id_columns: the columns that identify a row in the report (default:
            the model's declared id columns, else none).

    Raises:
        ValueError: an id column named like a report column
            (``row_index``, ``loc``, ``type``, ``msg``), or given twice.
        TypeError: ``id_columns`` not a sequence of strings.

    Example:
        >>> from pydantable import DataFrameModel, RejectReport
        >>> class T(DataFrameModel):
        ...     key: str
        ...     x: int
        >>> report = RejectReport(id_columns=["key"])
        >>> t = T([{"key": "a", "x": 1}, {"key": "b", "x": "?"}],
        ...       validation_profile="batch_lenient", on_validation_errors=report)
        >>> t.to_dict(), report.row_indices, report.counts()
        ({'key': ['a'], 'x': [1]}, [1], {('x', 'int_parsing'): 1})
    """

    def __init__(
        self, model: type | None = None, *, id_columns: Sequence[str] | None = None
    ) -> None:
        if id_columns is None and model is not None:
            id_columns = model_policy(model).get("id_columns")
        names = [] if id_columns is None else id_columns
        if isinstance(names, str) or not all(isinstance(n, str) for n in names):
            msg = f"id_columns must be a sequence of column names; got {names!r}"
            raise TypeError(msg)
        clash = sorted(set(names) & set(REPORT_COLUMNS))
        if clash:
            msg = f"id_columns may not be named {clash}: the report uses those names"
            raise ValueError(msg)
        if len(set(names)) != len(names):
            msg = f"id_columns has duplicates: {list(names)}"
            raise ValueError(msg)
        self.id_columns: list[str] = list(names)
        self._rows: dict[int, tuple[dict[str, Any], list[dict[str, Any]]]] = {}

    def __call__(self, failures: list[dict[str, Any]]) -> None:
        """Record ``failures`` (``[{"row_index", "row", "errors"}]``, as an
        ingest gives them); a row index seen before is replaced."""
        for failure in failures:
            row: Mapping[str, Any] = failure.get("row") or {}
            ids = {name: row.get(name) for name in self.id_columns}
            rules = [
                {
                    "loc": tuple(error.get("loc", ())),
                    "type": str(error.get("type", "")),
                    "msg": str(error.get("msg", "")),
                }
                for error in failure.get("errors", ())
            ]
            self._rows[int(failure["row_index"])] = (ids, rules)

    @property
    def rejected(self) -> int:
        """How many input rows were dropped."""
        return len(self._rows)

    def __len__(self) -> int:
        return self.rejected

    @property
    def row_indices(self) -> list[int]:
        """The input positions of the dropped rows, ascending."""
        return sorted(self._rows)

    def counts(self) -> dict[tuple[str, str], int]:
        """How many rows broke each rule: ``{(loc, type): rows}``, most first."""
        counter: Counter[tuple[str, str]] = Counter()
        for _, rules in self._rows.values():
            counter.update({(_loc_text(r["loc"]), r["type"]) for r in rules})
        return dict(counter.most_common())

    def to_dicts(self) -> list[dict[str, Any]]:
        """One dict per broken rule, by row index: ``row_index``, the id
        columns, ``loc`` (dotted text, e.g. ``"tags.1"``), ``type``, ``msg``.
        A row with no error detail (it cannot happen in an ingest, but a
        callback may be fed by hand) gets one entry with empty rule fields."""
        out: list[dict[str, Any]] = []
        for index in self.row_indices:
            ids, rules = self._rows[index]
            for rule in rules or [{"loc": (), "type": "", "msg": ""}]:
                out.append(
                    {
                        "row_index": index,
                        **ids,
                        "loc": _loc_text(rule["loc"]),
                        "type": rule["type"],
                        "msg": rule["msg"],
                    }
                )
        return out

    def to_polars(self) -> pl.DataFrame:
        """The report as a Polars frame (columns as :meth:`to_dicts`). An id
        column whose values mix types (the input was invalid) holds them as text."""
        entries = self.to_dicts()
        columns: dict[str, pl.Series] = {
            "row_index": pl.Series(
                "row_index", [e["row_index"] for e in entries], dtype=pl.Int64
            )
        }
        for name in self.id_columns:
            values = [e[name] for e in entries]
            try:
                columns[name] = pl.Series(name, values, strict=True)
            except (TypeError, ValueError, pl.exceptions.PolarsError):
                columns[name] = pl.Series(
                    name, [None if v is None else str(v) for v in values], pl.String
                )
        for name in ("loc", "type", "msg"):
            columns[name] = pl.Series(name, [e[name] for e in entries], pl.String)
        return pl.DataFrame(list(columns.values()))

    def write(self, path: str | os.PathLike[str], *, fmt: str | None = None) -> None:
        """Write the report to ``path`` (``csv``, ``parquet``, ``ndjson``,
        ``json`` or ``ipc``; default: from the suffix), atomically.

        Raises:
            ValueError: an unknown format.
        """
        # lazy: the file writers are I/O code
        from pydantable.io.write import write_lazy

        chosen = fmt or os.path.splitext(os.fspath(path))[1].lstrip(".").lower()
        formats = ("csv", "parquet", "ndjson", "json", "ipc")
        if chosen not in formats:
            msg = f"RejectReport.write: format must be one of {list(formats)}; got {chosen!r}"
            raise ValueError(msg)
        write_lazy(
            self.to_polars().lazy(), chosen, Path(path), api="RejectReport.write"
        )

    def __repr__(self) -> str:
        return f"RejectReport(rejected={self.rejected}, id_columns={self.id_columns})"
