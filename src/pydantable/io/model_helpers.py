"""The eager file helpers as model classmethods: ``Model.materialize_parquet(...)``,
``Model.export_parquet(path, data)``, ``Model.iter_parquet(path)`` (+ async twins).

They are :mod:`pydantable.io.eager`'s helpers with ``model=`` bound to the class;
``iter_*`` yields validated frames of the model (one per batch) instead of
column dicts.

Example:
    >>> import os, tempfile
    >>> from pydantable import DataFrameModel
    >>> class Ev(DataFrameModel):
    ...     id: int
    >>> path = os.path.join(tempfile.mkdtemp(), "ev.parquet")
    >>> Ev.export_parquet(path, {"id": ["1", 2, 3]})
    >>> Ev.materialize_parquet(path)
    {'id': [1, 2, 3]}
    >>> [type(b).__name__ for b in Ev.iter_parquet(path, batch_size=2)]
    ['Ev', 'Ev']
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantable import plan as p

if TYPE_CHECKING:
    from pydantable.frame import BaseFrame

__all__ = ["ModelFileHelpers"]

_FORMATS = ("parquet", "csv", "ndjson", "ipc", "json")


def _materializer(fmt: str) -> Any:
    def materialize(cls: Any, /, source: Any, **kwargs: Any) -> dict[str, list[Any]]:
        from pydantable.io.eager import materialize as run

        return run(fmt, source, model=cls, **kwargs)

    async def amaterialize(
        cls: Any,
        /,
        source: Any,
        *,
        executor: concurrent.futures.Executor | None = None,
        **kwargs: Any,
    ) -> dict[str, list[Any]]:
        from pydantable.io.eager import amaterialize as run

        return await run(fmt, source, model=cls, executor=executor, **kwargs)

    materialize.__name__ = f"materialize_{fmt}"
    materialize.__doc__ = (
        f"Read ``source`` as this model into ``{{column: [values]}}`` "
        f"(``pydantable.io.materialize_{fmt}(source, model=cls)``)."
    )
    amaterialize.__name__ = f"amaterialize_{fmt}"
    amaterialize.__doc__ = f"``materialize_{fmt}`` in a worker thread."
    return classmethod(materialize), classmethod(amaterialize)


def _exporter(fmt: str) -> Any:
    def export(cls: Any, /, path: str | Path, data: Any, **kwargs: Any) -> None:
        from pydantable.io.eager import export as run

        run(fmt, path, data, model=cls, **kwargs)

    async def aexport(
        cls: Any,
        /,
        path: str | Path,
        data: Any,
        *,
        executor: concurrent.futures.Executor | None = None,
        **kwargs: Any,
    ) -> None:
        from pydantable.io.eager import aexport as run

        await run(fmt, path, data, model=cls, executor=executor, **kwargs)

    export.__name__ = f"export_{fmt}"
    export.__doc__ = (
        f"Validate ``data`` as this model and write it to ``path`` atomically "
        f"(``pydantable.io.export_{fmt}(path, data, model=cls)``)."
    )
    aexport.__name__ = f"aexport_{fmt}"
    aexport.__doc__ = f"``export_{fmt}`` in a worker thread."
    return classmethod(export), classmethod(aexport)


def _iterator(fmt: str) -> Any:
    def iterate(
        cls: Any,
        /,
        source: Any,
        *,
        batch_size: int = 65536,
        columns: list[str] | None = None,
        trusted_mode: str | None = None,
        **scan_kwargs: Any,
    ) -> Iterator[BaseFrame]:
        if (
            isinstance(batch_size, bool)
            or not isinstance(batch_size, int)
            or batch_size < 1
        ):
            msg = f"batch_size must be a positive int; got {batch_size!r}"
            raise ValueError(msg)
        reader = getattr(cls, f"read_{fmt}")
        frame = reader(
            source, columns=columns, trusted_mode=trusted_mode, **scan_kwargs
        )
        return _frames(frame, batch_size)

    iterate.__name__ = f"iter_{fmt}"
    iterate.__doc__ = (
        f"Validated batches of ``source`` as frames of this model, with bounded "
        f"memory (``read_{fmt}(...)`` streamed ``batch_size`` rows at a time)."
    )
    return classmethod(iterate)


def _frames(frame: BaseFrame, batch_size: int) -> Iterator[BaseFrame]:
    # batches come from a validated scan: each becomes an in-memory source of
    # the same schema without validating again
    target = type(frame)
    schema = frame.schema
    for batch in frame.iter_batches(batch_size):
        yield target._from_plan(
            p.Source(schema, batch, rows=batch.height), batch.height
        )


class ModelFileHelpers:
    """``materialize_*``/``export_*``/``iter_*`` classmethods (+ async twins)."""

    __slots__ = ()

    materialize_parquet, amaterialize_parquet = _materializer("parquet")
    materialize_csv, amaterialize_csv = _materializer("csv")
    materialize_ndjson, amaterialize_ndjson = _materializer("ndjson")
    materialize_ipc, amaterialize_ipc = _materializer("ipc")
    materialize_json, amaterialize_json = _materializer("json")
    export_parquet, aexport_parquet = _exporter("parquet")
    export_csv, aexport_csv = _exporter("csv")
    export_ndjson, aexport_ndjson = _exporter("ndjson")
    export_ipc, aexport_ipc = _exporter("ipc")
    export_json, aexport_json = _exporter("json")
    iter_parquet = _iterator("parquet")
    iter_csv = _iterator("csv")
    iter_ndjson = _iterator("ndjson")
    iter_ipc = _iterator("ipc")
    iter_json = _iterator("json")
