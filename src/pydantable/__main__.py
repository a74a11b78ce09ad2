"""The ``python -m pydantable`` command line.

``python -m pydantable diff OLD NEW`` compares two frame classes given as
``module:Class`` (``module.path:Outer.Inner`` for nested classes) and prints
the :class:`pydantable.SchemaDiff` table; ``--json`` prints ``to_dict()``
instead, ``--direction`` picks the clients (``both``, ``request``,
``response``). Exit status: 0 without breaking changes, 1 with one, 2 for a
usage error (bad arguments, an import path that does not resolve).

Example:
    >>> main(["diff", "pydantable.model:DataFrameModel", "pydantable.model:DataFrameModel"])
    pydantable.model:DataFrameModel -> pydantable.model:DataFrameModel (direction: both): no changes
    0
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Sequence
from typing import Any

__all__ = ["main"]

USAGE_ERROR = 2


class _UsageError(Exception):
    """A bad command line: printed as ``error: ...`` with exit status 2."""


def _load(path: str) -> Any:
    module_name, sep, attr = path.partition(":")
    if not sep or not module_name or not attr:
        msg = f"{path!r} is not an import path of the form module:Class"
        raise _UsageError(msg)
    try:
        target: Any = importlib.import_module(module_name)
    except ImportError as exc:
        msg = f"cannot import module {module_name!r} ({path}): {exc}"
        raise _UsageError(msg) from None
    except Exception as exc:  # user code failed on import
        msg = f"importing {module_name!r} failed: {type(exc).__name__}: {exc}"
        raise _UsageError(msg) from None
    for part in attr.split("."):
        try:
            target = getattr(target, part)
        except AttributeError:
            msg = f"module {module_name!r} has no attribute {attr!r} ({path})"
            raise _UsageError(msg) from None
    if not hasattr(target, "__pydantable_schema__") or not isinstance(target, type):
        msg = f"{path} is not a DataFrameModel subclass or DataFrame[Schema] class"
        raise _UsageError(msg)
    return target


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pydantable", description="pydantable command line tools"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    diff = commands.add_parser(
        "diff",
        help="compare two frame schemas as an API contract (exit 1 when breaking)",
    )
    diff.add_argument("old", help="the old version, module:Class")
    diff.add_argument("new", help="the new version, module:Class")
    diff.add_argument(
        "--direction",
        choices=["both", "request", "response"],
        default="both",
        help="clients that write (request), read (response) or both (default)",
    )
    diff.add_argument("--json", action="store_true", help="print the diff as JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse printed the usage error
        return USAGE_ERROR if exc.code else 0
    try:
        old, new = _load(args.old), _load(args.new)
    except _UsageError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return USAGE_ERROR
    from pydantable.contracts import diff_schemas

    diff = diff_schemas(
        old.__pydantable_schema__,
        new.__pydantable_schema__,
        direction=args.direction,
        old_name=args.old,
        new_name=args.new,
    )
    text = json.dumps(diff.to_dict(), indent=2) if args.json else str(diff)
    sys.stdout.write(text + "\n")
    return 1 if diff.is_breaking else 0


if __name__ == "__main__":  # pragma: no cover - run as `python -m pydantable`
    sys.exit(main())
