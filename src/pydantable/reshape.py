"""Frame methods: unpivot/melt, pivot, explode and unnest."""

from __future__ import annotations

from pydantable.frame_mixin import FrameMixin

__all__ = ["ReshapeMethods"]


class ReshapeMethods(FrameMixin):
    """Mixed into :class:`~pydantable.frame.BaseFrame`."""

    __slots__ = ()
