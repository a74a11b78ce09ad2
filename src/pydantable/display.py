"""How frames show themselves in notebooks: bounded, escaped HTML tables.

A frame's ``_repr_html_`` (what Jupyter renders) materializes at most
``max_rows`` rows, shows at most ``max_cols`` columns and ``max_cell_len``
characters per cell, and escapes every cell and column name, so a large or
hostile frame cannot flood or script the page. The limits come from, in order:
:func:`set_display_options`, the environment (``PYDANTABLE_REPR_HTML_MAX_ROWS``,
``PYDANTABLE_REPR_HTML_MAX_COLS``, ``PYDANTABLE_REPR_HTML_MAX_CELL_LEN``; an
invalid or non-positive value is ignored), the defaults 20 / 40 / 500.

Example:
    >>> from pydantable.display import (
    ...     get_repr_html_limits, reset_display_options, set_display_options)
    >>> set_display_options(max_rows=5)
    >>> get_repr_html_limits()
    ReprHtmlLimits(max_rows=5, max_cols=40, max_cell_len=500)
    >>> reset_display_options()
    >>> get_repr_html_limits().max_rows
    20
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantable.frame._protocol import FrameCore

__all__ = [
    "ReprHtmlLimits",
    "get_repr_html_limits",
    "render_glimpse",
    "render_html",
    "render_text",
    "reset_display_options",
    "set_display_options",
]


@dataclass(frozen=True)
class ReprHtmlLimits:
    """The bounds of a frame's HTML view."""

    max_rows: int = 20
    max_cols: int = 40
    max_cell_len: int = 500


_ENV = {
    "max_rows": "PYDANTABLE_REPR_HTML_MAX_ROWS",
    "max_cols": "PYDANTABLE_REPR_HTML_MAX_COLS",
    "max_cell_len": "PYDANTABLE_REPR_HTML_MAX_CELL_LEN",
}
_overrides: dict[str, int] = {}


def _from_env(name: str, default: int) -> int:
    raw = os.environ.get(_ENV[name])
    if raw is None:
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        return default
    return value if value > 0 else default


def get_repr_html_limits() -> ReprHtmlLimits:
    """The limits in force: overrides, then the environment, then the defaults."""
    defaults = ReprHtmlLimits()
    values = {
        name: _overrides.get(name, _from_env(name, getattr(defaults, name)))
        for name in _ENV
    }
    return replace(defaults, **values)


def set_display_options(
    *,
    max_rows: int | None = None,
    max_cols: int | None = None,
    max_cell_len: int | None = None,
) -> None:
    """Override some limits (``None`` keeps the current value).

    Raises:
        ValueError: "Display limits must be positive integers." for a value
            that is not an integer ≥ 1.
    """
    given = {"max_rows": max_rows, "max_cols": max_cols, "max_cell_len": max_cell_len}
    chosen = {k: v for k, v in given.items() if v is not None}
    for value in chosen.values():
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            msg = "Display limits must be positive integers."
            raise ValueError(msg)
    _overrides.update(chosen)


def reset_display_options() -> None:
    """Drop every override (the environment and the defaults apply again)."""
    _overrides.clear()


def _cell(value: Any, limit: int) -> str:
    text = "null" if value is None else str(value)
    if len(text) > limit:
        text = text[:limit] + "…"
    return html.escape(text)


def _head(frame: FrameCore, shown: list[str], rows: int) -> dict[str, list[Any]]:
    """The first ``rows`` rows of columns ``shown`` (one bounded run of the plan)."""
    if not shown:
        return {}
    head: Any = frame.select(shown).head(rows)
    data: dict[str, list[Any]] = head.to_dict()
    return data


def render_html(
    frame: FrameCore,
    limits: ReprHtmlLimits | None = None,
    *,
    preview: bool = True,
) -> str:
    """The bounded, escaped HTML table of ``frame`` (its first rows only).

    ``preview=False`` (a lazy plan that is not cheap to run) renders the
    header only, with a note instead of rows.

    Example:
        >>> from pydantable import DataFrameModel
        >>> class T(DataFrameModel):
        ...     name: str
        >>> html_text = render_html(T({"name": ["<b>x</b>"]}))
        >>> "&lt;b&gt;x&lt;/b&gt;" in html_text and "<b>x</b>" not in html_text
        True
    """
    limits = limits or get_repr_html_limits()
    names = list(frame.columns)
    shown = names[: limits.max_cols]
    data = _head(frame, shown, limits.max_rows + 1) if preview else {}
    rows = len(next(iter(data.values()))) if data else 0
    more_rows = rows > limits.max_rows
    title = html.escape(type(frame).__name__)
    out = [f'<table class="pydantable"><caption>{title}</caption><thead><tr>']
    out.extend(f"<th>{_cell(name, limits.max_cell_len)}</th>" for name in shown)
    if len(names) > len(shown):
        out.append(f"<th>… {len(names) - len(shown)} more</th>")
    out.append("</tr></thead><tbody>")
    for index in range(min(rows, limits.max_rows)):
        out.append("<tr>")
        out.extend(
            f"<td>{_cell(data[name][index], limits.max_cell_len)}</td>"
            for name in shown
        )
        if len(names) > len(shown):
            out.append("<td>…</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    if not preview:
        out.append(f"<p>{_LAZY_NOTE}</p>")
    elif more_rows:
        out.append(f"<p>showing the first {limits.max_rows} rows</p>")
    return "".join(out)


#: What the views say instead of rows when the plan is not cheap to run.
_LAZY_NOTE = "lazy plan: rows not computed (use .head(n) or .collect())"
#: The text preview shows at most this many rows and characters per cell
#: (and never more than the display limits).
_TEXT_ROWS = 5
_TEXT_CELL = 40
_TEXT_COLS = 32
_GLIMPSE_CELL = 50


def _plain(value: Any, limit: int) -> str:
    text = "null" if value is None else str(value)
    text = text.replace("\n", "\\n").replace("\r", "\\r")
    return text if len(text) <= limit else text[: max(limit - 1, 1)] + "…"


def render_text(
    frame: FrameCore,
    *,
    height: int | None,
    preview: bool,
    limits: ReprHtmlLimits | None = None,
) -> str:
    """The ``repr`` of a frame: class, schema, row count and a head preview.

    ``height`` is the row count when it is known without running anything
    (``None`` prints ``rows=unknown``); ``preview=False`` skips the rows (a
    lazy plan that is not cheap to run). At most 5 rows, 32 schema lines and
    40 characters per cell are shown (fewer if the display limits are lower).

    Example:
        >>> from pydantable import DataFrameModel
        >>> class T(DataFrameModel):
        ...     id: int
        ...     name: str | None
        >>> print(render_text(T({"id": [1, 2], "name": ["a", None]}), height=2, preview=True))
        T(columns=2, rows=2)
          id: Int64
          name: String | None
        <BLANKLINE>
         id | name
        ----+------
         1  | a
         2  | null
    """
    limits = limits or get_repr_html_limits()
    columns = list(frame.schema.columns())
    rows = "unknown" if height is None else str(height)
    lines = [f"{type(frame).__name__}(columns={len(columns)}, rows={rows})"]
    for column in columns[:_TEXT_COLS]:
        null = " | None" if column.nullable else ""
        lines.append(f"  {column.name}: {column.dtype!r}{null}")
    if len(columns) > _TEXT_COLS:
        lines.append(f"  ... {len(columns) - _TEXT_COLS} more")
    if not columns:
        return "\n".join(lines)
    if not preview:
        return "\n".join([*lines, "", _LAZY_NOTE])
    max_rows = min(limits.max_rows, _TEXT_ROWS)
    cell = min(limits.max_cell_len, _TEXT_CELL)
    shown = [c.name for c in columns[: min(limits.max_cols, _TEXT_COLS)]]
    try:
        data = _head(frame, shown, max_rows + 1)
    except Exception as exc:
        return "\n".join([*lines, "", f"preview unavailable: {type(exc).__name__}"])
    count = len(data[shown[0]])
    table = [[_plain(name, cell) for name in shown]]
    table.extend(
        [_plain(data[name][i], cell) for name in shown]
        for i in range(min(count, max_rows))
    )
    if len(shown) < len(columns):
        for row in table:
            row.append("…")
    widths = [max(len(row[j]) for row in table) for j in range(len(table[0]))]
    lines.append("")
    lines.append(
        " "
        + " | ".join(h.ljust(w) for h, w in zip(table[0], widths, strict=True)).rstrip()
    )
    lines.append("-" + "-+-".join("-" * w for w in widths) + "-")
    lines.extend(
        " " + " | ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
        for row in table[1:]
    )
    if count > max_rows:
        lines.append(f"… (showing the first {max_rows} rows)")
    return "\n".join(lines)


#: The short dtype tags ``glimpse`` prints (like Polars' ``<i64>``).
_TAGS = {
    "Int64": "i64",
    "Float64": "f64",
    "Boolean": "bool",
    "String": "str",
    "Binary": "binary",
    "Date": "date",
    "Time": "time",
    "Duration": "duration",
    "Datetime": "datetime",
    "Decimal": "decimal",
}


def _tag(dtype: Any) -> str:
    name: str = dtype.name
    if name == "List":
        return f"list[{_tag(dtype.inner)}]"
    if name == "Struct":
        return f"struct[{len(dtype.fields)}]"
    return _TAGS.get(name, name.lower())


def render_glimpse(
    frame: FrameCore,
    *,
    height: int | None,
    max_items_per_column: int = 10,
    max_colname_length: int = 50,
) -> str:
    """One line per column: name, dtype and its first values (see ``glimpse``).

    Runs the plan for the first ``max_items_per_column`` rows only. Strings
    are quoted (``repr``), each value is cut to 50 characters (or the display
    cell limit, if lower) and each line to 1000 characters.

    Example:
        >>> from pydantable import DataFrameModel
        >>> class T(DataFrameModel):
        ...     id: int
        ...     name: str | None
        >>> print(render_glimpse(T({"id": [1, 2], "name": ["a", None]}), height=2))
        Rows: 2
        Columns: 2
        $ id   <i64> 1, 2
        $ name <str> 'a', None
    """
    if max_items_per_column < 1 or max_colname_length < 1:
        msg = "max_items_per_column and max_colname_length must be ≥ 1"
        raise ValueError(msg)
    cell = min(get_repr_html_limits().max_cell_len, _GLIMPSE_CELL)
    columns = list(frame.schema.columns())
    data = _head(frame, [c.name for c in columns], max_items_per_column)
    rows = "unknown" if height is None else str(height)
    names = [_plain(c.name, max_colname_length) for c in columns]
    tags = [f"<{_tag(c.dtype)}>" for c in columns]
    name_width = max((len(n) for n in names), default=0)
    tag_width = max((len(t) for t in tags), default=0)
    lines = [f"Rows: {rows}", f"Columns: {len(columns)}"]
    for column, name, tag in zip(columns, names, tags, strict=True):
        values = ", ".join(
            "None" if v is None else _plain(repr(v) if isinstance(v, str) else v, cell)
            for v in data[column.name]
        )
        line = f"$ {name.ljust(name_width)} {tag.ljust(tag_width)} {values}".rstrip()
        lines.append(line if len(line) <= 1000 else line[:999] + "…")
    return "\n".join(lines)
