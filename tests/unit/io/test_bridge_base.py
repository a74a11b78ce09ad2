"""I/O classmethods on the bare ``DataFrameModel`` (no columns) are refused
with the original's ``TypeError`` before anything is read or written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pydantable import DataFrameModel

PATTERN = "I/O classmethods must be called on a concrete DataFrameModel subclass"


@pytest.mark.parametrize(
    "call",
    [
        lambda p: DataFrameModel.read_parquet(p / "x.parquet"),
        lambda p: DataFrameModel.read_csv(p / "x.csv"),
        lambda p: DataFrameModel.aread_ndjson(p / "x.ndjson"),
        lambda p: DataFrameModel.iter_json(p / "x.json"),
        lambda p: DataFrameModel.materialize_ipc(p / "x.ipc"),
        lambda p: DataFrameModel.export_csv(p / "x.csv", {"a": [1]}),
        lambda p: DataFrameModel.read_sql("SELECT 1", f"sqlite:///{p / 'db'}"),
    ],
    ids=[
        "read_parquet",
        "read_csv",
        "aread_ndjson",
        "iter_json",
        "materialize_ipc",
        "export_csv",
        "read_sql",
    ],
)
def test_bare_base_class_is_refused(
    tmp_path: Path, call: Callable[[Path], Any]
) -> None:
    with pytest.raises(TypeError, match=PATTERN):
        call(tmp_path)
    assert list(tmp_path.iterdir()) == []  # nothing written, nothing created
