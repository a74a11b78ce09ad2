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
from pydantable.engines.polars.engine import PolarsEngine


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


# -- repr, mimebundle, glimpse ---------------------------------------------------------


def test_repr_shows_class_schema_rows_and_a_head_preview() -> None:
    df = Page({"title": ["a", "b", "c"], "views": [1, None, 3]})
    lines = repr(df).splitlines()
    assert lines[:3] == [
        "Page(columns=2, rows=3)",
        "  title: String",
        "  views: Int64 | None",
    ]
    assert lines[4].split() == ["title", "|", "views"]
    assert [line.split() for line in lines[6:]] == [
        ["a", "|", "1"],
        ["b", "|", "null"],
        ["c", "|", "3"],
    ]


def test_repr_preview_is_bounded_by_the_display_limits() -> None:
    df = Page({"title": ["x" * 100] * 50, "views": list(range(50))})
    text = repr(df)
    assert "rows=50" in text
    assert "… (showing the first 5 rows)" in text
    assert "x" * 40 not in text  # cells cut to 40 characters
    assert "x" * 39 + "…" in text
    set_display_options(max_rows=2, max_cols=1, max_cell_len=5)
    lines = repr(df).splitlines()
    assert "… (showing the first 2 rows)" in lines
    preview = lines[lines.index("") + 1 :]
    assert len(preview) == 2 + 2 + 1  # header, rule, 2 rows, note
    assert preview[0].split() == ["title", "|", "…"]  # views is not shown
    assert preview[2].split()[0] == "xxxx…"


def test_repr_of_an_elementwise_chain_counts_and_previews() -> None:
    df = Page({"title": [str(i) for i in range(100)], "views": list(range(100))})
    text = repr(df.filter(df.views >= 98).select("views"))
    assert "rows=2" in text
    assert [line.split() for line in text.splitlines()[-2:]] == [["98"], ["99"]]


def test_repr_of_a_lazy_plan_does_not_run_it(monkeypatch: pytest.MonkeyPatch) -> None:
    df = Page({"title": ["b", "a"], "views": [1, 2]})
    lazy = df.filter(df.views > 0).sort("title")  # not cheap, height unknown

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("repr ran the plan")

    for name in ("lower", "collect", "count", "batches"):
        monkeypatch.setattr(PolarsEngine, name, refuse)
    text = repr(lazy)
    assert text.splitlines()[0].endswith("(columns=2, rows=unknown)")
    assert "lazy plan: rows not computed" in text
    html_text = lazy._repr_html_()
    assert "<th>title</th>" in html_text
    assert "<td>" not in html_text
    assert "lazy plan: rows not computed" in html_text


def test_repr_escapes_newlines_and_never_raises_on_empty_frames() -> None:
    df = Page({"title": ["two\nlines"], "views": [1]})
    assert "two\\nlines" in repr(df)
    assert repr(Page({"title": [], "views": []})).splitlines()[0] == (
        "Page(columns=2, rows=0)"
    )


def test_mimebundle_has_text_and_html() -> None:
    df = Page({"title": ["<b>x</b>"], "views": [1]})
    bundle = df._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"}
    assert bundle["text/plain"] == repr(df)
    assert bundle["text/html"] == df._repr_html_()
    assert "<b>x</b>" not in bundle["text/html"]
    assert set(df._repr_mimebundle_(include={"text/html"})) == {"text/html"}
    assert set(df._repr_mimebundle_(exclude={"text/html"})) == {"text/plain"}


def test_glimpse_prints_or_returns(capsys: pytest.CaptureFixture[str]) -> None:
    df = Page({"title": ["a", "b", "c"], "views": [1, None, 3]})
    text = df.glimpse(return_as_string=True)
    assert text.splitlines() == [
        "Rows: 3",
        "Columns: 2",
        "$ title <str> 'a', 'b', 'c'",
        "$ views <i64> 1, None, 3",
    ]
    assert df.glimpse() is None
    assert capsys.readouterr().out == text + "\n"


def test_glimpse_is_bounded() -> None:
    class Wide(DataFrameModel):
        a_very_long_column_name: str

    df = Wide({"a_very_long_column_name": ["y" * 200] * 30})
    text = df.glimpse(
        max_items_per_column=3, max_colname_length=6, return_as_string=True
    )
    line = text.splitlines()[2]
    assert line.startswith("$ a_ver… <str> ")
    assert line.count("'y") == 3  # three values only
    assert "y" * 50 not in line  # each value cut to 50 characters
    with pytest.raises(ValueError, match="must be ≥ 1"):
        df.glimpse(max_items_per_column=0)


def test_glimpse_of_a_lazy_plan_runs_only_its_head() -> None:
    df = Page({"title": ["b", "a", "c"], "views": [1, 2, 3]})
    text = (
        df.filter(df.views > 0)
        .sort("title")
        .glimpse(max_items_per_column=2, return_as_string=True)
    )
    assert text.splitlines()[0] == "Rows: unknown"
    assert text.splitlines()[2] == "$ title <str> 'a', 'b'"
