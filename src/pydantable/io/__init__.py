"""File I/O: lazy, validated scans and atomic writers.

``Model.read_parquet``/``read_csv``/``read_ndjson``/``read_json``/``read_ipc`` are
lazy roots (validated as they are read); ``frame.write_*`` sink a plan to a file
without going through Python objects.
"""

from __future__ import annotations

from pydantable.io.scan import FORMATS, ScanTable

__all__ = ["FORMATS", "ScanTable"]
