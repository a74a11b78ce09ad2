"""``-> DataFrameModel`` (a frame class of no declared columns) as a return annotation.

On a ``DataFrameRoute`` it means "some frame": the result is written as an
unannotated route writes a frame (negotiated on ``Accept``, every response
format documented). A plain ``FastAPI()`` app refuses it at route definition,
with FastAPI's hint (``response_model=None``), as it refuses ``-> DataFrame``;
it raised ``AttributeError: RowModel`` before.
"""

from typing import Any

import pydantic
import pytest
from fastapi import FastAPI
from fastapi.exceptions import FastAPIError
from fastapi.testclient import TestClient

from pydantable import DataFrame, DataFrameModel
from pydantable.fastapi import register_exception_handlers


class Users(DataFrameModel):
    id: int


ANNOTATIONS: list[Any] = [DataFrameModel, DataFrameModel | None, DataFrame]


def _app(annotation: Any, *, route_class: bool) -> FastAPI:
    app = FastAPI()
    if route_class:
        register_exception_handlers(app)

    def users() -> Any:
        return Users({"id": [1, 2]})

    users.__annotations__["return"] = annotation
    app.get("/users")(users)
    return app


@pytest.mark.parametrize("annotation", ANNOTATIONS)
def test_a_dataframe_route_writes_it_negotiated(annotation: Any) -> None:
    app = _app(annotation, route_class=True)
    client = TestClient(app)
    plain = client.get("/users")
    assert plain.status_code == 200
    assert plain.json() == {"id": [1, 2]}
    csv = client.get("/users", headers={"Accept": "text/csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines() == ["id", "1", "2"]
    assert client.get("/users", headers={"Accept": "image/png"}).status_code == 406
    content = app.openapi()["paths"]["/users"]["get"]["responses"]["200"]["content"]
    assert "text/csv" in content
    assert "application/x-ndjson" in content


@pytest.mark.parametrize("annotation", ANNOTATIONS)
def test_a_plain_app_refuses_it_at_definition(annotation: Any) -> None:
    with pytest.raises(FastAPIError, match="response_model=None"):
        _app(annotation, route_class=False)


def test_a_pydantic_field_of_the_base_class_names_the_reason() -> None:
    with pytest.raises(
        pydantic.PydanticSchemaGenerationError, match="declares no columns"
    ):

        class Batch(pydantic.BaseModel):
            frame: DataFrameModel
