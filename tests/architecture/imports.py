"""An AST view of the package's imports: who imports what, where and when.

Used by the layer tests: each import is recorded with its module, the module
it names, whether it runs at import time (top level), only inside a function
(deferred) or only for the type checker (``if TYPE_CHECKING:``).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SRC / "pydantable"

When = Literal["module", "function", "type_checking"]


@dataclass(frozen=True)
class Import:
    """One imported name: ``importer`` imports ``target`` (a module path)."""

    importer: str
    target: str
    names: tuple[str, ...]
    when: When
    line: int

    def __str__(self) -> str:
        shown = f" ({', '.join(self.names)})" if self.names else ""
        return f"{self.importer}:{self.line} [{self.when}] -> {self.target}{shown}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _resolve(importer: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports_of(name: str, path: Path) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    found: list[Import] = []

    def visit(node: ast.AST, when: When) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                visit(child, "type_checking")
            for child in node.orelse:
                visit(child, when)
            return
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            inner: When = "type_checking" if when == "type_checking" else "function"
            for child in ast.iter_child_nodes(node):
                visit(child, inner)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append(Import(name, alias.name, (), when, node.lineno))
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(name, is_package, node)
            found.append(
                Import(
                    name,
                    target,
                    tuple(a.name for a in node.names),
                    when,
                    node.lineno,
                )
            )
        for child in ast.iter_child_nodes(node):
            visit(child, when)

    visit(tree, "module")
    return found


def all_imports() -> list[Import]:
    out: list[Import] = []
    for name, path in modules().items():
        out.extend(imports_of(name, path))
    return out


def internal_target(imp: Import, known: set[str]) -> list[str]:
    """The package modules an import loads (``from pkg import mod`` → ``pkg.mod``)."""
    if not imp.target.startswith("pydantable"):
        return []
    targets = []
    for name in imp.names:
        candidate = f"{imp.target}.{name}"
        if candidate in known:
            targets.append(candidate)
    if imp.target in known and len(targets) < max(len(imp.names), 1):
        targets.append(imp.target)
    return targets


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0

    def strong(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            strong(v)
    return out
