"""expr.dt.*: differential tests against hand-written Polars, typing, build-time errors."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import AwareDatetime

from differential import Wide, assert_matches_polars, example_rows, wide_frames
from pydantable import DataFrameModel
from pydantable import dtypes as d

SETTINGS = settings(max_examples=25, deadline=None)
I64 = pl.Int64
PARTS = ("year", "iso_year", "quarter", "month", "week", "weekday", "day")
PARTS += ("ordinal_day", "days_in_month")
CLOCK = ("hour", "minute", "second", "millisecond", "microsecond", "nanosecond")


@SETTINGS
@given(wide_frames(max_size=12))
def test_calendar_and_clock_parts_match_polars(w: Wide) -> None:
    mine = {f"d_{p}": getattr(w.d.dt, p)() for p in PARTS}
    mine |= {f"t_{p}": getattr(w.ts.dt, p)() for p in PARTS + CLOCK}
    theirs = {f"d_{p}": getattr(pl.col("d").dt, p)().cast(I64) for p in PARTS}
    theirs |= {f"t_{p}": getattr(pl.col("ts").dt, p)().cast(I64) for p in PARTS + CLOCK}
    out = w.select(**mine)
    assert_matches_polars(out, w.to_polars().select(**theirs))
    assert all(
        out.schema[c].dtype == d.Int64() and out.schema[c].nullable
        for c in out.schema.names
    )


@SETTINGS
@given(wide_frames(max_size=12))
def test_conversions_and_shifts_match_polars(w: Wide) -> None:
    D, T = pl.col("d").dt, pl.col("ts").dt
    out = w.select(
        a=w.ts.dt.date(),
        b=w.ts.dt.time(),
        c=w.ts.dt.truncate("1h"),
        e=w.d.dt.truncate("1mo"),
        f=w.ts.dt.round("15m"),
        g=w.d.dt.offset_by("-1y2mo"),
        h=w.ts.dt.offset_by(dt.timedelta(hours=1)),
        i=w.d.dt.epoch("d"),
        j=w.ts.dt.epoch("s"),
        k=w.ts.dt.timestamp("ms"),
        m=w.d.dt.strftime("%Y/%m/%d"),
        o=w.ts.dt.to_string(),
        p=w.d.dt.month_start(),
        q=w.ts.dt.month_end(),
        r=w.d.dt.is_leap_year(),
        s=w.d.dt.combine(dt.time(6, 30)),
        t=w.ts.dt.replace_time_zone("UTC"),
    )
    expected = w.to_polars().select(
        a=T.date(),
        b=T.time(),
        c=T.truncate("1h"),
        e=D.truncate("1mo"),
        f=T.round("15m"),
        g=D.offset_by("-1y2mo"),
        h=T.offset_by("3600000000us"),
        i=D.epoch("d").cast(I64),
        j=T.epoch("s"),
        k=T.timestamp("ms"),
        m=D.strftime("%Y/%m/%d"),
        o=T.to_string(),
        p=D.month_start(),
        q=T.month_end(),
        r=D.is_leap_year(),
        s=D.combine(dt.time(6, 30)),
        t=T.replace_time_zone("UTC"),
    )
    assert_matches_polars(out, expected)
    assert out.schema["a"].dtype == d.Date()
    assert out.schema["t"].dtype == d.Datetime("UTC")


class Zoned(DataFrameModel):
    at: AwareDatetime
    naive: dt.datetime
    span: dt.timedelta | None
    clock: dt.time
    secs: int


_spans = st.timedeltas(dt.timedelta(days=-9999), dt.timedelta(days=9999))
_zoned_rows = st.lists(
    st.fixed_dictionaries(
        {
            "at": st.datetimes(
                dt.datetime(1970, 1, 2),
                dt.datetime(2100, 1, 1),
                timezones=st.just(dt.timezone.utc),
            ),
            "naive": st.datetimes(dt.datetime(1970, 1, 1), dt.datetime(2100, 1, 1)),
            "span": st.one_of(st.none(), _spans),
            "clock": st.times(),
            "secs": st.integers(-(10**10), 10**10),
        }
    ),
    max_size=10,
)


@SETTINGS
@given(_zoned_rows)
def test_time_zones_durations_and_times_match_polars(
    rows: list[dict[str, object]],
) -> None:
    z = Zoned(rows)
    totals = ("days", "hours", "minutes", "seconds", "milliseconds", "microseconds")
    mine = {f"tot_{u}": getattr(z.span.dt, f"total_{u}")() for u in totals}
    mine |= {"frac": z.span.dt.total_days(fractional=True)}
    theirs = {f"tot_{u}": getattr(pl.col("span").dt, f"total_{u}")() for u in totals}
    theirs |= {"frac": pl.col("span").dt.total_days(fractional=True)}
    out = z.select(
        paris=z.at.dt.convert_time_zone("Europe/Paris"),
        hour=z.at.dt.convert_time_zone("Asia/Kolkata").dt.hour(),
        drop=z.at.dt.replace_time_zone(None),
        local=z.at.dt.convert_time_zone("America/New_York").dt.date(),
        ck=z.clock.dt.minute(),
        ckus=z.clock.dt.microsecond(),
        fe=z.secs.from_unix_time(),
        fems=z.secs.from_unix_time("ms"),
        span_text=z.span.dt.to_string(),
        cmb=z.at.dt.combine(z.clock),
        **mine,
    )
    A = pl.col("at").dt
    expected = z.to_polars().select(
        paris=A.convert_time_zone("Europe/Paris"),
        hour=A.convert_time_zone("Asia/Kolkata").dt.hour().cast(I64),
        drop=A.replace_time_zone(None),
        local=A.convert_time_zone("America/New_York").dt.date(),
        ck=pl.col("clock").dt.minute().cast(I64),
        ckus=pl.col("clock").dt.microsecond().cast(I64),
        fe=pl.from_epoch("secs", "s").cast(pl.Datetime("us")),
        fems=pl.from_epoch("secs", "ms").cast(pl.Datetime("us")),
        span_text=pl.col("span").dt.to_string(),
        cmb=A.combine(pl.col("clock")),
        **theirs,
    )
    assert_matches_polars(out, expected)
    assert out.schema["paris"].dtype == d.Datetime("Europe/Paris")
    assert out.schema["drop"].dtype == d.Datetime()
    assert out.schema["frac"].dtype == d.Float64()
    assert out.schema["tot_days"].nullable
    assert not out.schema["paris"].nullable


def test_iso_weekday_and_week() -> None:
    class Days(DataFrameModel):
        day: dt.date

    days = Days(
        {"day": [dt.date(2024, 1, 1), dt.date(2023, 1, 1), dt.date(2020, 12, 31)]}
    )
    out = days.select(
        wd=days.day.dt.weekday(), wk=days.day.dt.week(), y=days.day.dt.iso_year()
    )
    assert out.to_dict() == {
        "wd": [1, 7, 4],
        "wk": [1, 52, 53],
        "y": [2024, 2022, 2020],
    }


def test_wrong_dtypes_are_build_time_type_errors() -> None:
    w = Wide(example_rows())
    with pytest.raises(
        TypeError,
        match=r"dt\.year\(\) requires a date or datetime column; got str in col\('s'\)",
    ):
        w.s.dt.year()
    with pytest.raises(
        TypeError,
        match=r"hour\(\), minute\(\), second\(\), nanosecond\(\) require a datetime "
        r"or time column; dt\.hour\(\) got date \| None in col\('d'\)",
    ):
        w.d.dt.hour()
    with pytest.raises(
        TypeError, match=r"dt\.date\(\) requires a datetime column; got date"
    ):
        w.d.dt.date()
    with pytest.raises(
        TypeError,
        match=r"dt\.total_seconds\(\) requires a timedelta column; got datetime \| None in col\('ts'\)",
    ):
        w.ts.dt.total_seconds()
    with pytest.raises(
        TypeError, match=r"from_unix_time\(\) requires an int column; got float"
    ):
        w.f.from_unix_time()
    with pytest.raises(
        TypeError, match=r"dt\.combine\(\) time must be a time; got int"
    ):
        w.d.dt.combine(w.i)


def test_bad_arguments_are_value_errors() -> None:
    w = Wide(example_rows())
    with pytest.raises(ValueError, match="duration string"):
        w.ts.dt.truncate("1 day")
    with pytest.raises(ValueError, match="duration string"):
        w.ts.dt.offset_by(3)
    with pytest.raises(ValueError, match="unknown time zone"):
        w.ts.dt.convert_time_zone("Nowhere/Atlantis")
    with pytest.raises(ValueError, match="time_unit"):
        w.ts.dt.epoch("minutes")
    with pytest.raises(ValueError, match="unit"):
        w.ts.unix_timestamp("hours")
