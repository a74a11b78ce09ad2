"""The original's optional native ("rap") CSV reader: not part of this package.

The original could read CSV with a separate native extension; here every reader
runs on Polars, so :func:`rap_csv_available` is honestly ``False`` and nothing
depends on it.

Example:
    >>> from pydantable.io.rap_support import rap_csv_available
    >>> rap_csv_available()
    False
"""

from __future__ import annotations

__all__ = ["rap_csv_available"]


def rap_csv_available() -> bool:
    """Whether the native "rap" CSV reader is installed: never (Polars reads CSV)."""
    return False
