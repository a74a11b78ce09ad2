"""Optional dependencies: imported lazily, with an error naming the extra."""

from __future__ import annotations

import importlib
from types import ModuleType

from pydantable.errors import MissingOptionalDependency

__all__ = ["require"]


def require(module: str, *, extra: str) -> ModuleType:
    """Import ``module`` or raise :class:`MissingOptionalDependency` naming ``extra``.

    Example:
        >>> require("polars", extra="core").__name__
        'polars'
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        msg = (
            f"{module!r} is required for this feature: install it with "
            f"`pip install 'pydantable[{extra}]'`"
        )
        raise MissingOptionalDependency(msg) from None
