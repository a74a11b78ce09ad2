"""``register_exception_handlers``: answer the data errors that escape a route.

Each exception class of the table with an HTTP status is answered by
:func:`~pydantable.fastapi.errors.to_http` (the one exception → HTTP table):

============================================  ======  ==================================
exception                                     status  body
============================================  ======  ==================================
``pydantic.ValidationError``                  422     ``{"detail": exc.errors()}``
``ColumnLengthMismatchError``                 400     ``{"detail": str(exc)}``
``SchemaMismatchError``                       422     ``{"detail": str(exc)}``
``MissingRustExtensionError``                 503     ``{"detail": str(exc)}``
============================================  ======  ==================================
"""

from fastapi.applications import FastAPI
from fastapi.requests import Request
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.responses import Response

from pydantable._http_errors import ERROR_RULES
from pydantable.fastapi.errors import to_http
from pydantable.fastapi.route import DataFrameRoute

__all__ = ["register_exception_handlers"]


async def _answer(request: Request, exc: Exception) -> Response:
    answer = to_http(exc)
    return JSONResponse(
        status_code=answer.status_code,
        content={"detail": answer.detail},
        headers=answer.headers,
    )


def register_exception_handlers(
    app: FastAPI, *, install_route_class: bool = True
) -> None:
    """Map pydantable/Pydantic data errors raised in routes to HTTP responses.

    Unless ``install_route_class=False``, routes defined afterwards use
    :class:`~pydantable.fastapi.DataFrameRoute` (when the app still uses the
    default ``APIRoute``): frame bodies are parsed and validated at engine
    speed, returned frames and ``to_dict()`` results are serialized in Rust.

    ``pydantic.ValidationError`` → 422 ``{"detail": [errors]}`` (JSON-safe),
    ``ColumnLengthMismatchError`` → 400, ``SchemaMismatchError`` → 422 and
    ``MissingRustExtensionError`` → 503, each ``{"detail": str(exc)}``. Other
    ``ValueError``\\ s are deliberately not mapped (they stay 500s).

    Example:
        >>> from fastapi import FastAPI
        >>> from pydantable.errors import ColumnLengthMismatchError
        >>> app = FastAPI()
        >>> register_exception_handlers(app)
        >>> ColumnLengthMismatchError in app.exception_handlers
        True
    """
    if install_route_class and app.router.route_class is APIRoute:
        app.router.route_class = DataFrameRoute
    for rule in ERROR_RULES:
        if rule.status is not None:
            app.add_exception_handler(rule.exception, _answer)
