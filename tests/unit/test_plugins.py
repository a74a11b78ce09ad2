"""The reader/writer registry: built-ins resolve lazily, user entries win by name."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import pydantable
import pydantable.io
from pydantable import plugins
from pydantable.plugins import (
    PluginFn,
    get_reader,
    get_writer,
    list_readers,
    list_writers,
    register_reader,
    register_writer,
)


def test_builtins_resolve_to_the_io_functions() -> None:
    entry = get_reader("read_parquet_url")
    assert isinstance(entry, PluginFn)
    assert (entry.name, entry.kind, entry.fn) == (
        "read_parquet_url",
        "reader",
        pydantable.io.read_parquet_url,
    )
    assert get_writer("export_csv").fn is pydantable.io.export_csv
    readers = [p.name for p in list_readers()]
    assert readers == sorted(readers)
    assert {"materialize_parquet", "iter_csv", "fetch_sql_raw"} <= set(readers)
    writers = [p.name for p in list_writers()]
    assert {"export_json", "write_sql_raw", "write_csv_batches"} <= set(writers)
    assert all(p.kind == "writer" for p in list_writers())


def test_register_and_replace() -> None:
    def read_x(path: str) -> str:
        return path

    try:
        register_reader("read_x", read_x, requires_extra="x", stable=True)
        entry = get_reader("read_x")
        assert (entry.fn, entry.requires_extra, entry.stable) == (read_x, "x", True)
        register_writer("export_csv", print)  # a user entry shadows a built-in
        assert get_writer("export_csv").fn is print
    finally:
        plugins._registered["reader"].pop("read_x", None)
        plugins._registered["writer"].pop("export_csv", None)
    assert get_writer("export_csv").fn is pydantable.io.export_csv


def test_unknown_names_list_the_registered_ones() -> None:
    with pytest.raises(
        ValueError,
        match=r"unknown reader 'nope'; registered readers: .*read_parquet_url",
    ):
        get_reader("nope")
    with pytest.raises(
        ValueError, match=r"unknown writer 'nope'; registered writers: .*export_csv"
    ):
        get_writer("nope")


def test_bad_registrations() -> None:
    with pytest.raises(TypeError, match="must be callable"):
        register_reader("r", 3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="non-empty string"):
        register_writer("", print)


def test_importing_the_registry_loads_no_io() -> None:
    src = str(Path(pydantable.__file__).resolve().parents[1])
    code = "import sys, pydantable.plugins; print(any(m.startswith('pydantable.io') for m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": src, "PATH": ""},
    )
    assert out.stdout.strip() == "False"
