"""No data loss in file writes: a target is the complete old file or the complete new one.

Every writer stages its output in ``.{name}.pydantable-tmp-{host}-{pid}-{random}``
beside the target, fsyncs it and renames it into place (``pydantable.io.atomic``).
These tests SIGKILL a real writer process at random moments, fail writers in
the middle of their output, and check the sweep of what a killed writer leaves.
"""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import pydantable
from pydantable import DataFrameModel
from pydantable.errors import EngineExecutionError
from pydantable.io import atomic
from pydantable.io.file_functions import write_csv_batches, write_ndjson_batches

SRC = str(Path(pydantable.__file__).resolve().parents[1])
TRIALS = 10


class Ev(DataFrameModel):
    id: int
    part: int
    name: str
    score: float


def version(which: int, n: int) -> pl.DataFrame:
    """Two distinguishable contents: different ids, names and row counts."""
    height = n + 7 * which
    ids = pl.int_range(which * 10 * n, which * 10 * n + height, eager=True)
    return pl.DataFrame(
        {
            "id": ids,
            "part": ids % 4,
            "name": pl.Series([f"v{which}-row"] * height),
            "score": ids.cast(pl.Float64) / 3,
        }
    )


#: The writer process: alternates the two versions over the target until killed
#: (bounded). The versions are built here as in ``version`` above.
CHILD = textwrap.dedent(
    """
    import sys
    import polars as pl
    from pydantable import DataFrameModel

    class Ev(DataFrameModel):
        id: int
        part: int
        name: str
        score: float

    def version(which, n):
        height = n + 7 * which
        ids = pl.int_range(which * 10 * n, which * 10 * n + height, eager=True)
        return pl.DataFrame({"id": ids, "part": ids % 4,
                             "name": pl.Series([f"v{which}-row"] * height),
                             "score": ids.cast(pl.Float64) / 3})

    target, kind, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    frames = [Ev(version(w, n), trusted_mode="shape_only") for w in (0, 1)]
    print("ready", flush=True)
    for i in range(100_000):
        frame = frames[(i + 1) % 2]
        if kind == "partitioned":
            frame.write_parquet(target, partition_by="part", overwrite=True, mkdir=True)
        else:
            getattr(frame, "write_" + kind)(target)
    """
)


def read_back(target: Path, kind: str) -> pl.DataFrame:
    if kind == "partitioned":
        out = pl.read_parquet(target, hive_partitioning=True)
        return out.select(Ev.column_names()).with_columns(pl.col("part").cast(pl.Int64))
    if kind == "csv":
        return pl.read_csv(target)
    if kind == "ndjson":
        return pl.read_ndjson(target)
    return pl.read_parquet(target)


def leftovers(target: Path) -> list[str]:
    prefix = f".{target.name}{atomic.TEMP_MARKER}"
    return sorted(p for p in os.listdir(target.parent) if p.startswith(prefix))


def write(frame: DataFrameModel, target: Path, kind: str) -> None:
    if kind == "partitioned":
        frame.write_parquet(target, partition_by="part", overwrite=True, mkdir=True)
    else:
        getattr(frame, f"write_{kind}")(target)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("kind", "rows"), [("parquet", 400_000), ("partitioned", 300_000)]
)
def test_sigkill_at_random_moments_leaves_old_or_new_target(
    tmp_path: Path, kind: str, rows: int
) -> None:
    target = tmp_path / ("out" if kind == "partitioned" else f"out.{kind}")
    expected = [version(0, rows), version(1, rows)]
    old = Ev(expected[0], trusted_mode="shape_only")
    write(old, target, kind)
    rng = random.Random(18)
    killed_mid_write = 0
    seen = set()
    errors = tmp_path.parent / f"{tmp_path.name}-child.err"
    for _ in range(TRIALS):
        with errors.open("wb") as stderr:
            child = subprocess.Popen(
                [sys.executable, "-c", CHILD, str(target), kind, str(rows)],
                stdout=subprocess.PIPE,
                stderr=stderr,
                env={**os.environ, "PYTHONPATH": SRC},
            )
        try:
            assert child.stdout is not None
            ready = child.stdout.readline()
            assert ready == b"ready\n", errors.read_text()[-2000:]
            time.sleep(rng.uniform(0.05, 1.5))
        finally:
            child.kill()
            child.wait(timeout=30)
            if child.stdout is not None:
                child.stdout.close()
        got = read_back(target, kind).sort("id")
        matches = [i for i, e in enumerate(expected) if got.equals(e)]
        assert len(matches) == 1, (kind, got.height, got.head(3))
        seen.add(matches[0])
        left = leftovers(target)
        killed_mid_write += bool(left)
        # what a killed writer leaves is hidden and ours, and the next write sweeps it
        for name in left:
            assert atomic.is_stale(name, target)
        write(old, target, kind)
        assert leftovers(target) == []
        assert read_back(target, kind).sort("id").equals(expected[0])
    # the kills did land in the middle of writes (else this test proved nothing)
    assert killed_mid_write >= 1
    assert seen == {0, 1} or killed_mid_write >= 1


# -- failures inside a writer ----------------------------------------------------------
def failing_batches(good: int) -> Iterator[dict[str, list[Any]]]:
    for i in range(good):
        yield {"id": [i], "part": [0], "name": ["x"], "score": [0.5]}
    msg = "upstream failed"
    raise RuntimeError(msg)


@pytest.mark.parametrize(
    "writer", [write_csv_batches, write_ndjson_batches], ids=["csv", "ndjson"]
)
def test_a_failing_batch_writer_keeps_the_old_target_and_no_temp(
    tmp_path: Path, writer: Any
) -> None:
    target = tmp_path / "ev.out"
    target.write_bytes(b"old complete content\n")
    with pytest.raises(RuntimeError, match="upstream failed"):
        writer(target, failing_batches(3), model=Ev)
    assert target.read_bytes() == b"old complete content\n"
    assert os.listdir(tmp_path) == ["ev.out"]


def test_a_failing_plan_keeps_the_old_target_and_no_temp(tmp_path: Path) -> None:
    class Dates(DataFrameModel):
        raw: str

    target = tmp_path / "d.parquet"
    Dates({"raw": ["2024-01-01"]}).write_parquet(target)
    before = target.read_bytes()
    df = Dates({"raw": ["2024-01-01", "not a date"]})
    bad = df.with_columns(day=df.raw.strptime("%Y-%m-%d"))
    with pytest.raises(EngineExecutionError, match="conversion from `str`"):
        bad.write_parquet(target)
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == ["d.parquet"]


def test_async_writer_failure_keeps_the_old_target(tmp_path: Path) -> None:
    class Dates(DataFrameModel):
        raw: str

    target = tmp_path / "d.ndjson"
    Dates({"raw": ["a"]}).write_ndjson(target)
    before = target.read_bytes()
    df = Dates({"raw": ["x"]})
    bad = df.with_columns(day=df.raw.strptime("%Y-%m-%d"))
    with pytest.raises(EngineExecutionError, match="conversion from `str`"):
        asyncio.run(bad.awrite_ndjson(target))
    assert target.read_bytes() == before
    assert os.listdir(tmp_path) == ["d.ndjson"]
    asyncio.run(Dates({"raw": ["b", "c"]}).awrite_ndjson(target))
    assert pl.read_ndjson(target)["raw"].to_list() == ["b", "c"]
    assert os.listdir(tmp_path) == ["d.ndjson"]


def test_partitioned_overwrite_failure_keeps_the_old_tree(tmp_path: Path) -> None:
    target = tmp_path / "tree"
    Ev(version(0, 20), trusted_mode="shape_only").write_parquet(
        target, partition_by="part", mkdir=True
    )
    files = sorted(p.relative_to(target) for p in target.rglob("*.parquet"))
    df = Ev(version(1, 20), trusted_mode="shape_only")
    bad = df.with_columns(day=df.name.strptime("%Y"))
    with pytest.raises(EngineExecutionError, match="conversion from `str`"):
        bad.write_parquet(target, partition_by="part", overwrite=True)
    assert sorted(p.relative_to(target) for p in target.rglob("*.parquet")) == files
    assert os.listdir(tmp_path) == ["tree"]


# -- what a write does on disk ---------------------------------------------------------
def test_the_new_file_is_fsynced_before_it_replaces_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync:" + os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    def replace(src: Any, dst: Any) -> None:
        events.append(f"replace:{src}->{dst}")
        real_replace(src, dst)

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc to name file descriptors")
    monkeypatch.setattr(atomic.os, "fsync", fsync)
    monkeypatch.setattr(atomic.os, "replace", replace)
    target = tmp_path / "ev.parquet"
    Ev(version(0, 10), trusted_mode="shape_only").write_parquet(target)
    staged = [e for e in events if e.startswith("fsync:") and atomic.TEMP_MARKER in e]
    assert staged
    assert staged[0].endswith("/ev.parquet")
    first_replace = next(i for i, e in enumerate(events) if e.startswith("replace:"))
    assert events.index(staged[0]) < first_replace
    assert events[first_replace].endswith(f"->{target}")
    assert events[-1] == f"fsync:{tmp_path}"  # the directory entry is durable too


def dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait(timeout=60)
    return child.pid


def test_the_next_write_sweeps_only_stale_temps_of_its_target(tmp_path: Path) -> None:
    target = tmp_path / "ev.csv"
    host = atomic._HOST
    pid = dead_pid()
    stale_dir = tmp_path / f".ev.csv{atomic.TEMP_MARKER}{host}-{pid}-deadbeef"
    stale_dir.mkdir()
    (stale_dir / "ev.csv").write_text("partial")
    stale_file = tmp_path / f".ev.csv{atomic.TEMP_MARKER}{host}-{pid}-cafe"
    stale_file.write_text("partial")
    live = tmp_path / f".ev.csv{atomic.TEMP_MARKER}{host}-{os.getpid()}-0123"
    live.mkdir()
    other_host = tmp_path / f".ev.csv{atomic.TEMP_MARKER}00000000-{pid}-4567"
    other_host.mkdir()
    other_target = tmp_path / f".other.csv{atomic.TEMP_MARKER}{host}-{pid}-89ab"
    other_target.mkdir()
    Ev(version(0, 5), trusted_mode="shape_only").write_csv(target)
    assert sorted(os.listdir(tmp_path)) == sorted(
        ["ev.csv", live.name, other_host.name, other_target.name]
    )
    assert pl.read_csv(target).equals(version(0, 5))


def test_every_writer_leaves_only_its_target(tmp_path: Path) -> None:
    frame = Ev(version(0, 30), trusted_mode="shape_only")
    frame.write_parquet(tmp_path / "a.parquet")
    frame.write_csv(tmp_path / "a.csv")
    frame.write_ndjson(tmp_path / "a.ndjson")
    frame.write_json(tmp_path / "a.json")
    frame.write_ipc(tmp_path / "a.ipc")
    frame.write_parquet(tmp_path / "tree", partition_by="part", mkdir=True)
    asyncio.run(frame.awrite_parquet(tmp_path / "b.parquet"))
    write_csv_batches(tmp_path / "b.csv", [frame, frame], model=Ev)
    write_csv_batches(tmp_path / "b.csv", [frame], model=Ev, mode="a")
    assert sorted(os.listdir(tmp_path)) == sorted(
        [
            "a.parquet",
            "a.csv",
            "a.ndjson",
            "a.json",
            "a.ipc",
            "tree",
            "b.parquet",
            "b.csv",
        ]
    )
    assert pl.read_csv(tmp_path / "b.csv").height == 3 * frame.to_polars().height
    assert pl.read_json(tmp_path / "a.json").equals(version(0, 30))


def test_partition_overwrite_without_rename_exchange(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the OS cannot swap two directories, the old tree is moved aside
    and the new one renamed in (the same result, no leftovers)."""
    monkeypatch.setattr(atomic, "_EXCHANGE", None)
    target = tmp_path / "tree"
    Ev(version(0, 12), trusted_mode="shape_only").write_parquet(
        target, partition_by="part", mkdir=True
    )
    Ev(version(1, 12), trusted_mode="shape_only").write_parquet(
        target, partition_by="part", overwrite=True
    )
    assert read_back(target, "partitioned").sort("id").equals(version(1, 12))
    assert os.listdir(tmp_path) == ["tree"]


def test_sweep_stale_on_demand_returns_what_it_removed(tmp_path: Path) -> None:
    target = tmp_path / "ev.ipc"
    stale = tmp_path / f"{atomic.temp_prefix(target)}{atomic._HOST}-{dead_pid()}-1"
    stale.mkdir()
    assert atomic.sweep_stale(target) == [stale]
    assert atomic.sweep_stale(target) == []
    assert os.listdir(tmp_path) == []
