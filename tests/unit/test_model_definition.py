"""Class definition of a DataFrameModel: string annotations are resolved, never
evaluated, and bad declarations are TypeErrors with the original's wording."""

from __future__ import annotations

import datetime
import decimal
import typing
from typing import Annotated, Literal, Optional

import annotated_types
import pydantic
import pytest
from pydantic import Field

from pydantable import DataFrameModel
from pydantable.schema import resolve_annotation

CALLS: list[str] = []


def _flip() -> type:
    CALLS.append("called")
    return int


class Inner(pydantic.BaseModel):
    a: int


# -- security: string annotations are never executed ----------------------------------


def test_call_annotation_is_refused_without_running_it() -> None:
    CALLS.clear()
    with pytest.raises(TypeError, match=r"field 'x' has unsupported type '_flip\(\)'"):

        class Flip(DataFrameModel):
            x: "_flip()"  # type: ignore[valid-type]  # noqa: UP037

    assert CALLS == []


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('true')",
        "_flip() | None",
        "list[_flip()]",
        "(lambda: int)()",
        "[int][0]",
        "int if True else str",
        "getattr(datetime, 'date')",
        "datetime.__dict__",
        "Inner.__subclasses__",
        "eval('int')",
    ],
)
def test_expressions_are_unsupported_types(text: str) -> None:
    CALLS.clear()
    namespaces = [{"_flip": _flip, "datetime": datetime, "Inner": Inner}]
    with pytest.raises(TypeError, match="unsupported type"):
        resolve_annotation(text, namespaces)
    assert CALLS == []


def test_string_annotation_in_a_class_body_runs_nothing() -> None:
    CALLS.clear()
    with pytest.raises(TypeError, match="unsupported type"):

        class Sneaky(DataFrameModel):
            x: "list[int] | _flip()"  # type: ignore[valid-type]  # noqa: UP037

    assert CALLS == []


# -- what string annotations may say -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("int", int),
        ("int | None", int | None),
        ("Optional[float]", Optional[float]),  # noqa: UP045 - the spelling under test
        ("list[datetime.date]", list[datetime.date]),
        ("dict[str, Inner | None]", dict[str, Inner | None]),
        ("Literal['a', 'b']", Literal["a", "b"]),
        ("Literal[1, -2]", Literal[1, -2]),
        ("list['Inner']", list[Inner]),
        ("typing.Optional[decimal.Decimal]", Optional[decimal.Decimal]),  # noqa: UP045
    ],
)
def test_type_expressions_resolve(text: str, expected: object) -> None:
    namespaces = [
        {
            "datetime": datetime,
            "decimal": decimal,
            "typing": typing,
            "Optional": Optional,
            "Literal": Literal,
            "Inner": Inner,
        }
    ]
    assert resolve_annotation(text, namespaces) == expected


def test_field_metadata_calls_are_the_only_calls() -> None:
    namespaces = [{"Annotated": Annotated, "Field": Field, "at": annotated_types}]
    found = resolve_annotation("Annotated[int, Field(ge=0, le=9)]", namespaces)
    assert typing.get_origin(found) is Annotated
    info = typing.get_args(found)[1]
    assert isinstance(info, pydantic.fields.FieldInfo)
    gt = resolve_annotation("Annotated[float, at.Gt(-1.5)]", namespaces)
    assert typing.get_args(gt)[1] == annotated_types.Gt(-1.5)


def test_forward_references_resolve_in_local_scope() -> None:
    class Geo(pydantic.BaseModel):
        city: str

    class Place(DataFrameModel):
        geo: "Geo"  # noqa: UP037 - the quoted form is under test
        stops: list["Geo"]  # noqa: UP037
        maybe: "Geo | None"  # noqa: UP037

    frame = Place({"geo": [{"city": "x"}], "stops": [[]], "maybe": [None]})
    assert frame.to_dict() == {"geo": [{"city": "x"}], "stops": [[]], "maybe": [None]}


def test_future_annotation_models_still_resolve() -> None:
    from future_annotations_models import Derived, Event

    assert Event.column_names()[:3] == ["id", "at", "kind"]
    assert Derived.column_names()[-1] == "extra"


# -- class-definition errors ----------------------------------------------------------


def test_no_fields_is_a_type_error() -> None:
    with pytest.raises(
        TypeError, match=r"DataFrameModel subclasses must define annotated fields\."
    ):

        class Nothing(DataFrameModel):
            pass


@pytest.mark.parametrize(
    "annotation", [dict[int, str], int | str, typing.Any, list, "Undefined"]
)
def test_unsupported_annotations_name_the_field(annotation: object) -> None:
    with pytest.raises(TypeError, match=r"field 'x' has unsupported type"):
        type(DataFrameModel)(
            "Bad",
            (DataFrameModel,),
            {"__annotations__": {"x": annotation}, "__module__": __name__},
        )


def test_bad_row_class_is_a_type_error() -> None:
    with pytest.raises(
        TypeError, match=r"BadRow\.Row must be a Pydantic BaseModel subclass"
    ):

        class BadRow(DataFrameModel):
            x: int

            class Row:
                pass


def test_bad_row_base_is_a_type_error() -> None:
    with pytest.raises(
        TypeError, match=r"BadBase\.__row_base__ must be a Pydantic BaseModel"
    ):

        class BadBase(DataFrameModel):
            __row_base__ = dict
            x: int


def test_good_row_base_still_applies() -> None:
    class Base(pydantic.BaseModel):
        model_config = pydantic.ConfigDict(str_strip_whitespace=True)

    class Good(DataFrameModel):
        __row_base__ = Base
        name: str

    assert issubclass(Good.RowModel, Base)
