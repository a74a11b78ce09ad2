"""The layer rules of the package, checked on its source (AST, no imports run).

ingest → schema → typed plan → engine → materialization → HTTP, one way:
- the frame, the plan and the expressions hold no engine code: they never
  import Polars at run time nor an engine implementation; the plan does not
  even know the engine registry;
- only ``pydantable.engines`` lowers plans (``lower_plan``/``lower_expr``);
- the frame's method families see each other only through ``frame/__init__``
  and never import the public faces built on them (``model``, ``dataframe``);
- imports run one way along the layers (:data:`LAYERS`), with the exceptions
  listed in :data:`UPWARD` (each with its reason); the HTTP layer reaches an
  engine only through the contract;
- the import graph, deferred (function-local) imports included, has no cycle.
"""

from __future__ import annotations

import pytest
from tests.architecture.imports import (
    Import,
    all_imports,
    cycles,
    internal_target,
    modules,
)

IMPORTS = all_imports()
KNOWN = set(modules())


def _in(module: str, *packages: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def _violations(rule: str, found: list[Import]) -> str:
    return f"{rule}:\n" + "\n".join(f"  {imp}" for imp in found)


@pytest.mark.parametrize(
    "layer", ["pydantable.frame", "pydantable.plan", "pydantable.expressions"]
)
def test_core_layers_import_no_engine_code(layer: str) -> None:
    found = [
        imp
        for imp in IMPORTS
        if _in(imp.importer, layer)
        and imp.when != "type_checking"
        and (_in(imp.target, "polars") or imp.target.startswith("pydantable.engines."))
    ]
    assert not found, _violations(f"{layer} imports engine code at run time", found)


def test_the_plan_does_not_know_engines_or_frames() -> None:
    found = [
        imp
        for imp in IMPORTS
        if _in(imp.importer, "pydantable.plan")
        and _in(imp.target, "pydantable.engines", "pydantable.frame", "polars")
    ]
    assert not found, _violations("plan/ imports engines or frames", found)


def test_only_engines_lower_plans() -> None:
    lowering = {"lower_plan", "lower_expr"}
    found = [
        imp
        for imp in IMPORTS
        if not _in(imp.importer, "pydantable.engines")
        and _in(imp.target, "pydantable.engines")
        and (lowering & set(imp.names) or imp.target.endswith(".core"))
    ]
    assert not found, _violations("lowering used outside pydantable.engines", found)


def test_frame_families_do_not_import_the_frame_or_its_faces() -> None:
    found = [
        imp
        for imp in IMPORTS
        if _in(imp.importer, "pydantable.frame")
        and imp.importer != "pydantable.frame"
        and imp.when != "type_checking"
        and (
            imp.target
            in ("pydantable.frame", "pydantable.model", "pydantable.dataframe")
            or (imp.target == "pydantable" and set(imp.names) & {"model", "dataframe"})
        )
    ]
    assert not found, _violations("a frame family imports the frame or a face", found)


def test_import_graph_has_no_cycle_even_through_deferred_imports() -> None:
    edges: dict[str, set[str]] = {}
    for imp in IMPORTS:
        if imp.when == "type_checking":
            continue
        for target in internal_target(imp, KNOWN):
            if target != imp.importer and not imp.importer.startswith(target + "."):
                edges.setdefault(imp.importer, set()).add(target)
    found = cycles(edges)
    assert not found, "import cycles:\n" + "\n".join(
        "  " + " -> ".join(component) for component in found
    )


#: The layers, first to last; a module may import its own layer and earlier ones.
#: Ingest and the engine share a layer: validation builds Polars data (the
#: exchange format) and the engine reads the tables ingest holds.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("schema", ("pydantable.dtypes", "pydantable.schema", "pydantable.errors")),
    (
        "typed plan",
        (
            "pydantable.expressions",
            "pydantable.plan",
            "pydantable.selectors",
            "pydantable.window_spec",
        ),
    ),
    ("engine and ingest", ("pydantable.engines", "pydantable.validation")),
    (
        "frame and materialization",
        (
            "pydantable.frame",
            "pydantable.model",
            "pydantable.contracts",
            "pydantable.dataframe",
            "pydantable.materialize",
            "pydantable.streaming",
            "pydantable.execution",
            "pydantable.awaitable",
        ),
    ),
    ("I/O", ("pydantable.io",)),
    ("HTTP", ("pydantable.fastapi", "pydantable.testing")),
]

#: Imports allowed to point at a later layer: (importer, target, when, reason).
UPWARD: list[tuple[str, str, str, str]] = [
    (
        "pydantable.expressions.patterns",
        "pydantable.engines",
        "module",
        "a regex is checked when the expression is built, in the dialect of the "
        "default engine, through the contract (`get_engine().check_regex`)",
    ),
    (
        "pydantable.frame.io",
        "pydantable.io",
        "function",
        "the frame's read/write methods load the I/O layer on first use",
    ),
    (
        "pydantable.model",
        "pydantable.io",
        "function",
        "Model.to_sqlalchemy_table() loads the SQL layer (SQLAlchemy) on first use",
    ),
    (
        "pydantable.model",
        "pydantable.testing.examples",
        "function",
        "`Model.examples()` loads the example generator on first use (it reads "
        "only the schema layer; it lives with the testing helpers)",
    ),
]


def _layer(module: str) -> int | None:
    for index, (_, packages) in enumerate(LAYERS):
        if _in(module, *packages):
            return index
    return None


def upward_imports() -> list[Import]:
    """Run-time imports that point at a later layer, the listed exceptions aside."""
    found = []
    for imp in IMPORTS:
        low = _layer(imp.importer)
        if imp.when == "type_checking" or low is None:
            continue
        for target in internal_target(imp, KNOWN):
            high = _layer(target)
            allowed = any(
                imp.importer == importer and _in(target, t) and imp.when == when
                for importer, t, when, _ in UPWARD
            )
            if high is not None and high > low and not allowed:
                found.append(imp)
    return found


def test_imports_run_one_way_along_the_layers() -> None:
    found = upward_imports()
    assert not found, _violations(
        "imports against the layer order " + " → ".join(name for name, _ in LAYERS),
        found,
    )


def test_http_reaches_an_engine_only_through_the_contract() -> None:
    found = [
        imp
        for imp in IMPORTS
        if _in(imp.importer, "pydantable.fastapi")
        and imp.target.startswith("pydantable.engines.")
    ]
    assert not found, _violations("pydantable.fastapi imports an engine", found)
