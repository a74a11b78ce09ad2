"""A throwaway PostgreSQL server on 127.0.0.1 for tests and benchmarks.

:class:`PostgresServer` runs ``initdb`` and ``pg_ctl`` from the Debian
``postgresql`` package (``/usr/lib/postgresql/<version>/bin``) or from ``PATH``
in a fresh temporary directory, on a free port, with trust authentication on
127.0.0.1 only and durability switched off (it is thrown away). ``initdb``
refuses to run as root, so as root the cluster is owned by and run as the
``postgres`` system user (created by the Debian package). :meth:`stop` stops
the server and removes the directory; it is idempotent.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

__all__ = ["PostgresServer", "find_bin_dir"]


def find_bin_dir() -> Path | None:
    """The directory holding ``initdb``/``pg_ctl`` (newest version), if any."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresServer:
    """Start with :meth:`start`, use :attr:`dsn`/:attr:`async_dsn`, then :meth:`stop`."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.port = _free_port()
        self.root = Path(tempfile.mkdtemp(prefix="pydantable-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self._as_postgres = os.geteuid() == 0
        self._running = False

    @property
    def dsn(self) -> str:
        """SQLAlchemy URL for the sync psycopg driver."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    @property
    def async_dsn(self) -> str:
        """SQLAlchemy URL for the asyncio asyncpg driver."""
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        cmd = [str(self.bin_dir / args[0]), *args[1:]]
        if self._as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        done = subprocess.run(
            cmd, capture_output=True, text=True, check=False, timeout=120
        )
        if done.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            msg = (
                f"{' '.join(cmd)} failed ({done.returncode}):\n"
                f"{done.stdout}\n{done.stderr}\n{log}"
            )
            raise RuntimeError(msg)

    def start(self) -> PostgresServer:
        """initdb + pg_ctl start (waits until the server accepts connections)."""
        if self._as_postgres:
            shutil.chown(self.root, user="postgres", group="postgres")
        try:
            self._run(
                "initdb",
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            )
            options = (
                f"-h 127.0.0.1 -p {self.port} -k {self.root} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            self._running = True
            self._run(
                "pg_ctl",
                "-D",
                str(self.data),
                "-o",
                options,
                "-l",
                str(self.log),
                "-w",
                "start",
            )
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop the server (if started) and remove its directory."""
        if self._running:
            self._running = False
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
