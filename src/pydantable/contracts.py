"""Schema contracts: a model's schema for other tools, and how two schemas differ.

- :func:`polars_schema` and :func:`arrow_schema` give the ``polars.Schema`` and
  ``pyarrow.Schema`` of a declared schema (``Model.to_polars_schema()``,
  ``Model.to_arrow_schema()``); the SQLAlchemy table is in
  :mod:`pydantable.io.sql.ddl` (``Model.to_sqlalchemy_table()``).
- :func:`infer_model` writes the source code of a model class for an existing
  Polars frame (``Model.infer_from(df)``).
- :func:`diff_schemas` compares two schemas as an API contract
  (``Model.diff(Other)``): each change is labelled for clients that *write* the
  frame (a request body) and for clients that *read* it (a response); see
  :class:`SchemaDiff` for the rules.

Example:
    >>> from pydantable import DataFrameModel
    >>> class V1(DataFrameModel):
    ...     id: int
    >>> class V2(DataFrameModel):
    ...     id: int
    ...     note: str | None
    >>> V1.diff(V2).is_breaking
    False
"""

from __future__ import annotations

import json
import keyword
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantable import dtypes as dt
from pydantable._dependencies import require
from pydantable.engines.polars import MAP_KEY, MAP_VALUE
from pydantable.engines.polars import polars_schema as _polars_schema
from pydantable.frame.columns import dtype_fits
from pydantable.schema import Column, Constraints, FrameSchema

if TYPE_CHECKING:
    import polars as pl
    import pyarrow

__all__ = [
    "ColumnChange",
    "SchemaDiff",
    "arrow_schema",
    "diff_schemas",
    "infer_model",
    "polars_schema",
]


# -- Polars and Arrow schemas ---------------------------------------------------------


def polars_schema(schema: FrameSchema) -> pl.Schema:
    """The ``polars.Schema`` of the columns' stored dtypes.

    Example:
        >>> from pydantable.schema import column_from_annotation
        >>> polars_schema(FrameSchema([column_from_annotation("x", int | None)]))
        Schema([('x', Int64)])
    """
    return _polars_schema(schema)


def arrow_schema(schema: FrameSchema) -> pyarrow.Schema:
    """The ``pyarrow.Schema`` of ``schema``, nullability included.

    Types are those ``to_arrow()`` produces (``large_string``, ``large_list``,
    ``timestamp[us, tz]``, ``decimal128(p, s)`` ...), except maps, which are
    Arrow ``map<large_string, V>`` (ingest reads them back). Nested nullability
    (list items, struct fields, map values) comes from the annotations.

    Raises:
        MissingOptionalDependency: pyarrow is not installed (extra ``arrow``).

    Example:
        >>> from pydantable.schema import column_from_annotation
        >>> s = arrow_schema(FrameSchema([column_from_annotation("x", int | None)]))
        >>> s.field("x").type, s.field("x").nullable
        (DataType(int64), True)
    """
    pa = require("pyarrow", extra="arrow")
    result: pyarrow.Schema = pa.schema(
        [
            pa.field(c.name, _arrow_type(pa, c.dtype), c.nullable)
            for c in schema.columns()
        ]
    )
    return result


def _arrow_type(pa: Any, dtype: dt.DType) -> Any:
    simple: dict[type[dt.DType], Callable[[], Any]] = {
        dt.Int64: pa.int64,
        dt.Float64: pa.float64,
        dt.Boolean: pa.bool_,
        dt.String: pa.large_string,
        dt.UUID: pa.large_string,
        dt.IPv4: pa.large_string,
        dt.IPv6: pa.large_string,
        dt.Binary: pa.large_binary,
        dt.Date: pa.date32,
    }
    factory = simple.get(type(dtype))
    if factory is not None:
        return factory()
    if isinstance(dtype, dt.Time):
        return pa.time64("ns")  # Polars times are nanoseconds
    if isinstance(dtype, dt.Duration):
        return pa.duration("us")
    if isinstance(dtype, dt.Datetime):
        return pa.timestamp("us", tz=dtype.tz)
    if isinstance(dtype, dt.Decimal):
        return pa.decimal128(dtype.precision, dtype.scale)
    if isinstance(dtype, (dt.Enum, dt.Literal)):
        return _arrow_type(pa, dtype.storage())
    if isinstance(dtype, dt.List):
        inner = pa.field("item", _arrow_type(pa, dtype.inner), dtype.inner_nullable)
        return pa.large_list(inner)
    if isinstance(dtype, dt.Struct):
        return pa.struct(
            [
                pa.field(f.name, _arrow_type(pa, f.dtype), f.nullable)
                for f in dtype.fields
            ]
        )
    if isinstance(dtype, dt.Map):
        return pa.map_(
            pa.field(MAP_KEY, pa.large_string(), False),
            pa.field(MAP_VALUE, _arrow_type(pa, dtype.value), dtype.value_nullable),
        )
    msg = f"no Arrow type for dtype {dtype!r}"  # pragma: no cover - all mapped
    raise TypeError(msg)


# -- model source from a frame --------------------------------------------------------


#: Distinct values at most for a ``Literal`` column with ``literals=True``.
LITERAL_MAX_VALUES = 20


class _Source:
    """Collects the imports and nested classes of generated model code."""

    def __init__(self, literals: bool) -> None:
        self.literals = literals
        self.modules: set[str] = set()  # ``import datetime`` ...
        self.typing: set[str] = set()  # ``from typing import Annotated`` ...
        self.classes: list[str] = []
        self.class_names: set[str] = set()

    def class_name(self, base: str) -> str:
        name, n = base, 2
        while name in self.class_names:
            name, n = f"{base}{n}", n + 1
        self.class_names.add(name)
        return name


def infer_model(
    df: pl.DataFrame, *, name: str = "Inferred", literals: bool = False
) -> str:
    """The source code of a ``DataFrameModel`` class that accepts ``df``.

    Dtypes map to annotations (unsigned and small ints → ``int``, ``Float32`` →
    ``float``, Polars ``Categorical``/``Enum`` → ``str``, structs → nested
    ``pydantic.BaseModel`` classes ...); a column (list item, struct field) is
    ``| None`` when it holds a null. Columns of only nulls become ``str | None``
    with a comment. Integers become ``int`` (64-bit: a ``UInt64`` column above
    ``2**63 - 1`` does not fit). ``Literal`` is not inferred unless ``literals=True``: then
    string columns with at most 20 distinct values become ``Literal[...]`` of
    them (the sample decides, so review the output).

    Raises:
        TypeError: ``df`` is not a ``polars.DataFrame``, or a dtype has no
            column type (``Array``, ``Object`` ...).
        ValueError: ``name`` or a column name is not a Python identifier.

    Example:
        >>> import polars as pl
        >>> print(infer_model(pl.DataFrame({"id": [1, 2], "tag": ["a", None]}), name="Tags"))
        from pydantable import DataFrameModel
        <BLANKLINE>
        <BLANKLINE>
        class Tags(DataFrameModel):
            id: int
            tag: str | None
        <BLANKLINE>
    """
    pl = require("polars", extra="core")
    if not isinstance(df, pl.DataFrame):
        msg = f"infer_model() takes a polars.DataFrame; got {type(df).__name__}"
        raise TypeError(msg)
    _check_identifier(name, "model name")
    source = _Source(literals)
    source.class_names.add(name)
    lines = []
    for column in df.columns:
        _check_identifier(column, "column name")
        series = df.get_column(column)
        annotation, comment = _annotation(source, series, _camel(name, column))
        if series.null_count() and not annotation.endswith("| None"):
            annotation += " | None"
        lines.append(f"    {column}: {annotation}{comment}")
    if not lines:
        lines.append("    pass")
    stdlib = [f"import {m}" for m in sorted(source.modules & _STDLIB)]
    if source.typing:
        stdlib.append(f"from typing import {', '.join(sorted(source.typing))}")
    third = [f"import {m}" for m in sorted(source.modules - _STDLIB)]
    groups = [stdlib, third, ["from pydantable import DataFrameModel"]]
    header = "\n\n".join("\n".join(g) for g in groups if g)
    model = f"class {name}(DataFrameModel):\n" + "\n".join(lines)
    return "\n\n\n".join([header, *source.classes, model]) + "\n"


_STDLIB = frozenset({"datetime", "decimal"})


def _check_identifier(value: str, what: str) -> None:
    if not value.isidentifier() or keyword.iskeyword(value) or value.startswith("_"):
        msg = (
            f"{what} {value!r} is not a public Python identifier: rename it first "
            "(e.g. df.rename(...))"
        )
        raise ValueError(msg)


def _camel(model: str, column: str) -> str:
    return model + "".join(part[:1].upper() + part[1:] for part in column.split("_"))


def _annotation(
    source: _Source, series: pl.Series, nested_name: str
) -> tuple[str, str]:
    """(annotation source, trailing comment) of the values of ``series``."""
    pl = require("polars", extra="core")
    dtype = series.dtype
    if dtype == pl.Null:
        return "str | None", "  # only nulls in the sample: type unknown"
    if dtype.is_integer():
        return "int", ""
    if dtype.is_float():
        return "float", ""
    if dtype == pl.Boolean:
        return "bool", ""
    if dtype in (pl.String, pl.Categorical) or isinstance(dtype, pl.Enum):
        return _string_annotation(source, series), ""
    if dtype == pl.Binary:
        return "bytes", ""
    if dtype == pl.Date:
        source.modules.add("datetime")
        return "datetime.date", ""
    if dtype == pl.Time:
        source.modules.add("datetime")
        return "datetime.time", ""
    if isinstance(dtype, pl.Duration):
        source.modules.add("datetime")
        return "datetime.timedelta", ""
    if isinstance(dtype, pl.Datetime):
        return _datetime_annotation(source, dtype.time_zone), ""
    if isinstance(dtype, pl.Decimal):
        source.modules |= {"decimal", "pydantic"}
        source.typing.add("Annotated")
        fields = f"max_digits={dtype.precision}, decimal_places={dtype.scale}"
        return f"Annotated[decimal.Decimal, pydantic.Field({fields})]", ""
    if isinstance(dtype, pl.List):
        items = series.drop_nulls().explode()
        inner, _ = _annotation(source, items, nested_name + "Item")
        if items.null_count() and not inner.endswith("| None"):
            inner += " | None"
        return f"list[{inner}]", ""
    if isinstance(dtype, pl.Struct):
        return _struct_annotation(source, series, nested_name), ""
    msg = f"column {series.name!r}: no column type for Polars dtype {dtype}"
    raise TypeError(msg)


def _string_annotation(source: _Source, series: pl.Series) -> str:
    values = series.cast(require("polars", extra="core").String).drop_nulls()
    if source.literals and 0 < values.n_unique() <= LITERAL_MAX_VALUES:
        source.typing.add("Literal")
        return f"Literal[{', '.join(_quoted(v) for v in sorted(values.unique()))}]"
    return "str"


def _datetime_annotation(source: _Source, tz: str | None) -> str:
    source.modules.add("datetime")
    if tz is None:
        return "datetime.datetime"
    source.modules.add("annotated_types")
    source.typing.add("Annotated")
    return f"Annotated[datetime.datetime, annotated_types.Timezone({_quoted(tz)})]"


def _quoted(text: str) -> str:
    """``text`` as a double-quoted Python string literal."""
    return json.dumps(text)


def _struct_annotation(source: _Source, series: pl.Series, nested_name: str) -> str:
    class_name = source.class_name(nested_name)
    frame = series.struct.unnest()
    lines = []
    for field in frame.columns:
        _check_identifier(field, f"struct field name ({series.name!r})")
        values = frame.get_column(field)
        annotation, comment = _annotation(source, values, _camel(class_name, field))
        if values.null_count() and not annotation.endswith("| None"):
            annotation += " | None"
        lines.append(f"    {field}: {annotation}{comment}")
    body = "\n".join(lines) if lines else "    pass"
    source.modules.add("pydantic")
    source.classes.append(f"class {class_name}(pydantic.BaseModel):\n{body}")
    return class_name


# -- schema diffs ---------------------------------------------------------------------

ADDITIVE = "additive"
BREAKING = "breaking"

#: How the values a column accepts changed: the same set, more, fewer, or other.
_SAME, _WIDER, _NARROWER, _OTHER = "same", "wider", "narrower", "other"


@dataclass(frozen=True)
class ColumnChange:
    """One column difference between two schemas.

    ``kind`` is ``"added"``, ``"removed"`` or ``"changed"``; ``old``/``new`` are
    the column specs (``"Int64 | None"``, constraints in brackets), ``detail``
    says what changed. ``request`` and ``response`` label the change for clients
    that write the frame and clients that read it (``"additive"`` or
    ``"breaking"``); ``label`` is the verdict for the diff's direction.

    Example:
        >>> from pydantable import DataFrameModel
        >>> class V1(DataFrameModel):
        ...     n: int
        >>> class V2(DataFrameModel):
        ...     n: int | None
        >>> change = V1.diff(V2).changes[0]
        >>> change.detail, change.request, change.response, change.label
        ('made nullable', 'additive', 'breaking', 'breaking')
    """

    column: str
    kind: str
    old: str | None
    new: str | None
    detail: str
    request: str
    response: str
    label: str

    def to_dict(self) -> dict[str, Any]:
        """The change as plain JSON-ready data."""
        return {
            "column": self.column,
            "kind": self.kind,
            "old": self.old,
            "new": self.new,
            "detail": self.detail,
            "request": self.request,
            "response": self.response,
            "label": self.label,
        }


_DIRECTIONS = ("both", "request", "response")


@dataclass(frozen=True)
class SchemaDiff:
    """The column changes from an old schema to a new one, labelled for clients.

    A schema is a contract both ways: clients **write** frames of it (request
    bodies: every value an old client sends must still be accepted, and no new
    input may be demanded) and **read** them (responses: every value an old
    client may receive must be one it already expects). ``direction`` picks
    which clients count: ``"request"``, ``"response"`` or ``"both"`` (the
    default: breaking if it breaks either).

    ============================================  ==========  ==========
    change                                        request     response
    ============================================  ==========  ==========
    column added, nullable or with a default      additive    additive
    column added, required (no default, no null)  breaking    additive
    column removed                                breaking    breaking
    accepts more (wider type, Literal/Enum set    additive    breaking
    grown, bound or length relaxed, made
    nullable, constraint dropped)
    accepts less (narrower type, set shrunk,      breaking    additive
    bound tightened, made non-nullable,
    pattern added)
    accepts other values (int → str, pattern      breaking    breaking
    changed, struct fields changed)
    default removed from a required column        breaking    additive
    default added                                 additive    additive
    ============================================  ==========  ==========

    Widening is additive for writers but breaking for readers (an old reader
    does not expect a null, a float or a new Literal value), so under
    ``"both"`` only new optional columns (and new defaults) are additive.

    Example:
        >>> from typing import Literal
        >>> from pydantable import DataFrameModel
        >>> class V1(DataFrameModel):
        ...     status: Literal["a", "b"]
        >>> class V2(DataFrameModel):
        ...     status: Literal["a", "b", "c"]
        >>> d = V1.diff(V2)
        >>> d.is_breaking, V1.diff(V2, direction="request").is_breaking
        (True, False)
        >>> d.changes[0].response
        'breaking'
    """

    changes: tuple[ColumnChange, ...]
    direction: str = "both"
    old_name: str = "old"
    new_name: str = "new"

    @property
    def is_breaking(self) -> bool:
        """Whether a change breaks clients of the diff's direction."""
        return any(c.label == BREAKING for c in self.changes)

    @property
    def added(self) -> tuple[ColumnChange, ...]:
        """The added columns."""
        return tuple(c for c in self.changes if c.kind == "added")

    @property
    def removed(self) -> tuple[ColumnChange, ...]:
        """The removed columns."""
        return tuple(c for c in self.changes if c.kind == "removed")

    @property
    def changed(self) -> tuple[ColumnChange, ...]:
        """The columns present in both schemas with a different spec."""
        return tuple(c for c in self.changes if c.kind == "changed")

    def __bool__(self) -> bool:
        return bool(self.changes)

    def to_dict(self) -> dict[str, Any]:
        """The diff as plain JSON-ready data."""
        return {
            "old": self.old_name,
            "new": self.new_name,
            "direction": self.direction,
            "is_breaking": self.is_breaking,
            "changes": [c.to_dict() for c in self.changes],
        }

    def __str__(self) -> str:
        head = f"{self.old_name} -> {self.new_name} (direction: {self.direction})"
        if not self.changes:
            return f"{head}: no changes"
        rows = [("column", "change", "label", "request", "response", "detail")]
        rows += [
            (c.column, c.kind, c.label, c.request, c.response, c.detail)
            for c in self.changes
        ]
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
        lines = [head]
        for row in rows:
            cells = [cell.ljust(w) for cell, w in zip(row[:-1], widths, strict=False)]
            lines.append("  ".join([*cells, row[-1]]).rstrip())
        verdict = "BREAKING" if self.is_breaking else "additive only"
        lines.append(f"{len(self.changes)} change(s): {verdict}")
        return "\n".join(lines)


def diff_schemas(
    old: FrameSchema,
    new: FrameSchema,
    *,
    direction: str = "both",
    old_name: str = "old",
    new_name: str = "new",
) -> SchemaDiff:
    """The :class:`SchemaDiff` from ``old`` to ``new`` (columns matched by name;
    a renamed column is a removal plus an addition).

    Raises:
        ValueError: ``direction`` is not ``"both"``, ``"request"`` or ``"response"``.

    Example:
        >>> from pydantable.schema import column_from_annotation as col
        >>> d = diff_schemas(FrameSchema([col("x", int)]), FrameSchema([col("x", float)]))
        >>> [(c.column, c.detail, c.request, c.response) for c in d.changes]
        [('x', 'type Int64 -> Float64', 'additive', 'breaking')]
    """
    if direction not in _DIRECTIONS:
        msg = f"direction must be one of {list(_DIRECTIONS)}; got {direction!r}"
        raise ValueError(msg)
    changes: list[ColumnChange] = []

    def add(
        column: str,
        kind: str,
        old_c: Column | None,
        new_c: Column | None,
        detail: str,
        request: str,
        response: str,
    ) -> None:
        if direction == "request":
            label = request
        elif direction == "response":
            label = response
        else:
            label = BREAKING if BREAKING in (request, response) else ADDITIVE
        changes.append(
            ColumnChange(
                column,
                kind,
                None if old_c is None else _spec(old_c),
                None if new_c is None else _spec(new_c),
                detail,
                request,
                response,
                label,
            )
        )

    for name, gone in old.items():
        if name not in new:
            add(name, "removed", gone, None, "column removed", BREAKING, BREAKING)
    for name, now in new.items():
        was = old.get(name)
        if was is None:
            if _writer_optional(now):
                add(
                    name,
                    "added",
                    None,
                    now,
                    "optional column added",
                    ADDITIVE,
                    ADDITIVE,
                )
            else:
                add(
                    name,
                    "added",
                    None,
                    now,
                    "required column added",
                    BREAKING,
                    ADDITIVE,
                )
            continue
        relation, details = _column_relation(was, now)
        request = BREAKING if relation in (_NARROWER, _OTHER) else ADDITIVE
        response = BREAKING if relation in (_WIDER, _OTHER) else ADDITIVE
        if was.has_default != now.has_default:
            details.append("default added" if now.has_default else "default removed")
        if _writer_optional(was) and not _writer_optional(now):
            request = BREAKING  # old writers may leave it out
        if details:
            add(name, "changed", was, now, "; ".join(details), request, response)
    return SchemaDiff(tuple(changes), direction, old_name, new_name)


def _writer_optional(column: Column) -> bool:
    """Whether a writer may leave the column out (null or default filled in)."""
    return column.nullable or column.has_default


def _spec(column: Column) -> str:
    text = f"{column.dtype!r}{' | None' if column.nullable else ''}"
    bounds = _constraint_text(column.constraints)
    return f"{text} [{bounds}]" if bounds else text


def _constraint_text(c: Constraints) -> str:
    names = (
        "ge",
        "gt",
        "le",
        "lt",
        "multiple_of",
        "min_length",
        "max_length",
        "pattern",
    )
    return ", ".join(
        f"{n}={getattr(c, n)!r}" for n in names if getattr(c, n) is not None
    )


def _combine(*relations: str) -> str:
    kinds = set(relations) - {_SAME}
    if not kinds:
        return _SAME
    if len(kinds) == 1:
        return kinds.pop()
    return _OTHER


def _column_relation(was: Column, now: Column) -> tuple[str, list[str]]:
    """How the value set of ``now`` compares with ``was``'s, and what changed."""
    details: list[str] = []
    relations = [_dtype_relation(was.dtype, now.dtype)]
    if relations[0] != _SAME:
        details.append(f"type {was.dtype!r} -> {now.dtype!r}")
    if was.nullable != now.nullable:
        relations.append(_WIDER if now.nullable else _NARROWER)
        details.append("made nullable" if now.nullable else "made non-nullable")
    for what, relation in _constraint_relations(was.constraints, now.constraints):
        relations.append(relation)
        details.append(what)
    return _combine(*relations), details


def _dtype_relation(old: dt.DType, new: dt.DType) -> str:
    if old == new:
        return _SAME
    if isinstance(old, (dt.Literal, dt.Enum)) and isinstance(
        new, (dt.Literal, dt.Enum)
    ):
        was, now = set(_values(old)), set(_values(new))
        if was == now:
            return _SAME
        if was < now:
            return _WIDER
        return _NARROWER if now < was else _OTHER
    if isinstance(old, dt.List) and isinstance(new, dt.List):
        nulls = _SAME
        if old.inner_nullable != new.inner_nullable:
            nulls = _WIDER if new.inner_nullable else _NARROWER
        return _combine(_dtype_relation(old.inner, new.inner), nulls)
    if isinstance(old, dt.Map) and isinstance(new, dt.Map):
        nulls = _SAME
        if old.value_nullable != new.value_nullable:
            nulls = _WIDER if new.value_nullable else _NARROWER
        return _combine(_dtype_relation(old.value, new.value), nulls)
    if isinstance(old, dt.Struct) and isinstance(new, dt.Struct):
        return _struct_relation(old, new)
    if _fits(old, new):
        return _WIDER
    if _fits(new, old):
        return _NARROWER
    return _OTHER


def _struct_relation(old: dt.Struct, new: dt.Struct) -> str:
    """Structs compare field by field (the nested model classes may differ: an
    old version's copy of a model is the same struct); other field names are
    other values."""
    if [f.name for f in old.fields] != [f.name for f in new.fields]:
        return _OTHER
    relations = []
    for was, now in zip(old.fields, new.fields, strict=True):
        relations.append(_dtype_relation(was.dtype, now.dtype))
        if was.nullable != now.nullable:
            relations.append(_WIDER if now.nullable else _NARROWER)
    return _combine(*relations)


def _values(dtype: dt.Literal | dt.Enum) -> tuple[Any, ...]:
    return dtype.values if isinstance(dtype, dt.Literal) else dtype.values()


def _fits(source: dt.DType, target: dt.DType) -> bool:
    """Whether every value of ``source`` is a value of ``target``."""
    if isinstance(source, dt.Int64) and isinstance(target, (dt.Float64, dt.Decimal)):
        return True
    return dtype_fits(source, target)


def _constraint_relations(was: Constraints, now: Constraints) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    lower = _bound_relation(_lower(was), _lower(now), lower=True)
    upper = _bound_relation(_upper(was), _upper(now), lower=False)
    for side, relation, old_b, new_b in (
        ("lower", lower, _lower(was), _lower(now)),
        ("upper", upper, _upper(was), _upper(now)),
    ):
        if relation != _SAME:
            text = f"{_bound_text(old_b, side)} -> {_bound_text(new_b, side)}"
            found.append((f"{side} bound {text}", relation))
    for name, is_min in (("min_length", True), ("max_length", False)):
        a, b = getattr(was, name), getattr(now, name)
        if a == b:
            continue
        looser = (b is None) if a is None or b is None else (b < a) == is_min
        found.append((f"{name} {a!r} -> {b!r}", _WIDER if looser else _NARROWER))
    for name in ("pattern", "multiple_of"):
        a, b = getattr(was, name), getattr(now, name)
        if a == b:
            continue
        relation = _WIDER if b is None else _NARROWER if a is None else _OTHER
        found.append((f"{name} {a!r} -> {b!r}", relation))
    return found


_Bound = tuple[Any, bool] | None  # (value, inclusive); None: unbounded


def _lower(c: Constraints) -> _Bound:
    return _tighter_of((c.ge, True), (c.gt, False), lower=True)


def _upper(c: Constraints) -> _Bound:
    return _tighter_of((c.le, True), (c.lt, False), lower=False)


def _tighter_of(*bounds: tuple[Any, bool], lower: bool) -> _Bound:
    present = [b for b in bounds if b[0] is not None]
    if not present:
        return None
    best = present[0]
    for b in present[1:]:
        if _bound_relation(best, b, lower=lower) == _NARROWER:
            best = b
    return best


def _bound_relation(old: _Bound, new: _Bound, *, lower: bool) -> str:
    if old == new:
        return _SAME
    if new is None:
        return _WIDER
    if old is None:
        return _NARROWER
    (a, _), (b, b_inclusive) = old, new
    try:
        if a == b:
            return _WIDER if b_inclusive else _NARROWER
        looser = b < a if lower else b > a
    except TypeError:  # bounds of different types: not comparable
        return _OTHER
    return _WIDER if looser else _NARROWER


def _bound_text(bound: _Bound, side: str) -> str:
    if bound is None:
        return "none"
    value, inclusive = bound
    op = (
        (">=" if inclusive else ">")
        if side == "lower"
        else ("<=" if inclusive else "<")
    )
    return f"{op}{value!r}"
