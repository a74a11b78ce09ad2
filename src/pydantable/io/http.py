"""HTTP sources (extra ``cloud``): bounded downloads, validated reads, no temp leaks.

Every call takes a mandatory ``max_bytes`` (the body is streamed and the
download stops with :class:`ResponseTooLargeError` as soon as it would exceed
it, whatever ``Content-Length`` claims) and a mandatory ``timeout`` in seconds
(a deadline for the whole download, not only per read: a server that trickles
bytes is cut off with ``TimeoutError``; as a blocked read is itself bounded by
``timeout``, a call never takes much more than twice ``timeout``). Only ``http://`` and ``https://`` URLs
are fetched. Temporary files are removed before a function returns (or when a
``*_ctx`` context exits), on success and on error.

URL reads are **off unless enabled**: set the environment variable
``PYDANTABLE_ALLOW_URL_READS=1`` (a service deciding to fetch what users name
must opt in). ``PYDANTABLE_URL_ALLOWED_HOSTS`` (comma-separated host names)
restricts the hosts; redirects (at most :data:`MAX_REDIRECTS`) are followed one
by one, each checked like the first URL: a redirect to ``file:``, ``ftp:``,
``data:`` ... or to a host not allowed is refused with
:class:`~pydantable.errors.URLNotAllowedError`.

Example:
    >>> import os
    >>> os.environ.pop(ALLOW_URL_READS_ENV, None)
    >>> try:
    ...     fetch_bytes("http://127.0.0.1:9/x", max_bytes=10, timeout=1)
    ... except URLNotAllowedError as exc:
    ...     print(exc)
    URL reads are off: set PYDANTABLE_ALLOW_URL_READS=1 to enable them (http://127.0.0.1:9/x)
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import io
import os
import shutil
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar
from urllib.parse import urljoin, urlsplit

from pydantic_core import ValidationError

from pydantable._dependencies import install_hint
from pydantable.errors import (
    InvalidSourceError,
    MissingOptionalDependency,
    URLNotAllowedError,
)
from pydantable.execution import run_blocking
from pydantable.io.file_functions import materialize
from pydantable.io.locate import relabel_files

if TYPE_CHECKING:
    from pydantable.frame import BaseFrame

__all__ = [
    "ALLOWED_HOSTS_ENV",
    "ALLOW_URL_READS_ENV",
    "MAX_REDIRECTS",
    "ResponseTooLargeError",
    "URLNotAllowedError",
    "aread_parquet_url",
    "aread_parquet_url_ctx",
    "fetch_bytes",
    "fetch_csv_url",
    "fetch_ndjson_url",
    "fetch_parquet_url",
    "read_parquet_url",
    "read_parquet_url_ctx",
    "url_reads_allowed",
]

#: Set to ``1``, ``true`` or ``yes`` to enable URL reads (off by default).
ALLOW_URL_READS_ENV = "PYDANTABLE_ALLOW_URL_READS"
#: Comma-separated host names URL reads may reach (unset or empty: any host).
ALLOWED_HOSTS_ENV = "PYDANTABLE_URL_ALLOWED_HOSTS"
#: Redirects followed at most per download.
MAX_REDIRECTS = 5

FrameT = TypeVar("FrameT", bound="BaseFrame")


class ResponseTooLargeError(ValueError):
    """A download that would exceed its ``max_bytes`` limit."""


def url_reads_allowed() -> bool:
    """Whether ``PYDANTABLE_ALLOW_URL_READS`` enables URL reads (``1``, ``true``
    or ``yes``, any case).

    Example:
        >>> import os
        >>> os.environ[ALLOW_URL_READS_ENV] = "yes"
        >>> url_reads_allowed()
        True
        >>> del os.environ[ALLOW_URL_READS_ENV]
        >>> url_reads_allowed()
        False
    """
    value = os.environ.get(ALLOW_URL_READS_ENV, "")
    return value.strip().lower() in ("1", "true", "yes")


def _allowed_hosts() -> frozenset[str]:
    value = os.environ.get(ALLOWED_HOSTS_ENV, "")
    return frozenset(h.strip().lower() for h in value.split(",") if h.strip())


def _check_url(url: str, *, redirect_from: str | None = None) -> None:
    """Refuse ``url`` unless it is http(s), URL reads are on and its host allowed."""
    via = "" if redirect_from is None else f" (a redirect from {redirect_from!r})"
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        msg = f"only http:// and https:// URLs are fetched; got {url!r}{via}"
        raise URLNotAllowedError(msg)
    if not url_reads_allowed():
        msg = f"URL reads are off: set {ALLOW_URL_READS_ENV}=1 to enable them ({url})"
        raise URLNotAllowedError(msg)
    hosts = _allowed_hosts()
    if hosts and parts.hostname.lower() not in hosts:
        msg = (
            f"host {parts.hostname!r} is not in {ALLOWED_HOSTS_ENV}"
            f" ({', '.join(sorted(hosts))}){via}"
        )
        raise URLNotAllowedError(msg)


def _check_limits(url: str, max_bytes: int, timeout: float) -> None:
    _check_url(url)
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 0:
        msg = f"max_bytes must be a non-negative int; got {max_bytes!r}"
        raise ValueError(msg)
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, int | float)
        or timeout <= 0
    ):
        msg = f"timeout must be a positive number of seconds; got {timeout!r}"
        raise ValueError(msg)


def _download(
    url: str,
    sink: IO[bytes],
    *,
    max_bytes: int,
    timeout: float,
    headers: dict[str, str] | None,
) -> int:
    """Stream ``url`` into ``sink``; returns the byte count."""
    _check_limits(url, max_bytes, timeout)
    try:
        import httpx
    except ImportError as exc:  # pragma: no cover - the http extra is missing
        msg = f"HTTP sources need httpx: {install_hint('http')}"
        raise MissingOptionalDependency(msg) from exc
    deadline = time.monotonic() + timeout
    try:
        with httpx.Client(timeout=httpx.Timeout(timeout)) as client:
            current = url
            for _ in range(MAX_REDIRECTS + 1):
                with client.stream("GET", current, headers=headers) as response:
                    if not response.is_redirect:
                        return _receive(
                            response,
                            sink,
                            url,
                            max_bytes=max_bytes,
                            timeout=timeout,
                            deadline=deadline,
                        )
                    target = urljoin(current, response.headers.get("location", ""))
                _check_url(target, redirect_from=current)
                if time.monotonic() > deadline:
                    msg = f"{url}: download did not finish within {timeout} s"
                    raise TimeoutError(msg)
                current = target
            msg = f"{url}: more than {MAX_REDIRECTS} redirects"
            raise URLNotAllowedError(msg)
    except httpx.TimeoutException as exc:
        msg = f"{url}: no response within {timeout} s"
        raise TimeoutError(msg) from exc
    except httpx.InvalidURL as exc:
        # the URL itself was checked: httpx refused the Location it redirects to
        msg = f"an invalid redirect target ({exc}): a redirect from {url!r}"
        raise URLNotAllowedError(msg) from None


def _receive(
    response: Any,
    sink: IO[bytes],
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    deadline: float,
) -> int:
    """Stream a (non-redirect) ``response`` into ``sink``; returns the byte count."""
    response.raise_for_status()
    declared = response.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        msg = f"{url}: Content-Length {declared} exceeds max_bytes={max_bytes}"
        raise ResponseTooLargeError(msg)
    total = 0
    for chunk in response.iter_raw():  # as received: the deadline is checked
        total += len(chunk)
        if total > max_bytes:
            msg = f"{url}: response body exceeds max_bytes={max_bytes}"
            raise ResponseTooLargeError(msg)
        if time.monotonic() > deadline:
            msg = f"{url}: download did not finish within {timeout} s"
            raise TimeoutError(msg)
        sink.write(chunk)
    return total


def fetch_bytes(
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    headers: dict[str, str] | None = None,
) -> bytes:
    """The body of ``url`` (GET), at most ``max_bytes`` long, within ``timeout`` s.

    Raises:
        ResponseTooLargeError: the body is (or claims to be) over ``max_bytes``.
        TimeoutError: the server did not answer or finish in time.
        httpx.HTTPStatusError: a 4xx/5xx response.
        ValueError: a non-HTTP URL or invalid limits.
    """
    buffer = io.BytesIO()
    _download(url, buffer, max_bytes=max_bytes, timeout=timeout, headers=headers)
    return buffer.getvalue()


@contextlib.contextmanager
def _downloaded(
    url: str,
    suffix: str,
    *,
    max_bytes: int,
    timeout: float,
    headers: dict[str, str] | None,
) -> Iterator[Path]:
    """A private temporary copy of ``url``, removed on exit."""
    folder = Path(tempfile.mkdtemp(prefix="pydantable-url-"))
    try:
        path = folder / f"body{suffix}"
        with path.open("wb") as sink:
            _download(url, sink, max_bytes=max_bytes, timeout=timeout, headers=headers)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _fetch(
    fmt: str, url: str, model: Any, options: dict[str, Any]
) -> dict[str, list[Any]]:
    limits = {k: options.pop(k) for k in ("max_bytes", "timeout", "headers")}
    with _downloaded(url, f".{fmt}", **limits) as path:
        try:
            return materialize(fmt, path, model=model, **options)
        except ValidationError as exc:
            raise _renamed(exc, path, url) from None
        except InvalidSourceError as exc:
            raise _named(exc, url) from exc.__cause__


def _named(exc: InvalidSourceError, url: str) -> InvalidSourceError:
    """``exc`` naming the URL instead of its temporary download."""
    return InvalidSourceError(source=url, format=exc.format, reason=exc.reason)


def _renamed(exc: ValidationError, path: Path, url: str) -> ValidationError:
    return relabel_files(exc, {str(path): url})


def fetch_parquet_url(
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    model: type[BaseFrame] | None = None,
    headers: dict[str, str] | None = None,
    **kwargs: Any,
) -> dict[str, list[Any]]:
    """Download a Parquet file and read it into ``{column: [values]}``
    (validated with ``model``: errors name the URL in ``ctx["file"]``)."""
    options = {"max_bytes": max_bytes, "timeout": timeout, "headers": headers, **kwargs}
    return _fetch("parquet", url, model, options)


def fetch_csv_url(
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    model: type[BaseFrame] | None = None,
    headers: dict[str, str] | None = None,
    **kwargs: Any,
) -> dict[str, list[Any]]:
    """Like :func:`fetch_parquet_url` for CSV."""
    options = {"max_bytes": max_bytes, "timeout": timeout, "headers": headers, **kwargs}
    return _fetch("csv", url, model, options)


def fetch_ndjson_url(
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    model: type[BaseFrame] | None = None,
    headers: dict[str, str] | None = None,
    **kwargs: Any,
) -> dict[str, list[Any]]:
    """Like :func:`fetch_parquet_url` for newline-delimited JSON."""
    options = {"max_bytes": max_bytes, "timeout": timeout, "headers": headers, **kwargs}
    return _fetch("ndjson", url, model, options)


def read_parquet_url(
    url: str,
    model: type[FrameT],
    *,
    max_bytes: int,
    timeout: float,
    headers: dict[str, str] | None = None,
    **read_kwargs: Any,
) -> FrameT:
    """Download, validate and load a Parquet file as an in-memory ``model`` frame.

    Unlike a lazy scan the data is read before returning, so the temporary file
    is already gone (use :func:`read_parquet_url_ctx` to keep the scan lazy).
    """
    with read_parquet_url_ctx(
        url, model, max_bytes=max_bytes, timeout=timeout, headers=headers, **read_kwargs
    ) as lazy:
        try:
            data = lazy.to_polars()
        except ValidationError as exc:
            raise _renamed(exc, _source_of(lazy), url) from None
        except InvalidSourceError as exc:
            raise _named(exc, url) from exc.__cause__
    return type(lazy)(data, trusted_mode="strict")


def _source_of(frame: BaseFrame) -> Path:
    return Path(str(frame._plan.data.source))  # type: ignore[attr-defined]


@contextlib.contextmanager
def read_parquet_url_ctx(
    url: str,
    model: type[FrameT],
    *,
    max_bytes: int,
    timeout: float,
    headers: dict[str, str] | None = None,
    **read_kwargs: Any,
) -> Iterator[FrameT]:
    """A lazy ``model.read_parquet`` scan of a downloaded copy of ``url``; the copy
    is deleted when the ``with`` block exits (materialize inside it)."""
    with _downloaded(
        url, ".parquet", max_bytes=max_bytes, timeout=timeout, headers=headers
    ) as path:
        try:
            frame = model.read_parquet(path, **read_kwargs)
        except InvalidSourceError as exc:
            raise _named(exc, url) from exc.__cause__
        yield frame


@contextlib.asynccontextmanager
async def aread_parquet_url_ctx(
    url: str,
    model: type[FrameT],
    *,
    max_bytes: int,
    timeout: float,
    headers: dict[str, str] | None = None,
    **read_kwargs: Any,
) -> AsyncIterator[FrameT]:
    """:func:`read_parquet_url_ctx` with the download in a worker thread."""
    folder = Path(await run_blocking(tempfile.mkdtemp, prefix="pydantable-url-"))
    try:
        path = folder / "body.parquet"

        def fetch() -> FrameT:
            with path.open("wb") as sink:
                _download(
                    url, sink, max_bytes=max_bytes, timeout=timeout, headers=headers
                )
            try:
                frame: FrameT = model.read_parquet(path, **read_kwargs)
            except InvalidSourceError as exc:
                raise _named(exc, url) from exc.__cause__
            return frame

        yield await run_blocking(fetch)
    finally:
        await run_blocking(shutil.rmtree, folder, ignore_errors=True)


async def aread_parquet_url(
    url: str,
    model: type[FrameT],
    *,
    max_bytes: int,
    timeout: float,
    headers: dict[str, str] | None = None,
    executor: concurrent.futures.Executor | None = None,
    **read_kwargs: Any,
) -> FrameT:
    """:func:`read_parquet_url` in ``executor`` or a worker thread (the loop never
    blocks on the download or the read).

    Example:
        >>> import asyncio
        >>> from pydantable import DataFrameModel
        >>> class Ev(DataFrameModel):
        ...     id: int
        >>> asyncio.run(aread_parquet_url("ftp://x/ev.parquet", Ev, max_bytes=1, timeout=1))
        Traceback (most recent call last):
        ...
        pydantable.errors.URLNotAllowedError: only http:// and https:// URLs are fetched; got 'ftp://x/ev.parquet'
    """
    frame: FrameT = await run_blocking(
        read_parquet_url,
        url,
        model,
        max_bytes=max_bytes,
        timeout=timeout,
        headers=headers,
        executor=executor,
        **read_kwargs,
    )
    return frame
