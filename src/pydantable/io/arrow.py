"""PyArrow tables and record batches as column dicts (needs ``pydantable-frames[arrow]``).

Example:
    >>> import pyarrow as pa
    >>> from pydantable.io.arrow import arrow_table_to_column_dict
    >>> arrow_table_to_column_dict(pa.table({"id": [1, 2], "kind": ["a", None]}))
    {'id': [1, 2], 'kind': ['a', None]}
"""

from __future__ import annotations

from typing import Any

from pydantable._dependencies import require

__all__ = ["arrow_table_to_column_dict", "record_batch_to_column_dict"]


def arrow_table_to_column_dict(table: Any) -> dict[str, list[Any]]:
    """``{column: [values]}`` of a ``pyarrow.Table`` (Arrow values as Python objects).

    Example:
        >>> import pyarrow as pa
        >>> arrow_table_to_column_dict(pa.table({"x": [1.5]}))
        {'x': [1.5]}
        >>> arrow_table_to_column_dict({"x": [1]})
        Traceback (most recent call last):
        ...
        TypeError: arrow_table_to_column_dict expects a pyarrow.Table; got dict
    """
    pa = require("pyarrow", extra="arrow")
    if not isinstance(table, pa.Table):
        msg = f"arrow_table_to_column_dict expects a pyarrow.Table; got {type(table).__name__}"
        raise TypeError(msg)
    columns: dict[str, list[Any]] = table.to_pydict()
    return columns


def record_batch_to_column_dict(batch: Any) -> dict[str, list[Any]]:
    """``{column: [values]}`` of a ``pyarrow.RecordBatch``.

    Example:
        >>> import pyarrow as pa
        >>> record_batch_to_column_dict(pa.record_batch({"x": [1, None]}))
        {'x': [1, None]}
    """
    pa = require("pyarrow", extra="arrow")
    if not isinstance(batch, pa.RecordBatch):
        msg = f"record_batch_to_column_dict expects a pyarrow.RecordBatch; got {type(batch).__name__}"
        raise TypeError(msg)
    columns: dict[str, list[Any]] = batch.to_pydict()
    return columns
