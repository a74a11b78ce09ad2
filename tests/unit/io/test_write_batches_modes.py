"""write_*_batches and file writes as in the original (conformance 2.9): modes,
compression, IPC streams, directory targets, partitioned roots, write_kwargs."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import polars as pl
import pytest

import pydantable.io as pio
from pydantable import DataFrameModel
from pydantable.errors import ColumnNotFoundError


class Ev(DataFrameModel):
    id: int
    kind: str


def _lines(path: Path) -> list[str]:
    return path.read_text().splitlines()


def _left(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in tmp_path.iterdir())


# -- mode="w" / mode="a" -------------------------------------------------------------
def test_csv_write_then_append_keeps_one_header(tmp_path: Path) -> None:
    path = tmp_path / "ev.csv"
    pio.write_csv_batches(
        path, [{"id": [1], "kind": ["a"]}, {"id": [2], "kind": ["b"]}]
    )
    pio.write_csv_batches(path, [{"id": [3], "kind": ["c"]}], mode="a")
    pio.write_csv_batches(path, iter([{"id": [4], "kind": ["d"]}]), mode="a")
    assert _lines(path) == ["id,kind", "1,a", "2,b", "3,c", "4,d"]
    assert _left(tmp_path) == ["ev.csv"]  # no staging left behind
    pio.write_csv_batches(path, [{"id": [9], "kind": ["z"]}], mode="w")  # truncates
    assert _lines(path) == ["id,kind", "9,z"]


def test_csv_append_validates_and_checks_the_header(tmp_path: Path) -> None:
    path = tmp_path / "ev.csv"
    pio.write_csv_batches(path, [{"id": [1], "kind": ["a"]}])
    pio.write_csv_batches(path, [[{"id": "2", "kind": "b"}]], mode="a", model=Ev)
    assert pio.materialize_csv(path, model=Ev) == {"id": [1, 2], "kind": ["a", "b"]}
    before = path.read_bytes()
    with pytest.raises(ValueError, match=r"do not match the header"):
        pio.write_csv_batches(path, [{"kind": ["c"], "id": [3]}], mode="a")
    assert path.read_bytes() == before  # a refused append changes nothing
    assert _left(tmp_path) == ["ev.csv"]


def test_csv_append_refuses_nested_columns(tmp_path: Path) -> None:
    path = tmp_path / "ev.csv"
    pio.write_csv_batches(path, [{"id": [1]}])
    with pytest.raises(TypeError, match="CSV cannot hold nested columns"):
        pio.write_csv_batches(path, [{"id": [[1, 2]]}], mode="a")
    assert _lines(path) == ["id", "1"]


def test_csv_append_to_a_missing_file_writes_the_header(tmp_path: Path) -> None:
    # the original writes no header here; a CSV without one loses its column names
    path = tmp_path / "new.csv"
    pio.write_csv_batches(path, [{"id": [1], "kind": ["a"]}], mode="a")
    assert _lines(path) == ["id,kind", "1,a"]


def test_csv_append_after_a_file_without_trailing_newline(tmp_path: Path) -> None:
    path = tmp_path / "ev.csv"
    path.write_text("id,kind\n1,a")  # hand-written, no final newline
    pio.write_csv_batches(path, [{"id": [2], "kind": ["b"]}], mode="a")
    assert _lines(path) == ["id,kind", "1,a", "2,b"]


def test_ndjson_modes(tmp_path: Path) -> None:
    path = tmp_path / "ev.ndjson"
    pio.write_ndjson_batches(path, [{"id": [1], "kind": ["a"]}])
    pio.write_ndjson_batches(path, [{"id": [2], "kind": ["b"]}], mode="a")
    assert [json.loads(line) for line in _lines(path)] == [
        {"id": 1, "kind": "a"},
        {"id": 2, "kind": "b"},
    ]
    pio.write_ndjson_batches(path, [{"id": [3], "kind": ["c"]}], mode="w")
    assert [json.loads(line)["id"] for line in _lines(path)] == [3]


@pytest.mark.parametrize("fmt", ["csv", "ndjson"])
@pytest.mark.parametrize("mode", ["x", "wb", "", "A"])
def test_other_modes_are_value_errors(tmp_path: Path, fmt: str, mode: str) -> None:
    consumed: list[int] = []

    def batches() -> Iterator[dict[str, list[int]]]:
        consumed.append(1)
        yield {"id": [1]}

    with pytest.raises(ValueError, match=r"mode must be 'w' or 'a'"):
        getattr(pio, f"write_{fmt}_batches")(tmp_path / "x", batches(), mode=mode)
    assert consumed == []  # checked before reading any batch
    assert _left(tmp_path) == []


def test_append_mode_is_only_for_text_formats(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"mode='a' is supported for csv and ndjson"):
        pio.write_batches("parquet", tmp_path / "x.parquet", [{"id": [1]}], mode="a")


def test_empty_batches_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "ev.csv"
    pio.write_csv_batches(
        path,
        [{"id": [], "kind": []}, {"id": [1], "kind": ["a"]}, {"id": [], "kind": []}],
    )
    assert _lines(path) == ["id,kind", "1,a"]
    pio.write_csv_batches(path, [{"id": [], "kind": []}], mode="a")
    assert _lines(path) == ["id,kind", "1,a"]  # nothing to append
    nd = tmp_path / "ev.ndjson"
    pio.write_ndjson_batches(nd, [{"id": []}, {"id": [5]}])
    assert _lines(nd) == ['{"id":5}']


def test_no_batches_write_an_empty_text_file(tmp_path: Path) -> None:
    for fmt in ("csv", "ndjson"):
        path = tmp_path / f"e.{fmt}"
        path.write_text("old\n")
        getattr(pio, f"write_{fmt}_batches")(path, [])
        assert path.read_bytes() == b""
    pio.write_csv_batches(tmp_path / "m.csv", [], model=Ev)
    assert _lines(tmp_path / "m.csv") == ["id,kind"]
    # Parquet keeps the schema of an empty batch; with nothing at all it cannot
    pio.write_parquet_batches(
        tmp_path / "e.parquet", [{"id": pl.Series([], dtype=pl.Int16)}]
    )
    assert pl.read_parquet(tmp_path / "e.parquet").schema == {"id": pl.Int16}
    with pytest.raises(ValueError, match="no batches"):
        pio.write_parquet_batches(tmp_path / "n.parquet", [])


def test_async_modes(tmp_path: Path) -> None:
    path = tmp_path / "ev.csv"

    async def batches() -> AsyncIterator[dict[str, list[object]]]:
        yield {"id": [2], "kind": ["b"]}

    async def main() -> None:
        await pio.awrite_csv_batches(path, [{"id": [1], "kind": ["a"]}])
        await pio.awrite_csv_batches(path, batches(), mode="a")
        await pio.awrite_ndjson_batches(tmp_path / "a.ndjson", batches(), mode="a")
        with pytest.raises(ValueError, match="mode must be"):
            await pio.awrite_ndjson_batches(tmp_path / "b.ndjson", batches(), mode="r")

    asyncio.run(main())
    assert _lines(path) == ["id,kind", "1,a", "2,b"]
    assert _lines(tmp_path / "a.ndjson") == ['{"id":2,"kind":"b"}']


# -- parquet compression, IPC stream ------------------------------------------------
@pytest.mark.parametrize(
    ("compression", "stored"),
    [(None, "UNCOMPRESSED"), ("snappy", "SNAPPY"), ("zstd", "ZSTD")],
)
def test_parquet_batches_compression(
    tmp_path: Path, compression: str | None, stored: str
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "ev.parquet"
    pio.write_parquet_batches(
        path, [{"id": [1, 2]}, {"id": [3]}], compression=compression
    )
    assert pl.read_parquet(path)["id"].to_list() == [1, 2, 3]
    assert pq.ParquetFile(path).metadata.row_group(0).column(0).compression == stored


def test_ipc_batches_file_and_stream(tmp_path: Path) -> None:
    pio.write_ipc_batches(tmp_path / "f.arrow", [{"id": [1]}, {"id": [2]}])
    pio.write_ipc_batches(
        tmp_path / "s.arrows", [{"id": [1]}, {"id": [2]}], as_stream=True
    )
    assert pl.read_ipc(tmp_path / "f.arrow")["id"].to_list() == [1, 2]
    assert pl.read_ipc_stream(tmp_path / "s.arrows")["id"].to_list() == [1, 2]
    with pytest.raises(pl.exceptions.ComputeError):  # the formats differ
        pl.read_ipc(tmp_path / "s.arrows")
    pio.write_ipc_batches(
        tmp_path / "z.arrows", [{"id": [1]}], as_stream=True, compression="zstd"
    )
    assert pl.read_ipc_stream(tmp_path / "z.arrows")["id"].to_list() == [1]
    with pytest.raises(ValueError, match=r"as_stream=True\) takes write options"):
        pio.write_ipc_batches(
            tmp_path / "r.arrows", [{"id": [1]}], as_stream=True, record_batch_size=5
        )
    with pytest.raises(ValueError, match="as_stream=True applies to ipc only"):
        pio.write_batches("csv", tmp_path / "x.csv", [{"id": [1]}], as_stream=True)
    assert _left(tmp_path) == ["f.arrow", "s.arrows", "z.arrows"]


# -- directory targets -------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["parquet", "csv", "ndjson", "ipc", "json"])
def test_a_directory_is_not_a_batch_target(tmp_path: Path, fmt: str) -> None:
    api = f"write_{fmt}_batches"
    with pytest.raises(
        ValueError, match=rf"^{api} expects a single output file path, not a directory"
    ):
        getattr(pio, api)(tmp_path, [{"id": [1]}])
    assert _left(tmp_path) == []


@pytest.mark.parametrize("fmt", ["parquet", "csv", "ndjson", "ipc", "json"])
def test_a_directory_is_not_a_file_target(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "out").mkdir()
    frame = Ev({"id": [1], "kind": ["a"]})
    with pytest.raises(ValueError, match=rf"^write_{fmt} expects a single output file"):
        getattr(frame, f"write_{fmt}")(tmp_path / "out")
    with pytest.raises(
        ValueError, match=rf"^export_{fmt} expects a single output file"
    ):
        getattr(pio, f"export_{fmt}")(tmp_path / "out", {"id": [1]})
    assert _left(tmp_path) == ["out"]
    assert list((tmp_path / "out").iterdir()) == []


# -- partitioned writes --------------------------------------------------------------
def test_partition_by_requires_a_directory(tmp_path: Path) -> None:
    frame = Ev({"id": [1, 2], "kind": ["a", "b"]})
    file = tmp_path / "ev.parquet"
    file.write_bytes(b"keep")
    with pytest.raises(
        ValueError, match=r"partition_by requires path to be a directory"
    ):
        frame.write_parquet(file, partition_by="kind")
    assert file.read_bytes() == b"keep"
    with pytest.raises(
        ValueError, match=r"mkdir=False requires an existing directory path"
    ):
        frame.write_parquet(tmp_path / "missing", partition_by="kind")
    with pytest.raises(ValueError, match=r"mkdir=False requires an existing directory"):
        frame.write_parquet(tmp_path / "missing", partition_by="kind", mkdir=False)
    assert _left(tmp_path) == ["ev.parquet"]
    (tmp_path / "empty").mkdir()
    frame.write_parquet(tmp_path / "empty", partition_by="kind")  # exists: fine
    frame.write_parquet(tmp_path / "a" / "b", partition_by="kind", mkdir=True)
    for root in (tmp_path / "empty", tmp_path / "a" / "b"):
        assert sorted(p.name for p in root.iterdir()) == ["kind=a", "kind=b"]


def test_partition_by_unknown_column(tmp_path: Path) -> None:
    frame = Ev({"id": [1], "kind": ["a"]})
    with pytest.raises(ValueError, match="unknown column 'nope'") as info:
        frame.write_parquet(tmp_path / "p", partition_by=["kind", "nope"], mkdir=True)
    assert isinstance(info.value, ColumnNotFoundError)  # also a KeyError, as before
    with pytest.raises(ValueError, match="unknown column"):
        pio.export_csv(tmp_path / "q", {"id": [1]}, partition_by="kind", mkdir=True)
    assert _left(tmp_path) == []


# -- write_kwargs --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("fmt", "options"),
    [
        (
            "parquet",
            {
                "compression": "snappy",
                "row_group_size": 2,
                "data_page_size": 1024,
                "statistics": True,
                "parallel": True,
            },
        ),
        ("csv", {"include_header": False, "include_bom": True}),
        ("ndjson", {"json_format": "lines"}),
    ],
)
def test_the_originals_write_kwargs_are_accepted(
    tmp_path: Path, fmt: str, options: dict[str, object]
) -> None:
    frame = Ev({"id": [1, 2, 3], "kind": ["a", "b", "c"]})
    path = tmp_path / f"ev.{fmt}"
    getattr(frame, f"write_{fmt}")(path, write_kwargs=options)
    if fmt == "csv":
        assert path.read_bytes() == b"\xef\xbb\xbf1,a\n2,b\n3,c\n"
    else:
        assert getattr(Ev, f"read_{fmt}")(path).to_dict() == frame.to_dict()
    if fmt == "parquet":
        pq = pytest.importorskip("pyarrow.parquet")
        assert pq.ParquetFile(path).metadata.num_row_groups == 2


def test_eager_helpers_take_a_write_kwargs_dict(tmp_path: Path) -> None:
    pio.export_csv(
        tmp_path / "a.csv", {"id": [1]}, write_kwargs={"include_header": False}
    )
    assert _lines(tmp_path / "a.csv") == ["1"]
    pio.write_csv_batches(
        tmp_path / "b.csv",
        [{"id": [1], "k": ["a"]}],
        write_kwargs={"separator": ";"},
        include_bom=False,
    )
    assert _lines(tmp_path / "b.csv") == ["id;k", "1;a"]
    with pytest.raises(ValueError, match="unknown write_kw key 'nope'"):
        pio.export_parquet(
            tmp_path / "c.parquet", {"id": [1]}, write_kwargs={"nope": 1}
        )
    with pytest.raises(TypeError, match="write_kwargs must be a dict"):
        pio.write_parquet_batches(
            tmp_path / "d.parquet", [{"id": [1]}], write_kwargs=[1]
        )


def test_ndjson_json_format_json_writes_an_array(tmp_path: Path) -> None:
    frame = Ev({"id": [1, 2], "kind": ["a", "b"]})
    frame.write_ndjson(tmp_path / "ev.json", write_kwargs={"json_format": "json"})
    assert json.loads((tmp_path / "ev.json").read_text()) == [
        {"id": 1, "kind": "a"},
        {"id": 2, "kind": "b"},
    ]
    with pytest.raises(ValueError, match="json_format must be 'lines' or 'json'"):
        frame.write_ndjson(tmp_path / "x.json", json_format="yaml")
    with pytest.raises(ValueError, match="cannot be appended"):
        pio.write_ndjson_batches(
            tmp_path / "ev.json", [{"id": [3]}], mode="a", json_format="json"
        )


@pytest.mark.parametrize(
    ("fmt", "allowed"),
    [
        (
            "parquet",
            [
                "compression",
                "data_page_size",
                "parallel",
                "row_group_size",
                "statistics",
            ],
        ),
        ("csv", ["include_bom", "include_header"]),
        ("ndjson", ["json_format"]),
    ],
)
def test_unknown_write_kwargs(tmp_path: Path, fmt: str, allowed: list[str]) -> None:
    frame = Ev({"id": [1], "kind": ["a"]})
    pattern = r"^unknown write_kw key 'bogus'; allowed: "
    with pytest.raises(ValueError, match=pattern) as info:
        getattr(frame, f"write_{fmt}")(tmp_path / "a", write_kwargs={"bogus": 1})
    listed = str(info.value).split("allowed: ")[1].split(", ")
    assert set(allowed) <= set(listed)
    with pytest.raises(ValueError, match=pattern):
        getattr(frame, f"write_{fmt}")(tmp_path / "b", bogus=1)
    with pytest.raises(ValueError, match=pattern):
        getattr(pio, f"export_{fmt}")(tmp_path / "c", {"id": [1]}, model=Ev, bogus=1)
    with pytest.raises(ValueError, match=pattern):
        getattr(pio, f"write_{fmt}_batches")(tmp_path / "d", [{"id": [1]}], bogus=1)
    assert _left(tmp_path) == []
