"""Object stores through fsspec (extra ``cloud``): ``s3://``, ``gs://``, ``file://``,
``memory://`` and any other fsspec protocol.

:func:`read_from_object_store` copies the object(s) into a private temporary
directory (at most ``max_bytes`` in total, checked before and while copying),
reads them with the same validation as ``Model.read_*`` and removes the copy
before returning. Validation errors name the object URI in ``ctx["file"]``.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, TypeVar, overload

from pydantic_core import ValidationError

from pydantable._dependencies import install_hint
from pydantable.errors import MissingOptionalDependency
from pydantable.io.file_functions import materialize
from pydantable.io.http import ResponseTooLargeError
from pydantable.io.locate import relabel_files

if TYPE_CHECKING:
    from pydantable.frame import BaseFrame

__all__ = ["read_from_object_store"]

FrameT = TypeVar("FrameT", bound="BaseFrame")
# URI scheme → the extra installing fsspec's implementation of it.
_PROVIDER_EXTRAS = {
    "s3": "s3",
    "s3a": "s3",
    "gs": "gcs",
    "gcs": "gcs",
    "az": "azure",
    "abfs": "azure",
    "abfss": "azure",
    "adl": "azure",
}
_SUFFIXES = {
    ".parquet": "parquet",
    ".pq": "parquet",
    ".csv": "csv",
    ".ndjson": "ndjson",
    ".jsonl": "ndjson",
    ".json": "json",
    ".ipc": "ipc",
    ".arrow": "ipc",
    ".feather": "ipc",
}
_CHUNK = 1 << 20


@overload
def read_from_object_store(
    uri: str,
    *,
    max_bytes: int,
    model: None = None,
    format: str | None = None,
    storage_options: dict[str, Any] | None = None,
    **read_kwargs: Any,
) -> dict[str, list[Any]]: ...


@overload
def read_from_object_store(
    uri: str,
    *,
    max_bytes: int,
    model: type[FrameT],
    format: str | None = None,
    storage_options: dict[str, Any] | None = None,
    **read_kwargs: Any,
) -> FrameT: ...


def read_from_object_store(
    uri: str,
    *,
    max_bytes: int,
    model: type[BaseFrame] | None = None,
    format: str | None = None,
    storage_options: dict[str, Any] | None = None,
    **read_kwargs: Any,
) -> Any:
    """Read an object (or a glob of objects) from an fsspec URI.

    Args:
        uri: ``s3://bucket/key.parquet``, ``s3://bucket/prefix/*.parquet``, ...
        max_bytes: the most bytes copied in total (mandatory).
        model: validate into an in-memory frame of this model; without it the
            result is ``{column: [values]}`` with the file's own dtypes.
        format: ``parquet``/``csv``/``ndjson``/``json``/``ipc``; by default from
            the URI's suffix.
        storage_options: passed to ``fsspec.filesystem`` (credentials,
            ``endpoint_url`` via ``client_kwargs``, ...).
        read_kwargs: ``columns=``, ``trusted_mode=`` and scan options.

    Raises:
        ResponseTooLargeError: the objects are over ``max_bytes``.
        FileNotFoundError: nothing matches ``uri``.
        pydantic.ValidationError: invalid cells (``ctx["file"]`` is the object URI).
    """
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 0:
        msg = f"max_bytes must be a non-negative int; got {max_bytes!r}"
        raise ValueError(msg)
    fmt = format or _SUFFIXES.get(PurePosixPath(uri.split("?")[0]).suffix.lower())
    if fmt is None or fmt not in set(_SUFFIXES.values()):
        msg = f"cannot tell the format of {uri!r}; pass format= (one of {sorted(set(_SUFFIXES.values()))})"
        raise ValueError(msg)
    try:
        import fsspec
    except ImportError as exc:  # pragma: no cover - the io/cloud extras are missing
        msg = (
            f"object stores need fsspec: {install_hint('io')} (local and memory://), "
            f"or the provider's extra: {install_hint('s3')}, 'gcs', 'azure' or 'cloud'"
        )
        raise MissingOptionalDependency(msg) from exc
    try:
        fs, path = fsspec.core.url_to_fs(uri, **(storage_options or {}))
    except ImportError as exc:  # fsspec knows the protocol, its package is missing
        scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
        extra = _PROVIDER_EXTRAS.get(scheme, "cloud")
        msg = f"{uri!r}: {exc} ({install_hint(extra)})"
        raise MissingOptionalDependency(msg) from exc
    protocol = fs.protocol[0] if isinstance(fs.protocol, tuple | list) else fs.protocol
    keys = sorted(fs.glob(path)) if fsspec.core.has_magic(path) else [path]
    if not keys or not all(fs.isfile(k) for k in keys):
        msg = f"no object matches {uri!r}"
        raise FileNotFoundError(msg)
    sizes = [fs.size(k) or 0 for k in keys]
    if sum(sizes) > max_bytes:
        msg = f"{uri}: {sum(sizes)} bytes exceed max_bytes={max_bytes}"
        raise ResponseTooLargeError(msg)
    folder = Path(tempfile.mkdtemp(prefix="pydantable-store-"))
    try:
        names: dict[str, str] = {}
        budget = max_bytes
        for i, key in enumerate(keys):
            local = folder / f"{i:06d}.{fmt}"
            budget -= _copy(fs, key, local, budget, uri)
            names[str(local)] = key if "://" in key else f"{protocol}://{key}"
        sources = [str(p) for p in names] if len(names) > 1 else next(iter(names))
        return _read(fmt, sources, model, read_kwargs, names)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _copy(fs: Any, key: str, local: Path, budget: int, uri: str) -> int:
    copied = 0
    with fs.open(key, "rb") as src, local.open("wb") as out:
        while block := src.read(_CHUNK):
            copied += len(block)
            if copied > budget:  # the object grew since its size was listed
                msg = f"{uri}: objects exceed max_bytes"
                raise ResponseTooLargeError(msg)
            out.write(block)
    return copied


def _read(
    fmt: str,
    sources: Any,
    model: type[BaseFrame] | None,
    read_kwargs: dict[str, Any],
    names: dict[str, str],
) -> Any:
    try:
        if model is None:
            return materialize(fmt, sources, **read_kwargs)
        lazy = getattr(model, f"read_{fmt}")(sources, **read_kwargs)
        return type(lazy)(lazy.to_polars(), trusted_mode="strict")
    except ValidationError as exc:
        raise relabel_files(exc, names) from None
