"""The ``pydantable.fastapi`` surface and its optional-dependency guard."""

import importlib
import sys

import pytest

from pydantable import errors

SPEC_NAMES = {
    "ColumnLengthMismatchError",
    "IngestRowFailure",
    "IngestValidationErrorDetail",
    "MissingRustExtensionError",
    "PydantableUserError",
    "columnar_body_model",
    "columnar_body_model_from_dataframe_model",
    "columnar_dependency",
    "executor_lifespan",
    "get_executor",
    "ingest_error_response",
    "ndjson_chunk_bytes",
    "ndjson_streaming_response",
    "register_exception_handlers",
    "rows_dependency",
}
#: Added by issue 7 (engine-speed bodies/responses, request ids).
EXPECTED = SPEC_NAMES | {"DataFrameResponse", "DataFrameRoute", "RequestIdMiddleware"}


def test_all_names() -> None:
    module = importlib.import_module("pydantable.fastapi")
    assert set(module.__all__) == EXPECTED
    assert len(SPEC_NAMES) == 15
    assert len(module.__all__) == len(EXPECTED)
    for name in module.__all__:
        assert getattr(module, name) is not None
    assert module.ColumnLengthMismatchError is errors.ColumnLengthMismatchError
    assert module.PydantableUserError is errors.PydantableUserError
    assert module.MissingRustExtensionError is errors.MissingRustExtensionError


@pytest.mark.parametrize(
    "module_name", ["pydantable.fastapi", "pydantable.testing.fastapi"]
)
def test_import_without_fastapi_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, module_name: str
) -> None:
    for name in list(sys.modules):
        if (
            name.startswith("pydantable.fastapi")
            or name == "pydantable.testing.fastapi"
        ):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "fastapi", None)  # makes `import fastapi` fail
    with pytest.raises(
        errors.MissingOptionalDependency, match=r"pydantable-frames\[fastapi\]"
    ):
        importlib.import_module(module_name)


def test_importing_pydantable_does_not_import_fastapi_helpers() -> None:
    import subprocess

    code = "import sys, pydantable; print('pydantable.fastapi' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_all_is_the_exact_sorted_public_surface() -> None:
    module = importlib.import_module("pydantable.fastapi")
    assert module.__all__ == [
        "ColumnLengthMismatchError",
        "DataFrameResponse",
        "DataFrameRoute",
        "IngestRowFailure",
        "IngestValidationErrorDetail",
        "MissingRustExtensionError",
        "PydantableUserError",
        "RequestIdMiddleware",
        "columnar_body_model",
        "columnar_body_model_from_dataframe_model",
        "columnar_dependency",
        "executor_lifespan",
        "get_executor",
        "ingest_error_response",
        "ndjson_chunk_bytes",
        "ndjson_streaming_response",
        "register_exception_handlers",
        "rows_dependency",
    ]
    assert module.__all__ == sorted(module.__all__)
    assert [n for n in module.__all__ if n.startswith("_")] == []
    for name in module.__all__:
        exec(f"from pydantable.fastapi import {name}", {})


def test_every_fastapi_module_has_a_docstring_and_a_true_all() -> None:
    import pkgutil

    import pydantable.fastapi as package

    names = [
        info.name
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")
    ]
    assert "pydantable.fastapi.request.body" in names
    for name in names:
        module = importlib.import_module(name)
        assert (module.__doc__ or "").strip(), f"{name} has no module docstring"
        for item in getattr(module, "__all__", []):
            assert hasattr(module, item), f"{name}.__all__ lists missing {item}"
