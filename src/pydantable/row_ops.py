"""Frame methods: row-level operations (unique, fill_null, drop_nulls, top_k, sample, ...)."""

from __future__ import annotations

from pydantable.frame_mixin import FrameMixin

__all__ = ["RowMethods"]


class RowMethods(FrameMixin):
    """Mixed into :class:`~pydantable.frame.BaseFrame`."""

    __slots__ = ()
