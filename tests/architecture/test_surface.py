"""The public surface is deliberate: snapshots of the frame classes' names and
exact ``__all__`` lists.

Every public attribute of a frame class hides a column of the same name from
``df.<name>`` (it stays reachable as ``df["name"]``), so adding one is a
choice: update the snapshot file in the same change
(``python -m tests.architecture.test_surface`` rewrites them).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

import pydantable
from pydantable import DataFrame, DataFrameModel

SNAPSHOTS = Path(__file__).with_name("surface")
FRAME_CLASSES = {"DataFrameModel": DataFrameModel, "DataFrame": DataFrame}


def public_names(cls: type) -> list[str]:
    return sorted(name for name in dir(cls) if not name.startswith("_"))


@pytest.mark.parametrize("name", sorted(FRAME_CLASSES))
def test_frame_surface_matches_its_snapshot(name: str) -> None:
    recorded = (SNAPSHOTS / f"{name}.txt").read_text().split()
    current = public_names(FRAME_CLASSES[name])
    added = sorted(set(current) - set(recorded))
    removed = sorted(set(recorded) - set(current))
    assert (added, removed) == ([], []), (
        f"{name}'s public names changed: added {added}, removed {removed}. Each name "
        "hides a column of that name from attribute access; if the change is "
        "deliberate, run `python -m tests.architecture.test_surface`."
    )


def test_a_method_name_hides_a_column_only_from_attribute_access() -> None:
    class Scores(DataFrameModel):
        first: int
        value: int

    df = Scores({"first": [1, 2], "value": [3, 4]})
    assert callable(df.first)  # the method wins over the column
    assert df.select(df["first"]).to_dict() == {"first": [1, 2]}
    assert df.select(df.value).to_dict() == {"value": [3, 4]}


EXPECTED_ALL = {
    "pydantable.engines": [
        "DEFAULT_ENGINE",
        "SINK_FORMATS",
        "Engine",
        "engine_names",
        "engine_of",
        "get_engine",
        "prefer_streaming",
        "register_engine",
        "resolve_streaming",
        "streaming_preferred",
    ],
}


@pytest.mark.parametrize("module_name", sorted(EXPECTED_ALL))
def test_exact_all(module_name: str) -> None:
    module = importlib.import_module(module_name)
    assert module.__all__ == EXPECTED_ALL[module_name]
    for name in module.__all__:
        assert hasattr(module, name), f"{module_name}.{name} does not resolve"


def test_version_is_exported() -> None:
    assert isinstance(pydantable.__version__, str)


def _write() -> None:
    SNAPSHOTS.mkdir(exist_ok=True)
    for name, cls in FRAME_CLASSES.items():
        (SNAPSHOTS / f"{name}.txt").write_text("\n".join(public_names(cls)) + "\n")
        print(f"wrote {SNAPSHOTS / name}.txt", file=sys.stderr)


if __name__ == "__main__":
    _write()
