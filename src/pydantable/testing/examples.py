"""Valid example data generated from a schema (``DataFrameModel.examples``).

:func:`example_columns` builds ``n`` rows of values for every column of a
schema, following what the schema declares: dtypes, nullability (about one
cell in five of an optional column is null, and at least one when ``n >= 2``),
``Literal``/``Enum`` sets, ``Field`` bounds (``ge``/``gt``/``le``/``lt``,
``multiple_of``, ``min_length``/``max_length``), string ``pattern``s, decimal
digits and places, naive or aware datetimes, nested models, lists and
``dict[str, T]`` maps. It needs no optional dependency: values come from a
:class:`random.Random` seeded with ``seed`` (the same seed gives the same
data), and patterns are expanded with the standard library's regex parser.

A pattern with look-around, conditionals or back-references to unknown groups,
or constraints no value can meet, raise :class:`ExampleGenerationError`
naming the column; ``overrides`` gives such columns their values.

Example:
    >>> from typing import Annotated, Literal
    >>> from pydantic import Field
    >>> from pydantable import DataFrameModel
    >>> class Users(DataFrameModel):
    ...     id: Annotated[int, Field(ge=1)]
    ...     code: Annotated[str, Field(pattern=r"^[A-Z]{3}-\\d{2}$")]
    ...     plan: Literal["free", "pro"]
    >>> cols = example_columns(Users.__pydantable_schema__, 3, seed=1)
    >>> sorted(cols), len(cols["id"]), all(i >= 1 for i in cols["id"])
    (['code', 'id', 'plan'], 3, True)
    >>> import re; all(re.fullmatch(r"[A-Z]{3}-\\d{2}", c) for c in cols["code"])
    True
"""

from __future__ import annotations

import datetime as _dt
import decimal as _decimal
import importlib
import ipaddress
import math
import random
import re
import string
import sys
import typing
import uuid
import zoneinfo
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import pydantic

from pydantable import dtypes as dt
from pydantable.errors import ColumnNotFoundError, PydantableUserError
from pydantable.schema import (
    Column,
    Constraints,
    FrameSchema,
    _collect_constraints,
    _declared_base,
    _parse,
    column_from_annotation,
)

__all__ = [
    "ExampleGenerationError",
    "example_columns",
    "example_rows",
]

#: How often a nullable cell is null.
NULL_RATE = 0.2
#: Attempts per string at meeting a pattern together with length bounds.
_PATTERN_TRIES = 200
#: Extra repetitions an unbounded regex repeat (``*``, ``+``, ``{n,}``) gets.
_OPEN_REPEAT = 6
_INT_SPAN = 1000
_INT64 = (-(2**63), 2**63 - 1)
_PRINTABLE = [chr(c) for c in range(32, 127)]
_WORD = string.ascii_letters + string.digits + "_"
_EPOCH = _dt.datetime(2000, 1, 1)  # naive on purpose
_DAY = 86_400


class ExampleGenerationError(PydantableUserError, ValueError):
    """Example data cannot be generated for a column (the message names it and
    suggests ``overrides``)."""


def _fail(path: str, why: str) -> ExampleGenerationError:
    return ExampleGenerationError(
        f"cannot generate examples for column {path!r}: {why}; "
        f"pass overrides={{{path.split('.')[0].split('[')[0]!r}: ...}}"
    )


Gen = Callable[[random.Random], Any]


# -- numbers ----------------------------------------------------------------------------


def _bounds(cons: Constraints, path: str) -> tuple[Any, bool, Any, bool]:
    """(low, low inclusive, high, high inclusive); ``None`` when open."""
    low, low_in = (cons.ge, True) if cons.ge is not None else (cons.gt, False)
    high, high_in = (cons.le, True) if cons.le is not None else (cons.lt, False)
    if cons.ge is not None and cons.gt is not None:
        low, low_in = (cons.gt, False) if cons.gt >= cons.ge else (cons.ge, True)
    if cons.le is not None and cons.lt is not None:
        high, high_in = (cons.lt, False) if cons.lt <= cons.le else (cons.le, True)
    if low is not None and high is not None and low > high:
        raise _fail(path, f"no value is >= {low!r} and <= {high!r}")
    return low, low_in, high, high_in


def _int_range(cons: Constraints, path: str, scale: int = 1) -> tuple[int, int]:
    """The inclusive integer range of ``value * scale`` the bounds allow."""
    low, low_in, high, high_in = _bounds(cons, path)
    lo = hi = None
    if low is not None:
        f = Fraction(low) * scale
        lo = math.ceil(f) if low_in or f != math.ceil(f) else math.ceil(f) + 1
    if high is not None:
        f = Fraction(high) * scale
        hi = math.floor(f) if high_in or f != math.floor(f) else math.floor(f) - 1
    span = _INT_SPAN * scale
    if lo is None and hi is None:
        lo, hi = -span, span
    elif lo is None:
        assert hi is not None
        lo = hi - span
    elif hi is None:
        hi = lo + span
    lo, hi = max(lo, _INT64[0] * scale), min(hi, _INT64[1] * scale)
    if lo > hi:
        raise _fail(path, "the bounds leave no value")
    return lo, hi


def _multiples(lo: int, hi: int, step: Fraction, path: str) -> tuple[int, int]:
    """The range of ``k`` with ``lo <= k * step <= hi``."""
    if step <= 0:
        raise _fail(path, f"multiple_of={step} is not positive")
    k_lo, k_hi = math.ceil(lo / step), math.floor(hi / step)
    if k_lo > k_hi:
        raise _fail(path, f"no multiple of {step} within the bounds")
    return k_lo, k_hi


def _int_gen(cons: Constraints, path: str) -> Gen:
    lo, hi = _int_range(cons, path)
    if cons.multiple_of is None:
        return lambda rng: rng.randint(lo, hi)
    step = Fraction(cons.multiple_of)
    if step.denominator != 1:
        raise _fail(path, f"an int column cannot be a multiple of {cons.multiple_of}")
    k_lo, k_hi = _multiples(lo, hi, step, path)
    m = int(step)
    return lambda rng: rng.randint(k_lo, k_hi) * m


def _float_multiple_gen(cons: Constraints, path: str) -> Gen:
    low, low_in, high, high_in = _bounds(cons, path)
    step = Fraction(str(cons.multiple_of))
    if step <= 0:
        raise _fail(path, f"multiple_of={cons.multiple_of} is not positive")
    lo = None if low is None else Fraction(str(low))
    hi = None if high is None else Fraction(str(high))
    if lo is None and hi is None:
        lo, hi = -_INT_SPAN * step, _INT_SPAN * step
    elif lo is None:
        assert hi is not None
        lo = hi - _INT_SPAN * step
    elif hi is None:
        hi = lo + _INT_SPAN * step
    assert lo is not None
    assert hi is not None
    k_lo, k_hi = math.ceil(lo / step), math.floor(hi / step)
    if low is not None and not low_in and k_lo * step == lo:
        k_lo += 1
    if high is not None and not high_in and k_hi * step == hi:
        k_hi -= 1
    if k_lo > k_hi:
        raise _fail(path, f"no multiple of {cons.multiple_of} within the bounds")
    return lambda rng: float(rng.randint(k_lo, k_hi) * step)


def _float_gen(cons: Constraints, path: str) -> Gen:
    if cons.multiple_of is not None:
        return _float_multiple_gen(cons, path)
    low, low_in, high, high_in = _bounds(cons, path)
    lo_f = float(low) if low is not None else None
    hi_f = float(high) if high is not None else None
    if lo_f is None and hi_f is None:
        lo_f, hi_f = -float(_INT_SPAN), float(_INT_SPAN)
    elif lo_f is None:
        assert hi_f is not None
        lo_f = hi_f - _INT_SPAN
    elif hi_f is None:
        hi_f = lo_f + _INT_SPAN
    assert lo_f is not None
    assert hi_f is not None
    if lo_f == hi_f and not (low_in and high_in):
        raise _fail(path, "the bounds leave no value")

    def number(rng: random.Random) -> float:
        for _ in range(100):
            value = round(rng.uniform(lo_f, hi_f), 3)
            if not lo_f <= value <= hi_f:
                value = rng.uniform(lo_f, hi_f)
            if (low_in or value > lo_f) and (high_in or value < hi_f):
                return value
        return (lo_f + hi_f) / 2

    return number


def _decimal_gen(dtype: dt.Decimal, cons: Constraints, path: str) -> Gen:
    places = dtype.scale
    if cons.decimal_places is not None:
        places = min(places, cons.decimal_places)
    digits = dtype.precision if cons.max_digits is None else cons.max_digits
    digits = min(digits, dtype.precision)
    integer_digits = digits - places
    if integer_digits < 0:
        raise _fail(path, "max_digits is smaller than decimal_places")
    scale = 10**places
    limit = 10 ** min(digits, places + 6) - 1  # at most 6 integer digits
    lo, hi = _int_range(cons, path, scale)
    if cons.ge is None and cons.gt is None:
        lo = max(lo, -limit)
    if cons.le is None and cons.lt is None:
        hi = min(hi, limit)
    lo, hi = max(lo, -limit), min(hi, limit)
    if lo > hi:
        raise _fail(path, "the bounds leave no value within the digits")
    step = 1
    if cons.multiple_of is not None:
        m = Fraction(str(cons.multiple_of)) * scale
        if m.denominator != 1:
            raise _fail(path, f"multiple_of={cons.multiple_of} has too many places")
        step = int(m)
        lo, hi = _multiples(lo, hi, Fraction(step), path)
    exponent = _decimal.Decimal(1).scaleb(-places)

    def value(rng: random.Random) -> _decimal.Decimal:
        units = rng.randint(lo, hi) * step
        return (_decimal.Decimal(units) * exponent).quantize(exponent)

    return value


# -- strings ----------------------------------------------------------------------------


def _sre() -> tuple[Any, Any]:
    if sys.version_info >= (3, 11):
        return importlib.import_module("re._parser"), importlib.import_module(
            "re._constants"
        )
    return importlib.import_module("sre_parse"), importlib.import_module(
        "sre_constants"
    )


_CATEGORY_CHARS = {
    "CATEGORY_DIGIT": string.digits,
    "CATEGORY_WORD": _WORD,
    "CATEGORY_SPACE": " \t",
    "CATEGORY_NOT_DIGIT": "".join(c for c in _PRINTABLE if c not in string.digits),
    "CATEGORY_NOT_WORD": "".join(c for c in _PRINTABLE if c not in _WORD),
    "CATEGORY_NOT_SPACE": "".join(c for c in _PRINTABLE if not c.isspace()),
}


def _in_set(char: str, items: list[tuple[Any, Any]]) -> bool:
    for op, arg in items:
        kind = str(op)
        if kind == "LITERAL" and ord(char) == arg:
            return True
        if kind == "RANGE" and arg[0] <= ord(char) <= arg[1]:
            return True
        if kind == "CATEGORY" and char in _CATEGORY_CHARS.get(str(arg), ""):
            return True
    return False


class _UnsupportedError(Exception):
    pass


def _char_class(items: list[tuple[Any, Any]]) -> Callable[[random.Random], str]:
    if items and str(items[0][0]) == "NEGATE":
        rest = items[1:]
        allowed = [c for c in _PRINTABLE if not _in_set(c, rest)]
        if not allowed:
            raise _UnsupportedError(
                "a negated class that excludes every printable char"
            )
        return lambda rng: rng.choice(allowed)
    spans: list[tuple[int, int]] = []  # inclusive code point ranges
    for op, arg in items:
        kind = str(op)
        if kind == "LITERAL":
            spans.append((arg, arg))
        elif kind == "RANGE":
            spans.append((arg[0], arg[1]))
        elif kind == "CATEGORY" and str(arg) in _CATEGORY_CHARS:
            spans.extend((ord(c), ord(c)) for c in _CATEGORY_CHARS[str(arg)])
        else:
            raise _UnsupportedError(f"the class item {kind} {arg}")
    if not spans:
        raise _UnsupportedError("an empty character class")

    def pick(rng: random.Random) -> str:
        low, high = rng.choice(spans)
        return chr(rng.randint(low, high))

    return pick


def _expand(
    parsed: Any, rng: random.Random, groups: dict[int, str], maxrepeat: int
) -> str:
    out: list[str] = []
    for op, arg in parsed:
        kind = str(op)
        if kind == "LITERAL":
            out.append(chr(arg))
        elif kind == "NOT_LITERAL":
            out.append(rng.choice([c for c in _PRINTABLE if ord(c) != arg]))
        elif kind == "ANY":
            out.append(rng.choice(_PRINTABLE))
        elif kind == "IN":
            out.append(_char_class(list(arg))(rng))
        elif kind == "BRANCH":
            out.append(_expand(rng.choice(arg[1]), rng, groups, maxrepeat))
        elif kind == "SUBPATTERN":
            group, sub = arg[0], arg[-1]
            text = _expand(sub, rng, groups, maxrepeat)
            if group is not None:
                groups[group] = text
            out.append(text)
        elif kind == "ATOMIC_GROUP":
            out.append(_expand(arg, rng, groups, maxrepeat))
        elif kind in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, sub = arg
            top = low + _OPEN_REPEAT if high == maxrepeat else high
            count = rng.randint(low, max(low, top))
            out.extend(_expand(sub, rng, groups, maxrepeat) for _ in range(count))
        elif kind == "AT":
            continue  # anchors and word boundaries (checked afterwards)
        elif kind == "GROUPREF" and arg in groups:
            out.append(groups[arg])
        else:
            raise _UnsupportedError(kind.lower().replace("_", " "))
    return "".join(out)


def _pattern_gen(pattern: str, cons: Constraints, path: str) -> Gen:
    parser, constants = _sre()
    try:
        compiled = re.compile(pattern)
        parsed = parser.parse(pattern)
    except re.error as exc:
        raise _fail(path, f"pattern {pattern!r} does not compile ({exc})") from None
    low = cons.min_length or 0
    high = cons.max_length

    def value(rng: random.Random) -> str:
        for _ in range(_PATTERN_TRIES):
            try:
                text = _expand(parsed, rng, {}, constants.MAXREPEAT)
            except _UnsupportedError as exc:
                why = (
                    f"pattern {pattern!r} uses {exc}, which the generator cannot expand"
                )
                raise _fail(path, why) from None
            if len(text) < low or (high is not None and len(text) > high):
                continue
            if compiled.search(text) is not None:
                return text
        why = f"no string matching {pattern!r} with length in [{low}, {high}] was found"
        raise _fail(path, why)

    value(random.Random(0))  # fail at definition time, not mid-way
    return value


def _length_range(
    cons: Constraints, default: tuple[int, int], path: str
) -> tuple[int, int]:
    low = cons.min_length if cons.min_length is not None else default[0]
    high = cons.max_length if cons.max_length is not None else max(default[1], low)
    low = min(low, high) if cons.min_length is None else low
    if low > high:
        raise _fail(path, f"min_length={low} is above max_length={high}")
    return low, min(high, low + 20)


def _string_gen(cons: Constraints, path: str) -> Gen:
    if cons.pattern is not None:
        return _pattern_gen(cons.pattern, cons, path)
    low, high = _length_range(cons, (3, 10), path)
    letters = string.ascii_lowercase
    return lambda rng: "".join(
        rng.choice(letters) for _ in range(rng.randint(low, high))
    )


def _binary_gen(cons: Constraints, path: str) -> Gen:
    # ASCII bytes: valid binary, and valid as JSON text (Pydantic's utf8 bytes)
    low, high = _length_range(cons, (1, 8), path)
    letters = string.ascii_letters.encode()
    return lambda rng: bytes(rng.choice(letters) for _ in range(rng.randint(low, high)))


# -- temporal -----------------------------------------------------------------------------


def _offset_range(
    cons: Constraints, offset: Callable[[Any], int], path: str, span: int
) -> tuple[int, int]:
    """The inclusive range of offsets (days, seconds) from ``_EPOCH`` the bounds
    allow; ``[0, span]`` without bounds, ``span`` long when one-sided."""
    if all(v is None for v in (cons.ge, cons.gt, cons.le, cons.lt)):
        return 0, span

    def num(v: Any) -> Any:
        return None if v is None else offset(v)

    numeric = Constraints(
        ge=num(cons.ge), gt=num(cons.gt), le=num(cons.le), lt=num(cons.lt)
    )
    lo, hi = _int_range(numeric, path)
    if cons.le is None and cons.lt is None:
        hi = lo + span
    if cons.ge is None and cons.gt is None:
        lo = hi - span
    return lo, hi


def _date_gen(cons: Constraints, path: str) -> Gen:
    base = _EPOCH.date().toordinal()
    lo, hi = _offset_range(cons, lambda d: d.toordinal() - base, path, 30 * 365)
    lo, hi = max(lo, 1 - base), min(hi, _dt.date.max.toordinal() - base)
    return lambda rng: _dt.date.fromordinal(base + rng.randint(lo, hi))


def _datetime_gen(dtype: dt.Datetime, cons: Constraints, path: str) -> Gen:
    zone: _dt.tzinfo | None = None
    if dtype.tz:
        zone = _dt.timezone.utc if dtype.tz == "UTC" else zoneinfo.ZoneInfo(dtype.tz)

    def seconds(value: _dt.datetime) -> int:
        if value.tzinfo is not None:
            value = value.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        return math.floor((value - _EPOCH).total_seconds())

    lo, hi = _offset_range(cons, seconds, path, 30 * 365 * _DAY)

    def value(rng: random.Random) -> _dt.datetime:
        naive = _EPOCH + _dt.timedelta(seconds=rng.randint(lo, hi))
        if zone is None:
            return naive
        return naive.replace(tzinfo=_dt.timezone.utc).astimezone(zone)

    return value


# -- assembly -----------------------------------------------------------------------------


def _args(base: Any) -> tuple[Any, ...]:
    return typing.get_args(base)


def _nested(annotation: Any) -> tuple[dt.DType, bool, Constraints, Any]:
    dtype, nullable, metadata = _parse(annotation, [])
    return dtype, nullable, _collect_constraints(metadata), _declared_base(annotation)


def _with_nulls(gen: Gen, nullable: bool) -> Gen:
    if not nullable:
        return gen
    return lambda rng: None if rng.random() < NULL_RATE else gen(rng)


def _gen(dtype: dt.DType, cons: Constraints, base: Any, path: str) -> Gen:
    if isinstance(dtype, dt.Literal):
        values = list(dtype.values)
        return lambda rng: rng.choice(values)
    if isinstance(dtype, dt.Enum):
        members = list(dtype.enum)
        if not members:
            raise _fail(path, f"enum {dtype.enum.__name__} has no members")
        return lambda rng: rng.choice(members)
    if isinstance(dtype, dt.Boolean):
        return lambda rng: rng.random() < 0.5
    if isinstance(dtype, dt.Int64):
        return _int_gen(cons, path)
    if isinstance(dtype, dt.Float64):
        return _float_gen(cons, path)
    if isinstance(dtype, dt.Decimal):
        return _decimal_gen(dtype, cons, path)
    if isinstance(dtype, dt.String):
        return _string_gen(cons, path)
    if isinstance(dtype, dt.Binary):
        return _binary_gen(cons, path)
    if isinstance(dtype, dt.Date):
        return _date_gen(cons, path)
    if isinstance(dtype, dt.Datetime):
        return _datetime_gen(dtype, cons, path)
    if isinstance(dtype, dt.Time):
        return lambda rng: _dt.time(
            rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
        )
    if isinstance(dtype, dt.Duration):
        return lambda rng: _dt.timedelta(seconds=rng.randint(0, 10 * _DAY))
    if isinstance(dtype, dt.UUID):
        return lambda rng: uuid.UUID(int=rng.getrandbits(128), version=4)
    if isinstance(dtype, dt.IPv4):
        return lambda rng: ipaddress.IPv4Address(rng.getrandbits(32))
    if isinstance(dtype, dt.IPv6):
        return lambda rng: ipaddress.IPv6Address(rng.getrandbits(128))
    if isinstance(dtype, dt.List):
        inner_ann = _args(base)[0] if _args(base) else dtype.inner.python_type()
        inner_dtype, inner_null, inner_cons, inner_base = _nested(inner_ann)
        item = _with_nulls(
            _gen(inner_dtype, inner_cons, inner_base, f"{path}[]"), inner_null
        )
        low, high = _length_range(cons, (0, 3), path)
        return lambda rng: [item(rng) for _ in range(rng.randint(low, high))]
    if isinstance(dtype, dt.Map):
        args = _args(base)
        value_ann = args[1] if len(args) == 2 else dtype.value.python_type()
        v_dtype, v_null, v_cons, v_base = _nested(value_ann)
        entry = _with_nulls(_gen(v_dtype, v_cons, v_base, f"{path}{{}}"), v_null)
        low, high = _length_range(cons, (0, 3), path)
        return lambda rng: {f"k{i}": entry(rng) for i in range(rng.randint(low, high))}
    if isinstance(dtype, dt.Struct):
        model: type[pydantic.BaseModel] = (
            dtype.model if isinstance(dtype.model, type) else dtype.python_type()
        )
        fields: list[tuple[str, Gen]] = []
        for name, info in model.model_fields.items():
            column = column_from_annotation(name, info.annotation, info)
            fields.append((name, _column_gen(column, f"{path}.{name}")))
        return lambda rng: {name: gen(rng) for name, gen in fields}
    raise _fail(path, f"the dtype {dtype!r} has no example generator")


def _column_gen(column: Column, path: str) -> Gen:
    gen = _gen(
        column.dtype, column.constraints, _declared_base(column.annotation), path
    )
    return _with_nulls(gen, column.nullable)


def _override_column(name: str, value: Any, n: int) -> list[Any]:
    if callable(value):
        return [value(i) for i in range(n)]
    if isinstance(value, (list, tuple)):
        if len(value) != n:
            msg = (
                f"overrides[{name!r}] has {len(value)} values for {n} rows (a list "
                "is the whole column; use `lambda i: [...]` for a list per row)"
            )
            raise ExampleGenerationError(msg)
        return list(value)
    return [value] * n


def _check_n(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        msg = f"n must be an int >= 0, got {n!r}"
        raise ExampleGenerationError(msg)


def example_columns(
    schema: FrameSchema,
    n: int,
    *,
    seed: int | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> dict[str, list[Any]]:
    """``n`` rows of valid values for each column of ``schema``, as columns.

    ``overrides`` maps a column to a value (every row), a list or tuple (the
    whole column, ``n`` values) or a callable called with each row index.

    Raises:
        ExampleGenerationError: a column cannot be generated (named), a bad
            ``n`` or override length.
        ColumnNotFoundError: an override names no column.

    Example:
        >>> from pydantable import DataFrameModel
        >>> class T(DataFrameModel):
        ...     id: int
        ...     tag: str | None
        >>> cols = example_columns(T.__pydantable_schema__, 4, seed=3,
        ...                        overrides={"id": lambda i: i * 10})
        >>> cols["id"], None in cols["tag"]
        ([0, 10, 20, 30], True)
    """
    _check_n(n)
    given = dict(overrides or {})
    for name in given:
        if name not in schema:
            raise ColumnNotFoundError.from_missing(name, schema.names)
    rng = random.Random(seed)
    data: dict[str, list[Any]] = {}
    for column in schema.columns():
        if column.name in given:
            data[column.name] = _override_column(column.name, given[column.name], n)
            continue
        gen = _column_gen(column, column.name)
        values = [gen(rng) for _ in range(n)]
        if column.nullable and n >= 2:
            if all(v is not None for v in values):
                values[rng.randrange(n)] = None
            if all(v is None for v in values):
                base = _gen(
                    column.dtype,
                    column.constraints,
                    _declared_base(column.annotation),
                    column.name,
                )
                values[rng.randrange(n)] = base(rng)
        data[column.name] = values
    return data


def example_rows(
    model: type[pydantic.BaseModel],
    n: int,
    *,
    seed: int | None = 0,
) -> list[dict[str, Any]]:
    """``n`` valid rows of a Pydantic row model, as JSON values (what a client
    sends), validated by ``model`` itself; keys are the field names.

    Example:
        >>> import datetime
        >>> from typing import Annotated
        >>> from pydantic import Field
        >>> from pydantable import DataFrameModel
        >>> class Events(DataFrameModel):
        ...     id: Annotated[int, Field(ge=5, le=5)]
        ...     day: datetime.date
        >>> rows = example_rows(Events.row_model(), 1)
        >>> rows[0]["id"], isinstance(rows[0]["day"], str)
        (5, True)
    """
    _check_n(n)
    schema = FrameSchema(
        [
            column_from_annotation(name, info.annotation, info)
            for name, info in model.model_fields.items()
        ]
    )
    columns = example_columns(schema, n, seed=seed)
    rows = [{name: columns[name][i] for name in columns} for i in range(n)]
    return [
        model.model_validate(row, by_name=True).model_dump(mode="json", by_alias=False)
        for row in rows
    ]
