"""Large ``response_model`` results of a ``DataFrameRoute``, answered as FastAPI does.

A route with ``response_model=list[Row]`` returning ``df.collect()`` makes
FastAPI validate every row into ``Row`` and write the JSON: two passes that
allocate one Python object per row and cell, during which CPython's garbage
collector runs again and again over everything alive (about half of the
time, measured on 100k rows). For list results of at least
:data:`MIN_ROWS` items, ``DataFrameRoute`` runs FastAPI's own steps — the
response field's ``validate`` and ``serialize_json``, with the route's
``response_model_*`` options, raising FastAPI's ``ResponseValidationError``
on invalid rows — with the collector paused. The answer is FastAPI's, byte
for byte (tested).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi.datastructures import DefaultPlaceholder
from fastapi.exceptions import ResponseValidationError
from fastapi.routing import APIRoute
from fastapi.utils import is_body_allowed_for_status_code
from starlette.responses import Response

from pydantable._gc import gc_paused

__all__ = ["MIN_ROWS", "ResponseModel"]

#: Lists shorter than this are left to FastAPI (the collector barely runs).
MIN_ROWS = 1_000


#: The ``response_model_*`` options of a route, as the serializer's keywords.
_OPTIONS = (
    "include",
    "exclude",
    "by_alias",
    "exclude_unset",
    "exclude_defaults",
    "exclude_none",
)


@dataclass(frozen=True)
class ResponseModel:
    """A route's response field and its ``response_model_*`` options."""

    field: Any
    #: ``include``, ``exclude``, ``by_alias`` and the ``exclude_*`` flags.
    options: dict[str, Any]

    @classmethod
    def of(cls, route: APIRoute) -> ResponseModel | None:
        """The route's, when FastAPI would write its JSON itself (a response
        field and the default response class), else ``None``."""
        field = getattr(route, "response_field", None)
        if (
            field is None
            or not isinstance(route.response_class, DefaultPlaceholder)
            or not callable(getattr(field, "serialize_json", None))
        ):
            return None
        options = {name: getattr(route, f"response_model_{name}") for name in _OPTIONS}
        return cls(field=field, options=options)

    def takes(self, result: Any) -> bool:
        """Whether :meth:`render` answers ``result`` (a large list)."""
        return type(result) is list and len(result) >= MIN_ROWS

    def render(self, result: Any, status_code: int) -> Response | None:
        """The answer to a large list ``result`` (``None``: leave it to FastAPI).

        Raises:
            ResponseValidationError: a row does not validate (FastAPI's 500).
        """
        if not self.takes(result) or not is_body_allowed_for_status_code(status_code):
            return None
        with gc_paused():
            value, errors = self.field.validate(result, {}, loc=("response",))
            if errors:
                raise ResponseValidationError(errors, body=result)
            body = self.field.serialize_json(value, **self.options)
        return Response(body, status_code=status_code, media_type="application/json")
