"""The typing cases (``tests/typing/cases/*.py``) under mypy (strict, with the
``pydantable.mypy`` plugin) and pyright (strict).

Each case line may carry expectations in comments, for both checkers or one:

* ``# R: <type>`` / ``# R[mypy]: <type>`` / ``# R[pyright]: <type>``: the
  ``reveal_type`` on that line shows this type (module paths are dropped
  before comparing: ``pydantable.expressions.expr.Expr[bool]`` is ``Expr[bool]``);
* ``# E: <text>`` / ``# E[mypy]: ...`` / ``# E[pyright]: ...``: the checker
  reports an error on that line whose code (``attr-defined``,
  ``reportOptionalOperand``) or message contains ``<text>``.

Any other error, a reveal without an expectation, or an expectation that is
not met fails. Each checker runs once over every case (mypy's cache in a temp
directory); the cases also run, so what they reveal is what the code does.
"""

from __future__ import annotations

import json
import os
import re
import runpy
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted((Path(__file__).parent / "cases").glob("*.py"))
CHECKERS = ("mypy", "pyright")
#: Documents whose Python blocks are type-checked too (each joined into one
#: module, as tests/acceptance/test_docs.py runs a page's blocks in one
#: namespace): every page under mypy; under pyright the pages listed below.
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PYRIGHT_DOCUMENTS = [
    ROOT / "docs" / name
    for name in (
        "architecture.md",
        "contracts.md",
        "engines.md",
        "io.md",
        "joins-and-reshape.md",
        "materialization.md",
        "models.md",
        "sql.md",
        "typing.md",
        "validation.md",
    )
]
#: The one setting of the doc modules that differs from the cases: each block
#: of a page imports what it uses (blocks are read, and copied, one by one), so
#: a page repeats imports; and scikit-learn, joblib and fsspec have no type
#: information (mypy: ``ignore_missing_imports``).
DOC_HEADER = "# pyright: reportDuplicateImport=false, reportMissingTypeStubs=false\n"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)
MARKER = re.compile(r"#\s*([RE])(?:\[(\w+)\])?:\s*(.*?)\s*(?=#\s*[RE](?:\[\w+\])?:|$)")
QUALIFIER = re.compile(r"\b[A-Za-z_]\w*\.(?=[A-Za-z_])")
TIMEOUT = 300  # seconds per checker run


def normalize(type_text: str) -> str:
    """A revealed type without module paths or spaces around ``|``/``,``."""
    text = QUALIFIER.sub("", type_text.strip())
    previous = None
    while previous != text:  # nested qualifiers (a.b.C) drop one level per pass
        previous, text = text, QUALIFIER.sub("", text)
    return re.sub(r"\s*([|,\[\]])\s*", r"\1", text)


@dataclass
class Expectations:
    """What one case file expects of one checker, by line (1-based)."""

    reveals: dict[int, str] = field(default_factory=dict)
    errors: dict[int, list[str]] = field(default_factory=dict)


def expectations(source: str, checker: str) -> Expectations:
    """The ``# R``/``# E`` markers of ``source`` that apply to ``checker``."""
    out = Expectations()
    for number, line in enumerate(source.splitlines(), start=1):
        for kind, only, text in MARKER.findall(line):
            if only and only != checker:
                continue
            if kind == "R":
                out.reveals[number] = normalize(text)
            else:
                out.errors.setdefault(number, []).append(text)
    return out


@dataclass
class Diagnostics:
    """What a checker reported for one file, by line."""

    reveals: dict[int, str] = field(default_factory=dict)
    errors: dict[int, list[str]] = field(default_factory=dict)


def compare(name: str, expected: Expectations, found: Diagnostics) -> list[str]:
    """Every mismatch between expectations and diagnostics, as readable lines."""
    problems = []
    for line, wanted in sorted(expected.reveals.items()):
        got = found.reveals.get(line)
        if got is None:
            problems.append(f"{name}:{line}: expected reveal {wanted!r}, none shown")
        elif got != wanted:
            problems.append(f"{name}:{line}: revealed {got!r}, expected {wanted!r}")
    for line in sorted(set(found.reveals) - set(expected.reveals)):
        problems.append(f"{name}:{line}: reveal {found.reveals[line]!r} not expected")
    for line, wanted_errors in sorted(expected.errors.items()):
        reported = found.errors.get(line, [])
        for wanted in wanted_errors:
            if not any(wanted in error for error in reported):
                problems.append(
                    f"{name}:{line}: expected an error matching {wanted!r}; "
                    f"got {reported or 'none'}"
                )
    for line, reported in sorted(found.errors.items()):
        if line not in expected.errors:
            problems.append(f"{name}:{line}: unexpected error(s) {reported}")
    return problems


def _mypy(files: list[Path], workdir: Path) -> dict[str, Diagnostics]:
    config = workdir / "mypy.ini"
    config.write_text(
        "[mypy]\nstrict = True\nplugins = pydantic.mypy, pydantable.mypy\n"
        "python_version = 3.10\n"
        "[mypy-pyarrow.*,pandas.*,fsspec.*,sqlalchemy.*,sqlmodel.*,sklearn.*,joblib.*]\n"
        "ignore_missing_imports = True\n",
        encoding="utf-8",
    )
    env = {**os.environ, "MYPYPATH": str(ROOT / "src")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    return _finish_mypy(
        files,
        _start(
            [
                sys.executable,
                "-m",
                "mypy",
                "--config-file",
                str(config),
                "--cache-dir",
                str(workdir / "mypy-cache"),
                "--no-error-summary",
                "--show-error-codes",
                "--hide-error-context",
                "--no-pretty",
                *map(str, files),
            ],
            workdir,
            env,
        ),
    )


def _start(
    command: list[str], workdir: Path, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=workdir,
        env=env,
    )


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def _wait(process: subprocess.Popen[str]) -> Result:
    try:
        stdout, stderr = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail(f"{process.args!r} did not finish in {TIMEOUT} s")
    return Result(process.returncode, stdout, stderr)


def _finish_mypy(
    files: list[Path], process: subprocess.Popen[str]
) -> dict[str, Diagnostics]:
    result = _wait(process)
    if result.returncode not in (0, 1) or result.stderr.strip():
        pytest.fail(
            f"mypy did not run: {result.stderr[-2000:] or result.stdout[-2000:]}"
        )
    out: dict[str, Diagnostics] = {f.name: Diagnostics() for f in files}
    line_re = re.compile(
        r"^(?P<path>[^:]+):(?P<line>\d+): (?P<kind>error|note): (?P<msg>.*)$"
    )
    for raw in result.stdout.splitlines():
        match = line_re.match(raw)
        if match is None:
            continue
        name = Path(match["path"]).name
        if name not in out:  # an error in another module (the library): fail loudly
            out.setdefault(name, Diagnostics())
        line, message = int(match["line"]), match["msg"]
        if match["kind"] == "note":
            revealed = re.match(r'Revealed type is "(.*)"$', message)
            if revealed:
                out[name].reveals[line] = normalize(revealed[1])
            continue
        out[name].errors.setdefault(line, []).append(message)
    return out


def _pyright(files: list[Path], workdir: Path) -> subprocess.Popen[str]:
    config = workdir / "pyrightconfig.json"
    config.write_text(
        json.dumps(
            {
                "typeCheckingMode": "strict",
                "pythonVersion": "3.10",
                "extraPaths": [str(ROOT / "src")],
                # pydantable's own Any-typed internals are not the cases' concern
                "reportUnknownMemberType": False,
                "reportUnknownVariableType": False,
                "reportUnknownArgumentType": False,
                "reportUnusedExpression": False,
                "reportUnusedClass": False,
                "reportUnusedFunction": False,
            }
        ),
        encoding="utf-8",
    )
    return _start(
        [
            sys.executable,
            "-m",
            "pyright",
            "--outputjson",
            "--pythonpath",
            sys.executable,
            "--project",
            str(config),
            *map(str, files),
        ],
        workdir,
    )


def _finish_pyright(
    files: list[Path], process: subprocess.Popen[str]
) -> dict[str, Diagnostics]:
    result = _wait(process)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(
            f"pyright did not run: {result.stderr[-2000:] or result.stdout[-2000:]}"
        )
    out: dict[str, Diagnostics] = {f.name: Diagnostics() for f in files}
    for item in report["generalDiagnostics"]:
        name = Path(item["file"]).name
        diagnostics = out.setdefault(name, Diagnostics())
        line = item["range"]["start"]["line"] + 1
        message = item["message"]
        if item["severity"] == "information":
            revealed = re.match(r'Type of ".*" is "(.*)"$', message, re.S)
            if revealed:
                diagnostics.reveals[line] = normalize(revealed[1])
        elif item["severity"] == "error":
            rule = item.get("rule", "")
            diagnostics.errors.setdefault(line, []).append(f"{message} ({rule})")
    return out


def _importable(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def doc_module(document: Path) -> tuple[str, str]:
    """``(module file name, source)`` of a document's Python blocks."""
    blocks = BLOCK.findall(document.read_text(encoding="utf-8"))
    return f"doc_{document.stem.replace('-', '_')}.py", DOC_HEADER + "\n".join(blocks)


def documents_for(checker: str) -> list[Path]:
    """The documents whose blocks ``checker`` type-checks."""
    return PYRIGHT_DOCUMENTS if checker == "pyright" else DOCUMENTS


def run_checkers(files: list[Path], workdir: Path) -> dict[str, dict[str, Diagnostics]]:
    """Each checker once over ``files`` and its documents' blocks (copied
    into ``workdir``)."""
    copies = []
    for path in files:
        target = workdir / path.name
        shutil.copyfile(path, target)
        copies.append(target)
    pages: dict[str, list[Path]] = {}
    for checker in CHECKERS:
        pages[checker] = []
        for document in documents_for(checker):
            name, source = doc_module(document)
            (workdir / name).write_text(source, encoding="utf-8")
            pages[checker].append(workdir / name)
    # both at once (one core each): pyright starts first, mypy runs meanwhile
    pyright = (
        _pyright(copies + pages["pyright"], workdir) if _importable("pyright") else None
    )
    results = {"mypy": _mypy(copies + pages["mypy"], workdir)}
    if pyright is not None:
        results["pyright"] = _finish_pyright(copies + pages["pyright"], pyright)
    return results


@pytest.fixture(scope="module")
def diagnostics(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, dict[str, Diagnostics]]:
    return run_checkers(CASES, tmp_path_factory.mktemp("typing-cases"))


def _checker(
    results: dict[str, dict[str, Diagnostics]], checker: str
) -> dict[str, Diagnostics]:
    if checker not in results:
        if os.environ.get("CI"):
            pytest.fail(f"{checker} is not installed (the dev extra has it)")
        pytest.skip(f"{checker} is not installed (pip install -e '.[dev]')")
    return results[checker]


def test_there_are_cases() -> None:
    assert len(CASES) >= 3

    def blocks(document: Path) -> list[str]:
        return BLOCK.findall(document.read_text(encoding="utf-8"))

    assert sum(bool(blocks(d)) for d in DOCUMENTS) >= 10
    assert all(blocks(d) for d in PYRIGHT_DOCUMENTS)
    assert set(PYRIGHT_DOCUMENTS) <= set(DOCUMENTS)


def test_every_page_is_checked() -> None:
    """Every page the docs runner executes is type-checked (by mypy at least)."""
    from tests.acceptance.test_docs import DOCUMENTS as EXECUTED

    assert DOCUMENTS == EXECUTED


@pytest.mark.parametrize("checker", CHECKERS)
def test_cases_meet_expectations(
    checker: str, diagnostics: dict[str, dict[str, Diagnostics]]
) -> None:
    found = _checker(diagnostics, checker)
    problems = []
    sources = {p.name: p.read_text(encoding="utf-8") for p in CASES}
    sources.update(doc_module(document) for document in documents_for(checker))
    for name, source in sources.items():
        expected = expectations(source, checker)
        problems += compare(name, expected, found.get(name, Diagnostics()))
    stray = sorted(set(found) - set(sources))
    problems += [
        f"{name}: errors outside the cases: {found[name].errors}" for name in stray
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("checker", CHECKERS)
def test_removed_error_marker_fails(
    checker: str, diagnostics: dict[str, dict[str, Diagnostics]]
) -> None:
    """A case whose expected-error marker is removed (or whose error line is
    made clean while keeping the marker) is reported: the harness can fail."""
    found = _checker(diagnostics, checker)
    path = next(p for p in CASES if p.name == "columns.py")
    source = path.read_text(encoding="utf-8")
    marker = (
        f"  # E[{checker}]: operator"
        if checker == "mypy"
        else "  # E[pyright]: reportOperatorIssue"
    )
    line = next(text for text in source.splitlines() if "df.name + 1" in text)
    assert marker in line
    without = source.replace(line, line.replace(marker, ""))
    problems = compare(path.name, expectations(without, checker), found[path.name])
    assert any("unexpected error" in p for p in problems), problems
    # an expected error on a line the checker accepts is reported as missing
    clean = source.replace("df.name + 1", "df.name + 'x'")
    diag = found[path.name]
    missing = Diagnostics(reveals=diag.reveals, errors=dict(diag.errors))
    number = source.splitlines().index(line) + 1
    del missing.errors[number]
    problems = compare(path.name, expectations(clean, checker), missing)
    assert any("expected an error" in p for p in problems), problems


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_cases_run(path: Path) -> None:
    """The cases are real code: the module-level lines run and their asserts hold."""
    runpy.run_path(str(path), run_name=f"typing_case_{path.stem}")


def test_normalize() -> None:
    assert (
        normalize("pydantable.expressions.expr.ColumnRef[int | None]")
        == "ColumnRef[int|None]"
    )
    assert normalize("builtins.list[case.Users.RowModel]") == "list[RowModel]"
    assert normalize("Users.RowModel") == normalize("RowModel")
