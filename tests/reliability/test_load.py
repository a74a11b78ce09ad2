"""The reference service under a bounded load (real uvicorn on loopback).

One run: 3 rounds of 250 requests of the mix in ``load.py`` (valid and invalid
ingests, queries, streams, hostile bodies, dropped and slow clients) at 16
concurrent, each round ending with a burst of more heavy requests than the
server has threads. ``make soak`` runs the long version (``soak.py``).
"""

from __future__ import annotations

import pytest

from reliability.load import Run, figures, load_run

pytestmark = pytest.mark.slow

REQUESTS = 250
ROUNDS = 3


@pytest.fixture(scope="module")
def run() -> Run:
    result = load_run(requests=REQUESTS, rounds=ROUNDS, concurrency=16)
    print("\n" + figures(result))
    return result


def test_every_request_was_answered(run: Run) -> None:
    kinds = {o.kind for o in run.outcomes}
    # every operation of the mix ran, plus the saturation burst
    assert {"stream_all", "drop_stream", "slow_reader", "drop_upload"} <= kinds
    assert {"over_limit", "deep_5k", "deep_100k", "garbage", "job_ingest"} <= kinds
    assert len(run.outcomes) >= REQUESTS * ROUNDS
    assert sum(run.statuses.values()) >= REQUESTS * ROUNDS * 0.9


def test_no_5xx_and_every_answer_of_the_documented_shape(run: Run) -> None:
    assert {s for s in run.statuses if s >= 500} == set(), run.statuses
    assert [(o.kind, o.problem) for o in run.problems][:20] == []
    assert run.failure_lines[:20] == []


def test_the_server_stops_cleanly_after_the_load(run: Run) -> None:
    assert run.clean_exit, run.output[-2000:]


def test_no_leaked_memory_threads_fds_or_temp_files(run: Run) -> None:
    start = run.probes[0][1]
    first = run.probes[1][1]
    last = run.probes[-1][1]
    # after 3×N requests the RSS is within 10 % of the RSS after N
    assert last.rss_kib <= first.rss_kib * 1.10, figures(run)
    # AnyIO's worker threads are made on demand (at most 40) and reused
    assert max(p.threads for _, p in run.probes) <= run.thread_ceiling, figures(run)
    # every connection of the run was closed (the SQLite pool, its WAL files
    # and the engine's pipes are opened by the first round and kept)
    assert last.fds <= first.fds + 2, figures(run)
    assert last.fds <= start.fds + 20, figures(run)
    # spooled uploads (over 1 MiB) and dropped uploads left nothing behind
    assert last.temp_files == start.temp_files == 0, figures(run)
