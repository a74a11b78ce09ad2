"""The original's untyped text helpers (conformance 2.8): materialize_json/ndjson,
export_json, iter_csv, iter_ndjson, iter_json_array edge cases."""

from __future__ import annotations

import asyncio
import datetime as dt
import decimal
import io
import json
import uuid
from pathlib import Path

import pydantic
import pytest

import pydantable.io as pio
from pydantable import DataFrameModel


class Ev(DataFrameModel):
    id: int
    kind: str | None


# -- materialize_json ----------------------------------------------------------------
@pytest.mark.parametrize("text", ["", "   ", "\n\n \t\n"])
def test_materialize_json_of_an_empty_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "e.json"
    path.write_text(text)
    assert pio.materialize_json(path) == {}


def test_materialize_json_array_keys_are_the_sorted_union(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(
        json.dumps([{"z": 1, "a": {"k": [1, 2]}}, {"m": None}, {"a": {}, "z": 2.5}])
    )
    got = pio.materialize_json(path)
    assert list(got) == ["a", "m", "z"]
    assert got == {
        "a": [{"k": [1, 2]}, None, {}],  # objects stay dicts; {} stays {}
        "m": [None, None, None],
        "z": [1, None, 2.5],  # values as json parses them
    }
    assert pio.materialize_json(path, columns=["z"]) == {"z": [1, None, 2.5]}


@pytest.mark.parametrize("text", ["[1, 2]", '[{"a": 1}, "x"]', "[[]]", "[null]"])
def test_materialize_json_array_elements_must_be_objects(
    tmp_path: Path, text: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(
        ValueError, match=r"materialize_json: array elements must be JSON objects"
    ):
        pio.materialize_json(path)


def test_materialize_json_falls_back_to_ndjson(tmp_path: Path) -> None:
    path = tmp_path / "rows.json"
    path.write_text('{"b": 1, "a": {}}\n\n{"a": {"x": 1}}\n')
    got = pio.materialize_json(path)
    assert list(got) == ["a", "b"]
    assert got == {"a": [{}, {"x": 1}], "b": [1, None]}
    path.write_text('{"a": 1}\n[2]\n')
    with pytest.raises(ValueError, match="NDJSON lines must be JSON objects"):
        pio.materialize_json(path)


def test_materialize_json_with_a_model_still_validates(tmp_path: Path) -> None:
    path = tmp_path / "rows.json"
    path.write_text('[{"id": "1", "kind": "a"}, {"id": 2}]')
    assert pio.materialize_json(path, model=Ev) == {"id": [1, 2], "kind": ["a", None]}
    path.write_text('[{"id": "x"}]')
    with pytest.raises(pydantic.ValidationError):
        pio.materialize_json(path, model=Ev)


# -- materialize_ndjson ------------------------------------------------------------
def test_materialize_ndjson_skips_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "rows.ndjson"
    path.write_text('\n{"id": 1}\n   \n\n{"id": 2}\n\n')
    assert pio.materialize_ndjson(path) == {"id": [1, 2]}
    path.write_text("\n  \n\n")
    assert pio.materialize_ndjson(path) == {}
    path.write_text("")
    assert pio.materialize_ndjson(path) == {}
    assert pio.materialize_ndjson(path, model=Ev) == {"id": [], "kind": []}


# -- export_json -------------------------------------------------------------------
def test_export_json_is_one_array_dumped_with_default_str(tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    at = dt.datetime(2026, 1, 2, 3, 4, 5)
    key = uuid.UUID(int=7)
    pio.export_json(
        path,
        {
            "at": [at, None],
            "day": [dt.date(2026, 1, 2), None],
            "price": [decimal.Decimal("1.50"), None],
            "key": [key, None],
            "n": [1, 2],
        },
    )
    text = path.read_text()
    assert text.startswith("[{")
    assert "\n" not in text.strip()  # indent=None
    assert json.loads(text) == [
        {"at": str(at), "day": "2026-01-02", "price": "1.50", "key": str(key), "n": 1},
        {"at": None, "day": None, "price": None, "key": None, "n": 2},
    ]
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_export_json_indent_rows_frames_and_models(tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    pio.export_json(path, [{"a": 1}, {"b": 2}], indent=2)
    assert path.read_text() == json.dumps([{"a": 1}, {"b": 2}], indent=2)
    pio.export_json(path, {"id": ["1"], "kind": [None]}, model=Ev, indent=4)
    assert json.loads(path.read_text()) == [{"id": 1, "kind": None}]
    assert "\n    {" in path.read_text()
    Ev.export_json(path, {"id": [3], "kind": ["c"]}, indent=1)  # the classmethod too
    assert json.loads(path.read_text()) == [{"id": 3, "kind": "c"}]
    pio.export_json(path, Ev({"id": [4], "kind": ["d"]}))
    assert json.loads(path.read_text()) == [{"id": 4, "kind": "d"}]
    pio.export_json(path, {})
    assert json.loads(path.read_text()) == []


def test_export_json_errors(tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    with pytest.raises(ValueError, match="same length"):
        pio.export_json(path, {"a": [1], "b": []})
    with pytest.raises(ValueError, match="partition_by is not supported"):
        pio.export_json(path, {"a": [1]}, partition_by="a")
    with pytest.raises(ValueError, match=r"unknown write_kw key 'compression'"):
        pio.export_json(path, {"a": [1]}, compression="gzip")
    with pytest.raises(ValueError, match="indent applies to export_json only"):
        pio.export_csv(tmp_path / "x.csv", {"a": [1]}, indent=2)
    with pytest.raises(pydantic.ValidationError):
        pio.export_json(path, {"id": ["x"], "kind": [None]}, model=Ev)
    with pytest.raises(TypeError, match="column mapping"):
        pio.export_json(path, 42)
    assert list(tmp_path.iterdir()) == []


def test_aexport_json_indent(tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    asyncio.run(pio.aexport_json(path, {"a": [1]}, indent=2))
    assert path.read_text() == json.dumps([{"a": 1}], indent=2)


# -- iter_csv ------------------------------------------------------------------------
def test_iter_csv_yields_strings_and_pads_short_rows(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("id,kind,score\n1,a,2.5\n2,,\n3\n\n4,d,x\n")
    batches = list(pio.iter_csv(path, batch_size=2))
    assert batches == [
        {"id": ["1", "2"], "kind": ["a", ""], "score": ["2.5", ""]},
        {"id": ["3", "4"], "kind": [None, "d"], "score": [None, "x"]},
    ]
    assert list(pio.iter_csv(path, columns=["score", "id"])) == [
        {"score": ["2.5", "", None, "x"], "id": ["1", "2", "3", "4"]}
    ]


@pytest.mark.parametrize("text", ["", "id,kind\n", "\n\n", "id,kind\n\n\n"])
def test_iter_csv_header_only_or_empty_yields_nothing(
    tmp_path: Path, text: str
) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(text)
    assert list(pio.iter_csv(path)) == []


def test_iter_csv_streams_encoding_and_newline(tmp_path: Path) -> None:
    text = io.StringIO('a,b\r\n"x,1","multi\nline"\r\n')
    assert list(pio.iter_csv(text)) == [{"a": ["x,1"], "b": ["multi\nline"]}]
    raw = io.TextIOWrapper(
        io.BytesIO("é;ü\n1;2\n".encode("latin-1")), encoding="latin-1"
    )
    assert list(pio.iter_csv(raw, separator=";")) == [{"é": ["1"], "ü": ["2"]}]
    path = tmp_path / "latin.csv"
    path.write_bytes("name\nJosé\n".encode("latin-1"))
    assert list(pio.iter_csv(path, encoding="latin-1")) == [{"name": ["José"]}]
    assert list(pio.iter_csv(io.BytesIO(b"a\n1\n"))) == [{"a": ["1"]}]
    assert list(pio.iter_csv("a,b\n1,2\n3\n")) == [{"a": ["1", "3"], "b": ["2", None]}]


def test_iter_csv_refuses_what_it_would_lose(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("a,b\n1,2,3\n")
    with pytest.raises(ValueError, match="has 3 fields; the header has 2"):
        list(pio.iter_csv(path))
    path.write_text("a,a\n1,2\n")
    with pytest.raises(ValueError, match="duplicate column names"):
        list(pio.iter_csv(path))
    with pytest.raises(ValueError, match="need model="):
        pio.iter_csv(path, has_header=False)
    with pytest.raises(ValueError, match="not a directory or glob"):
        pio.iter_csv(tmp_path)
    with pytest.raises(ValueError, match="not a directory or glob"):
        pio.iter_csv(str(tmp_path / "*.csv"))
    with pytest.raises(FileNotFoundError):
        pio.iter_csv(tmp_path / "missing.csv")
    with pytest.raises(ValueError, match="batch_size"):
        pio.iter_csv(path, batch_size=0)


def test_iter_csv_with_a_model_is_typed(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("id,kind\n1,a\n2,\n")
    assert list(pio.iter_csv(path, model=Ev)) == [{"id": [1, 2], "kind": ["a", None]}]
    with pytest.raises(ValueError, match="UTF-8 only"):
        pio.iter_csv(path, model=Ev, encoding="latin-1")


def test_aiter_csv_yields_strings(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("id\n1\n2\n3\n")

    async def main() -> list[dict[str, list[object]]]:
        return [b async for b in pio.aiter_csv(path, batch_size=2)]

    assert asyncio.run(main()) == [{"id": ["1", "2"]}, {"id": ["3"]}]


# -- iter_ndjson / iter_json_lines ---------------------------------------------------
@pytest.mark.parametrize("name", ["iter_ndjson", "iter_json_lines"])
def test_iter_ndjson_lines_must_be_objects(tmp_path: Path, name: str) -> None:
    path = tmp_path / "rows.ndjson"
    path.write_text('{"id": 1}\n\n{"id": 2, "tags": {"a": []}}\n')
    assert list(getattr(pio, name)(path, batch_size=1)) == [
        {"id": [1]},
        {"id": [2], "tags": [{"a": []}]},  # each batch: the keys its rows have
    ]
    for bad in ("[1, 2]", "3", '"x"', "null"):
        path.write_text('{"id": 1}\n' + bad + "\n")
        with pytest.raises(ValueError, match="NDJSON lines must be JSON objects"):
            list(getattr(pio, name)(path))


def test_iter_ndjson_from_a_stream() -> None:
    stream = io.BytesIO(b'{"a": 1}\n{"b": 2}\n')
    assert list(pio.iter_ndjson(stream)) == [{"a": [1, None], "b": [None, 2]}]


# -- iter_json_array ---------------------------------------------------------------
def test_iter_json_array(tmp_path: Path) -> None:
    path = tmp_path / "rows.json"
    path.write_text(json.dumps([{"a": 1}, {"b": {"x": 1}}, {"a": 3}]))
    assert list(pio.iter_json_array(path, batch_size=2)) == [
        {"a": [1, None], "b": [None, {"x": 1}]},
        {"a": [3]},
    ]
    path.write_text("[]")
    assert list(pio.iter_json_array(path)) == []


@pytest.mark.parametrize("text", ['{"a": 1}', '{"a": 1}\n{"a": 2}\n', "3", '"x"'])
def test_iter_json_array_needs_a_top_level_array(tmp_path: Path, text: str) -> None:
    path = tmp_path / "rows.json"
    path.write_text(text)
    with pytest.raises(ValueError, match="JSON array reader expects a top-level array"):
        list(pio.iter_json_array(path))
