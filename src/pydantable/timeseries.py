"""Frame methods: rolling and dynamic-window aggregation."""

from __future__ import annotations

from pydantable.frame_mixin import FrameMixin

__all__ = ["TimeSeriesMethods"]


class TimeSeriesMethods(FrameMixin):
    """Mixed into :class:`~pydantable.frame.BaseFrame`."""

    __slots__ = ()
