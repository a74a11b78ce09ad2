"""Trusted modes on decoded JSON: types JSON carries as text are decoded, not refused.

A JSON body can only carry a datetime, date, time, duration, Decimal or bytes as
text (an ISO string ...). ``trusted_mode`` skips value checks, not JSON decoding:
``_from_json_values`` (what every JSON body path uses) decodes that text exactly
as Pydantic's JSON mode does, and gives the same frame as full validation.
"""

from __future__ import annotations

import datetime
import decimal
import json
import warnings
from typing import Annotated, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import AwareDatetime, Field

from pydantable import DataFrameModel
from pydantable.errors import SchemaMismatchError


class Stamps(DataFrameModel):
    ts: datetime.datetime
    aware: AwareDatetime | None
    day: datetime.date
    at: datetime.time
    wait: datetime.timedelta
    price: Annotated[decimal.Decimal, Field(max_digits=10, decimal_places=2)]
    blob: bytes
    qty: Annotated[int, Field(ge=0, le=10)]


def _body(n: int = 3) -> dict[str, list[Any]]:
    data: dict[str, list[Any]] = {
        "ts": ["2024-01-01T00:00:00", "2024-02-29T10:20:30.5", "2024-01-01 23:59"],
        "aware": ["2024-01-01T00:00:00Z", None, "2024-06-01T12:00:00+05:30"],
        "day": ["2024-01-01", "1999-12-31", "0001-01-01"],
        "at": ["10:20:30", "10:20", "23:59:59.999999"],
        "wait": ["P1DT2H", "PT0.5S", "-PT1M"],
        "price": ["1.50", "2", "-3.25"],
        "blob": ["abc", "é", ""],
        "qty": [0, 5, 10],
    }
    return {k: v[:n] for k, v in data.items()}


@pytest.mark.parametrize("mode", ["shape_only", "strict"])
def test_json_text_decodes_like_full_validation(mode: str) -> None:
    body = json.loads(json.dumps(_body()))
    expected = Stamps(body).to_dict()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # decoding is no dtype drift
        frame = Stamps._from_json_values(body, trusted_mode=mode)
    assert frame.to_dict() == expected
    assert frame.to_dict()["aware"][2] == datetime.datetime(
        2024, 6, 1, 6, 30, tzinfo=datetime.timezone.utc
    ).astimezone(datetime.timezone(datetime.timedelta(hours=5, minutes=30)))
    assert frame.to_dict()["blob"] == [b"abc", "é".encode(), b""]


@pytest.mark.parametrize("mode", ["shape_only", "strict"])
def test_trusted_modes_still_skip_value_checks(mode: str) -> None:
    body = _body()
    body["qty"] = [0, 5, 11]  # violates le=10: not checked under trust
    frame = Stamps._from_json_values(body, trusted_mode=mode)
    assert frame.to_dict()["qty"] == [0, 5, 11]


@pytest.mark.parametrize("mode", ["shape_only", "strict"])
@pytest.mark.parametrize(
    ("column", "bad"),
    [
        ("ts", "not a date"),
        ("aware", "2024-01-01T00:00:00"),  # naive text for an aware column
        ("day", "2024-13-01"),
        ("at", "25:00"),
        ("wait", "one day"),
        ("price", "abc"),
    ],
)
def test_undecodable_text_is_a_schema_mismatch(
    mode: str, column: str, bad: str
) -> None:
    body = _body()
    body[column] = [body[column][0], bad, body[column][2]]
    with pytest.raises(SchemaMismatchError, match=rf"Column '{column}'.*row 1"):
        Stamps._from_json_values(body, trusted_mode=mode)


@pytest.mark.parametrize("mode", ["shape_only", "strict"])
def test_offset_text_for_a_plain_datetime_is_stored_as_utc(mode: str) -> None:
    body = _body()
    body["ts"] = [body["ts"][0], "2024-01-01T05:00:00+05:00", body["ts"][2]]
    frame = Stamps._from_json_values(body, trusted_mode=mode)
    assert frame.to_dict()["ts"][1] == datetime.datetime(2024, 1, 1)


def test_strict_json_refuses_what_pydantic_strict_json_refuses() -> None:
    body = _body()
    body["wait"] = ["PT1S", 3.5, "PT2S"]  # a number for a duration: lax only
    with pytest.raises(SchemaMismatchError, match=r"Column 'wait'.*row 1"):
        Stamps._from_json_values(body, trusted_mode="strict")
    frame = Stamps._from_json_values(body, trusted_mode="shape_only")
    assert frame.to_dict()["wait"][1] == datetime.timedelta(seconds=3.5)
    body = _body()
    body["price"] = [1, 2.5, "3"]  # JSON numbers are a Decimal's JSON too
    frame = Stamps._from_json_values(body, trusted_mode="strict")
    assert frame.to_dict()["price"] == [
        decimal.Decimal("1"),
        decimal.Decimal("2.5"),
        decimal.Decimal("3"),
    ]


def test_python_input_keeps_python_semantics() -> None:
    """Outside JSON, ``strict`` still means Python types (Pydantic strict mode)."""
    with pytest.raises(SchemaMismatchError, match="strict trusted mode"):
        Stamps(_body(), trusted_mode="strict")


def test_nullability_still_checked() -> None:
    body = _body()
    body["ts"] = [None, "2024-01-01T00:00:00", None]
    with pytest.raises(
        SchemaMismatchError,
        match="Column 'ts' is non-nullable in schema but contains null values",
    ):
        Stamps._from_json_values(body, trusted_mode="shape_only")


_naive = st.datetimes(
    min_value=datetime.datetime(1, 1, 1), max_value=datetime.datetime(9999, 12, 31)
)


class Mixed(DataFrameModel):
    ts: datetime.datetime | None
    day: datetime.date
    at: datetime.time
    wait: datetime.timedelta
    price: Annotated[decimal.Decimal, Field(max_digits=12, decimal_places=3)]


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.none() | _naive,
            st.dates(),
            st.times(),
            st.timedeltas(
                min_value=datetime.timedelta(days=-9_999),
                max_value=datetime.timedelta(days=9_999),
            ),
            st.decimals(min_value=-(10**8), max_value=10**8, places=3, allow_nan=False),
        ),
        min_size=1,
        max_size=30,
    ),
    spelling=st.sampled_from(["pydantic", "space"]),
)
def test_property_trusted_json_equals_full_validation(
    rows: list[tuple[Any, ...]], spelling: str
) -> None:
    """Any value Pydantic writes as JSON reads back identically in every mode."""
    row_model = Mixed.RowModel
    models = [
        row_model(**dict(zip(Mixed.__pydantable_schema__, r, strict=True)))
        for r in rows
    ]
    dumped = [json.loads(m.model_dump_json()) for m in models]
    body: dict[str, list[Any]] = {
        name: [d[name] for d in dumped] for name in Mixed.__pydantable_schema__
    }
    if spelling == "space":  # another spelling Pydantic accepts
        body["ts"] = [None if v is None else v.replace("T", " ") for v in body["ts"]]
    expected = Mixed(body).to_dict()
    assert expected == {
        name: [getattr(m, name) for m in models] for name in Mixed.__pydantable_schema__
    }
    for mode in ("shape_only", "strict"):
        assert Mixed._from_json_values(body, trusted_mode=mode).to_dict() == expected


class Plain(DataFrameModel):
    n: int
    x: float
    s: str
    b: bool


@pytest.mark.parametrize("json_input", [False, True])
@pytest.mark.parametrize(
    ("column", "values"),
    [
        ("n", [2, True]),  # a bool is no int under strict
        ("n", [0, 1, False]),
        ("x", [2.5, 1.0, True]),  # nor a float
        ("x", [1.5, "2"]),
        ("s", ["a", 1]),
        ("b", [True, 1]),
    ],
)
def test_strict_refuses_other_cell_types(
    json_input: bool, column: str, values: list[Any]
) -> None:
    data: dict[str, list[Any]] = {
        "n": [1] * len(values),
        "x": [1.0] * len(values),
        "s": ["a"] * len(values),
        "b": [True] * len(values),
        column: values,
    }
    build = Plain._from_json_values if json_input else Plain
    with pytest.raises(SchemaMismatchError, match=rf"Column '{column}'"):
        build(data, trusted_mode="strict")
    # ints are valid floats in strict mode, 0 and 1 are ints
    ok = build(
        {"n": [0, 1], "x": [0, 1.5], "s": ["", "b"], "b": [False, True]},
        trusted_mode="strict",
    )
    assert ok.to_dict() == {
        "n": [0, 1],
        "x": [0.0, 1.5],
        "s": ["", "b"],
        "b": [False, True],
    }


@pytest.mark.parametrize("mode", ["shape_only", "strict"])
def test_an_all_null_text_column_is_a_null_column(mode: str) -> None:
    class Days(DataFrameModel):
        n: int
        day: datetime.date | None

    frame = Days._from_json_values(
        {"n": [1, 2], "day": [None, None]}, trusted_mode=mode
    )
    assert frame.to_dict() == {"n": [1, 2], "day": [None, None]}
    assert frame.dtypes["day"] == datetime.date | None


def test_strict_python_cells_follow_pydantic_strict_mode() -> None:
    """Pydantic's strict mode takes ``str`` subclasses (``str`` enums too) for
    ``str`` and Decimals and ints for ``float``; so does ``trusted_mode="strict"``."""
    import enum

    from pydantic import TypeAdapter

    class Color(str, enum.Enum):
        RED = "red"

    cells = {"s": [Color.RED, "x"], "x": [decimal.Decimal("1.5"), 2]}
    for name, values in cells.items():
        kind = str if name == "s" else float
        assert TypeAdapter(list[kind]).validate_python(values, strict=True)  # type: ignore[valid-type]

    class Pair(DataFrameModel):
        s: str
        x: float

    frame = Pair(cells, trusted_mode="strict")
    assert frame.to_dict() == {"s": ["red", "x"], "x": [1.5, 2.0]}


@pytest.mark.parametrize("rows", [10, 20_000])  # a type scan, then a typed build
def test_strict_checks_agree_at_every_size(rows: int) -> None:
    import enum

    class Color(str, enum.Enum):
        RED = "red"

    base: dict[str, list[Any]] = {
        "n": list(range(rows)),
        "x": [float(k) for k in range(rows)],
        "s": ["a"] * rows,
        "b": [True] * rows,
    }
    ok = {**base, "s": [Color.RED] * rows, "x": [decimal.Decimal(1)] * rows}
    assert Plain(ok, trusted_mode="strict").to_dict()["s"][0] == "red"
    for column, bad in (("n", True), ("x", False), ("s", 1), ("b", 0)):
        values = list(base[column])
        values[rows // 2] = bad
        with pytest.raises(SchemaMismatchError, match=rf"Column '{column}'"):
            Plain({**base, column: values}, trusted_mode="strict")


@pytest.mark.parametrize("rows", [10, 20_000])
def test_strict_temporal_columns_take_their_own_python_type(rows: int) -> None:
    class Times(DataFrameModel):
        ts: datetime.datetime
        day: datetime.date

    good = {
        "ts": [datetime.datetime(2024, 1, 1)] * rows,
        "day": [datetime.date(2024, 1, 1)] * rows,
    }
    assert Times(good, trusted_mode="strict").height == rows
    for column, bad in (
        ("ts", datetime.date(2024, 1, 1)),
        ("ts", "2024-01-01T00:00:00"),
        ("day", datetime.datetime(2024, 1, 1)),
    ):
        values = list(good[column])
        values[rows // 2] = bad
        with pytest.raises(SchemaMismatchError, match=rf"Column '{column}'"):
            Times({**good, column: values}, trusted_mode="strict")
