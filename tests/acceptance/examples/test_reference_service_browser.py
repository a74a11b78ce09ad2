"""The reference service's page (``/``) and ``/docs`` in headless Chromium.

Chromium (Debian's ``chromium``) takes a screenshot, which must not be blank
(pixel variance), and dumps the rendered DOM, which must hold the key text.
In CI (``CI=true``) a missing chromium fails; locally the tests are skipped.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from browser import run_chromium as run_browser
from conftest import Server

pytestmark = pytest.mark.browser


def run_chromium(*args: str) -> str:
    return run_browser(*args, budget_ms=8000)  # let scripts (Swagger UI) finish


def screenshot(url: str, path: Path, size: str = "1280,1400") -> np.ndarray:
    run_chromium(f"--screenshot={path}", f"--window-size={size}", url)
    with Image.open(path) as image:
        pixels = np.asarray(image.convert("L"), dtype=np.float64)
    assert pixels.shape == tuple(int(v) for v in reversed(size.split(",")))
    return pixels


def test_page_renders_schema_preview_and_plot(
    reference_server: Server, tmp_path: Path
) -> None:
    url = reference_server.base + "/"
    pixels = screenshot(url, tmp_path / "page.png")
    assert pixels.std() > 20, "the page screenshot is blank"
    # the chart's area (below the tables) is drawn, not empty
    assert pixels[900:1400].std() > 10
    dom = run_chromium("--dump-dom", url)
    for text in (
        "pydantable reference service",
        "orders",
        "customers",
        "shipping",
        "Struct(",
        "Preview: first 10 orders",
        "Monthly revenue by region",
        'src="/api/v1/plot.png"',
    ):
        assert text in dom, text
    assert dom.count("<tr>") >= 10 + 12 + 6


def test_page_plot_image_loads(reference_server: Server, tmp_path: Path) -> None:
    # the image alone, as the browser fetches it from the page
    pixels = screenshot(
        reference_server.base + "/api/v1/plot.png", tmp_path / "p.png", "800,400"
    )
    assert pixels.std() > 20


def test_docs_renders_swagger_ui_offline(
    reference_server: Server, tmp_path: Path
) -> None:
    url = reference_server.base + "/docs"
    pixels = screenshot(url, tmp_path / "docs.png")
    assert pixels.std() > 15, "the /docs screenshot is blank"
    dom = run_chromium("--dump-dom", url)
    assert "swagger-ui" in dom
    for text in (
        "pydantable reference service",
        "/api/v1/orders",
        "/api/v1/orders/stream",
        "/api/v1/predict",
        "/api/v1/plot.png",
        "/metrics",
    ):
        assert text in dom, text
