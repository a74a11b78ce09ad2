"""``executor_lifespan``, ``get_executor`` and the ``pydantable.testing.fastapi`` helpers."""

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Annotated, Any

from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from pydantable import DataFrameModel
from pydantable.fastapi import executor_lifespan, get_executor
from pydantable.testing.fastapi import fastapi_app_with_executor, fastapi_test_client


class Num(DataFrameModel):
    n: int


def test_lifespan_sets_and_shuts_down_the_executor() -> None:
    app = FastAPI()

    async def main() -> ThreadPoolExecutor:
        async with executor_lifespan(app, max_workers=2, thread_name_prefix="t-pool"):
            executor = app.state.executor
            assert isinstance(executor, ThreadPoolExecutor)
            assert executor._max_workers == 2
            name = executor.submit(lambda: threading.current_thread().name).result()
            assert name.startswith("t-pool")
        return executor

    executor = asyncio.run(main())
    assert executor._shutdown
    assert app.state.executor is None


def test_lifespan_waits_for_running_work_and_restores_previous_state() -> None:
    app = FastAPI()
    app.state.executor = "previous"
    done: list[bool] = []

    def slow() -> None:
        time.sleep(0.05)
        done.append(True)

    async def main() -> None:
        async with executor_lifespan(app):
            app.state.executor.submit(slow)

    asyncio.run(main())
    assert done == [True]
    assert app.state.executor == "previous"


def test_usable_directly_as_the_app_lifespan() -> None:
    app = FastAPI(lifespan=executor_lifespan)

    @app.get("/pooled")
    def pooled(executor: Annotated[Any, Depends(get_executor)]) -> bool:
        return executor is not None

    with TestClient(app) as client:
        assert client.get("/pooled").json() is True
    assert TestClient(app).get("/pooled").json() is False  # no lifespan, no executor


def test_testing_helpers_run_submitted_work_on_the_app_executor() -> None:
    app = fastapi_app_with_executor(max_workers=2, register_handlers=True)

    @app.post("/total")
    async def total(
        body: dict[str, list[Any]],
        executor: Annotated[Any, Depends(get_executor)],
    ) -> int:
        rows = await Num(body).submit(executor=executor).result()
        return sum(r.n for r in rows)

    with fastapi_test_client(app) as client:
        assert isinstance(app.state.executor, ThreadPoolExecutor)
        assert client.post("/total", json={"n": [1, 2, 3]}).json() == 6
        r = client.post("/total", json={"n": [1, "x"]})
        assert r.status_code == 422  # handlers registered
        assert r.json()["detail"][0]["loc"] == ["n", 1]
    assert app.state.executor is None


def test_fastapi_app_without_handlers() -> None:
    app = fastapi_app_with_executor(title="t")
    assert app.title == "t"
    assert not any(
        getattr(exc, "__module__", "").startswith("pydantable")
        for exc in app.exception_handlers
        if isinstance(exc, type)
    )
