"""Pydantic validation of the cells the vectorized path cannot decide.

Vectorized validation handles canonical values (``1`` for ``int``,
``"2024-01-31"`` for ``date``) with Polars expressions. Every other non-null
cell — unusual spellings Pydantic still accepts, and invalid values — is
validated here, by Pydantic itself, in one ``list[T]`` call per chunk (a loop
in pydantic-core, not in Python). That makes coercions and error ``type``/
``msg``/``input`` exactly Pydantic's.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import operator
import types
import typing
from collections.abc import Callable, Iterator, Sequence
from functools import cached_property
from typing import Annotated, Any

import pydantic
from pydantic import TypeAdapter

from pydantable import dtypes as dt
from pydantable.engines.polars import MAP_KEY, MAP_VALUE
from pydantable.schema import Column, annotated, takes_aware_as_utc
from pydantable.validation.report import ErrorReport

__all__ = [
    "CellValidator",
    "MissingCell",
    "has_unstorable",
    "needs_storage_check",
    "to_storage",
]

CHUNK = 65_536


def cell_annotation(column: Column) -> Any:
    """The annotation validating one cell of ``column`` (constraints included)."""
    if takes_aware_as_utc(column):
        # the storage annotation already holds the field's constraints, before
        # the conversion of aware input to UTC: appended again they would check
        # the UTC time, where Pydantic checks the value as given
        return column.annotation
    metadata = list(column.field.metadata) if column.field is not None else []
    return annotated(column.annotation, metadata)


class MissingCell:
    """Marks a cell whose key was absent from its input row."""

    __slots__ = ("row",)

    def __init__(self, row: Any) -> None:
        self.row = row

    def __repr__(self) -> str:
        return "<missing>"


class CellValidator:
    """Validates raw cell values of one column with Pydantic.

    ``row_model`` is the frame's RowModel; field validators it declares for the
    column are applied too.
    """

    def __init__(
        self, column: Column, row_model: type[pydantic.BaseModel] | None
    ) -> None:
        self.column = column
        self.row_model = row_model

    @cached_property
    def _validators(self) -> dict[str, Any]:
        if self.row_model is None:
            return {}
        found: dict[str, Any] = {}
        decorators = self.row_model.__pydantic_decorators__.field_validators
        for name, dec in decorators.items():
            if self.column.name in dec.info.fields or "*" in dec.info.fields:
                func = getattr(dec.func, "__func__", dec.func)
                found[name] = pydantic.field_validator(
                    self.column.name, mode=dec.info.mode
                )(func)
        return found

    @cached_property
    def _storage(self) -> Callable[[Any], Any] | None:
        return storage_converter(self.column.dtype)

    @cached_property
    def _storage_check(self) -> bool:
        return needs_storage_check(self.column.dtype)

    def _drop_unstorable(
        self, values: list[Any], rows: Sequence[int], report: ErrorReport
    ) -> tuple[list[Any], Sequence[int]]:
        """Report validated values the engine cannot store (documented deviation).

        Pydantic accepts integers of any size, durations up to 999,999,999 days
        and strings with lone surrogates; the engine stores 64-bit ints, 64-bit
        microsecond durations and UTF-8. Such cells get an ``int_overflow``,
        ``duration_overflow`` or ``string_unicode`` error located at the part
        that does not fit (inner location included), with that part as input.
        """
        dtype = self.column.dtype
        if not has_unstorable(values, dtype):
            return values, rows
        bad: set[int] = set()
        for k, value in enumerate(values):
            for loc, error in _unstorable(value, dtype, ()):
                report.add(rows[k], self.column.name, {**error, "loc": loc})
                bad.add(k)
        keep = [k for k in range(len(values)) if k not in bad]
        return [values[k] for k in keep], [rows[k] for k in keep]

    @cached_property
    def has_nested_logic(self) -> bool:
        """Whether cells need validation logic below the top level that the
        vectorized rules do not model (inner constraints, nested model
        validators/config/aliases): such columns are validated by Pydantic."""
        return _nested_logic(_strip_optional(self.column.annotation))

    @property
    def has_custom_validators(self) -> bool:
        """Whether the RowModel declares field validators for this column."""
        return bool(self._validators)

    @cached_property
    def _adapter(self) -> TypeAdapter[list[Any]]:
        if self._validators:
            assert self.row_model is not None
            fields: dict[str, Any] = {
                self.column.name: (self.column.annotation, self.column.field or ...)
            }
            model = pydantic.create_model(
                f"{self.row_model.__name__}_{self.column.name}",
                __config__=self.row_model.model_config,
                __validators__=self._validators,
                **fields,
            )
            return TypeAdapter(list[model])
        item: Any = cell_annotation(self.column)
        adapter: TypeAdapter[list[Any]] = TypeAdapter(list[item])
        return adapter

    def validate(
        self,
        values: Sequence[Any],
        rows: Sequence[int],
        report: ErrorReport,
        *,
        need_values: bool = True,
        may_have_missing: bool = False,
    ) -> tuple[list[int], list[Any]]:
        """Validate ``values`` (cells of rows ``rows``); record errors in ``report``.

        Returns:
            The rows that validated and their values converted to storage form.
            Values are skipped (empty lists) once ``need_values`` is false and the
            report already holds errors, as the ingest will fail anyway.
        """
        ok_rows: list[int] = []
        ok_values: list[Any] = []
        had_missing = may_have_missing and any(
            isinstance(v, MissingCell) for v in values
        )
        if had_missing:
            present = [
                k for k, v in enumerate(values) if not isinstance(v, MissingCell)
            ]
            for k, v in enumerate(values):
                if isinstance(v, MissingCell):
                    error = {
                        "type": "missing",
                        "loc": (),
                        "msg": "Field required",
                        "input": v.row,
                    }
                    report.add(rows[k], self.column.name, error)
            values = [values[k] for k in present]
            rows = [rows[k] for k in present]
        # Unstorable values are errors too: finding them needs the validated values.
        need_values = need_values or self._storage_check
        wrap = bool(self._validators)
        name = self.column.name
        for start in range(0, len(values), CHUNK):
            chunk = list(values[start : start + CHUNK])
            chunk_rows = rows[start : start + CHUNK]
            payload = [{name: v} for v in chunk] if wrap else chunk
            try:
                out = self._adapter.validate_python(payload)
            except pydantic.ValidationError as exc:
                if (
                    not need_values
                    and not had_missing
                    and not report.wants_details(name)
                ):
                    report.add_count(exc.error_count())
                    continue
                bad: set[int] = set()
                for details in exc.errors(include_url=False):
                    pos = details["loc"][0]
                    assert isinstance(pos, int)
                    inner = details["loc"][2:] if wrap else details["loc"][1:]
                    report.add(chunk_rows[pos], name, {**details, "loc": inner})
                    bad.add(pos)
                if not need_values:
                    continue
                keep = [k for k in range(len(chunk)) if k not in bad]
                out = self._adapter.validate_python([payload[k] for k in keep])
                chunk_rows = [chunk_rows[k] for k in keep]
            if not need_values and report:
                continue
            if wrap:
                out = [getattr(m, name) for m in out]
            if self._storage_check:
                out, chunk_rows = self._drop_unstorable(out, chunk_rows, report)
            ok_rows.extend(chunk_rows)
            convert = self._storage
            if convert is None:
                ok_values.extend(out)
            else:
                ok_values.extend(None if v is None else convert(v) for v in out)
        return ok_rows, ok_values


def _strip_optional(tp: Any) -> Any:
    """``tp`` without top-level ``Annotated`` and ``| None`` wrappers."""
    while True:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            tp = tp.__origin__
            continue
        if origin is typing.Union or origin is types.UnionType:
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) == 1:
                tp = args[0]
                continue
        return tp


def _nested_logic(tp: Any) -> bool:
    origin = typing.get_origin(tp)
    if origin is Annotated:
        return True  # metadata on an inner type (constraints, validators ...)
    if origin is typing.Union or origin is types.UnionType:
        return any(_nested_logic(a) for a in typing.get_args(tp) if a is not type(None))
    if origin is list or origin is dict:
        return any(_nested_logic(a) for a in typing.get_args(tp))
    if isinstance(tp, type) and issubclass(tp, pydantic.BaseModel):
        return not _plain_model(tp)
    return False


def _plain_model(model: type[pydantic.BaseModel]) -> bool:
    """Whether a nested model validates like its fields' plain types (no hooks)."""
    decorators = model.__pydantic_decorators__
    if (
        decorators.validators
        or decorators.field_validators
        or decorators.root_validators
        or decorators.model_validators
    ):
        return False
    config = model.model_config
    if config.get("strict") or config.get("extra") in ("allow", "forbid"):
        return False  # building a struct drops extra keys: Pydantic decides
    return not any(
        info.metadata
        or info.alias is not None
        or info.validation_alias is not None
        or _nested_logic(info.annotation)
        for info in model.model_fields.values()
    )


INT_OVERFLOW_MSG = "Input should fit in a signed 64-bit integer"
DURATION_OVERFLOW_MSG = "Input should fit in a signed 64-bit number of microseconds"
_I64_MIN, _I64_MAX = -(2**63), 2**63 - 1
_TD_MIN = datetime.timedelta(microseconds=_I64_MIN)
_TD_MAX = datetime.timedelta(microseconds=_I64_MAX)


def needs_storage_check(dtype: dt.DType, *, in_struct: bool = False) -> bool:
    """Whether Pydantic accepts values of ``dtype`` that the engine cannot store:
    ints beyond 64 bits, durations beyond 64-bit microseconds, strings with
    lone surrogates (not UTF-8), at any depth (map keys are strings); and inside
    nested models (whose own annotations are not tightened to storage) datetimes
    of the wrong awareness, aware times and decimals beyond the field's scale.

    Literal and Enum values are fixed by the declaration, so they are not checked.
    """
    if isinstance(dtype, (dt.Enum, dt.Literal)):
        return False
    if isinstance(dtype, dt.List):
        return needs_storage_check(dtype.inner, in_struct=in_struct)
    if isinstance(dtype, dt.Map):
        return True
    if isinstance(dtype, dt.Struct):
        return any(needs_storage_check(f.dtype, in_struct=True) for f in dtype.fields)
    if in_struct and isinstance(dtype, (dt.Datetime, dt.Time, dt.Decimal)):
        return True
    return isinstance(dtype, (dt.Int64, dt.Duration, dt.String))


def has_unstorable(
    values: Sequence[Any], dtype: dt.DType, *, checked: bool = False
) -> bool:
    """Whether validated ``values`` of ``dtype`` hold a value the engine cannot store.

    Flat columns are checked with C-level passes (min/max, one UTF-8 encode).
    ``checked`` skips the :func:`needs_storage_check` test (already done).
    """
    if not checked and not needs_storage_check(dtype):
        return False
    if isinstance(dtype, (dt.Int64, dt.Duration)):
        present = list(filter(None, values))  # drops None (and zeros, which fit)
        low, high = (
            (_I64_MIN, _I64_MAX) if isinstance(dtype, dt.Int64) else (_TD_MIN, _TD_MAX)
        )
        return bool(present) and not (min(present) >= low and max(present) <= high)
    if isinstance(dtype, dt.String):
        try:
            "".join(filter(None, values)).encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    return any(next(_unstorable(v, dtype, ()), None) for v in values)


def _unstorable(
    value: Any, dtype: dt.DType, loc: tuple[Any, ...]
) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    """``(inner location, error)`` for each part of a validated value the engine
    cannot store. The error's ``input`` is that part (the int, the string ...)."""
    if value is None:
        return
    if isinstance(dtype, dt.List):
        for k, item in enumerate(value):
            yield from _unstorable(item, dtype.inner, (*loc, k))
    elif isinstance(dtype, dt.Map):
        for key, item in value.items():
            # As in Pydantic's locations (Rust strings): lone surrogates become U+FFFD.
            where = key.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
            yield from _unstorable(key, dt.String(), (*loc, where, "[key]"))
            yield from _unstorable(item, dtype.value, (*loc, where))
    elif isinstance(dtype, dt.Struct):
        for f in dtype.fields:
            item = (
                value.get(f.name)
                if isinstance(value, dict)
                else getattr(value, f.name, None)
            )
            yield from _unstorable(item, f.dtype, (*loc, f.name))
    elif isinstance(dtype, dt.Int64):
        if isinstance(value, int) and not _I64_MIN <= value <= _I64_MAX:
            yield loc, {"type": "int_overflow", "msg": INT_OVERFLOW_MSG, "input": value}
    elif isinstance(dtype, dt.Duration):
        if isinstance(value, datetime.timedelta) and not _TD_MIN <= value <= _TD_MAX:
            error = {
                "type": "duration_overflow",
                "msg": DURATION_OVERFLOW_MSG,
                "input": value,
            }
            yield loc, error
    elif isinstance(dtype, (dt.Datetime, dt.Time)) and isinstance(
        value, (datetime.datetime, datetime.time)
    ):
        aware = value.tzinfo is not None
        if isinstance(dtype, dt.Time) or dtype.tz is None:
            if aware:
                yield loc, {"type": "timezone_naive", "msg": _NAIVE_MSG, "input": value}
        elif not aware:
            yield loc, {"type": "timezone_aware", "msg": _AWARE_MSG, "input": value}
    elif isinstance(dtype, dt.Decimal) and isinstance(value, decimal.Decimal):
        exponent = value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        digits = len(value.as_tuple().digits) - places
        if places > dtype.scale:
            yield (
                loc,
                {
                    "type": "decimal_max_places",
                    "msg": f"Decimal input should have no more than {dtype.scale} decimal places",
                    "input": value,
                    "ctx": {"decimal_places": dtype.scale},
                },
            )
        elif digits > dtype.precision - dtype.scale:
            whole = dtype.precision - dtype.scale
            yield (
                loc,
                {
                    "type": "decimal_whole_digits",
                    "msg": f"Decimal input should have no more than {whole} digits before the decimal point",
                    "input": value,
                    "ctx": {"whole_digits": whole},
                },
            )
    elif isinstance(dtype, dt.String) and isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            yield (
                loc,
                {
                    "type": "string_unicode",
                    "msg": "Input should be a valid string, unable to parse raw data as a unicode string",
                    "input": value,
                },
            )


_NAIVE_MSG = "Input should not have timezone info"
_AWARE_MSG = "Input should have timezone info"


def storage_converter(dtype: dt.DType) -> Callable[[Any], Any] | None:
    """A converter from validated values to stored form, or None if they match."""
    if isinstance(dtype, dt.Literal):
        return None  # Pydantic returns the literal value itself
    if isinstance(dtype, dt.Enum):
        return operator.attrgetter("value")
    if isinstance(dtype, (dt.UUID, dt.IPv4, dt.IPv6)):
        return str
    if isinstance(dtype, dt.List) and storage_converter(dtype.inner) is None:
        return None
    if isinstance(dtype, (dt.List, dt.Map, dt.Struct)):
        return lambda value: to_storage(value, dtype)
    return None


def to_storage(value: Any, dtype: dt.DType) -> Any:
    """Convert a validated Python value to the form the engine stores."""
    if value is None:
        return None
    if isinstance(dtype, (dt.Enum, dt.Literal)):
        return value.value if isinstance(value, enum.Enum) else value
    if isinstance(dtype, (dt.UUID, dt.IPv4, dt.IPv6)):
        return str(value)
    if isinstance(dtype, dt.List):
        return [to_storage(v, dtype.inner) for v in value]
    if isinstance(dtype, dt.Map):
        return [
            {MAP_KEY: k, MAP_VALUE: to_storage(v, dtype.value)}
            for k, v in value.items()
        ]
    if isinstance(dtype, dt.Struct):
        get = value.get if isinstance(value, dict) else lambda k: getattr(value, k)
        return {f.name: to_storage(get(f.name), f.dtype) for f in dtype.fields}
    return value
