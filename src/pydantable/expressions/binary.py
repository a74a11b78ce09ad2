"""The ``expr.bin`` namespace: functions of ``bytes`` (Binary) columns.

Example:
    >>> from pydantable import DataFrameModel
    >>> class Blob(DataFrameModel):
    ...     data: bytes
    >>> df = Blob({"data": [b"abc", b""]})
    >>> df.select(n=df.data.bin.size(), hex=df.data.bin.encode("hex")).to_dict()
    {'n': [3, 0], 'hex': ['616263', '']}
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantable import dtypes as dt
from pydantable.expressions.kinds import BINARY, elementwise
from pydantable.expressions.mixin import is_expr
from pydantable.expressions.namespace import ExprNamespace

if TYPE_CHECKING:
    from pydantable.expressions.expr import Expr

__all__ = ["BinaryNamespace"]


def _bytes(function: str, value: Any) -> Any:
    if not (isinstance(value, bytes) or is_expr(value)):
        msg = f"{function}() needs bytes or a bytes expression; got {value!r}"
        raise TypeError(msg)
    return value


class BinaryNamespace(ExprNamespace):
    """Functions of a Binary expression (``expr.bin.*``), named as in Polars."""

    __slots__ = ()

    def size(self) -> Expr:
        """Number of bytes: ``df.data.bin.size()``."""
        return self._call("bin.size")

    def contains(self, literal: Any) -> Expr:
        """Whether the bytes contain ``literal``."""
        return self._call("bin.contains", _bytes(self._name("bin.contains"), literal))

    def starts_with(self, prefix: Any) -> Expr:
        """Whether the bytes start with ``prefix``."""
        return self._call(
            "bin.starts_with", _bytes(self._name("bin.starts_with"), prefix)
        )

    def ends_with(self, suffix: Any) -> Expr:
        """Whether the bytes end with ``suffix``."""
        return self._call("bin.ends_with", _bytes(self._name("bin.ends_with"), suffix))

    def encode(self, encoding: str) -> Expr:
        """The bytes as ``"hex"`` or ``"base64"`` text."""
        if encoding not in ("hex", "base64"):
            msg = f"{self._name('bin.encode')}() encoding must be 'hex' or 'base64'; got {encoding!r}"
            raise ValueError(msg)
        return self._call("bin.encode", encoding=encoding)


elementwise("bin.size", BINARY, dt.Int64())
elementwise("bin.encode", BINARY, dt.String())
for _name in ("contains", "starts_with", "ends_with"):
    elementwise(f"bin.{_name}", BINARY, dt.Boolean(), args=(("pattern", BINARY),))
