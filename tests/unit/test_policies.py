"""Model policies (``__pydantable__``), column policies, validation profiles,
redaction and the JSON-schema helpers."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any, ClassVar

import pydantic
import pytest

from pydantable import DataFrameModel
from pydantable.validation_profiles import (
    ValidationProfile,
    get_validation_profile,
    list_validation_profiles,
    register_validation_profile,
    reset_validation_profiles_for_tests,
)


def policy(**values: Any) -> Any:
    return pydantic.Field(json_schema_extra={"pydantable": values})


class Person(DataFrameModel):
    __pydantable__: ClassVar[dict[str, Any]] = {"redact": True}
    name: str
    age: int = policy(strictness="strict", redact=True)
    score: float | None = policy(redact=True)
    joined: str | None = None


@pytest.fixture(autouse=True)
def _profiles() -> Iterator[None]:
    yield
    reset_validation_profiles_for_tests()


def test_model_policy_is_merged_along_the_mro() -> None:
    class Base(DataFrameModel):
        __pydantable__: ClassVar[dict[str, Any]] = {
            "validation_profile": "batch_lenient",
            "redact": False,
        }
        x: int

    class Child(Base):
        __pydantable__: ClassVar[dict[str, Any]] = {"redact": True}

    assert Child.pydantable_policy() == {
        "validation_profile": "batch_lenient",
        "redact": True,
    }
    assert Base.pydantable_policy()["redact"] is False
    dropped: list[Any] = []
    kept = Child({"x": [1, "bad"]}, on_validation_errors=dropped.extend)
    assert kept.to_dict() == {"x": [1]}  # the profile's ignore_errors
    assert [d["row_index"] for d in dropped] == [1]


def test_column_policies() -> None:
    assert Person.column_policy("age") == {
        "strictness": "strict",
        "nested_strictness": "inherit",
        "redact": True,
    }
    assert Person.column_policies()["name"]["redact"] is False
    with pytest.raises(KeyError, match="unknown column 'nope'"):
        Person.column_policy("nope")
    with pytest.raises(ValueError, match="strictness must be one of"):

        class Bad(DataFrameModel):
            x: int = policy(strictness="very")


def test_strict_columns_refuse_coercion() -> None:
    with pytest.raises(pydantic.ValidationError) as info:
        Person({"name": ["a"], "age": ["4"], "score": [1.0]})
    assert info.value.errors()[0]["loc"] == ("age", 0)
    lax = Person({"name": ["a"], "age": [4], "score": ["1.5"]})  # others stay lax
    assert lax.to_dict()["score"] == [1.5]


def test_redaction_masks_policy_columns() -> None:
    df = Person({"name": ["a", "b"], "age": [3, 4], "score": [1.5, None]})
    assert df.to_dicts() == [  # the model's policy: redact by default
        {"name": "a", "age": 0, "score": 0, "joined": None},
        {"name": "b", "age": 0, "score": 0, "joined": None},
    ]
    assert df.to_dicts(redact=False)[0] == {
        "name": "a",
        "age": 3,
        "score": 1.5,
        "joined": None,
    }
    assert df.select("name", "score").to_dicts(redact=True)[0] == {
        "name": "a",
        "score": 0,
    }
    assert asyncio.run(df.ato_dicts(redact=False))[1]["age"] == 4

    class Plain(DataFrameModel):
        token: str = policy(redact=True)
        flag: bool = policy(redact=True)

    p = Plain({"token": ["t"], "flag": [True]})
    assert p.to_dicts() == [{"token": "t", "flag": True}]  # no model default
    assert p.to_dicts(redact=True) == [{"token": "***", "flag": None}]


def test_to_dicts_forwards_model_dump_options() -> None:
    class Aliased(DataFrameModel):
        user_id: int = pydantic.Field(alias="userId")
        note: str | None = None

    df = Aliased({"user_id": [1]})
    assert df.to_dicts(by_alias=True) == [{"userId": 1, "note": None}]
    assert df.to_dicts(exclude_defaults=True) == [{"user_id": 1}]
    assert asyncio.run(df.ato_dicts(by_alias=True, exclude_none=True)) == [
        {"userId": 1}
    ]


def test_validation_profile_registry() -> None:
    assert {"service_strict", "batch_lenient", "trusted_upstream"} <= set(
        list_validation_profiles()
    )
    assert get_validation_profile("batch_lenient").ignore_errors is True
    register_validation_profile("fast", {"trusted_mode": "shape_only"})
    assert get_validation_profile("fast") == ValidationProfile(
        trusted_mode="shape_only"
    )

    class T(DataFrameModel):
        x: int

    assert T({"x": [1]}, validation_profile="fast").height == 1
    with pytest.raises(KeyError, match="Unknown validation_profile 'nope'"):
        get_validation_profile("nope")
    with pytest.raises(KeyError, match="Unknown validation_profile 'nope'"):
        T({"x": [1]}, validation_profile="nope")
    with pytest.raises(
        ValueError, match="validation profile name must be a non-empty string"
    ):
        register_validation_profile("", {})
    reset_validation_profiles_for_tests()
    assert "fast" not in list_validation_profiles()


def test_json_schema_helpers() -> None:
    row = Person.row_json_schema()
    assert row["properties"]["age"]["type"] == "integer"
    by_mode = Person.row_json_schema(mode="serialization")
    assert "properties" in by_mode
    assert Person.schema_json_schema()["title"].startswith("Person")


def test_a_profile_can_make_inherit_columns_strict() -> None:
    register_validation_profile(
        "strict_columns", {"column_strictness_default": "strict"}
    )

    class Reading(DataFrameModel):
        value: int
        code: int = policy(strictness="lax")  # the field's own policy wins

    data = {"value": ["1"], "code": ["2"]}
    assert Reading(data).to_dict() == {"value": [1], "code": [2]}  # lax by default
    with pytest.raises(pydantic.ValidationError) as info:
        Reading(data, validation_profile="strict_columns")
    assert [e["loc"] for e in info.value.errors()] == [("value", 0)]
    strict_ok = Reading(
        {"value": [1], "code": ["2"]}, validation_profile="strict_columns"
    )
    assert strict_ok.to_dict() == {"value": [1], "code": [2]}
    assert Reading(data).schema["value"].nullable is False  # the class is unchanged


def test_nested_strictness_applies_to_list_items_and_map_values() -> None:
    class Bag(DataFrameModel):
        xs: list[int] = policy(nested_strictness="strict")
        tags: dict[str, int] | None = policy(nested_strictness="strict")
        loose: list[int]

    ok = Bag({"xs": [[1, 2]], "tags": [{"a": 1}], "loose": [["3"]]})
    assert ok.to_dict() == {"xs": [[1, 2]], "tags": [{"a": 1}], "loose": [[3]]}
    with pytest.raises(pydantic.ValidationError) as info:
        Bag({"xs": [["1"]], "tags": [{"a": "2"}], "loose": [[1]]})
    assert sorted(e["loc"] for e in info.value.errors()) == [
        ("tags", 0, "a"),
        ("xs", 0, 0),
    ]


class Zip(pydantic.BaseModel):
    code: int


class Address(pydantic.BaseModel):
    zip: Zip
    city: str


def test_nested_strictness_reaches_the_fields_of_nested_models() -> None:
    class Customer(DataFrameModel):
        home: Address = policy(nested_strictness="strict")
        past: list[Address] | None = policy(nested_strictness="strict")
        loose: Address

    good = {"zip": {"code": 1}, "city": "Oslo"}
    lax = {"zip": {"code": "1"}, "city": "Oslo"}
    ok = Customer({"home": [good], "past": [[good]], "loose": [lax]})
    assert ok.to_dict()["loose"] == [good]
    assert ok.schema_fields()["home"] is Address  # the user's class is kept
    with pytest.raises(pydantic.ValidationError) as info:
        Customer({"home": [lax], "past": [[good, lax]], "loose": [lax]})
    assert [(e["loc"], e["type"]) for e in info.value.errors()] == [
        (("home", 0, "zip", "code"), "int_type"),
        (("past", 0, 1, "zip", "code"), "int_type"),
    ]
    # row input reports the same cells, and model instances pass as they are
    with pytest.raises(pydantic.ValidationError) as rows:
        Customer([{"home": lax, "past": None, "loose": good}])
    assert [e["loc"] for e in rows.value.errors()] == [(0, "home", "zip", "code")]
    instance = Address(zip=Zip(code=2), city="Lima")
    assert Customer([{"home": instance, "past": [instance], "loose": good}])


def test_a_profile_can_make_nested_values_strict() -> None:
    register_validation_profile(
        "strict_nested", {"nested_strictness_default": "strict"}
    )

    class Bag(DataFrameModel):
        xs: list[int]

    assert Bag({"xs": [["1"]]}).to_dict() == {"xs": [[1]]}
    with pytest.raises(pydantic.ValidationError):
        Bag({"xs": [["1"]]}, validation_profile="strict_nested")

    class Home(DataFrameModel):
        address: Address

    lax = {"zip": {"code": "7"}, "city": "Oslo"}
    assert Home({"address": [lax]}).to_dict()["address"][0]["zip"] == {"code": 7}
    with pytest.raises(pydantic.ValidationError, match="valid integer"):
        Home({"address": [lax]}, validation_profile="strict_nested")
