"""Ingest benchmarks on the ``Events`` table: columnar (dict of lists) and row input.

Each size builds its data once (``make_events``: Python lists, ``ts`` as
``datetime``); pydantable, raw Polars and plain Pydantic then run on that same
data, interleaved. Every baseline does the work of the mode it is compared
with (see ``_data.py``):

* full validation ↔ raw Polars ``polars_events(data)``: a strict typed build,
  ``category`` cast to an Enum (refuses other values), null checks, ``qty`` bounds;
* ``trusted_mode="shape_only"`` / ``"strict"`` (names, lengths, nullability,
  dtypes; no value rules) ↔ the strict typed build plus the null checks;
* a bare ``pl.DataFrame(data, schema=...)`` (no checks at all) is reported
  separately as a floor.

Before timing, every frame is checked equal to raw Polars' (``category`` as
String, as pydantable stores a ``Literal``); a difference fails the run.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from benchmarks._data import (
    EVENTS_POLARS,
    EVENTS_ROWS,
    EventColumns,
    Events,
    make_events,
    polars_check_nulls,
    polars_events,
    polars_validate,
    to_rows,
)
from benchmarks._original import ORIGINAL
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

RAW_VALIDATED = (
    "pl.DataFrame(data, schema=EVENTS_POLARS, strict=True) + Enum cast of category"
    " + null checks + qty.is_between(0, 1000)"
)
RAW_SHAPE = "pl.DataFrame(data, schema=EVENTS_POLARS, strict=True) + null checks"
RAW_BARE = "pl.DataFrame(data, schema=EVENTS_POLARS, strict=True)"


def sizes(*, quick: bool) -> tuple[list[int], list[int]]:
    """Row counts for ``(columnar ingest, row ingest)``."""
    if quick:
        return [100, 10_000], [100, 10_000]
    return [100, 1_000, 100_000, 1_000_000], [100, 1_000, 100_000]


def _pydantic_target(n: int) -> float | None:
    return PYDANTIC_TARGET if n == PYDANTIC_TARGET_ROWS else None


def as_stored(frame: pl.DataFrame) -> pl.DataFrame:
    """A raw Polars events frame as pydantable stores it (``category`` String)."""
    return frame.with_columns(pl.col("category").cast(pl.String))


def check_frame(bench: Bench, what: str, ours: Any, theirs: pl.DataFrame) -> None:
    """Fail the run unless ``ours`` (a frame or Polars frame) equals ``theirs``."""
    got = ours if isinstance(ours, pl.DataFrame) else ours.to_polars()
    expected = as_stored(theirs)
    bench.check(
        got.schema == expected.schema and got.equals(expected),
        f"{what}: pydantable and raw Polars built different frames",
    )


def _shape_checked(data: dict[str, list[Any]]) -> pl.DataFrame:
    frame = pl.DataFrame(data, schema=EVENTS_POLARS, strict=True)
    polars_check_nulls(frame)
    return frame


def columnar(bench: Bench, n: int) -> list[Result]:
    """Dict of Python lists → validated frame → first use (``to_polars()``)."""
    data: dict[str, list[Any]] = make_events(n)
    reference = polars_events(data)
    for mode in (None, "shape_only", "strict"):
        label = f"columnar ingest (trusted_mode={mode!r})"
        try:
            frame = Events(data, trusted_mode=mode) if mode else Events(data)
        except Exception as exc:  # a refused ingest is a failure of the run
            bench.fail(f"{label}, {n:,} rows: {type(exc).__name__}: {exc}")
            return []
        check_frame(bench, f"{label}, {n:,} rows", frame, reference)
    bench.check(
        EventColumns.model_validate(data).model_dump() == data,
        f"columnar ingest, {n:,} rows: the Pydantic baseline changed the values",
    )
    del reference
    (
        full,
        shape_only,
        strict,
        raw_validated,
        raw_shape,
        raw_bare,
        ingest_only,
        pydantic,
    ) = bench.time_many(
        "columnar ingest",
        n,
        [
            ("Events(data).to_polars()", lambda: Events(data).to_polars()),
            (
                'Events(data, trusted_mode="shape_only").to_polars()',
                lambda: Events(data, trusted_mode="shape_only").to_polars(),
            ),
            (
                'Events(data, trusted_mode="strict").to_polars()',
                lambda: Events(data, trusted_mode="strict").to_polars(),
            ),
            (RAW_VALIDATED, lambda: polars_events(data)),
            (RAW_SHAPE, lambda: _shape_checked(data)),
            (
                RAW_BARE,
                lambda: pl.DataFrame(data, schema=EVENTS_POLARS, strict=True),
            ),
            ("Events(data)", lambda: Events(data)),
            (
                "EventColumns.model_validate(data)",
                lambda: EventColumns.model_validate(data),
            ),
        ],
    )
    big = n == 1_000_000
    results = [
        Result(
            "ingest",
            "columnar ingest, full validation → to_polars()",
            n,
            full,
            raw_validated,
            pydantic,
            polars_target=COLUMNAR_TARGET,
            pydantic_target=_pydantic_target(n),
        ),
        Result(
            "ingest",
            'columnar ingest, trusted_mode="shape_only" → to_polars()',
            n,
            shape_only,
            raw_shape,
        ),
        Result(
            "ingest",
            'columnar ingest, trusted_mode="strict" → to_polars()',
            n,
            strict,
            raw_shape,
            original=f"{ORIGINAL['ingest_strict_ratio']} raw Polars" if big else None,
        ),
        Result(
            "ingest",
            'columnar ingest, trusted_mode="strict" → to_polars() (Polars: bare build, no checks)',
            n,
            strict,
            raw_bare,
        ),
        Result(
            "ingest",
            "columnar ingest only, full validation (no to_polars())",
            n,
            ingest_only,
            raw_validated,
            pydantic,
        ),
    ]
    if n <= ROWS_BASELINE_MAX:
        rows = to_rows(data)
        per_row = bench.time(
            "columnar ingest",
            n,
            "TypeAdapter(list[EventRow]).validate_python(rows)",
            lambda: EVENTS_ROWS.validate_python(rows),
        )
        del rows
        results.append(
            Result(
                "ingest",
                "columnar ingest, full validation (Pydantic: list[EventRow] from rows)",
                n,
                full,
                None,
                per_row,
                pydantic_target=_pydantic_target(n),
            )
        )
    return results


def _rows_validated(rows: list[dict[str, Any]]) -> pl.DataFrame:
    return polars_validate(pl.DataFrame(rows, schema=EVENTS_POLARS, strict=True))


def row_wise(bench: Bench, n: int) -> list[Result]:
    """List of row dicts → validated frame."""
    data = make_events(n)
    rows = to_rows(data)
    try:
        check_frame(bench, f"row ingest, {n:,} rows", Events(rows), polars_events(data))
    except Exception as exc:
        bench.fail(f"row ingest, {n:,} rows: {type(exc).__name__}: {exc}")
        return []
    del data
    name = "row ingest, full validation"
    ours, polars, pydantic = bench.time_many(
        name,
        n,
        [
            ("Events(rows).to_polars()", lambda: Events(rows).to_polars()),
            (
                "pl.DataFrame(rows, schema=EVENTS_POLARS, strict=True) + Enum cast"
                " + null checks + qty bounds",
                lambda: _rows_validated(rows),
            ),
            (
                "TypeAdapter(list[EventRow]).validate_python(rows)",
                lambda: EVENTS_ROWS.validate_python(rows),
            ),
        ],
    )
    return [
        Result(
            "ingest",
            name + " → to_polars()",
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
