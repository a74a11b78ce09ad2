"""Hypothesis strategies for frames (needs the ``testing`` extra: hypothesis).

:func:`frames` draws frames of a :class:`~pydantable.DataFrameModel` whose rows
are valid for it: Hypothesis picks the row count and a seed, and
:meth:`~pydantable.DataFrameModel.examples` builds the rows (so a failing
example shrinks towards fewer rows and a small seed, and replays exactly).

Example:
    >>> from hypothesis import given, settings
    >>> from pydantable import DataFrameModel
    >>> from pydantable.testing.strategies import frames
    >>> class T(DataFrameModel):
    ...     id: int
    ...     note: str | None
    >>> @settings(max_examples=5, database=None)
    ... @given(frames(T, max_rows=3))
    ... def check(df):
    ...     assert 0 <= len(df) <= 3
    >>> check()
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from pydantable._dependencies import require

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    from pydantable.model import DataFrameModel

__all__ = ["frames"]

M = TypeVar("M", bound="DataFrameModel")


def frames(
    model: type[M],
    *,
    min_rows: int = 0,
    max_rows: int = 20,
    overrides: Mapping[str, Any] | None = None,
) -> SearchStrategy[M]:
    """A strategy of ``model`` frames with ``min_rows`` to ``max_rows`` valid rows.

    ``overrides`` is passed to ``model.examples`` (use values or callables of
    the row index: the row count varies).

    Raises:
        pydantable.errors.MissingOptionalDependency: hypothesis is not installed
            (``pip install 'pydantable-frames[testing]'``).
        ValueError: ``min_rows``/``max_rows`` are not ``0 <= min_rows <= max_rows``.

    Example:
        >>> from hypothesis import given, settings
        >>> from pydantable import DataFrameModel
        >>> class T(DataFrameModel):
        ...     x: int
        >>> @settings(max_examples=3, database=None)
        ... @given(frames(T, min_rows=1, max_rows=2))
        ... def check(df):
        ...     assert df.height in (1, 2)
        >>> check()
    """
    st: Any = require("hypothesis.strategies", extra="testing")
    if (
        isinstance(min_rows, bool)
        or isinstance(max_rows, bool)
        or not isinstance(min_rows, int)
        or not isinstance(max_rows, int)
        or not 0 <= min_rows <= max_rows
    ):
        msg = f"need 0 <= min_rows <= max_rows, got {min_rows!r} and {max_rows!r}"
        raise ValueError(msg)
    given = dict(overrides) if overrides is not None else None

    def build(n: int, seed: int) -> M:
        return model.examples(n, seed=seed, overrides=given)

    strategy: SearchStrategy[M] = st.builds(
        build, st.integers(min_rows, max_rows), st.integers(0, 2**32 - 1)
    )
    return strategy
