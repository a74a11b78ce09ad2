"""``DataFrameModel.examples`` and ``pydantable.testing.strategies.frames``.

The property test builds model classes at random (field sets with bounds,
``multiple_of``, lengths, patterns, decimals, literals, nested models, lists,
maps; optional or not) and checks that ``examples()`` always validates, both
under ``trusted_mode="off"`` and row by row with Pydantic's own row model.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import re
import sys
from typing import Annotated, Any, Literal

import pydantic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import AfterValidator, AwareDatetime, BaseModel, Field

from pydantable import DataFrameModel
from pydantable.errors import ColumnNotFoundError, MissingOptionalDependency
from pydantable.testing.examples import ExampleGenerationError, example_rows
from pydantable.testing.strategies import frames


class Tier(enum.Enum):
    FREE = "free"
    PRO = "pro"


class Address(BaseModel):
    city: Annotated[str, Field(min_length=2, max_length=6)]
    zip: Annotated[int, Field(ge=10_000, lt=100_000)] | None


class Account(DataFrameModel):
    id: Annotated[int, Field(gt=0, le=1_000, multiple_of=5)]
    code: Annotated[str, Field(pattern=r"^[A-Z]{3}-\d{2,4}$")]
    email: Annotated[str, Field(pattern=r"^\w{1,8}@(example|test)\.(com|org)$")]
    score: Annotated[float, Field(ge=0.0, lt=1.0)]
    step: Annotated[float, Field(multiple_of=0.25, ge=-2, le=2)]
    price: Annotated[decimal.Decimal, Field(max_digits=6, decimal_places=2, gt=0)]
    plan: Literal["basic", "plus"]
    tier: Tier | None
    joined: Annotated[dt.date, Field(ge=dt.date(2024, 1, 1), le=dt.date(2024, 12, 31))]
    seen: AwareDatetime
    local: dt.datetime | None
    address: Address
    tags: Annotated[
        list[Annotated[int, Field(ge=0, le=3)]], Field(min_length=1, max_length=4)
    ]
    attrs: dict[str, float | None]
    nick: Annotated[str, Field(min_length=4, max_length=4)] | None
    blob: bytes


def _rows_valid(model: type[DataFrameModel], df: DataFrameModel) -> None:
    row_model = model.row_model()
    for row in df.to_dicts():
        row_model.model_validate(row)


def test_examples_follow_every_declared_rule() -> None:
    df = Account.examples(40, seed=11)
    assert len(df) == 40
    _rows_valid(Account, df)
    Account(df.to_dict(), trusted_mode="off")
    data = df.to_dict()
    assert all(0 < v <= 1000 and v % 5 == 0 for v in data["id"])
    assert all(re.fullmatch(r"[A-Z]{3}-\d{2,4}", v) for v in data["code"])
    assert all(0 <= v < 1 for v in data["score"])
    assert all((v * 4).is_integer() and -2 <= v <= 2 for v in data["step"])
    assert all(v > 0 and -v.as_tuple().exponent <= 2 for v in data["price"])
    assert set(data["plan"]) <= {"basic", "plus"}
    assert all(
        dt.date(2024, 1, 1) <= v <= dt.date(2024, 12, 31) for v in data["joined"]
    )
    assert all(v.tzinfo is not None for v in data["seen"])
    assert all(v is None or v.tzinfo is None for v in data["local"])
    assert all(1 <= len(v) <= 4 and all(0 <= i <= 3 for i in v) for v in data["tags"])
    assert all(2 <= len(a["city"]) <= 6 for a in data["address"])


def test_optional_columns_get_some_nulls_but_not_only_nulls() -> None:
    data = Account.examples(10, seed=3).to_dict()
    for name in ("tier", "local", "nick"):
        assert None in data[name], name
        assert any(v is not None for v in data[name]), name
    assert None not in data["id"]
    assert Account.examples(1, seed=3).height == 1
    assert Account.examples(0).height == 0


def test_the_seed_makes_it_deterministic() -> None:
    first = Account.examples(15, seed=5).to_dict()
    assert Account.examples(15, seed=5).to_dict() == first
    assert Account.examples(15, seed=6).to_dict() != first


def test_overrides_take_a_value_a_column_or_a_callable() -> None:
    df = Account.examples(
        3,
        seed=1,
        overrides={
            "plan": "plus",
            "id": [5, 10, 15],
            "code": lambda i: f"ABC-{i:02d}",
            "tags": lambda i: [i],
        },
    )
    data = df.to_dict()
    assert data["plan"] == ["plus"] * 3
    assert data["id"] == [5, 10, 15]
    assert data["code"] == ["ABC-00", "ABC-01", "ABC-02"]
    assert data["tags"] == [[0], [1], [2]]


def test_bad_overrides_are_refused_clearly() -> None:
    with pytest.raises(
        ExampleGenerationError, match=r"overrides\['id'\] has 2 values for 3 rows"
    ):
        Account.examples(3, overrides={"id": [5, 10]})
    with pytest.raises(ColumnNotFoundError, match="nope"):
        Account.examples(3, overrides={"nope": 1})
    with pytest.raises(pydantic.ValidationError) as info:
        Account.examples(2, overrides={"id": 7})  # not a multiple of 5
    assert info.value.errors()[0]["loc"][0] == "id"
    with pytest.raises(ExampleGenerationError, match="n must be an int >= 0"):
        Account.examples(-1)


def test_impossible_constraints_name_the_column() -> None:
    class Empty(DataFrameModel):
        x: Annotated[int, Field(ge=5, le=4)]

    with pytest.raises(ExampleGenerationError, match=r"column 'x'.*overrides=\{'x'"):
        Empty.examples(2)

    class NoMultiple(DataFrameModel):
        y: Annotated[int, Field(ge=1, le=4, multiple_of=5)]

    with pytest.raises(ExampleGenerationError, match="column 'y': no multiple of 5"):
        NoMultiple.examples(2)


def test_patterns_the_generator_cannot_expand_name_the_column() -> None:
    class Letters(DataFrameModel):
        word: Annotated[str, Field(pattern=r"^\p{Lu}+$")]

    with pytest.raises(ExampleGenerationError, match=r"column 'word': pattern"):
        Letters.examples(2)
    assert (
        Letters.examples(2, overrides={"word": "ÉTÉ"}).to_dict()["word"] == ["ÉTÉ"] * 2
    )


def test_custom_validators_that_refuse_generated_values_are_reported() -> None:
    def only_ok(value: str) -> str:
        if value != "ok":
            raise ValueError("must be ok")
        return value

    class Custom(DataFrameModel):
        id: int
        flag: Annotated[str, AfterValidator(only_ok)]

    with pytest.raises(ExampleGenerationError, match=r"\['flag'\] fail validation"):
        Custom.examples(3, seed=0)
    assert Custom.examples(3, seed=0, overrides={"flag": "ok"}).height == 3


def test_nested_constraints_are_followed() -> None:
    class Inner(BaseModel):
        level: Annotated[int, Field(ge=1, le=3)]
        label: Annotated[str, Field(pattern=r"^L[0-9]$")] | None

    class Tree(DataFrameModel):
        node: Inner
        children: list[Inner]
        by_name: dict[str, Inner | None] | None

    df = Tree.examples(25, seed=2)
    _rows_valid(Tree, df)
    nodes = df.to_dict()["node"]
    assert all(1 <= n["level"] <= 3 for n in nodes)


def test_example_rows_are_json_values_valid_for_a_row_model() -> None:
    rows = example_rows(Account.row_model(), 3, seed=4)
    assert len(rows) == 3
    assert isinstance(rows[0]["joined"], str)  # JSON: ISO text
    for row in rows:
        Account.row_model().model_validate(row)
    Account({k: [r[k] for r in rows] for k in rows[0]})


# -- the Hypothesis strategy -------------------------------------------------------------


@settings(max_examples=25, deadline=None, database=None)
@given(frames(Account, min_rows=1, max_rows=6))
def test_frames_draws_valid_frames(df: Account) -> None:
    assert 1 <= len(df) <= 6
    assert type(df) is Account
    _rows_valid(Account, df)


def test_frames_checks_its_bounds() -> None:
    with pytest.raises(ValueError, match="0 <= min_rows <= max_rows"):
        frames(Account, min_rows=3, max_rows=2)


def test_frames_needs_hypothesis(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "hypothesis.strategies", None)
    with pytest.raises(
        MissingOptionalDependency, match=r"pydantable-frames\[testing\]"
    ):
        frames(Account)


# -- property: generated schemas with constraints ------------------------------------------

PATTERNS = [
    r"^[a-z]{2,5}$",
    r"^\d{3}-\d{4}$",
    r"^(foo|bar)+baz?$",
    r"[A-F0-9]{8}",
    r"^\w+@\w+\.(com|org)$",
    r"^[^,\s]{1,6}$",
    r"^(?:x|y){3}\.$",
    r"^a.c$",
]


@st.composite
def annotations(draw: st.DrawFn, depth: int = 0) -> Any:
    kinds = [
        "int",
        "float",
        "decimal",
        "str",
        "pattern",
        "bool",
        "date",
        "aware",
        "literal",
        "enum",
    ]
    if depth == 0:
        kinds += ["list", "struct", "map"]
    kind = draw(st.sampled_from(kinds))
    tp: Any
    if kind == "int":
        lo = draw(st.integers(-(10**6), 10**6))
        width = draw(st.integers(0, 10**4))
        step = draw(st.sampled_from([None, 1, 2, 7]))
        if step is not None:
            width += step * 2
        bound = draw(st.sampled_from(["ge", "gt"]))
        field = Field(**{bound: lo}, le=lo + width + 2, multiple_of=step)
        tp = Annotated[int, field]
    elif kind == "float":
        lo = draw(st.floats(-1e6, 1e6, allow_nan=False))
        width = draw(st.floats(1e-3, 1e4, allow_nan=False))
        step = draw(st.sampled_from([None, 0.5, 0.1, 0.25]))
        if step is not None:
            width = max(width, 1.0)
        tp = Annotated[float, Field(gt=lo, lt=lo + width, multiple_of=step)]
    elif kind == "decimal":
        places = draw(st.integers(0, 4))
        digits = draw(st.integers(places + 1, places + 8))
        tp = Annotated[
            decimal.Decimal,
            Field(
                max_digits=digits,
                decimal_places=places,
                ge=draw(st.sampled_from([None, 0])),
            ),
        ]
    elif kind == "str":
        lo = draw(st.integers(0, 8))
        tp = Annotated[
            str, Field(min_length=lo, max_length=lo + draw(st.integers(0, 8)))
        ]
    elif kind == "pattern":
        pattern = draw(st.sampled_from(PATTERNS))
        tp = Annotated[str, Field(pattern=pattern)]
    elif kind == "bool":
        tp = bool
    elif kind == "date":
        start = draw(st.dates(dt.date(1990, 1, 1), dt.date(2090, 1, 1)))
        tp = Annotated[
            dt.date,
            Field(ge=start, le=start + dt.timedelta(days=draw(st.integers(0, 400)))),
        ]
    elif kind == "aware":
        tp = AwareDatetime
    elif kind == "literal":
        values = draw(
            st.lists(
                st.text("abc", min_size=1, max_size=3),
                min_size=1,
                max_size=4,
                unique=True,
            )
        )
        tp = Literal.__getitem__(tuple(values))
    elif kind == "enum":
        tp = Tier
    elif kind == "list":
        inner = draw(annotations(depth + 1))
        lo = draw(st.integers(0, 3))
        tp = Annotated[list[inner], Field(min_length=lo, max_length=lo + 2)]  # type: ignore[valid-type]
    elif kind == "map":
        tp = dict[str, draw(annotations(depth + 1))]  # type: ignore[misc]
    else:
        fields = {
            f"f{i}": (draw(annotations(depth + 1)), ...)
            for i in range(draw(st.integers(1, 3)))
        }
        tp = pydantic.create_model(f"Nested{draw(st.integers(0, 10**6))}", **fields)  # type: ignore[call-overload]
    if draw(st.booleans()):
        tp = tp | None
    return tp


_COUNTER = iter(range(10**9))


@st.composite
def models(draw: st.DrawFn) -> type[DataFrameModel]:
    count = draw(st.integers(1, 6))
    fields = {f"c{i}": draw(annotations()) for i in range(count)}
    name = f"Generated{next(_COUNTER)}"
    model: type[DataFrameModel] = type(  # type: ignore[assignment]
        name, (DataFrameModel,), {"__annotations__": fields, "__module__": __name__}
    )
    return model


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(models(), st.integers(0, 12), st.integers(0, 2**32 - 1))
def test_examples_always_validate_over_generated_schemas(
    model: type[DataFrameModel], n: int, seed: int
) -> None:
    df = model.examples(n, seed=seed)
    assert len(df) == n
    again = model(df.to_dict(), trusted_mode="off")
    assert again.to_dict() == df.to_dict()
    _rows_valid(model, df)
    assert model.examples(n, seed=seed).to_dict() == df.to_dict()
    for column in model.__pydantable_schema__.columns():
        values = df.to_dict()[column.name]
        if column.nullable and n >= 2:
            assert None in values
            assert any(v is not None for v in values)
