"""``import pydantable`` loads the core and nothing else.

The core is the frame, its plan, expressions, schema, validation and the
default (Polars) engine. I/O, SQL, HTTP, object stores and the FastAPI layer
load on first use, and so do their third-party packages. The exact module set
is pinned in ``surface/import_pydantable.txt``: a new module at import time is
a choice (``python -m tests.architecture.test_import_set`` rewrites the file).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import pydantable

SRC = str(Path(pydantable.__file__).resolve().parents[1])
SNAPSHOT = Path(__file__).with_name("surface") / "import_pydantable.txt"

#: Third-party packages that only a first use may load.
DEFERRED_PACKAGES = (
    "fastapi",
    "starlette",
    "sqlalchemy",
    "sqlmodel",
    "httpx",
    "fsspec",
    "pyarrow",
    "pandas",
    "uvicorn",
)


def loaded_after(code: str) -> dict[str, list[str]]:
    """Run ``code`` in a fresh interpreter; report the modules it loaded."""
    epilogue = textwrap.dedent(
        f"""
        import json as _json, sys as _sys
        _ours = sorted(m for m in _sys.modules if m.split(".")[0] == "pydantable")
        _theirs = sorted(
            p for p in {DEFERRED_PACKAGES!r} if p in _sys.modules
        )
        print(_json.dumps({{"ours": _ours, "theirs": _theirs}}))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code) + epilogue],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": SRC, "PATH": ""},
    )
    result: dict[str, list[str]] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_import_pydantable_loads_exactly_the_pinned_core() -> None:
    loaded = loaded_after("import pydantable\n")
    recorded = SNAPSHOT.read_text().split()
    added = sorted(set(loaded["ours"]) - set(recorded))
    removed = sorted(set(recorded) - set(loaded["ours"]))
    assert (added, removed) == ([], []), (
        f"`import pydantable` now loads {added} and no longer loads {removed}; if "
        "deliberate, run `python -m tests.architecture.test_import_set`."
    )
    assert loaded["theirs"] == []


def test_the_core_has_no_io_sql_http_or_fastapi_module() -> None:
    core = SNAPSHOT.read_text().split()
    deferred = [
        m
        for m in core
        if m.startswith(("pydantable.io", "pydantable.fastapi", "pydantable.testing"))
    ]
    assert deferred == []


@pytest.mark.parametrize(
    ("code", "ours", "theirs"),
    [
        ("import pydantable.fastapi", "pydantable.fastapi.route", "fastapi"),
        ("from pydantable.io import fetch_sql_raw", "pydantable.io.sql", None),
        (
            "import pydantable.io\npydantable.io.read_from_object_store",
            "pydantable.io.object_store",
            None,
        ),
    ],
)
def test_first_use_loads_the_layer(code: str, ours: str, theirs: str | None) -> None:
    loaded = loaded_after(code + "\n")
    assert ours in loaded["ours"]
    if theirs is not None:
        assert theirs in loaded["theirs"]


def test_a_frame_round_trip_stays_in_the_core() -> None:
    loaded = loaded_after(
        """
        from pydantable import DataFrameModel
        class T(DataFrameModel):
            id: int
            name: str | None
        df = T({"id": [1, 2], "name": ["a", None]})
        df.filter(df.id > 1).to_dict()
        df.collect()
        """
    )
    beyond_core = sorted(set(loaded["ours"]) - set(SNAPSHOT.read_text().split()))
    # running a plan loads the default engine's executor, and nothing else
    assert beyond_core == [
        "pydantable.engines.polars.engine",
        "pydantable.engines.polars.execute",
    ]
    assert loaded["theirs"] == []


def _write() -> None:
    modules = loaded_after("import pydantable\n")["ours"]
    SNAPSHOT.write_text("\n".join(modules) + "\n")
    print(f"wrote {SNAPSHOT} ({len(modules)} modules)", file=sys.stderr)


if __name__ == "__main__":
    _write()
