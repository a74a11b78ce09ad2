"""``python -m pydantable diff``: run as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pydantable.__main__ import main

SRC = str(Path(__file__).resolve().parents[2] / "src")

MODELS = textwrap.dedent(
    """
    from typing import Literal
    from pydantable import DataFrameModel

    class V1(DataFrameModel):
        id: int
        status: Literal["a", "b"]

    class V2(DataFrameModel):
        id: int
        status: Literal["a", "b"]
        note: str | None

    class V3(DataFrameModel):
        id: int
        status: Literal["a", "b", "c"]

    class Outer:
        class Inner(DataFrameModel):
            id: int

    not_a_model = 3
    """
)


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    (tmp_path / "models_v.py").write_text(MODELS)
    (tmp_path / "broken_mod.py").write_text("raise RuntimeError('boom at import')\n")
    return tmp_path


def _run(workdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": SRC}
    return subprocess.run(
        [sys.executable, "-m", "pydantable", *args],
        capture_output=True,
        text=True,
        cwd=workdir,
        env=env,
        timeout=120,
        check=False,
    )


def test_additive_changes_exit_0(workdir: Path) -> None:
    out = _run(workdir, "diff", "models_v:V1", "models_v:V2")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "models_v:V1 -> models_v:V2 (direction: both)"
    assert lines[2].split()[:5] == ["note", "added", "additive", "additive", "additive"]
    assert lines[-1] == "1 change(s): additive only"


def test_breaking_changes_exit_1_and_direction_decides(workdir: Path) -> None:
    out = _run(workdir, "diff", "models_v:V1", "models_v:V3")
    assert out.returncode == 1, out.stderr
    assert out.stdout.splitlines()[-1] == "1 change(s): BREAKING"
    # a grown Literal set breaks readers, not writers
    assert (
        _run(
            workdir, "diff", "models_v:V1", "models_v:V3", "--direction", "request"
        ).returncode
        == 0
    )
    assert (
        _run(
            workdir, "diff", "models_v:V1", "models_v:V3", "--direction", "response"
        ).returncode
        == 1
    )


@pytest.fixture
def in_workdir(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``main()`` run in this process, from ``workdir`` (as the CLI would be)."""
    monkeypatch.chdir(workdir)
    monkeypatch.syspath_prepend(str(workdir))
    for name in ("models_v", "broken_mod"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    return workdir


def test_response_direction(
    in_workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "models_v:V1", "models_v:V3", "--direction", "response"]) == 1
    assert "status  changed  breaking  additive  breaking" in capsys.readouterr().out


def test_json_output(in_workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "models_v:V2", "models_v:V1", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["is_breaking"] is True
    assert [(c["column"], c["kind"]) for c in data["changes"]] == [("note", "removed")]


def test_nested_class_path_and_no_changes(
    in_workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "models_v:Outer.Inner", "models_v:Outer.Inner"]) == 0
    assert capsys.readouterr().out.strip().endswith(": no changes")


def test_a_bad_import_path_exits_2_without_a_traceback(workdir: Path) -> None:
    out = _run(workdir, "diff", "nowhere_mod:V1", "models_v:V1")
    assert out.returncode == 2
    assert out.stderr.startswith("error: cannot import module 'nowhere_mod'")
    assert "Traceback" not in out.stderr
    assert out.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["diff", "models_v", "models_v:V1"],
            "is not an import path of the form module:Class",
        ),
        (
            ["diff", "nowhere_mod:V1", "models_v:V1"],
            "cannot import module 'nowhere_mod'",
        ),
        (
            ["diff", "models_v:V9", "models_v:V1"],
            "module 'models_v' has no attribute 'V9'",
        ),
        (
            ["diff", "models_v:not_a_model", "models_v:V1"],
            "is not a DataFrameModel subclass",
        ),
        (
            ["diff", "broken_mod:X", "models_v:V1"],
            "importing 'broken_mod' failed: RuntimeError: boom",
        ),
        (["diff", "models_v:V1"], "the following arguments are required: new"),
        (
            ["diff", "models_v:V1", "models_v:V2", "--direction", "up"],
            "invalid choice: 'up'",
        ),
        ([], "the following arguments are required: command"),
    ],
)
def test_usage_errors_exit_2(
    in_workdir: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(args) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert "Traceback" not in captured.err
    assert captured.out == ""


def test_help_exits_0(in_workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "--help"]) == 0
    assert "--direction" in capsys.readouterr().out
