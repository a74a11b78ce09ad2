"""Command line: ``python -m benchmarks [GROUP ...] [--quick] [--json PATH]``.

Progress goes to stderr; the Markdown report (one table for small payloads,
one per group for large ones, then the sections of the HTTP, pipeline and
file-scan groups) goes to stdout. Every group checks that pydantable and its
baselines give the same answers before timing; any failed check (or a route
that does not answer) is listed at the end and makes the exit status 1.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks import (
    egress,
    http_post,
    http_rows,
    http_stream,
    ingest,
    io,
    pipeline,
    sql,
    streaming,
)
from benchmarks._timing import (
    ORIGINAL_LABEL,
    Bench,
    Config,
    Result,
    markdown_table,
    result_to_json,
)

__all__ = ["DEFAULT_GROUPS", "GROUPS", "main"]

GROUPS: dict[str, Callable[[Bench], list[Any]]] = {
    "ingest": ingest.run,
    "egress": egress.run,
    "pipeline": pipeline.run,
    "io": io.bench_group,
    "http_post": http_post.run,
    "http_rows": http_rows.run,
    "http_stream": http_stream.run,
    "streaming": streaming.bench_group,
    "sql": sql.bench_group,
}
#: What runs without arguments. ``streaming`` (a 10M-row file) and ``sql`` (a
#: PostgreSQL server) run when named, and at small sizes in ``--quick``.
DEFAULT_GROUPS = (
    "ingest",
    "egress",
    "pipeline",
    "io",
    "http_post",
    "http_rows",
    "http_stream",
)
SMALL_MAX_ROWS = 1_000
_PACKAGES = ("pydantable", "polars", "pydantic", "pydantic-core", "pyarrow")


def _environment(config: Config) -> dict[str, Any]:
    versions = {}
    for name in _PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "versions": versions,
        "mode": "quick" if config.quick else "full",
        "timing": {
            "min_runs": config.min_runs,
            "max_runs": config.max_runs,
            "budget_s": config.budget,
            "batch_s": config.batch,
        },
    }


def _report(
    results: Sequence[Result], groups: Sequence[str], env: dict[str, Any], bench: Bench
) -> str:
    versions = ", ".join(f"{k} {v}" for k, v in env["versions"].items() if v)
    lines = [
        "## pydantable benchmarks",
        "",
        f"Python {env['python']} on {env['platform']} ({env['cpus']} CPUs); {versions}. "
        f"Mode: {env['mode']}. Times are per-call medians; ratios are ours / baseline "
        "(lower is better) unless a table says otherwise; PASS/MISS is informational. "
        f"Figures in the column '{ORIGINAL_LABEL}' are the original pydantable 1.19's, "
        "measured independently, not in this run; they enter no ratio.",
    ]
    small = [r for r in results if r.rows <= SMALL_MAX_ROWS]
    if small:
        lines += [
            "",
            "### Small payloads (the common API case)",
            "",
            markdown_table(small),
        ]
    for group in groups:
        large = [r for r in results if r.group == group and r.rows > SMALL_MAX_ROWS]
        if large:
            lines += [
                "",
                f"### {group.capitalize()} (large)",
                "",
                markdown_table(large),
            ]
    for group in groups:
        for section in bench.sections:
            if section.group == group:
                lines += ["", f"### {section.title}", "", section.markdown]
    lines += ["", "### Equivalence checks", ""]
    if bench.failures:
        lines.append(
            f"**{len(bench.failures)} of {bench.checks} checks FAILED** "
            "(the run exits with status 1):"
        )
        lines.append("")
        lines += [f"- FAILED: {failure}" for failure in bench.failures]
    else:
        lines.append(f"All {bench.checks} checks passed.")
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="pydantable vs raw Polars vs plain Pydantic (see benchmarks/README.md).",
    )
    parser.add_argument(
        "groups",
        nargs="*",
        metavar="GROUP",
        help=f"benchmark groups to run: {', '.join(GROUPS)} "
        f"(default: {', '.join(DEFAULT_GROUPS)}; with --quick: all)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="every benchmark at small sizes with few runs, every equivalence check "
        "(smoke test, < 60 s)",
    )
    parser.add_argument(
        "--json", type=Path, metavar="PATH", help="also write results as JSON"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the selected benchmark groups and print the Markdown report."""
    parser = _parser()
    args = parser.parse_args(argv)
    unknown = [g for g in args.groups if g not in GROUPS]
    if unknown:
        parser.error(f"unknown group(s) {unknown}; choose from {list(GROUPS)}")
    groups = list(dict.fromkeys(args.groups)) or list(
        GROUPS if args.quick else DEFAULT_GROUPS
    )
    config = Config.for_mode(quick=args.quick)
    bench = Bench(config)
    env = _environment(config)
    started = time.perf_counter()
    results: list[Result] = []
    for group in groups:
        bench.log(f"[{group}]")
        group_started = time.perf_counter()
        try:
            results.extend(r for r in GROUPS[group](bench) if isinstance(r, Result))
        except Exception as exc:  # a broken group fails the run, the others go on
            bench.log(traceback.format_exc())
            bench.fail(f"group {group} crashed: {type(exc).__name__}: {exc}")
        bench.log(f"[{group}] {time.perf_counter() - group_started:.1f} s")
    elapsed = time.perf_counter() - started
    bench.log(f"done in {elapsed:.1f} s")
    print(_report(results, groups, env, bench))
    if args.json is not None:
        payload = {
            "environment": env,
            "wall_time_s": elapsed,
            "results": [result_to_json(r) for r in results],
            "sections": [
                {"group": s.group, "title": s.title, "data": s.data}
                for s in bench.sections
            ],
            "failures": bench.failures,
        }
        args.json.write_text(
            json.dumps(payload, indent=2, default=str) + "\n", encoding="utf-8"
        )
        bench.log(f"wrote {args.json}")
    if bench.failures:
        bench.log(f"{len(bench.failures)} equivalence check(s) FAILED:")
        for failure in bench.failures:
            bench.log(f"  - {failure}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
