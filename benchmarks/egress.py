"""Egress benchmarks on the ``Events`` table: materializing an ingested frame.

For each size the data is ingested once (``Events(data)`` for pydantable,
``pl.DataFrame(data, schema=EVENTS_POLARS)`` for raw Polars); the timed work is
the materialization (and, for ``to_dict()``, a filter + ``with_columns`` plan on
the frame, so a small frame does not just copy its validated lists). Plain
Pydantic holds the same table the way a Pydantic-only service would: row
models (``TypeAdapter(list[EventRow]).validate_python(rows)``) and a columns
model; those are built after the pydantable and Polars measurements and freed
afterwards.

``collect()`` returns row models **without re-validating** (the frame is valid).
Its baselines are reported separately, each labelled with what it builds:
``pl_df.to_dicts()`` (dicts: no models, no validation),
``EventRow.model_construct(**row)`` per Polars row dict (models, no validation:
the like-for-like) and ``TypeAdapter(list[EventRow]).validate_python(rows)``
(models, validated).

Every output is checked equal to the baselines' before timing, at every size;
a difference fails the run.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import polars as pl

from benchmarks._data import (
    EVENT_COLUMNS,
    EVENTS_POLARS,
    EVENTS_ROWS,
    TS_FORMAT,
    EventColumns,
    EventRow,
    Events,
    make_events,
    to_rows,
)
from benchmarks._original import ORIGINAL
from benchmarks._timing import Bench, Measured, Result

__all__ = [
    "COLLECT_TARGET",
    "JSON_TARGET",
    "PYDANTIC_TARGET",
    "TO_DICT_TARGET",
    "egress",
    "run",
    "sizes",
]

COLLECT_TARGET = 1.5  # ours / raw Polars
TO_DICT_TARGET = 1.1
JSON_TARGET = 1.2
PYDANTIC_TARGET = 2.0  # ours / plain Pydantic, at 100 rows
PYDANTIC_TARGET_ROWS = 100

OURS_TO_DICT = (
    "kept = frame.filter(frame.score > 50); "
    "kept.with_columns(value=kept.score * kept.qty).to_dict()"
)
POLARS_TO_DICT = (
    'pl_df.filter(pl.col("score") > 50)'
    '.with_columns(value=pl.col("score") * pl.col("qty")).to_dict(as_series=False)'
)
PYDANTIC_TO_DICT = (
    "keep = [i for i, s in enumerate(columns.score) if s is not None and s > 50]; "
    "{name: [getattr(columns, name)[i] for i in keep] ...} + value column"
)


def sizes(*, quick: bool) -> tuple[list[int], list[int]]:
    """Row counts for ``(collect/to_dict/to_dicts/to_arrow, JSON records)``."""
    if quick:
        return [100, 10_000], [100, 10_000]
    return [100, 1_000, 1_000_000], [100, 1_000, 100_000]


def _pydantic_target(n: int) -> float | None:
    return PYDANTIC_TARGET if n == PYDANTIC_TARGET_ROWS else None


def ours_to_dict(frame: Any) -> dict[str, list[Any]]:
    kept = frame.filter(frame.score > 50)
    return kept.with_columns(value=kept.score * kept.qty).to_dict()  # type: ignore[no-any-return]


def polars_to_dict(pl_df: pl.DataFrame) -> dict[str, list[Any]]:
    return (
        pl_df.filter(pl.col("score") > 50)
        .with_columns(value=pl.col("score") * pl.col("qty"))
        .to_dict(as_series=False)
    )


def pydantic_to_dict(columns: EventColumns) -> dict[str, list[Any]]:
    scores = columns.score
    keep = [i for i, s in enumerate(scores) if s is not None and s > 50]
    out = {name: [getattr(columns, name)[i] for i in keep] for name in EVENT_COLUMNS}
    out["value"] = [s * q for s, q in zip(out["score"], out["qty"], strict=True)]
    return out


def polars_json(pl_df: pl.DataFrame) -> bytes:
    # Polars writes datetimes as "2024-01-01 00:00:00"; the answer is ISO 8601
    return (
        pl_df.with_columns(pl.col("ts").dt.to_string(TS_FORMAT)).write_json().encode()
    )


def construct_models(pl_df: pl.DataFrame) -> list[EventRow]:
    construct = EventRow.model_construct
    return [construct(**row) for row in pl_df.to_dicts()]


def _check_outputs(
    bench: Bench,
    n: int,
    frame: Any,
    pl_df: pl.DataFrame,
    data: dict[str, list[Any]],
    to_json: Callable[[], Any] | None,
) -> None:
    """Fail the run when pydantable and a baseline produce different outputs."""
    expected = pl_df.to_dicts()
    collected = frame.collect()
    bench.check(
        all(isinstance(m, Events.RowModel) for m in collected),
        f"egress collect(), {n:,} rows: not Events.RowModel instances",
    )
    models = [m.model_dump() for m in collected]
    del collected
    checks: dict[str, Callable[[], bool]] = {
        "to_polars()": lambda: frame.to_polars().equals(pl_df),
        "to_dicts()": lambda: frame.to_dicts() == expected,
        "collect() vs to_dicts()": lambda: models == expected,
        "collect() vs TypeAdapter(list[EventRow])": lambda: (
            EVENTS_ROWS.dump_python(EVENTS_ROWS.validate_python(expected)) == models
        ),
        "collect() vs model_construct": lambda: (
            [m.model_dump() for m in construct_models(pl_df)] == models
        ),
        "to_dict() after filter + with_columns": lambda: (
            ours_to_dict(frame)
            == polars_to_dict(pl_df)
            == pydantic_to_dict(EventColumns.model_validate(data))
        ),
        "to_arrow()": lambda: frame.to_arrow().equals(pl_df.to_arrow()),
    }
    if to_json is not None:
        checks["to_json()"] = lambda: (
            json.loads(to_json()) == json.loads(polars_json(pl_df))
        )
    for what, same in checks.items():
        try:
            ok = same()
        except Exception as exc:
            bench.fail(f"egress {what}, {n:,} rows: {type(exc).__name__}: {exc}")
            continue
        bench.check(ok, f"egress {what}, {n:,} rows: pydantable and baseline differ")


def _pydantic_side(
    bench: Bench,
    n: int,
    data: dict[str, list[Any]],
    *,
    tables: bool,
    records_json: bool,
) -> dict[str, Measured]:
    """Plain Pydantic baselines: the table held as row models (and a columns model).

    The models are built here and freed on return, so they are alive only while
    the Pydantic baselines run.
    """
    rows = to_rows(data)
    models = EVENTS_ROWS.validate_python(rows)
    timed: dict[str, Measured] = {}
    if tables:
        columns = EventColumns.model_validate(data)
        timed["collect_pyd"] = bench.time(
            "collect()",
            n,
            "TypeAdapter(list[EventRow]).validate_python(rows)",
            lambda: EVENTS_ROWS.validate_python(rows),
        )
        timed["to_dict_pyd"] = bench.time(
            "filter + with_columns → to_dict()",
            n,
            PYDANTIC_TO_DICT,
            lambda: pydantic_to_dict(columns),
        )
        timed["to_dicts_pyd"] = bench.time(
            "to_dicts()",
            n,
            "TypeAdapter(list[EventRow]).dump_python(models)",
            lambda: EVENTS_ROWS.dump_python(models),
        )
    if records_json:
        timed["json_pyd"] = bench.time(
            "JSON records",
            n,
            "TypeAdapter(list[EventRow]).dump_json(models)",
            lambda: EVENTS_ROWS.dump_json(models),
        )
    return timed


def egress(bench: Bench, n: int, *, tables: bool, records_json: bool) -> list[Result]:
    """Materialization benchmarks on ``n`` rows.

    Args:
        bench: the timer.
        n: row count.
        tables: time ``collect()``, ``to_dict()``, ``to_dicts()``, ``to_arrow()``.
        records_json: time JSON records.
    """
    data = make_events(n)
    frame = Events(data)
    pl_df = pl.DataFrame(data, schema=EVENTS_POLARS, strict=True)
    to_json: Callable[[], Any] | None = getattr(frame, "to_json", None)
    _check_outputs(bench, n, frame, pl_df, data, to_json)

    # pydantable and raw Polars first, with no large Python object graph alive.
    timed: dict[str, Measured] = {}
    if tables:
        timed["collect"], timed["to_dicts_pl"], timed["construct_pl"] = bench.time_many(
            "collect()",
            n,
            [
                ("frame.collect()", frame.collect),
                ("pl_df.to_dicts()", pl_df.to_dicts),
                (
                    "[EventRow.model_construct(**r) for r in pl_df.to_dicts()]",
                    lambda: construct_models(pl_df),
                ),
            ],
        )
        timed["to_dicts"], timed["to_dicts_pl2"] = bench.time_many(
            "to_dicts()",
            n,
            [
                ("frame.to_dicts()", frame.to_dicts),
                ("pl_df.to_dicts()", pl_df.to_dicts),
            ],
        )
        timed["to_dict"], timed["to_dict_pl"] = bench.time_many(
            "filter + with_columns → to_dict()",
            n,
            [
                (OURS_TO_DICT, lambda: ours_to_dict(frame)),
                (POLARS_TO_DICT, lambda: polars_to_dict(pl_df)),
            ],
        )
        timed["to_arrow"], timed["to_arrow_pl"] = bench.time_many(
            "to_arrow()",
            n,
            [
                ("frame.to_arrow()", frame.to_arrow),
                ("pl_df.to_arrow()", pl_df.to_arrow),
            ],
        )
    if records_json:
        timed["json"], timed["json_pl"] = bench.time_many(
            "JSON records",
            n,
            [
                ("frame.to_json()", to_json),
                (
                    'pl_df.with_columns(pl.col("ts").dt.to_string(ISO))'
                    ".write_json().encode()",
                    lambda: polars_json(pl_df),
                ),
            ],
        )

    timed.update(
        _pydantic_side(bench, n, data, tables=tables, records_json=records_json)
    )

    pyd = _pydantic_target(n)
    original = ORIGINAL["collect_1m"] if n == 1_000_000 else None
    results: list[Result] = []
    if tables:
        results += [
            Result(
                "egress",
                "collect() → row models (Polars: to_dicts(): dicts, no models)",
                n,
                timed["collect"],
                timed["to_dicts_pl"],
                polars_target=COLLECT_TARGET,
                original=original,
            ),
            Result(
                "egress",
                "collect() → row models (Polars: to_dicts() + model_construct: models, not validated)",
                n,
                timed["collect"],
                timed["construct_pl"],
            ),
            Result(
                "egress",
                "collect() → row models (Pydantic: validate_python(rows): models, validated)",
                n,
                timed["collect"],
                None,
                timed["collect_pyd"],
                pydantic_target=pyd,
            ),
            Result(
                "egress",
                "filter + with_columns → to_dict()",
                n,
                timed["to_dict"],
                timed["to_dict_pl"],
                timed["to_dict_pyd"],
                polars_target=TO_DICT_TARGET,
                pydantic_target=pyd,
            ),
            Result(
                "egress",
                "to_dicts() (untransformed frame)",
                n,
                timed["to_dicts"],
                timed["to_dicts_pl2"],
                timed["to_dicts_pyd"],
                pydantic_target=pyd,
            ),
            Result("egress", "to_arrow()", n, timed["to_arrow"], timed["to_arrow_pl"]),
        ]
    if records_json:
        results.append(
            Result(
                "egress",
                "JSON records (bytes)",
                n,
                timed["json"],
                timed["json_pl"],
                timed["json_pyd"],
                polars_target=JSON_TARGET,
                pydantic_target=pyd,
            )
        )
    return results


def run(bench: Bench) -> list[Result]:
    """All egress benchmarks, smallest sizes first."""
    table_sizes, json_sizes = sizes(quick=bench.config.quick)
    results: list[Result] = []
    for n in sorted(set(table_sizes) | set(json_sizes)):
        results.extend(
            egress(bench, n, tables=n in table_sizes, records_json=n in json_sizes)
        )
    return results
