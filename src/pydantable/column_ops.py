"""Frame methods: column-level operations (rename family, reordering, as_model, ...)."""

from __future__ import annotations

from pydantable.frame_mixin import FrameMixin

__all__ = ["ColumnMethods"]


class ColumnMethods(FrameMixin):
    """Mixed into :class:`~pydantable.frame.BaseFrame`."""

    __slots__ = ()
