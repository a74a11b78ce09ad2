"""``python -m examples.reference_service``: generate the data if missing, then serve.

Options (and environment overrides): ``--data-dir`` (``RS_DATA_DIR``),
``--rows`` (``RS_ROWS``), ``--host``/``--port`` (``RS_HOST``/``RS_PORT``),
``--reset`` to regenerate. Ctrl-C stops the server cleanly.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import uvicorn
from examples.reference_service.app import create_app
from examples.reference_service.data import DEFAULT_ROWS, DEFAULT_SEED, ensure_data

DEFAULT_DATA_DIR = Path(__file__).resolve().parent / ".data"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m examples.reference_service",
        description="The pydantable reference data service.",
    )
    env = os.environ.get
    parser.add_argument(
        "--data-dir", type=Path, default=Path(env("RS_DATA_DIR", str(DEFAULT_DATA_DIR)))
    )
    parser.add_argument(
        "--rows",
        type=int,
        default=int(env("RS_ROWS", str(DEFAULT_ROWS))),
        help=f"orders to generate (default {DEFAULT_ROWS:,})",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--host", default=env("RS_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(env("RS_PORT", "8000")))
    parser.add_argument("--reset", action="store_true", help="regenerate the data")
    parser.add_argument("--log-level", default="info")
    args = parser.parse_args(argv)
    if args.rows < 1:
        parser.error(f"--rows must be at least 1; got {args.rows}")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    ensure_data(args.data_dir, args.rows, seed=args.seed, force=args.reset, log=True)
    app = create_app(args.data_dir)
    print(f"serving {args.data_dir}", flush=True)
    print(
        f"open http://{args.host}:{args.port}/docs (page: http://{args.host}:{args.port}/)",
        flush=True,
    )
    print("press Ctrl-C to stop", flush=True)
    # uvicorn handles SIGINT/SIGTERM: it stops accepting, finishes requests,
    # runs the lifespan's shutdown (executor, SQLite engine) and returns.
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level)
    print("stopped", flush=True)


if __name__ == "__main__":
    main()
