"""Notebook display: bounded, escaped HTML and its limits (overrides > env > defaults)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pydantable import DataFrameModel
from pydantable.display import (
    ReprHtmlLimits,
    get_repr_html_limits,
    reset_display_options,
    set_display_options,
)


class Page(DataFrameModel):
    title: str
    views: int | None


@pytest.fixture(autouse=True)
def _clean(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("ROWS", "COLS", "CELL_LEN"):
        monkeypatch.delenv(f"PYDANTABLE_REPR_HTML_MAX_{name}", raising=False)
    reset_display_options()
    yield
    reset_display_options()


def test_defaults() -> None:
    assert get_repr_html_limits() == ReprHtmlLimits(20, 40, 500)


def test_partial_overrides_keep_the_other_values() -> None:
    set_display_options(max_rows=3)
    set_display_options(max_cell_len=10)
    assert get_repr_html_limits() == ReprHtmlLimits(3, 40, 10)
    reset_display_options()
    assert get_repr_html_limits() == ReprHtmlLimits()


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "3"])
def test_bad_limits_are_refused(bad: object) -> None:
    with pytest.raises(ValueError, match=r"Display limits must be positive integers\."):
        set_display_options(max_cols=bad)  # type: ignore[arg-type]
    assert get_repr_html_limits() == ReprHtmlLimits()


def test_environment_then_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYDANTABLE_REPR_HTML_MAX_ROWS", "7")
    monkeypatch.setenv("PYDANTABLE_REPR_HTML_MAX_COLS", "nope")  # invalid: ignored
    monkeypatch.setenv("PYDANTABLE_REPR_HTML_MAX_CELL_LEN", "0")  # <= 0: ignored
    assert get_repr_html_limits() == ReprHtmlLimits(7, 40, 500)
    set_display_options(max_rows=2)
    assert get_repr_html_limits().max_rows == 2


def test_html_is_escaped_and_bounded() -> None:
    df = Page(
        {"title": ["<script>alert(1)</script>", "x" * 50, "c"], "views": [1, None, 3]}
    )
    set_display_options(max_rows=2, max_cell_len=8)
    html_text = df._repr_html_()
    assert "<script>" not in html_text
    assert "&lt;script" in html_text
    assert "x" * 9 not in html_text
    assert "xxxxxxxx…" in html_text
    assert html_text.count("<tr>") == 3  # header + 2 rows
    assert "showing the first 2 rows" in html_text
    assert "<td>null</td>" in html_text


def test_wide_frames_show_max_cols_columns() -> None:
    df = Page({"title": ["a"], "views": [1]})
    set_display_options(max_cols=1)
    html_text = df._repr_html_()
    assert "<th>title</th>" in html_text
    assert "views" not in html_text
    assert "1 more" in html_text


def test_only_the_shown_rows_are_materialized() -> None:
    df = Page({"title": [str(i) for i in range(1000)], "views": list(range(1000))})
    set_display_options(max_rows=3)
    html_text = df.filter(df.views >= 500)._repr_html_()
    assert html_text.count("<tr>") == 4
    assert "<td>500</td>" in html_text
    assert "<td>503</td>" not in html_text
