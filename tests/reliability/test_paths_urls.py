"""User-given paths and URLs (issue 18): ``safe_path`` refuses every escape; URL
reads are off unless enabled, http(s) only (redirects included), bounded in
bytes and time. A real HTTP server on 127.0.0.1 plays the hostile side."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from local_http import serve_http
from pydantable.errors import URLNotAllowedError
from pydantable.io import UnsafePathError, safe_path

httpx = pytest.importorskip("httpx")

from pydantable.io.http import (  # noqa: E402
    ALLOW_URL_READS_ENV,
    ALLOWED_HOSTS_ENV,
    MAX_REDIRECTS,
    ResponseTooLargeError,
    fetch_bytes,
    url_reads_allowed,
)

# -- safe_path ----------------------------------------------------------------


@pytest.fixture
def base(tmp_path: Path) -> Path:
    root = tmp_path / "base"
    (root / "reports").mkdir(parents=True)
    (root / "reports" / "a.csv").write_text("x\n1\n")
    (tmp_path / "secret.txt").write_text("secret")
    return root


@pytest.mark.parametrize(
    "user_path",
    [
        "..",
        "../secret.txt",
        "reports/../../secret.txt",
        "/etc/passwd",
        "//etc/passwd",
        "reports\\..\\..\\secret.txt",
        "..\\secret.txt",
        "C:\\Windows\\win.ini",
        "C:/Windows/win.ini",
        "c:secret.txt",
        "\\\\server\\share\\x",
        "reports/a.csv\x00.png",
        "\x00",
        "%2e%2e%2fsecret.txt",
        "%2E%2E/secret.txt",
        "reports%2f..%2f..%2fsecret.txt",
        "..%2fsecret.txt",
        "%252e%252e%252f",
        "%00",
        "",
        "   ",
    ],
)
def test_safe_path_refuses_escapes(base: Path, user_path: str) -> None:
    with pytest.raises(UnsafePathError):
        safe_path(base, user_path)


def test_safe_path_refuses_symlink_escapes(base: Path, tmp_path: Path) -> None:
    (base / "out").symlink_to(tmp_path)
    (base / "reports" / "up").symlink_to("../..")
    (base / "inside").symlink_to(base / "reports")
    for user_path in ("out/secret.txt", "reports/up/secret.txt", "out"):
        with pytest.raises(UnsafePathError, match="outside"):
            safe_path(base, user_path)
    assert safe_path(base, "inside/a.csv") == (base / "reports" / "a.csv").resolve()


def test_safe_path_keeps_ordinary_names(base: Path) -> None:
    root = base.resolve()
    assert safe_path(base, "reports/a.csv") == root / "reports" / "a.csv"
    assert safe_path(base, "100 percent.csv") == root / "100 percent.csv"
    assert safe_path(base, "a%b.csv") == root / "a%b.csv"  # no escape sequence
    assert safe_path(base, "..hidden") == root / "..hidden"
    with pytest.raises(TypeError):
        safe_path(base, b"reports")  # type: ignore[arg-type]


# -- URL reads -----------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._get()

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _get(self) -> None:
        port = self.server.server_address[1]
        path = self.path
        if path == "/ok":
            body = b"id\n1\n"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif path == "/forever":  # streams until the client leaves (at most 20 s)
            self.send_response(200)
            self.end_headers()
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                self.wfile.write(b"x" * 1024)
                self.wfile.flush()
                time.sleep(0.01)
        elif path == "/huge-unsized":
            self.send_response(200)
            self.end_headers()
            for _ in range(200):  # 2 MB, no Content-Length
                self.wfile.write(b"y" * 10_000)
        elif path == "/huge-declared":
            self.send_response(200)
            self.send_header("Content-Length", str(10**12))
            self.end_headers()
        elif path == "/silent":  # headers only after 5 s
            time.sleep(5)
            self.send_response(204)
            self.end_headers()
        elif path.startswith("/to-"):
            targets = {
                "/to-file": "file:///etc/passwd",
                "/to-ftp": "ftp://127.0.0.1/x",
                "/to-gopher": "gopher://127.0.0.1:70/x",
                "/to-data": "data:text/plain,hello",
                "/to-ok": "/ok",
                "/to-localhost": f"http://localhost:{port}/ok",
                "/to-loop": "/to-loop",
            }
            self._redirect(targets[path])
        else:
            self.send_error(404)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve_http(Handler) as base:
        yield base


@pytest.fixture
def enabled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ALLOW_URL_READS_ENV, "1")
    monkeypatch.delenv(ALLOWED_HOSTS_ENV, raising=False)


def test_url_reads_are_off_unless_enabled(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ALLOW_URL_READS_ENV, raising=False)
    assert not url_reads_allowed()
    with pytest.raises(URLNotAllowedError, match=f"set {ALLOW_URL_READS_ENV}=1"):
        fetch_bytes(f"{server}/ok", max_bytes=100, timeout=5)
    for off in ("0", "no", "", "false"):
        monkeypatch.setenv(ALLOW_URL_READS_ENV, off)
        with pytest.raises(URLNotAllowedError):
            fetch_bytes(f"{server}/ok", max_bytes=100, timeout=5)
    monkeypatch.setenv(ALLOW_URL_READS_ENV, "TRUE")
    assert fetch_bytes(f"{server}/ok", max_bytes=100, timeout=5) == b"id\n1\n"


@pytest.mark.usefixtures("enabled")
@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://127.0.0.1/x",
        "gopher://127.0.0.1:70/x",
        "data:text/plain,hello",
        "FILE:///etc/passwd",
        "/etc/passwd",
        "http:///nohost",
    ],
)
def test_only_http_and_https_urls(url: str) -> None:
    with pytest.raises(URLNotAllowedError, match="only http"):
        fetch_bytes(url, max_bytes=100, timeout=5)


@pytest.mark.usefixtures("enabled")
@pytest.mark.parametrize("path", ["/to-file", "/to-ftp", "/to-gopher", "/to-data"])
def test_redirects_to_other_schemes_are_refused(server: str, path: str) -> None:
    with pytest.raises(URLNotAllowedError, match="a redirect from"):
        fetch_bytes(f"{server}{path}", max_bytes=100, timeout=5)


@pytest.mark.usefixtures("enabled")
def test_redirects_within_the_rules_are_followed(server: str) -> None:
    assert fetch_bytes(f"{server}/to-ok", max_bytes=100, timeout=5) == b"id\n1\n"
    with pytest.raises(URLNotAllowedError, match=f"more than {MAX_REDIRECTS}"):
        fetch_bytes(f"{server}/to-loop", max_bytes=100, timeout=5)


@pytest.mark.usefixtures("enabled")
def test_allowed_hosts_cover_redirects(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ALLOWED_HOSTS_ENV, "127.0.0.1")
    assert fetch_bytes(f"{server}/to-ok", max_bytes=100, timeout=5) == b"id\n1\n"
    with pytest.raises(URLNotAllowedError, match="'localhost' is not in"):
        fetch_bytes(f"{server}/to-localhost", max_bytes=100, timeout=5)
    port = server.rsplit(":", 1)[1]
    with pytest.raises(URLNotAllowedError, match="'localhost' is not in"):
        fetch_bytes(f"http://localhost:{port}/ok", max_bytes=100, timeout=5)


@pytest.mark.usefixtures("enabled")
def test_max_bytes_and_timeouts_against_a_hostile_server(server: str) -> None:
    start = time.monotonic()
    with pytest.raises(ResponseTooLargeError, match="Content-Length"):
        fetch_bytes(f"{server}/huge-declared", max_bytes=1000, timeout=5)
    with pytest.raises(ResponseTooLargeError, match="exceeds max_bytes=50000"):
        fetch_bytes(f"{server}/huge-unsized", max_bytes=50_000, timeout=5)
    with pytest.raises(ResponseTooLargeError):  # endless body, small limit
        fetch_bytes(f"{server}/forever", max_bytes=20_000, timeout=5)
    with pytest.raises(TimeoutError):  # endless body, large limit: the deadline
        fetch_bytes(f"{server}/forever", max_bytes=10**9, timeout=0.5)
    with pytest.raises(TimeoutError):
        fetch_bytes(f"{server}/silent", max_bytes=1000, timeout=0.3)
    assert time.monotonic() - start < 15  # bounded, not a timing claim
    assert os.environ[ALLOW_URL_READS_ENV] == "1"
