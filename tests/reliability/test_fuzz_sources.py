"""Fuzzing of the ingest paths: only documented errors escape, all bounded.

Hypothesis generates schemas (ints, floats, str, bool, dates, datetimes,
Decimal, Literal, Optional, lists, nested models) and adversarial values, and
feeds them to every ingest shape: column dicts, row lists, Arrow tables, and
CSV/NDJSON/JSON/Parquet/IPC files and bytes, valid or mutated (bytes flipped,
cut at random offsets, spliced). Whatever the input, the outcome is a frame or
one of the documented errors (``pydantic.ValidationError`` or a
:class:`~pydantable.errors.PydantableUserError`: ``SchemaMismatchError``,
``ColumnLengthMismatchError``, ``InvalidSourceError`` ...), with a message
shorter than :data:`MAX_MESSAGE`.

The runs are bounded for CI (``FUZZ_EXAMPLES`` examples per test, default 25);
``make fuzz`` raises the count.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import decimal
import functools
import io
import json
import os
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, Optional

import polars as pl
import pyarrow as pa
import pydantic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pydantable.io as pio
from pydantable import DataFrameModel, PydantableUserError

#: The longest error message allowed to escape.
MAX_MESSAGE = 20_000
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=os.environ.get("FUZZ_EXAMPLES") is None,  # CI: reproducible
)
DOCUMENTED = (pydantic.ValidationError, PydantableUserError)


class Inner(DataFrameModel):
    a: int
    b: str | None


#: Column types a generated schema draws from.
TYPES: dict[str, Any] = {
    "int": int,
    "float": float,
    "str": str,
    "bool": bool,
    "date": dt.date,
    "datetime": dt.datetime,
    "decimal": decimal.Decimal,
    "literal": Literal["a", "b"],
    "opt_int": Optional[int],  # noqa: UP045 - the spelling is part of the test
    "opt_str": str | None,
    "list_int": list[int],
    "list_opt_str": list[str | None],
    "nested": Inner.row_model(),  # a Pydantic model: a struct column
}


@functools.cache
def model_of(kinds: tuple[str, ...]) -> type[DataFrameModel]:
    """A frame class with one column per kind (``c0``, ``c1`` ...), cached."""
    annotations = {f"c{i}": TYPES[k] for i, k in enumerate(kinds)}
    return type(  # type: ignore[return-value]
        "Fuzzed_" + "_".join(kinds), (DataFrameModel,), {"__annotations__": annotations}
    )


schemas = st.lists(st.sampled_from(sorted(TYPES)), min_size=1, max_size=4).map(tuple)

#: Adversarial cells: wrong types, extremes, NaN, odd text, containers.
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["", "a", "b", "nan", "inf", "1e400", "2024-02-30", "\x00", "ﬀ"]),
    st.binary(max_size=8),
    st.dates(),
    st.datetimes(),
    st.datetimes(timezones=st.just(dt.timezone.utc)),
    st.decimals(allow_nan=True, allow_infinity=True, places=None),
    st.sampled_from([decimal.Decimal("1e40"), decimal.Decimal("-0.000000000001")]),
)
cells = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["a", "b", "x"]), inner, max_size=3),
    ),
    max_leaves=6,
)


def outcome(build: Callable[[], Any]) -> None:
    """Run ``build``: a result (materialized) or a documented, bounded error."""
    message = ""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = build()
            if hasattr(result, "to_dict"):
                result.to_dict()
        except DOCUMENTED as exc:
            message = str(exc)
        except BaseException as exc:  # a panic is a BaseException
            pytest.fail(
                f"undocumented {type(exc).__module__}.{type(exc).__qualname__}: "
                f"{str(exc)[:500]}"
            )
    assert len(message) < MAX_MESSAGE


@st.composite
def column_dicts(draw: st.DrawFn) -> tuple[tuple[str, ...], dict[str, list[Any]]]:
    kinds = draw(schemas)
    rows = draw(st.integers(0, 4))
    names = [f"c{i}" for i in range(len(kinds))]
    names = draw(  # sometimes a column missing or an unknown one
        st.one_of(st.just(names), st.just([*names, "extra"]), st.just(names[1:]))
    )
    data = {
        n: draw(st.lists(cells, min_size=rows, max_size=rows + draw(st.integers(0, 1))))
        for n in names
    }
    return kinds, data


@FUZZ
@given(column_dicts(), st.sampled_from([None, "shape_only", "strict"]))
def test_column_dicts(case: tuple[tuple[str, ...], dict[str, Any]], mode: Any) -> None:
    kinds, data = case
    outcome(lambda: model_of(kinds)(data, trusted_mode=mode))


@FUZZ
@given(column_dicts(), st.booleans())
def test_row_lists(case: tuple[tuple[str, ...], dict[str, Any]], ignore: bool) -> None:
    kinds, data = case
    height = min((len(v) for v in data.values()), default=0)
    rows = [{k: v[i] for k, v in data.items()} for i in range(height)]
    outcome(lambda: model_of(kinds)(rows, ignore_errors=ignore))


# -- Arrow --------------------------------------------------------------------------
ARROW_TYPES = [
    pa.int64(),
    pa.int8(),
    pa.uint64(),
    pa.float64(),
    pa.string(),
    pa.large_string(),
    pa.bool_(),
    pa.date32(),
    pa.timestamp("us"),
    pa.timestamp("ns", tz="UTC"),
    pa.decimal128(10, 2),
    pa.decimal256(20, 3),
    pa.decimal256(50, 3),
    pa.list_(pa.int64()),
    pa.struct([("a", pa.int64()), ("b", pa.string())]),
    pa.binary(),
    pa.null(),
    pa.dictionary(pa.int32(), pa.string()),
]


@st.composite
def arrow_tables(draw: st.DrawFn) -> tuple[tuple[str, ...], pa.Table]:
    kinds = draw(schemas)
    rows = draw(st.integers(0, 3))
    names = [f"c{i}" for i in range(len(kinds))]
    if draw(st.booleans()):
        names = [*names, draw(st.sampled_from(names))]  # a duplicate name
    arrays = [pa.nulls(rows, type=draw(st.sampled_from(ARROW_TYPES))) for _ in names]
    arrays = [_filled(draw, a) for a in arrays]
    return kinds, pa.Table.from_arrays(arrays, names=names)


def _filled(draw: st.DrawFn, nulls: pa.Array) -> pa.Array:
    """An array of the same type with generated values where they convert."""
    values = draw(st.lists(cells, min_size=len(nulls), max_size=len(nulls)))
    try:
        return pa.array(values, type=nulls.type)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        return nulls


@FUZZ
@given(arrow_tables(), st.sampled_from([None, "shape_only"]), st.booleans())
def test_arrow_tables(
    case: tuple[tuple[str, ...], pa.Table], mode: Any, batch: bool
) -> None:
    kinds, table = case
    data: Any = (
        table.combine_chunks().to_batches()[0] if batch and table.num_rows else table
    )
    outcome(lambda: model_of(kinds)(data, trusted_mode=mode))


# -- files and bytes ----------------------------------------------------------------
def _encoded(fmt: str, data: dict[str, list[Any]]) -> bytes:
    """``data`` written as ``fmt`` (by Polars; JSON by the standard library)."""
    if fmt == "json":
        rows = [
            dict(zip(data, r, strict=True)) for r in zip(*data.values(), strict=True)
        ]
        return json.dumps(rows, default=str).encode()
    buffer = io.BytesIO()
    try:
        getattr(pl.DataFrame(data, strict=False), f"write_{fmt}")(buffer)
    except (Exception, pl.exceptions.PanicException):  # values Polars cannot write
        buffer = io.BytesIO()
        text = pl.DataFrame({k: [repr(x) for x in v] for k, v in data.items()})
        getattr(text, f"write_{fmt}")(buffer)
    return buffer.getvalue()


mutations = st.lists(
    st.one_of(
        st.tuples(st.just("flip"), st.floats(0, 1), st.integers(1, 255)),
        st.tuples(st.just("cut"), st.floats(0, 1), st.just(0)),
        st.tuples(st.just("insert"), st.floats(0, 1), st.integers(0, 255)),
        st.tuples(st.just("zero"), st.floats(0, 1), st.integers(1, 64)),
    ),
    max_size=4,
)


def mutated(data: bytes, steps: list[tuple[str, float, int]]) -> bytes:
    out = bytearray(data)
    for op, where, value in steps:
        at = min(int(where * len(out)), max(len(out) - 1, 0))
        if op == "flip" and out:
            out[at] ^= value
        elif op == "cut":
            del out[at:]
        elif op == "insert":
            out[at:at] = bytes([value])
        elif op == "zero":
            out[at : at + value] = bytes(len(out[at : at + value]))
    return bytes(out)


FORMATS = ["parquet", "ipc", "csv", "ndjson", "json"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@FUZZ
@given(
    column_dicts(),
    st.sampled_from(FORMATS),
    mutations,
    st.sampled_from(["read", "materialize", "iterate", "aread", "raw"]),
    st.sampled_from([None, "shape_only", "strict"]),
)
def test_files(
    folder: Path,
    case: tuple[tuple[str, ...], dict[str, Any]],
    fmt: str,
    steps: list[tuple[str, float, int]],
    path_kind: str,
    mode: Any,
) -> None:
    kinds, data = case
    height = min((len(v) for v in data.values()), default=0)
    data = {k: v[:height] for k, v in data.items()}
    body = mutated(_encoded(fmt, data), steps)
    path = folder / f"in.{fmt}"
    path.write_bytes(body)
    model = model_of(kinds)
    readers: dict[str, Callable[[], Any]] = {
        "read": lambda: getattr(model, f"read_{fmt}")(path, trusted_mode=mode),
        "materialize": lambda: getattr(pio, f"materialize_{fmt}")(
            path, model=model, trusted_mode=mode
        ),
        "iterate": lambda: list(
            getattr(pio, f"iter_{'json_array' if fmt == 'json' else fmt}")(
                path, model=model, batch_size=2
            )
        ),
        "aread": lambda: asyncio.run(
            getattr(model, f"aread_{fmt}")(path, trusted_mode=mode).acollect()
        ),
        "raw": lambda: getattr(pio, f"materialize_{fmt}")(path),
    }
    outcome(readers[path_kind])


@FUZZ
@given(column_dicts(), mutations, st.booleans())
def test_ipc_bytes(
    case: tuple[tuple[str, ...], dict[str, Any]],
    steps: list[tuple[str, float, int]],
    as_stream: bool,
) -> None:
    kinds, data = case
    height = min((len(v) for v in data.values()), default=0)
    data = {k: v[:height] for k, v in data.items()}
    frame_bytes = _encoded("ipc", data)
    body = mutated(frame_bytes, steps)
    outcome(
        lambda: pio.materialize_ipc(body, model=model_of(kinds), as_stream=as_stream)
    )
    outcome(lambda: pio.materialize_ipc(bytearray(body)))
