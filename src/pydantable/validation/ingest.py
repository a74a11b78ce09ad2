"""Ingest: any supported input → one validated Polars DataFrame of the schema.

Inputs: a mapping of columns (lists, tuples, NumPy/Arrow arrays, Polars or
pandas Series), a list of row dicts or Pydantic models, a Polars
DataFrame/LazyFrame, a PyArrow Table/RecordBatch or a pandas DataFrame.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import polars as pl
import pydantic

from pydantable.engines.polars import polars_schema
from pydantable.errors import ColumnLengthMismatchError, SchemaMismatchError
from pydantable.schema import Column, FrameSchema
from pydantable.validation.cells import CellValidator, MissingCell
from pydantable.validation.columns import from_arrow, validate_full, validate_trusted
from pydantable.validation.python_lane import ColumnsValidator, validate_small
from pydantable.validation.python_table import PythonTable
from pydantable.validation.report import DEFAULT_MAX_ERRORS, ErrorReport
from pydantable.validation.rowmodel import (
    has_row_validators,
    rows_from_columns,
    validate_rows,
)

__all__ = [
    "CellValidators",
    "IngestOptions",
    "TrustedMode",
    "column_key_errors",
    "ignores_extra",
    "ingest",
    "normalize_trusted_mode",
]

TrustedMode = Literal["off", "shape_only", "strict"]
_MODES: tuple[str, ...] = ("off", "shape_only", "strict")
_MISSING: Any = object()

#: Inputs of at most this many cells (rows × columns) given as Python sequences
#: are validated by Pydantic column by column (faster for API-sized payloads);
#: larger ones take the vectorized path. Both give identical results and errors.
SMALL_INPUT_CELLS = 25_000


def normalize_trusted_mode(mode: str | None) -> TrustedMode:
    """Validate a ``trusted_mode`` argument (``None`` means ``"off"``).

    Raises:
        ValueError: unknown mode.
    """
    if mode is None:
        return "off"
    if mode not in _MODES:
        msg = f"trusted_mode must be one of {list(_MODES)} or None; got {mode!r}"
        raise ValueError(msg)
    return mode  # type: ignore[return-value]


@dataclass(frozen=True)
class IngestOptions:
    """How an input is validated (see ``DataFrameModel.__init__``)."""

    trusted_mode: TrustedMode = "off"
    fill_missing_optional: bool = True
    ignore_errors: bool = False
    on_validation_errors: Callable[[list[dict[str, Any]]], Any] | None = None
    max_errors: int = DEFAULT_MAX_ERRORS
    #: The input is decoded JSON: under the trusted modes, columns whose type
    #: JSON carries as text (datetimes, dates, times, durations, UUIDs,
    #: decimals, bytes) accept that text, as Pydantic's JSON mode does.
    json_input: bool = False

    def __post_init__(self) -> None:
        if (
            isinstance(self.max_errors, bool)
            or not isinstance(self.max_errors, int)
            or self.max_errors < 1
        ):
            msg = f"max_errors must be an int >= 1; got {self.max_errors!r}"
            raise ValueError(msg)
        if self.ignore_errors and self.trusted_mode != "off":
            msg = "ignore_errors=True requires trusted_mode='off' (cells are not validated otherwise)"
            raise ValueError(msg)


@dataclass
class CellValidators:
    """Per-column Pydantic validators of a schema, built on first use (cache these)."""

    schema: FrameSchema
    row_model: type[pydantic.BaseModel] | None
    cache: dict[str, CellValidator]

    def __init__(
        self, schema: FrameSchema, row_model: type[pydantic.BaseModel] | None
    ) -> None:
        self.schema = schema
        self.row_model = row_model
        self.cache = {}
        self.columns = ColumnsValidator(schema, self)

    def __getitem__(self, name: str) -> CellValidator:
        found = self.cache.get(name)
        if found is None:
            found = self.cache[name] = CellValidator(self.schema[name], self.row_model)
        return found


def ingest(
    data: Any,
    schema: FrameSchema,
    *,
    validators: CellValidators,
    title: str,
    options: IngestOptions,
) -> pl.DataFrame | PythonTable:
    """Validate ``data`` against ``schema``: a Polars DataFrame, or for small
    inputs a :class:`PythonTable` (validated lists, built into Polars on use).

    Raises:
        pydantic.ValidationError: invalid cells (``loc`` is ``(column, row, ...)``
            for column input and ``(row, column, ...)`` for row input).
        ColumnLengthMismatchError: columns of different lengths.
        SchemaMismatchError: unknown or missing columns; trusted-mode violations.
        TypeError: unsupported input type.
    """
    if isinstance(data, (str, bytes, bytearray)):
        msg = (
            f"{title} input must be a mapping of columns or a sequence of rows "
            f"(mappings or Pydantic models), not {type(data).__name__}. For "
            "columnar data use a mapping `{column: list}`."
        )
        raise TypeError(msg)
    if isinstance(data, (list, tuple)) and options.ignore_errors:
        skipped = _non_mapping_rows(data)
        if skipped:
            return _ingest_without(
                data,
                skipped,
                schema,
                validators=validators,
                title=title,
                options=options,
            )
    extra_keys: list[tuple[int, str, Any]] = []
    with_missing: set[str] = set()
    alias_rows: dict[str, set[int]] = {}
    ignore = ignores_extra(validators.row_model)
    if isinstance(data, Mapping):
        columns, n_rows, layout = _from_mapping(data, schema, ignore), None, "columns"
        rows: Sequence[Any] | None = None
    elif isinstance(data, (list, tuple)):
        rows = data
        columns, extra_keys, with_missing, alias_rows = _from_rows(
            data, schema, options
        )
        if ignore:
            extra_keys = []
        n_rows, layout = len(data), "rows"
    else:
        columns = _from_frame_like(data, schema, ignore)
        n_rows, rows = None, None
        layout = (
            "polars" if isinstance(data, (pl.DataFrame, pl.LazyFrame)) else "columns"
        )
    lengths = {name: _length(values) for name, values in columns.items()}
    if len(set(lengths.values())) > 1:  # checked on the columns given, before filling
        raise ColumnLengthMismatchError(lengths)
    columns = _fill_missing(
        columns, schema, options, n_rows, frame_input=layout == "polars"
    )
    if layout == "polars":
        layout = "columns"
    n = next(iter(lengths.values()), n_rows or 0)
    report = ErrorReport(
        title,
        layout,  # type: ignore[arg-type]
        max_errors=options.max_errors,
        keep_all=options.ignore_errors,
        column_order=schema.memo("column_order", _column_order),
    )
    if layout == "rows":
        report.aliases = schema.memo("loc_aliases", _loc_aliases)
        report.alias_rows = alias_rows
    for row, key, value in extra_keys:
        report.add(
            row,
            key,
            {
                "type": "extra_forbidden",
                "loc": (),
                "msg": "Extra inputs are not permitted",
                "input": value,
            },
        )
    if options.trusted_mode == "off" and has_row_validators(validators.row_model):
        assert validators.row_model is not None
        raw_rows = rows if rows is not None else rows_from_columns(columns, n)
        table = validate_rows(raw_rows, schema, validators.row_model, report)
        return _finish_table(table, report, columns, rows, options)
    if (
        options.trusted_mode == "off"
        and n * max(len(schema), 1) <= SMALL_INPUT_CELLS
        and all(isinstance(columns[name], (list, tuple)) for name in schema)
    ):
        fast = (
            None if with_missing or report else validators.columns.validate(columns, n)
        )
        if fast is not None:
            return PythonTable(schema, fast, n)
        py_columns = {
            name: validate_small(
                name,
                columns[name],
                validators[name],
                report,
                may_have_missing=name in with_missing,
            )
            for name in schema
        }
        return _finish_table(
            PythonTable(schema, py_columns, n), report, columns, rows, options
        )
    series: list[pl.Series] = []
    for name in schema:
        column = schema[name]
        raw = columns[name]
        if options.trusted_mode == "off":
            series.append(
                validate_full(
                    name,
                    raw,
                    column,
                    validators[name],
                    report,
                    may_have_missing=name in with_missing,
                )
            )
        else:
            series.append(
                validate_trusted(
                    name,
                    raw,
                    column,
                    options.trusted_mode,
                    json_input=options.json_input,
                    validator=validators[name],
                )
            )
    frame = pl.DataFrame(series) if series else pl.DataFrame()
    if not series:
        frame = pl.DataFrame(schema=polars_schema(schema))
    if report:
        if not options.ignore_errors:
            raise report.to_validation_error()
        _report_failures(report, columns, rows, options)
        failed = report.failed_rows
        keep = pl.Series([True] * n).scatter(failed, False)
        frame = frame.filter(keep)
    return frame


#: The TypeError of a row that is neither a mapping nor a Pydantic model.
ROW_INPUT_MSG = "Row input must be a sequence of mapping objects or Pydantic models."


def _row_kind_ok(kind: type) -> bool:
    return issubclass(kind, (Mapping, pydantic.BaseModel))


def _non_mapping_rows(rows: Sequence[Any]) -> list[int]:
    """Indices of the rows that are neither mappings nor Pydantic models."""
    if all(map(_row_kind_ok, set(map(type, rows)))):
        return []
    return [i for i, row in enumerate(rows) if not _row_kind_ok(type(row))]


def _raw_row_errors(
    row: Any, row_model: type[pydantic.BaseModel] | None
) -> list[dict[str, Any]]:
    """Pydantic's errors for a row that is no mapping (``model_type``)."""
    if row_model is not None:
        try:
            row_model.model_validate(row)
        except pydantic.ValidationError as exc:
            return [dict(e) for e in exc.errors(include_url=False)]
    return [
        {
            "type": "dict_type",
            "loc": (),
            "msg": "Input should be a valid dictionary",
            "input": row,
        }
    ]


def _ingest_without(
    rows: Sequence[Any],
    raw_rows: list[int],
    schema: FrameSchema,
    *,
    validators: CellValidators,
    title: str,
    options: IngestOptions,
) -> pl.DataFrame | PythonTable:
    """``ignore_errors`` ingest of rows some of which are no mapping: those
    are skipped and reported as ``{"row_index": i, "row": {"_raw_row": x},
    "errors": [...]}`` together with the invalid rows of the others (one
    ``on_validation_errors`` call, by row index)."""
    skipped = set(raw_rows)
    kept = [i for i in range(len(rows)) if i not in skipped]
    found: list[dict[str, Any]] = []
    inner = dataclasses.replace(options, on_validation_errors=found.extend)
    table = ingest(
        [rows[i] for i in kept],
        schema,
        validators=validators,
        title=title,
        options=inner,
    )
    if options.on_validation_errors is not None:
        payload = [{**entry, "row_index": kept[entry["row_index"]]} for entry in found]
        payload.extend(
            {
                "row_index": i,
                "row": {"_raw_row": rows[i]},
                "errors": _raw_row_errors(rows[i], validators.row_model),
            }
            for i in raw_rows
        )
        payload.sort(key=operator.itemgetter("row_index"))
        options.on_validation_errors(payload)
    return table


def _finish_table(
    table: PythonTable,
    report: ErrorReport,
    columns: Mapping[str, Any],
    rows: Sequence[Any] | None,
    options: IngestOptions,
) -> PythonTable:
    if report:
        if not options.ignore_errors:
            raise report.to_validation_error()
        _report_failures(report, columns, rows, options)
        table = table.drop_rows(report.failed_rows)
    return table


def _length(values: Any) -> int:
    try:
        return len(values)
    except TypeError:
        msg = (
            f"a column must be a sequence (list, tuple, array or Series); got "
            f"{type(values).__name__}: materialize it first, e.g. list(values)"
        )
        raise TypeError(msg) from None


def ignores_extra(row_model: type[pydantic.BaseModel] | None) -> bool:
    """Whether the model drops unknown columns and keys (``extra="ignore"``)."""
    return row_model is not None and row_model.model_config.get("extra") == "ignore"


def _from_mapping(
    data: Mapping[str, Any], schema: FrameSchema, ignore_extra: bool = False
) -> dict[str, Any]:
    names = _alias_map(schema)
    columns: dict[str, Any] = {}
    unknown: list[str] = []
    for key, values in data.items():
        name = names.get(key)
        if name is None:
            unknown.append(str(key))
            continue
        columns[name] = values
    if unknown and not ignore_extra:
        msg = f"Unknown columns for schema: {unknown}; expected {list(schema)}"
        raise SchemaMismatchError(msg)
    return columns


#: Decoded JSON values that are no column (a column is an array).
_NO_COLUMN = (str, bytes, int, float, dict)


def column_key_errors(
    data: Mapping[str, Any],
    schema: FrameSchema,
    *,
    ignore_extra: bool = False,
    fill_missing_optional: bool = True,
    max_errors: int = DEFAULT_MAX_ERRORS,
) -> list[dict[str, Any]]:
    """The errors of the keys of a columnar object, as Pydantic reports a model's
    fields (what FastAPI answers for a columnar body model, under ``"body"``).

    A required column (no default; not nullable while ``fill_missing_optional``)
    that is absent is ``missing`` at its key (validation alias, else name; the
    input is ``data``); one sent as ``null``, or any column sent as a JSON
    scalar or object, is ``list_type``; a key naming no column (by name or
    alias) is ``extra_forbidden`` unless ``ignore_extra``. Columns in schema
    order, then unknown keys in ``data`` order; at most ``max_errors``.
    ``[]`` when the keys are fine (cells are not looked at).

    Example:
        >>> from pydantable import DataFrameModel
        >>> class T(DataFrameModel):
        ...     x: int
        ...     y: int | None
        >>> [(e["type"], e["loc"]) for e in column_key_errors(
        ...     {"y": [1], "z": [2]}, T.__pydantable_schema__)]
        [('missing', ('x',)), ('extra_forbidden', ('z',))]
    """
    names = _alias_map(schema)
    sent: dict[str, Any] = {}  # column -> the key it was sent as
    for given in data:
        name = names.get(given)
        if name is not None:
            sent.setdefault(name, given)
    aliases = schema.memo("loc_aliases", _loc_aliases)
    errors: list[dict[str, Any]] = []
    for column in schema.columns():
        key = sent.get(column.name)
        value = None if key is None else data[key]
        if value is None:
            if column.has_default or (column.nullable and fill_missing_optional):
                continue
            if key is None:
                where = aliases.get(column.name, column.name)
                errors.append(
                    {
                        "type": "missing",
                        "loc": (where,),
                        "msg": "Field required",
                        "input": data,
                    }
                )
                continue
        elif not isinstance(value, _NO_COLUMN):
            continue
        errors.append(
            {
                "type": "list_type",
                "loc": (key,),
                "msg": "Input should be a valid list",
                "input": value,
            }
        )
    if not ignore_extra:
        for key, value in data.items():
            if len(errors) >= max_errors:
                break
            if key not in names:
                errors.append(
                    {
                        "type": "extra_forbidden",
                        "loc": (key,),
                        "msg": "Extra inputs are not permitted",
                        "input": value,
                    }
                )
    return errors[:max_errors]


def _loc_aliases(schema: FrameSchema) -> dict[str, str]:
    """Column → the validation alias Pydantic names in error locations."""
    out: dict[str, str] = {}
    for column in schema.columns():
        if column.field is not None:
            alias = column.field.validation_alias or column.field.alias
            if isinstance(alias, str) and alias != column.name:
                out[column.name] = alias
    return out


def _column_order(schema: FrameSchema) -> dict[str, int]:
    return {name: i for i, name in enumerate(schema)}


def _alias_map(schema: FrameSchema) -> dict[str, str]:
    """Input key → column name (cached per schema)."""
    found: dict[str, str] = schema.memo("alias_map", _build_alias_map)
    return found


def _build_alias_map(schema: FrameSchema) -> dict[str, str]:
    """Input key → column name: field names, plus ``alias``/``validation_alias``."""
    out: dict[str, str] = {}
    for column in schema.columns():
        out[column.name] = column.name
        if column.field is not None:
            for alias in (column.field.alias, column.field.validation_alias):
                if isinstance(alias, str):
                    out.setdefault(alias, column.name)
    return out


def _fill_missing(
    columns: dict[str, Any],
    schema: FrameSchema,
    options: IngestOptions,
    n_rows: int | None,
    *,
    frame_input: bool = False,
) -> dict[str, Any]:
    missing = [name for name in schema if name not in columns]
    if not missing:
        return columns
    n = (
        n_rows
        if n_rows is not None
        else next((_length(v) for v in columns.values()), 0)
    )
    required = [
        name
        for name in missing
        if not schema[name].has_default and not schema[name].nullable
    ]
    optional = [
        name
        for name in missing
        if not schema[name].has_default
        and schema[name].nullable
        and not options.fill_missing_optional
    ]
    if (required or optional) and (n > 0 or columns):
        if frame_input:
            raise _frame_mismatch(schema, columns, [])
        if required:
            msg = f"Missing required columns: {required}"
        else:
            msg = f"Missing optional columns (configured as error): {optional}"
        raise SchemaMismatchError(msg)
    out = dict(columns)
    for name in missing:
        out[name] = [schema[name].default_value()] * n
    return out


def _from_frame_like(
    data: Any, schema: FrameSchema, ignore_extra: bool = False
) -> dict[str, Any]:
    frame = _as_polars_frame(data)
    given = {name: frame.get_column(name) for name in frame.columns}
    if isinstance(data, (pl.DataFrame, pl.LazyFrame)) and not ignore_extra:
        extra = [k for k in given if k not in _alias_map(schema)]
        if extra:
            raise _frame_mismatch(schema, given, extra)
    return _from_mapping(given, schema, ignore_extra)


def _frame_mismatch(
    schema: FrameSchema, given: Mapping[str, Any], extra: list[str]
) -> SchemaMismatchError:
    """The error of a Polars frame whose columns do not fit the schema (the
    original's wording); ``missing`` lists the columns that cannot be filled."""
    names = _alias_map(schema)
    present = {names[k] for k in given if k in names}
    missing = [name for name in schema if name not in present]
    msg = (
        "Polars DataFrame columns must match schema columns exactly; "
        f"expected={list(schema)}, missing={missing}, extra={extra}"
    )
    return SchemaMismatchError(msg)


def _as_polars_frame(data: Any) -> pl.DataFrame:
    if isinstance(data, pl.DataFrame):
        return data
    if isinstance(data, pl.LazyFrame):
        return data.collect()
    to_polars = getattr(data, "to_polars", None)
    if callable(to_polars) and hasattr(data, "__pydantable_schema__"):
        return to_polars()  # type: ignore[no-any-return]
    module = type(data).__module__.split(".")[0]
    if module == "pyarrow":
        converted = from_arrow(data)
        if isinstance(converted, pl.DataFrame):
            return converted
    if module == "pandas" and hasattr(data, "columns"):
        converted_pandas: pl.DataFrame = pl.from_pandas(data)
        return converted_pandas
    msg = (
        "cannot build a frame from "
        f"{type(data).__name__}: pass a dict of columns, a list of row dicts or "
        "models, a Polars/pandas DataFrame, or a PyArrow Table/RecordBatch"
    )
    raise TypeError(msg)


# -- row-list input ----------------------------------------------------------------


def _from_rows(
    rows: Sequence[Any], schema: FrameSchema, options: IngestOptions
) -> tuple[dict[str, Any], list[tuple[int, str, Any]], set[str], dict[str, set[int]]]:
    """Transpose row dicts/models into columns (one C-level pass per column).

    Returns the columns, the unknown keys found ``(row, key, value)`` and the
    names of columns holding :class:`MissingCell` markers (absent required keys).
    Unknown keys, and keys that are absent where absence matters, are detected
    without a per-cell loop in the common case.
    """
    if not rows:
        return {name: [] for name in schema}, [], set(), {}
    kinds = set(map(type, rows))
    models = {k for k in kinds if issubclass(k, pydantic.BaseModel)}
    if models == kinds:
        return _from_models(rows, schema), [], set(), {}
    if not all(map(_row_kind_ok, kinds)):
        first = next(i for i, r in enumerate(rows) if not _row_kind_ok(type(r)))
        msg = f"{ROW_INPUT_MSG} Row {first} is {type(rows[first]).__name__}."
        raise TypeError(msg)
    if models:  # models mixed with dicts: a model row is its fields
        rows = [dict(r) if isinstance(r, pydantic.BaseModel) else r for r in rows]
    names = list(schema)
    aliases = {k: v for k, v in _alias_map(schema).items() if k != v}
    original = rows
    alias_rows: dict[str, set[int]] = {}
    if aliases:  # any row may use an alias key
        rows = [_rename_keys(r, aliases, i, alias_rows) for i, r in enumerate(rows)]
    columns: dict[str, Any] = {}
    missing_total = 0
    for name in names:
        try:
            columns[name] = list(map(operator.itemgetter(name), rows))
        except (KeyError, TypeError):
            values = _column_with_missing(rows, name)
            missing_total += sum(1 for v in values if v is _MISSING)
            columns[name] = values
    try:
        key_count = sum(map(len, rows))
    except TypeError:
        key_count = -1
    extra: list[tuple[int, str, Any]] = []
    if key_count != len(rows) * len(names) - missing_total:
        extra = _unknown_keys(rows, schema)
    with_missing: set[str] = set()
    if missing_total:
        for name, values in columns.items():
            if any(v is _MISSING for v in values):
                columns[name] = _fill_absent(values, original, schema[name], options)
                if any(isinstance(v, MissingCell) for v in columns[name]):
                    with_missing.add(name)
    return columns, extra, with_missing, alias_rows


def _rename_keys(
    row: Any, aliases: Mapping[str, str], index: int, alias_rows: dict[str, set[int]]
) -> Any:
    """Alias keys → column names, recording in ``alias_rows`` which column was
    given by its alias in row ``index`` (error locations name that key). A row
    giving both an alias and its field name keeps the field name as an unknown
    key (reported ``extra_forbidden``, as Pydantic does when it validates by alias)."""
    if not isinstance(row, Mapping) or aliases.keys().isdisjoint(row):
        return row
    out: dict[Any, Any] = {}
    for key, value in row.items():
        name = aliases.get(key)
        if name is not None:
            alias_rows.setdefault(name, set()).add(index)
        if name is None:
            if key in out:  # the field name after its alias
                out[_Shadowed(key)] = value
                continue
            out[key] = value
        else:
            if name in out:  # the alias after the field name
                out[_Shadowed(name)] = out.pop(name)
            out[name] = value
    return out


class _Shadowed(str):
    """A field-name key that an alias in the same row took precedence over."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(("__shadowed__", str(self)))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Shadowed) and str.__eq__(self, other)


def _column_with_missing(rows: Sequence[Any], name: str) -> list[Any]:
    out = []
    for i, row in enumerate(rows):
        if not isinstance(row, Mapping):
            msg = f"row {i}: expected a dict, got {type(row).__name__}"
            raise TypeError(msg)
        out.append(row.get(name, _MISSING))
    return out


def _unknown_keys(
    rows: Sequence[Any], schema: FrameSchema
) -> list[tuple[int, str, Any]]:
    allowed = set(schema)
    found: list[tuple[int, str, Any]] = []
    for i, row in enumerate(rows):
        if not isinstance(row, Mapping):
            msg = f"row {i}: expected a dict, got {type(row).__name__}"
            raise TypeError(msg)
        found.extend(
            (i, key, row[key]) for key in row if key not in allowed
        )  # input order
    return found


def _fill_absent(
    values: list[Any], rows: Sequence[Any], column: Column, options: IngestOptions
) -> list[Any]:
    """Replace absent keys: field default, ``None`` for optional columns, else a
    :class:`MissingCell` (reported as Pydantic's ``missing`` error)."""
    if column.has_default:
        default = column.default_value()
        return [default if v is _MISSING else v for v in values]
    if column.nullable and options.fill_missing_optional:
        return [None if v is _MISSING else v for v in values]
    return [MissingCell(rows[i]) if v is _MISSING else v for i, v in enumerate(values)]


def _from_models(rows: Sequence[Any], schema: FrameSchema) -> dict[str, Any]:
    columns: dict[str, Any] = {}
    for name in schema:
        try:
            columns[name] = list(map(operator.attrgetter(name), rows))
        except AttributeError:
            columns[name] = [getattr(r, name, _MISSING) for r in rows]
    return columns


def _report_failures(
    report: ErrorReport,
    columns: Mapping[str, Any],
    rows: Sequence[Any] | None,
    options: IngestOptions,
) -> None:
    """Call ``on_validation_errors`` once with ``[{row_index, row, errors}]``."""
    if options.on_validation_errors is None:
        return
    payload = []
    for i in sorted(report.failures):
        row = (
            rows[i]
            if rows is not None
            else {k: _cell(v, i) for k, v in columns.items()}
        )
        if isinstance(row, pydantic.BaseModel):
            row = row.model_dump()
        payload.append(
            {"row_index": i, "row": row, "errors": report.failures[i].errors}
        )
    options.on_validation_errors(payload)


def _cell(values: Any, i: int) -> Any:
    if isinstance(values, pl.Series):
        return values.slice(i, 1).to_list()[0]  # a Python value, also for nested dtypes
    value = values[i]
    return None if isinstance(value, MissingCell) else value
