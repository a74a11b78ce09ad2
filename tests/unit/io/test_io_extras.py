"""The original's extras (conformance 2.8): Delta tables, CSV on stdin/stdout, Arrow
helpers, batch helpers, rap_support."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import pydantable.io as pio
from pydantable.io import batches as batch_helpers
from pydantable.io import extras, rap_support


@pytest.fixture
def pa() -> Any:
    """PyArrow (the ``arrow`` extra), or the test is skipped."""
    return pytest.importorskip("pyarrow")


# -- Delta -------------------------------------------------------------------------
def _commit(log: Path, version: int, actions: list[dict[str, Any]]) -> None:
    lines = "\n".join(json.dumps(a) for a in actions) + "\n"
    (log / f"{version:020d}.json").write_text(lines)


def _part(table: Path, name: str, ids: list[int]) -> dict[str, Any]:
    path = table / name
    path.parent.mkdir(parents=True, exist_ok=True)
    pl.DataFrame({"id": ids}).write_parquet(path)
    return {"add": {"path": name, "size": path.stat().st_size, "dataChange": True}}


PROTOCOL = {"protocol": {"minReaderVersion": 1, "minWriterVersion": 2}}


def _table(tmp_path: Path) -> Path:
    """Version 0 adds part-0 and part-1; version 1 replaces part-0 by part-2."""
    table = tmp_path / "table"
    log = table / "_delta_log"
    log.mkdir(parents=True)
    meta = {"metaData": {"id": "t", "partitionColumns": [], "configuration": {}}}
    _commit(
        log,
        0,
        [
            PROTOCOL,
            meta,
            _part(table, "part-0.parquet", [1, 2]),
            _part(table, "part-1.parquet", [3]),
        ],
    )
    _commit(
        log,
        1,
        [
            {"remove": {"path": "part-0.parquet", "dataChange": True}},
            _part(table, "part-2.parquet", [4, 5]),
        ],
    )
    return table


def test_read_delta_follows_the_transaction_log(pa: Any, tmp_path: Path) -> None:
    table = _table(tmp_path)
    # part-0.parquet is still on disk (removed files stay until VACUUM): not read
    assert (table / "part-0.parquet").exists()
    assert extras.read_delta(table) == {"id": [3, 4, 5]}
    assert pio.read_delta(str(table), experimental=True) == {"id": [3, 4, 5]}
    assert [b["id"] for b in pio.iter_delta(table, batch_size=2)] == [[3, 4], [5]]
    assert list(pio.iter_delta(table)) == [{"id": [3, 4, 5]}]


def test_read_delta_partitions_and_escaped_paths(pa: Any, tmp_path: Path) -> None:
    table = tmp_path / "table"
    log = table / "_delta_log"
    log.mkdir(parents=True)
    a = _part(table, "region=e u/p0.parquet", [1])
    a["add"]["path"] = "region=e%20u/p0.parquet"  # paths in the log are URL-encoded
    b = _part(table, "region=us/p1.parquet", [2])
    _commit(log, 0, [PROTOCOL, a, b])
    got = pio.read_delta(table)
    assert sorted(zip(got["region"], got["id"], strict=True)) == [("e u", 1), ("us", 2)]


def test_read_delta_from_a_checkpoint(pa: Any, tmp_path: Path) -> None:
    table = _table(tmp_path)
    log = table / "_delta_log"
    add = pa.struct([("path", pa.string()), ("size", pa.int64())])
    protocol = pa.struct(
        [("minReaderVersion", pa.int32()), ("minWriterVersion", pa.int32())]
    )
    checkpoint = pa.table(
        {
            "protocol": pa.array(
                [{"minReaderVersion": 1, "minWriterVersion": 2}, None, None], protocol
            ),
            "add": pa.array(
                [
                    None,
                    {"path": "part-1.parquet", "size": 1},
                    {"path": "part-2.parquet", "size": 1},
                ],
                add,
            ),
        }
    )
    import pyarrow.parquet as pq

    pq.write_table(checkpoint, log / f"{1:020d}.checkpoint.parquet")
    for version in (0, 1):  # the log was cleaned up after the checkpoint
        (log / f"{version:020d}.json").unlink()
    _commit(log, 2, [{"remove": {"path": "part-1.parquet"}}])
    assert pio.read_delta(table) == {"id": [4, 5]}


def test_read_delta_refuses_what_it_would_read_wrongly(pa: Any, tmp_path: Path) -> None:
    table = _table(tmp_path)
    log = table / "_delta_log"
    _commit(log, 3, [_part(table, "part-3.parquet", [6])])  # version 2 is missing
    with pytest.raises(ValueError, match="missing version 2"):
        pio.read_delta(table)
    (log / f"{3:020d}.json").unlink()
    dv = _part(table, "part-4.parquet", [7])
    dv["add"]["deletionVector"] = {"storageType": "u", "pathOrInlineDv": "x"}
    _commit(log, 2, [dv])
    with pytest.raises(ValueError, match="deletion vectors"):
        pio.read_delta(table)
    _commit(
        log,
        2,
        [{"protocol": {"minReaderVersion": 3, "readerFeatures": ["columnMapping"]}}],
    )
    with pytest.raises(
        ValueError, match=r"reader version 3 \(features \['columnMapping'\]\)"
    ):
        pio.read_delta(table)


def test_read_delta_of_a_plain_parquet_directory(pa: Any, tmp_path: Path) -> None:
    pl.DataFrame({"id": [1]}).write_parquet(tmp_path / "a.parquet")
    assert pio.read_delta(tmp_path) == {"id": [1]}
    with pytest.raises(FileNotFoundError):
        pio.read_delta(tmp_path / "missing")
    with pytest.raises(ValueError, match="not a directory"):
        pio.read_delta(tmp_path / "a.parquet")


def test_the_experimental_gate(
    pa: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = _table(tmp_path)
    monkeypatch.delenv("PYDANTABLE_IO_EXPERIMENTAL", raising=False)
    with pytest.raises(ValueError, match="read_delta is experimental"):
        pio.read_delta(table, experimental=False)
    with pytest.raises(ValueError, match="iter_delta is experimental"):
        pio.iter_delta(table, experimental=False)
    monkeypatch.setenv("PYDANTABLE_IO_EXPERIMENTAL", "0")
    with pytest.raises(ValueError, match="experimental"):
        pio.read_delta(table, experimental=False)
    monkeypatch.setenv("PYDANTABLE_IO_EXPERIMENTAL", "1")
    assert pio.read_delta(table, experimental=False) == {"id": [3, 4, 5]}
    assert list(pio.iter_delta(table, experimental=False)) == [{"id": [3, 4, 5]}]


@pytest.mark.parametrize("bad", [0, -1, True, 1.5])
def test_iter_delta_batch_size(pa: Any, tmp_path: Path, bad: object) -> None:
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        pio.iter_delta(_table(tmp_path), batch_size=bad)  # type: ignore[arg-type]


# -- stdin / stdout -----------------------------------------------------------------
CSV = b"id,kind,score\n1,a,2.5\n2,b,\n"
PARSED = {"id": [1, 2], "kind": ["a", "b"], "score": [2.5, None]}


@pytest.mark.parametrize(
    "stream",
    [
        lambda: io.TextIOWrapper(io.BytesIO(CSV), encoding="utf-8"),  # like sys.stdin
        lambda: io.StringIO(CSV.decode()),
        lambda: io.BytesIO(CSV),
    ],
    ids=["text-with-buffer", "text", "binary"],
)
def test_read_csv_stdin_streams(stream: Any) -> None:
    assert pio.read_csv_stdin(stream()) == PARSED
    assert pio.read_csv_stdin(stream(), engine="pyarrow") == PARSED


def test_read_csv_stdin_after_text_was_read() -> None:
    stream = io.TextIOWrapper(io.BytesIO(b"# comment\n" + CSV), encoding="utf-8")
    assert stream.readline() == "# comment\n"  # the wrapper has buffered the rest
    assert pio.read_csv_stdin(stream) == PARSED


def test_read_csv_stdin_defaults_to_sys_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(CSV)))
    assert pio.read_csv_stdin() == PARSED
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"  \n")))
    assert pio.read_csv_stdin() == {}
    with pytest.raises(ValueError, match="engine must be one of"):
        pio.read_csv_stdin(io.StringIO("a\n1\n"), engine="native")


def test_write_csv_stdout_to_a_text_stream_with_a_buffer() -> None:
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8")
    out.write("# before\n")  # text already written stays first
    pio.write_csv_stdout(PARSED, out)
    out.write("# after\n")
    out.flush()
    assert raw.getvalue() == b"# before\nid,kind,score\n1,a,2.5\n2,b,\n# after\n"


def test_write_csv_stdout_streams_and_inputs(monkeypatch: pytest.MonkeyPatch) -> None:
    text = io.StringIO()
    pio.write_csv_stdout([{"x": 1}, {"x": 2}], text, engine="rust")
    assert text.getvalue() == "x\n1\n2\n"
    binary = io.BytesIO()
    pio.write_csv_stdout(pl.DataFrame({"x": ["é"]}), binary)
    assert binary.getvalue() == "x\né\n".encode()
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="utf-8"))
    pio.write_csv_stdout({"x": [1]})
    assert raw.getvalue() == b"x\n1\n"
    with pytest.raises(ValueError, match="engine must be one of"):
        pio.write_csv_stdout({"x": [1]}, text, engine="bogus")
    with pytest.raises(TypeError, match="column mapping"):
        pio.write_csv_stdout(42, text)


def test_stdout_round_trips_through_stdin() -> None:
    buf = io.StringIO()
    pio.write_csv_stdout(PARSED, buf)
    assert pio.read_csv_stdin(io.StringIO(buf.getvalue())) == PARSED


# -- Arrow helpers -----------------------------------------------------------------
def test_arrow_helpers(pa: Any) -> None:
    table = pa.table({"id": [1, None], "tags": [["a"], []], "s": [{"k": 1}, None]})
    assert pio.arrow_table_to_column_dict(table) == {
        "id": [1, None],
        "tags": [["a"], []],
        "s": [{"k": 1}, None],
    }
    batch = table.to_batches()[0]
    assert pio.record_batch_to_column_dict(batch) == pio.arrow_table_to_column_dict(
        table
    )
    with pytest.raises(TypeError, match=r"expects a pyarrow\.Table; got RecordBatch"):
        pio.arrow_table_to_column_dict(batch)
    with pytest.raises(TypeError, match=r"expects a pyarrow\.RecordBatch; got Table"):
        pio.record_batch_to_column_dict(table)


# -- batch helpers -------------------------------------------------------------------
def test_ensure_rectangular() -> None:
    batch = {"a": [1, 2], "b": ["x", "y"]}
    assert batch_helpers.ensure_rectangular(batch) is batch
    assert pio.ensure_rectangular({}) == {}
    with pytest.raises(ValueError, match="batch columns must have the same length"):
        pio.ensure_rectangular({"a": [1, 2], "b": ["x"]})
    with pytest.raises(TypeError, match="mapping"):
        pio.ensure_rectangular([[1]])  # type: ignore[arg-type]


def test_iter_concat_batches() -> None:
    batches = iter(
        [{"a": [1], "b": ["x"]}, {"a": [], "b": []}, {"b": ["y", "z"], "a": [2, 3]}]
    )
    assert pio.iter_concat_batches(batches) == {"a": [1, 2, 3], "b": ["x", "y", "z"]}
    assert pio.iter_concat_batches(iter([])) == {}
    with pytest.raises(ValueError, match="batch columns must have the same length"):
        pio.iter_concat_batches([{"a": [1], "b": []}])
    with pytest.raises(ValueError, match=r"batch 1 has columns \['c'\]"):
        pio.iter_concat_batches([{"a": [1]}, {"c": [2]}])


def test_iter_chain_batches_calls_iter_one_per_path(tmp_path: Path) -> None:
    for name, ids in (("a.csv", ["1", "2"]), ("b.csv", ["3"])):
        (tmp_path / name).write_text("id\n" + "\n".join(ids) + "\n")
    seen: list[Path] = []

    def iter_one(path: Path) -> Any:
        seen.append(path)
        return pio.iter_csv(path, batch_size=1)

    chained = pio.iter_chain_batches(
        [str(tmp_path / "a.csv"), tmp_path / "b.csv"], iter_one
    )
    assert seen == []  # lazy
    assert [b["id"] for b in chained] == [["1"], ["2"], ["3"]]
    assert seen == [tmp_path / "a.csv", tmp_path / "b.csv"]
    assert all(type(p) is type(tmp_path) for p in seen)
    # our form: several batch iterators one after the other
    both = pio.iter_chain_batches(iter([{"id": [1]}]), iter([{"id": [2]}]))
    assert list(both) == [{"id": [1]}, {"id": [2]}]


def test_rap_csv_is_not_available() -> None:
    assert rap_support.rap_csv_available() is False
    assert pio.rap_csv_available() is False


def test_without_pyarrow_the_error_names_the_extra(tmp_path: Path) -> None:
    import subprocess
    import textwrap

    src = str(Path(pio.__file__).resolve().parents[2])
    code = textwrap.dedent(
        f"""
        import sys
        for name in ("pyarrow", "pyarrow.dataset", "pyarrow.parquet"):
            sys.modules[name] = None  # as if pyarrow were not installed
        from pydantable.errors import MissingOptionalDependency
        from pydantable.io import arrow_table_to_column_dict, read_delta
        for call in (lambda: arrow_table_to_column_dict(object()),
                     lambda: read_delta({str(tmp_path)!r})):
            try:
                call()
            except MissingOptionalDependency as exc:
                print(exc)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": src, "PATH": ""},
    )
    lines = out.stdout.splitlines()
    assert len(lines) == 2
    assert all("pip install 'pydantable-frames[arrow]'" in line for line in lines)
