"""The reference service under real uvicorn: one server per test session.

``python -m examples.reference_service`` runs in a subprocess on 127.0.0.1 with
a free port and a session temp data dir (1M orders: generated once by the
service itself, as ``make demo`` does); it is stopped with SIGINT (Ctrl-C) at
the end of the session, and must exit cleanly.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
ROWS = 1_000_000


@dataclass
class Server:
    base: str
    data_dir: Path
    process: subprocess.Popen[bytes]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def reference_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data_dir = tmp_path_factory.mktemp("reference_data")
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")])}
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed below; never a pipe)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "examples.reference_service",
            "--data-dir",
            str(data_dir),
            "--rows",
            str(ROWS),
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"

    def output() -> str:
        log.seek(0)
        return log.read().decode(errors="replace")

    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the service exited early:\n{output()}")
            try:
                if httpx.get(f"{base}/health", timeout=2.0).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the service did not start:\n{output()}")
            time.sleep(0.1)
        yield Server(base=base, data_dir=data_dir, process=process)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)  # Ctrl-C
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                raise RuntimeError(
                    f"Ctrl-C did not stop the service:\n{output()}"
                ) from None
        text = output()
        log.close()
        assert process.returncode == 0, text
        assert f"http://127.0.0.1:{port}/docs" in text
        assert text.rstrip().endswith("stopped"), text
