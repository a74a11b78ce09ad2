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
    "render_html",
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


def render_html(frame: FrameCore, limits: ReprHtmlLimits | None = None) -> str:
    """The bounded, escaped HTML table of ``frame`` (its first rows only).

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
    head: Any = frame.select(shown).head(limits.max_rows + 1) if shown else None
    data: dict[str, list[Any]] = head.to_dict() if head is not None else {}
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
    if more_rows:
        out.append(f"<p>showing the first {limits.max_rows} rows</p>")
    return "".join(out)
