"""The distribution: its name and version, the extras every error message names,
and an ``[all]`` without cloud SDKs (pyproject.toml is the source of truth)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import pydantable
from pydantable._dependencies import DISTRIBUTION, install_hint, require
from pydantable.errors import MissingOptionalDependency

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the suite runs on 3.11+
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parents[2]
PROJECT: dict[str, Any] = tomllib.loads(
    (ROOT / "pyproject.toml").read_text(encoding="utf-8")
)["project"]
EXTRAS: dict[str, list[str]] = PROJECT["optional-dependencies"]
_SELF = re.compile(rf"^{re.escape(DISTRIBUTION)}\[(.*)\]$")


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~;\s]", requirement, maxsplit=1)[0].lower()


def _expand(extra: str) -> set[str]:
    """The third-party distributions an extra installs (self-references followed)."""
    out: set[str] = set()
    for req in EXTRAS[extra]:
        if match := _SELF.match(req):
            for inner in match.group(1).split(","):
                out |= _expand(inner.strip())
        else:
            out.add(_name(req))
    return out


def test_distribution_name_and_version() -> None:
    assert PROJECT["name"] == DISTRIBUTION == "pydantable-frames"
    assert PROJECT["name"] != "pydantable"  # PyPI's pydantable is the original
    assert PROJECT["version"] == pydantable.__version__
    assert re.fullmatch(r"0\.\d+\.\d+(a|b|rc)\d+", pydantable.__version__)


def test_every_named_extra_exists() -> None:
    named: set[str] = set()
    for path in (ROOT / "src" / "pydantable").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        named |= set(
            re.findall(r"""require\(\s*["'][\w.]+["'],\s*extra=["'](\w+)["']""", text)
        )
        # plugins.py: name -> (module, extra)
        named |= set(re.findall(r"""\(\s*"pydantable[\w.]*",\s*"(\w+)"\s*\)""", text))
        named |= set(re.findall(r"""install_hint\(["'](\w+)["']\)""", text))
        named |= set(re.findall(r"""pydantable-frames\[(\w+)\]""", text))
        assert "pip install 'pydantable[" not in text, path  # the original's name
    named -= {"core"}  # the doctest of require() imports polars
    assert named, "no extra found: the patterns are stale"
    assert named <= set(EXTRAS), named - set(EXTRAS)


def test_all_leaves_out_cloud_sdks_and_cloud_is_their_union() -> None:
    sdks = {"s3fs", "gcsfs", "adlfs", "boto3", "pyspark"}
    assert not _expand("all") & sdks
    assert {"pyarrow", "fastapi", "sqlalchemy", "pandas", "numpy"} <= _expand("all")
    assert _expand("cloud") == _expand("http") | _expand("s3") | _expand(
        "gcs"
    ) | _expand("azure")
    assert {"s3fs", "gcsfs", "adlfs"} <= _expand("cloud")


def test_sql_extra_has_the_drivers_the_docs_name() -> None:
    docs = "\n".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md")
    )
    assert "sqlite+aiosqlite://" in docs
    assert {"aiosqlite", "asyncpg", "psycopg"} <= _expand("sql")


def test_httpx2_is_declared_because_starlettes_test_client_uses_it() -> None:
    # The issue listed httpx2 as unused: no pydantable module imports it, but
    # Starlette's TestClient (fastapi.testclient, used by pydantable.testing)
    # prefers it and warns when it falls back to httpx. A fresh install without
    # it failed the suite, which turns warnings into errors.
    assert "httpx2" in _expand("fastapi")
    constraints = (ROOT / "requirements" / "dev-constraints.txt").read_text()
    pinned = {_name(line) for line in constraints.splitlines() if "==" in line}
    assert "httpx2" in pinned
    check = subprocess.run(
        [sys.executable, "-W", "error", "-c", "import fastapi.testclient"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert check.returncode == 0, check.stderr[-2000:]
    # what `make install` installs is pinned (the drivers added to [sql] too)
    assert {"aiosqlite", "s3fs", "scikit-learn"} <= pinned


def test_missing_dependency_names_this_distribution() -> None:
    with pytest.raises(MissingOptionalDependency) as info:
        require("pydantable_no_such_module", extra="sql")
    assert install_hint("sql") in str(info.value)
    assert "pip install 'pydantable-frames[sql]'" in str(info.value)


@pytest.mark.skipif(
    importlib.util.find_spec("gcsfs") is not None, reason="gcsfs is installed"
)
def test_object_store_without_its_provider_names_the_extra() -> None:
    from pydantable.io import read_from_object_store

    with pytest.raises(MissingOptionalDependency, match=r"pydantable-frames\[gcs\]"):
        read_from_object_store("gs://bucket/data.parquet", max_bytes=1024)
