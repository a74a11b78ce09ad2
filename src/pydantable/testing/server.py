"""Run a real server process on loopback for tests and benchmarks.

:func:`serve` starts a command (``{port}`` in its arguments becomes a free
127.0.0.1 port), waits until ``GET <health>`` answers 200, yields a
:class:`Served` handle, and always stops the process at the end (``stop_signal``
first, a kill if it does not exit in time). Its output goes to a temporary
file, never a pipe (a full pipe would block the server), and is available as
``served.output()`` (it is part of the error when the server exits early or
never becomes healthy).

Example:
    >>> import sys, textwrap
    >>> from pydantable.testing.server import serve
    >>> code = textwrap.dedent('''
    ...     import http.server, sys
    ...     class H(http.server.BaseHTTPRequestHandler):
    ...         def do_GET(self):
    ...             self.send_response(200); self.end_headers(); self.wfile.write(b"ok")
    ...         def log_message(self, *args): pass
    ...     http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
    ... ''')
    >>> with serve([sys.executable, "-c", code, "{port}"], health="/") as served:
    ...     served.base.startswith("http://127.0.0.1:")
    True
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

__all__ = ["Served", "free_port", "pythonpath_env", "serve", "uvicorn_command"]


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Served:
    """A running server: its base URL, port and process."""

    base: str
    port: int
    process: subprocess.Popen[bytes]
    _log: IO[bytes]
    #: whether the process had to be killed after ``stop_signal`` (set on exit)
    killed: bool = False
    _final: str | None = None

    def output(self) -> str:
        """Everything the process has written to stdout/stderr (so far, or in
        total once stopped)."""
        if self._final is not None:
            return self._final
        self._log.flush()
        self._log.seek(0)
        return self._log.read().decode(errors="replace")


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2.0) as response:
            return int(response.status) == 200
    except (urllib.error.URLError, OSError):
        return False


@contextlib.contextmanager
def serve(
    command: Sequence[str],
    *,
    health: str = "/health",
    timeout: float = 30.0,
    cwd: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    stop_signal: int = signal.SIGTERM,
    stop_timeout: float = 20.0,
) -> Iterator[Served]:
    """Start ``command`` on a free loopback port; yield it once healthy; stop it.

    Args:
        command: the argv; ``{port}`` in any argument is replaced by the port.
        health: the path polled until it answers 200.
        timeout: seconds to wait for health before failing.
        cwd: working directory of the process.
        env: its environment (default: this process's).
        stop_signal: sent at the end (``signal.SIGINT`` to test Ctrl-C).
        stop_timeout: seconds to wait after the signal before a kill.

    Raises:
        RuntimeError: the process exited early or never became healthy (the
            message includes its output).
    """
    port = free_port()
    argv = [arg.replace("{port}", str(port)) for arg in command]
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in the finally below)
    process = subprocess.Popen(
        argv,
        cwd=cwd,
        env=dict(env) if env is not None else None,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    served = Served(f"http://127.0.0.1:{port}", port, process, log)
    try:
        deadline = time.monotonic() + timeout
        while not _healthy(served.base + health):
            if process.poll() is not None:
                msg = f"{argv[:3]} exited early:\n{served.output()}"
                raise RuntimeError(msg)
            if time.monotonic() > deadline:
                msg = f"{argv[:3]} did not become healthy in {timeout} s:\n{served.output()}"
                raise RuntimeError(msg)
            time.sleep(0.05)
        yield served
    finally:
        if process.poll() is None:
            process.send_signal(stop_signal)
            try:
                process.wait(timeout=stop_timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                served.killed = True
        served._final = served.output()
        log.close()


def uvicorn_command(app: str, *, log_level: str = "warning") -> list[str]:
    """The argv running ``uvicorn <app>`` on ``{port}`` with this Python."""
    return [
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--host",
        "127.0.0.1",
        "--port",
        "{port}",
        "--log-level",
        log_level,
    ]


def pythonpath_env(*paths: str | Path) -> dict[str, str]:
    """This process's environment with ``paths`` prepended to ``PYTHONPATH``."""
    env = dict(os.environ)
    parts = [str(p) for p in paths]
    if env.get("PYTHONPATH"):
        parts.append(env["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(parts)
    return env
