"""Run an ASGI app under real uvicorn on 127.0.0.1 (free port, always stopped)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from pydantable.testing.server import pythonpath_env, serve, uvicorn_command

ROOT = Path(__file__).resolve().parents[3]


@contextlib.contextmanager
def uvicorn_server(app: str, *, timeout: float = 20.0) -> Iterator[str]:
    """Start ``uvicorn <app>`` in a subprocess; yield its base URL; stop it."""
    env = pythonpath_env(ROOT, ROOT / "src")
    with serve(uvicorn_command(app), timeout=timeout, cwd=ROOT, env=env) as served:
        yield served.base
