"""Frame methods: group_by and value_counts."""

from __future__ import annotations

from pydantable.frame_mixin import FrameMixin

__all__ = ["GroupingMethods"]


class GroupingMethods(FrameMixin):
    """Mixed into :class:`~pydantable.frame.BaseFrame`."""

    __slots__ = ()
