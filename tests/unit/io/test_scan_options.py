"""Lazy scans with the original's options: ``ignore_errors``/``on_validation_errors``,
the scan keys of each format, row indices and file paths, NDJSON directories and
globs, Parquet ``allow_missing_columns``, ``engine_streaming`` and
``Model.read_parquet_url``. Real files in ``tmp_path``; the URL tests use a real
HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import concurrent.futures
import inspect
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pydantic
import pytest

from local_http import serve_http, static_handler
from pydantable import DataFrame, DataFrameModel, Schema
from pydantable import dtypes as dt
from pydantable.engines.polars.execute import engine_for
from pydantable.errors import ColumnNotFoundError, SchemaMismatchError
from pydantable.io.formats import COMPAT_SCAN_KEYS, FORMATS

FMTS = ["parquet", "csv", "ndjson", "json", "ipc"]


class Item(DataFrameModel):
    id: int
    name: str
    note: str | None


class ItemSchema(Schema):
    id: int
    name: str
    note: str | None


def _write_rows(path: Path, fmt: str, rows: list[dict[str, Any]]) -> None:
    """Write ``rows`` as they are (no validation) in ``fmt``."""
    if fmt in ("ndjson", "json"):
        path.write_text("".join(json.dumps(r) + "\n" for r in rows))
        return
    frame = pl.DataFrame(rows, schema=dict.fromkeys(rows[0], pl.String))
    getattr(frame, f"write_{fmt}")(path)


#: Row 1 has a bad ``id``, row 3 a null ``name``; no file has ``note``.
ROWS = [
    {"id": "1", "name": "a"},
    {"id": "two", "name": "b"},
    {"id": "3", "name": "c"},
    {"id": "4", "name": None},
]
GOOD = {"id": [1, 3], "name": ["a", "c"], "note": [None, None]}


def _raw_row(fmt: str, row: dict[str, Any]) -> dict[str, Any]:
    """``row`` as the scan reads it (JSON keeps the JSON types)."""
    return {**row, "note": None}


def _expected_failures(fmt: str) -> list[dict[str, Any]]:
    return [
        {
            "row_index": 1,
            "row": _raw_row(fmt, ROWS[1]),
            "errors": [
                {
                    "type": "int_parsing",
                    "loc": ("id",),
                    "msg": "Input should be a valid integer, unable to parse string as an integer",
                    "input": "two",
                }
            ],
        },
        {
            "row_index": 3,
            "row": _raw_row(fmt, ROWS[3]),
            "errors": [
                {
                    "type": "string_type",
                    "loc": ("name",),
                    "msg": "Input should be a valid string",
                    "input": None,
                }
            ],
        },
    ]


@pytest.fixture(params=FMTS)
def bad_file(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, Path]:
    fmt = request.param
    path = tmp_path / f"items.{fmt}"
    _write_rows(path, fmt, ROWS)
    return fmt, path


# -- signatures -------------------------------------------------------------------------


@pytest.mark.parametrize("owner", [Item, DataFrame[ItemSchema]], ids=["model", "frame"])
@pytest.mark.parametrize("fmt", FMTS)
def test_reader_signatures_are_the_originals(owner: type[Any], fmt: str) -> None:
    expected = [
        ("path", inspect.Parameter.empty),
        ("columns", None),
        ("engine_streaming", None),
        ("trusted_mode", None),
        ("fill_missing_optional", True),
        ("ignore_errors", False),
        ("on_validation_errors", None),
    ]
    for prefix, extra in (("", []), ("a", [("executor", None)])):
        params = inspect.signature(getattr(owner, f"{prefix}read_{fmt}")).parameters
        named = [
            (p.name, p.default)
            for p in params.values()
            if p.kind is not inspect.Parameter.VAR_KEYWORD
        ]
        assert named == expected + extra
        assert [p.kind for p in params.values()][-1] is inspect.Parameter.VAR_KEYWORD
        assert all(
            p.kind is inspect.Parameter.KEYWORD_ONLY
            for p in list(params.values())[1:-1]
        )


# -- ignore_errors ------------------------------------------------------------------------


def test_ignore_errors_drops_and_reports_bad_rows_for_every_format(
    bad_file: tuple[str, Path],
) -> None:
    fmt, path = bad_file
    failures: list[list[dict[str, Any]]] = []
    frame = getattr(Item, f"read_{fmt}")(
        path, ignore_errors=True, on_validation_errors=failures.append
    )
    assert failures == []  # nothing is read before materialization
    assert frame.to_dict() == GOOD
    assert failures == [_expected_failures(fmt)]  # one call per materialization
    assert [r.model_dump() for r in frame.collect()] == [
        {"id": 1, "name": "a", "note": None},
        {"id": 3, "name": "c", "note": None},
    ]
    assert frame.to_polars().to_dict(as_series=False) == GOOD
    assert frame.to_arrow().to_pydict() == GOOD
    assert frame.height == 2
    assert failures == [_expected_failures(fmt)] * 5


def test_without_ignore_errors_a_bad_row_raises_at_materialization(
    bad_file: tuple[str, Path],
) -> None:
    fmt, path = bad_file
    called: list[Any] = []
    frame = getattr(Item, f"read_{fmt}")(path, on_validation_errors=called.append)
    with pytest.raises(pydantic.ValidationError) as info:
        frame.to_dict()
    assert [(e["type"], e["loc"]) for e in info.value.errors()] == [
        ("int_parsing", ("id", 1)),
        ("string_type", ("name", 3)),
    ]
    assert called == []  # the callback belongs to ignore_errors


def test_ignore_errors_on_the_generic_frame_and_async(tmp_path: Path) -> None:
    path = tmp_path / "items.csv"
    _write_rows(path, "csv", ROWS)
    seen: list[dict[str, Any]] = []
    frame = DataFrame[ItemSchema].read_csv(
        path, ignore_errors=True, on_validation_errors=seen.extend
    )
    assert frame.to_dict() == GOOD
    assert [f["row_index"] for f in seen] == [1, 3]

    async def main() -> dict[str, list[Any]]:
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            return await Item.aread_csv(
                path,
                ignore_errors=True,
                on_validation_errors=seen.extend,
                executor=pool,
            ).to_dict()

    assert asyncio.run(main()) == GOOD
    assert [f["row_index"] for f in seen] == [1, 3, 1, 3]


def test_a_defaulted_optional_column_never_triggers_the_callback(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ok.parquet"
    pl.DataFrame({"id": [1, 2], "name": ["a", "b"]}).write_parquet(path)
    called: list[Any] = []
    frame = Item.read_parquet(
        path, ignore_errors=True, on_validation_errors=called.append
    )
    assert frame.to_dict() == {"id": [1, 2], "name": ["a", "b"], "note": [None, None]}
    assert called == []

    class WithDefault(DataFrameModel):
        id: int
        kind: str = "plain"
        note: str | None

    bad = tmp_path / "bad.ndjson"
    bad.write_text('{"id": 1}\n{"id": "x"}\n')
    frame2 = WithDefault.read_ndjson(
        bad, ignore_errors=True, on_validation_errors=called.extend
    )
    assert frame2.to_dict() == {"id": [1], "kind": ["plain"], "note": [None]}
    assert [(f["row_index"], [e["loc"] for e in f["errors"]]) for f in called] == [
        (1, [("id",)])
    ]
    assert called[0]["row"] == {"id": "x", "kind": "plain", "note": None}


def test_ignore_errors_counts_rows_over_a_glob_and_keeps_the_row_index(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.csv").write_text("id,name\n1,a\nx,b\n")
    (tmp_path / "b.csv").write_text("id,name\n3,c\ny,d\n5,e\n")
    seen: list[dict[str, Any]] = []
    frame = Item.read_csv(
        tmp_path / "*.csv",
        ignore_errors=True,
        on_validation_errors=seen.extend,
        row_index_name="line",
    )
    assert frame.to_dict() == {
        "line": [0, 2, 4],
        "id": [1, 3, 5],
        "name": ["a", "c", "e"],
        "note": [None, None, None],
    }
    assert [(f["row_index"], f["row"]["line"], f["row"]["id"]) for f in seen] == [
        (1, 1, "x"),
        (3, 3, "y"),
    ]
    # transforms run on the valid rows; the bad rows are still reported
    seen.clear()
    assert frame.filter(frame.id > 1).select("id").to_dict() == {"id": [3, 5]}
    assert [f["row_index"] for f in seen] == [1, 3]


def test_ignore_errors_without_a_callback_and_when_every_row_is_bad(
    tmp_path: Path,
) -> None:
    path = tmp_path / "all_bad.ndjson"
    path.write_text('{"id": "x", "name": "a"}\n{"id": "y", "name": "b"}\n')
    assert Item.read_ndjson(path, ignore_errors=True).to_dict() == {
        "id": [],
        "name": [],
        "note": [],
    }


def test_ignore_errors_has_no_effect_in_the_trusted_modes(tmp_path: Path) -> None:
    path = tmp_path / "nulls.parquet"
    pl.DataFrame({"id": [1, None], "name": ["a", "b"]}).write_parquet(path)
    called: list[Any] = []
    for mode in ("shape_only", "strict"):
        frame = Item.read_parquet(
            path,
            trusted_mode=mode,
            ignore_errors=True,
            on_validation_errors=called.append,
        )
        with pytest.raises(SchemaMismatchError, match="'id' is not nullable"):
            frame.to_dict()  # never dropped silently
    assert called == []
    good = tmp_path / "good.parquet"
    pl.DataFrame({"id": [1, 2], "name": ["a", "b"]}).write_parquet(good)
    frame = Item.read_parquet(good, trusted_mode="shape_only", ignore_errors=True)
    assert frame.to_dict()["id"] == [1, 2]


def test_ignore_errors_and_on_validation_errors_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("id,name\n1,a\n")
    with pytest.raises(TypeError, match="ignore_errors must be a bool"):
        Item.read_csv(path, ignore_errors="yes")  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="on_validation_errors must be callable"):
        Item.read_csv(path, on_validation_errors=[])  # type: ignore[call-overload]


# -- scan keys ----------------------------------------------------------------------------

ORIGINAL_KEYS = {
    "parquet": "n_rows low_memory rechunk use_statistics cache glob allow_missing_columns "
    "parallel hive_partitioning hive_start_idx try_parse_hive_dates include_file_paths "
    "row_index_name row_index_offset",
    "csv": "has_header separator skip_rows skip_lines n_rows infer_schema_length "
    "low_memory rechunk glob cache quote_char eol_char include_file_paths row_index_name "
    "row_index_offset raise_if_empty truncate_ragged_lines decimal_comma try_parse_dates",
    "ipc": "record_batch_statistics glob cache rechunk n_rows hive_partitioning "
    "hive_start_idx try_parse_hive_dates include_file_paths row_index_name "
    "row_index_offset",
    "ndjson": "glob low_memory rechunk ignore_errors n_rows infer_schema_length "
    "include_file_paths row_index_name row_index_offset",
}
ORIGINAL_KEYS["json"] = ORIGINAL_KEYS["ndjson"]

#: Every listed key of each format with a value that keeps the rows as written
#: (``ignore_errors`` is the readers' own argument, tested above).
HARMLESS = {
    "parquet": {
        "n_rows": 10,
        "low_memory": True,
        "rechunk": True,
        "use_statistics": True,
        "cache": True,
        "glob": True,
        "allow_missing_columns": True,
        "parallel": "auto",
        "hive_partitioning": False,
        "hive_start_idx": 0,
        "try_parse_hive_dates": True,
    },
    "csv": {
        "has_header": True,
        "separator": ",",
        "skip_rows": 0,
        "skip_lines": 0,
        "n_rows": 10,
        "infer_schema_length": 100,
        "low_memory": False,
        "rechunk": False,
        "glob": True,
        "cache": True,
        "quote_char": '"',
        "eol_char": "\n",
        "raise_if_empty": True,
        "truncate_ragged_lines": False,
        "decimal_comma": False,
        "try_parse_dates": False,
    },
    "ipc": {
        "record_batch_statistics": True,
        "glob": True,
        "cache": False,
        "rechunk": True,
        "n_rows": 10,
        "hive_partitioning": False,
        "hive_start_idx": 0,
        "try_parse_hive_dates": True,
    },
    "ndjson": {
        "glob": True,
        "low_memory": True,
        "rechunk": True,
        "n_rows": 10,
        "infer_schema_length": 100,
    },
}
HARMLESS["json"] = HARMLESS["ndjson"]


def test_the_original_keys_are_pinned() -> None:
    assert set(COMPAT_SCAN_KEYS) == set(FORMATS)
    for fmt in FORMATS:
        assert COMPAT_SCAN_KEYS[fmt] == set(ORIGINAL_KEYS[fmt].split()), fmt
        listed = set(HARMLESS[fmt]) | {
            "include_file_paths",
            "row_index_name",
            "row_index_offset",
        }
        assert listed | {"ignore_errors"} >= COMPAT_SCAN_KEYS[fmt], fmt


@pytest.mark.parametrize("fmt", FMTS)
def test_every_original_key_is_accepted(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"items.{fmt}"
    getattr(
        Item({"id": [1, 2], "name": ["a", "b"], "note": ["n", None]}), f"write_{fmt}"
    )(path)
    frame = getattr(Item, f"read_{fmt}")(
        path,
        **HARMLESS[fmt],
        include_file_paths="file",
        row_index_name="i",
        row_index_offset=7,
    )
    assert frame.to_dict() == {
        "i": [7, 8],
        "id": [1, 2],
        "name": ["a", "b"],
        "note": ["n", None],
        "file": [str(path)] * 2,
    }


@pytest.mark.parametrize("fmt", FMTS)
def test_unknown_keys_and_a_lone_offset_raise(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"items.{fmt}"
    getattr(Item({"id": [1], "name": ["a"], "note": [None]}), f"write_{fmt}")(path)
    read = getattr(Item, f"read_{fmt}")
    with pytest.raises(
        ValueError,
        match=r"^unknown scan_kw key 'bogus' for this format; allowed: .*n_rows",
    ):
        read(path, bogus=1)
    other = "has_header" if fmt != "csv" else "hive_start_idx"
    with pytest.raises(
        ValueError, match=rf"^unknown scan_kw key '{other}' for this format"
    ):
        read(path, **{other: True})
    with pytest.raises(ValueError, match=r"^row_index_offset requires row_index_name$"):
        read(path, row_index_offset=3)
    with pytest.raises(ValueError, match=r"^row_index_offset requires row_index_name$"):
        read(path, row_index_name=None, row_index_offset=3)
    with pytest.raises(ValueError, match="row_index_offset must be an int >= 0"):
        read(path, row_index_name="i", row_index_offset=-1)
    with pytest.raises(ValueError, match="row_index_name must be a non-empty string"):
        read(path, row_index_name="")


@pytest.mark.parametrize("fmt", ["ndjson", "json"])
def test_json_glob_false_is_refused(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"items.{fmt}"
    path.write_text('{"id": 1, "name": "a"}\n')
    with pytest.raises(ValueError, match="glob=False is not supported"):
        getattr(Item, f"read_{fmt}")(path, glob=False)
    assert getattr(Item, f"read_{fmt}")(path, glob=True).height == 1


def test_parquet_glob_false_reads_a_literal_path(tmp_path: Path) -> None:
    path = tmp_path / "a[1].parquet"
    pl.DataFrame({"id": [1], "name": ["a"]}).write_parquet(path)
    assert Item.read_parquet(path, glob=False).to_dict()["id"] == [1]


def test_polars_own_options_still_work(tmp_path: Path) -> None:
    path = tmp_path / "items.csv"
    path.write_text("id;name\n1;NA\n2;b\n")
    frame = Item.read_csv(path, separator=";", null_values=["NA"])
    with pytest.raises(pydantic.ValidationError, match="name"):
        frame.to_dict()  # "NA" read as null: a str column rejects it
    kept = Item.read_csv(path, separator=";", null_values=["NA"], ignore_errors=True)
    assert kept.to_dict() == {"id": [2], "name": ["b"], "note": [None]}


# -- row index and file paths -------------------------------------------------------


def test_row_index_column_is_in_the_frame_schema(tmp_path: Path) -> None:
    path = tmp_path / "items.parquet"
    Item({"id": [5, 6, 7], "name": ["a", "b", "c"], "note": [None] * 3}).write_parquet(
        path
    )
    frame = Item.read_parquet(path, row_index_name="row")
    assert frame.columns == ["row", "id", "name", "note"]
    assert frame.schema["row"].dtype == dt.Int64()
    assert not frame.schema["row"].nullable
    assert frame.dtypes["row"] is int
    assert type(frame) is not Item  # a derived model: the schema differs
    assert isinstance(frame, DataFrameModel)
    assert frame.to_polars().schema["row"] == pl.Int64
    assert frame.to_dict()["row"] == [0, 1, 2]  # offset 0 by default
    assert frame.filter(frame.row >= 1).select("row", "id").to_dicts() == [
        {"row": 1, "id": 6},
        {"row": 2, "id": 7},
    ]
    assert [r.row for r in frame.collect()] == [0, 1, 2]
    projected = Item.read_parquet(
        path, columns=["id"], row_index_name="row", row_index_offset=100
    )
    assert projected.to_dict() == {"row": [100, 101, 102], "id": [5, 6, 7]}
    assert Item.read_parquet(
        path, columns=["row", "id"], row_index_name="row"
    ).columns == [
        "row",
        "id",
    ]
    with pytest.raises(ColumnNotFoundError):
        Item.read_parquet(path, columns=["row"])  # no row index asked for
    batches = list(Item.iter_parquet(path, batch_size=2, row_index_name="row"))
    assert [b.to_dict()["row"] for b in batches] == [[0, 1], [2]]


def test_a_row_index_name_the_file_has_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "items.parquet"
    pl.DataFrame({"id": [1], "name": ["a"], "i": [9]}).write_parquet(path)
    with pytest.raises(SchemaMismatchError, match="'i': column already exists"):
        Item.read_parquet(path, row_index_name="i")


def test_a_declared_row_index_field_keeps_its_type(tmp_path: Path) -> None:
    class Numbered(DataFrameModel):
        n: float
        id: int

    path = tmp_path / "items.csv"
    path.write_text("id\n4\n5\n")
    frame = Numbered.read_csv(path, row_index_name="n", row_index_offset=1)
    assert type(frame) is Numbered
    assert frame.to_dict() == {"n": [1.0, 2.0], "id": [4, 5]}


def test_include_file_paths_adds_a_str_column(tmp_path: Path) -> None:
    for name in ("a", "b"):
        Item({"id": [1], "name": [name], "note": [None]}).write_ipc(
            tmp_path / f"{name}.ipc"
        )
    frame = Item.read_ipc(tmp_path / "*.ipc", include_file_paths="src")
    assert frame.columns == ["id", "name", "note", "src"]
    assert frame.dtypes["src"] is str
    assert sorted(frame.to_dict()["src"]) == [
        str(tmp_path / "a.ipc"),
        str(tmp_path / "b.ipc"),
    ]


def test_a_bad_cell_is_located_with_a_row_index(tmp_path: Path) -> None:
    path = tmp_path / "items.csv"
    path.write_text("id,name\n1,a\nx,b\n")
    frame = Item.read_csv(path, row_index_name="i", include_file_paths="f")
    with pytest.raises(pydantic.ValidationError) as info:
        frame.to_dict()
    [error] = info.value.errors()
    assert error["loc"] == ("id", 1)
    assert error["ctx"] == {"file": str(path), "file_row": 1}


# -- NDJSON / JSON directories and globs ---------------------------------------------


@pytest.fixture
def json_tree(tmp_path: Path) -> Path:
    root = tmp_path / "events"
    (root / "day=1").mkdir(parents=True)
    (root / "day=2").mkdir()
    (root / "day=1" / "a.jsonl").write_text(
        '{"id": 1, "name": "a"}\n{"id": 2, "name": "b"}\n'
    )
    (root / "day=2" / "b.jsonl").write_text('{"id": 3, "name": "c"}\n')
    (root / "c.json").write_text('{"id": 4, "name": "d"}\n')
    (root / "notes.txt").write_text("not json")
    (root / "_SUCCESS").write_text("")
    (root / ".hidden.jsonl").write_text('{"id": 99, "name": "hidden"}\n')
    return root


@pytest.mark.parametrize("fmt", ["ndjson", "json"])
def test_a_json_directory_concatenates_its_files(json_tree: Path, fmt: str) -> None:
    frame = getattr(Item, f"read_{fmt}")(json_tree, include_file_paths="f")
    assert frame.columns == ["id", "name", "note", "f"]  # "day" adds no column
    got = frame.to_dict()
    assert got["id"] == [4, 1, 2, 3]  # files in sorted path order
    assert got["f"][0] == str(json_tree / "c.json")


@pytest.mark.parametrize("fmt", ["ndjson", "json"])
def test_a_jsonl_glob_respects_the_extension(json_tree: Path, fmt: str) -> None:
    read = getattr(Item, f"read_{fmt}")
    frame = read(json_tree / "day=*" / "*.jsonl", glob=True)
    assert frame.columns == ["id", "name", "note"]
    assert sorted(frame.to_dict()["id"]) == [1, 2, 3]  # not c.json
    (json_tree / "day=2" / "d.json").write_text('{"id": 5, "name": "e"}\n')
    assert sorted(read(json_tree / "**" / "*.json", glob=True).to_dict()["id"]) == [
        4,
        5,
    ]
    assert read(json_tree / "day=1" / "*.jsonl", glob=True).to_dict()["id"] == [1, 2]


def test_a_json_directory_with_bad_rows_and_arrays(tmp_path: Path) -> None:
    root = tmp_path / "mixed"
    root.mkdir()
    (root / "1.json").write_text('[{"id": 1, "name": "a"}, {"id": "x", "name": "b"}]')
    (root / "2.jsonl").write_text('{"id": 3, "name": "c"}\n')
    seen: list[dict[str, Any]] = []
    frame = Item.read_json(root, ignore_errors=True, on_validation_errors=seen.extend)
    assert frame.to_dict() == {"id": [1, 3], "name": ["a", "c"], "note": [None, None]}
    assert [(f["row_index"], f["row"]["id"]) for f in seen] == [(1, "x")]
    assert Item.read_ndjson(root / "*.jsonl").to_dict()["id"] == [3]


def test_an_empty_json_directory_fails_at_once(tmp_path: Path) -> None:
    (tmp_path / "only.txt").write_text("x")
    with pytest.raises(FileNotFoundError, match="no JSON files"):
        Item.read_ndjson(tmp_path)


# -- Parquet allow_missing_columns ---------------------------------------------------------


@pytest.fixture
def parts(tmp_path: Path) -> Path:
    root = tmp_path / "parts"
    root.mkdir()
    pl.DataFrame({"id": [1, 2], "name": ["a", "b"]}).write_parquet(root / "1.parquet")
    pl.DataFrame({"id": [3], "name": ["c"], "note": ["z"]}).write_parquet(
        root / "2.parquet"
    )
    pl.DataFrame({"id": [4], "name": ["d"]}).write_parquet(root / "3.parquet")
    return root


def test_allow_missing_columns_gives_nulls(parts: Path) -> None:
    frame = Item.read_parquet(parts, allow_missing_columns=True)
    assert frame.sort("id").to_dict() == {
        "id": [1, 2, 3, 4],
        "name": ["a", "b", "c", "d"],
        "note": [None, None, "z", None],
    }
    listed = [parts / "2.parquet", parts / "1.parquet"]  # the file with it first
    assert Item.read_parquet(listed, allow_missing_columns=True).to_dict()["note"] == [
        "z",
        None,
        None,
    ]
    shaped = Item.read_parquet(parts, allow_missing_columns=True, trusted_mode="strict")
    assert shaped.sort("id").to_dict()["note"] == [None, None, "z", None]


def test_without_allow_missing_columns_materialization_fails(parts: Path) -> None:
    frame = Item.read_parquet(parts)  # lazy: the read itself succeeds
    with pytest.raises(
        SchemaMismatchError,
        match=r"2\.parquet has column\(s\) \['note'\] .* allow_missing_columns=True",
    ):
        frame.to_dict()
    reversed_order = Item.read_parquet([parts / "2.parquet", parts / "1.parquet"])
    with pytest.raises(
        SchemaMismatchError, match=r"1\.parquet lacks column\(s\) \['note'\]"
    ):
        reversed_order.to_dict()

    class IdName(DataFrameModel):
        id: int
        name: str

    # files may differ in columns the frame does not read
    assert IdName.read_parquet(parts).sort("id").to_dict()["id"] == [1, 2, 3, 4]


def test_allow_missing_columns_on_a_required_column_is_a_validation_error(
    parts: Path,
) -> None:
    class NeedsNote(DataFrameModel):
        id: int
        note: str

    frame = NeedsNote.read_parquet(
        [parts / "2.parquet", parts / "1.parquet"], allow_missing_columns=True
    )
    with pytest.raises(pydantic.ValidationError) as info:
        frame.to_dict()
    errors = info.value.errors()
    assert [(e["type"], e["loc"]) for e in errors] == [
        ("string_type", ("note", 1)),
        ("string_type", ("note", 2)),
    ]
    assert errors[0]["ctx"]["file"] == str(parts / "1.parquet")
    seen: list[dict[str, Any]] = []
    kept = NeedsNote.read_parquet(
        [parts / "2.parquet", parts / "1.parquet"],
        allow_missing_columns=True,
        ignore_errors=True,
        on_validation_errors=seen.extend,
    )
    assert kept.to_dict() == {"id": [3], "note": ["z"]}
    assert [(f["row_index"], f["row"]) for f in seen] == [
        (1, {"id": 1, "note": None}),
        (2, {"id": 2, "note": None}),
    ]
    with pytest.raises(SchemaMismatchError, match="'note' is not nullable"):
        NeedsNote.read_parquet(
            parts, allow_missing_columns=True, trusted_mode="shape_only"
        ).to_dict()


def test_allow_missing_columns_contradicting_missing_columns(parts: Path) -> None:
    with pytest.raises(ValueError, match="contradicts missing_columns='raise'"):
        Item.read_parquet(parts, allow_missing_columns=True, missing_columns="raise")


# -- missing columns fail at materialization ---------------------------------------------


@pytest.mark.parametrize("fmt", FMTS)
def test_missing_required_columns_fail_at_materialization(
    tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / f"ids.{fmt}"
    _write_rows(path, fmt, [{"id": "1"}])
    frame = getattr(Item, f"read_{fmt}")(path)
    assert frame.columns == ["id", "name", "note"]
    with pytest.raises(
        SchemaMismatchError, match=r"Missing required columns: \['name'\]"
    ):
        frame.to_dict()
    with pytest.raises(SchemaMismatchError, match="Missing required columns"):
        getattr(Item, f"read_{fmt}")(
            path, ignore_errors=True
        ).to_dict()  # not a row error


# -- engine_streaming ---------------------------------------------------------------------


def test_engine_streaming_picks_the_polars_engine(tmp_path: Path) -> None:
    path = tmp_path / "items.parquet"
    Item({"id": [1, 2], "name": ["a", "b"], "note": [None, "x"]}).write_parquet(path)
    streamed = Item.read_parquet(path, engine_streaming=True)
    in_memory = Item.read_parquet(path, engine_streaming=False)
    default = Item.read_parquet(path)
    assert engine_for(streamed.filter(streamed.id > 0)._plan) == "streaming"
    assert engine_for(in_memory._plan) == "in-memory"
    assert engine_for(default._plan) == "auto"
    assert streamed.to_dict() == in_memory.to_dict() == default.to_dict()
    joined = streamed.join(default, on="id", suffix="_r")
    assert engine_for(joined._plan) == "streaming"
    with pytest.raises(TypeError, match="engine_streaming must be a bool or None"):
        Item.read_parquet(path, engine_streaming="yes")  # type: ignore[call-overload]


# -- Model.read_parquet_url --------------------------------------------------------------


def _parquet_bytes(data: dict[str, list[Any]]) -> bytes:
    buffer = io.BytesIO()
    pl.DataFrame(data).write_parquet(buffer)
    return buffer.getvalue()


BODIES = {
    "/items.parquet": _parquet_bytes({"id": [1, 2], "name": ["a", "b"]}),
    "/bad.parquet": _parquet_bytes({"id": ["1", "x"], "name": ["a", "b"]}),
}


_Handler = static_handler(BODIES)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve_http(_Handler) as base:
        yield base


def test_model_read_parquet_url(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYDANTABLE_ALLOW_URL_READS", "1")  # off by default
    pytest.importorskip("httpx")
    from pydantable.io import ResponseTooLargeError

    url = f"{server}/items.parquet"
    frame = Item.read_parquet_url(url, max_bytes=100_000, timeout=5)
    assert type(frame) is Item
    assert frame.to_dict() == {"id": [1, 2], "name": ["a", "b"], "note": [None, None]}
    same = Item.read_parquet_url(url, experimental=False, max_bytes=100_000, timeout=5)
    assert same.to_dict() == frame.to_dict()  # experimental= is accepted, ignored
    generic = DataFrame[ItemSchema].read_parquet_url(
        url, experimental=True, max_bytes=100_000, timeout=5, columns=["id"]
    )
    assert generic.to_dict() == {"id": [1, 2]}
    indexed = Item.read_parquet_url(
        url, max_bytes=100_000, timeout=5, row_index_name="i", row_index_offset=1
    )
    assert indexed.to_dict()["i"] == [1, 2]
    with pytest.raises(TypeError, match="max_bytes"):
        Item.read_parquet_url(url, timeout=5)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="timeout"):
        Item.read_parquet_url(url, max_bytes=100_000)  # type: ignore[call-overload]
    with pytest.raises(ResponseTooLargeError):
        Item.read_parquet_url(url, max_bytes=10, timeout=5)
    bad = f"{server}/bad.parquet"
    with pytest.raises(pydantic.ValidationError) as info:
        Item.read_parquet_url(bad, max_bytes=100_000, timeout=5)
    assert info.value.errors()[0]["ctx"]["file"] == bad
    seen: list[dict[str, Any]] = []
    kept = Item.read_parquet_url(
        bad,
        max_bytes=100_000,
        timeout=5,
        ignore_errors=True,
        on_validation_errors=seen.extend,
    )
    assert kept.to_dict() == {"id": [1], "name": ["a"], "note": [None]}
    assert [(f["row_index"], f["row"]["id"]) for f in seen] == [(1, "x")]


# -- errors found in parallel batches ------------------------------------------------------


def test_bad_cells_in_parallel_batches_are_all_located(tmp_path: Path) -> None:
    """Row groups are validated in parallel; the error (raised once the query has
    stopped: no query runs inside another) lists every bad cell in location order,
    whatever batch failed first, for every way of materializing."""
    n = 120_000
    ids = [str(i) for i in range(n)]
    ids[5], ids[100_000] = "x", "y"
    path = tmp_path / "big.parquet"
    pl.DataFrame({"id": ids, "name": ["a"] * n}).write_parquet(
        path, row_group_size=5_000
    )
    frame = Item.read_parquet(path)
    ways = {
        "to_dict": frame.to_dict,
        "height": lambda: frame.height,
        "batches": lambda: list(frame.iter_batches(10_000)),
        "write": lambda: frame.write_parquet(tmp_path / "out.parquet"),
        "filtered": lambda: frame.filter(frame.name == "b").to_dict(),
    }
    for name, run in ways.items():
        with pytest.raises(pydantic.ValidationError) as info:
            run()
        found = [(e["loc"], e["input"], e["ctx"]) for e in info.value.errors()]
        assert found == [
            (("id", 5), "x", {"file": str(path), "file_row": 5}),
            (("id", 100_000), "y", {"file": str(path), "file_row": 100_000}),
        ], name
    assert not (tmp_path / "out.parquet").exists()
    seen: list[dict[str, Any]] = []
    kept = Item.read_parquet(path, ignore_errors=True, on_validation_errors=seen.extend)
    assert kept.height == n - 2
    assert [f["row_index"] for f in seen] == [5, 100_000]


@pytest.mark.parametrize("fmt", ["csv", "ndjson"])
def test_a_value_past_the_inferred_rows_is_an_invalid_cell(
    tmp_path: Path, fmt: str
) -> None:
    """Polars infers CSV/NDJSON dtypes from the first rows; a later value that
    does not parse is still a located validation error (not an engine error),
    and a dropped row under ``ignore_errors``."""
    rows = [{"id": str(i), "name": f"n{i}"} for i in range(300)]
    rows[250]["id"] = "x"
    path = tmp_path / f"late.{fmt}"
    if fmt == "csv":
        path.write_text("id,name\n" + "".join(f"{r['id']},{r['name']}\n" for r in rows))
    else:  # JSON numbers, one string
        path.write_text(
            "".join(
                json.dumps({**r, "id": r["id"] if r["id"] == "x" else int(r["id"])})
                + "\n"
                for r in rows
            )
        )
    frame = getattr(Item, f"read_{fmt}")(path)
    for run in (
        frame.to_dict,
        lambda: frame.height,
        lambda: list(frame.iter_batches(100)),
    ):
        with pytest.raises(pydantic.ValidationError) as info:
            run()
        [error] = info.value.errors()
        assert (error["type"], error["loc"], error["input"]) == (
            "int_parsing",
            ("id", 250),
            "x",
        )
        assert isinstance(info.value.__cause__, pl.exceptions.ComputeError)
    seen: list[dict[str, Any]] = []
    kept = getattr(Item, f"read_{fmt}")(
        path, ignore_errors=True, on_validation_errors=seen.extend
    )
    got = kept.to_dict()
    assert len(got["id"]) == 299
    assert 250 not in got["id"]
    assert got["id"][:3] == [0, 1, 2]
    assert [(f["row_index"], f["row"]["id"], f["row"]["name"]) for f in seen] == [
        (250, "x", "n250")
    ]


def test_an_early_bad_cell_and_a_late_unparsable_value(tmp_path: Path) -> None:
    lines = ["id,name", "1,a", "2,", *[f"{i},n" for i in range(3, 300)]]
    lines[260] = "x,n"
    path = tmp_path / "both.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(pydantic.ValidationError) as info:
        Item.read_csv(path).to_dict()
    assert [(e["type"], e["loc"]) for e in info.value.errors()] == [
        ("int_parsing", ("id", 259)),
        ("string_type", ("name", 1)),
    ]
