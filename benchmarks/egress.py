"""Egress benchmarks: materializing an ingested frame.

For each size the data is ingested once (``Users(data)`` for pydantable,
``pl.DataFrame(data, schema=...)`` for raw Polars); the timed work is only the
materialization. Plain Pydantic holds the same table as it would in a service:
a list of ``UserRow`` models (and a ``UserColumns`` model for ``to_dict()``);
those are built after pydantable and Polars are timed, and freed afterwards.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import polars as pl

from benchmarks._data import make_columns, schemas, to_rows
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
CHECK_MAX_ROWS = 10_000  # outputs are compared with the baselines up to this size


def sizes(*, quick: bool) -> tuple[list[int], list[int]]:
    """Row counts for ``(collect/to_dict/to_dicts/to_arrow, JSON records)``."""
    if quick:
        return [100, 1_000, 10_000], [100, 1_000, 10_000]
    return [100, 1_000, 1_000_000], [100, 1_000, 100_000]


def _pydantic_target(n: int) -> float | None:
    return PYDANTIC_TARGET if n == PYDANTIC_TARGET_ROWS else None


def _check_outputs(
    bench: Bench, frame: Any, pl_df: pl.DataFrame, to_json: Callable[[], Any] | None
) -> None:
    """Log a warning when pydantable and Polars produce different outputs."""
    expected = pl_df.to_dicts()
    checks: dict[str, bool] = {
        "to_polars()": frame.to_polars().equals(pl_df),
        "to_dict()": frame.to_dict() == pl_df.to_dict(as_series=False),
        "to_dicts()": frame.to_dicts() == expected,
        "collect()": [m.model_dump() for m in frame.collect()] == expected,
        "to_arrow()": frame.to_arrow().equals(pl_df.to_arrow()),
    }
    if to_json is not None:
        checks["to_json()"] = json.loads(to_json()) == json.loads(pl_df.write_json())
    for what, same in checks.items():
        if not same:
            bench.log(f"  WARNING: {what}: pydantable and raw Polars outputs differ")


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
    s = schemas()
    adapter = s.rows_adapter
    rows = to_rows(data)
    models = adapter.validate_python(rows)
    timed: dict[str, Measured] = {}
    if tables:
        columns = s.columns.model_validate(data)
        timed["collect_pyd"] = bench.time(
            "collect()",
            n,
            "TypeAdapter(list[UserRow]).validate_python(rows)",
            lambda: adapter.validate_python(rows),
        )
        timed["to_dict_pyd"] = bench.time(
            "to_dict()", n, "columns_model.model_dump()", columns.model_dump
        )
        timed["to_dicts_pyd"] = bench.time(
            "to_dicts()",
            n,
            "TypeAdapter(list[UserRow]).dump_python(models)",
            lambda: adapter.dump_python(models),
        )
    if records_json:
        timed["json_pyd"] = bench.time(
            "JSON records",
            n,
            "TypeAdapter(list[UserRow]).dump_json(models)",
            lambda: adapter.dump_json(models),
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
    s = schemas()
    Users, adapter = s.frame, s.rows_adapter
    data = make_columns(n)
    frame = Users(data)
    pl_df = pl.DataFrame(data, schema=s.polars)
    # ``to_json(orient="records") -> bytes`` is being added; time it once it exists.
    to_json: Callable[[], Any] | None = getattr(frame, "to_json", None)
    if n <= CHECK_MAX_ROWS:
        _check_outputs(bench, frame, pl_df, to_json)

    # pydantable and raw Polars first, with no large Python object graph alive.
    timed: dict[str, Measured] = {}
    if tables:
        timed["collect"], timed["collect_pl"] = bench.time_many(
            "collect()",
            n,
            [
                ("frame.collect()", frame.collect),
                (
                    "TypeAdapter(list[UserRow]).validate_python(pl_df.to_dicts())",
                    lambda: adapter.validate_python(pl_df.to_dicts()),
                ),
            ],
        )
        timed["to_dicts"], timed["to_dicts_pl"] = bench.time_many(
            "to_dicts()",
            n,
            [
                ("frame.to_dicts()", frame.to_dicts),
                ("pl_df.to_dicts()", pl_df.to_dicts),
            ],
        )
        timed["to_dict"], timed["to_dict_pl"] = bench.time_many(
            "to_dict()",
            n,
            [
                ("frame.to_dict()", frame.to_dict),
                (
                    "pl_df.to_dict(as_series=False)",
                    lambda: pl_df.to_dict(as_series=False),
                ),
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
                ("pl_df.write_json().encode()", lambda: pl_df.write_json().encode()),
            ],
        )

    timed.update(
        _pydantic_side(bench, n, data, tables=tables, records_json=records_json)
    )

    pyd = _pydantic_target(n)
    results: list[Result] = []
    if tables:
        results += [
            Result(
                "egress",
                "collect() → row models",
                n,
                timed["collect"],
                timed["collect_pl"],
                timed["collect_pyd"],
                polars_target=COLLECT_TARGET,
                pydantic_target=pyd,
            ),
            Result(
                "egress",
                "collect() (Polars: bare to_dicts())",
                n,
                timed["collect"],
                timed["to_dicts_pl"],
            ),
            Result(
                "egress",
                "to_dict()",
                n,
                timed["to_dict"],
                timed["to_dict_pl"],
                timed["to_dict_pyd"],
                polars_target=TO_DICT_TARGET,
                pydantic_target=pyd,
            ),
            Result(
                "egress",
                "to_dicts()",
                n,
                timed["to_dicts"],
                timed["to_dicts_pl"],
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
