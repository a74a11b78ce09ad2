"""Module-level lazy roots ``pydantable.io.read_*`` (conformance 2.8)."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import polars as pl
import pydantic
import pytest

import pydantable.io as pio
from pydantable import DataFrameModel
from pydantable.io.roots import ScanRoot


class Ev(DataFrameModel):
    id: int
    kind: str


DATA = {"id": [1, 2, 3], "kind": ["a", "b", "a"]}
FORMATS = ["parquet", "csv", "ndjson", "json", "ipc"]


def _write(tmp_path: Path, fmt: str, data: dict[str, list[object]] = DATA) -> Path:
    path = tmp_path / f"ev.{fmt}"
    frame = pl.DataFrame(data)
    if fmt == "json":
        frame.write_ndjson(path)  # the original's read_json is NDJSON
    else:
        getattr(frame, f"write_{fmt}")(path)
    return path


@pytest.mark.parametrize("fmt", FORMATS)
def test_roots_are_lazy_and_keep_the_path(tmp_path: Path, fmt: str) -> None:
    path = _write(tmp_path, fmt)
    root = getattr(pio, f"read_{fmt}")(str(path))
    assert isinstance(root, ScanRoot)
    assert root.path == str(path)
    assert root.format == fmt
    assert getattr(pio, f"read_{fmt}")(path).path == str(path)  # a Path too
    assert root.to_dict() == DATA
    assert root.lazy().collect().to_dict(as_series=False) == DATA
    typed = root.as_model(Ev)
    assert isinstance(typed, Ev)
    assert typed.filter(typed.kind == "a").to_dict() == {
        "id": [1, 3],
        "kind": ["a", "a"],
    }


def test_a_root_reads_nothing_until_asked(tmp_path: Path) -> None:
    root = pio.read_parquet(tmp_path / "later.parquet")
    assert root.path == str(tmp_path / "later.parquet")
    with pytest.raises(FileNotFoundError):
        root.to_dict()
    _write(tmp_path, "parquet").rename(tmp_path / "later.parquet")
    assert root.to_dict() == DATA


def test_read_json_is_the_ndjson_alias(tmp_path: Path) -> None:
    path = _write(tmp_path, "ndjson")
    assert type(pio.read_json(path)) is type(pio.read_ndjson(path))
    assert pio.read_json(path).path == pio.read_ndjson(path).path
    assert pio.read_json(path).to_dict() == pio.read_ndjson(path).to_dict()
    array = tmp_path / "a.json"
    array.write_text('[{"id": 1, "kind": "x"}]')
    assert pio.read_json(array).as_model(Ev).to_dict() == {"id": [1], "kind": ["x"]}


def test_columns_and_scan_kwargs(tmp_path: Path) -> None:
    path = tmp_path / "ev.csv"
    path.write_text("id;kind;extra\n1;a;0\n2;b;0\n")
    root = pio.read_csv(path, columns=["kind", "id"], separator=";")
    assert root.columns == ("kind", "id")
    assert dict(root.scan_kwargs) == {"separator": ";"}
    assert root.to_dict() == {"kind": ["a", "b"], "id": [1, 2]}
    assert root.as_model(Ev).to_dict() == {"kind": ["a", "b"], "id": [1, 2]}
    with pytest.raises(ValueError, match=r"unknown scan_kw key 'sep' for this format"):
        pio.read_csv(path, sep=";")
    with pytest.raises(TypeError, match="sequence of column names"):
        pio.read_csv(path, columns="id")
    with pytest.raises(TypeError, match="expects a path"):
        pio.read_parquet(42)  # type: ignore[call-overload]
    with pytest.raises(dataclasses.FrozenInstanceError):
        root.path = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        root.scan_kwargs["separator"] = ","  # type: ignore[index]
    assert hash(root) == hash(pio.read_csv(path, columns=["kind", "id"], separator=";"))


def test_model_returns_the_typed_frame(tmp_path: Path) -> None:
    path = _write(tmp_path, "parquet")
    frame = pio.read_parquet(path, model=Ev)
    assert isinstance(frame, Ev)
    assert frame.to_dict() == DATA
    assert pio.read_parquet(path, model=Ev, columns=["id"]).to_dict() == {
        "id": [1, 2, 3]
    }
    bad = _write(tmp_path, "csv", {"id": ["1", "x"], "kind": ["a", "b"]})
    with pytest.raises(pydantic.ValidationError):
        pio.read_csv(bad, model=Ev).to_dict()
    with pytest.raises(pydantic.ValidationError):
        pio.read_csv(bad).as_model(Ev).to_dict()
    with pytest.raises(ValueError, match="trusted_mode"):
        pio.read_csv(bad).as_model(Ev, trusted_mode="bogus")


def test_several_paths(tmp_path: Path) -> None:
    a = _write(tmp_path, "parquet")
    b = tmp_path / "more.parquet"
    pl.DataFrame({"id": [4], "kind": ["z"]}).write_parquet(b)
    root = pio.read_parquet([a, b])
    assert root.path == [str(a), str(b)]
    assert root.to_dict()["id"] == [1, 2, 3, 4]


@pytest.mark.parametrize("fmt", FORMATS)
def test_async_roots(tmp_path: Path, fmt: str) -> None:
    path = _write(tmp_path, fmt)

    async def main() -> tuple[ScanRoot, Ev]:
        root = await getattr(pio, f"aread_{fmt}")(path)
        typed = await getattr(pio, f"aread_{fmt}")(path, model=Ev)
        return root, typed

    root, typed = asyncio.run(main())
    assert root.path == str(path)
    assert typed.to_dict() == DATA
