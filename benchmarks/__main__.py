"""Command line: ``python -m benchmarks [ingest] [egress] [--quick] [--json PATH]``.

Progress goes to stderr; the Markdown report (one table for small payloads,
one per group for large ones) goes to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks import egress, ingest
from benchmarks._timing import Bench, Config, Result, markdown_table, result_to_json

__all__ = ["GROUPS", "main"]

GROUPS: dict[str, Callable[[Bench], list[Result]]] = {
    "ingest": ingest.run,
    "egress": egress.run,
}
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
    results: Sequence[Result], groups: Sequence[str], env: dict[str, Any]
) -> str:
    versions = ", ".join(f"{k} {v}" for k, v in env["versions"].items() if v)
    lines = [
        "## pydantable benchmarks",
        "",
        f"Python {env['python']} on {env['platform']} ({env['cpus']} CPUs); {versions}. "
        f"Mode: {env['mode']}. Times are per-call medians; ratios are ours / baseline "
        "(lower is better); PASS/MISS is informational.",
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
        help=f"benchmark groups to run: {', '.join(GROUPS)} (default: all)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small sizes and few runs (smoke test, < 60 s)",
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
    groups = list(dict.fromkeys(args.groups)) or list(GROUPS)
    config = Config.for_mode(quick=args.quick)
    bench = Bench(config)
    env = _environment(config)
    started = time.perf_counter()
    results: list[Result] = []
    for group in groups:
        bench.log(f"[{group}]")
        results.extend(GROUPS[group](bench))
    elapsed = time.perf_counter() - started
    bench.log(f"done in {elapsed:.1f} s")
    print(_report(results, groups, env))
    if args.json is not None:
        payload = {
            "environment": env,
            "wall_time_s": elapsed,
            "results": [result_to_json(r) for r in results],
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        bench.log(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
