"""Validation profiles: named presets of the frame constructor's options.

Example:
    >>> VALIDATION_PROFILES["trusted_upstream"]
    {'trusted_mode': 'shape_only'}
"""

from __future__ import annotations

from typing import Any

__all__ = ["VALIDATION_PROFILES"]

#: ``validation_profile=`` name → the options it presets (explicit ones win).
VALIDATION_PROFILES: dict[str, dict[str, Any]] = {
    "service_strict": {"trusted_mode": "off", "ignore_errors": False},
    "batch_lenient": {"trusted_mode": "off", "ignore_errors": True},
    "trusted_upstream": {"trusted_mode": "shape_only"},
}
