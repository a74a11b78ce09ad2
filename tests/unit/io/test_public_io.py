"""The public surface of ``pydantable.io``: ``__all__`` pinned, every name importable,
and the frame's I/O methods written out with real signatures."""

from __future__ import annotations

import importlib
import inspect

import pytest

import pydantable.io
from pydantable import DataFrameModel
from pydantable.frame.io import FileMethods, SqlMethods
from pydantable.io.formats import FORMATS

EXPECTED = [
    "FORMATS",
    "ResponseTooLargeError",
    "ScanRoot",
    "ScanTable",
    "StreamingColumns",
    "UnsafePathError",
    "aexport",
    "aexport_csv",
    "aexport_ipc",
    "aexport_json",
    "aexport_ndjson",
    "aexport_parquet",
    "afetch_sql",
    "afetch_sql_raw",
    "afetch_sqlmodel",
    "aiter_csv",
    "aiter_ipc",
    "aiter_json_array",
    "aiter_json_lines",
    "aiter_ndjson",
    "aiter_parquet",
    "aiter_sql",
    "aiter_sql_raw",
    "aiter_sqlmodel",
    "aiterate",
    "amaterialize",
    "amaterialize_csv",
    "amaterialize_ipc",
    "amaterialize_json",
    "amaterialize_ndjson",
    "amaterialize_parquet",
    "aread_csv",
    "aread_ipc",
    "aread_json",
    "aread_ndjson",
    "aread_parquet",
    "aread_parquet_url",
    "aread_parquet_url_ctx",
    "arrow_table_to_column_dict",
    "awrite_batches",
    "awrite_csv_batches",
    "awrite_ipc_batches",
    "awrite_json_batches",
    "awrite_ndjson_batches",
    "awrite_parquet_batches",
    "awrite_sql",
    "awrite_sql_batches",
    "awrite_sql_raw",
    "awrite_sqlmodel",
    "awrite_sqlmodel_batches",
    "ensure_rectangular",
    "export",
    "export_csv",
    "export_ipc",
    "export_json",
    "export_ndjson",
    "export_parquet",
    "fetch_bytes",
    "fetch_csv_url",
    "fetch_ndjson_url",
    "fetch_parquet_url",
    "fetch_sql",
    "fetch_sql_raw",
    "fetch_sqlmodel",
    "iter_chain_batches",
    "iter_concat_batches",
    "iter_csv",
    "iter_delta",
    "iter_ipc",
    "iter_json_array",
    "iter_json_lines",
    "iter_ndjson",
    "iter_parquet",
    "iter_sql",
    "iter_sql_raw",
    "iter_sqlmodel",
    "iterate",
    "materialize",
    "materialize_csv",
    "materialize_ipc",
    "materialize_json",
    "materialize_ndjson",
    "materialize_parquet",
    "rap_csv_available",
    "read_csv",
    "read_csv_stdin",
    "read_delta",
    "read_from_object_store",
    "read_ipc",
    "read_json",
    "read_ndjson",
    "read_parquet",
    "read_parquet_url",
    "read_parquet_url_ctx",
    "record_batch_to_column_dict",
    "safe_path",
    "sqlmodel_columns",
    "write_batches",
    "write_csv_batches",
    "write_csv_stdout",
    "write_ipc_batches",
    "write_json_batches",
    "write_ndjson_batches",
    "write_parquet_batches",
    "write_sql",
    "write_sql_batches",
    "write_sql_raw",
    "write_sql_raw_batches",
    "write_sqlmodel",
    "write_sqlmodel_batches",
]


def test_all_is_the_pinned_sorted_list() -> None:
    assert pydantable.io.__all__ == EXPECTED
    assert sorted(EXPECTED) == EXPECTED


def test_every_name_is_importable_and_public() -> None:
    for name in pydantable.io.__all__:
        assert not name.startswith("_"), name
        value = getattr(pydantable.io, name)
        module = importlib.import_module(getattr(value, "__module__", "pydantable.io"))
        assert module.__name__.startswith("pydantable.io"), (name, module)
    assert set(EXPECTED) <= set(dir(pydantable.io))


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = pydantable.io.nope


FILE_METHODS = [
    f"{prefix}{kind}_{fmt}"
    for kind, prefixes in (
        ("read", ("", "a")),
        ("write", ("", "a")),
        ("materialize", ("", "a")),
        ("export", ("", "a")),
        ("iter", ("",)),
    )
    for prefix in prefixes
    for fmt in FORMATS
]
SQL_METHODS = [
    "assert_sqlmodel_compatible",
    "aread_sql",
    "awrite_sql",
    "fetch_sqlmodel",
    "iter_sql",
    "read_sql",
    "write_sql",
    "write_sqlmodel",
]


@pytest.mark.parametrize("name", FILE_METHODS + SQL_METHODS)
def test_io_methods_are_written_out(name: str) -> None:
    owner = FileMethods if name in FILE_METHODS else SqlMethods
    member = owner.__dict__[name]
    # write_sql/awrite_sql also have the original's class form (data first)
    function = inspect.unwrap(getattr(member, "instance_form", getattr(owner, name)))
    # defined in the class body (a factory would give "<factory>.<locals>.read")
    assert function.__qualname__ == f"{owner.__name__}.{name}"
    assert function.__name__ == name
    assert ">>>" in (function.__doc__ or ""), "each method shows a runnable example"
    params = list(inspect.signature(function).parameters.values())
    if params and params[0].name == "self":  # a frame method, seen on the class
        params = params[1:]
    assert params, name
    first = params[0]
    assert first.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert first.name in ("source", "path", "query", "table"), first.name
    options = [p for p in params[1:] if p.kind is not inspect.Parameter.VAR_KEYWORD]
    keyword_only = [p for p in options if p.kind is inspect.Parameter.KEYWORD_ONLY]
    assert keyword_only, f"{name}: options are keyword-only"


def test_async_namespace_reaches_the_async_readers() -> None:
    class T(DataFrameModel):
        id: int

    assert T.Async.read_parquet == T.aread_parquet
    with pytest.raises(AttributeError):
        _ = T.Async.write_parquet
