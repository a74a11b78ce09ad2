"""Top-level exports of the original's I/O names (loaded on first use) and the
``engine=`` option of the eager helpers (conformance 2.8)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import pydantable
import pydantable.io as pio
from pydantable import DataFrameModel

SRC = str(Path(pydantable.__file__).resolve().parents[1])

IO_TOP_LEVEL = [
    "materialize_parquet",
    "materialize_ipc",
    "materialize_json",
    "materialize_ndjson",
    "amaterialize_parquet",
    "amaterialize_json",
    "export_parquet",
    "read_parquet",
    "read_parquet_url",
    "aread_parquet",
    "aread_parquet_url",
    *(
        f"{prefix}iter_{name}"
        for prefix in ("", "a")
        for name in ("csv", "ipc", "parquet", "ndjson", "json_lines", "json_array")
    ),
    *(f"write_{fmt}_batches" for fmt in ("csv", "ipc", "ndjson", "parquet")),
    "fetch_sql",
    "afetch_sql",
    "aiter_sql",
    "iter_sql",
    "write_sql",
    "write_sql_batches",
    "awrite_sql",
    "awrite_sql_batches",
    "fetch_sqlmodel",
    "iter_sqlmodel",
    "write_sqlmodel",
    "write_sqlmodel_batches",
    "afetch_sqlmodel",
    "aiter_sqlmodel",
    "awrite_sqlmodel",
    "sqlmodel_columns",
]


def _run(code: str) -> dict[str, list[str]]:
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": SRC, "PATH": ""},
    )
    result: dict[str, list[str]] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_top_level_names_load_on_first_use() -> None:
    loaded = _run(
        """
        import json, sys
        def io():
            return sorted(m for m in sys.modules if m.startswith("pydantable.io"))
        import pydantable
        at_import = io()
        pydantable.AwaitableDataFrameModel  # part of the core: no I/O module
        after_awaitable = io()
        from pydantable import materialize_parquet
        print(json.dumps({"import": at_import, "awaitable": after_awaitable, "io": io()}))
        """
    )
    assert loaded["import"] == []
    assert loaded["awaitable"] == []
    assert "pydantable.io.file_functions" in loaded["io"]
    assert "pydantable.io.sql" not in loaded["io"]


@pytest.mark.parametrize("name", IO_TOP_LEVEL)
def test_top_level_io_names_are_the_io_functions(name: str) -> None:
    assert getattr(pydantable, name) is getattr(pio, name)
    assert name in dir(pydantable)
    assert name not in pydantable.__all__  # `import *` stays free of I/O


def test_awaitable_model_is_exported() -> None:
    from pydantable.awaitable import AwaitableDataFrameModel

    assert pydantable.AwaitableDataFrameModel is AwaitableDataFrameModel
    with pytest.raises(AttributeError, match="no attribute 'read_everything'"):
        _ = pydantable.read_everything


def test_top_level_round_trip(tmp_path: Path) -> None:
    class Ev(DataFrameModel):
        id: int

    path = tmp_path / "ev.parquet"
    pydantable.export_parquet(path, {"id": ["1", 2]}, model=Ev)
    assert pydantable.materialize_parquet(path) == {"id": [1, 2]}
    assert pydantable.read_parquet(path).path == str(path)
    assert pydantable.read_parquet(path, model=Ev).to_dict() == {"id": [1, 2]}
    assert [b["id"] for b in pydantable.iter_parquet(path, batch_size=1)] == [[1], [2]]


# -- engine= -------------------------------------------------------------------------
FORMATS = ["parquet", "csv", "ndjson", "ipc", "json"]


@pytest.fixture(autouse=True)
def _no_engine_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYDANTABLE_IO_ENGINE", raising=False)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("engine", ["auto", "rust", "pyarrow", None])
def test_engine_values_are_accepted(
    tmp_path: Path, fmt: str, engine: str | None
) -> None:
    path = tmp_path / f"x.{fmt}"
    getattr(pio, f"export_{fmt}")(path, {"id": [1, 2]}, engine=engine)
    assert getattr(pio, f"materialize_{fmt}")(path, engine=engine) == {"id": [1, 2]}


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_bad_engine_is_a_value_error(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"x.{fmt}"
    with pytest.raises(
        ValueError,
        match=r"engine must be one of 'auto', 'rust', 'pyarrow'; got 'polars'",
    ):
        getattr(pio, f"export_{fmt}")(path, {"id": [1]}, engine="polars")
    assert not path.exists()
    getattr(pio, f"export_{fmt}")(path, {"id": [1]})
    with pytest.raises(ValueError, match="engine must be one of"):
        getattr(pio, f"materialize_{fmt}")(path, engine="RUST")
    with pytest.raises(ValueError, match="engine must be one of"):
        getattr(pio, f"materialize_{fmt}")(path, engine=1)


def test_engine_default_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "x.parquet"
    pio.export_parquet(path, {"id": [1]})
    for value in ("auto", "rust", "pyarrow", "PyArrow", " rust ", ""):
        monkeypatch.setenv("PYDANTABLE_IO_ENGINE", value)
        assert pio.materialize_parquet(path) == {"id": [1]}
    monkeypatch.setenv("PYDANTABLE_IO_ENGINE", "duckdb")
    with pytest.raises(
        ValueError,
        match=r"PYDANTABLE_IO_ENGINE must be one of 'auto', 'rust', 'pyarrow'; got 'duckdb'",
    ):
        pio.materialize_parquet(path)
    with pytest.raises(ValueError, match="PYDANTABLE_IO_ENGINE"):
        pio.export_csv(tmp_path / "y.csv", {"id": [1]})
    assert pio.materialize_parquet(path, engine="rust") == {"id": [1]}  # explicit wins


def test_engine_on_the_model_and_async_forms(tmp_path: Path) -> None:
    class Ev(DataFrameModel):
        id: int

    path = tmp_path / "x.csv"
    Ev.export_csv(path, {"id": ["1"]}, engine="pyarrow")
    assert Ev.materialize_csv(path, engine="rust") == {"id": [1]}
    with pytest.raises(ValueError, match="engine must be one of"):
        Ev.materialize_csv(path, engine="x")

    async def main() -> dict[str, list[object]]:
        await pio.aexport_parquet(tmp_path / "a.parquet", {"id": [2]}, engine="auto")
        return await pio.amaterialize_parquet(tmp_path / "a.parquet", engine="pyarrow")

    assert asyncio.run(main()) == {"id": [2]}


def test_top_level_wkb_and_display_options() -> None:
    from pydantable import display, types

    assert pydantable.WKB is types.WKB
    assert pydantable.set_display_options is display.set_display_options
    assert pydantable.get_repr_html_limits is display.get_repr_html_limits
    assert pydantable.reset_display_options is display.reset_display_options
    assert {"WKB", "set_display_options"} <= set(dir(pydantable))
