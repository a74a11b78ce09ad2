"""``model_config`` in a DataFrameModel class body configures its row model.

``extra="ignore"`` drops unknown columns and keys (ingest of columns, rows and
frames, and every FastAPI body), as Pydantic drops them; ``"forbid"`` stays the
default; ``"allow"`` is refused (a frame holds only its declared columns).
Other settings (``val_json_bytes`` ...) apply to the row model too.
"""

from typing import Annotated, Any

import polars as pl
import pydantic
import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from pydantable import DataFrameModel
from pydantable.errors import SchemaMismatchError
from pydantable.fastapi import (
    columnar_dependency,
    register_exception_handlers,
    rows_dependency,
)


class Lenient(DataFrameModel):
    model_config = pydantic.ConfigDict(extra="ignore")
    id: int
    name: str | None


class Strict(DataFrameModel):
    id: int


@pytest.mark.parametrize(
    "data",
    [
        {"id": [1, 2], "junk": ["x", "y"]},
        [{"id": 1, "junk": "x"}, {"id": 2, "other": 0}],
        pl.DataFrame({"id": [1, 2], "junk": ["x", "y"]}),
    ],
    ids=["columns", "rows", "polars"],
)
def test_unknown_columns_and_keys_are_dropped(data: Any) -> None:
    assert Lenient(data).to_dict() == {"id": [1, 2], "name": [None, None]}
    assert Lenient.RowModel.model_config["extra"] == "ignore"


def test_forbid_stays_the_default() -> None:
    with pytest.raises(SchemaMismatchError, match="Unknown columns"):
        Strict({"id": [1], "junk": [2]})
    with pytest.raises(pydantic.ValidationError) as info:
        Strict([{"id": 1, "junk": 2}])
    assert info.value.errors()[0]["type"] == "extra_forbidden"


def test_allow_is_refused() -> None:
    with pytest.raises(TypeError, match="extra='allow' is not supported"):

        class Open(DataFrameModel):
            model_config = pydantic.ConfigDict(extra="allow")
            id: int


def test_other_settings_reach_the_row_model() -> None:
    class Blobs(DataFrameModel):
        model_config = pydantic.ConfigDict(val_json_bytes="base64")
        blob: bytes

    frame = Blobs._from_json_values({"blob": ["aGVsbG8=", ""]}, trusted_mode="strict")
    assert frame.to_dict() == {"blob": [b"hello", b""]}
    with pytest.raises(SchemaMismatchError, match=r"Column 'blob'"):
        Blobs._from_json_values({"blob": ["***"]}, trusted_mode="shape_only")


@pytest.mark.parametrize("route_class", [False, True])
def test_fastapi_bodies_drop_unknown_keys(route_class: bool) -> None:
    app = FastAPI()
    if route_class:
        register_exception_handlers(app)

    @app.post("/columns")
    def columns(df: Annotated[Lenient, Depends(columnar_dependency(Lenient))]) -> Any:
        return df.to_dict()

    @app.post("/rows")
    def rows(df: Annotated[Lenient, Depends(rows_dependency(Lenient))]) -> Any:
        return df.to_dict()

    if route_class:

        @app.post("/frame")
        def frame(df: Lenient) -> Any:
            return df.to_dict()

    client = TestClient(app)
    expected = {"id": [1], "name": [None]}
    assert client.post("/columns", json={"id": [1], "zzz": [1]}).json() == expected
    assert client.post("/rows", json=[{"id": 1, "zzz": 1}]).json() == expected
    if route_class:
        assert client.post("/frame", json={"id": [1], "zzz": [2]}).json() == expected
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    body = schemas["LenientColumnarBody"]
    assert body.get("additionalProperties", True) is not False
