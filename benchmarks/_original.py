"""The original pydantable 1.19's figures, measured independently (not in this run).

They are printed beside this run's figures for the same workloads, always with
:data:`~benchmarks._timing.ORIGINAL_LABEL`, and never enter a ratio or a check.
"""

from __future__ import annotations

from benchmarks._timing import ORIGINAL_LABEL

__all__ = ["ORIGINAL", "ORIGINAL_LABEL"]

#: workload → the original 1.19's figure (display text)
ORIGINAL: dict[str, str] = {
    # POST 10k rows columnar JSON, seed spelling (columnar_dependency, def,
    # filter, to_dict()), plain FastAPI() app
    "post_seed_plain": "26 req/s",
    # the same with columnar_dependency(Events, trusted_mode="shape_only")
    "post_shape_only": "44 req/s",
    # GET response_model=list[Row], async def, return await df.acollect(), 100k rows
    "rows_acollect_100k": "1.35 s",
    # GET 1M-row NDJSON: read_parquet → astream → ndjson_streaming_response
    "ndjson_1m": "2.02 s",
    # collect() of 1M rows
    "collect_1m": "8.58 s",
    # columnar ingest, trusted_mode="strict", 1M rows, ratio to raw Polars
    "ingest_strict_ratio": "2.02×",
    # read_parquet → filter → with_columns → group_by/agg → join → sort → to_dict()
    "pipeline_ratio": "2.47×",
}
