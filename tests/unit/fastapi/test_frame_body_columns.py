"""Columnar frame bodies report missing and unknown columns per column.

A ``DataFrameRoute`` frame body (``df: Model``) checks the keys of a columnar
JSON body as the columnar body model of ``columnar_dependency`` does: ``{}``
for a model with required columns is a 422 (not a frame of no rows), each
missing column a ``missing`` error at its key, each unknown key an
``extra_forbidden`` error, in FastAPI's shape.
"""

from typing import Annotated, Any

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from pydantic import Field

from pydantable import DataFrameModel
from pydantable.fastapi import columnar_dependency, register_exception_handlers


class Users(DataFrameModel):
    id: int = Field(validation_alias="userId")
    name: str
    age: int | None
    team: str = "core"


app = FastAPI()
register_exception_handlers(app)


@app.post("/frame")
def frame(df: Users) -> Any:
    return df.to_dict()


@app.post("/columns")
def columns(df: Annotated[Users, Depends(columnar_dependency(Users))]) -> Any:
    return df.to_dict()


CLIENT = TestClient(app)


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (
            {},
            [
                ("missing", ["body", "userId"], {}),
                ("missing", ["body", "name"], {}),
            ],
        ),
        (
            {"userId": [1]},
            [("missing", ["body", "name"], {"userId": [1]})],
        ),
        (
            {"userId": [1], "name": ["a"], "junk": [1], "more": None},
            [
                ("extra_forbidden", ["body", "junk"], [1]),
                ("extra_forbidden", ["body", "more"], None),
            ],
        ),
    ],
)
def test_keys_are_checked_like_the_columnar_dependency(
    body: dict[str, Any], errors: list[tuple[Any, ...]]
) -> None:
    for path in ("/frame", "/columns"):
        r = CLIENT.post(path, json=body)
        assert r.status_code == 422, (path, r.text)
        got = [(e["type"], e["loc"], e["input"]) for e in r.json()["detail"]]
        assert got == errors, path


def test_a_null_required_column_is_no_list() -> None:
    for path in ("/frame", "/columns"):
        r = CLIENT.post(path, json={"userId": None, "name": ["a"]})
        assert r.status_code == 422
        assert r.json()["detail"][0]["type"] == "list_type"
        assert r.json()["detail"][0]["loc"] == ["body", "userId"]


def test_optional_and_defaulted_columns_may_be_left_out() -> None:
    r = CLIENT.post("/frame", json={"userId": [1, 2], "name": ["a", "b"]})
    assert r.status_code == 200
    assert r.json() == {
        "id": [1, 2],
        "name": ["a", "b"],
        "age": [None, None],
        "team": ["core", "core"],
    }
    assert (
        r.json()
        == CLIENT.post("/columns", json={"userId": [1, 2], "name": ["a", "b"]}).json()
    )
