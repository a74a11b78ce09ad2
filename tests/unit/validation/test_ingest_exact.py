"""Example-based tests of Pydantic-exact ingest validation (``trusted_mode="off"``).

Complements ``test_property.py``: each dtype's canonical values are decided by
the vectorized rules (no cell reaches Pydantic) and its non-canonical spellings
go to Pydantic; plus error capping, ``ignore_errors`` payloads, row-key
handling (extra, missing, aliases, defaults) and the documented ``int_overflow``
deviation.
"""

from __future__ import annotations

import copy
import datetime as dt
import decimal
import enum
import uuid
from typing import Annotated, Any, Literal

import polars as pl
import pydantic
import pytest
from pydantic import BaseModel, Field, TypeAdapter

import pydantable.validation.ingest as ingest_module
from pydantable import DataFrameModel
from pydantable.errors import SchemaMismatchError, error_total
from pydantable.validation.cells import CellValidator

OVERFLOW_MSG = "Input should fit in a signed 64-bit integer"


class Color(str, enum.Enum):
    RED = "red"
    GREEN = "green"


class Inner(BaseModel):
    x: int
    y: str | None


@pytest.fixture
def vectorized(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest_module, "SMALL_INPUT_CELLS", 0, raising=False)


@pytest.fixture
def pydantic_cells(monkeypatch: pytest.MonkeyPatch, vectorized: None) -> list[Any]:
    """The cells the vectorized path hands to Pydantic (via ``CellValidator``)."""
    seen: list[Any] = []
    original = CellValidator.validate

    def spy(self: CellValidator, values: Any, *args: Any, **kwargs: Any) -> Any:
        seen.extend(values)
        return original(self, values, *args, **kwargs)

    monkeypatch.setattr(CellValidator, "validate", spy)
    return seen


def make_model(annotation: Any, default: Any = ...) -> type[DataFrameModel]:
    namespace: dict[str, Any] = {
        "__annotations__": {"v": annotation},
        "__module__": __name__,
    }
    if default is not ...:
        namespace["v"] = default
    return type(DataFrameModel)("One", (DataFrameModel,), namespace)  # type: ignore[no-any-return]


def pydantic_values(model: type[DataFrameModel], column: list[Any]) -> list[Any]:
    rows = TypeAdapter(list[model.RowModel]).validate_python([{"v": v} for v in column])  # type: ignore[name-defined]
    return [m.model_dump()["v"] for m in rows]


def assert_same(got: list[Any], want: list[Any]) -> None:
    assert got == want
    assert [type(v) for v in got] == [type(v) for v in want]


# -- canonical values: decided by the vectorized rules ---------------------------------

D2 = Annotated[decimal.Decimal, Field(max_digits=6, decimal_places=2)]
U = uuid.UUID("12345678-1234-5678-1234-567812345678")

CANONICAL: list[tuple[Any, list[Any]]] = [
    (int, [1, -2, None, 2**63 - 1, -(2**63)]),
    (int, ["42", "-7", "007", "123456789012345678"]),
    (int, [1.0, -3.0]),
    (float, [1.5, 2, True, None]),
    (float, ["1.5", "-3", "0.25"]),
    (bool, [True, False]),
    (bool, ["true", "0", "yes", "off", "t", "n"]),
    (bool, [0, 1]),
    (str, ["a", "", "日本", None]),
    (bytes, [b"a", b"\x00"]),
    (bytes, ["abc"]),
    (dt.date, [dt.date(2024, 1, 31), None]),
    (dt.date, ["2024-01-31", "0001-01-01"]),
    (dt.date, [dt.datetime(2024, 1, 31)]),
    (dt.datetime, [dt.datetime(2024, 1, 31, 10, 11, 12, 5)]),
    (
        dt.datetime,
        [
            "2024-01-31T10:11:12",
            "2024-01-31 10:11",
            "2024-01-31",
            "2024-01-31T10:11:12.5",
        ],
    ),
    (dt.datetime, [dt.date(2024, 1, 31)]),
    # Polars converts Decimal to float exactly as float(Decimal) does
    (float, [decimal.Decimal("0.1"), decimal.Decimal("1e-400")]),
    (decimal.Decimal, [decimal.Decimal("1.5"), decimal.Decimal("-0.000001")]),
    (decimal.Decimal, ["1.25", "-3"]),
    (decimal.Decimal, [1, 2]),
    (D2, [decimal.Decimal("1234.5"), decimal.Decimal("-0.01")]),
    (D2, ["1234.56"]),
    (Literal["a", "b"], ["a", "b"]),
    (Literal[1, 2, 3], [1, 3]),
    (Color, ["red", Color.GREEN]),
    (uuid.UUID, [str(U)]),
    (list[int], [[1, 2], [], (3,), None]),
    (list[str | None], [["a", None], [], ("b",)]),
    (Inner, [{"x": 1, "y": "a"}, {"x": 2, "y": None}]),
    (Annotated[int, Field(ge=0, le=10)], [0, 10]),
    (
        Annotated[str, Field(min_length=1, max_length=3, pattern="^[a-z]+$")],
        ["a", "abc"],
    ),
    (Annotated[list[int], Field(max_length=2)], [[1, 2]]),
    (Annotated[int, Field(multiple_of=3)], [-3, 0, 9]),
]


@pytest.mark.parametrize(("annotation", "column"), CANONICAL)
def test_canonical_values_are_decided_without_pydantic(
    annotation: Any, column: list[Any], pydantic_cells: list[Any]
) -> None:
    model = make_model(annotation | None if None in column else annotation)
    frame = model({"v": column})
    assert pydantic_cells == []
    assert_same(frame.to_dict()["v"], pydantic_values(model, column))


# -- non-canonical spellings: Pydantic decides, with its exact result ------------------

NON_CANONICAL: list[tuple[Any, list[Any]]] = [
    (int, [" 1 ", "1_000", "+3", "1.0", "-0", "1" * 19]),
    (int, [2.0, "3"]),
    (int, [decimal.Decimal("2.0")]),
    (float, [" 1.5", "1e3", "inf", ".5", "5.", "1_0"]),
    (bool, ["TRUE", "Yes", "F"]),
    (bool, [1.0, 0.0]),
    (str, [b"bytes", Color.RED]),
    (dt.date, ["2024-01-31T00:00:00", "2024-01-31 00:00", 1706659200, "1706659200"]),
    (dt.date, [dt.datetime(2024, 1, 31, tzinfo=dt.timezone.utc)]),
    (
        dt.datetime,
        ["2024-01-31t10:11", "2024-01-31T10:11:12.1234567", "2024-01-31_10:11"],
    ),
    (dt.datetime, [dt.date(2024, 1, 31), "2024-01-31"]),
    (decimal.Decimal, [" 1.5 ", "1e3", "+1", "1_0", 1.5, 0.1]),
    (decimal.Decimal, ["1.10000000000"]),
    (D2, ["000123.45", "123.450"]),
    (Literal[1, 2, 3], [True, 1.0]),
    (Color, [b"red"]),
    (
        uuid.UUID,
        [str(U).upper(), U.hex, "{" + str(U) + "}", "urn:uuid:" + str(U), U.bytes, U],
    ),
    (list[int], [["1", 2], {3, 4}, (True,)]),
    (list[str | None], [("a",), {"b"}]),
    (Inner, [{"x": "1", "y": None}, Inner(x=1, y="a"), {"x": 1, "y": "a", "z": 0}]),
    (dict[str, int], [{"a": 1}, {"b": "2"}, {}]),
]


@pytest.mark.parametrize(("annotation", "column"), NON_CANONICAL)
def test_non_canonical_values_are_validated_by_pydantic(
    annotation: Any, column: list[Any], pydantic_cells: list[Any]
) -> None:
    model = make_model(annotation)
    frame = model({"v": column})
    assert pydantic_cells, "expected the Pydantic path"
    got, want = frame.to_dict()["v"], pydantic_values(model, column)
    assert [type(v) for v in got] == [type(v) for v in want]
    assert got == want


INVALID: list[tuple[Any, Any, str]] = [
    (int, "0x1", "int_parsing"),
    (int, 1.5, "int_from_float"),
    (int, "1.5", "int_parsing"),
    (int, float("nan"), "finite_number"),
    (int, None, "int_type"),
    (float, "abc", "float_parsing"),
    (bool, 2, "bool_parsing"),
    (bool, " true", "bool_parsing"),
    (str, 1, "string_type"),
    (str, b"\xff", "string_unicode"),
    (dt.date, dt.datetime(2024, 1, 31, 5), "date_from_datetime_inexact"),
    (dt.date, "2024-02-30", "date_from_datetime_parsing"),
    (dt.date, "0000-01-01", "date_parsing"),
    (dt.date, -1, "date_from_datetime_inexact"),
    (dt.datetime, "2024-01-31T23:59:60", "datetime_from_date_parsing"),
    (dt.datetime, "2024-01-31T24:00:00", "datetime_from_date_parsing"),
    # a plain datetime takes aware values (stored as UTC, see
    # test_aware_values_of_a_plain_datetime_are_stored_as_utc); NaiveDatetime refuses them
    (pydantic.NaiveDatetime, "2024-01-31T10:11:12Z", "timezone_naive"),
    (
        pydantic.NaiveDatetime,
        dt.datetime(2024, 1, 31, tzinfo=dt.timezone.utc),
        "timezone_naive",
    ),
    (pydantic.NaiveDatetime, 1706659200, "timezone_naive"),
    (decimal.Decimal, decimal.Decimal("1.0000000001"), "decimal_max_places"),
    (decimal.Decimal, decimal.Decimal("1.0000000000000000001"), "decimal_max_places"),
    (decimal.Decimal, decimal.Decimal("1E+30"), "decimal_whole_digits"),
    (decimal.Decimal, decimal.Decimal("NaN"), "finite_number"),
    (decimal.Decimal, decimal.Decimal("Infinity"), "finite_number"),
    (decimal.Decimal, True, "decimal_type"),
    (D2, "1234.567", "decimal_max_digits"),
    (D2, "1.234", "decimal_max_places"),
    (D2, 12345, "decimal_whole_digits"),
    (Literal["a", "b"], "c", "literal_error"),
    (Literal[1, 2, 3], "1", "literal_error"),
    (Color, "RED", "enum"),
    (uuid.UUID, "not-a-uuid", "uuid_parsing"),
    (list[int], "ab", "list_type"),
    (list[int], [None], "int_type"),
    (list[str | None], [1], "string_type"),
    (Inner, {"x": 1}, "missing"),
    (Inner, {"x": 1, "y": 2}, "string_type"),
    (Inner, "x", "model_type"),
    (dict[str, int], [("a", 1)], "dict_type"),
    (Annotated[int, Field(ge=0)], -1, "greater_than_equal"),
    (Annotated[float, Field(gt=0)], 0.0, "greater_than"),
    (Annotated[float, Field(le=1)], float("nan"), "less_than_equal"),
    (Annotated[int, Field(multiple_of=3)], 4, "multiple_of"),
    (Annotated[str, Field(max_length=2)], "abc", "string_too_long"),
    (Annotated[str, Field(pattern="^[a-z]+$")], "abc\n", "string_pattern_mismatch"),
    (Annotated[list[int], Field(min_length=1)], [], "too_short"),
    (list[Annotated[int, Field(ge=0)]], [1, -1], "greater_than_equal"),
]


@pytest.mark.parametrize(("annotation", "bad", "error_type"), INVALID)
@pytest.mark.parametrize("layout", ["columns", "rows"])
def test_invalid_cells_get_pydantic_errors(
    vectorized: None, annotation: Any, bad: Any, error_type: str, layout: str
) -> None:
    good = {
        int: 1,
        float: 1.0,
        bool: True,
        str: "a",
        dt.date: dt.date(2024, 1, 1),
        dt.datetime: dt.datetime(2024, 1, 1),
        decimal.Decimal: decimal.Decimal(1),
    }
    model = make_model(annotation)
    plain = isinstance(annotation, type) and annotation in good
    column = [good[annotation], bad] if plain else [bad]
    rows = [{"v": v} for v in column]
    with pytest.raises(pydantic.ValidationError) as caught:
        TypeAdapter(list[model.RowModel]).validate_python(rows)  # type: ignore[name-defined]
    want = caught.value.errors(include_url=False)
    assert {e["type"] for e in want} == {error_type}
    with pytest.raises(pydantic.ValidationError) as ours:
        model({"v": column} if layout == "columns" else rows)
    got = ours.value.errors(include_url=False)
    if layout == "columns":
        for e in want:
            e["loc"] = (e["loc"][1], e["loc"][0], *e["loc"][2:])
    assert got == want


# -- the documented deviation: values the engine cannot store ------------------------


@pytest.mark.parametrize("layout", ["columns", "rows"])
@pytest.mark.parametrize("small", [False, True])
def test_int_overflow_is_rejected_at_the_integer(
    monkeypatch: pytest.MonkeyPatch, layout: str, small: bool
) -> None:
    if not small:
        monkeypatch.setattr(ingest_module, "SMALL_INPUT_CELLS", 0, raising=False)

    class M(DataFrameModel):
        a: int
        b: list[int]
        c: dict[str, int]
        d: Inner

    big = 2**63
    columns = {
        "a": [1, "99999999999999999999", -(2**63) - 1],
        "b": [[1], [2, big], []],
        "c": [{"k": big}, {}, {}],
        "d": [{"x": 1, "y": None}, {"x": 1, "y": None}, {"x": big, "y": "q"}],
    }
    # Pydantic accepts all of it ...
    rows = [{k: v[i] for k, v in columns.items()} for i in range(3)]
    TypeAdapter(list[M.RowModel]).validate_python(rows)
    # ... pydantable rejects the integers it cannot store.
    with pytest.raises(pydantic.ValidationError) as caught:
        M(columns if layout == "columns" else rows)
    errors = caught.value.errors(include_url=False)
    assert {e["type"] for e in errors} == {"int_overflow"}
    assert {e["msg"] for e in errors} == {OVERFLOW_MSG}
    found = {(e["loc"], e["input"]) for e in errors}
    cells = {
        (("a", 1), 99999999999999999999),
        (("a", 2), -(2**63) - 1),
        (("b", 1, 1), big),
        (("c", 0, "k"), big),
        (("d", 2, "x"), big),
    }
    if layout == "rows":
        cells = {((loc[1], loc[0], *loc[2:]), value) for loc, value in cells}
    assert found == cells


@pytest.mark.parametrize("layout", ["columns", "rows"])
@pytest.mark.parametrize("small", [False, True])
def test_unstorable_durations_and_strings_are_rejected(
    monkeypatch: pytest.MonkeyPatch, layout: str, small: bool
) -> None:
    if not small:
        monkeypatch.setattr(ingest_module, "SMALL_INPUT_CELLS", 0, raising=False)

    class M(DataFrameModel):
        d: dt.timedelta
        s: str
        m: dict[str, int]

    huge = dt.timedelta(days=2 * 10**8)  # Pydantic allows 999,999,999 days
    columns = {
        "d": [dt.timedelta(1), huge],
        "s": ["ok", "a\ud800"],
        "m": [{"\udfff": 1}, {}],
    }
    rows = [{k: v[i] for k, v in columns.items()} for i in range(2)]
    TypeAdapter(list[M.RowModel]).validate_python(rows)  # Pydantic accepts it all
    with pytest.raises(pydantic.ValidationError) as caught:
        M(columns if layout == "columns" else rows)
    found = {(e["type"], e["loc"], e["input"]) for e in caught.value.errors()}
    cells = {
        ("duration_overflow", ("d", 1), huge),
        ("string_unicode", ("s", 1), "a\ud800"),
        ("string_unicode", ("m", 0, "\ufffd" * 3, "[key]"), "\udfff"),
    }
    if layout == "rows":
        cells = {
            (kind, (loc[1], loc[0], *loc[2:]), value) for kind, loc, value in cells
        }
    assert found == cells


class Closed(BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")
    x: int


class Checked(BaseModel):
    x: int = Field(ge=0)

    @pydantic.field_validator("x")
    @classmethod
    def double(cls, v: int) -> int:
        return v * 2


@pytest.mark.parametrize(
    ("annotation", "column"),
    [
        (Closed, [{"x": 1}, {"x": 2, "z": 3}]),
        (Checked, [{"x": 1}, {"x": -1}]),
        (list[Annotated[str, Field(max_length=1)]], [["a"], ["ab"]]),
        (dict[str, Annotated[int, Field(gt=0)]], [{"a": 1}, {"b": 0}]),
    ],
)
def test_nested_rules_are_pydantics(
    vectorized: None, annotation: Any, column: list[Any]
) -> None:
    """Nested models with config/validators/constraints, inner constraints."""
    model = make_model(annotation)
    rows = [{"v": v} for v in column]
    with pytest.raises(pydantic.ValidationError) as caught:
        TypeAdapter(list[model.RowModel]).validate_python(rows)  # type: ignore[name-defined]
    want = caught.value.errors(include_url=False)
    with pytest.raises(pydantic.ValidationError) as ours:
        model(rows)
    assert ours.value.errors(include_url=False) == want
    first = model(rows[:1]).to_dicts()
    assert first == [
        m.model_dump()
        for m in TypeAdapter(list[model.RowModel]).validate_python(rows[:1])
    ]  # type: ignore[name-defined]


def test_int64_bounds_are_accepted(vectorized: None) -> None:
    class M(DataFrameModel):
        a: int
        b: list[int]

    frame = M({"a": [2**63 - 1, -(2**63)], "b": [[2**63 - 1], [-(2**63)]]})
    assert frame.to_dict() == {
        "a": [2**63 - 1, -(2**63)],
        "b": [[2**63 - 1], [-(2**63)]],
    }


# -- error cap -----------------------------------------------------------------------


class Two(DataFrameModel):
    a: int
    b: int


@pytest.mark.parametrize("small", [False, True])
def test_max_errors_caps_details_and_error_total_counts_all(
    monkeypatch: pytest.MonkeyPatch, small: bool
) -> None:
    if not small:
        monkeypatch.setattr(ingest_module, "SMALL_INPUT_CELLS", 0, raising=False)
    n = 300
    rows = [{"a": "x", "b": "y" if i % 2 else 1} for i in range(n)]
    all_errors = _pydantic_errors(Two, rows)
    assert len(all_errors) == 450
    # Rows: the first errors in (row, column) order.
    with pytest.raises(pydantic.ValidationError) as caught:
        Two(rows, max_errors=100)
    shown = caught.value.errors(include_url=False)
    assert error_total(caught.value) == 450
    assert shown == all_errors[:100]
    assert any("450 errors in total" in note for note in caught.value.__notes__)
    # Columns: the first errors in (column, row) order.
    columns = {"a": [r["a"] for r in rows], "b": [r["b"] for r in rows]}
    with pytest.raises(pydantic.ValidationError) as caught:
        Two(columns, max_errors=100)
    by_column = sorted(
        ({**e, "loc": (e["loc"][1], e["loc"][0])} for e in all_errors),
        key=lambda e: (e["loc"][0], e["loc"][1]),
    )
    assert caught.value.errors(include_url=False) == by_column[:100]
    assert error_total(caught.value) == 450


def test_max_errors_keeps_first_rows_with_missing_keys(vectorized: None) -> None:
    # ``missing`` errors are found before the others of the same column.
    rows: list[dict[str, Any]] = [{"a": "x", "b": 1} for _ in range(5)]
    rows += [{"b": 1} for _ in range(5)]
    all_errors = _pydantic_errors(Two, rows)
    with pytest.raises(pydantic.ValidationError) as caught:
        Two(rows, max_errors=3)
    assert caught.value.errors(include_url=False) == all_errors[:3]
    assert error_total(caught.value) == 10


def test_default_cap_is_100(vectorized: None) -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        Two({"a": ["x"] * 150, "b": [1] * 150})
    assert len(caught.value.errors()) == 100
    assert error_total(caught.value) == 150


def _pydantic_errors(
    model: type[DataFrameModel], rows: list[dict[str, Any]]
) -> list[Any]:
    with pytest.raises(pydantic.ValidationError) as caught:
        TypeAdapter(list[model.RowModel]).validate_python(rows)  # type: ignore[name-defined]
    return caught.value.errors(include_url=False)


# -- ignore_errors ------------------------------------------------------------------


class User(DataFrameModel):
    id: int
    email: str
    tags: list[str] = Field(default_factory=list)


@pytest.mark.parametrize("small", [False, True])
def test_ignore_errors_rows_payload(
    monkeypatch: pytest.MonkeyPatch, small: bool
) -> None:
    if not small:
        monkeypatch.setattr(ingest_module, "SMALL_INPUT_CELLS", 0, raising=False)
    rows = [
        {"id": 1, "email": "a@x"},
        {"id": "nope", "email": "b@x", "extra": 1},
        {"id": "3", "email": "c@x", "tags": ["t"]},
        {"email": "d@x"},
    ]
    before = copy.deepcopy(rows)
    payloads: list[Any] = []
    frame = User(rows, ignore_errors=True, on_validation_errors=payloads.append)
    assert rows == before
    assert frame.to_dict() == {
        "id": [1, 3],
        "email": ["a@x", "c@x"],
        "tags": [[], ["t"]],
    }
    assert len(payloads) == 1
    failures = payloads[0]
    assert [f["row_index"] for f in failures] == [1, 3]
    assert failures[0]["row"] is rows[1]
    assert failures[1]["row"] is rows[3]
    for failure in failures:
        want = _row_errors(User, failure["row"])
        assert sorted(failure["errors"], key=repr) == sorted(want, key=repr)
    assert {e["type"] for e in failures[0]["errors"]} == {
        "int_parsing",
        "extra_forbidden",
    }
    assert failures[1]["errors"][0]["type"] == "missing"
    assert failures[1]["errors"][0]["loc"] == ("id",)


@pytest.mark.parametrize("small", [False, True])
def test_ignore_errors_columns_payload(
    monkeypatch: pytest.MonkeyPatch, small: bool
) -> None:
    if not small:
        monkeypatch.setattr(ingest_module, "SMALL_INPUT_CELLS", 0, raising=False)
    columns = {"id": [1, "x", 3], "email": ["a", "b", None], "tags": [[], ["t"], "no"]}
    before = copy.deepcopy(columns)
    payloads: list[Any] = []
    frame = User(columns, ignore_errors=True, on_validation_errors=payloads.append)
    assert columns == before
    assert frame.to_dict() == {"id": [1], "email": ["a"], "tags": [[]]}
    (failures,) = payloads
    assert [f["row_index"] for f in failures] == [1, 2]
    assert failures[0]["row"] == {"id": "x", "email": "b", "tags": ["t"]}
    assert failures[1]["row"] == {"id": 3, "email": None, "tags": "no"}
    for failure in failures:
        want = _row_errors(User, failure["row"])
        assert sorted(failure["errors"], key=repr) == sorted(want, key=repr)


def test_ignore_errors_all_bad_and_none_bad(vectorized: None) -> None:
    payloads: list[Any] = []
    frame = User(
        {"id": ["x", "y"], "email": ["a", "b"]},
        ignore_errors=True,
        on_validation_errors=payloads.append,
    )
    assert frame.to_dict() == {"id": [], "email": [], "tags": []}
    assert [f["row_index"] for f in payloads[0]] == [0, 1]
    payloads.clear()
    User(
        {"id": [1], "email": ["a"]},
        ignore_errors=True,
        on_validation_errors=payloads.append,
    )
    assert payloads == []


def _row_errors(model: type[DataFrameModel], row: dict[str, Any]) -> list[Any]:
    try:
        model.RowModel.model_validate(row)
    except pydantic.ValidationError as exc:
        return exc.errors(include_url=False)
    return []


# -- row keys: extra, missing, optional, aliases, defaults ---------------------------------


class Keys(DataFrameModel):
    id: int
    name: str | None
    score: float = 0.5
    code: str = Field(default="x", validation_alias="Code")


@pytest.fixture(params=["vectorized", "small"])
def either_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "vectorized":
        monkeypatch.setattr(ingest_module, "SMALL_INPUT_CELLS", 0, raising=False)
    return str(request.param)


def test_extra_and_missing_keys_match_pydantic(either_path: str) -> None:
    rows = [{"id": 1, "zz": 5, "yy": None}, {"name": "a"}, {"id": 2, "name": None}]
    want = _pydantic_errors(Keys, rows)
    with pytest.raises(pydantic.ValidationError) as caught:
        Keys(rows)
    got = caught.value.errors(include_url=False)
    assert sorted(got, key=repr) == sorted(want, key=repr)
    assert {(e["type"], e["loc"]) for e in got} == {
        ("extra_forbidden", (0, "zz")),
        ("extra_forbidden", (0, "yy")),
        ("missing", (1, "id")),
    }


def test_absent_optional_keys_and_defaults(either_path: str) -> None:
    rows = [
        {"id": 1},
        {"id": 2, "name": "b", "score": "2", "Code": "c"},
        {"id": 3, "code": "d"},
    ]
    frame = Keys(rows)
    want = [
        m.model_dump() for m in TypeAdapter(list[Keys.RowModel]).validate_python(rows)
    ]
    assert frame.to_dicts() == want
    assert want[0] == {"id": 1, "name": None, "score": 0.5, "code": "x"}


def test_alias_keys_in_any_row(either_path: str) -> None:
    # The alias may appear in any row, not only the first.
    rows = [{"id": 1, "code": "a"}, {"id": 2, "Code": "b"}]
    assert Keys(rows).to_dict()["code"] == ["a", "b"]
    assert Keys({"id": [1], "Code": ["z"]}).to_dict()["code"] == ["z"]


def test_columns_absent_take_defaults(either_path: str) -> None:
    frame = Keys({"id": [1, 2]})
    assert frame.to_dict() == {
        "id": [1, 2],
        "name": [None, None],
        "score": [0.5, 0.5],
        "code": ["x", "x"],
    }


def test_fill_missing_optional_false(either_path: str) -> None:
    with pytest.raises(pydantic.ValidationError) as caught:
        Keys([{"id": 1, "name": "a"}, {"id": 2}], fill_missing_optional=False)
    errors = caught.value.errors(include_url=False)
    assert [(e["type"], e["loc"]) for e in errors] == [("missing", (1, "name"))]
    with pytest.raises(SchemaMismatchError, match="name"):
        Keys({"id": [1]}, fill_missing_optional=False)
    # Fields with a default are still filled.
    assert Keys([{"id": 1, "name": None}], fill_missing_optional=False).to_dict()[
        "score"
    ] == [0.5]


def test_row_models_as_input(either_path: str) -> None:
    rows = [Keys.RowModel(id=1, name=None), Keys.RowModel(id=2, name="b", code="q")]
    assert Keys(rows).to_dict() == {
        "id": [1, 2],
        "name": [None, "b"],
        "score": [0.5, 0.5],
        "code": ["x", "q"],
    }


# -- inputs are never mutated --------------------------------------------------------


class Everything(DataFrameModel):
    i: int
    f: float | None
    s: str
    d: dt.date
    ts: dt.datetime
    dec: decimal.Decimal
    u: uuid.UUID
    c: Color
    li: list[int]
    m: dict[str, int]
    st: Inner


def _messy_rows() -> list[dict[str, Any]]:
    return [
        {
            "i": "1",
            "f": "1.5",
            "s": b"x",
            "d": "2024-01-01T00:00",
            "ts": dt.date(2024, 1, 1),
            "dec": 1.5,
            "u": U,
            "c": "red",
            "li": (1, "2"),
            "m": {"a": "3"},
            "st": {"x": "4", "y": None, "extra": 1},
        },
        {
            "i": 2,
            "f": None,
            "s": "y",
            "d": dt.date(2024, 1, 2),
            "ts": "2024-01-02 03:04",
            "dec": "2.5",
            "u": str(U),
            "c": Color.GREEN,
            "li": [3],
            "m": {},
            "st": Inner(x=5, y="z"),
        },
    ]


@pytest.mark.parametrize("layout", ["columns", "rows", "polars"])
def test_input_is_not_mutated(either_path: str, layout: str) -> None:
    rows = _messy_rows()
    data: Any = rows
    if layout != "rows":
        data = {k: [r[k] for r in rows] for k in rows[0]}
    if layout == "polars":
        data = {k: pl.Series(k, v, dtype=pl.Object) for k, v in data.items()}
        data["i"] = pl.Series("i", ["1", "2"])
    snapshot = copy.deepcopy(data)
    frame = Everything(data)
    want = [
        m.model_dump()
        for m in TypeAdapter(list[Everything.RowModel]).validate_python(rows)
    ]
    assert frame.to_dicts() == want
    if layout == "polars":
        for name, series in data.items():
            assert series.to_list() == snapshot[name].to_list()
    else:
        assert data == snapshot
        assert [type(r["st"]) for r in rows] == [dict, Inner]


# -- known gaps (Pydantic accepts values the engine cannot store as given) -----------


@pytest.mark.parametrize("layout", ["columns", "rows"])
def test_aware_time_is_rejected_not_stored_naive(vectorized: None, layout: str) -> None:
    """Time columns are naive (Polars Time has no zone): aware input is an error,
    as the row model (``AfterValidator``) says, never silently stripped."""
    model = make_model(dt.time)
    column: list[Any] = [
        dt.time(10, 11),
        "10:11Z",
        dt.time(1, 2, tzinfo=dt.timezone.utc),
    ]
    data: Any = {"v": column} if layout == "columns" else [{"v": v} for v in column]
    with pytest.raises(pydantic.ValidationError) as info:
        model(data)
    errors = [(e["type"], e["loc"]) for e in info.value.errors()]
    if layout == "columns":
        assert errors == [("timezone_naive", ("v", 1)), ("timezone_naive", ("v", 2))]
    else:
        assert errors == [("timezone_naive", (1, "v")), ("timezone_naive", (2, "v"))]
    assert_same(model({"v": [dt.time(10, 11)]}).to_dict()["v"], [dt.time(10, 11)])


def test_aware_datetime_in_list_is_rejected(vectorized: None) -> None:
    """Nested leaves get the storage bounds too: ``list[datetime]`` is naive."""
    model = make_model(list[dt.datetime])
    column = [[dt.datetime(2024, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=2)))]]
    with pytest.raises(pydantic.ValidationError) as info:
        model({"v": column})
    assert [(e["type"], e["loc"]) for e in info.value.errors()] == [
        ("timezone_naive", ("v", 0, 0))
    ]
    with pytest.raises(pydantic.ValidationError):
        pydantic.TypeAdapter(list[model.RowModel]).validate_python([{"v": column[0]}])


def test_naive_and_aware_datetimes_are_not_mixed_in_lists(vectorized: None) -> None:
    # All naive: built directly. A mix goes to Pydantic, never converted silently.
    model = make_model(list[dt.datetime])
    naive = [[dt.datetime(2024, 1, 1, 5)], [dt.datetime(2024, 1, 2)]]
    assert model({"v": naive}).to_dict()["v"] == naive


_P2 = dt.timezone(dt.timedelta(hours=2))
_M2 = dt.timezone(dt.timedelta(hours=-2))
_BOUND_VALUES = [
    dt.datetime(2000, 1, 1),
    dt.datetime(1999, 12, 31, 23),
    dt.datetime(2000, 1, 1, tzinfo=_P2),  # 1999-12-31 22:00 UTC
    dt.datetime(1999, 12, 31, 23, tzinfo=_M2),  # 2000-01-01 01:00 UTC
    dt.datetime(2000, 1, 1, 0, 30, tzinfo=_P2),
    dt.datetime(1999, 12, 31, 23, 30, tzinfo=_M2),
]


def _as_polars(value: dt.datetime) -> pl.DataFrame:
    """``value`` in a Polars column of its own fixed-offset zone (``Etc/GMT-2``: +02:00)."""
    frame = pl.DataFrame({"v": [value.replace(tzinfo=None)]})
    offset = value.utcoffset()
    if offset is None:
        return frame
    hours = int(offset.total_seconds()) // 3600
    return frame.with_columns(pl.col("v").dt.replace_time_zone(f"Etc/GMT{-hours:+d}"))


@pytest.mark.parametrize("style", ["annotated", "default"])
@pytest.mark.parametrize("kind", ["ge", "gt", "le", "lt"])
@pytest.mark.parametrize(
    "bound",
    [
        dt.datetime(2000, 1, 1),
        dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc),
        dt.datetime(2000, 1, 1, tzinfo=_P2),
    ],
    ids=["naive", "utc", "plus2"],
)
def test_datetime_bounds_on_aware_input_agree_with_pydantic(
    vectorized: None, style: str, kind: str, bound: dt.datetime
) -> None:
    """Pydantic compares a naive bound (or naive input) by wall-clock time and
    an aware bound with aware input by instant; a plain datetime column stores
    aware input as UTC, and its bounds must not check that UTC time instead."""
    field = Field(**{kind: bound})  # type: ignore[arg-type]
    if style == "annotated":
        model = make_model(Annotated[dt.datetime, field])
    else:
        model = make_model(dt.datetime, field)
    adapter = TypeAdapter(Annotated[dt.datetime, Field(**{kind: bound})])  # type: ignore[arg-type]
    for value in _BOUND_VALUES:
        try:
            adapter.validate_python(value)
            accepted = True
        except pydantic.ValidationError:
            accepted = False
        inputs = {
            "objects": {"v": [value]},
            "text": {"v": [value.isoformat()]},
            "rows": [{"v": value}],
            "polars": _as_polars(value),
        }
        error = {
            "ge": "greater_than_equal",
            "gt": "greater_than",
            "le": "less_than_equal",
            "lt": "less_than",
        }[kind]
        expected = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        for layout, data in inputs.items():
            if accepted:
                stored = model(data).to_dict()["v"]
                assert stored == [value if value.tzinfo is None else expected], layout
            else:
                with pytest.raises(pydantic.ValidationError) as info:
                    model(data)
                assert [e["type"] for e in info.value.errors()] == [error], layout
