"""FastAPI body fuzzing (issue 18): generated schemas, every body media type a
``DataFrameRoute`` accepts, adversarial content. Never a 5xx; every error is
JSON of bounded size. Bounded for CI: a few dozen examples per format."""

from __future__ import annotations

import functools
import io
import json
import math
import os
import types
from typing import Any, ClassVar

import polars as pl
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pydantable import DataFrameModel
from pydantable.fastapi import DataFrameRoute, register_exception_handlers
from pydantable.limits import IngestLimits

#: Column types a generated schema picks from.
TYPES: dict[str, Any] = {
    "int": int,
    "float": float,
    "str": str,
    "bool": bool,
    "opt_int": int | None,
    "opt_str": str | None,
    "list_int": list[int],
    "date": __import__("datetime").date,
}
MAX_ERROR_BYTES = 256 * 1024
#: ``FUZZ_EXAMPLES`` (``make fuzz``) sets the examples per test and a random seed;
#: unset (CI), each test has its bounded count and a fixed seed.
FUZZ_EXAMPLES = os.environ.get("FUZZ_EXAMPLES")
FIXED_SEED = FUZZ_EXAMPLES is None


def _examples(default: int) -> int:
    return default if FUZZ_EXAMPLES is None else int(FUZZ_EXAMPLES)


class FuzzRoute(DataFrameRoute):
    limits: ClassVar[IngestLimits | None] = IngestLimits(
        max_body_bytes=256 * 1024,
        max_rows=200,
        max_columns=16,
        max_depth=16,
        max_cell_bytes=4096,
        max_errors=20,
    )


@functools.cache
def _client(spec: tuple[tuple[str, str], ...]) -> TestClient:
    """An app whose one route takes a frame of the generated schema ``spec``."""
    annotations = {name: TYPES[kind] for name, kind in spec}
    model = types.new_class(
        "Fuzzed",
        (DataFrameModel,),
        exec_body=lambda ns: ns.update({"__annotations__": annotations}),
    )
    app = FastAPI()
    app.router.route_class = FuzzRoute

    def ingest(df: Any) -> Any:
        return {"rows": df.height}

    ingest.__annotations__["df"] = model  # (annotations are strings here)
    app.post("/in")(ingest)

    return TestClient(app, raise_server_exceptions=False)


names = st.sampled_from(["a", "b", "c", "id", "x_1", "ü", ""])
schemas = st.lists(
    st.tuples(names, st.sampled_from(sorted(TYPES))),
    min_size=1,
    max_size=4,
    unique_by=lambda c: c[0],
).map(tuple)


def _deep(depth: int) -> Any:
    cell: Any = 1
    for _ in range(depth):
        cell = [cell]
    return cell


cells = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.booleans(),
    st.none(),
    st.lists(st.integers(min_value=-5, max_value=5), max_size=3),
    st.integers(min_value=1, max_value=40).map(_deep),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.sampled_from(["2024-02-30", "1e400", "NaN", "\ud800", "9" * 40, "x" * 5000]),
)


@st.composite
def tables(draw: st.DrawFn) -> tuple[tuple[tuple[str, str], ...], list[dict[str, Any]]]:
    spec = draw(schemas)
    keys = [name for name, _ in spec] + ["extra"]
    rows = draw(
        st.lists(
            st.dictionaries(st.sampled_from(keys), cells, max_size=len(keys)),
            max_size=8,
        )
    )
    return spec, rows


def _json(value: Any) -> bytes:
    return json.dumps(value, allow_nan=True).encode("utf-8", "surrogatepass")


def _columns(spec: Any, rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    names = {name for name, _ in spec} | {k for row in rows for k in row}
    return {name: [row.get(name) for row in rows] for name in sorted(names)}


def _text(value: Any) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value if isinstance(value, str) else json.dumps(value)


def _csv(spec: Any, rows: list[dict[str, Any]]) -> bytes:
    columns = _columns(spec, rows)
    lines = [",".join(columns)]
    for index in range(len(rows)):
        cells = ["" if v[index] is None else _text(v[index]) for v in columns.values()]
        lines.append(",".join(cells))
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def _binary(spec: Any, rows: list[dict[str, Any]], media: str) -> bytes:
    columns = {
        name: ["" if v is None else _text(v) for v in values]
        for name, values in _columns(spec, rows).items()
    }
    frame = pl.DataFrame(
        {
            k: [s.encode("utf-8", "replace").decode() for s in v]
            for k, v in columns.items()
        }
    )
    buffer = io.BytesIO()
    if media == "parquet":
        frame.write_parquet(buffer)
    else:
        frame.write_ipc_stream(buffer)
    return buffer.getvalue()


MEDIA = {
    "json-columns": "application/json",
    "json-rows": "application/json",
    "ndjson": "application/x-ndjson",
    "csv": "text/csv",
    "parquet": "application/vnd.apache.parquet",
    "arrow": "application/vnd.apache.arrow.stream",
}


def _encode(kind: str, spec: Any, rows: list[dict[str, Any]]) -> bytes:
    if kind == "json-columns":
        return _json(_columns(spec, rows))
    if kind == "json-rows":
        return _json(rows)
    if kind == "ndjson":
        return b"\n".join(_json(row) for row in rows)
    if kind == "csv":
        return _csv(spec, rows)
    return _binary(spec, rows, kind)


mutations = st.sampled_from(
    ["none", "truncate", "bad-utf8", "flip", "deep-prefix", "empty-ish"]
)


def _mutate(body: bytes, how: str, where: float) -> bytes:
    cut = int(len(body) * where)
    if how == "truncate":
        return body[:cut]
    if how == "bad-utf8":
        return body[:cut] + b"\xff\xfe\xc3(" + body[cut:]
    if how == "flip" and body:
        index = min(cut, len(body) - 1)
        return body[:index] + bytes([body[index] ^ 0x5A]) + body[index + 1 :]
    if how == "deep-prefix":
        return b"[" * 5000 + body + b"]" * 5000
    if how == "empty-ish":
        return b" \n\t"
    return body


def _check(response: Any) -> None:
    assert response.status_code < 500, response.text[:500]
    if response.status_code == 422:  # the body was read, not a missing parameter
        assert response.json()["detail"][0]["loc"][0] == "body", response.text[:500]
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith("application/json")
        assert len(response.content) <= MAX_ERROR_BYTES
        assert "detail" in response.json()


@pytest.mark.parametrize("kind", sorted(MEDIA))
@settings(
    max_examples=_examples(60),
    deadline=None,
    derandomize=FIXED_SEED,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    table=tables(),
    how=mutations,
    where=st.floats(min_value=0, max_value=1),
    upload=st.booleans(),
)
def test_no_body_gets_a_5xx(
    kind: str, table: Any, how: str, where: float, upload: bool
) -> None:
    spec, rows = table
    body = _mutate(_encode(kind, spec, rows), how, where)
    client = _client(spec)
    if upload:  # the same bytes as the file part of a form
        response = client.post("/in", files={"file": ("body.bin", body, MEDIA[kind])})
    else:
        response = client.post(
            "/in", content=body, headers={"content-type": MEDIA[kind]}
        )
    _check(response)


@settings(max_examples=_examples(30), deadline=None, derandomize=FIXED_SEED)
@given(
    body=st.binary(max_size=2000), media=st.sampled_from(sorted(set(MEDIA.values())))
)
def test_random_bytes_of_any_media_type(body: bytes, media: str) -> None:
    client = _client((("id", "int"), ("a", "opt_str")))
    _check(client.post("/in", content=body, headers={"content-type": media}))


def test_oversized_and_wide_bodies_are_413_and_422() -> None:
    client = _client((("id", "int"),))
    big = client.post(
        "/in",
        content=b"[" + b"1," * 200_000 + b"1]",
        headers={"content-type": "application/json"},
    )
    assert big.status_code == 413
    wide = client.post(
        "/in",
        content=",".join(f"c{i}" for i in range(50)).encode()
        + b"\n"
        + b"1," * 49
        + b"1\n",
        headers={"content-type": "text/csv"},
    )
    assert wide.status_code == 422
    assert wide.json()["detail"][0]["ctx"]["limit"] == "max_columns"


@functools.cache
def _plain_client(spec: tuple[tuple[str, str], ...], handlers: bool) -> TestClient:
    """A plain ``FastAPI()`` app (FastAPI parses the JSON body; our frame type
    validates it), with or without ``register_exception_handlers``."""
    model = _client(spec).app.routes[-1].dependant.body_params[0].field_info.annotation
    app = FastAPI()
    if handlers:
        register_exception_handlers(app, install_route_class=False)

    def ingest(df: Any) -> Any:
        return {"rows": df.height}

    ingest.__annotations__["df"] = model
    app.post("/in")(ingest)
    return TestClient(app, raise_server_exceptions=False)


@pytest.mark.parametrize("handlers", [False, True])
@pytest.mark.parametrize("kind", ["json-columns", "json-rows"])
@settings(
    max_examples=_examples(40),
    deadline=None,
    derandomize=FIXED_SEED,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(table=tables(), how=mutations, where=st.floats(min_value=0, max_value=1))
def test_plain_apps_taking_our_body_types_give_no_5xx(
    handlers: bool, kind: str, table: Any, how: str, where: float
) -> None:
    spec, rows = table
    body = _mutate(_encode(kind, spec, rows), how, where)
    response = _plain_client(spec, handlers).post(
        "/in", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code < 500, response.text[:500]
