"""Ingest benchmarks: columnar (dict of lists) and row (list of dicts) input.

Each size builds its data once; pydantable, raw Polars and plain Pydantic then
run on that same data. Pydantic baselines that need row dicts are timed last,
after the other measurements, so the extra Python objects do not slow the
garbage collector during the other measurements.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from benchmarks._data import make_columns, schemas, to_rows
from benchmarks._timing import Bench, Result

__all__ = [
    "COLUMNAR_TARGET",
    "PYDANTIC_TARGET",
    "ROW_TARGET",
    "columnar",
    "row_wise",
    "run",
    "sizes",
]

COLUMNAR_TARGET = 1.3  # ours / raw Polars
ROW_TARGET = 1.5
PYDANTIC_TARGET = 2.0  # ours / plain Pydantic, at 100 rows
PYDANTIC_TARGET_ROWS = 100
ROWS_BASELINE_MAX = 100_000  # TypeAdapter(list[Row]) on row dicts up to this size


def sizes(*, quick: bool) -> tuple[list[int], list[int]]:
    """Row counts for ``(columnar ingest, row ingest)``."""
    if quick:
        return [100, 1_000, 10_000], [100, 1_000, 10_000]
    return [100, 1_000, 100_000, 1_000_000], [100, 1_000, 100_000]


def _pydantic_target(n: int) -> float | None:
    return PYDANTIC_TARGET if n == PYDANTIC_TARGET_ROWS else None


def _check_same(
    bench: Bench, what: str, ours: pl.DataFrame, theirs: pl.DataFrame
) -> None:
    if ours.schema != theirs.schema or not ours.equals(theirs):
        bench.log(
            f"  WARNING: {what}: pydantable and raw Polars built different frames"
        )


def columnar(bench: Bench, n: int) -> list[Result]:
    """Dict of Python lists → validated frame → first ``to_polars()``."""
    s = schemas()
    Users, polars_schema, adapter = s.frame, s.polars, s.rows_adapter
    data: dict[str, list[Any]] = make_columns(n)
    _check_same(
        bench,
        "columnar ingest",
        Users(data).to_polars(),
        pl.DataFrame(data, schema=polars_schema),
    )
    ours, polars, ingest_only, columns = bench.time_many(
        "columnar ingest",
        n,
        [
            ("Users(data).to_polars()", lambda: Users(data).to_polars()),
            (
                "pl.DataFrame(data, schema=polars_schema)",
                lambda: pl.DataFrame(data, schema=polars_schema),
            ),
            ("Users(data)", lambda: Users(data)),
            (
                "UserColumns.model_validate(data)",
                lambda: s.columns.model_validate(data),
            ),
        ],
    )
    results = [
        Result(
            "ingest",
            "columnar ingest + to_polars()",
            n,
            ours,
            polars,
            columns,
            polars_target=COLUMNAR_TARGET,
            pydantic_target=_pydantic_target(n),
        )
    ]
    # Informational: validation without the first materialization (small frames
    # keep validated Python lists and build the Polars frame on first use).
    results.append(
        Result(
            "ingest",
            "columnar ingest only (no to_polars())",
            n,
            ingest_only,
            polars,
            columns,
        )
    )
    if n <= ROWS_BASELINE_MAX:
        rows = to_rows(data)
        per_row = bench.time(
            "columnar ingest",
            n,
            "TypeAdapter(list[UserRow]).validate_python(rows)",
            lambda: adapter.validate_python(rows),
        )
        del rows
        results.append(
            Result(
                "ingest",
                "columnar ingest (Pydantic: list[Row])",
                n,
                ours,
                None,
                per_row,
                pydantic_target=_pydantic_target(n),
            )
        )
    return results


def row_wise(bench: Bench, n: int) -> list[Result]:
    """List of row dicts → validated frame."""
    s = schemas()
    Users, polars_schema, adapter = s.frame, s.polars, s.rows_adapter
    rows = to_rows(make_columns(n))
    _check_same(
        bench,
        "row ingest",
        Users(rows).to_polars(),
        pl.DataFrame(rows, schema=polars_schema),
    )
    name = "row ingest"
    ours, polars, pydantic = bench.time_many(
        name,
        n,
        [
            ("Users(rows)", lambda: Users(rows)),
            (
                "pl.DataFrame(rows, schema=polars_schema)",
                lambda: pl.DataFrame(rows, schema=polars_schema),
            ),
            (
                "TypeAdapter(list[UserRow]).validate_python(rows)",
                lambda: adapter.validate_python(rows),
            ),
        ],
    )
    return [
        Result(
            "ingest",
            name,
            n,
            ours,
            polars,
            pydantic,
            polars_target=ROW_TARGET,
            pydantic_target=_pydantic_target(n),
        )
    ]


def run(bench: Bench) -> list[Result]:
    """All ingest benchmarks, smallest sizes first."""
    columnar_sizes, row_sizes = sizes(quick=bench.config.quick)
    results: list[Result] = []
    for n in columnar_sizes:
        results.extend(columnar(bench, n))
    for n in row_sizes:
        results.extend(row_wise(bench, n))
    return results
