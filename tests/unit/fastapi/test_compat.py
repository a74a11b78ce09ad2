"""The FastAPI/Starlette internals pydantable relies on, pinned in one place.

Every touch of a private part of FastAPI or Starlette is in
``pydantable._fastapi_compat``. When an upgrade changes one of them, the test
here names it; the other tests would fail in ways far from the cause.
"""

import ast
import asyncio
import dataclasses
import importlib.metadata
import inspect
import pathlib
from typing import Any

import fastapi
import starlette
import tomllib
from fastapi import encoders
from fastapi.dependencies import models, utils
from packaging.requirements import Requirement
from packaging.version import Version
from starlette.datastructures import Headers
from starlette.requests import Request

import pydantable.fastapi  # noqa: F401  (installs the wrappers checked below)
from pydantable import _fastapi_compat

ROOT = pathlib.Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "src" / "pydantable" / "fastapi"


def _extra_requirement(name: str) -> Requirement:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for line in project["optional-dependencies"]["fastapi"]:
        requirement = Requirement(line)
        if requirement.name == name:
            return requirement
    raise AssertionError(f"pyproject.toml's fastapi extra does not require {name}")


def test_the_supported_fastapi_range_is_the_one_pyproject_declares() -> None:
    declared = _extra_requirement("fastapi")
    assert str(declared) == _fastapi_compat.FASTAPI_REQUIREMENT, (
        "pyproject.toml's fastapi pin changed: re-check every internal listed in "
        "pydantable._fastapi_compat and update FASTAPI_REQUIREMENT"
    )
    installed = Version(fastapi.__version__)
    assert installed in declared.specifier, (
        f"FastAPI {installed} is outside the supported range {declared}"
    )


def test_the_installed_starlette_is_the_one_fastapi_supports() -> None:
    requirements = [
        Requirement(r) for r in importlib.metadata.requires("fastapi") or []
    ]
    (wanted,) = [r for r in requirements if r.name == "starlette" and not r.marker]
    installed = Version(starlette.__version__)
    assert installed in wanted.specifier, (
        f"Starlette {installed} is outside FastAPI {fastapi.__version__}'s {wanted}"
    )


def _request(body: bytes = b"{}") -> Request:
    sent = False

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/",
        "headers": [(b"content-type", b"text/csv")],
        "query_string": b"",
    }
    return Request(scope, receive)


def test_starlette_reads_the_request_caches_compat_writes() -> None:
    request = _request(b"raw")
    _fastapi_compat.cache_body(request, b"cached")
    body = asyncio.run(request.body())
    assert body == b"cached", "Request.body() no longer reads _body"
    _fastapi_compat.cache_json(request, {"parsed": True})
    parsed = asyncio.run(request.json())
    assert parsed == {"parsed": True}, "Request.json() no longer reads _json"
    json_type = Headers(raw=[(b"content-type", b"application/json")])
    _fastapi_compat.replace_headers(request, json_type)
    assert request.headers["content-type"] == "application/json", (
        "Request.headers no longer reads _headers"
    )


def test_fastapi_reads_the_parsed_body_from_request_json() -> None:
    # FastAPI's request handler takes the body from ``await request.json()``:
    # that is what makes cache_json skip its own parse
    source = inspect.getsource(fastapi.routing)
    assert "await request.json()" in source, (
        "fastapi.routing no longer reads the JSON body with request.json()"
    )


def test_a_dependant_is_a_dataclass_with_a_replaceable_call() -> None:
    fields = {f.name for f in dataclasses.fields(models.Dependant)}
    assert {"call", "dependencies", "body_params"} <= fields, (
        f"fastapi.dependencies.models.Dependant changed its fields: {sorted(fields)}"
    )

    def original() -> int:
        return 1

    def stand_in() -> int:
        return 2

    def endpoint(value: int = fastapi.Depends(original)) -> int:
        return value

    dependant = utils.get_dependant(path="/", call=endpoint)
    _fastapi_compat.replace_dependency(dependant, original, stand_in)
    assert dependant.dependencies[0].call is stand_in


def test_fastapi_decides_body_parameters_with_field_annotation_is_scalar() -> None:
    scalar = utils.field_annotation_is_scalar
    assert getattr(scalar, "__pydantable__", False), (
        "fastapi.dependencies.utils.field_annotation_is_scalar is not wrapped"
    )
    original = scalar.__wrapped__
    assert "annotation" in inspect.signature(original).parameters, (
        "field_annotation_is_scalar no longer takes annotation="
    )
    assert original(annotation=int) is True
    assert original(annotation=list[int]) is False
    assert "field_annotation_is_scalar(" in inspect.getsource(utils.analyze_param)


def test_fastapi_encodes_by_class_from_encoders_by_class_tuples() -> None:
    by_class = encoders.encoders_by_class_tuples
    assert isinstance(by_class, dict), "fastapi.encoders.encoders_by_class_tuples"
    assert "encoders_by_class_tuples" in inspect.getsource(encoders.jsonable_encoder)


_INTERNALS = frozenset({"_json", "_headers", "_body", "call"})
_FUNCTIONS = frozenset({"field_annotation_is_scalar", "encoders_by_class_tuples"})


def _internal_touches(path: pathlib.Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        targets = node.targets if isinstance(node, ast.Assign) else []
        for target in targets:
            if isinstance(target, ast.Attribute) and target.attr in _INTERNALS:
                found.append(f"{path.name}:{node.lineno} writes .{target.attr}")
        if isinstance(node, (ast.Attribute, ast.Name)):
            name = node.attr if isinstance(node, ast.Attribute) else node.id
            if name in _FUNCTIONS:
                found.append(f"{path.name}:{node.lineno} uses {name}")
    return found


def test_no_fastapi_module_touches_internals_outside_compat() -> None:
    touches = [t for p in sorted(PACKAGE.rglob("*.py")) for t in _internal_touches(p)]
    assert touches == [], "go through pydantable._fastapi_compat instead"
    compat = ROOT / "src" / "pydantable" / "_fastapi_compat.py"
    assert _internal_touches(compat), "the scan finds nothing: it is broken"
