"""The scalar registry: your own ``str``/``int``/``float``/``bool``/``bytes``
subclasses as column types.

``register_scalar(Email, base="str")`` makes ``email: Email`` a column stored as
its base dtype (``String``): validated by Pydantic as the base then converted
to your class under ``trusted_mode="off"``, accepted like its base under
``shape_only``/``strict``, and kept as the annotation (``schema_fields()``,
row models). A registered class without its own Pydantic schema gets one
(validate as the base, then call the class). Re-exported from
:mod:`pydantable.dtypes`.

Example:
    >>> from pydantable.dtypes import get_registered_scalar_base, register_scalar
    >>> class Sku(str):
    ...     pass
    >>> register_scalar(Sku, base="str")
    >>> get_registered_scalar_base(Sku)
    'str'
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

__all__ = [
    "ScalarBaseName",
    "base_type",
    "get_registered_scalar_base",
    "list_registered_scalars",
    "register_scalar",
    "reset_registry_for_tests",
]

#: The storage a registered scalar can have.
ScalarBaseName = Literal["int", "float", "bool", "str", "binary"]
_BASES: dict[str, type] = {
    "int": int,
    "float": float,
    "bool": bool,
    "str": str,
    "binary": bytes,
}
_registry: dict[type, ScalarBaseName] = {}
_patched: set[type] = set()


def _schema_for(base: type) -> Any:
    def __get_pydantic_core_schema__(  # noqa: N807 (Pydantic's hook name)
        cls: type, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            cls, handler.generate_schema(base)
        )

    return classmethod(__get_pydantic_core_schema__)


def register_scalar(tp: type, *, base: ScalarBaseName) -> None:
    """Register ``tp`` as a column type stored as ``base``.

    Raises:
        TypeError: "register_scalar(tp=...) expects a type" for a non-type.
        ValueError: "Unsupported base ..." for a base not in
            ``int, float, bool, str, binary``.
    """
    if not isinstance(tp, type):
        msg = f"register_scalar(tp=...) expects a type; got {tp!r}"
        raise TypeError(msg)
    if base not in _BASES:
        msg = f"Unsupported base {base!r}; expected one of {list(_BASES)}"
        raise ValueError(msg)
    _registry[tp] = base
    if not hasattr(tp, "__get_pydantic_core_schema__"):
        tp.__get_pydantic_core_schema__ = _schema_for(_BASES[base])  # type: ignore[attr-defined]
        _patched.add(tp)


def get_registered_scalar_base(tp: Any) -> ScalarBaseName | None:
    """The base a type was registered with, or ``None``."""
    return _registry.get(tp) if isinstance(tp, type) else None


def base_type(tp: Any) -> type | None:
    """The Python base type of a registered scalar (``bytes`` for "binary")."""
    name = get_registered_scalar_base(tp)
    return None if name is None else _BASES[name]


def list_registered_scalars() -> dict[type, ScalarBaseName]:
    """Every registered type and its base."""
    return dict(_registry)


def reset_registry_for_tests() -> None:
    """Forget every registration (and the schema hooks added to the classes),
    keeping pydantable's own (``WKB``)."""
    own = {t: b for t, b in _registry.items() if t.__module__ == "pydantable.types"}
    for tp in list(_patched):
        if tp not in own:
            delattr(tp, "__get_pydantic_core_schema__")
            _patched.discard(tp)
    _registry.clear()
    _registry.update(own)
