"""Validation profiles: named presets of the frame constructor's options.

``Model(data, validation_profile="batch_lenient")`` (or a model's default,
``__pydantable__ = {"validation_profile": ...}``) applies a preset; arguments
given explicitly win. Built-ins: ``service_strict`` (validate everything, fail
on the first bad batch), ``batch_lenient`` (drop invalid rows:
``ignore_errors=True``) and ``trusted_upstream`` (``trusted_mode="shape_only"``).
Register your own with :func:`register_validation_profile`.

Example:
    >>> get_validation_profile("trusted_upstream").trusted_mode
    'shape_only'
    >>> VALIDATION_PROFILES["batch_lenient"]
    {'trusted_mode': 'off', 'ignore_errors': True}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "VALIDATION_PROFILES",
    "UnknownValidationProfileError",
    "ValidationProfile",
    "get_validation_profile",
    "list_validation_profiles",
    "register_validation_profile",
    "reset_validation_profiles_for_tests",
]

Strictness = Literal["inherit", "lax", "strict"]


@dataclass(frozen=True)
class ValidationProfile:
    """A named preset: the constructor options it sets (``None``: not set).

    ``column_strictness_default`` / ``nested_strictness_default`` record the
    strictness a profile asks of columns whose field policy is ``"inherit"``.
    """

    trusted_mode: str | None = None
    ignore_errors: bool | None = None
    fill_missing_optional: bool | None = None
    column_strictness_default: Strictness = "inherit"
    nested_strictness_default: Strictness = "inherit"

    def options(self) -> dict[str, Any]:
        """The constructor options this profile sets."""
        out: dict[str, Any] = {}
        if self.trusted_mode is not None:
            out["trusted_mode"] = self.trusted_mode
        if self.ignore_errors is not None:
            out["ignore_errors"] = self.ignore_errors
        if self.fill_missing_optional is not None:
            out["fill_missing_optional"] = self.fill_missing_optional
        return out


class UnknownValidationProfileError(KeyError, ValueError):
    """``validation_profile`` names no registered profile (a ``KeyError`` as in
    the original, and a ``ValueError`` as the constructor's other option errors)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


_BUILTINS: dict[str, ValidationProfile] = {
    "service_strict": ValidationProfile(trusted_mode="off", ignore_errors=False),
    "batch_lenient": ValidationProfile(trusted_mode="off", ignore_errors=True),
    "trusted_upstream": ValidationProfile(trusted_mode="shape_only"),
}
_profiles: dict[str, ValidationProfile] = dict(_BUILTINS)

#: ``validation_profile=`` name → the options it presets (kept in step with the
#: registry; read-only by convention).
VALIDATION_PROFILES: dict[str, dict[str, Any]] = {}


def _sync() -> None:
    VALIDATION_PROFILES.clear()
    VALIDATION_PROFILES.update({name: p.options() for name, p in _profiles.items()})


def register_validation_profile(
    name: str, profile: ValidationProfile | dict[str, Any]
) -> None:
    """Register (or replace) profile ``name`` (a :class:`ValidationProfile` or
    its fields as a dict).

    Raises:
        ValueError: "validation profile name must be a non-empty string".
        TypeError: unknown profile fields.
    """
    if not isinstance(name, str) or not name.strip():
        msg = "validation profile name must be a non-empty string"
        raise ValueError(msg)
    if isinstance(profile, dict):
        profile = ValidationProfile(**profile)
    if not isinstance(profile, ValidationProfile):
        msg = f"profile must be a ValidationProfile or a dict; got {type(profile).__name__}"
        raise TypeError(msg)
    _profiles[name] = profile
    _sync()


def get_validation_profile(name: str) -> ValidationProfile:
    """The profile ``name`` (``KeyError`` "Unknown validation_profile '<n>'")."""
    found = _profiles.get(name)
    if found is None:
        msg = (
            f"Unknown validation_profile {name!r}; registered profiles: "
            f"{list_validation_profiles()}"
        )
        raise UnknownValidationProfileError(msg)
    return found


def list_validation_profiles() -> list[str]:
    """The registered profile names, sorted."""
    return sorted(_profiles)


def reset_validation_profiles_for_tests() -> None:
    """Back to the built-in profiles only."""
    _profiles.clear()
    _profiles.update(_BUILTINS)
    _sync()


_sync()
