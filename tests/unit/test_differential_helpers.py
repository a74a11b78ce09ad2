"""The differential-testing helpers detect what they promise to detect."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings

from differential import (
    Wide,
    assert_matches_polars,
    assert_sound,
    example_rows,
    wide_frames,
)


def test_doc_example_and_mismatch_is_detected() -> None:
    w = Wide(example_rows())
    assert_matches_polars(w.filter(w.i > 0), w.to_polars().filter(pl.col("i") > 0))
    with pytest.raises(AssertionError):
        assert_matches_polars(w.filter(w.i > 0), w.to_polars())


def test_unsound_nullability_is_detected() -> None:
    w = Wide(example_rows())
    bad = w.to_polars().with_columns(pl.lit(None, dtype=pl.Int64).alias("i"))
    with pytest.raises(AssertionError, match="non-nullable"):
        assert_sound(w, bad)


@settings(max_examples=25, deadline=None)
@given(wide_frames())
def test_generated_frames_round_trip(frame: Wide) -> None:
    assert_matches_polars(frame, frame.to_polars())
