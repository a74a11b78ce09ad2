"""Atomic output: every file writer stages beside its target, then renames.

A write goes to a private staging directory next to the target, named
``.{target name}.pydantable-tmp-{host}-{pid}-{random}`` (hidden, and
recognisable as ours). When the output is complete its files are fsynced, it
is renamed over the target with :func:`os.replace` (atomic on one file
system) and the directory entry is fsynced too. Readers, and a machine that
loses power, see the complete old target or the complete new one, never a
partial file. On any exception the staging directory is removed.

A process killed mid-write (SIGKILL, OOM killer, power loss) cannot clean up:
its staging directory stays behind, hidden and harmless (the target is
untouched). The next write to the same target sweeps such leftovers: a
staging directory of that target whose writing process (the ``pid`` in its
name, on this host) is no longer running is removed before the new write
starts. Staging directories of live processes, or of other hosts sharing the
directory, are left alone.

Example:
    >>> import os, tempfile
    >>> from pathlib import Path
    >>> from pydantable.io.atomic import staged_output
    >>> target = Path(tempfile.mkdtemp()) / "out.txt"
    >>> with staged_output(target) as path:
    ...     _ = path.write_text("complete")
    >>> target.read_text(), os.listdir(target.parent)
    ('complete', ['out.txt'])
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import hashlib
import os
import shutil
import socket
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "TEMP_MARKER",
    "commit",
    "is_stale",
    "replace_dir",
    "staged_output",
    "staging_dir",
    "sweep_stale",
    "temp_prefix",
]

#: What every staging name contains: ``.{name}`` + this + ``{host}-{pid}-{random}``.
TEMP_MARKER = ".pydantable-tmp-"

#: This host, shortened (a staging name records where its writer runs).
_HOST = hashlib.sha1(socket.gethostname().encode(), usedforsecurity=False).hexdigest()[
    :8
]


def temp_prefix(target: Path) -> str:
    """The name prefix of every staging directory of ``target``."""
    return f".{target.name}{TEMP_MARKER}"


def _staging_name(target: Path) -> Path:
    return target.with_name(
        f"{temp_prefix(target)}{_HOST}-{os.getpid()}-{uuid.uuid4().hex[:16]}"
    )


def _alive(pid: int) -> bool:
    if sys.platform == "win32":  # os.kill(pid, 0) would signal it: never sweep
        return True
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # a process of another user: alive
        return True
    except OSError:
        return False
    return True


def is_stale(name: str, target: Path) -> bool:
    """Whether ``name`` (an entry beside ``target``) is a staging leftover of
    ``target`` written on this host by a process that is no longer running."""
    prefix = temp_prefix(target)
    if not name.startswith(prefix):
        return False
    parts = name[len(prefix) :].split("-")
    if len(parts) != 3 or parts[0] != _HOST or not parts[1].isdigit():
        return False
    return not _alive(int(parts[1]))


def sweep_stale(target: Path) -> list[Path]:
    """Remove the staging leftovers of ``target`` (see :func:`is_stale`); the
    paths removed. One listing of the target's directory."""
    removed: list[Path] = []
    prefix = temp_prefix(target)
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    for entry in entries:
        if entry.name.startswith(prefix) and is_stale(entry.name, target):
            path = Path(entry.path)
            _remove(path)
            if not os.path.lexists(path):
                removed.append(path)
    return removed


def _remove(path: Path, attempts: int = 5) -> None:
    for _ in range(attempts):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError, IsADirectoryError):
                path.unlink()
        if not os.path.lexists(path):
            return
        time.sleep(0.02)


@contextlib.contextmanager
def staging_dir(target: Path) -> Iterator[Path]:
    """A new private directory beside ``target`` (stale ones swept first);
    removed when the block ends, however it ends."""
    sweep_stale(target)
    staging = _staging_name(target)
    staging.mkdir()
    try:
        yield staging
    finally:
        _remove(staging)


@contextlib.contextmanager
def staged_output(target: str | os.PathLike[str]) -> Iterator[Path]:
    """A private path to write ``target``'s new content to; when the block
    completes the file is fsynced and renamed over ``target``. On an exception
    ``target`` is untouched and the staged file removed."""
    final = Path(target)
    with staging_dir(final) as staging:
        out = staging / final.name
        yield out
        commit(out, final)


def _fsync_path(path: Path, *, directory: bool) -> None:
    flags = os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        if directory:  # some platforms cannot open directories: nothing to sync
            return
        raise
    try:
        os.fsync(fd)
    except OSError as exc:
        if not directory or exc.errno not in (errno.EINVAL, errno.EBADF):
            raise
    finally:
        os.close(fd)


def _fsync_tree(path: Path) -> None:
    """fsync ``path``: a file, or a directory tree (files first, then directories)."""
    if not path.is_dir():
        _fsync_path(path, directory=False)
        return
    for root, _dirs, files in os.walk(path, topdown=False):
        for name in files:
            _fsync_path(Path(root) / name, directory=False)
        _fsync_path(Path(root), directory=True)


def commit(staged: Path, target: Path) -> None:
    """fsync ``staged`` (a file or a directory tree), rename it over ``target``
    and fsync ``target``'s directory. A directory over an existing directory is
    swapped with :func:`replace_dir`."""
    _fsync_tree(staged)
    if staged.is_dir() and target.is_dir():
        replace_dir(staged, target, staged.parent / ".old")
    else:
        os.replace(staged, target)
    _fsync_path(target.parent, directory=True)


# -- directories ---------------------------------------------------------------
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _renameat2() -> object | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function


_EXCHANGE = _renameat2()


def _exchange(a: Path, b: Path) -> bool:
    """Swap ``a`` and ``b`` atomically (Linux ``renameat2``); False if unsupported."""
    if _EXCHANGE is None:
        return False
    result = _EXCHANGE(  # type: ignore[operator]
        _AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(b))


def replace_dir(new: Path, target: Path, old: Path) -> None:
    """Put directory ``new`` at ``target``. An existing ``target`` is swapped
    atomically where the OS can (Linux ``RENAME_EXCHANGE``) and otherwise moved
    to ``old`` first (rename, rename); the old tree ends at ``old``, to be
    removed with the staging directory."""
    if target.exists():
        if not target.is_dir():
            msg = f"{target} exists and is not a directory"
            raise FileExistsError(msg)
        if _exchange(new, target):
            os.replace(new, old)  # the old tree, now at ``new``
            return
        os.replace(target, old)
        try:
            os.replace(new, target)
        except BaseException:
            os.replace(old, target)
            raise
        return
    os.replace(new, target)
