"""safe_path keeps user-supplied paths inside their base directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pydantable.io import UnsafePathError, safe_path


def test_relative_paths_inside_base(tmp_path: Path) -> None:
    base = tmp_path / "base"
    (base / "reports").mkdir(parents=True)
    assert (
        safe_path(base, "reports/2026.parquet")
        == base.resolve() / "reports" / "2026.parquet"
    )
    assert safe_path(str(base), "a.csv") == base.resolve() / "a.csv"
    assert safe_path(base, "./x/./y.csv") == base.resolve() / "x" / "y.csv"
    assert safe_path(base, ".") == base.resolve()


@pytest.mark.parametrize(
    ("user_path", "message"),
    [
        ("../secret", "'..'"),
        ("reports/../../secret", "'..'"),
        ("..", "'..'"),
        ("/etc/passwd", "relative"),
        ("C:/Windows/win.ini", "relative"),
        ("C:win.ini", "relative"),
        ("..\\secret", "backslashes"),
        ("a\x00b", "NUL"),
        ("", "empty"),
        ("   ", "empty"),
    ],
)
def test_escapes_are_rejected(tmp_path: Path, user_path: str, message: str) -> None:
    with pytest.raises(UnsafePathError, match=message):
        safe_path(tmp_path, user_path)


def test_symlinks_escaping_base_are_rejected(tmp_path: Path) -> None:
    base = tmp_path / "base"
    base.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text("x\n")
    os.symlink(outside, base / "link_dir")
    os.symlink(outside / "secret.csv", base / "link_file.csv")
    os.symlink(base / "inner.csv", base / "alias.csv")  # stays inside: allowed
    with pytest.raises(UnsafePathError, match="outside"):
        safe_path(base, "link_dir/secret.csv")
    with pytest.raises(UnsafePathError, match="outside"):
        safe_path(base, "link_file.csv")
    assert safe_path(base, "alias.csv") == base.resolve() / "inner.csv"


def test_base_symlink_itself_is_fine_and_bad_arguments(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    os.symlink(real, tmp_path / "base_link")
    assert (
        safe_path(tmp_path / "base_link", "f.parquet") == real.resolve() / "f.parquet"
    )
    with pytest.raises(FileNotFoundError):
        safe_path(tmp_path / "missing", "f.parquet")
    (tmp_path / "file").write_text("")
    with pytest.raises(NotADirectoryError):
        safe_path(tmp_path / "file", "f.parquet")
    with pytest.raises(TypeError, match="must be a str"):
        safe_path(tmp_path, Path("f.parquet"))  # type: ignore[arg-type]
