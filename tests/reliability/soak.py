"""``make soak``: the long load run on the reference service; figures to stdout.

Defaults: 10 rounds of 2 000 requests (20 000, plus a saturation burst per
round), 16 concurrent, slow readers that take 200 chunks. Bounded (every
request has a timeout, every round a fixed size) and self-stopping. Exits
non-zero on any 5xx, wrong answer, server error log line, unclean stop, or
growth between the first round and the last (RSS over 10 %, threads, fds,
temp files)::

    python -m tests.reliability.soak [--requests 2000] [--rounds 10]
"""

from __future__ import annotations

import argparse
import sys

from tests.reliability.load import Run, figures, load_run


def verdict(run: Run) -> list[str]:
    """What went wrong in ``run`` (empty: nothing)."""
    found: list[str] = []
    five = {s: n for s, n in run.statuses.items() if s >= 500}
    if five:
        found.append(f"5xx answers: {five}")
    found += [f"{o.kind}: {o.problem}" for o in run.problems[:20]]
    found += [f"server log: {line}" for line in run.failure_lines[:20]]
    if not run.clean_exit:
        found.append("the server did not stop cleanly on Ctrl-C")
    first, last = run.probes[1][1], run.probes[-1][1]
    if last.rss_kib > first.rss_kib * 1.10:
        found.append(f"RSS grew {first.rss_kib} -> {last.rss_kib} KiB (> 10 %)")
    if max(p.threads for _, p in run.probes) > run.thread_ceiling:
        found.append(
            f"threads grew past {run.thread_ceiling}: "
            + ", ".join(str(p.threads) for _, p in run.probes)
        )
    if last.fds > first.fds + 2:
        found.append(f"fds grew {first.fds} -> {last.fds}")
    if last.temp_files:
        found.append(f"{last.temp_files} temp files left")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.reliability.soak")
    parser.add_argument("--requests", type=int, default=2_000, help="per round")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--slow-chunks", type=int, default=200)
    args = parser.parse_args(argv)
    if args.rounds < 2 or args.requests < 1:
        parser.error("needs at least 2 rounds of at least 1 request")
    run = load_run(
        requests=args.requests,
        rounds=args.rounds,
        concurrency=args.concurrency,
        slow_chunks=args.slow_chunks,
    )
    print(figures(run))
    problems = verdict(run)
    for line in problems:
        print("FAIL", line)
    print("soak: " + ("FAILED" if problems else "passed"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
