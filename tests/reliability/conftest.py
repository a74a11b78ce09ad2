"""Fixtures of the reliability tests: the SQL fixtures of ``unit/io`` (a throwaway
PostgreSQL server on 127.0.0.1, SQLite URLs, unique table names)."""

from __future__ import annotations

from unit.io.conftest import (  # the same fixtures, for this directory
    pg_async_url,
    pg_url,
    postgres_server,
    sqlite_url,
    table_name,
)

__all__ = ["pg_async_url", "pg_url", "postgres_server", "sqlite_url", "table_name"]
