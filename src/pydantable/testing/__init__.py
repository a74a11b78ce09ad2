"""Test helpers for applications built on pydantable.

- :func:`assert_frame_equal` compares two frames with a readable diff
  (:mod:`pydantable.testing.asserts`).
- :mod:`pydantable.testing.examples` generates valid data from a schema
  (``DataFrameModel.examples``); :mod:`pydantable.testing.strategies` has
  Hypothesis strategies of frames (needs the ``testing`` extra).
- :mod:`pydantable.testing.fastapi` builds FastAPI apps with the executor
  lifespan and lifespan-aware test clients (needs the ``fastapi`` extra).

Example:
    >>> from pydantable import DataFrameModel
    >>> from pydantable.testing import assert_frame_equal
    >>> class T(DataFrameModel):
    ...     x: int
    >>> assert_frame_equal(T.examples(3, seed=1), T.examples(3, seed=1))
"""

from pydantable.testing.asserts import assert_frame_equal

__all__ = ["assert_frame_equal"]
