"""SQL methods of frames: the lazy ``Model.read_sql`` root, async reads, writes.

``Model.read_sql(query, bind)`` is a lazy root: nothing runs until the frame is
materialized; then the query runs (once per materialization), the result is
validated like ``Model(polars_df)`` and the rest of the plan runs on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import polars as pl

from pydantable import plan as p
from pydantable.validation.ingest import normalize_trusted_mode

if TYPE_CHECKING:
    from pydantable.frame import BaseFrame

__all__ = ["SqlMethods", "SqlTable"]

Params = Mapping[str, Any] | Sequence[Any] | None


class SqlTable:
    """A SQL query as a plan source: fetched and validated at materialization."""

    def __init__(
        self,
        cls: type[BaseFrame],
        query: Any,
        bind: Any,
        *,
        params: Params,
        trusted_mode: str | None,
    ) -> None:
        self.cls = cls
        self.query = query
        self.bind = bind
        self.params = params
        self.trusted_mode = normalize_trusted_mode(trusted_mode)

    def __repr__(self) -> str:
        return f"SqlTable({str(self.query)[:60]!r}, trusted_mode={self.trusted_mode!r})"

    def fetch(self) -> pl.DataFrame:
        """Run the query now; the validated result as a Polars DataFrame."""
        from pydantable.io.sql.aio import is_async_bind, run_async_read
        from pydantable.io.sql.read import read_validated

        read: Callable[..., BaseFrame] = (
            run_async_read if is_async_bind(self.bind) else read_validated
        )
        frame = read(
            self.cls,
            self.query,
            self.bind,
            params=self.params,
            trusted_mode=self.trusted_mode,
        )
        return frame.to_polars()

    def to_lazy(self) -> pl.LazyFrame:
        from pydantable.engines.polars import polars_schema

        return pl.defer(
            self.fetch, schema=polars_schema(self.cls.__pydantable_schema__)
        )


class SqlMethods:
    """SQL readers and writers mixed into :class:`~pydantable.frame.BaseFrame`."""

    __slots__ = ()

    @classmethod
    def read_sql(
        cls,
        query: Any,
        bind: Any,
        *,
        params: Params = None,
        trusted_mode: str | None = None,
    ) -> Any:
        """A lazy frame of ``query``'s rows (runs at materialization).

        Args:
            query: SQL text with ``:name`` placeholders, or a SQLAlchemy
                ``text()``/``select()``.
            bind: a SQLAlchemy ``Engine``/``Connection`` (open until
                materialized), a database URL (sync or async driver), an
                ``AsyncEngine``, or a DB-API/ADBC connection.
            params: bound parameter values (never formatted into the SQL).
            trusted_mode: as in the constructor.

        Extra result columns are ignored; missing required columns raise
        :class:`~pydantable.errors.SchemaMismatchError` and invalid cells a
        ``pydantic.ValidationError`` located by column and row, both when the
        frame is materialized.

        Example:
            >>> import sqlite3, os, tempfile
            >>> from pydantable import DataFrameModel
            >>> path = os.path.join(tempfile.mkdtemp(), "t.db")
            >>> with sqlite3.connect(path) as db:
            ...     _ = db.execute("CREATE TABLE t (id INTEGER, name TEXT)")
            ...     _ = db.execute("INSERT INTO t VALUES (1, 'a'), (2, 'b')")
            >>> db.close()
            >>> class T(DataFrameModel):
            ...     id: int
            ...     name: str
            >>> lazy = T.read_sql("SELECT * FROM t WHERE id > :n", f"sqlite:///{path}", params={"n": 1})
            >>> lazy.to_dict()
            {'id': [2], 'name': ['b']}
        """
        table = SqlTable(cls, query, bind, params=params, trusted_mode=trusted_mode)  # type: ignore[arg-type]
        schema = cls.__pydantable_schema__  # type: ignore[attr-defined]
        return cls._from_plan(p.Source(schema, table))  # type: ignore[attr-defined]

    @classmethod
    async def aread_sql(
        cls,
        query: Any,
        bind: Any,
        *,
        params: Params = None,
        trusted_mode: str | None = None,
    ) -> Any:
        """Fetch ``query`` now, awaited, as a validated frame.

        With an async bind (``AsyncEngine``, ``AsyncConnection``,
        ``postgresql+asyncpg://...``) the I/O runs on the event loop; a sync bind
        is read in a worker thread.
        """
        from pydantable.io.sql.aio import aread_validated

        return await aread_validated(
            cls,  # type: ignore[arg-type]
            query,
            bind,
            params=params,
            trusted_mode=trusted_mode,
        )

    @classmethod
    def iter_sql(
        cls,
        query: Any,
        bind: Any,
        *,
        params: Params = None,
        batch_size: int = 65536,
        trusted_mode: str | None = None,
    ) -> Iterator[Any]:
        """Validated frames of at most ``batch_size`` rows of ``query``."""
        from pydantable.io.sql.read import iter_validated

        yield from iter_validated(
            cls,  # type: ignore[arg-type]
            query,
            bind,
            params=params,
            batch_size=batch_size,
            trusted_mode=trusted_mode,
        )

    @classmethod
    def fetch_sqlmodel(
        cls,
        table: Any,
        bind: Any,
        *,
        where: Any = None,
        params: Mapping[str, Any] | None = None,
        order_by: Any = None,
        limit: int | None = None,
        trusted_mode: str | None = None,
    ) -> Any:
        """A lazy frame of this model's columns read from a SQLModel table."""
        from pydantable.io.sql.common import sqlmodel_query

        columns = list(cls.__pydantable_schema__)  # type: ignore[attr-defined]
        stmt = sqlmodel_query(
            table, where=where, columns=columns, order_by=order_by, limit=limit
        )
        return cls.read_sql(stmt, bind, params=params, trusted_mode=trusted_mode)

    @classmethod
    def assert_sqlmodel_compatible(
        cls,
        table: Any,
        *,
        direction: str = "both",
        column_map: Mapping[str, str] | None = None,
    ) -> None:
        """Raise ``SchemaMismatchError`` listing every drift from a SQL table.

        Example:
            >>> import sqlalchemy as sa
            >>> from pydantable import DataFrameModel
            >>> t = sa.Table("t", sa.MetaData(), sa.Column("id", sa.Integer, nullable=False))
            >>> class T(DataFrameModel):
            ...     id: int
            >>> T.assert_sqlmodel_compatible(t)
        """
        from pydantable.io.sql.types import check_compatible

        check_compatible(
            cls.__pydantable_schema__,  # type: ignore[attr-defined]
            table,
            direction=direction,
            column_map=column_map,
            title=cls.__name__,
        )

    def write_sql(
        self,
        table: str,
        bind: Any,
        *,
        if_exists: str = "fail",
        chunk_size: int = 10_000,
        db_schema: str | None = None,
    ) -> int:
        """Write the frame to ``table`` in one transaction; returns the rows written.

        The table is created from this frame's schema (``NOT NULL`` for
        non-nullable columns, quoted identifiers); ``if_exists``: ``"fail"``
        (``ValueError``), ``"append"`` or ``"replace"``. Values are bound
        parameters, inserted ``chunk_size`` rows per ``executemany``.
        """
        from pydantable.io.sql.write import FrameWrite

        write = FrameWrite(self, table, if_exists, chunk_size, db_schema)  # type: ignore[arg-type]
        return write.run(bind)

    async def awrite_sql(
        self,
        table: str,
        bind: Any,
        *,
        if_exists: str = "fail",
        chunk_size: int = 10_000,
        db_schema: str | None = None,
    ) -> int:
        """:meth:`write_sql`, awaited: real async I/O on an async bind."""
        from pydantable.io.sql.aio import arun_write
        from pydantable.io.sql.write import FrameWrite

        write = FrameWrite(self, table, if_exists, chunk_size, db_schema)  # type: ignore[arg-type]
        return await arun_write(write, bind)

    def write_sqlmodel(
        self,
        table: Any,
        bind: Any,
        *,
        if_exists: str = "append",
        chunk_size: int = 10_000,
    ) -> int:
        """Insert the frame into a SQLModel table (validated against its columns)."""
        from pydantable.io.sql.write import write_sqlmodel

        return write_sqlmodel(
            self, table, bind, if_exists=if_exists, chunk_size=chunk_size
        )
