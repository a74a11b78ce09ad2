"""The public surface: every exported name resolves, lists are sorted, nothing private leaks."""

from __future__ import annotations

import importlib

import pytest

PUBLIC_MODULES = [
    "pydantable",
    "pydantable.dtypes",
    "pydantable.errors",
    "pydantable.expressions",
    "pydantable.schema",
    "pydantable.selectors",
]


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_all_names_resolve(module_name: str) -> None:
    """Order of ``__all__`` is enforced by ruff (RUF022); here: resolvable, unique."""
    module = importlib.import_module(module_name)
    exported = module.__all__
    assert len(set(exported)) == len(exported)
    for name in exported:
        assert hasattr(module, name), f"{module_name}.{name} does not resolve"
        if name != "__version__":
            assert not name.startswith("_"), f"private name {name} exported"


def test_top_level_surface() -> None:
    import pydantable

    expected = {
        "DataFrame",
        "DataFrameModel",
        "Schema",
        "Expr",
        "col",
        "concat",
        "lit",
        "when",
        "ColumnLengthMismatchError",
        "PydantableUserError",
        "MissingOptionalDependency",
        "global_sum",
        "global_row_count",
        "selectors",
        "sum_horizontal",
        "any_horizontal",
    }
    assert expected <= set(pydantable.__all__)


def test_errors_hierarchy() -> None:
    from pydantable import errors

    assert issubclass(errors.PydantableUserError, ValueError)
    assert issubclass(errors.ColumnLengthMismatchError, errors.PydantableUserError)
    assert issubclass(errors.SchemaMismatchError, ValueError)
    assert issubclass(errors.ColumnNotFoundError, KeyError)
    assert issubclass(errors.MissingOptionalDependency, ImportError)


def test_optional_dependency_error_names_the_extra() -> None:
    from pydantable._dependencies import require
    from pydantable.errors import MissingOptionalDependency

    with pytest.raises(MissingOptionalDependency, match=r"pydantable-frames\[sql\]"):
        require("surely_not_an_installed_module_xyz", extra="sql")
