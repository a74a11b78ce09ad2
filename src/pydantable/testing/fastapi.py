"""FastAPI test helpers: an app with the executor lifespan, and a test client.

Example:
    >>> from pydantable.testing.fastapi import fastapi_app_with_executor, fastapi_test_client
    >>> app = fastapi_app_with_executor(max_workers=2)
    >>> with fastapi_test_client(app):
    ...     app.state.executor is not None
    True
"""

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import TYPE_CHECKING, Any

from pydantable._dependencies import install_hint, require
from pydantable.errors import MissingOptionalDependency

require("fastapi", extra="fastapi")

from fastapi.applications import FastAPI  # noqa: E402

from pydantable.fastapi import (  # noqa: E402
    executor_lifespan,
    register_exception_handlers,
)

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

__all__ = ["fastapi_app_with_executor", "fastapi_test_client"]


def fastapi_app_with_executor(
    *, max_workers: int = 4, register_handlers: bool = False, **fastapi_kwargs: Any
) -> FastAPI:
    """A ``FastAPI`` app whose lifespan runs :func:`~pydantable.fastapi.executor_lifespan`.

    ``register_handlers=True`` also calls
    :func:`~pydantable.fastapi.register_exception_handlers`; other keyword
    arguments go to ``FastAPI(...)``.

    Example:
        >>> app = fastapi_app_with_executor(max_workers=2, register_handlers=True)
        >>> type(app).__name__
        'FastAPI'
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with executor_lifespan(
            app, max_workers=max_workers, thread_name_prefix="pydantable-test"
        ):
            yield

    app = FastAPI(lifespan=lifespan, **fastapi_kwargs)
    if register_handlers:
        register_exception_handlers(app)
    return app


@contextmanager
def fastapi_test_client(app: Any, **client_kwargs: Any) -> Iterator["TestClient"]:
    """A ``fastapi.testclient.TestClient`` with the app's lifespan running.

    Startup runs on entry (so ``app.state.executor`` exists) and shutdown on
    exit. Keyword arguments go to ``TestClient``.

    Example:
        >>> app = fastapi_app_with_executor()
        >>> with fastapi_test_client(app) as client:
        ...     client.get("/missing").status_code
        404
    """
    try:
        from fastapi.testclient import TestClient
    except (ImportError, RuntimeError) as exc:  # starlette raises RuntimeError
        msg = (
            "fastapi_test_client needs an HTTP client for starlette's TestClient: "
            f"install it with `{install_hint('fastapi')}`"
        )
        raise MissingOptionalDependency(msg) from exc
    with TestClient(app, **client_kwargs) as client:
        yield client
