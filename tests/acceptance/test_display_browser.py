"""A 1M-row frame's ``_repr_html_`` rendered by headless Chromium.

The page must hold only the bounded preview (rows counted in the dumped DOM),
HTML inside cells must stay text (no element, no script run), and the
screenshot must not be blank. In CI (``CI=true``) a missing chromium fails;
locally the test is skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from browser import run_chromium
from pydantable import DataFrameModel
from pydantable.display import reset_display_options

pytestmark = pytest.mark.browser

ROWS = 1_000_000


class Event(DataFrameModel):
    id: int
    label: str
    note: str | None


def test_a_million_row_frame_renders_a_bounded_escaped_preview(tmp_path: Path) -> None:
    reset_display_options()
    hostile = ["<script>alert(1)</script>", "<b>x</b>"]
    labels = [*hostile, *(f"row{i}" for i in range(2, ROWS))]
    df = Event(
        {
            "id": range(ROWS),
            "label": labels,
            "note": [None, *hostile, *[None] * (ROWS - 3)],
        },
        trusted_mode="shape_only",
    )
    assert len(df) == ROWS
    body = df._repr_html_()
    assert len(body) < 20_000  # bounded, whatever the height
    page = tmp_path / "frame.html"
    page.write_text(
        f"<!doctype html><html><head><meta charset='utf-8'><title>t</title></head>"
        f"<body>{body}<div id='done'>rendered</div></body></html>",
        encoding="utf-8",
    )
    url = page.as_uri()
    dom = run_chromium("--dump-dom", url)
    assert "rendered" in dom
    rows = re.findall(r"<tr>", dom)
    assert len(rows) == 21  # the header and the 20 preview rows, not 1M
    assert dom.count("<td>row") == 18
    assert "showing the first 20 rows" in dom
    # the cells' HTML is text: escaped in the DOM, no element, no script ran
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom
    assert "&lt;b&gt;x&lt;/b&gt;" in dom
    assert "<b>" not in dom
    assert "<script" not in dom
    shot = tmp_path / "frame.png"
    run_chromium(f"--screenshot={shot}", "--window-size=900,900", url)
    assert shot.stat().st_size > 0
    with Image.open(shot) as image:
        pixels = np.asarray(image.convert("L"), dtype=np.float64)
    assert pixels.shape == (900, 900)
    assert pixels.std() > 10, "the screenshot is blank"
