"""Column types beyond the built-ins: :class:`WKB` (well-known-binary geometry).

Example:
    >>> from pydantable import DataFrameModel
    >>> from pydantable.types import WKB
    >>> class Shape(DataFrameModel):
    ...     id: int
    ...     geom: WKB | None
    >>> df = Shape({"id": [1, 2], "geom": [bytearray(b"\\x01\\x01"), None]})
    >>> df.to_dict()["geom"][0] == WKB(b"\\x01\\x01")
    True
"""

from __future__ import annotations

from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

from pydantable.scalars import register_scalar

__all__ = ["WKB"]


class WKB(bytes):
    """Well-known-binary bytes (a ``bytes`` subclass stored as ``Binary``).

    Validation takes bytes-like input (``bytes``, ``bytearray``,
    ``memoryview``) and gives a ``WKB``; a ``WKB`` is returned as the same
    object; anything else is an error "WKB expects bytes-like, got <type>".

    Example:
        >>> WKB(b"\\x00")
        WKB(b'\\x00')
    """

    def __repr__(self) -> str:
        return f"WKB({bytes(self)!r})"

    @classmethod
    def validate(cls, value: Any) -> WKB:
        """``value`` as a ``WKB`` (see the class docs)."""
        if isinstance(value, WKB):
            return value
        if isinstance(value, bytes | bytearray | memoryview):
            return cls(bytes(value))
        raise PydanticCustomError(
            "wkb_type",
            "WKB expects bytes-like, got {type_name}",
            {"type_name": type(value).__name__},
        )

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                bytes, when_used="json"
            ),
        )


register_scalar(WKB, base="binary")
