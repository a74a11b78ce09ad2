"""Ingest validation is Pydantic-exact (``trusted_mode="off"``).

The oracle is ``TypeAdapter(list[Model.RowModel])``: for any schema and any
input, a frame either builds and holds exactly the values Pydantic produces, or
raises a ``pydantic.ValidationError`` with exactly Pydantic's errors (``type``,
``msg``, ``input``) at the same cells. Locations are ``(column, row, *inner)``
for column-dict input and ``(row, column, *inner)`` for row-list input.

One deviation is documented and asserted explicitly: values Pydantic accepts
that the engine cannot store (anywhere in a cell, nested values included) are
rejected, with the part that does not fit as ``input``: integers outside the
signed 64-bit range (``int_overflow``), durations beyond 64-bit microseconds
(``duration_overflow``) and strings with lone surrogates (``string_unicode``).

The property tests force the vectorized path
(``pydantable.validation.ingest.SMALL_INPUT_CELLS = 0``); a smaller variant runs
with the default threshold and checks both paths agree.
"""

from __future__ import annotations

import collections
import copy
import dataclasses
import datetime as dt
import decimal
import enum
import ipaddress
import math
import os
import uuid
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Annotated, Any, Literal

import polars as pl
import pydantic
import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, Field, TypeAdapter

import pydantable.validation.ingest as ingest_module
from pydantable import DataFrameModel
from pydantable.errors import error_total

I64_MIN, I64_MAX = -(2**63), 2**63 - 1
OVERFLOW_MSG = "Input should fit in a signed 64-bit integer"
DURATION_MSG = "Input should fit in a signed 64-bit number of microseconds"
NAN = float("nan")


class Color(str, enum.Enum):
    RED = "red"
    GREEN = "green"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


class Inner(BaseModel):
    x: int
    y: str | None


# -- fixtures ------------------------------------------------------------------------


@pytest.fixture
def vectorized(monkeypatch: pytest.MonkeyPatch) -> None:
    """Send every input through the vectorized path (no small-input fast path)."""
    monkeypatch.setattr(ingest_module, "SMALL_INPUT_CELLS", 0, raising=False)


#: More examples for a deeper local run: PYDANTABLE_PROPERTY_EXAMPLES=5000 pytest ...
EXAMPLES = int(os.environ.get("PYDANTABLE_PROPERTY_EXAMPLES", "300"))
PROPERTY = settings(
    report_multiple_bugs=False,
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


# -- value strategies ----------------------------------------------------------------

TIMEZONES = st.sampled_from(
    [
        dt.timezone.utc,
        dt.timezone(dt.timedelta(hours=2)),
        dt.timezone(dt.timedelta(hours=-5, minutes=-30)),
    ]
)
NAIVE_DATETIMES = st.one_of(
    st.datetimes(),
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2040, 1, 1)),
    st.dates().map(lambda d: dt.datetime(d.year, d.month, d.day)),
)
AWARE_DATETIMES = st.datetimes(
    min_value=dt.datetime(1900, 1, 1),
    max_value=dt.datetime(2100, 1, 1),
    timezones=TIMEZONES,
)
DATES = st.one_of(
    st.dates(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 1, 1))
)
NUMERIC_STRINGS = st.sampled_from(
    [
        "1",
        " 1 ",
        "1.0",
        "1_000",
        "+3",
        "0x1",
        "-0",
        "007",
        "1e3",
        "1.5",
        "2.50",
        "",
        " ",
        "abc",
        "-12",
        " -4\n",
        "9223372036854775807",
        "-9223372036854775808",
        "9223372036854775808",
        "99999999999999999999",
        "nan",
        "NaN",
        "inf",
        "-inf",
        "１２",
        "1.",
        ".5",
        "1_0",
        "--1",
        "0.1",
        "123456789012345678",
        "1234567890123456789",
        "0.30000000000000004",
        "12345678901234567.5",
    ]
)
INT_STRINGS = st.one_of(
    NUMERIC_STRINGS,
    st.integers(-(10**18), 10**18).map(str),
    st.integers(I64_MIN, I64_MAX).map(str),
    st.integers(-100, 100).map(lambda i: f" {i} "),
)
FLOAT_STRINGS = st.one_of(
    NUMERIC_STRINGS,
    st.floats().map(repr),
    st.floats(allow_nan=False, allow_infinity=False).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
)
BOOL_STRINGS = st.sampled_from(
    [
        "true",
        "false",
        "True",
        "FALSE",
        "1",
        "0",
        "yes",
        "no",
        "on",
        "off",
        "t",
        "f",
        "y",
        "n",
        "Y",
        "x",
        "",
        " true",
        "2",
    ]
)
DATE_STRINGS = st.one_of(
    st.sampled_from(
        [
            "2020-01-01",
            "2020-01-01T00:00:00",
            "2020-01-01 00:00:00",
            "2020-01-01T05:06:07",
            "2020-01-01 05:06",
            "2020-01-01T05:06",
            "2020-01-01T05:06:07.123",
            "2020-01-01T05:06:07.1234567",
            "2020-01-01T05:06:07.",
            "2020-01-01T00:00:00Z",
            "2020-01-01T00:00:00+02:00",
            "2020-01-01T05:06:07-05:30",
            "2020-01-01T05:06:07.5+00:00",
            "2020-1-1",
            "20200101",
            "2020-02-30",
            "2020-13-01",
            "1577836800",
            "1577836800.5",
            "1577836800000",
            "2020-01-01t05:06",
            "2020-01-01T24:00:00",
            "2020-01-01T23:59:60",
            "0001-01-01",
            "0000-01-01",
            "0000-01-01T00:00",
            "9999-12-31T23:59:59.999999",
            " 2020-01-01",
            "2020-01-01 ",
            "2020-01-01T",
            "2020-W01",
            "abc",
            "",
        ]
    ),
    st.dates().map(dt.date.isoformat),
    st.builds(
        lambda d, sep: d.isoformat(sep=sep), st.datetimes(), st.sampled_from("T ")
    ),
    AWARE_DATETIMES.map(dt.datetime.isoformat),
)
TIMESTAMPS = st.one_of(
    st.sampled_from([0, -1, 1577836800, 1577836800.5, 20_000_000_001, 1e12, -1e12]),
    st.integers(-(10**11), 10**11),
)
DECIMALS = st.one_of(
    st.decimals(
        allow_nan=False,
        allow_infinity=False,
        places=2,
        min_value=-(10**4),
        max_value=10**4,
    ),
    st.decimals(
        allow_nan=False,
        allow_infinity=False,
        places=9,
        min_value=-(10**3),
        max_value=10**3,
    ),
    st.decimals(),
    st.sampled_from(
        [
            decimal.Decimal(s)
            for s in (
                "1.1234567891",
                "1.10000000000",
                "123.450",
                "1234.5",
                "0.001",
                "1E+3",
                "1.2E+3",
                "-0",
                "0E-10",
                "1.0000000000000000001",
                "12345678901234567890123456789",
                "123456789012345678901234567890",
                "NaN",
                "Infinity",
                "0.5",
                "2.5",
                "99.99",
            )
        ]
    ),
)
DECIMAL_STRINGS = st.one_of(
    DECIMALS.map(str),
    st.sampled_from(
        ["1.5", " 1.5 ", "1e3", "+1", "00001.5", "1_0", "abc", "NaN", "1.123456789"]
    ),
)
TEXT = st.one_of(
    st.text(max_size=8),
    st.sampled_from(
        # Lone surrogates last: Pydantic accepts them, they are not UTF-8.
        [
            "",
            "a",
            "abc",
            "abcdef",
            "héllo",
            "日本",
            "😀",
            "a\x00b",
            "1",
            "é",
            "a\ud800",
            "\udfff",
        ]
    ),
)
UUID_STRINGS = st.one_of(
    st.uuids().map(str),
    st.uuids().map(lambda u: str(u).upper()),
    st.uuids().map(lambda u: u.hex),
    st.uuids().map(lambda u: "{" + str(u) + "}"),
    st.uuids().map(lambda u: "urn:uuid:" + str(u)),
    st.sampled_from(["not-a-uuid", "", "00000000-0000-0000-0000-00000000000g"]),
)
INT64 = st.one_of(
    st.integers(-10, 10),
    st.integers(I64_MIN, I64_MAX),
    st.sampled_from([I64_MIN, I64_MAX, 0, 2**53 + 1]),
)
SPECIAL_FLOATS = st.sampled_from(
    [0.0, -0.0, 1.0, 2.5, 3.0, 1e19, 2.0**63, -(2.0**63), NAN, math.inf]
)

MESSY = st.one_of(
    st.none(),
    st.booleans(),
    INT64,
    st.floats(),
    SPECIAL_FLOATS,
    NUMERIC_STRINGS,
    BOOL_STRINGS,
    TEXT,
    st.binary(max_size=3),
    DATE_STRINGS,
    DATES,
    NAIVE_DATETIMES,
    AWARE_DATETIMES,
    DECIMALS,
    UUID_STRINGS,
    st.uuids(),
    st.lists(st.integers(-3, 3), max_size=3),
    st.lists(TEXT, max_size=2).map(tuple),
    st.dictionaries(st.text(max_size=2), st.integers(-3, 3), max_size=2),
    st.sampled_from([Color.RED, "red", "a", "b", 1, Inner(x=1, y="q"), [None], {}]),
)


@dataclasses.dataclass(frozen=True)
class Kind:
    """One column type of the pool: annotation, constraint options, cell families."""

    annotation: Any
    constraints: dict[str, dict[str, Any]]
    families: tuple[st.SearchStrategy[Any], ...]  # first = natively typed values
    messy: bool = True  # mix in the shared MESSY values


KINDS: dict[str, Kind] = {
    "int": Kind(
        int,
        {
            "range": {"ge": -5, "le": 100},
            "open": {"gt": -1000, "lt": 10**12},
            "mult": {"multiple_of": 3},
        },
        (
            INT64,
            INT_STRINGS,
            st.one_of(st.floats(), SPECIAL_FLOATS),
            st.booleans(),
            DECIMALS,
            st.sampled_from([2**63, -(2**63) - 1, 2**70]),
        ),
    ),
    "float": Kind(
        float,
        {
            "range": {"ge": -5.5, "le": 100.0},
            "gt": {"gt": 0},
            "mult": {"multiple_of": 0.5},
        },
        (
            st.one_of(st.floats(), SPECIAL_FLOATS),
            FLOAT_STRINGS,
            INT64,
            st.booleans(),
            DECIMALS,
        ),
    ),
    "bool": Kind(
        bool,
        {},
        (
            st.booleans(),
            BOOL_STRINGS,
            st.integers(-1, 2),
            st.sampled_from([0.0, 1.0, 0.5, NAN]),
        ),
    ),
    "str": Kind(
        str,
        {
            "len": {"min_length": 1, "max_length": 5},
            "pattern": {"pattern": r"^[a-z]+$"},
            "search": {"pattern": r"\d"},
        },
        (
            TEXT,
            st.one_of(st.binary(max_size=4), st.sampled_from([b"abc", b"\xff", b""])),
            INT64,
            st.sampled_from([Color.RED, Color.GREEN]),
        ),
    ),
    "date": Kind(
        dt.date,
        {"ge": {"ge": dt.date(2000, 1, 1)}, "lt": {"lt": dt.date(2030, 1, 1)}},
        (DATES, DATE_STRINGS, NAIVE_DATETIMES, AWARE_DATETIMES, TIMESTAMPS),
    ),
    "datetime": Kind(
        dt.datetime,
        {
            "ge": {"ge": dt.datetime(2000, 1, 1)},
            "le": {"le": dt.datetime(2030, 1, 1, 12)},
        },
        (NAIVE_DATETIMES, DATE_STRINGS, DATES, AWARE_DATETIMES, TIMESTAMPS),
    ),
    "decimal": Kind(
        decimal.Decimal,
        {
            "digits": {"max_digits": 6, "decimal_places": 2},
            "digits_ge": {"max_digits": 10, "decimal_places": 3, "ge": 0},
            "mult": {"multiple_of": decimal.Decimal("0.5")},
            "le": {"le": 100},
        },
        (
            DECIMALS,
            DECIMAL_STRINGS,
            INT64,
            st.one_of(st.floats(), SPECIAL_FLOATS),
            st.booleans(),
        ),
    ),
    "lit_str": Kind(
        Literal["a", "b"],
        {},
        (
            st.sampled_from(["a", "b"]),
            st.sampled_from(["c", "A", "", b"a", Color.RED, 1, "a "]),
        ),
    ),
    "lit_int": Kind(
        Literal[1, 2, 3],
        {},
        (
            st.sampled_from([1, 2, 3]),
            st.sampled_from(
                [0, 4, True, False, 1.0, 2.5, "1", decimal.Decimal("2"), -1, I64_MAX]
            ),
        ),
    ),
    "enum": Kind(
        Color,
        {},
        (
            st.sampled_from([Color.RED, Color.GREEN, "red", "green"]),
            st.sampled_from(["RED", "blue", b"red", 1, "", "red "]),
        ),
    ),
    "uuid": Kind(
        uuid.UUID,
        {},
        (
            st.uuids(),
            UUID_STRINGS,
            st.one_of(st.binary(min_size=16, max_size=16), st.just(b"x")),
            INT64,
        ),
    ),
    "list_int": Kind(
        list[int],
        {"len": {"min_length": 1, "max_length": 3}},
        (
            st.lists(INT64, max_size=4),
            st.lists(
                st.one_of(INT64, INT_STRINGS, st.none(), SPECIAL_FLOATS), max_size=3
            ),
            st.lists(st.integers(-3, 3), max_size=3).map(tuple),
            st.sets(st.integers(-3, 3), max_size=3),
            st.sampled_from(["ab", "", {"a": 1}, 5, [[1]], [2**63], (True, 2)]),
        ),
    ),
    "list_opt_str": Kind(
        list[str | None],
        {"len": {"max_length": 2}},
        (
            st.lists(st.one_of(TEXT, st.none()), max_size=4),
            st.lists(st.one_of(TEXT, INT64, st.binary(max_size=2)), max_size=3),
            st.lists(TEXT, max_size=3).map(tuple),
            st.sampled_from(["ab", "", {"a": "b"}, 5, [["a"]]]),
        ),
    ),
    "struct": Kind(
        Inner,
        {},
        (
            st.builds(lambda x, y: {"x": x, "y": y}, INT64, st.one_of(TEXT, st.none())),
            st.builds(
                lambda x, y: {"x": x, "y": y},
                st.one_of(INT64, INT_STRINGS, SPECIAL_FLOATS, st.none()),
                st.one_of(TEXT, INT64, st.none(), st.binary(max_size=2)),
            ),
            st.sampled_from(
                [
                    {"x": 1},
                    {"y": "a"},
                    {"x": 1, "y": "a", "z": 2},
                    {},
                    "x",
                    [1, "a"],
                    {"x": "99999999999999999999", "y": None},
                    5,
                ]
            ),
            st.builds(Inner, x=st.integers(-3, 3), y=st.one_of(st.none(), TEXT)),
        ),
    ),
    "map": Kind(
        dict[str, int],
        {"len": {"min_length": 1}},
        (
            st.dictionaries(TEXT, INT64, max_size=3),
            st.dictionaries(
                TEXT,
                st.one_of(INT64, INT_STRINGS, st.none(), SPECIAL_FLOATS),
                max_size=3,
            ),
            st.sampled_from(
                [{1: 1}, [("a", 1)], "a", {"a": None}, {"a": 2**64}, 3, {b"k": 1}]
            ),
        ),
    ),
    "bytes": Kind(
        bytes,
        {"len": {"min_length": 1, "max_length": 3}},
        (
            st.binary(max_size=5),
            TEXT,
            st.binary(max_size=3).map(bytearray),
            INT64,
        ),
    ),
    # Only inputs Pydantic reads as naive times: aware times are a known gap
    # (test_ingest_exact.py::test_aware_time_keeps_its_timezone, xfail).
    "time": Kind(
        dt.time,
        {"ge": {"ge": dt.time(8)}},
        (
            st.times(),
            st.sampled_from(
                [
                    "10:11",
                    "10:11:12",
                    "10:11:12.5",
                    "25:00",
                    "10:11:60",
                    "",
                    "1011",
                    "1:2",
                ]
            ),
            st.times().map(dt.time.isoformat),
            st.sampled_from([-1, 86400, 1e20, "abc"]),
            NAIVE_DATETIMES,
        ),
        messy=False,  # MESSY has ints and offsets, which Pydantic reads as aware times
    ),
    "timedelta": Kind(
        dt.timedelta,
        {},
        (
            st.timedeltas(
                min_value=dt.timedelta(days=-(10**5)),
                max_value=dt.timedelta(days=10**5),
            ),
            st.sampled_from(
                ["P1D", "PT1H", "1:00:00", "1 day, 1:00:00", "-1", "1.5", "abc", ""]
            ),
            st.one_of(st.integers(-(10**6), 10**6), st.floats(-1e6, 1e6)),
            st.sampled_from(
                [dt.timedelta.max, dt.timedelta.min, dt.timedelta(days=2 * 10**8)]
            ),
        ),
    ),
    "int_enum": Kind(
        Level,
        {},
        (
            st.sampled_from([1, 2, Level.LOW, Level.HIGH]),
            st.sampled_from([3, 0, "1", True, 1.0, 2.5, None]),
        ),
    ),
    "ipv4": Kind(
        ipaddress.IPv4Address,
        {},
        (
            st.ip_addresses(v=4).map(str),
            st.ip_addresses(v=4),
            st.sampled_from(["01.2.3.4", "256.1.1.1", "1.2.3", "::1", "", 16909060]),
        ),
    ),
    "list_list": Kind(
        list[list[int]],
        {},
        (
            st.lists(st.lists(INT64, max_size=3), max_size=3),
            st.lists(
                st.one_of(st.lists(INT64, max_size=2), st.none(), TEXT), max_size=3
            ),
            st.sampled_from([[["1"]], [[1.5]], ["ab"], [[None]], [(1, 2)], [[2**63]]]),
        ),
    ),
    "list_struct": Kind(
        list[Inner] | None,
        {},
        (
            st.lists(
                st.builds(
                    lambda x, y: {"x": x, "y": y}, INT64, st.one_of(TEXT, st.none())
                ),
                max_size=3,
            ),
            st.sampled_from(
                [
                    [{"x": 1}],
                    [{"x": "1", "y": None}],
                    [None],
                    "x",
                    [{"x": 2**63, "y": None}],
                ]
            ),
        ),
    ),
    # Naive values only: aware datetimes in lists are a known gap
    # (test_ingest_exact.py::test_aware_datetime_in_list_is_rejected, xfail).
    "list_dt": Kind(
        list[dt.datetime],
        {},
        (
            st.lists(NAIVE_DATETIMES, max_size=3),
            st.lists(st.one_of(NAIVE_DATETIMES, DATES, st.none()), max_size=3),
            st.lists(
                st.sampled_from(["2020-01-01", "2020-01-01T05:06", "x", "2020-02-30"]),
                max_size=2,
            ),
        ),
        messy=False,
    ),
    "list_opt_int": Kind(
        list[int | None],
        {"len": {"max_length": 2}},
        (
            st.lists(st.one_of(INT64, st.none()), max_size=4),
            st.lists(
                st.one_of(INT64, INT_STRINGS, SPECIAL_FLOATS, st.booleans()), max_size=3
            ),
        ),
    ),
}
KIND_NAMES = sorted(KINDS)


@dataclasses.dataclass(frozen=True)
class ColSpec:
    """One generated column: pool kind, nullability, constraint, declaration style."""

    kind: str
    nullable: bool
    constraint: str | None
    style: str  # "annotated": Annotated[T, Field(...)]; "default": c: T = Field(...)

    def declaration(self) -> tuple[Any, Any]:
        """``(annotation, class attribute or _NO_DEFAULT)``."""
        kind = KINDS[self.kind]
        annotation = kind.annotation
        default: Any = _NO_DEFAULT
        if self.constraint is not None:
            field = Field(**kind.constraints[self.constraint])
            if self.style == "annotated":
                annotation = Annotated[annotation, field]
            else:
                default = field
        if self.nullable:
            annotation = annotation | None
        return annotation, default


_NO_DEFAULT: Any = object()


@cache
def model_for(specs: tuple[ColSpec, ...]) -> type[DataFrameModel]:
    """A DataFrameModel with columns ``c0, c1, ...`` (cached per schema)."""
    namespace: dict[str, Any] = {"__module__": __name__, "__annotations__": {}}
    for i, spec in enumerate(specs):
        annotation, default = spec.declaration()
        namespace["__annotations__"][f"c{i}"] = annotation
        if default is not _NO_DEFAULT:
            namespace[f"c{i}"] = default
    model: type[DataFrameModel] = type(DataFrameModel)(
        "Generated", (DataFrameModel,), namespace
    )
    return model


@cache
def row_adapter(model: type[DataFrameModel]) -> TypeAdapter[Any]:
    return TypeAdapter(list[model.RowModel])  # type: ignore[name-defined]


@cache
def cell_model(model: type[DataFrameModel], name: str) -> type[BaseModel]:
    """A model with only field ``name`` of the RowModel (to validate one cell)."""
    info = model.RowModel.model_fields[name]
    return pydantic.create_model("Cell", **{name: (info.annotation, info)})  # type: ignore[call-overload, no-any-return]


COL_SPECS = st.sampled_from(KIND_NAMES).flatmap(
    lambda kind: st.builds(
        ColSpec,
        kind=st.just(kind),
        nullable=st.booleans(),
        constraint=st.sampled_from([None, *KINDS[kind].constraints]),
        style=st.sampled_from(["annotated", "default"]),
    )
)


@dataclasses.dataclass
class Case:
    """A generated schema and input, in both layouts."""

    specs: tuple[ColSpec, ...]
    columns: dict[str, list[Any]]
    rows: list[dict[str, Any]]  # same cells as rows, plus key noise (missing/extra)
    n: int
    casts: tuple[bool, ...] = ()  # per column, for Polars input: narrow the dtype

    @property
    def model(self) -> type[DataFrameModel]:
        return model_for(self.specs)

    def column_rows(self) -> list[dict[str, Any]]:
        """The columnar input as rows (what Pydantic validates for it)."""
        return _transpose(self.columns, self.n)

    def polars_columns(self) -> dict[str, pl.Series]:
        """The columns as Polars Series (as Polars builds them, then maybe narrowed)."""
        out = {}
        for (name, values), narrow in zip(
            self.columns.items(), self.casts, strict=True
        ):
            try:
                series = pl.Series(name, values, strict=False)
            except (Exception, pl.exceptions.PanicException):
                series = pl.Series(name, values, dtype=pl.Object)
            if len(series) != len(values):  # a Polars bug with some nested lists
                series = pl.Series(name, values, dtype=pl.Object)
            if narrow:
                series = _narrowed(series)
            out[name] = series
        return out

    def inputs(self, layout: str) -> tuple[Any, list[dict[str, Any]]]:
        """``(data, rows Pydantic validates)`` for ``layout``."""
        if layout == "columns":
            return self.columns, self.column_rows()
        if layout == "polars":
            series = self.polars_columns()
            return series, _transpose(
                {k: v.to_list() for k, v in series.items()}, self.n
            )
        return self.rows, self.rows


_NARROW = {
    pl.Int64: pl.Int32,
    pl.Float64: pl.Float32,
    pl.String: pl.Categorical,
    pl.Datetime("us"): pl.Datetime("ms"),
    pl.Boolean: pl.UInt8,
}


def _narrowed(series: pl.Series) -> pl.Series:
    target = _NARROW.get(series.dtype)
    if target is None:
        return series
    try:
        return series.cast(target, strict=True)
    except pl.exceptions.PolarsError:
        return series


def _transpose(columns: dict[str, Sequence[Any]], n: int) -> list[dict[str, Any]]:
    return [{name: values[i] for name, values in columns.items()} for i in range(n)]


def _cell_values(family: st.SearchStrategy[Any], nulls: bool) -> st.SearchStrategy[Any]:
    if not nulls:
        return family
    return st.tuples(st.integers(0, 4), family).map(
        lambda t: None if t[0] == 0 else t[1]
    )


@st.composite
def cases(draw: st.DrawFn, max_rows: int = 8, max_columns: int = 4) -> Case:
    specs = tuple(draw(st.lists(COL_SPECS, min_size=1, max_size=max_columns)))
    n = draw(st.integers(0, max_rows))
    columns: dict[str, list[Any]] = {}
    for i, spec in enumerate(specs):
        families = KINDS[spec.kind].families
        choice = draw(st.integers(0, len(families) + 1))
        if choice < len(families):
            family = families[choice]
        elif choice == len(families):
            family = families[0]  # natively typed values: the vectorized fast path
        else:
            family = (
                st.one_of(*families, MESSY)
                if KINDS[spec.kind].messy
                else st.one_of(*families)
            )
        strategy = _cell_values(family, draw(st.booleans()))
        columns[f"c{i}"] = draw(st.lists(strategy, min_size=n, max_size=n))
    rows = [{name: values[i] for name, values in columns.items()} for i in range(n)]
    noise = draw(st.sampled_from(["none", "none", "missing", "extra"]))
    if n and noise == "missing":
        for i in draw(st.sets(st.integers(0, n - 1), min_size=1)):
            rows[i].pop(draw(st.sampled_from(sorted(columns))))
    elif n and noise == "extra":
        for i in draw(st.sets(st.integers(0, n - 1), min_size=1)):
            rows[i][draw(st.sampled_from(["zz", "c9"]))] = draw(MESSY)
    casts = tuple(draw(st.booleans()) for _ in specs)
    return Case(specs, columns, rows, n, casts)


# -- the oracle ----------------------------------------------------------------------

ErrorKey = tuple[str, tuple[Any, ...], str, str]


def error_key(error: Any, loc: tuple[Any, ...]) -> ErrorKey:
    return (error["type"], tuple(loc), error["msg"], repr(error["input"]))


TD_MIN = dt.timedelta(microseconds=I64_MIN)
TD_MAX = dt.timedelta(microseconds=I64_MAX)
UNICODE_MSG = (
    "Input should be a valid string, unable to parse raw data as a unicode string"
)


def _unstorable(
    value: Any, path: tuple[Any, ...]
) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """``(path, error)`` for each part of a dumped value the engine cannot store."""
    if isinstance(value, bool):
        return
    if isinstance(value, int):
        if not I64_MIN <= value <= I64_MAX:
            yield path, {"type": "int_overflow", "msg": OVERFLOW_MSG, "input": value}
    elif isinstance(value, dt.timedelta):
        if not TD_MIN <= value <= TD_MAX:
            yield (
                path,
                {"type": "duration_overflow", "msg": DURATION_MSG, "input": value},
            )
    elif isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            yield path, {"type": "string_unicode", "msg": UNICODE_MSG, "input": value}
    elif isinstance(value, dict):
        for key, item in value.items():
            # Pydantic's locations are Rust strings: lone surrogates become U+FFFD.
            where = key.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
            yield from _unstorable(key, (*path, where, "[key]"))
            yield from _unstorable(item, (*path, where))
    elif isinstance(value, list):
        for k, item in enumerate(value):
            yield from _unstorable(item, (*path, k))


@dataclasses.dataclass
class Expected:
    """What Pydantic (plus the documented storage deviation) does with rows."""

    values: list[dict[str, Any]] | None  # model_dump of every row, when valid
    errors: list[tuple[tuple[Any, ...], Any]]  # (loc, error dict) in Pydantic's order


class PydanticCrashError(Exception):
    """Pydantic raised something else than a ValidationError (pydantable must too)."""

    def __init__(self, original: Exception) -> None:
        super().__init__(repr(original))
        self.original = original


def expected_for(model: type[DataFrameModel], rows: list[dict[str, Any]]) -> Expected:
    errors: list[tuple[tuple[Any, ...], Any]] = []
    values: list[dict[str, Any]] | None = None
    try:
        validated = row_adapter(model).validate_python(rows)
    except pydantic.ValidationError as exc:
        errors = [(tuple(e["loc"]), e) for e in exc.errors(include_url=False)]
    except Exception as exc:  # e.g. decimal.InvalidOperation for Decimal("sNaN")
        raise PydanticCrashError(exc) from exc
    else:
        values = [m.model_dump() for m in validated]
    for name in model.column_names():
        for i, row in enumerate(rows):
            if name not in row:
                continue
            try:
                cell = cell_model(model, name).model_validate({name: row[name]})
            except pydantic.ValidationError:
                continue
            for path, error in _unstorable(cell.model_dump()[name], ()):
                errors.append(((i, name, *path), error))
    if errors:
        values = None
    return Expected(values, errors)


def same(a: Any, b: Any) -> bool:
    """Deep equality that also requires equal types (Decimal compared by value)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)
    if isinstance(a, decimal.Decimal):
        if a.is_nan() or b.is_nan():
            return a.is_nan() and b.is_nan() and a.is_snan() == b.is_snan()
        return a == b
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dt.datetime):
        return a == b and a.tzinfo == b.tzinfo
    if isinstance(a, pl.Series):
        return a.dtype == b.dtype and same(a.to_list(), b.to_list())
    return bool(a == b)


def located(loc: tuple[Any, ...], layout: str) -> tuple[Any, ...]:
    """A Pydantic ``list[RowModel]`` location in pydantable's layout."""
    if layout in ("columns", "polars"):
        return (loc[1], loc[0], *loc[2:])
    return loc


def build(data: Any, model: type[DataFrameModel], **kwargs: Any) -> DataFrameModel:
    before = copy.deepcopy(data)
    try:
        return model(data, **kwargs)
    finally:
        assert same(data, before), "ingest mutated its input"


def check_against_pydantic(case: Case, layout: str) -> None:
    model = case.model
    data, rows = case.inputs(layout)
    try:
        expected = expected_for(model, rows)
    except PydanticCrashError as crash:
        event("pydantic crashed")
        with pytest.raises(type(crash.original)):
            model(data)
        return
    failure: pydantic.ValidationError | None = None
    try:
        frame = build(data, model, max_errors=10**9)
    except pydantic.ValidationError as exc:
        failure = exc
    if failure is not None:
        got = collections.Counter(
            error_key(e, tuple(e["loc"])) for e in failure.errors(include_url=False)
        )
        want = collections.Counter(
            error_key(e, located(loc, layout)) for loc, e in expected.errors
        )
        event("rejected")
        assert want, f"pydantable rejected input Pydantic accepts: {failure}"
        assert got == want, _diff(got, want)
        assert error_total(failure) == len(expected.errors)
        deviations = {"int_overflow", "duration_overflow", "string_unicode"}
        if layout == "rows" and all(
            e["type"] not in deviations for _, e in expected.errors
        ):
            # Row input: also Pydantic's order (by row, then field order, extras last).
            in_order = [
                error_key(e, tuple(e["loc"])) for e in failure.errors(include_url=False)
            ]
            assert in_order == [error_key(e, loc) for loc, e in expected.errors]
    else:
        event("accepted")
        assert expected.values is not None, (
            f"pydantable accepted input Pydantic rejects: {expected.errors}"
        )
        got_values = frame.to_dicts()
        assert same(got_values, expected.values), (
            f"\n got {got_values!r}\nwant {expected.values!r}"
        )
        assert len(frame) == case.n


def _diff(
    got: collections.Counter[ErrorKey], want: collections.Counter[ErrorKey]
) -> str:
    return f"\nonly pydantable: {list((got - want).elements())}\nonly pydantic:   {list((want - got).elements())}"


# -- properties ------------------------------------------------------------------------


@PROPERTY
@given(case=cases())
def test_column_input_matches_pydantic(vectorized: None, case: Case) -> None:
    check_against_pydantic(case, "columns")


@PROPERTY
@given(case=cases())
def test_row_input_matches_pydantic(vectorized: None, case: Case) -> None:
    check_against_pydantic(case, "rows")


def _aware_bound_case(style: str) -> Case:
    """A ``ge`` datetime column and an aware text at the bound's wall-clock time."""
    values = ["2020-01-01", "2000-01-01T00:00:00+02:00"]
    return Case(
        specs=(ColSpec("datetime", nullable=False, constraint="ge", style=style),),
        columns={"c0": values},
        rows=[{"c0": v} for v in values],
        n=2,
        casts=(False,),
    )


@settings(PROPERTY, max_examples=EXAMPLES * 3 // 4)
@given(case=cases())
# Pydantic checks a naive bound against an aware value's wall-clock time; the
# Field-as-default declaration checked the stored UTC time (22:00 the day before)
@example(case=_aware_bound_case("default"))
@example(case=_aware_bound_case("annotated"))
def test_polars_input_matches_pydantic(vectorized: None, case: Case) -> None:
    """Polars Series columns (some narrowed: Int32, Float32, Categorical ...)."""
    check_against_pydantic(case, "polars")


@settings(PROPERTY, max_examples=EXAMPLES * 3 // 4)
@given(case=cases(), layout=st.sampled_from(["columns", "rows", "polars"]))
def test_ignore_errors_matches_pydantic_per_row(
    vectorized: None, case: Case, layout: str
) -> None:
    model = case.model
    data, rows = case.inputs(layout)
    kept: list[dict[str, Any]] = []
    failed: dict[int, collections.Counter[ErrorKey]] = {}
    for i, row in enumerate(rows):
        try:
            expected = expected_for(model, [row])
        except PydanticCrashError as crash:
            with pytest.raises(type(crash.original)):
                model(data, ignore_errors=True)
            return
        if expected.values is not None:
            kept.extend(expected.values)
        else:
            failed[i] = collections.Counter(
                error_key(e, loc[1:]) for loc, e in expected.errors
            )
    payloads: list[list[dict[str, Any]]] = []
    frame = build(data, model, ignore_errors=True, on_validation_errors=payloads.append)
    assert same(frame.to_dicts(), kept)
    if not failed:
        assert payloads == []
        return
    assert len(payloads) == 1
    payload = payloads[0]
    assert [p["row_index"] for p in payload] == sorted(failed)
    for p in payload:
        i = p["row_index"]
        got = collections.Counter(error_key(e, tuple(e["loc"])) for e in p["errors"])
        assert got == failed[i], _diff(got, failed[i])
        if layout == "rows":
            assert p["row"] is case.rows[i]
        else:
            assert same(p["row"], rows[i])


@settings(PROPERTY, max_examples=EXAMPLES // 2)
@given(
    case=cases(max_rows=5, max_columns=3),
    layout=st.sampled_from(["columns", "rows", "polars"]),
)
def test_small_input_path_agrees_with_vectorized(case: Case, layout: str) -> None:
    """Default threshold (small inputs take the Pydantic path): same results and errors."""
    check_against_pydantic(case, layout)
    try:
        expected_for(case.model, case.inputs(layout)[1])
    except PydanticCrashError:
        return  # both paths raise Pydantic's own exception (checked above)
    outcomes = []
    for threshold in (None, 0):
        with pytest.MonkeyPatch.context() as mp:
            if threshold is not None:
                mp.setattr(ingest_module, "SMALL_INPUT_CELLS", threshold, raising=False)
            try:
                frame = build(case.inputs(layout)[0], case.model)
            except pydantic.ValidationError as exc:
                outcomes.append(
                    ("error", exc.errors(include_url=False), error_total(exc))
                )
            else:
                outcomes.append(("ok", frame.to_dicts(), len(frame)))
    (kind_a, a, count_a), (kind_b, b, count_b) = outcomes
    assert kind_a == kind_b
    assert count_a == count_b
    if kind_a == "ok":
        assert same(a, b)
    else:
        assert [error_key(e, tuple(e["loc"])) for e in a] == [
            error_key(e, tuple(e["loc"])) for e in b
        ]
