"""``RequestIdMiddleware``: one id per request, in and out, on every observer event.

The id is taken from the request header (``X-Request-ID`` by default) when it
is a short printable token, else generated (32 hex digits). It is set on
``request.state.request_id``, echoed in the response header, and added as
``request_id`` to every materialization event the observer receives while the
request is handled (see :mod:`pydantable.observe`).

Example:
    >>> from fastapi import FastAPI
    >>> app = FastAPI()
    >>> app.add_middleware(RequestIdMiddleware)
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pydantable.observe import request_id_var

__all__ = ["RequestIdMiddleware"]

_VALID = re.compile(r"[A-Za-z0-9._:/+=-]{1,128}")


class RequestIdMiddleware:
    """Pure ASGI middleware tagging each HTTP request with an id (module docs).

    Args:
        app: the ASGI app.
        header_name: the request/response header carrying the id.
    """

    def __init__(self, app: ASGIApp, *, header_name: str = "X-Request-ID") -> None:
        self.app = app
        self.header_name = header_name
        self._header = header_name.lower().encode("latin-1")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = None
        for key, value in scope.get("headers", ()):
            if key == self._header:
                candidate = value.decode("latin-1")
                if _VALID.fullmatch(candidate):
                    request_id = candidate
                break
        if request_id is None:
            request_id = uuid.uuid4().hex
        state: dict[str, Any] = scope.setdefault("state", {})
        state["request_id"] = request_id
        encoded = request_id.encode("latin-1")

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v) for k, v in message.get("headers", ()) if k != self._header
                ]
                headers.append((self._header, encoded))
                message = {**message, "headers": headers}
            await send(message)

        token = request_id_var.set(request_id)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id_var.reset(token)
