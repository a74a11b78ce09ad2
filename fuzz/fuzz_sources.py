"""An atheris (libFuzzer) harness for pydantable's file, bytes and Arrow readers.

Each input picks a format and a read path, and either mutates a valid file of
that format (bytes flipped, cut, inserted, zeroed at fuzzer-chosen offsets) or
is read as the raw file itself. A read may succeed or raise a documented error
(``pydantic.ValidationError`` or a ``PydantableUserError`` such as
``InvalidSourceError``) with a message under 20 000 characters; anything else
(a leaked Polars/PyArrow exception, a panic, a crash) is a finding.

Run it with ``make fuzz`` (``FUZZ_TIME=...`` seconds, default 60), or::

    pip install -e '.[fuzz]'
    PYTHONPATH=src python fuzz/fuzz_sources.py -max_total_time=60

Findings are written by libFuzzer as ``crash-*`` files; replay one with
``python fuzz/fuzz_sources.py crash-<hash>``.
"""

from __future__ import annotations

import atexit
import datetime as dt
import decimal
import io
import shutil
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

import atheris

with atheris.instrument_imports(include=["pydantable"]):
    import polars as pl
    import pyarrow as pa
    import pydantic

    import pydantable.io as pio
    from pydantable import DataFrameModel, PydantableUserError

MAX_MESSAGE = 20_000
FORMATS = ("parquet", "ipc", "csv", "ndjson", "json")
FOLDER = Path(tempfile.mkdtemp(prefix="pydantable-fuzz-"))
atexit.register(shutil.rmtree, FOLDER, ignore_errors=True)


class Event(DataFrameModel):
    id: int
    name: str | None
    at: dt.datetime
    amount: decimal.Decimal
    tags: list[str]


ROWS: dict[str, list[Any]] = {
    "id": [1, 2, 3],
    "name": ["a", None, "ünï"],
    "at": [
        dt.datetime(2024, 1, 1, 12),
        dt.datetime(1970, 1, 1),
        dt.datetime(2999, 12, 31),
    ],
    "amount": [decimal.Decimal("1.50"), decimal.Decimal("-0.01"), decimal.Decimal(0)],
    "tags": [["x"], [], ["y", "z"]],
}


def _valid(fmt: str) -> bytes:
    frame = pl.DataFrame(ROWS)
    if fmt == "csv":
        frame = frame.with_columns(pl.col("tags").list.join("|"))
    buffer = io.BytesIO()
    writer = "write_ndjson" if fmt == "json" else f"write_{fmt}"
    getattr(frame, writer)(buffer)
    return buffer.getvalue()


VALID = {fmt: _valid(fmt) for fmt in FORMATS}


def _mutated(data: bytes, fdp: atheris.FuzzedDataProvider) -> bytes:
    out = bytearray(data)
    for _ in range(fdp.ConsumeIntInRange(0, 6)):
        if not out:
            break
        at = fdp.ConsumeIntInRange(0, len(out) - 1)
        op = fdp.ConsumeIntInRange(0, 3)
        if op == 0:
            out[at] ^= fdp.ConsumeIntInRange(1, 255)
        elif op == 1:
            del out[at:]
        elif op == 2:
            out[at:at] = fdp.ConsumeBytes(fdp.ConsumeIntInRange(1, 16))
        else:
            size = fdp.ConsumeIntInRange(1, 64)
            out[at : at + size] = bytes(len(out[at : at + size]))
    return bytes(out)


def _read(fmt: str, path_kind: int, path: Path, body: bytes) -> None:
    if path_kind == 0:
        getattr(Event, f"read_{fmt}")(path).to_dict()
    elif path_kind == 1:
        getattr(pio, f"materialize_{fmt}")(path, model=Event)
    elif path_kind == 2:
        getattr(pio, f"materialize_{fmt}")(path)
    elif path_kind == 3:
        reader = "iter_json_array" if fmt == "json" else f"iter_{fmt}"
        list(getattr(pio, reader)(path, model=Event, batch_size=2))
    elif fmt == "ipc":
        pio.materialize_ipc(body, model=Event, as_stream=path_kind == 5)
    else:
        table = pa.table({k: pa.array(v) for k, v in ROWS.items()})
        Event(table.slice(0, len(body) % 4))


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    fmt = FORMATS[fdp.ConsumeIntInRange(0, len(FORMATS) - 1)]
    path_kind = fdp.ConsumeIntInRange(0, 5)
    if fdp.ConsumeBool():
        body = _mutated(VALID[fmt], fdp)
    else:
        body = fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 4096))
    path = FOLDER / f"input.{fmt}"
    path.write_bytes(body)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            _read(fmt, path_kind, path, body)
        except (pydantic.ValidationError, PydantableUserError) as exc:
            if len(str(exc)) >= MAX_MESSAGE:
                raise AssertionError(f"unbounded message: {len(str(exc))}") from exc


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
