"""Arrow IPC: file vs stream format, bytes and buffer sources (conformance 2.8)."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import polars as pl
import pydantic
import pytest

import pydantable.io as pio
from pydantable import DataFrameModel, InvalidSourceError


class Ev(DataFrameModel):
    id: int
    kind: str | None


DATA = {"id": [1, 2, 3], "kind": ["a", None, "c"]}


def _file_bytes(data: dict[str, list[object]]) -> bytes:
    buf = io.BytesIO()
    pl.DataFrame(data).write_ipc(buf)
    return buf.getvalue()


def _stream_bytes(data: dict[str, list[object]]) -> bytes:
    buf = io.BytesIO()
    pl.DataFrame(data).write_ipc_stream(buf)
    return buf.getvalue()


@pytest.mark.parametrize("wrap", [bytes, bytearray, memoryview, io.BytesIO])
def test_materialize_ipc_reads_bytes_and_buffers(wrap: type) -> None:
    assert pio.materialize_ipc(wrap(_file_bytes(DATA))) == DATA
    assert pio.materialize_ipc(wrap(_stream_bytes(DATA)), as_stream=True) == DATA


def test_materialize_ipc_stream_files_and_models(tmp_path: Path) -> None:
    path = tmp_path / "ev.arrows"
    path.write_bytes(_stream_bytes({**DATA, "extra": [0, 0, 0]}))
    assert pio.materialize_ipc(path, as_stream=True, columns=["id"]) == {
        "id": [1, 2, 3]
    }
    assert pio.materialize_ipc(path, as_stream=True, model=Ev) == DATA
    assert pio.materialize_ipc(
        str(path), as_stream=True, model=Ev, columns=["kind"]
    ) == {"kind": ["a", None, "c"]}
    assert Ev.materialize_ipc(path, as_stream=True) == DATA  # the classmethod too
    bad = _stream_bytes({"id": ["1", "x"], "kind": ["a", "b"]})
    with pytest.raises(pydantic.ValidationError) as info:
        pio.materialize_ipc(bad, as_stream=True, model=Ev)
    assert info.value.errors()[0]["loc"] == ("id", 1)


def test_file_and_stream_are_not_auto_detected(tmp_path: Path) -> None:
    stream = tmp_path / "ev.arrows"
    stream.write_bytes(_stream_bytes(DATA))
    file = tmp_path / "ev.arrow"
    file.write_bytes(_file_bytes(DATA))
    with pytest.raises(InvalidSourceError, match=r"ev\.arrows' as ipc"):
        pio.materialize_ipc(stream)
    with pytest.raises(InvalidSourceError, match=r"ev\.arrow' as ipc"):
        pio.materialize_ipc(file, as_stream=True)
    with pytest.raises(InvalidSourceError, match=r"ev\.arrows' as ipc"):
        list(pio.iter_ipc(stream))
    with pytest.raises(InvalidSourceError, match="'bytes' as ipc"):
        pio.iter_ipc(_file_bytes(DATA), as_stream=True)


def test_iter_ipc_stream_and_bytes(tmp_path: Path) -> None:
    path = tmp_path / "ev.arrows"
    path.write_bytes(_stream_bytes(DATA))
    assert [b["id"] for b in pio.iter_ipc(path, batch_size=2, as_stream=True)] == [
        [1, 2],
        [3],
    ]
    assert list(pio.iter_ipc(_file_bytes(DATA), batch_size=2, model=Ev)) == [
        {"id": [1, 2], "kind": ["a", None]},
        {"id": [3], "kind": ["c"]},
    ]
    assert list(pio.iter_ipc(io.BytesIO(_stream_bytes(DATA)), as_stream=True)) == [DATA]

    async def main() -> list[dict[str, list[object]]]:
        return [b async for b in pio.aiter_ipc(path, batch_size=5, as_stream=True)]

    assert asyncio.run(main()) == [DATA]


def test_as_stream_misuse(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="as_stream=True applies to ipc only"):
        pio.materialize("parquet", tmp_path / "x", as_stream=True)
    with pytest.raises(ValueError, match="need an IPC file path"):
        pio.materialize_ipc(_file_bytes(DATA), rechunk=True)
    with pytest.raises(ValueError, match="needs a model"):
        pio.materialize_ipc(_file_bytes(DATA), trusted_mode="strict")
    with pytest.raises(ValueError, match="batch_size"):
        pio.iter_ipc(_file_bytes(DATA), batch_size=0)


def test_amaterialize_ipc_stream() -> None:
    got = asyncio.run(pio.amaterialize_ipc(_stream_bytes(DATA), as_stream=True))
    assert got == DATA
