"""``safe_path``: resolve a caller-supplied relative path inside a base directory.

For service routes that take a path (``?file=reports/2026.parquet``): the result
is always inside ``base_dir``, whatever the input: ``..`` segments, absolute
paths, drive letters, backslashes, NUL bytes, percent-encoded characters
(``%2e%2e%2f``: a later decoding would make them ``../``) and symlinks that lead
out of ``base_dir`` are rejected with :class:`UnsafePathError` (a ``ValueError``).

Example:
    >>> import os, tempfile
    >>> from pydantable.io import UnsafePathError, safe_path
    >>> base = tempfile.mkdtemp()
    >>> str(safe_path(base, "reports/2026.parquet")) == os.path.join(
    ...     os.path.realpath(base), "reports", "2026.parquet"
    ... )
    True
    >>> try:
    ...     safe_path(base, "../etc/passwd")
    ... except UnsafePathError as exc:
    ...     print(exc)
    path '../etc/passwd' must not contain '..'
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath, PureWindowsPath
from urllib.parse import unquote

__all__ = ["UnsafePathError", "safe_path"]


class UnsafePathError(ValueError):
    """A user-supplied path that would leave its base directory."""


def safe_path(base_dir: str | os.PathLike[str], user_path: str) -> Path:
    """``base_dir / user_path``, resolved, guaranteed to stay inside ``base_dir``.

    ``base_dir`` must exist. Symlinks are resolved (in ``base_dir`` and below),
    so a link pointing outside is rejected; links that stay inside are allowed.
    The check is made when called: a link created afterwards is not seen, so
    call it right before opening the file.

    Raises:
        UnsafePathError: empty paths, ``..`` segments, absolute or drive paths,
            backslashes, NUL bytes, percent-encoded characters, or a resolved
            path outside ``base_dir``.
        FileNotFoundError: ``base_dir`` does not exist.
        TypeError: ``user_path`` is not a string.
    """
    if not isinstance(user_path, str):
        msg = f"user_path must be a str; got {type(user_path).__name__}"
        raise TypeError(msg)
    if not user_path or user_path.strip() == "":
        msg = "path must not be empty"
        raise UnsafePathError(msg)
    if "%" in user_path and unquote(user_path) != user_path:
        # a server may decode it (again) later: %2e%2e%2f is ../
        msg = f"path {user_path!r} must not be percent-encoded"
        raise UnsafePathError(msg)
    if "\x00" in user_path:
        msg = "path must not contain NUL bytes"
        raise UnsafePathError(msg)
    if "\\" in user_path:
        msg = f"path {user_path!r} must use '/' separators, not backslashes"
        raise UnsafePathError(msg)
    windows = PureWindowsPath(user_path)
    if PurePosixPath(user_path).is_absolute() or windows.drive or windows.root:
        msg = f"path {user_path!r} must be relative"
        raise UnsafePathError(msg)
    if ".." in PurePosixPath(user_path).parts:
        msg = f"path {user_path!r} must not contain '..'"
        raise UnsafePathError(msg)
    base = Path(base_dir).resolve(strict=True)
    if not base.is_dir():
        msg = f"base_dir {base_dir!s} is not a directory"
        raise NotADirectoryError(msg)
    resolved = (base / user_path).resolve(strict=False)
    if resolved != base and base not in resolved.parents:
        msg = f"path {user_path!r} resolves outside its base directory"
        raise UnsafePathError(msg)
    return resolved
