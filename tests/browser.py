"""Headless Chromium for the page tests (marker ``browser``).

Locally a missing browser skips the test; under ``CI=true`` it fails, since
``.ci/run`` installs Chromium.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest


def chromium() -> str:
    """The Chromium executable (skip, or fail under CI, when it is missing)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        reason = "headless chromium not installed (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}: .ci/run must install it")
        pytest.skip(reason)
    return found


def run_chromium(*args: str, budget_ms: int = 3000) -> str:
    """Run headless Chromium with ``args``; its stdout (``--dump-dom`` output).

    ``budget_ms`` is the virtual time the page's scripts get to finish.
    """
    result = subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",  # we run as root in CI
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            "--no-first-run",
            f"--virtual-time-budget={budget_ms}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout
