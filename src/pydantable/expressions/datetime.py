"""The ``expr.dt`` namespace: temporal functions (Polars names and semantics).

Calendar parts (``year`` ... ``nanosecond``) are ``Int64``; ``weekday`` is ISO
(Monday = 1 ... Sunday = 7) and ``week`` is the ISO week number. Aware
datetimes give the parts of their local time in the column's time zone.

Example:
    >>> import datetime
    >>> from pydantable import DataFrameModel
    >>> class Event(DataFrameModel):
    ...     at: datetime.datetime
    >>> df = Event({"at": [datetime.datetime(2024, 2, 29, 13, 5)]})
    >>> df.select(df.at.dt.year(), wd=df.at.dt.weekday(), h=df.at.dt.hour()).to_dict()
    {'at': [2024], 'wd': [4], 'h': [13]}
"""

from __future__ import annotations

import datetime as _dt
import re
import zoneinfo
from typing import TYPE_CHECKING, Any

from pydantable import dtypes as dt
from pydantable.expressions import nodes as n
from pydantable.expressions.infer import Typed, describe, register_function
from pydantable.expressions.kinds import (
    DATE_OR_DATETIME,
    DATETIME,
    DURATION,
    INTEGER,
    TEMPORAL,
    TIME_OF_DAY,
    Kind,
    elementwise,
    expect,
)
from pydantable.expressions.namespace import ExprNamespace
from pydantable.expressions.rules import python_words

if TYPE_CHECKING:
    from pydantable.expressions.expr import Expr

__all__ = ["DateTimeNamespace", "check_time_zone", "every_string"]

_EVERY = re.compile(r"^(-?\d+(ns|us|ms|s|mo|m|h|d|w|q|y))+$")
_EPOCH_UNITS = ("ns", "us", "ms", "s", "d")
_TIME_UNITS = ("ns", "us", "ms")


def every_string(function: str, every: Any) -> str:
    """A Polars duration string (``"1d"``, ``"2h30m"``, ``"-1mo"``) from a str or timedelta.

    Raises:
        ValueError: not a duration string, or a zero/negative timedelta.
    """
    if isinstance(every, _dt.timedelta):
        micros = every // _dt.timedelta(microseconds=1)
        return f"{micros}us"
    if not isinstance(every, str) or not _EVERY.match(every):
        msg = (
            f"{function} needs a duration string such as '1d', '2h30m' or '-1mo' "
            f"(units ns us ms s m h d w mo q y) or a timedelta; got {every!r}"
        )
        raise ValueError(msg)
    return every


def check_time_zone(function: str, time_zone: Any) -> str:
    """Validate an IANA time zone name (``"Europe/Paris"``, ``"UTC"``)."""
    try:
        if not isinstance(time_zone, str) or not time_zone:
            raise ValueError
        zoneinfo.ZoneInfo(time_zone)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        msg = f"{function}: unknown time zone {time_zone!r}"
        raise ValueError(msg) from None
    return time_zone


def _unit(function: str, unit: Any, allowed: tuple[str, ...]) -> str:
    if unit not in allowed:
        msg = f"{function} time_unit must be one of {list(allowed)}; got {unit!r}"
        raise ValueError(msg)
    return str(unit)


class DateTimeNamespace(ExprNamespace):
    """Temporal functions of an expression (``expr.dt.*``), named as in Polars."""

    __slots__ = ()

    # -- calendar parts (Date and Datetime) --------------------------------------------
    def year(self) -> Expr:
        """Calendar year: ``df.d.dt.year()``."""
        return self._call("dt.year")

    def iso_year(self) -> Expr:
        """ISO 8601 week-numbering year."""
        return self._call("dt.iso_year")

    def quarter(self) -> Expr:
        """Quarter of the year (1-4)."""
        return self._call("dt.quarter")

    def month(self) -> Expr:
        """Month (1-12)."""
        return self._call("dt.month")

    def week(self) -> Expr:
        """ISO 8601 week number (1-53)."""
        return self._call("dt.week")

    def weekday(self) -> Expr:
        """ISO day of the week: Monday = 1 ... Sunday = 7."""
        return self._call("dt.weekday")

    def day(self) -> Expr:
        """Day of the month (1-31)."""
        return self._call("dt.day")

    def ordinal_day(self) -> Expr:
        """Day of the year (1-366)."""
        return self._call("dt.ordinal_day")

    def days_in_month(self) -> Expr:
        """Number of days in the value's month (28-31)."""
        return self._call("dt.days_in_month")

    def is_leap_year(self) -> Expr:
        """Whether the value's year is a leap year."""
        return self._call("dt.is_leap_year")

    # -- time-of-day parts (Datetime and Time) ------------------------------------------
    def hour(self) -> Expr:
        """Hour (0-23)."""
        return self._call("dt.hour")

    def minute(self) -> Expr:
        """Minute (0-59)."""
        return self._call("dt.minute")

    def second(self) -> Expr:
        """Second (0-59)."""
        return self._call("dt.second")

    def millisecond(self) -> Expr:
        """Milliseconds within the second (0-999)."""
        return self._call("dt.millisecond")

    def microsecond(self) -> Expr:
        """Microseconds within the second (0-999999)."""
        return self._call("dt.microsecond")

    def nanosecond(self) -> Expr:
        """Nanoseconds within the second (values are stored in microseconds)."""
        return self._call("dt.nanosecond")

    # -- conversions ----------------------------------------------------------------------
    def date(self) -> Expr:
        """The date part of a datetime (local date for aware datetimes)."""
        return self._call("dt.date")

    def time(self) -> Expr:
        """The time-of-day part of a datetime."""
        return self._call("dt.time")

    def combine(self, time: Any) -> Expr:
        """A datetime from this date (or datetime's date) and ``time`` (time zone kept)."""
        return self._call("dt.combine", time)

    def epoch(self, time_unit: str = "us") -> Expr:
        """Time since 1970-01-01 in ``time_unit`` (``ns us ms s d``), as Int64."""
        return self._call(
            "dt.epoch",
            time_unit=_unit(self._name("dt.epoch"), time_unit, _EPOCH_UNITS),
        )

    def timestamp(self, time_unit: str = "us") -> Expr:
        """Time since 1970-01-01 in ``time_unit`` (``ns us ms``), as Int64."""
        return self._call(
            "dt.timestamp",
            time_unit=_unit(self._name("dt.timestamp"), time_unit, _TIME_UNITS),
        )

    def strftime(self, format: str) -> Expr:
        """Format as text with a chrono/strftime ``format`` (``"%Y-%m-%d"``)."""
        if not isinstance(format, str):
            msg = f"dt.strftime format must be a str; got {format!r}"
            raise TypeError(msg)
        return self._call("dt.strftime", format=format)

    def to_string(self, format: str | None = None) -> Expr:
        """Format as text (``format=None``: ISO 8601)."""
        if format is not None and not isinstance(format, str):
            msg = f"dt.to_string format must be a str or None; got {format!r}"
            raise TypeError(msg)
        return self._call("dt.strftime", format=format)

    # -- shifting and rounding ------------------------------------------------------------
    def truncate(self, every: Any) -> Expr:
        """Round down to a multiple of ``every`` (``"1d"``, ``"1mo"``, ``"15m"``...)."""
        return self._call(
            "dt.truncate", every=every_string(self._name("dt.truncate"), every)
        )

    def round(self, every: Any) -> Expr:
        """Round to the nearest multiple of ``every``."""
        return self._call("dt.round", every=every_string(self._name("dt.round"), every))

    def offset_by(self, by: Any) -> Expr:
        """Shift by a calendar-aware duration (``"1mo"``, ``"-2d"``, ``"1y3mo"``).

        On a ``Date``, units below a day have no effect (as in Polars).
        """
        return self._call(
            "dt.offset_by", by=every_string(self._name("dt.offset_by"), by)
        )

    def month_start(self) -> Expr:
        """The first day of the value's month (time of day kept)."""
        return self._call("dt.month_start")

    def month_end(self) -> Expr:
        """The last day of the value's month (time of day kept)."""
        return self._call("dt.month_end")

    # -- time zones -------------------------------------------------------------------------
    def replace_time_zone(self, time_zone: str | None) -> Expr:
        """Set (or with ``None`` drop) the zone, keeping the wall-clock time.

        A wall-clock time that does not exist or is ambiguous in the new zone
        fails the query (Polars' ``"raise"`` policy).
        """
        tz = (
            None
            if time_zone is None
            else check_time_zone("dt.replace_time_zone", time_zone)
        )
        return self._call("dt.replace_time_zone", time_zone=tz)

    def convert_time_zone(self, time_zone: str) -> Expr:
        """The same instants in another zone (naive values are read as UTC, as in Polars)."""
        tz = check_time_zone("dt.convert_time_zone", time_zone)
        return self._call("dt.convert_time_zone", time_zone=tz)

    # -- durations ------------------------------------------------------------------------------
    def total_days(self, *, fractional: bool = False) -> Expr:
        """Whole days of a duration (``fractional=True``: Float64)."""
        return self._call("dt.total_days", fractional=fractional)

    def total_hours(self, *, fractional: bool = False) -> Expr:
        """Whole hours of a duration (``fractional=True``: Float64)."""
        return self._call("dt.total_hours", fractional=fractional)

    def total_minutes(self, *, fractional: bool = False) -> Expr:
        """Whole minutes of a duration (``fractional=True``: Float64)."""
        return self._call("dt.total_minutes", fractional=fractional)

    def total_seconds(self, *, fractional: bool = False) -> Expr:
        """Whole seconds of a duration (``fractional=True``: Float64)."""
        return self._call("dt.total_seconds", fractional=fractional)

    def total_milliseconds(self, *, fractional: bool = False) -> Expr:
        """Whole milliseconds of a duration (``fractional=True``: Float64)."""
        return self._call("dt.total_milliseconds", fractional=fractional)

    def total_microseconds(self, *, fractional: bool = False) -> Expr:
        """Microseconds of a duration (``fractional=True``: Float64)."""
        return self._call("dt.total_microseconds", fractional=fractional)

    def total_nanoseconds(self, *, fractional: bool = False) -> Expr:
        """Nanoseconds of a duration (``fractional=True``: Float64)."""
        return self._call("dt.total_nanoseconds", fractional=fractional)


def from_epoch(expr: Expr, time_unit: str = "s", *, label: str = "") -> Expr:
    """Integers counting ``time_unit`` since 1970-01-01 as a naive Datetime (``"d"``: Date).

    ``label`` is the name the user called (build-time errors name it).
    """
    unit = _unit(label or "from_epoch", time_unit, _EPOCH_UNITS)
    node = n.Call("from_epoch", (expr._node,), (("time_unit", unit),), label)
    return expr._new(node)


# -- typing rules -----------------------------------------------------------------------

I64 = dt.Int64()
CALENDAR: tuple[str, ...] = ("year", "iso_year", "quarter", "month", "week", "weekday")
CALENDAR += ("day", "ordinal_day", "days_in_month")
CLOCK = ("hour", "minute", "second", "millisecond", "microsecond", "nanosecond")
SAME = ("truncate", "round", "offset_by", "month_start", "month_end")
TOTALS: tuple[str, ...] = (
    "days",
    "hours",
    "minutes",
    "seconds",
    "milliseconds",
    "microseconds",
)
TOTALS += ("nanoseconds",)


def _same(types: list[Typed], call: n.Call) -> dt.DType:
    return types[0].dtype.storage()


def _total(types: list[Typed], call: n.Call) -> dt.DType:
    return dt.Float64() if call.option("fractional") else I64


for _name in CALENDAR:
    elementwise(f"dt.{_name}", DATE_OR_DATETIME, I64)
for _name in ("millisecond", "microsecond"):
    elementwise(f"dt.{_name}", TIME_OF_DAY, I64)


def _clock_rule(types: list[Typed], call: n.Call) -> Typed:
    typed = types[0]
    if not TIME_OF_DAY(typed.dtype):
        # the original's wording, naming the call that failed
        msg = (
            "hour(), minute(), second(), nanosecond() require a datetime or time "
            f"column; {call.called_as}() got "
            f"{python_words(typed.dtype, typed.nullable)} in {describe(call.args[0])}"
        )
        raise TypeError(msg)
    return Typed(I64, typed.nullable)


for _name in ("hour", "minute", "second", "nanosecond"):
    register_function(f"dt.{_name}")(_clock_rule)
for _name in SAME:
    elementwise(f"dt.{_name}", DATE_OR_DATETIME, _same)
for _name in TOTALS:
    elementwise(f"dt.total_{_name}", DURATION, _total)
elementwise("dt.is_leap_year", DATE_OR_DATETIME, dt.Boolean())
elementwise("dt.date", DATETIME, dt.Date())
elementwise("dt.time", DATETIME, dt.Time())
elementwise("dt.epoch", DATE_OR_DATETIME, I64)
elementwise("dt.timestamp", DATE_OR_DATETIME, I64)
elementwise(
    "dt.strftime",
    Kind("a date, datetime, time or timedelta", lambda d: TEMPORAL(d) or DURATION(d)),
    dt.String(),
)
elementwise(
    "dt.combine",
    DATE_OR_DATETIME,
    lambda types, _: dt.Datetime(getattr(types[0].dtype.storage(), "tz", None)),
    args=(("time", Kind("a time", lambda d: isinstance(d.storage(), dt.Time))),),
)
elementwise(
    "dt.replace_time_zone",
    DATETIME,
    lambda _, call: dt.Datetime(call.option("time_zone")),
)
elementwise(
    "dt.convert_time_zone",
    DATETIME,
    lambda _, call: dt.Datetime(call.option("time_zone")),
)


@register_function("from_epoch")
def _from_epoch_rule(types: list[Typed], call: n.Call) -> Typed:
    expect(call.label or "from_unix_time", INTEGER, types[0], call.args[0])
    unit = call.option("time_unit")
    return Typed(dt.Date() if unit == "d" else dt.Datetime(), types[0].nullable)
