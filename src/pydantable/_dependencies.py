"""Optional dependencies: imported lazily, with an error naming the extra."""

from __future__ import annotations

import importlib
from types import ModuleType

from pydantable.errors import MissingOptionalDependency

__all__ = ["DISTRIBUTION", "install_hint", "require"]

#: The name this project is installed under (``pydantable`` on PyPI is the
#: original project); the import name stays ``pydantable``.
DISTRIBUTION = "pydantable-frames"


def install_hint(extra: str) -> str:
    """The pip command installing ``extra`` of this distribution.

    Example:
        >>> install_hint("sql")
        "pip install 'pydantable-frames[sql]'"
    """
    return f"pip install '{DISTRIBUTION}[{extra}]'"


def require(module: str, *, extra: str) -> ModuleType:
    """Import ``module`` or raise :class:`MissingOptionalDependency` naming ``extra``.

    Example:
        >>> require("polars", extra="core").__name__
        'polars'
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        msg = f"{module!r} is required for this feature: install it with `{install_hint(extra)}`"
        raise MissingOptionalDependency(msg) from None
