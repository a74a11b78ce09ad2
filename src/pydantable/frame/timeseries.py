"""Frame methods: rolling and dynamic-window aggregation.

``rolling_agg`` adds a column aggregating a range window ``[t - size, t]`` of
the ``on`` column's values (per ``by`` group); ``group_by_dynamic`` groups rows
into time windows (``every``/``period``/``offset``) whose keys are the window
**start** labels, on ``date``, ``datetime`` and ``int`` indexes. On an ``int``
index a duration string (``"2h"``, ``"90s"``, ``"1d"``) is a number of
seconds, as in the original (an int is a plain value distance).

Example:
    >>> import datetime as dt
    >>> from pydantable import DataFrameModel
    >>> class Tick(DataFrameModel):
    ...     day: dt.date
    ...     qty: int
    >>> t = Tick({"day": [dt.date(2024, 1, 1), dt.date(2024, 1, 2), dt.date(2024, 1, 9)],
    ...           "qty": [1, 2, 3]})
    >>> t.group_by_dynamic("day", every="1w").agg(total=("sum", "qty")).to_dict()
    {'day': [datetime.date(2024, 1, 1), datetime.date(2024, 1, 8)], 'total': [3, 3]}
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pydantable import dtypes as dt
from pydantable.errors import ColumnNotFoundError
from pydantable.frame._protocol import FrameCore, FrameMethods
from pydantable.frame.grouping import aggregation_outputs
from pydantable.plan.timeseries import (
    GroupByDynamic,
    RollingAgg,
    dynamic_schema,
    rolling_schema,
)
from pydantable.schema import Column

if TYPE_CHECKING:
    from pydantable.frame import BaseFrame

__all__ = ["DynamicGroupBy", "TimeSeriesMethods"]

ROLLING_OPS = ("sum", "mean", "min", "max", "count", "std", "var", "median")
_DURATION = re.compile(r"^(\d+(ns|us|ms|s|m|h|d|w|mo|q|y))+$")
_INDEX = (dt.Int64, dt.Date, dt.Datetime)
_CLOSED = ("left", "right", "both", "none")
_LABELS = ("left", "right", "datapoint")
_START_BY = (
    "window", "datapoint", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday",
)  # fmt: skip


#: Seconds per unit of a duration string on an int index (the original's units).
_INT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _int_seconds(value: str) -> int | None:
    """The seconds of a duration string such as ``"1h30m"`` (``None``: not one)."""
    if not re.fullmatch(r"(\d+[smhd])+", value):
        return None
    return sum(
        int(amount) * _INT_SECONDS[unit]
        for amount, unit in re.findall(r"(\d+)([smhd])", value)
    )


def _duration(value: Any, index: Column, what: str) -> str:
    """A Polars duration string for ``value`` on an index of ``index.dtype``.

    On an int index an int is a value distance (``"5i"``) and a duration
    string (units s, m, h, d) a number of seconds (``"2h"`` → ``"7200i"``).
    """
    temporal = isinstance(index.dtype, (dt.Date, dt.Datetime))
    if isinstance(value, bool):
        pass
    elif isinstance(value, int):
        if temporal:
            msg = (
                f"{what}={value!r} is an int but {index.name!r} is {index.dtype!r}: "
                "give a duration such as '3d', '1h' or a timedelta"
            )
            raise ValueError(msg)
        if value > 0:
            return f"{value}i"
    elif isinstance(value, _dt.timedelta) and temporal and value > _dt.timedelta(0):
        return f"{value // _dt.timedelta(microseconds=1)}us"
    elif isinstance(value, str) and temporal:
        if _DURATION.match(value) and int(re.sub(r"\D.*", "", value)) > 0:
            return value
    elif isinstance(value, str):
        if re.fullmatch(r"\d+i", value) and int(value[:-1]) > 0:
            return value
        seconds = _int_seconds(value)
        if seconds:
            return f"{seconds}i"
    kind = (
        "a positive duration ('1h', '3d', timedelta)"
        if temporal
        else "a positive int or a duration string of s/m/h/d units (seconds)"
    )
    msg = f"{what} must be {kind} for {index.name!r} of dtype {index.dtype!r}; got {value!r}"
    raise ValueError(msg)


def _index(frame: FrameCore, name: str, what: str) -> Column:
    if name not in frame.schema:
        raise ColumnNotFoundError.from_missing(name, frame.columns)
    column = frame.schema[name]
    if not isinstance(column.dtype, _INDEX):
        msg = f"{what} column {name!r} must be int, date or datetime; got {column.dtype!r}"
        raise TypeError(msg)
    return column


def _names(frame: FrameCore, by: str | Sequence[str] | None) -> tuple[str, ...]:
    names = () if by is None else ((by,) if isinstance(by, str) else tuple(by))
    for name in names:
        if name not in frame.schema:
            raise ColumnNotFoundError.from_missing(name, frame.columns)
    return names


def _choice(value: str, allowed: Sequence[str], what: str) -> str:
    if value not in allowed:
        msg = f"{what} must be one of {list(allowed)}; got {value!r}"
        raise ValueError(msg)
    return value


class DynamicGroupBy:
    """The pending result of ``group_by_dynamic``: call :meth:`agg`."""

    def __init__(self, frame: FrameCore, spec: dict[str, Any]) -> None:
        self._frame = frame
        self._spec = spec

    def agg(self, *aggs: Any, **named: Any) -> BaseFrame:
        """One row per (group, window): keys, window label, aggregations.

        Accepts the forms of ``group_by(...).agg(...)``: aggregate expressions
        and ``name=(op, column)`` tuples, whose op and column are strings.

        Raises:
            TypeError: a malformed spec ("agg() expects specs like ...", "agg()
                op and column must be strings.").
        """
        frame, spec = self._frame, self._spec
        outputs = aggregation_outputs(
            frame, aggs, named, context="group", string_specs=True
        )
        out_schema = dynamic_schema(
            frame.schema,
            (column for _, _, column in outputs),
            index=spec["index"],
            by=spec["by"],
            include_boundaries=spec["include_boundaries"],
        )
        plan = GroupByDynamic(
            out_schema,
            frame._plan,
            aggs=tuple((name, node) for name, node, _ in outputs),
            **spec,
        )
        return frame._derive(plan, height=0 if frame._height == 0 else None)


class TimeSeriesMethods(FrameMethods):
    """Mixed into :class:`~pydantable.frame.BaseFrame`."""

    __slots__ = ()

    def rolling_agg(
        self,
        *,
        on: str,
        column: str,
        window_size: int | str | _dt.timedelta,
        op: str,
        out_name: str | None = None,
        by: str | Sequence[str] | None = None,
        min_periods: int = 1,
    ) -> BaseFrame:
        """Add ``op(column)`` over the rows whose ``on`` value is in ``[t - size, t]``.

        ``window_size`` is a duration (``"1h"``, ``"3d"``, a timedelta) for
        date/datetime ``on`` columns (an int is rejected: it is not a number of
        microseconds); for int ``on`` columns an int is a value distance and a
        duration string of s/m/h/d units a number of seconds (``"2h"`` is
        7200). Both ends of the window are included. Rows keep their order;
        ``by`` computes windows per group.

        Raises:
            ColumnNotFoundError: ``on`` or ``column`` does not exist (a
                ``KeyError``: "rolling_agg() requires existing on/column names.").

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     t: int
            ...     x: int
            >>> df = T({"t": [1, 2, 5], "x": [1, 2, 3]})
            >>> df.rolling_agg(on="t", column="x", window_size=2, op="sum").to_dict()
            {'t': [1, 2, 5], 'x': [1, 2, 3], 'x_rolling_sum': [1, 3, 3]}
        """
        for name in (on, column):
            if name not in self.schema:
                msg = (
                    f"rolling_agg() requires existing on/column names. Unknown: "
                    f"{name!r}; available columns: {self.columns}"
                )
                raise ColumnNotFoundError(msg, name=str(name))
        index = _index(self, on, "rolling_agg on")
        window = _duration(window_size, index, "window_size")
        _choice(op, ROLLING_OPS, "rolling_agg op")
        value = self.schema[column]
        numeric = isinstance(value.dtype, (dt.Int64, dt.Float64))
        if (
            op != "count"
            and not numeric
            and not (
                op in ("min", "max") and isinstance(value.dtype, (dt.Date, dt.Datetime))
            )
        ):
            msg = f"rolling_agg op {op!r} is not defined for {column!r} of dtype {value.dtype!r}"
            raise TypeError(msg)
        if (
            isinstance(min_periods, bool)
            or not isinstance(min_periods, int)
            or min_periods < 1
        ):
            msg = f"min_periods must be a positive int; got {min_periods!r}"
            raise ValueError(msg)
        names = _names(self, by)
        name = out_name or f"{column}_rolling_{op}"
        schema = rolling_schema(
            self.schema,
            on=on,
            column=column,
            op=op,
            out_name=name,
            min_periods=min_periods,
        )
        plan = RollingAgg(
            schema,
            self._plan,
            on=on,
            column=column,
            op=op,
            window=window,
            out_name=name,
            by=names,
            min_periods=min_periods,
        )
        return self._derive(plan, height=self._height)

    def group_by_dynamic(
        self,
        index: str,
        *,
        every: str | int | _dt.timedelta = "1h",
        period: str | int | _dt.timedelta | None = None,
        offset: str | int | _dt.timedelta | None = None,
        by: str | Sequence[str] | None = None,
        closed: str = "left",
        label: str = "left",
        include_boundaries: bool = False,
        start_by: str = "window",
    ) -> DynamicGroupBy:
        """Group rows into windows of ``index``; finish with ``.agg(...)``.

        Windows start every ``every`` (aligned to the epoch, shifted by
        ``offset``) and span ``period`` (default ``every``). With
        ``label="left"`` the key is the window start. Rows with a null index
        are left out. ``include_boundaries=True`` adds ``lower_boundary`` and
        ``upper_boundary`` columns (Polars' ``_lower_boundary``: model fields
        cannot start with ``_``). On an int index, ``every="1h"`` is 3600
        (duration strings are seconds) and ``every=5`` a value distance.

        Raises:
            ValueError: ``every``/``period`` is not a positive duration.

        Example:
            >>> from pydantable import DataFrameModel
            >>> class T(DataFrameModel):
            ...     t: int
            ...     x: int
            >>> df = T({"t": [0, 1800, 3600, 7300], "x": [1, 2, 3, 4]})
            >>> df.group_by_dynamic("t", every="1h").agg(s=("sum", "x")).to_dict()
            {'t': [0, 3600, 7200], 's': [3, 3, 4]}
        """
        column = _index(self, index, "group_by_dynamic index")
        spec: dict[str, Any] = {
            "index": index,
            "every": _window(every, column, "every"),
            "period": None if period is None else _window(period, column, "period"),
            "offset": None if offset is None else _offset(offset, column),
            "by": _names(self, by),
            "closed": _choice(closed, _CLOSED, "closed"),
            "label": _choice(label, _LABELS, "label"),
            "include_boundaries": bool(include_boundaries),
            "start_by": _choice(start_by, _START_BY, "start_by"),
        }
        return DynamicGroupBy(self, spec)


def _window(value: Any, column: Column, what: str) -> str:
    """``every=``/``period=`` of ``group_by_dynamic`` (the original's error wording)."""
    try:
        return _duration(value, column, what)
    except ValueError as exc:
        msg = (
            f"group_by_dynamic() requires positive every= and period= durations; {exc}"
        )
        raise ValueError(msg) from None


def _offset(value: Any, column: Column) -> str:
    """An offset may be negative: validate its magnitude, keep the sign."""
    if isinstance(value, str) and value.startswith("-"):
        return "-" + _duration(value[1:], column, "offset")
    if isinstance(value, _dt.timedelta) and value < _dt.timedelta(0):
        return "-" + _duration(-value, column, "offset")
    if isinstance(value, int) and not isinstance(value, bool) and value < 0:
        return "-" + _duration(-value, column, "offset")
    if value in (0, "0", _dt.timedelta(0)):
        return "0i" if isinstance(column.dtype, dt.Int64) else "0s"
    return _duration(value, column, "offset")
