"""Frame methods: NumPy and pandas glue for data-science code.

``to_numpy`` (one 2-D numeric array), ``to_pandas``, the NumPy protocol
(``np.asarray(frame)``), their ``a*`` twins, ``Model.from_numpy`` (a 2-D array
as validated rows) and :func:`with_values`, the part of ``with_columns`` that
takes whole columns of values (a NumPy array, a Polars/pandas Series or a
list) aligned by row. Conversions run in :mod:`pydantable.materialize`;
values are recognized and typed by :mod:`pydantable.validation.values` and
validated by the usual ingest.

Example:
    >>> import numpy as np
    >>> from pydantable import DataFrameModel
    >>> class T(DataFrameModel):
    ...     x: int
    ...     y: float
    >>> t = T.from_numpy(np.array([[1, 0.5], [2, 1.5]]))
    >>> t.to_numpy().tolist()
    [[1.0, 0.5], [2.0, 1.5]]
    >>> t.with_columns(pred=np.array([True, False])).to_dict()["pred"]
    [True, False]
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from typing_extensions import Self

from pydantable import materialize
from pydantable._dependencies import require
from pydantable.errors import ColumnLengthMismatchError, ColumnNotFoundError
from pydantable.execution import run_blocking
from pydantable.frame._protocol import FrameMethods

if TYPE_CHECKING:
    import numpy
    import pandas

    from pydantable.frame import BaseFrame
    from pydantable.frame._protocol import FrameCore

__all__ = ["ArrayMethods", "with_values"]


class ArrayMethods(FrameMethods):
    """``to_numpy``/``to_pandas``/``__array__``, ``ato_numpy``/``ato_pandas``
    and ``from_numpy``."""

    __slots__ = ()

    def _array_frame(self, columns: Sequence[str] | None, op: str) -> FrameCore:
        if columns is None:
            return self
        if isinstance(columns, str):
            columns = [columns]
        names = list(columns)
        missing = [c for c in names if c not in self.schema]
        if missing:
            msg = f"{op}(columns=...): no column {missing[0]!r} in {self.columns}"
            raise ColumnNotFoundError(msg)
        if not names:
            msg = f"{op}(columns=[]) needs at least one column"
            raise ValueError(msg)
        return self.select(*names)

    def to_numpy(
        self, *, columns: Sequence[str] | None = None
    ) -> numpy.ndarray[Any, Any]:
        """Run the plan and return one 2-D array, rows × ``columns`` (default: all).

        The columns must be ``int``, ``float`` or ``bool``; the array has their
        common dtype, as Polars' ``DataFrame.to_numpy`` chooses it: ints and
        floats give ``float64``, only ints ``int64``, only bools ``bool``; nulls
        in an int column become NaN (``float64``). Other columns raise
        ``TypeError`` before anything runs: pick numeric ones with ``columns=``,
        or use ``collect(as_numpy=True)`` for one array per column. Needs the
        ``numpy`` extra.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     name: str
            ...     x: int
            ...     y: float
            >>> t = T({"name": ["a", "b"], "x": [1, 2], "y": [0.5, 1.5]})
            >>> t.to_numpy(columns=["x", "y"]).tolist()
            [[1.0, 0.5], [2.0, 1.5]]
            >>> t.to_numpy(columns=["x"]).dtype
            dtype('int64')
        """
        return materialize.to_array(self._array_frame(columns, "to_numpy"))

    def to_pandas(self, *, dtype_backend: str | None = None) -> pandas.DataFrame:
        """Run the plan and return a pandas DataFrame (needs the ``pandas`` extra).

        Args:
            dtype_backend: ``None``: NumPy dtypes, except nullable ``int`` and
                ``bool`` columns, which become pandas' nullable ``Int64`` and
                ``boolean`` (nulls stay ``pd.NA``); ``"pyarrow"``: every column
                an ``ArrowDtype``.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int | None
            ...     y: float
            >>> pdf = T({"x": [1, None], "y": [0.5, 1.5]}).to_pandas()
            >>> [str(t) for t in pdf.dtypes]
            ['Int64', 'float64']
        """
        return materialize.to_pandas(self, dtype_backend=dtype_backend)

    def __array__(
        self, dtype: Any = None, copy: bool | None = None
    ) -> numpy.ndarray[Any, Any]:
        """The NumPy protocol: ``np.asarray(frame)`` is ``frame.to_numpy()``.

        ``dtype`` converts the result; ``copy=False`` raises ``ValueError``
        (the data lives in the engine: an array is always built anew).

        Example:
            >>> import numpy as np
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            >>> np.asarray(T({"x": [1, 2]}), dtype="float32").tolist()
            [[1.0], [2.0]]
        """
        if copy is False:
            msg = (
                "np.asarray(frame, copy=False): a frame's data lives in its engine, "
                "so converting it always builds a new array; use copy=None"
            )
            raise ValueError(msg)
        out = self.to_numpy()
        return out if dtype is None else out.astype(dtype, copy=False)

    async def ato_numpy(
        self,
        *,
        columns: Sequence[str] | None = None,
        executor: concurrent.futures.Executor | None = None,
    ) -> numpy.ndarray[Any, Any]:
        """``to_numpy()`` in a worker thread (see :meth:`acollect`).

        Example:
            >>> import asyncio
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            >>> asyncio.run(T({"x": [1, 2]}).ato_numpy()).tolist()
            [[1], [2]]
        """
        frame = self._array_frame(columns, "ato_numpy")
        return await run_blocking(
            materialize.to_array,
            frame,
            op="ato_numpy",
            mode="async",
            executor=executor,
        )

    async def ato_pandas(
        self,
        *,
        dtype_backend: str | None = None,
        executor: concurrent.futures.Executor | None = None,
    ) -> pandas.DataFrame:
        """``to_pandas()`` in a worker thread (see :meth:`acollect`).

        Example:
            >>> import asyncio
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            >>> asyncio.run(T({"x": [1, 2]}).ato_pandas())["x"].tolist()
            [1, 2]
        """
        return await run_blocking(
            materialize.to_pandas,
            self,
            dtype_backend=dtype_backend,
            op="ato_pandas",
            mode="async",
            executor=executor,
        )

    @classmethod
    def from_numpy(
        cls,
        array: Any,
        *,
        columns: Sequence[str] | None = None,
        **options: Any,
    ) -> Self:
        """Validated rows from a 2-D array: column ``j`` of the array is
        ``columns[j]`` (default: the model's fields, in order).

        Every cell is validated as by the constructor (``options``:
        ``trusted_mode``, ``ignore_errors``, ... as there); a float cell with a
        fraction in an ``int`` column is a ``ValidationError`` located by
        ``(column, row)``. The array is not modified. Needs the ``numpy`` extra.

        Example:
            >>> import numpy as np
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     x: int
            ...     y: float
            >>> T.from_numpy(np.array([[1, 2.5]])).to_dict()
            {'x': [1], 'y': [2.5]}
        """
        np = require("numpy", extra="numpy")
        if not isinstance(array, np.ndarray):
            msg = f"from_numpy() takes a 2-D numpy.ndarray; got {type(array).__name__}"
            raise TypeError(msg)
        if array.ndim != 2:
            msg = (
                f"from_numpy() takes a 2-D array (rows × columns); got shape "
                f"{array.shape}"
            )
            raise ValueError(msg)
        schema = cls.__pydantable_schema__  # type: ignore[attr-defined]
        names = list(schema.names if columns is None else columns)
        if len(names) != array.shape[1]:
            msg = (
                f"from_numpy(): the array has {array.shape[1]} columns, "
                f"{'the model' if columns is None else 'columns='} names "
                f"{len(names)}: {names}"
            )
            raise ValueError(msg)
        if len(set(names)) != len(names):
            msg = f"from_numpy(columns=...) repeats a name: {names}"
            raise ValueError(msg)
        from pydantable.validation.values import prepared

        data = {name: prepared(array[:, j]) for j, name in enumerate(names)}
        return cls(data, **options)  # type: ignore[call-arg]


def with_values(
    frame: BaseFrame, exprs: Sequence[Any], named: Mapping[str, Any]
) -> BaseFrame:
    """``frame.with_columns(*exprs, **named)`` where some items are whole
    columns of values (see :func:`pydantable.validation.values.is_column_values`).

    Each column of values is checked against the frame's height (counted
    when not known, as ``concat(how="horizontal")`` does), validated by
    ingest against the declared column (an existing name) or the column
    inferred from its dtype, and joined to the plan side by side; the
    expressions see the frame's columns as they were, as in Polars.

    Raises:
        ColumnLengthMismatchError: a column of values is not as long as the frame.
        pydantic.ValidationError: a value does not fit the column.
        TypeError: no column type can be inferred for a new column.
        ValueError: an array that is not 1-D, or a Series without a name.
    """
    from pydantable.frame._core import derived_frame
    from pydantable.frame.joins import concat
    from pydantable.schema import FrameSchema
    from pydantable.validation.values import (
        column_for,
        is_column_values,
        one_dimensional,
        prepared,
        series_name,
    )

    values: dict[str, Any] = {}
    rest: list[Any] = []
    for item in exprs:
        if is_column_values(item) and not isinstance(item, list):
            name = series_name(item)
            if name is None:
                msg = (
                    "with_columns(): a positional array or Series needs a name; "
                    "pass it as with_columns(name=values)"
                )
                raise ValueError(msg)
            values[name] = item
        else:
            rest.append(item)
    values.update({k: v for k, v in named.items() if is_column_values(v)})
    height = frame.height
    taken = set(frame.columns) | set(values)
    parts: list[BaseFrame] = []
    temporary: dict[str, str] = {}
    for index, (name, column_values) in enumerate(values.items()):
        length = one_dimensional(column_values, where=f"with_columns({name}=...)")
        if length != height:
            msg = (
                f"with_columns({name}=...): {length} values for a frame of "
                f"{height} rows; a column of values must have one value per row"
            )
            raise ColumnLengthMismatchError(msg)
        column_values = prepared(column_values)
        column = column_for(name, column_values, frame.schema)
        part = derived_frame(FrameSchema([column]))({name: column_values})
        tmp = f"pydantable_values_{index}"
        while tmp in taken:
            tmp += "_"
        taken.add(tmp)
        temporary[name] = tmp
        parts.append(part.rename({name: tmp}))
    joined = concat([frame, *parts], how="horizontal")
    # keyword order is kept: a later keyword may replace an earlier one
    outputs = {
        k: (joined.col(temporary[k]) if k in temporary else v) for k, v in named.items()
    }
    outputs.update(
        {k: joined.col(tmp) for k, tmp in temporary.items() if k not in outputs}
    )
    result = joined.with_columns(*rest, **outputs)
    kept = result.select(*[c for c in result.columns if c not in temporary.values()])
    # the frame's own class when the schema is unchanged (as for expressions)
    return frame._derive(kept._plan, height=kept._height)
