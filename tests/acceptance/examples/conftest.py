"""The reference service under real uvicorn: one server per test session.

``python -m examples.reference_service`` runs in a subprocess on 127.0.0.1 with
a free port and a session temp data dir (1M orders: generated once by the
service itself, as ``make demo`` does); it is stopped with SIGINT (Ctrl-C) at
the end of the session, and must exit cleanly.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pydantable.testing.server import pythonpath_env, serve

ROOT = Path(__file__).resolve().parents[3]
ROWS = 1_000_000


@dataclass
class Server:
    base: str
    data_dir: Path
    process: subprocess.Popen[bytes]


@pytest.fixture(scope="session")
def reference_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data_dir = tmp_path_factory.mktemp("reference_data")
    command = [
        sys.executable,
        "-m",
        "examples.reference_service",
        "--data-dir",
        str(data_dir),
        "--rows",
        str(ROWS),
        "--port",
        "{port}",
        "--log-level",
        "warning",
    ]
    with serve(
        command,
        timeout=120,
        cwd=ROOT,
        env=pythonpath_env(ROOT, ROOT / "src"),
        stop_signal=signal.SIGINT,  # Ctrl-C
    ) as served:
        yield Server(base=served.base, data_dir=data_dir, process=served.process)
    text = served.output()
    assert not served.killed, f"Ctrl-C did not stop the service:\n{text}"
    assert served.process.returncode == 0, text
    assert f"http://127.0.0.1:{served.port}/docs" in text
    assert text.rstrip().endswith("stopped"), text
