"""Registered scalar subclasses and ``pydantable.types.WKB`` as column types."""

from __future__ import annotations

from collections.abc import Iterator

import pydantic
import pytest

from pydantable import DataFrameModel, col, dtypes
from pydantable.dtypes import (
    get_registered_scalar_base,
    list_registered_scalars,
    register_scalar,
    reset_registry_for_tests,
)
from pydantable.types import WKB


@pytest.fixture(autouse=True)
def _registry() -> Iterator[None]:
    yield
    reset_registry_for_tests()


class Shape(DataFrameModel):
    id: int
    geom: WKB | None


def test_wkb_validation() -> None:
    raw = WKB(b"\x01")
    assert WKB.validate(raw) is raw
    assert WKB.validate(bytearray(b"\x02")) == WKB(b"\x02")
    assert type(WKB.validate(memoryview(b"\x03"))) is WKB
    assert repr(WKB(b"ab")) == "WKB(b'ab')"
    with pytest.raises(
        pydantic.ValidationError, match="WKB expects bytes-like, got int"
    ):
        pydantic.TypeAdapter(WKB).validate_python(5)


def test_wkb_columns() -> None:
    df = Shape({"id": [1, 2, 3], "geom": [bytearray(b"\x01\x01"), None, b"\x02"]})
    assert df.schema["geom"].dtype == dtypes.Binary()
    assert df.schema["geom"].nullable
    assert df.filter(col("geom") == WKB(b"\x02")).to_dict()["id"] == [3]
    assert df.to_dict()["geom"] == [b"\x01\x01", None, b"\x02"]
    with pytest.raises(pydantic.ValidationError) as info:
        Shape({"id": [1], "geom": ["text"]})
    error = info.value.errors()[0]
    assert (error["loc"], error["type"]) == (("geom", 0), "wkb_type")
    assert get_registered_scalar_base(WKB) == "binary"


class Email(str):
    pass


class Count(int):
    pass


def test_a_registered_subclass_is_a_column_type() -> None:
    register_scalar(Email, base="str")
    register_scalar(Count, base="int")
    assert list_registered_scalars()[Email] == "str"

    class Users(DataFrameModel):
        email: Email
        visits: Count | None

    df = Users({"email": ["a@x"], "visits": ["3"]})
    assert df.schema["email"].dtype == dtypes.String()
    assert df.schema["visits"].dtype == dtypes.Int64()
    assert df.to_dict() == {"email": ["a@x"], "visits": [3]}
    row = Users.RowModel.model_validate({"email": "b@x", "visits": 1})
    assert type(row.email) is Email
    assert (
        Users({"email": ["c"], "visits": [None]}, trusted_mode="shape_only").height == 1
    )
    with pytest.raises(pydantic.ValidationError):
        Users({"email": [1.5], "visits": [1]})


def test_registration_errors() -> None:
    with pytest.raises(TypeError, match=r"register_scalar\(tp=\.\.\.\) expects a type"):
        register_scalar("str", base="str")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="Unsupported base 'decimal'"):
        register_scalar(Email, base="decimal")  # type: ignore[arg-type]


def test_an_unregistered_subclass_is_still_refused() -> None:
    class Other(str):
        pass

    with pytest.raises((TypeError, pydantic.PydanticSchemaGenerationError)):

        class Bad(DataFrameModel):
            x: Other


def test_reset_keeps_pydantables_own_types() -> None:
    register_scalar(Email, base="str")
    reset_registry_for_tests()
    assert get_registered_scalar_base(Email) is None
    assert not hasattr(Email, "__get_pydantic_core_schema__")
    assert get_registered_scalar_base(WKB) == "binary"
