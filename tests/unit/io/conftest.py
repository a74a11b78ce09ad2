"""Fixtures of the SQL tests: a throwaway PostgreSQL server and unique table names.

The server (session scope) is started from the Debian ``postgresql`` binaries on
127.0.0.1 with a free port in a temporary directory, and stopped (directory
removed) at the end of the session. Without binaries the ``postgres`` tests are
skipped with a reason; under ``CI=true`` a missing PostgreSQL fails them.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from benchmarks._postgres import PostgresServer, find_bin_dir


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is required in CI: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    bin_dir = find_bin_dir()
    if bin_dir is None:
        _unavailable(
            "no initdb/pg_ctl found (install the Debian package 'postgresql'; "
            ".ci/run does)"
        )
    for driver in ("psycopg", "asyncpg"):
        try:
            __import__(driver)
        except ImportError:
            _unavailable(f"driver {driver!r} is not installed (pydantable-frames[sql])")
    assert bin_dir is not None
    server = PostgresServer(bin_dir).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(postgres_server: PostgresServer) -> str:
    """SQLAlchemy URL (sync psycopg driver) of the session's server."""
    return postgres_server.dsn


@pytest.fixture
def pg_async_url(postgres_server: PostgresServer) -> str:
    """SQLAlchemy URL (asyncpg driver) of the session's server."""
    return postgres_server.async_dsn


@pytest.fixture
def table_name() -> str:
    """A fresh table name with a space and mixed case (needs quoting)."""
    return f"Pt table {uuid.uuid4().hex[:8]}"


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """SQLAlchemy URL of a new SQLite file."""
    return f"sqlite:///{tmp_path / 'test.db'}"
