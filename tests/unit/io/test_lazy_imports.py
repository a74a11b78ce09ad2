"""``import pydantable`` loads no I/O implementation; the first use of each part does."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pydantable

SRC = str(Path(pydantable.__file__).resolve().parents[1])

#: The ``pydantable.io`` modules ``import pydantable`` loads: none (the frame's
#: written-out I/O methods live in ``pydantable.frame.io`` and import on use).
AT_IMPORT: list[str] = []


def _loaded(code: str) -> dict[str, list[str]]:
    """Run ``code`` in a fresh interpreter; it prints a JSON dict of module lists."""
    prelude = textwrap.dedent(
        """
        import json, sys

        def io_modules():
            return sorted(
                m for m in sys.modules
                if m.startswith("pydantable.io") or m.split(".")[0] in ("sqlalchemy", "fsspec")
            )
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": SRC, "PATH": ""},
    )
    result: dict[str, list[str]] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_import_pydantable_loads_no_io_implementation() -> None:
    loaded = _loaded(
        """
        import pydantable
        from pydantable import DataFrameModel
        class T(DataFrameModel):
            id: int
        T({"id": [1]}).to_dict()
        print(json.dumps({"io": io_modules()}))
        """
    )
    assert loaded["io"] == AT_IMPORT


def test_first_use_loads_the_implementation(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    loaded = _loaded(
        f"""
        from pydantable import DataFrameModel
        class T(DataFrameModel):
            id: int
        T({{"id": [1, 2]}}).write_parquet({str(path)!r})
        after_write = io_modules()
        T.read_parquet({str(path)!r}).to_dict()
        after_read = io_modules()
        from pydantable.io import fetch_sql_raw
        after_sql = io_modules()
        import pydantable.io
        pydantable.io.read_from_object_store
        print(json.dumps({{"write": after_write, "read": after_read, "sql": after_sql,
                          "all": io_modules()}}))
        """
    )
    assert "pydantable.io.write" in loaded["write"]
    assert "pydantable.io.scan" not in loaded["write"]
    assert {"pydantable.io.read", "pydantable.io.scan"} <= set(loaded["read"])
    assert "pydantable.io.sql" not in loaded["read"]
    assert {"pydantable.io.sql", "pydantable.io.sql.read"} <= set(loaded["sql"])
    assert "pydantable.io.object_store" in loaded["all"]


def test_from_pydantable_io_import_works_for_every_name() -> None:
    loaded = _loaded(
        """
        import pydantable.io
        names = list(pydantable.io.__all__)
        exec("from pydantable.io import " + ", ".join(names))
        print(json.dumps({"io": io_modules()}))
        """
    )
    assert {"pydantable.io.file_functions", "pydantable.io.sql.aio"} <= set(
        loaded["io"]
    )
