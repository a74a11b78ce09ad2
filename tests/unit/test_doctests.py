"""Every docstring example in ``src/pydantable`` runs and prints what it shows."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import pydantable

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(pydantable.__path__, prefix="pydantable.")
)


def test_modules_are_found() -> None:
    assert "pydantable.frame" in MODULES
    assert "pydantable.expressions.string" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    )
    assert result.failed == 0, f"{result.failed} failing example(s) in {name}"


def test_the_package_has_many_examples() -> None:
    finder = doctest.DocTestFinder()
    examples = sum(
        len(test.examples)
        for name in MODULES
        for test in finder.find(importlib.import_module(name))
    )
    assert examples >= 300, examples
