"""The validation-profile registry (the original's module name).

See :mod:`pydantable.validation.profiles`.

Example:
    >>> from pydantable.validation_profiles import list_validation_profiles
    >>> "batch_lenient" in list_validation_profiles()
    True
"""

from __future__ import annotations

from pydantable.validation.profiles import (
    ValidationProfile,
    get_validation_profile,
    list_validation_profiles,
    register_validation_profile,
    reset_validation_profiles_for_tests,
)

__all__ = [
    "ValidationProfile",
    "get_validation_profile",
    "list_validation_profiles",
    "register_validation_profile",
    "reset_validation_profiles_for_tests",
]
