"""The fast lane for columnar JSON bodies answers exactly like the exact way."""

import datetime
import json
from typing import Annotated, Any, Literal

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pydantable import DataFrameModel
from pydantable.errors import ColumnLengthMismatchError, SchemaMismatchError
from pydantable.fastapi.request import json_fast
from pydantable.fastapi.request.formats import JSON, parse_frame

ROWS = 700  # bodies of several KB: on the lane


class Wide(DataFrameModel):
    i: int
    f: float | None
    s: str
    b: bool | None


def _outcome(body: bytes) -> Any:
    """What the body becomes: columns and dtypes, or the error's type and details."""
    try:
        frame = parse_frame(Wide, body, JSON, max_errors=20)
    except pydantic.ValidationError as exc:
        # as JSON text: NaN inputs compare equal
        return ("invalid", json.dumps(exc.errors(include_url=False), default=repr))
    except (ColumnLengthMismatchError, SchemaMismatchError, ValueError) as exc:
        return (type(exc).__name__, str(exc))
    # as JSON text: NaN cells compare equal (``nan != nan`` as Python floats)
    return (json.dumps(frame.to_dict()), frame.to_polars().dtypes)


def _both(body: bytes) -> tuple[Any, Any]:
    fast = _outcome(body)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(json_fast, "HAS_ORJSON", False)
        exact = _outcome(body)
    return fast, exact


def _body(columns: dict[str, list[str]]) -> bytes:
    """A columnar body from raw JSON texts of the cells (anything goes)."""
    parts = [f'"{name}":[{",".join(cells)}]' for name, cells in columns.items()]
    return ("{" + ",".join(parts) + "}").encode()


def _plain() -> dict[str, list[str]]:
    return {
        "i": [str(k) for k in range(ROWS)],
        "f": [f"{k}.5" for k in range(ROWS)],
        "s": [json.dumps(f"name{k}") for k in range(ROWS)],
        "b": ["true" if k % 2 else "null" for k in range(ROWS)],
    }


def test_plain_bodies_take_the_lane_and_build_the_same_frame() -> None:
    body = _body(_plain())
    if json_fast.HAS_ORJSON:
        assert json_fast.fast_columns(Wide, body, {}) is not None
    fast, exact = _both(body)
    assert fast == exact
    assert json.loads(fast[0])["i"][:3] == [0, 1, 2]


_ODD_CELLS = {
    "i": [
        "-9223372036854775809",  # orjson would make this a float of -2**63
        "9223372036854775808",
        "18446744073709551616",
        "1.0",
        "1.5",
        "true",
        '"7"',
        "null",
        "1e2",
        "-0",
    ],
    "f": [
        "18446744073709551616",
        "-9223372036854775809",
        "1e19",
        "1e400",
        "NaN",
        "-Infinity",
        '"2.5"',
        "true",
        "5e-324",
        "null",
    ],
    "s": [
        '"\\ud800"',
        '"\\ud83d\\ude00"',
        "5",
        "true",
        "null",
        '"\\u0000"',
        '"caf\\u00e9"',
    ],
    "b": ["1", "0", '"true"', '"yes"', "null", "2"],
}


def _odd(cells: dict[str, list[str]]) -> st.SearchStrategy[list[tuple[str, int, int]]]:
    """Up to three (column, row, pick) places to put an odd cell of ``cells``."""
    place = st.tuples(
        st.sampled_from(sorted(cells)), st.integers(0, ROWS - 1), st.integers(0, 9)
    )
    return st.lists(place, max_size=3)


def _put(
    columns: dict[str, list[str]],
    odd: list[tuple[str, int, int]],
    cells: dict[str, list[str]],
) -> None:
    for name, row, pick in odd:
        columns[name][row] = cells[name][pick % len(cells[name])]


@settings(max_examples=150, deadline=None)
@given(
    odd=_odd(_ODD_CELLS),
    drop=st.sampled_from([None, "f", "s"]),
    extra=st.booleans(),
    ragged=st.booleans(),
    duplicate=st.booleans(),
)
def test_any_body_gets_the_exact_answer(
    odd: list[tuple[str, int, int]],
    drop: str | None,
    extra: bool,
    ragged: bool,
    duplicate: bool,
) -> None:
    columns = _plain()
    _put(columns, odd, _ODD_CELLS)
    if drop is not None:
        del columns[drop]
    if ragged:
        columns["i"] = columns["i"][:-1]
    body = _body(columns)
    if extra:
        body = body[:-1] + b',"zzz":[1]}'
    if duplicate:  # the last of two keys wins, for both decoders
        body = body[:-1] + b',"i":' + json.dumps(list(range(ROWS))).encode() + b"}"
    fast, exact = _both(body)
    assert fast == exact


@pytest.mark.skipif(not json_fast.HAS_ORJSON, reason="the lane needs orjson")
def test_integers_beyond_64_bits_leave_the_lane() -> None:
    columns = _plain()
    columns["i"][5] = "-9223372036854775809"
    assert json_fast.fast_columns(Wide, _body(columns), {}) is None
    columns = _plain()
    columns["f"][5] = "-9223372036854775809"  # a float column: refused too
    assert json_fast.fast_columns(Wide, _body(columns), {}) is None
    with pytest.raises(pydantic.ValidationError) as caught:
        parse_frame(
            Wide, _body({**_plain(), "i": ["-9223372036854775809"] * ROWS}), JSON
        )
    first = caught.value.errors(include_url=False)[0]
    assert first["loc"] == ("i", 0)
    assert first["input"] == -9223372036854775809  # the integer, not a float


@pytest.mark.skipif(not json_fast.HAS_ORJSON, reason="the lane needs orjson")
def test_models_and_options_the_lane_does_not_take() -> None:
    body = _body(_plain())

    class Aliased(DataFrameModel):
        i: int = pydantic.Field(validation_alias="I")
        f: float | None
        s: str
        b: bool | None

    class Dated(DataFrameModel):
        i: int
        f: float | None
        s: str
        b: bool | None
        d: str | None = None

    assert json_fast.fast_columns(Wide, body, {}) is not None  # same columns ...
    assert json_fast.fast_columns(Aliased, body, {}) is None  # aliases: exact way
    assert json_fast.fast_columns(Dated, body, {}) is None  # a missing column
    assert json_fast.fast_columns(Wide, body, {"ignore_errors": True}) is None
    assert json_fast.fast_columns(Wide, body, {"max_errors": 5}) is not None
    # the trusted modes take the lane; a bool among ints is refused for strict
    assert json_fast.fast_columns(Wide, body, {"trusted_mode": "strict"}) is not None
    odd = _body({**_plain(), "i": ["true", *_plain()["i"][1:]]})
    assert json_fast.fast_columns(Wide, odd, {"trusted_mode": "strict"}) is None
    assert json_fast.fast_columns(Wide, odd, {"trusted_mode": "shape_only"})


def _even(value: int) -> int:
    if value % 2:
        raise ValueError("must be even")
    return value


class Validated(DataFrameModel):
    """A field validator and a row validator: they see the same values either way."""

    i: Annotated[int, pydantic.AfterValidator(_even)]
    f: float | None
    s: str
    b: bool | None

    @pydantic.model_validator(mode="after")
    def _short_names(self) -> "Validated":
        if len(self.s) > 12:
            raise ValueError("name too long")
        return self


def _validated_outcome(body: bytes) -> Any:
    try:
        frame = parse_frame(Validated, body, JSON, max_errors=20)
    except pydantic.ValidationError as exc:  # ctx holds exceptions: compared as text
        return ("invalid", json.dumps(exc.errors(include_url=False), default=repr))
    return json.dumps(frame.to_dict())


@pytest.mark.parametrize("odd", [None, ("i", "3"), ("s", '"a-very-long-name"')])
def test_custom_validators_see_the_same_values_on_the_lane(
    odd: tuple[str, str] | None,
) -> None:
    columns = _plain()
    columns["i"] = [str(2 * k) for k in range(ROWS)]
    if odd is not None:
        columns[odd[0]][7] = odd[1]
    body = _body(columns)
    if json_fast.HAS_ORJSON:
        assert json_fast.fast_columns(Validated, body, {}) is not None
    fast = _validated_outcome(body)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(json_fast, "HAS_ORJSON", False)
        exact = _validated_outcome(body)
    assert fast == exact
    assert (fast[0] == "invalid") == (odd is not None)


class Events(DataFrameModel):
    """A realistic table: text-typed JSON cells, members, constraints."""

    id: int
    category: Literal["alpha", "beta", "gamma"]
    ts: datetime.datetime
    day: datetime.date | None
    score: float | None
    flag: bool
    qty: Annotated[int, pydantic.Field(ge=0, le=1000)]


def _events() -> dict[str, list[str]]:
    return {
        "id": [str(k) for k in range(ROWS)],
        "category": [
            json.dumps(["alpha", "beta", "gamma"][k % 3]) for k in range(ROWS)
        ],
        "ts": [
            f'"2024-01-{1 + k % 28:02d}T{k % 24:02d}:00:{k % 60:02d}"'
            for k in range(ROWS)
        ],
        "day": [
            "null" if k % 5 == 0 else f'"2023-12-{1 + k % 28:02d}"' for k in range(ROWS)
        ],
        "score": ["null" if k % 10 == 0 else f"{k}.25" for k in range(ROWS)],
        "flag": ["true" if k % 2 else "false" for k in range(ROWS)],
        "qty": [str(k % 1001) for k in range(ROWS)],
    }


_EVENT_CELLS = {
    "id": ["true", "1.0", '"3"', "null", "18446744073709551616"],
    "category": ['"delta"', '"Alpha"', "1", "null", '"\\ud800"'],
    "ts": [
        '"2024-01-01 10:00:00"',
        '"2024-01-01T10:00:00.123"',
        '"2024-01-01T10:00:00Z"',
        '"2024-01-01"',
        '"2024-02-30T00:00:00"',
        '"yesterday"',
        "1700000000",
        "null",
        '"2024-01-01T24:00:00"',
    ],
    "day": ['"2024-13-01"', '"2024-01-01T00:00:00"', "0", '"20240101"'],
    "score": ['"1.5"', "true", "1e400", "NaN"],
    "flag": ['"yes"', "1", "2", "null"],
    "qty": ["1001", "-1", "5.0", '"7"'],
}


def _event_outcome(body: bytes, options: dict[str, Any]) -> Any:
    try:
        frame = parse_frame(Events, body, JSON, max_errors=20, **options)
    except pydantic.ValidationError as exc:
        # as JSON text: NaN inputs compare equal
        return ("invalid", json.dumps(exc.errors(include_url=False), default=repr))
    except (ColumnLengthMismatchError, SchemaMismatchError, ValueError) as exc:
        return (type(exc).__name__, str(exc))
    return (json.dumps(frame.to_dict(), default=str), frame.to_polars().dtypes)


@pytest.mark.skipif(not json_fast.HAS_ORJSON, reason="the lane needs orjson")
@settings(max_examples=120, deadline=None)
@given(
    odd=_odd(_EVENT_CELLS),
    mode=st.sampled_from([None, "shape_only", "strict"]),
)
def test_realistic_tables_take_the_lane_in_every_mode(
    odd: list[tuple[str, int, int]], mode: str | None
) -> None:
    """Datetimes, dates, Literals, constraints, nullable floats: the lane (now
    also under the trusted modes) answers exactly like the exact way."""
    columns = _events()
    _put(columns, odd, _EVENT_CELLS)
    body = _body(columns)
    options = {} if mode is None else {"trusted_mode": mode}
    if not odd:
        assert json_fast.fast_columns(Events, body, options) is not None
    fast = _event_outcome(body, options)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(json_fast, "HAS_ORJSON", False)
        exact = _event_outcome(body, options)
    assert fast == exact
