"""Frame methods: joins, as-of joins and concatenation."""

from __future__ import annotations

from pydantable.frame_mixin import FrameMixin

__all__ = ["JoinMethods"]


class JoinMethods(FrameMixin):
    """Mixed into :class:`~pydantable.frame.BaseFrame`."""

    __slots__ = ()
