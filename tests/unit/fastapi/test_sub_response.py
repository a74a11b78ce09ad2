"""``DataFrameRoute`` keeps what routes set on FastAPI's injected ``Response``.

When the route answers a frame or a ``to_dict()`` result itself, the status,
headers and cookies set on a ``response: Response`` parameter (of the endpoint
or of a dependency) reach the client exactly as on a plain ``APIRoute``, and
background tasks still run.
"""

from __future__ import annotations

from typing import Annotated, Any

import pytest
from fastapi import APIRouter, BackgroundTasks, Depends, FastAPI, Response
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from pydantable import DataFrameModel
from pydantable.fastapi import DataFrameRoute, columnar_dependency


class Users(DataFrameModel):
    id: int
    age: int | None


BODY = {"id": [1, 2, 3], "age": [10, 30, None]}
ADULTS = {"id": [2], "age": [30]}


def stamp(response: Response) -> None:
    """A dependency that only touches the sub-response."""
    response.headers["X-From-Dependency"] = "dep"
    response.set_cookie("session", "abc")


def build_app(route_class: type[APIRoute], ran: list[str]) -> FastAPI:
    app = FastAPI()
    router = APIRouter(route_class=route_class)

    @router.post("/frame", dependencies=[Depends(stamp)])
    def frame(
        df: Annotated[Users, Depends(columnar_dependency(Users))],
        response: Response,
        tasks: BackgroundTasks,
    ):
        response.status_code = 201
        response.headers["X-Rows"] = str(df.height)
        tasks.add_task(ran.append, "frame")
        adults = df.filter(df.age >= 18)
        # a plain APIRoute cannot serialize a frame: it gets the same data as a dict
        return adults if route_class is DataFrameRoute else adults.to_dict()

    @router.post("/dict", dependencies=[Depends(stamp)])
    def as_dict(
        df: Annotated[Users, Depends(columnar_dependency(Users))],
        tasks: BackgroundTasks,
    ):  # no Response parameter of its own
        tasks.add_task(ran.append, "dict")
        return df.filter(df.age >= 18).to_dict()

    @router.post("/async-dict", status_code=202)
    async def async_dict(
        df: Annotated[Users, Depends(columnar_dependency(Users))], response: Response
    ):
        response.headers["X-Async"] = "yes"
        return df.filter(df.age >= 18).to_dict()

    @router.post("/own-response", dependencies=[Depends(stamp)])
    def own(
        df: Annotated[Users, Depends(columnar_dependency(Users))],
    ) -> Response:  # FastAPI sends a returned Response as it is
        return Response(b"{}", media_type="application/json")

    app.include_router(router)
    return app


def call(route_class: type[APIRoute], path: str) -> tuple[Any, list[str]]:
    ran: list[str] = []
    with TestClient(build_app(route_class, ran)) as client:
        response = client.post(path, json=BODY)
    return response, ran


def headers_of(response: Any) -> dict[str, Any]:
    skip = {"content-length", "date", "server"}
    found = {k: v for k, v in response.headers.multi_items() if k not in skip}
    return found | {"set-cookie": response.headers.get_list("set-cookie")}


def test_frame_result_keeps_status_headers_cookies_and_background() -> None:
    response, ran = call(DataFrameRoute, "/frame")
    assert response.status_code == 201
    assert response.headers["x-rows"] == "3"
    assert response.headers["x-from-dependency"] == "dep"
    assert response.cookies["session"] == "abc"
    assert response.headers["content-type"] == "application/json"
    assert response.json() == ADULTS
    assert ran == ["frame"]


def test_to_dict_result_keeps_dependency_headers_cookies_and_background() -> None:
    response, ran = call(DataFrameRoute, "/dict")
    assert response.status_code == 200
    assert response.headers["x-from-dependency"] == "dep"
    assert response.cookies["session"] == "abc"
    assert response.json() == ADULTS
    assert ran == ["dict"]


def test_async_endpoint_and_route_status_code() -> None:
    response, _ = call(DataFrameRoute, "/async-dict")
    assert response.status_code == 202
    assert response.headers["x-async"] == "yes"
    assert response.json() == ADULTS


@pytest.mark.parametrize("path", ["/frame", "/dict", "/async-dict", "/own-response"])
def test_same_status_headers_and_body_as_a_plain_apiroute(path: str) -> None:
    ours, ours_ran = call(DataFrameRoute, path)
    plain, plain_ran = call(APIRoute, path)
    assert ours.status_code == plain.status_code
    assert headers_of(ours) == headers_of(plain)
    assert ours.json() == plain.json()
    assert ours_ran == plain_ran


def test_a_returned_response_is_sent_unchanged() -> None:
    response, _ = call(DataFrameRoute, "/own-response")
    assert response.status_code == 200
    assert "x-from-dependency" not in response.headers
    assert response.content == b"{}"


def test_the_hidden_parameter_is_not_documented() -> None:
    app = build_app(DataFrameRoute, [])
    schema = TestClient(app).get("/openapi.json").json()
    for item in schema["paths"].values():
        for operation in item.values():
            names = [p["name"] for p in operation.get("parameters", [])]
            assert not any("pydantable" in n for n in names)


def test_frame_body_parameter_form() -> None:
    app = FastAPI()
    router = APIRouter(route_class=DataFrameRoute)

    @router.post("/fast")
    def fast(df: Users, response: Response):
        response.headers["X-Fast"] = "1"
        response.status_code = 207
        return df.filter(df.age >= 18)

    app.include_router(router)
    with TestClient(app) as client:
        r = client.post("/fast", json=BODY, headers={"accept": "text/csv"})
    assert r.status_code == 207
    assert r.headers["x-fast"] == "1"
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    assert r.text == "id,age\n2,30\n"
